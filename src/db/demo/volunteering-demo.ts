import { ActivityKind, ActivityStatus } from "../../entities/community/activity";
import { demoOrganizationId, demoPersonId } from "./people-demo";

/** Volunteering of the two demo teams: activities held (hours verified, points earned, a few rewards redeemed) and to come. */
const uuid = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, "0")}`;
export const demoActivityId = (n: number) => uuid("c0a00000", n);
export const demoShiftId = (n: number) => uuid("c0a10000", n);
export const demoSignUpId = (n: number) => uuid("c0a20000", n);
export const demoEntryId = (n: number) => uuid("c0a30000", n);
export const demoRewardId = (n: number) => uuid("c0a40000", n);
export const demoRedemptionId = (n: number) => uuid("c0a50000", n);

const PARTY_TEAM = "qinggang-lin-party-volunteers";
const STUDENT_TEAM = "guixi-student-volunteers";
/** The community Party committee issues the teams' points. */
export const DEMO_ISSUER = "qinggang-lin-party-committee";
/** The rainstorm project and its 搶險志願者 need (collaboration-demo.ts). */
export const RAINSTORM_PROJECT_ID = "c0920000-0000-4000-8000-000000000005";
export const RAINSTORM_NEED_ID = "c0930000-0000-4000-8000-000000000004";

export interface DemoShift {
  n: number;
  /** Hours from now to the start: negative for shifts held. */
  startsInHours: number;
  hours: number;
  capacity: number;
  /** People by demo number, in the order they signed up: the first `capacity` hold places, the rest wait. */
  people: number[];
}

export interface DemoActivity {
  n: number;
  organizer: string;
  kind: ActivityKind;
  title: string;
  description: string;
  areaCode: string;
  place: string;
  status: ActivityStatus;
  servesRainstormNeed?: true;
  shifts: DemoShift[];
}

const QGL = "510107021001";
const JY = "510107021002";
const GX = "510107021003";

export const DEMO_ACTIVITIES: DemoActivity[] = [
  {
    n: 1, organizer: PARTY_TEAM, kind: ActivityKind.ENVIRONMENT, title: "黨員志願服務日：樓道清理", description: "清理第一、二網格樓道堆物，張貼消防安全提示。",
    areaCode: QGL, place: "青杠林社區第一網格", status: ActivityStatus.COMPLETED,
    shifts: [{ n: 1, startsInHours: -20 * 24, hours: 3, capacity: 12, people: [2, 5, 6, 9, 11, 13, 14, 27, 28, 29] }],
  },
  {
    n: 2, organizer: PARTY_TEAM, kind: ActivityKind.HEALTH_TALK, title: "高血壓防治健康講座", description: "社區衛生服務站醫生講解高血壓防治，現場測血壓。",
    areaCode: QGL, place: "青杠林社區黨群服務中心二樓", status: ActivityStatus.COMPLETED,
    shifts: [{ n: 2, startsInHours: -12 * 24, hours: 2, capacity: 6, people: [3, 8, 5, 11] }],
  },
  {
    n: 3, organizer: STUDENT_TEAM, kind: ActivityKind.CULTURAL, title: "中秋文藝匯演", description: "大學生與社區居民同台演出，歌舞、朗誦和川劇變臉。",
    areaCode: GX, place: "桂溪社區文化廣場", status: ActivityStatus.COMPLETED,
    shifts: [
      { n: 3, startsInHours: -30 * 24, hours: 2, capacity: 10, people: [15, 16, 17, 18, 20, 30] },
      { n: 4, startsInHours: -30 * 24 + 3, hours: 3, capacity: 12, people: [15, 16, 17, 19, 20, 21, 24, 25, 29, 30] },
    ],
  },
  {
    n: 4, organizer: STUDENT_TEAM, kind: ActivityKind.LEGAL_EDUCATION, title: "憲法宣傳進社區", description: "擺攤講解婚姻家庭、勞動合同和租房常見法律問題。",
    areaCode: JY, place: "錦苑小區南門", status: ActivityStatus.COMPLETED,
    shifts: [{ n: 5, startsInHours: -8 * 24, hours: 2, capacity: 6, people: [23, 16, 20, 4] }],
  },
  {
    n: 5, organizer: PARTY_TEAM, kind: ActivityKind.VOLUNTEER_SERVICE, title: "暴雨搶險：搬運沙袋與值守積水路段",
    description: "暴雨橙色預警期間，協助搬運沙袋、疏散低窪地帶老人、值守積水路段。", areaCode: QGL, place: "青杠林社區低窪地帶", status: ActivityStatus.PUBLISHED,
    servesRainstormNeed: true,
    shifts: [
      { n: 6, startsInHours: -2 * 24, hours: 4, capacity: 6, people: [2, 6, 14] },
      { n: 7, startsInHours: 6, hours: 4, capacity: 6, people: [9, 29] },
    ],
  },
  {
    n: 6, organizer: PARTY_TEAM, kind: ActivityKind.VOLUNTEER_SERVICE, title: "獨居老人上門探訪", description: "兩人一組探訪第一網格獨居老人，檢查水電氣安全。",
    areaCode: QGL, place: "青杠林社區第一網格", status: ActivityStatus.PUBLISHED,
    shifts: [{ n: 8, startsInHours: 3 * 24, hours: 3, capacity: 3, people: [5, 11, 27, 25, 13] }],
  },
  {
    n: 7, organizer: STUDENT_TEAM, kind: ActivityKind.CULTURAL, title: "社區英語角", description: "大學生陪社區孩子和老人練口語，週六下午。",
    areaCode: GX, place: "桂溪社區居委會活動室", status: ActivityStatus.PUBLISHED,
    shifts: [{ n: 9, startsInHours: 5 * 24, hours: 2, capacity: 8, people: [17, 24, 30, 20] }],
  },
  {
    n: 8, organizer: PARTY_TEAM, kind: ActivityKind.PARTY_EDUCATION, title: "在職黨員報到學習分享會", description: "在職黨員分享到社區報到以來的服務體會。",
    areaCode: QGL, place: "青杠林社區黨群服務中心", status: ActivityStatus.DRAFT,
    shifts: [{ n: 10, startsInHours: 10 * 24, hours: 2, capacity: 30, people: [] }],
  },
];

/** Points per verified hour, by team and activity kind. */
export const DEMO_POINTS_RULES: [string, ActivityKind, number][] = [
  [PARTY_TEAM, ActivityKind.VOLUNTEER_SERVICE, 10], [PARTY_TEAM, ActivityKind.ENVIRONMENT, 8], [PARTY_TEAM, ActivityKind.HEALTH_TALK, 5],
  [STUDENT_TEAM, ActivityKind.CULTURAL, 5], [STUDENT_TEAM, ActivityKind.LEGAL_EDUCATION, 6], [STUDENT_TEAM, ActivityKind.VOLUNTEER_SERVICE, 10],
];

/** What the issuer funded each team's pool with; the students' is nearly spent (72 points left). */
export const DEMO_FUNDING: [string, number][] = [[PARTY_TEAM, 5000], [STUDENT_TEAM, 300]];

export const DEMO_REWARDS = [
  { n: 1, organizer: PARTY_TEAM, name: "環保購物袋", pointsPrice: 20, stock: 30 },
  { n: 2, organizer: PARTY_TEAM, name: "社區超市 20 元代金券", pointsPrice: 50, stock: 20 },
  { n: 3, organizer: STUDENT_TEAM, name: "志願者紀念 T 恤", pointsPrice: 30, stock: 15 },
];

/** Rewards redeemed: [reward, person, days ago]; each person has earned enough by then. */
export const DEMO_REDEMPTIONS: [number, number, number][] = [[2, 2, 1], [1, 6, 5], [3, 16, 3], [1, 14, 1]];

export { demoOrganizationId, demoPersonId };
