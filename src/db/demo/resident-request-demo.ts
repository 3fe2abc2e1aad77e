import { EntityManager, In } from "typeorm";
import { RequestRoutingRule } from "../../entities/community/request-routing-rule";
import { ContactChannel, RequestCategory, RequestStatus, ResidentRequest } from "../../entities/community/resident-request";
import { RequestStepKind, ResidentRequestStep } from "../../entities/community/resident-request-step";
import { Urgency } from "../../entities/resource-need";
import { demoPersonId } from "./people-demo";
import { DEMO_ORGANIZATIONS } from "./registry-demo";

const organizationId = (slug: string) => DEMO_ORGANIZATIONS.find((organization) => organization.slug === slug)!.id;
const demoRuleId = (n: number) => `c0980000-0000-4000-8000-${String(n).padStart(12, "0")}`;
export const demoRequestId = (n: number) => `c0990000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const demoStepId = (request: number, n: number) => `c09a0000-0000-4000-8000-${String(request * 100 + n).padStart(12, "0")}`;

const QGL = "510107021001";
const COMMITTEE = "qinggang-lin-party-committee";
const CENTRE = "qinggang-lin-service-center";

/** Lines of the routing table the community and the street keep. */
export const DEMO_ROUTING_RULES: { n: number; areaPrefix: string; category: RequestCategory; to: string; keptBy: string }[] = [
  { n: 1, areaPrefix: QGL, category: RequestCategory.MEDICAL, to: "qinggang-lin-health-station", keptBy: COMMITTEE },
  { n: 2, areaPrefix: "510107021", category: RequestCategory.LEGAL_AID, to: "wuhou-legal-aid-qinggang", keptBy: "qinggang-street-office" },
  { n: 3, areaPrefix: "510107021002", category: RequestCategory.NEIGHBOURHOOD_DISPUTE, to: "jinyuan-party-branch", keptBy: "qinggang-street-office" },
];

interface DemoRequest {
  n: number;
  category: RequestCategory;
  description: string;
  areaCode: string;
  place: string;
  urgency: Urgency;
  /** A demo person (by number), or an anonymous requester with a phone. */
  requester: number | null;
  handler: string;
  /** The steps after filing, oldest first, each with its reason. */
  steps: [RequestStatus, string | null][];
  hoursAgo: number;
  /** Who had it before it was transferred to `handler`. */
  transferredFrom?: string;
  /** Past its time limit and escalated to the street. */
  escalated?: true;
}

const { ACCEPTED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED, REJECTED, REOPENED, TRANSFERRED } = RequestStatus;

/**
 * Twenty requests of the essay's kind, one or more in every state: leaking roofs, noise disputes, meals for elderly residents, one
 * escalated for not being accepted in time and one for not being resolved in time.
 */
export const DEMO_REQUESTS: DemoRequest[] = [
  { n: 1, category: RequestCategory.INFRASTRUCTURE, description: "3棟頂樓漏水，下雨天滴到客廳。", areaCode: `${QGL}002`, place: "3棟2單元頂樓", urgency: Urgency.HIGH, requester: 14, handler: COMMITTEE, steps: [], hoursAgo: 2 },
  { n: 2, category: RequestCategory.ENVIRONMENT, description: "晚上十一點後樓下燒烤攤噪音太大，孩子睡不著。", areaCode: `${QGL}003`, place: "青杠林路與桂溪路路口", urgency: Urgency.NORMAL, requester: null, handler: COMMITTEE, steps: [[ACCEPTED, null]], hoursAgo: 20 },
  { n: 3, category: RequestCategory.ELDER_CARE, description: "樓上獨居的謝大爺腿腳不便，需要每天送午餐。", areaCode: `${QGL}004`, place: "8棟1單元", urgency: Urgency.HIGH, requester: 26, handler: COMMITTEE, steps: [[ACCEPTED, null], [ASSIGNED, "黨員志願服務隊就近送餐"], [IN_PROGRESS, null]], hoursAgo: 50 },
  { n: 4, category: RequestCategory.MEDICAL, description: "希望衛生站上門為臥床老人量血壓。", areaCode: `${QGL}001`, place: "1棟3樓", urgency: Urgency.NORMAL, requester: 5, handler: "qinggang-lin-health-station", steps: [[ACCEPTED, null], [IN_PROGRESS, null], [RESOLVED, "每週二上門一次"]], hoursAgo: 96 },
  { n: 5, category: RequestCategory.SAFETY, description: "小區東門路燈壞了一個月，晚上很黑。", areaCode: `${QGL}002`, place: "東門", urgency: Urgency.NORMAL, requester: 2, handler: COMMITTEE, steps: [[ACCEPTED, null], [IN_PROGRESS, null], [RESOLVED, "已換燈泡"], [CLOSED, null]], hoursAgo: 200 },
  { n: 6, category: RequestCategory.LEGAL_AID, description: "想諮詢拖欠工資怎麼維權。", areaCode: `${QGL}001`, place: "黨群服務中心", urgency: Urgency.LOW, requester: 1, handler: "wuhou-legal-aid-qinggang", steps: [[REJECTED, "已轉勞動監察大隊，請攜帶合同前往"]], hoursAgo: 30 },
  { n: 7, category: RequestCategory.PROPERTY_MANAGEMENT, description: "電梯修好後第二天又停了。", areaCode: `${QGL}002`, place: "5棟電梯", urgency: Urgency.HIGH, requester: 8, handler: COMMITTEE, steps: [[ACCEPTED, null], [IN_PROGRESS, null], [RESOLVED, "物業已更換控制板"], [REOPENED, "第二天又停了"]], hoursAgo: 120 },
  { n: 9, category: RequestCategory.ENVIRONMENT, description: "垃圾站周邊氣味大，希望增加清運次數。", areaCode: `${QGL}001`, place: "1號垃圾站", urgency: Urgency.LOW, requester: 11, handler: COMMITTEE, steps: [[ACCEPTED, null], [ASSIGNED, "綠芽環保志願者協助巡查"]], hoursAgo: 26 },
  { n: 10, category: RequestCategory.PROPERTY_MANAGEMENT, description: "地下車庫積水，車輛進出困難。", areaCode: `${QGL}003`, place: "地下車庫B區", urgency: Urgency.HIGH, requester: null, handler: "jinhua-property", transferredFrom: COMMITTEE, steps: [[TRANSFERRED, "車庫排水歸物業公司維修"]], hoursAgo: 5 },
  { n: 8, category: RequestCategory.NEIGHBOURHOOD_DISPUTE, description: "樓上裝修佔用樓道堆放建材，協商不成。", areaCode: "510107021002001", place: "錦苑2棟", urgency: Urgency.NORMAL, requester: null, handler: "jinyuan-party-branch", steps: [], hoursAgo: 30, escalated: true },
  { n: 11, category: RequestCategory.ELDER_CARE, description: "85歲的劉奶奶獨居，腿腳不便，希望長者食堂每天送午餐上門。", areaCode: `${QGL}001`, place: "2棟4樓", urgency: Urgency.HIGH, requester: 11, handler: CENTRE, steps: [[ACCEPTED, null], [ASSIGNED, "黨員志願服務隊每日送餐"], [IN_PROGRESS, null], [RESOLVED, "已納入老年助餐送餐名單"], [CLOSED, null]], hoursAgo: 300 },
  { n: 12, category: RequestCategory.NEIGHBOURHOOD_DISPUTE, description: "樓上住戶每晚十點後跳繩、拖動傢俱，噪音影響老人休息。", areaCode: "510107021002002", place: "錦苑5棟3單元", urgency: Urgency.NORMAL, requester: 7, handler: "jinyuan-party-branch", steps: [[ACCEPTED, null], [IN_PROGRESS, null], [RESOLVED, "網格員上門調解，雙方約定晚十點後不再跳繩"]], hoursAgo: 150 },
  { n: 13, category: RequestCategory.PROPERTY_MANAGEMENT, description: "樓上衛生間漏水，我家天花板發霉掉皮。", areaCode: `${QGL}002`, place: "6棟1單元301", urgency: Urgency.HIGH, requester: 8, handler: COMMITTEE, steps: [[ACCEPTED, null], [IN_PROGRESS, null], [RESOLVED, "協調物業重做樓上防水"], [CLOSED, null]], hoursAgo: 260 },
  { n: 14, category: RequestCategory.INFRASTRUCTURE, description: "小區南門人行道地磚鬆動，老人差點絆倒。", areaCode: `${QGL}003`, place: "南門人行道", urgency: Urgency.NORMAL, requester: 9, handler: COMMITTEE, steps: [[ACCEPTED, null]], hoursAgo: 40 },
  { n: 15, category: RequestCategory.SAFETY, description: "有人把電動車推進樓道充電，擔心起火。", areaCode: `${QGL}004`, place: "9棟樓道", urgency: Urgency.HIGH, requester: 6, handler: COMMITTEE, steps: [[ACCEPTED, null], [IN_PROGRESS, null], [RESOLVED, "已勸離並在樓下增設充電樁"]], hoursAgo: 80 },
  { n: 16, category: RequestCategory.DISABILITY_SUPPORT, description: "單元門口的輪椅坡道經常被自行車佔用，坐輪椅進不了門。", areaCode: `${QGL}001`, place: "4棟單元門口", urgency: Urgency.NORMAL, requester: null, handler: COMMITTEE, steps: [], hoursAgo: 3 },
  { n: 17, category: RequestCategory.EMPLOYMENT, description: "失業半年，想報名街道的技能培訓。", areaCode: "510107021002003", place: "錦苑8棟", urgency: Urgency.LOW, requester: 13, handler: "qinggang-street-office", steps: [[ACCEPTED, null], [IN_PROGRESS, "已推薦本月15日就業服務日"]], hoursAgo: 70 },
  { n: 18, category: RequestCategory.PSYCHOLOGICAL_SUPPORT, description: "對門獨居的老人最近很少出門，情緒低落，希望有人上門聊聊。", areaCode: `${QGL}003`, place: "7棟2單元", urgency: Urgency.NORMAL, requester: 1, handler: COMMITTEE, steps: [[ACCEPTED, null], [ASSIGNED, "黨員志願服務隊結對陪伴"]], hoursAgo: 45 },
  { n: 19, category: RequestCategory.ENVIRONMENT, description: "綠化帶裡堆了裝修垃圾，半個月沒人清。", areaCode: `${QGL}004`, place: "10棟旁綠化帶", urgency: Urgency.NORMAL, requester: 14, handler: COMMITTEE, steps: [[ACCEPTED, null]], hoursAgo: 240, escalated: true },
  { n: 20, category: RequestCategory.CULTURAL, description: "希望文化活動站週末晚上多開一個小時，方便上班族。", areaCode: `${QGL}003`, place: "社區文化活動站", urgency: Urgency.LOW, requester: null, handler: COMMITTEE, steps: [[ACCEPTED, null], [IN_PROGRESS, null], [RESOLVED, "週六延長至晚上九點半"], [CLOSED, null]], hoursAgo: 400 },
];

const HOUR_MS = 3_600_000;

/** Writes the demo routing rules and requests with their histories (fixed ids, so a reload writes the same rows). */
export async function upsertDemoRequests(manager: EntityManager, now = new Date()): Promise<void> {
  for (const { n, to, keptBy, ...rule } of DEMO_ROUTING_RULES) {
    await manager.upsert(RequestRoutingRule, { ...rule, id: demoRuleId(n), organizationId: organizationId(to), keptByOrganizationId: organizationId(keptBy) }, ["id"]);
  }
  const ids = DEMO_REQUESTS.map((request) => demoRequestId(request.n));
  await manager.delete(ResidentRequestStep, { requestId: In(ids) });
  for (const { n, requester, handler, steps, hoursAgo, escalated, transferredFrom, ...fields } of DEMO_REQUESTS) {
    const filedAt = new Date(now.getTime() - hoursAgo * HOUR_MS);
    const at = (step: number) => new Date(filedAt.getTime() + step * HOUR_MS);
    const status = steps.at(-1)?.[0] ?? RequestStatus.SUBMITTED;
    const acceptedAt = steps.findIndex(([step]) => step === ACCEPTED);
    const resolvedAt = steps.map(([step]) => step).lastIndexOf(RESOLVED);
    const open = [ACCEPTED, ASSIGNED, IN_PROGRESS, REOPENED].includes(status);
    // Not accepted within 24 hours, or (accepted) not resolved within the days its category has: here 7.
    const overdueAt = new Date((acceptedAt >= 0 ? at(acceptedAt + 1).getTime() + 7 * 24 * HOUR_MS : filedAt.getTime() + 24 * HOUR_MS));
    await manager.upsert(ResidentRequest, {
      ...fields, id: demoRequestId(n), status, preferredContact: requester ? ContactChannel.IN_APP : ContactChannel.PHONE,
      contactValue: requester ? null : `1380099${String(n).padStart(4, "0")}`, contactConsentedAt: requester ? null : filedAt, identityVisibleToHandler: n !== 7,
      requesterPersonId: requester ? demoPersonId(requester) : null, filedByOrganizationId: null, handlingOrganizationId: organizationId(handler), routingRuleId: null,
      assigneeTeamId: steps.some(([step]) => step === ASSIGNED) ? organizationId("qinggang-lin-party-volunteers") : null, assigneePersonId: null, projectId: null, needId: null,
      acceptBy: status === RequestStatus.SUBMITTED || status === TRANSFERRED ? new Date(filedAt.getTime() + 24 * HOUR_MS) : null,
      resolveBy: open && acceptedAt >= 0 ? new Date(at(acceptedAt + 1).getTime() + 7 * 24 * HOUR_MS) : null,
      resolvedAt: status === RESOLVED || status === CLOSED ? at(resolvedAt + 1) : null,
      overdueSince: escalated ? overdueAt : null, escalationLevel: escalated ? 1 : 0,
      escalatedToOrganizationId: escalated ? organizationId("qinggang-street-office") : null, escalatedAt: escalated ? new Date(overdueAt.getTime() + HOUR_MS) : null,
      createdAt: filedAt,
    }, ["id"]);
    const first = organizationId(transferredFrom ?? handler);
    const history: Partial<ResidentRequestStep>[] = [{ kind: RequestStepKind.FILED, fromStatus: null, toStatus: RequestStatus.SUBMITTED, handlingOrganizationId: first, organizationId: null, reason: null, occurredAt: filedAt }];
    steps.forEach(([step, reason], index) => {
      const byRequester = step === REOPENED || (step === CLOSED && requester !== null);
      const by = step === TRANSFERRED ? first : organizationId(handler);
      history.push({ kind: RequestStepKind.STATUS_CHANGED, fromStatus: history.at(-1)!.toStatus!, toStatus: step, handlingOrganizationId: organizationId(handler), organizationId: byRequester ? null : by, reason, occurredAt: at(index + 1) });
    });
    if (escalated) {
      const reason = acceptedAt >= 0 ? "not resolved in time" : "not accepted in time";
      history.push({ kind: RequestStepKind.ESCALATED, fromStatus: status, toStatus: status, handlingOrganizationId: organizationId(handler), organizationId: organizationId("qinggang-street-office"), reason, occurredAt: new Date(overdueAt.getTime() + HOUR_MS) });
    }
    // The milestones the indicators read are kept from the history (a trigger): a reload starts them afresh.
    await manager.query(`UPDATE resident_request SET first_accepted_at = NULL, first_overdue_at = NULL, reopened = false WHERE id = $1`, [demoRequestId(n)]);
    await manager.insert(ResidentRequestStep, history.map((step, index) => ({ ...step, id: demoStepId(n, index + 1), requestId: demoRequestId(n), actorUserId: null })));
  }
}
