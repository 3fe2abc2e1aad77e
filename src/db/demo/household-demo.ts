import { EntityManager } from "typeorm";
import { demoPersonId } from "./people-demo";

/*
 * 青杠林社區黨群服務中心's register of key households (重點人群走訪): an elderly woman living alone, a resident in a
 * wheelchair and a low-income family, with visits made and planned (the family's overdue); and the leaking-lift request
 * (demo request 7) referred to the community's people's mediation committee. Fixed ids, so a reload writes the same rows.
 */
const id = (group: number, n: number) => `c0b${group}0000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const SERVICE_CENTER = "c0900000-0000-4000-8000-000000000006";
const JINHUA_PROPERTY = "c0900000-0000-4000-8000-000000000017";
const LIFT_REQUEST = "c0990000-0000-4000-8000-000000000007";
/** 青杠林社區人民調解委員會, of the registry's demo organisations (registry-demo.ts). */
const MEDIATION_COMMITTEE = "c0900000-0000-4000-8000-000000000020";
const LIFT_CASE = id(3, 2);
const QGL = "510107021001";
const DAY_MS = 86_400_000;

/** Visits: days ago it was made (null: planned), days from today it is due (negative: overdue), visitors, findings and follow-up. */
interface DemoVisit {
  n: number;
  madeDaysAgo: number | null;
  dueInDays: number | null;
  visitors: number[];
  findings?: string;
  followUp?: string;
}

const DEMO_HOUSEHOLDS: { n: number; code: string; areaCode: string; groups: string[]; needs: string; visitEveryDays: number; members: number[]; visits: DemoVisit[] }[] = [
  {
    n: 1, code: "QGL-001", areaCode: `${QGL}001`, groups: ["ELDERLY"], needs: "八十二歲獨居，子女在外地；需要每週送餐，陪同到衛生站覆診。", visitEveryDays: 7, members: [],
    visits: [
      { n: 11, madeDaysAgo: 8, dueInDays: null, visitors: [2], findings: "精神不錯，冰箱裡菜不多。", followUp: "聯繫老年助餐每週三送餐。" },
      { n: 12, madeDaysAgo: 1, dueInDays: null, visitors: [2, 12], findings: "助餐已送到，血壓偏高。", followUp: "請衛生站下次上門量血壓。" },
      { n: 13, madeDaysAgo: null, dueInDays: 6, visitors: [] },
    ],
  },
  {
    n: 2, code: "QGL-002", areaCode: `${QGL}004`, groups: ["DISABLED", "ELDERLY"], needs: "下肢殘疾，輪椅出行；暴雨時需要協助轉移到安置點。", visitEveryDays: 14, members: [26],
    visits: [
      { n: 21, madeDaysAgo: 10, dueInDays: null, visitors: [12], findings: "輪椅剎車鬆動，已登記殘疾人康復器材維修。", followUp: "兩週內回訪輪椅維修情況。" },
      { n: 22, madeDaysAgo: null, dueInDays: 4, visitors: [] },
    ],
  },
  {
    n: 3, code: "QGL-003", areaCode: `${QGL}002`, groups: ["LOW_INCOME", "CHILDREN"], needs: "低保家庭，兩個孩子上小學；需要課後託管和助學資訊。", visitEveryDays: 30, members: [],
    visits: [
      { n: 31, madeDaysAgo: 35, dueInDays: null, visitors: [3], findings: "孩子放學後無人照看。", followUp: "介紹社區四點半課堂。" },
      { n: 32, madeDaysAgo: null, dueInDays: -5, visitors: [] },
    ],
  },
];

/** Writes the demo households, visits and the referral; runs after the requests and people are written. */
export async function upsertDemoHouseholds(manager: EntityManager, now = new Date()): Promise<void> {
  const householdIds = DEMO_HOUSEHOLDS.map((household) => id(1, household.n));
  await manager.query(`DELETE FROM household_visit WHERE household_id = ANY($1::uuid[])`, [householdIds]);
  await manager.query(`DELETE FROM key_household_member WHERE household_id = ANY($1::uuid[])`, [householdIds]);
  const today = new Date(`${new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(now)}T00:00:00Z`);
  for (const { n, members, visits, ...household } of DEMO_HOUSEHOLDS) {
    await manager.query(
      `INSERT INTO key_household (id, organization_id, code, area_code, groups, needs, visit_every_days) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, area_code = EXCLUDED.area_code, groups = EXCLUDED.groups, needs = EXCLUDED.needs, visit_every_days = EXCLUDED.visit_every_days`,
      [id(1, n), SERVICE_CENTER, household.code, household.areaCode, household.groups, household.needs, household.visitEveryDays],
    );
    for (const member of members) await manager.query(`INSERT INTO key_household_member (household_id, person_id) VALUES ($1, $2)`, [id(1, n), demoPersonId(member)]);
    for (const visit of visits) {
      const dueOn = visit.dueInDays === null ? null : new Date(today.getTime() + visit.dueInDays * DAY_MS).toISOString().slice(0, 10);
      const visitedAt = visit.madeDaysAgo === null ? null : new Date(now.getTime() - visit.madeDaysAgo * DAY_MS);
      await manager.query(
        `INSERT INTO household_visit (id, household_id, organization_id, due_on, visited_at, visitor_person_ids, findings, follow_up, created_at)
         VALUES ($1, $2, $3, $4, $5, $6::uuid[], $7, $8, $9)`,
        [id(2, visit.n), id(1, n), SERVICE_CENTER, dueOn, visitedAt, visit.visitors.map(demoPersonId), visit.findings ?? null, visit.followUp ?? null, visitedAt ?? now],
      );
    }
  }
  await upsertDemoReferral(manager, now);
}

/** The leaking-lift request referred to the community's people's mediation committee, against the property company. */
async function upsertDemoReferral(manager: EntityManager, now: Date): Promise<void> {
  await manager.query(`DELETE FROM request_mediation_referral WHERE request_id = $1`, [LIFT_REQUEST]);
  await manager.query(`DELETE FROM resident_request_step WHERE request_id = $1 AND kind = 'REFERRED'`, [LIFT_REQUEST]);
  // What anyone did with the demo case since the last load goes with it.
  for (const table of ["mediation_party_act", "mediation_session", "mediation_assignment", "mediation_party"]) await manager.query(`DELETE FROM ${table} WHERE case_id = $1`, [LIFT_CASE]);
  await manager.query(`DELETE FROM mediation_case WHERE id = $1`, [LIFT_CASE]);
  const referredAt = new Date(now.getTime() - 2 * 3_600_000);
  await manager.query(
    `INSERT INTO mediation_case (id, committee_id, category, summary, area_code, status, applied_at) VALUES ($1, $2, 'PROPERTY_MANAGEMENT', '電梯修好後第二天又停了。', $3, 'APPLIED', $4)`,
    [LIFT_CASE, MEDIATION_COMMITTEE, `${QGL}002`, referredAt],
  );
  // The requester did not consent to the committee: the property company is the only party so far.
  await manager.query(`INSERT INTO mediation_party (id, case_id, role, organization_id) VALUES ($1, $2, 'RESPONDENT', $3)`, [id(3, 3), LIFT_CASE, JINHUA_PROPERTY]);
  await manager.query(`INSERT INTO request_mediation_referral (request_id, case_id, committee_id, referred_at) VALUES ($1, $2, $3, $4)`, [LIFT_REQUEST, LIFT_CASE, MEDIATION_COMMITTEE, referredAt]);
  await manager.query(
    `INSERT INTO resident_request_step (id, request_id, kind, from_status, to_status, handling_organization_id, organization_id, reason, occurred_at)
     SELECT $1, id, 'REFERRED', status, status, handling_organization_id, handling_organization_id, '轉介青杠林社區人民調解委員會', $2 FROM resident_request WHERE id = $3`,
    [id(3, 4), referredAt, LIFT_REQUEST],
  );
}
