import type { EntityManager } from "typeorm";
import { PartnershipRole } from "../../entities/partnership";
import { PledgeStatus } from "../../entities/pledge";
import { ProjectCategory, ProjectStatus } from "../../entities/project";
import { NeedCategory, NeedStatus, Urgency } from "../../entities/resource-need";

/*
 * 90 days of past collaboration, so dashboards and indicators show something on first start: projects
 * run and completed, needs filled or expired, pledges declined, withdrawn and delivered on time or late.
 * Drawn from a fixed seed, with dates relative to the moment of loading: the same story every time.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const organization = (n: number) => `c0900000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const project = (n: number) => `c0920000-0000-4000-8000-${String(1000 + n).padStart(12, "0")}`;
const need = (n: number) => `c0930000-0000-4000-8000-${String(1000 + n).padStart(12, "0")}`;
const pledge = (n: number) => `c0940000-0000-4000-8000-${String(1000 + n).padStart(12, "0")}`;

type NeedTemplate = [title: string, category: NeedCategory, unit: string, quantity: number];
interface ProjectTemplate {
  title: string;
  summary: string;
  category: ProjectCategory;
  areaCode: string;
  lead: number;
  partners: number[];
  needs: NeedTemplate[];
}

/** Organisations of the registry demo that offer: party branches, clinics, NGOs, the enterprise, teams, the property company. */
const PLEDGERS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17];

const PROJECTS: ProjectTemplate[] = [
  { title: "夏季高溫送清涼", summary: "為戶外勞動者和獨居長者送防暑物資。", category: ProjectCategory.ELDERLY_CARE, areaCode: "510107021001", lead: 2, partners: [6, 15],
    needs: [["防暑藥品包", NeedCategory.MEDICAL_SUPPLIES, "份", 200], ["綠豆湯配送志願者", NeedCategory.VOLUNTEERS, "人", 12], ["冷飲", NeedCategory.FOOD, "箱", 60]] },
  { title: "舊衣物回收再利用", summary: "在各小區設點回收舊衣，整理後捐給困難家庭。", category: ProjectCategory.ENVIRONMENT, areaCode: "510107021002", lead: 11, partners: [5, 17],
    needs: [["回收箱", NeedCategory.MATERIALS, "個", 10], ["分揀志願者", NeedCategory.VOLUNTEERS, "人", 15], ["運輸車輛", NeedCategory.TRANSPORT, "車次", 6]] },
  { title: "開學季助學", summary: "為低保家庭學生籌集文具和書包，開學前送到家。", category: ProjectCategory.CHILDREN_AND_YOUTH, areaCode: "510107021", lead: 10, partners: [16, 12],
    needs: [["書包文具套裝", NeedCategory.MATERIALS, "套", 120], ["助學金", NeedCategory.FUNDS, "元", 30000], ["課業輔導志願者", NeedCategory.VOLUNTEERS, "人", 10]] },
  { title: "樓道清理週", summary: "清理樓道堆放雜物，消除消防隱患。", category: ProjectCategory.NEIGHBOURHOOD_SAFETY, areaCode: "510107021001", lead: 2, partners: [3, 17],
    needs: [["清運車輛", NeedCategory.TRANSPORT, "車次", 8], ["清理志願者", NeedCategory.VOLUNTEERS, "人", 30], ["滅火器", NeedCategory.MATERIALS, "具", 40]] },
  { title: "中秋鄰里宴", summary: "中秋節前在廣場辦百家宴，請獨居長者和新住戶同席。", category: ProjectCategory.CULTURE, areaCode: "510107021003", lead: 18, partners: [6, 13],
    needs: [["月餅", NeedCategory.FOOD, "盒", 150], ["桌椅", NeedCategory.VENUE, "套", 25], ["現場服務志願者", NeedCategory.VOLUNTEERS, "人", 20]] },
  { title: "秋季流感疫苗接種", summary: "為六十歲以上居民集中接種流感疫苗。", category: ProjectCategory.HEALTH, areaCode: "510107021001", lead: 7, partners: [8, 6],
    needs: [["接種護士", NeedCategory.MEDICAL_STAFF, "人", 6], ["登記引導志願者", NeedCategory.VOLUNTEERS, "人", 10], ["留觀場地", NeedCategory.VENUE, "間", 2]] },
  { title: "就業技能夜校", summary: "面向失業和靈活就業居民的電工、家政和直播技能培訓。", category: ProjectCategory.EMPLOYMENT, areaCode: "510107022001", lead: 1, partners: [12, 10],
    needs: [["培訓教室", NeedCategory.VENUE, "間", 2], ["實操器材", NeedCategory.MATERIALS, "套", 20], ["培訓講師", NeedCategory.OTHER, "人", 4]] },
  { title: "雨季排水溝疏通", summary: "雨季前疏通老舊小區排水溝和雨水井。", category: ProjectCategory.EMERGENCY, areaCode: "510107021002", lead: 1, partners: [17, 12, 15],
    needs: [["疏通機具", NeedCategory.MATERIALS, "台", 5], ["疏通工人", NeedCategory.VOLUNTEERS, "人", 16], ["防水雨衣", NeedCategory.MATERIALS, "件", 60]] },
  { title: "長者助餐點試運行", summary: "試辦長者食堂，為行動不便長者送餐上門。", category: ProjectCategory.ELDERLY_CARE, areaCode: "510107021003", lead: 6, partners: [10, 4],
    needs: [["餐具消毒櫃", NeedCategory.MATERIALS, "台", 2], ["送餐志願者", NeedCategory.VOLUNTEERS, "人", 14], ["米麵糧油", NeedCategory.FOOD, "公斤", 500]] },
  { title: "垃圾分類督導", summary: "早晚高峰在投放點督導分類，一個月後評估成效。", category: ProjectCategory.ENVIRONMENT, areaCode: "510107022001", lead: 11, partners: [16, 17],
    needs: [["督導志願者", NeedCategory.VOLUNTEERS, "人", 24], ["分類宣傳單", NeedCategory.MATERIALS, "份", 2000], ["督導馬甲", NeedCategory.MATERIALS, "件", 30]] },
  { title: "兒童暑期托管", summary: "為雙職工家庭子女提供暑期日間托管和閱讀活動。", category: ProjectCategory.CHILDREN_AND_YOUTH, areaCode: "510107021002", lead: 5, partners: [16, 18],
    needs: [["托管老師", NeedCategory.VOLUNTEERS, "人", 8], ["繪本", NeedCategory.MATERIALS, "冊", 300], ["午餐補貼", NeedCategory.FUNDS, "元", 12000]] },
  { title: "電動車充電樁安全排查", summary: "排查飛線充電和樓道停車，協調增設充電樁。", category: ProjectCategory.NEIGHBOURHOOD_SAFETY, areaCode: "510107021", lead: 1, partners: [17, 3, 12],
    needs: [["排查人員", NeedCategory.VOLUNTEERS, "人", 12], ["充電樁", NeedCategory.MATERIALS, "個", 20], ["電工", NeedCategory.OTHER, "人", 3]] },
];

