import { PartnershipRole } from "../../entities/partnership";
import { PledgeStatus } from "../../entities/pledge";
import { ProjectCategory, ProjectStatus } from "../../entities/project";
import { NeedCategory, Urgency } from "../../entities/resource-need";

const organization = (n: number) => `c0900000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const project = (n: number) => `c0920000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const need = (n: number) => `c0930000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const pledge = (n: number) => `c0940000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** Organisations of the registry demo, by what they are. */
const ORG = {
  streetOffice: organization(1),
  partyCommittee: organization(2),
  gridBranch: organization(3),
  retiredBranch: organization(4),
  serviceCenter: organization(6),
  clinic: organization(7),
  hospital: organization(8),
  legalAid: organization(9),
  socialWork: organization(10),
  greenNgo: organization(11),
  enterprise: organization(12),
  residentsCouncil: organization(13),
  partyVolunteers: organization(15),
  studentVolunteers: organization(16),
  property: organization(17),
};

export interface DemoProject {
  id: string;
  title: string;
  summary: string;
  category: ProjectCategory;
  status: ProjectStatus;
  areaCode: string;
  leadOrganizationId: string;
  startsOn: string;
  endsOn: string | null;
  partners: [string, PartnershipRole][];
}

/** The id of the project the demo council's elevator proposal started. */
export const ELEVATOR_PROJECT = project(6);

export const DEMO_PROJECTS: DemoProject[] = [
  {
    id: project(1), title: "義診進社區", category: ProjectCategory.HEALTH, status: ProjectStatus.ACTIVE, areaCode: "510107021001",
    summary: "衛生服務站聯合網格黨支部和黨群服務中心，每月第一個週六在社區廣場為老年人和慢病居民義診，並開展健康講座。",
    leadOrganizationId: ORG.clinic, startsOn: "2026-09-01", endsOn: "2027-08-31",
    partners: [[ORG.gridBranch, PartnershipRole.PARTNER], [ORG.serviceCenter, PartnershipRole.PARTNER], [ORG.hospital, PartnershipRole.SUPPORTER]],
  },
  {
    id: project(2), title: "法律諮詢進社區", category: ProjectCategory.LEGAL_AID, status: ProjectStatus.OPEN, areaCode: "510107021",
    summary: "法律援助工作站每週三下午在黨群服務中心提供免費法律諮詢，協助調解鄰里和物業糾紛。",
    leadOrganizationId: ORG.legalAid, startsOn: "2026-11-01", endsOn: null,
    partners: [[ORG.serviceCenter, PartnershipRole.PARTNER], [ORG.residentsCouncil, PartnershipRole.SUPPORTER]],
  },
  {
    id: project(3), title: "鄰里守望", category: ProjectCategory.NEIGHBOURHOOD_SAFETY, status: ProjectStatus.ACTIVE, areaCode: "510107021001",
    summary: "社區黨委牽頭，退休黨員、居民議事會和物業共同組織夜間巡邏和獨居老人探訪。",
    leadOrganizationId: ORG.partyCommittee, startsOn: "2026-06-01", endsOn: null,
    partners: [[ORG.retiredBranch, PartnershipRole.PARTNER], [ORG.residentsCouncil, PartnershipRole.PARTNER], [ORG.property, PartnershipRole.SUPPORTER]],
  },
  {
    id: project(4), title: "共建美麗社區", category: ProjectCategory.ENVIRONMENT, status: ProjectStatus.OPEN, areaCode: "510107021",
    summary: "綠芽環保公益協會發起的社區綠化和垃圾分類行動，蜀錦建設集團贊助資金和工具，大學生志願者參與。",
    leadOrganizationId: ORG.greenNgo, startsOn: "2026-12-01", endsOn: "2027-05-31",
    partners: [[ORG.enterprise, PartnershipRole.SPONSOR], [ORG.studentVolunteers, PartnershipRole.PARTNER]],
  },
  {
    id: project(5), title: "暴雨應急", category: ProjectCategory.EMERGENCY, status: ProjectStatus.ACTIVE, areaCode: "510107021",
    summary: "暴雨橙色預警：社區黨委統一指揮，街道辦、衛生服務站、志願服務隊、企業和物業協同防汛、救護和臨時安置。",
    leadOrganizationId: ORG.partyCommittee, startsOn: "2026-11-26", endsOn: null,
    partners: [
      [ORG.streetOffice, PartnershipRole.PARTNER], [ORG.clinic, PartnershipRole.PARTNER], [ORG.partyVolunteers, PartnershipRole.PARTNER],
      [ORG.serviceCenter, PartnershipRole.PARTNER], [ORG.enterprise, PartnershipRole.SPONSOR], [ORG.property, PartnershipRole.SUPPORTER],
    ],
  },
  {
    // Started by the 青杠林社區居民議事會's passed proposal (council-demo.ts), which names its lead and partner.
    id: project(6), title: "老舊小區加裝電梯", category: ProjectCategory.COMMUNITY_BUILDING, status: ProjectStatus.ACTIVE, areaCode: "510107021001",
    summary: "為1棟、3棟、5棟加裝電梯；費用由政府補貼、居民按樓層分攤，低樓層少攤。",
    leadOrganizationId: ORG.partyCommittee, startsOn: "2026-10-15", endsOn: "2027-06-30",
    partners: [[ORG.property, PartnershipRole.PARTNER]],
  },
];

