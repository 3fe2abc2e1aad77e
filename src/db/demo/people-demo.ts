import { Skill } from "../../entities/community/person";
import { TeamRole } from "../../entities/community/team-membership";
import { DEMO_ORGANIZATIONS } from "./registry-demo";

/** Residents and volunteers of 青杠林 and 桂溪. Names and numbers are made up; phones are 138-0028-xxxx. */
export interface DemoPerson {
  id: string;
  displayName: string;
  realName: string | null;
  homeAreaCode: string;
  skills: Skill[];
  languages: string[];
  /** For in-service Party members: the employer's slug and the community they report to. */
  party?: { employer: string | null; reportsTo: string | null };
  about?: string;
  /** Teams by slug, with the role. */
  teams: [string, TeamRole][];
  /** Other organisations holding the person's consent, by slug. */
  alsoHeldBy?: string[];
  /** Agreed to be named on leaderboards (otherwise shown by pseudonym). */
  publicRecognition?: boolean;
}

const organizationId = (slug: string) => DEMO_ORGANIZATIONS.find((organization) => organization.slug === slug)!.id;
export const demoPersonId = (n: number) => `c0930000-0000-4000-8000-${String(n).padStart(12, "0")}`;
export const demoPhone = (n: number) => `1380028${String(n).padStart(4, "0")}`;

const PARTY_TEAM = "qinggang-lin-party-volunteers";
const STUDENT_TEAM = "guixi-student-volunteers";
const { MEDICAL, LEGAL, TEACHING, DRIVING, TRANSLATION, ELDER_CARE, IT, OTHER } = Skill;
const { MEMBER, TEAM_LEADER } = TeamRole;
const QGL = "510107021001";
const JY = "510107021002";
const GX = "510107021003";