/** mulberry32: small, fast and the same on every platform. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const DEMO_HISTORY_PROJECT_IDS = PROJECTS.map((_, index) => project(index + 1));

/** Writes the history; the demo's projects are removed first (see removeDemoProjects), these with them. */
export async function insertDemoHistory(manager: EntityManager, now = Date.now()): Promise<{ projects: number; needs: number; pledges: number; deliveries: number }> {
  const draw = random(20260901);
  const between = (low: number, high: number) => low + draw() * (high - low);
  const pick = <T>(items: T[]) => items[Math.floor(draw() * items.length)];
  const counts = { projects: 0, needs: 0, pledges: 0, deliveries: 0 };
  const run = (sql: string, values: unknown[]) => manager.query(sql, values);

  for (const [index, template] of PROJECTS.entries()) {
    // Started 88 days ago for the first, a week later for each next; each runs two to four weeks.
    const startsAt = now - (88 - index * 7) * DAY + between(0, 12) * HOUR;
    const endsAt = startsAt + Math.round(between(14, 28)) * DAY;
    const completed = endsAt < now - DAY;
    const id = project(index + 1);
    await run(
      `INSERT INTO project (id, title, summary, category, status, area_code, lead_organization_id, starts_on, ends_on, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::timestamptz::date, $9::timestamptz::date, $10, $11)`,
      [id, template.title, template.summary, template.category, completed ? ProjectStatus.COMPLETED : ProjectStatus.ACTIVE, template.areaCode,
        organization(template.lead), new Date(startsAt), new Date(endsAt), new Date(startsAt - 3 * DAY), new Date(Math.min(endsAt, now))],
    );
    for (const [organizationId, role] of [[template.lead, PartnershipRole.LEAD], ...template.partners.map((n) => [n, PartnershipRole.PARTNER] as const)] as const) {
      await run(`INSERT INTO partnership (project_id, organization_id, role, status, created_at, updated_at) VALUES ($1, $2, $3, 'ACTIVE', $4, $4)`,
        [id, organization(organizationId), role, new Date(startsAt - 2 * DAY)]);
    }
    counts.projects += 1;

    for (const [title, category, unit, quantity] of template.needs) {
      const n = ++counts.needs;
      const postedAt = startsAt + between(0, 10) * DAY;
      if (postedAt > now - 6 * HOUR) continue;
      const neededBy = postedAt + between(3, 8) * DAY;
      // Most needs are filled; some expire with nobody able to fill them, half-filled or not at all.
      const expires = draw() < 0.2 && neededBy < now;
      const offers = expires ? (draw() < 0.5 ? 0 : 1) : 1 + Math.floor(draw() * 3);
      const posterId = organization(pick([template.lead, ...template.partners]));
      const urgency = pick([Urgency.NORMAL, Urgency.HIGH, Urgency.HIGH, Urgency.CRITICAL, Urgency.LOW]);
      // Written open first: pledges and deliveries take their area from it; its figures follow them.
      await run(
        `INSERT INTO resource_need (id, project_id, posted_by_organization_id, category, title, quantity, unit, urgency, needed_by, area_code, remaining_quantity, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $6, $11, $11)`,
        [need(n), id, posterId, category, title, quantity, unit, urgency, new Date(neededBy), template.areaCode, new Date(postedAt)],
      );
      const figures = { pledged: 0, accepted: 0, delivered: 0, lastAcceptance: 0, lastDelivery: 0 };
      const pledgers = [...PLEDGERS].filter((p) => p !== template.lead).sort(() => draw() - 0.5).slice(0, offers + 1);
      for (const [offer, pledger] of pledgers.entries()) {
        const p = ++counts.pledges;
        const offeredAt = postedAt + between(1, 30) * HOUR;
        const acceptedAt = offeredAt + between(1, 12) * HOUR;
        // An extra offer beyond what is needed: declined by the poster, or withdrawn by the offerer.
        if (offer === offers) {
          const status = draw() < 0.5 ? PledgeStatus.DECLINED : PledgeStatus.WITHDRAWN;
          await run(`INSERT INTO pledge (id, need_id, organization_id, quantity, status, response_reason, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [pledge(p), need(n), organization(pledger), Math.max(1, Math.round(quantity / 4)), status, status === PledgeStatus.DECLINED ? "已由其他單位承擔" : null, new Date(Math.min(offeredAt, now)), new Date(Math.min(acceptedAt, now))]);
          continue;
        }
        // An expiring need found one offer for half of it at most.
        const share = expires ? Math.max(1, Math.floor(quantity / 2)) : offer === offers - 1 ? quantity - figures.pledged : Math.round((quantity / offers) * 100) / 100;
        figures.pledged += share;
        if (acceptedAt > now) {
          await run(`INSERT INTO pledge (id, need_id, organization_id, quantity, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`, [pledge(p), need(n), organization(pledger), share, new Date(Math.min(offeredAt, now))]);
          continue;
        }
        const expectedDelivery = acceptedAt + between(1, 3) * DAY;
        // A quarter of deliveries come late: after the promised time.
        const deliveredAt = draw() < 0.75 ? acceptedAt + between(0.2, 0.9) * (expectedDelivery - acceptedAt) : expectedDelivery + between(6, 48) * HOUR;
        const delivers = !expires && deliveredAt < now;
        const deliveredQuantity = delivers ? share : expires && draw() < 0.5 ? Math.floor(share / 2) : 0;
        await run(
          `INSERT INTO pledge (id, need_id, organization_id, quantity, accepted_quantity, delivered_quantity, status, expected_delivery, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9)`,
          [pledge(p), need(n), organization(pledger), share, deliveredQuantity, delivers ? PledgeStatus.DELIVERED : PledgeStatus.ACCEPTED, new Date(expectedDelivery), new Date(offeredAt), new Date(delivers ? deliveredAt : acceptedAt)],
        );
        figures.accepted += share;
        figures.lastAcceptance = Math.max(figures.lastAcceptance, acceptedAt);
        if (deliveredQuantity > 0) {
          const at = delivers ? deliveredAt : Math.min(deliveredAt, neededBy - HOUR);
          await run(`INSERT INTO delivery (pledge_id, quantity, recorded_by_organization_id, delivered_at) VALUES ($1, $2, $3, $4)`, [pledge(p), deliveredQuantity, organization(pledger), new Date(at)]);
          figures.delivered += deliveredQuantity;
          figures.lastDelivery = Math.max(figures.lastDelivery, at);
          counts.deliveries += 1;
        }
      }
      const changes: [NeedStatus | null, NeedStatus, number][] = [[null, NeedStatus.OPEN, postedAt]];
      if (figures.accepted >= quantity) changes.push([NeedStatus.OPEN, NeedStatus.FULLY_PLEDGED, figures.lastAcceptance]);
      else if (figures.accepted > 0) changes.push([NeedStatus.OPEN, NeedStatus.PARTIALLY_PLEDGED, figures.lastAcceptance]);
      if (figures.delivered >= quantity) changes.push([changes.at(-1)![1], NeedStatus.FULFILLED, figures.lastDelivery]);
      if (expires) changes.push([changes.at(-1)![1], NeedStatus.EXPIRED, neededBy]);
      const [, status, changedAt] = changes.at(-1)!;
      await run(
        `UPDATE resource_need SET status = $2, pledged_quantity = $3, accepted_quantity = $4, delivered_quantity = $5, remaining_quantity = $6, updated_at = $7 WHERE id = $1`,
        [need(n), status, figures.pledged, figures.accepted, figures.delivered, Math.max(0, quantity - figures.accepted), new Date(changedAt)],
      );
      // The trigger on this history sets when the need was first fully pledged and fulfilled.
      for (const [from, to, at] of changes) {
        await run(`INSERT INTO resource_need_status_change (need_id, from_status, to_status, reason, changed_at) VALUES ($1, $2, $3, $4, $5)`,
          [need(n), from, to, to === NeedStatus.EXPIRED ? "expired" : from === null ? "posted" : "demo history", new Date(at)]);
      }
    }
  }
  return counts;
}