export interface DemoPledge {
  id: string;
  organizationId: string;
  quantity: number;
  status: PledgeStatus;
  acceptedQuantity?: number;
  deliveredQuantity?: number;
  provisional?: string;
  note?: string;
}

export interface DemoNeed {
  id: string;
  projectId: string;
  postedBy: string;
  category: NeedCategory;
  title: string;
  description: string;
  quantity: number;
  unit: string;
  urgency: Urgency;
  /** Hours after the demo data is loaded. */
  neededInHours: number;
  areaCode: string;
  address: string | null;
  location: [number, number] | null;
  pledges: DemoPledge[];
}

export const DEMO_NEEDS: DemoNeed[] = [
  {
    id: need(1), projectId: project(5), postedBy: ORG.partyCommittee, category: NeedCategory.MATERIALS, title: "防汛沙袋",
    description: "青杠林路地勢低窪，需沙袋封堵地下車庫入口和一樓商鋪。", quantity: 500, unit: "袋", urgency: Urgency.CRITICAL, neededInHours: 6,
    areaCode: "510107021001002", address: "青杠林路20號至36號", location: [30.6440, 104.0461],
    pledges: [
      { id: pledge(1), organizationId: ORG.enterprise, quantity: 300, status: PledgeStatus.ACCEPTED, acceptedQuantity: 300, deliveredQuantity: 200, note: "工地倉庫現有，分兩車送達" },
      { id: pledge(2), organizationId: ORG.property, quantity: 100, status: PledgeStatus.OFFERED, note: "物業庫存" },
    ],
  },
  {
    id: need(2), projectId: project(5), postedBy: ORG.clinic, category: NeedCategory.MEDICAL_STAFF, title: "應急救護醫護人員",
    description: "安置點需要醫生和護士輪班值守，處理外傷和慢病老人用藥。", quantity: 6, unit: "人", urgency: Urgency.CRITICAL, neededInHours: 12,
    areaCode: "510107021003", address: "桂溪社區居委會臨時安置點", location: [30.6361, 104.0526],
    pledges: [
      { id: pledge(3), organizationId: ORG.clinic, quantity: 2, status: PledgeStatus.DELIVERED, acceptedQuantity: 2, deliveredQuantity: 2, note: "本站醫護兩名" },
      { id: pledge(4), organizationId: ORG.hospital, quantity: 3, status: PledgeStatus.OFFERED, note: "可派急診科醫生一名、護士兩名" },
    ],
  },
  {
    id: need(3), projectId: project(5), postedBy: ORG.streetOffice, category: NeedCategory.SHELTER, title: "臨時安置床位",
    description: "低窪地帶住戶需轉移安置，含被褥。", quantity: 80, unit: "床位", urgency: Urgency.CRITICAL, neededInHours: 10,
    areaCode: "510107021003", address: "桂溪社區居委會", location: [30.6360, 104.0525],
    pledges: [{ id: pledge(5), organizationId: ORG.serviceCenter, quantity: 40, status: PledgeStatus.ACCEPTED, acceptedQuantity: 40, provisional: "活動室待消防檢查後確認", note: "黨群服務中心活動室" }],
  },
  {
    id: need(4), projectId: project(5), postedBy: ORG.partyCommittee, category: NeedCategory.VOLUNTEERS, title: "搶險志願者",
    description: "協助搬運沙袋、疏散老人和值守積水路段。", quantity: 40, unit: "人", urgency: Urgency.CRITICAL, neededInHours: 8,
    areaCode: "510107021001", address: null, location: null,
    pledges: [
      { id: pledge(6), organizationId: ORG.partyVolunteers, quantity: 25, status: PledgeStatus.ACCEPTED, acceptedQuantity: 25 },
      { id: pledge(7), organizationId: ORG.studentVolunteers, quantity: 10, status: PledgeStatus.OFFERED, note: "週末可到" },
    ],
  },
  {
    id: need(5), projectId: project(1), postedBy: ORG.clinic, category: NeedCategory.MEDICAL_STAFF, title: "義診專科醫生",
    description: "心內科、內分泌科醫生各一名，測血壓血糖、解讀化驗單。", quantity: 4, unit: "人", urgency: Urgency.HIGH, neededInHours: 24 * 9,
    areaCode: "510107021001", address: "青杠林社區廣場", location: [30.6433, 104.0451],
    pledges: [{ id: pledge(8), organizationId: ORG.hospital, quantity: 2, status: PledgeStatus.ACCEPTED, acceptedQuantity: 2 }],
  },
  {
    id: need(6), projectId: project(1), postedBy: ORG.gridBranch, category: NeedCategory.VOLUNTEERS, title: "義診引導志願者",
    description: "現場排隊引導、登記和攙扶行動不便的老人。", quantity: 8, unit: "人", urgency: Urgency.NORMAL, neededInHours: 24 * 9,
    areaCode: "510107021001", address: "青杠林社區廣場", location: [30.6433, 104.0451], pledges: [],
  },
  {
    id: need(7), projectId: project(2), postedBy: ORG.legalAid, category: NeedCategory.LEGAL_EXPERTS, title: "駐點律師",
    description: "擅長婚姻家事、勞動爭議和物業糾紛的律師，每週半天。", quantity: 2, unit: "人", urgency: Urgency.NORMAL, neededInHours: 24 * 14,
    areaCode: "510107021", address: "青杠林社區黨群服務中心", location: null, pledges: [],
  },
  {
    id: need(8), projectId: project(2), postedBy: ORG.serviceCenter, category: NeedCategory.VENUE, title: "諮詢室",
    description: "可保護隱私的獨立房間。", quantity: 1, unit: "間", urgency: Urgency.LOW, neededInHours: 24 * 7,
    areaCode: "510107021001", address: "青杠林路12號", location: null,
    pledges: [{ id: pledge(9), organizationId: ORG.serviceCenter, quantity: 1, status: PledgeStatus.DELIVERED, acceptedQuantity: 1, deliveredQuantity: 1 }],
  },
  {
    id: need(9), projectId: project(3), postedBy: ORG.retiredBranch, category: NeedCategory.VOLUNTEERS, title: "夜間巡邏志願者",
    description: "每晚兩人一組，八點至十點巡查樓道和車棚。", quantity: 12, unit: "人", urgency: Urgency.NORMAL, neededInHours: 24 * 20,
    areaCode: "510107021001", address: null, location: null,
    pledges: [{ id: pledge(10), organizationId: ORG.residentsCouncil, quantity: 6, status: PledgeStatus.ACCEPTED, acceptedQuantity: 6 }],
  },
  {
    id: need(10), projectId: project(4), postedBy: ORG.greenNgo, category: NeedCategory.FUNDS, title: "綠化苗木資金",
    description: "社區小花園苗木和土壤改良。", quantity: 20000, unit: "元", urgency: Urgency.NORMAL, neededInHours: 24 * 30,
    areaCode: "510107021", address: null, location: null,
    pledges: [{ id: pledge(11), organizationId: ORG.enterprise, quantity: 15000, status: PledgeStatus.ACCEPTED, acceptedQuantity: 15000 }],
  },
  {
    id: need(11), projectId: project(4), postedBy: ORG.greenNgo, category: NeedCategory.MATERIALS, title: "清潔工具",
    description: "掃帚、垃圾夾、手套，清潔行動使用。", quantity: 50, unit: "套", urgency: Urgency.LOW, neededInHours: 24 * 25,
    areaCode: "510107022001", address: "玉林北路社區活動中心", location: [30.6301, 104.0570], pledges: [],
  },
];