export const DEMO_PEOPLE: DemoPerson[] = [
  { id: demoPersonId(1), displayName: "林曉雨", realName: "林曉雨", homeAreaCode: `${QGL}001`, skills: [TEACHING, ELDER_CARE], languages: ["zh", "en"], teams: [[PARTY_TEAM, MEMBER]], about: "週末上午有空，可以教老人用手機。" },
  { id: demoPersonId(2), displayName: "王建國", realName: "王建國", homeAreaCode: `${QGL}002`, skills: [DRIVING, OTHER], languages: ["zh"], party: { employer: "shujin-construction", reportsTo: QGL }, teams: [[PARTY_TEAM, TEAM_LEADER]], alsoHeldBy: ["qinggang-lin-service-center"], publicRecognition: true },
  { id: demoPersonId(3), displayName: "張醫生", realName: "張志明", homeAreaCode: `${QGL}003`, skills: [MEDICAL], languages: ["zh", "en"], party: { employer: "wuhou-third-peoples-hospital", reportsTo: QGL }, teams: [[PARTY_TEAM, MEMBER]], alsoHeldBy: ["qinggang-lin-service-center"] },
  { id: demoPersonId(4), displayName: "李律師", realName: "李慧敏", homeAreaCode: `${JY}001`, skills: [LEGAL], languages: ["zh"], party: { employer: "wuhou-legal-aid-qinggang", reportsTo: JY }, teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(5), displayName: "陳阿姨", realName: "陳秀英", homeAreaCode: `${QGL}001`, skills: [ELDER_CARE], languages: ["zh"], party: { employer: null, reportsTo: null }, teams: [[PARTY_TEAM, MEMBER]], about: "退休黨員，住第一網格，熟悉樓裡的獨居老人。" },
  { id: demoPersonId(6), displayName: "趙師傅", realName: "趙德勝", homeAreaCode: `${QGL}004`, skills: [DRIVING], languages: ["zh"], party: { employer: "shujin-construction", reportsTo: QGL }, teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(7), displayName: "周老師", realName: "周曉琳", homeAreaCode: `${JY}002`, skills: [TEACHING], languages: ["zh", "en"], party: { employer: "qinggang-street-office", reportsTo: JY }, teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(8), displayName: "吳護士", realName: "吳佳怡", homeAreaCode: `${QGL}002`, skills: [MEDICAL, ELDER_CARE], languages: ["zh"], party: { employer: "wuhou-third-peoples-hospital", reportsTo: QGL }, teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(9), displayName: "鄭大哥", realName: null, homeAreaCode: `${QGL}003`, skills: [OTHER], languages: ["zh"], teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(10), displayName: "孫工程師", realName: "孫海濤", homeAreaCode: `${JY}003`, skills: [IT], languages: ["zh", "en"], party: { employer: "shujin-construction", reportsTo: JY }, teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(11), displayName: "馬奶奶", realName: "馬桂芳", homeAreaCode: `${QGL}001`, skills: [ELDER_CARE, OTHER], languages: ["zh"], party: { employer: null, reportsTo: null }, teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(12), displayName: "何科長", realName: "何文斌", homeAreaCode: `${QGL}004`, skills: [LEGAL, OTHER], languages: ["zh"], party: { employer: "wuhou-civil-affairs", reportsTo: QGL }, teams: [[PARTY_TEAM, MEMBER]], alsoHeldBy: ["qinggang-lin-service-center"] },
  { id: demoPersonId(13), displayName: "羅姐", realName: "羅小紅", homeAreaCode: `${JY}001`, skills: [OTHER], languages: ["zh"], teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(14), displayName: "黃叔叔", realName: "黃志強", homeAreaCode: `${QGL}002`, skills: [DRIVING, OTHER], languages: ["zh", "yue"], teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(15), displayName: "楊曉峰", realName: "楊曉峰", homeAreaCode: `${GX}001`, skills: [IT, TEACHING], languages: ["zh", "en"], teams: [[STUDENT_TEAM, TEAM_LEADER], [PARTY_TEAM, MEMBER]], publicRecognition: true },
  { id: demoPersonId(16), displayName: "小劉", realName: "劉思琪", homeAreaCode: `${GX}001`, skills: [TEACHING], languages: ["zh", "en"], teams: [[STUDENT_TEAM, MEMBER]], publicRecognition: true },
  { id: demoPersonId(17), displayName: "小蔣", realName: "蔣雨涵", homeAreaCode: `${GX}002`, skills: [TRANSLATION], languages: ["zh", "en", "ja"], teams: [[STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(18), displayName: "阿傑", realName: "許俊傑", homeAreaCode: `${GX}002`, skills: [IT], languages: ["zh", "en"], teams: [[STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(19), displayName: "小唐", realName: "唐詩雨", homeAreaCode: `${GX}001`, skills: [MEDICAL], languages: ["zh"], teams: [[STUDENT_TEAM, MEMBER]], about: "醫學院三年級，可協助義診測血壓。" },
  { id: demoPersonId(20), displayName: "小韓", realName: "韓梓涵", homeAreaCode: `${GX}002`, skills: [TEACHING, TRANSLATION], languages: ["zh", "en", "fr"], teams: [[STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(21), displayName: "小曹", realName: null, homeAreaCode: `${GX}001`, skills: [OTHER], languages: ["zh"], teams: [[STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(22), displayName: "小馮", realName: "馮浩然", homeAreaCode: `${QGL}003`, skills: [DRIVING, IT], languages: ["zh"], teams: [[STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(23), displayName: "小彭", realName: "彭雪", homeAreaCode: `${GX}002`, skills: [LEGAL], languages: ["zh", "en"], teams: [[STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(24), displayName: "小袁", realName: "袁一帆", homeAreaCode: `${GX}001`, skills: [TRANSLATION], languages: ["zh", "en", "ko"], teams: [[STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(25), displayName: "小鄧", realName: "鄧佳欣", homeAreaCode: `${JY}002`, skills: [ELDER_CARE, TEACHING], languages: ["zh"], teams: [[STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(26), displayName: "謝大爺", realName: "謝長林", homeAreaCode: `${QGL}004`, skills: [OTHER], languages: ["zh"], teams: [], alsoHeldBy: ["qinggang-lin-service-center"], about: "腿腳不便，暴雨時需要有人幫忙轉移。" },
  { id: demoPersonId(27), displayName: "蔡姐", realName: "蔡麗華", homeAreaCode: `${JY}001`, skills: [ELDER_CARE], languages: ["zh"], party: { employer: "nuanyang-social-work", reportsTo: JY }, teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(28), displayName: "潘老師", realName: "潘美玲", homeAreaCode: `${QGL}001`, skills: [TEACHING, OTHER], languages: ["zh"], party: { employer: "qinggang-lin-culture-station", reportsTo: QGL }, teams: [[PARTY_TEAM, MEMBER]] },
  { id: demoPersonId(29), displayName: "田叔", realName: "田國強", homeAreaCode: `${QGL}002`, skills: [DRIVING], languages: ["zh"], teams: [[PARTY_TEAM, MEMBER], [STUDENT_TEAM, MEMBER]] },
  { id: demoPersonId(30), displayName: "葉子", realName: "葉嘉琪", homeAreaCode: `${GX}002`, skills: [TRANSLATION, IT], languages: ["zh", "en", "de"], teams: [[STUDENT_TEAM, MEMBER]] },
];

/** A demo account that manages its own profile (DEMO_PEOPLE[0]); the others were registered by their teams. */
export const DEMO_VOLUNTEER_ACCOUNT = { email: "volunteer@qinggang-lin.example.org", displayName: "林曉雨", personId: demoPersonId(1) };

/** Why each kind of organisation holds the data, as the people agreed to it. */
export const DEMO_PURPOSES: Record<string, string> = {
  [PARTY_TEAM]: "志願者登記、排班和活動聯絡",
  [STUDENT_TEAM]: "大學生志願服務登記、排班和聯絡",
  "qinggang-lin-service-center": "在職黨員到社區報到登記及應急聯絡",
};

export const demoOrganizationId = organizationId;
