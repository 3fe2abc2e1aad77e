import { AreaLevel } from "../../entities/area";
import { OrganizationKind } from "../../entities/organization";

/** A district of 成都市 down to its grids. Street, community and grid names are made up. */
export const DEMO_AREAS: { code: string; name: string; level: AreaLevel }[] = [
  { code: "5101", name: "成都市", level: AreaLevel.CITY },
  { code: "510107", name: "武侯區", level: AreaLevel.DISTRICT },
  { code: "510107021", name: "青杠街道", level: AreaLevel.STREET },
  { code: "510107021001", name: "青杠林社區", level: AreaLevel.COMMUNITY },
  { code: "510107021001001", name: "青杠林社區第一網格", level: AreaLevel.GRID },
  { code: "510107021001002", name: "青杠林社區第二網格", level: AreaLevel.GRID },
  { code: "510107021001003", name: "青杠林社區第三網格", level: AreaLevel.GRID },
  { code: "510107021001004", name: "青杠林社區第四網格", level: AreaLevel.GRID },
  { code: "510107021002", name: "錦苑社區", level: AreaLevel.COMMUNITY },
  { code: "510107021002001", name: "錦苑社區第一網格", level: AreaLevel.GRID },
  { code: "510107021002002", name: "錦苑社區第二網格", level: AreaLevel.GRID },
  { code: "510107021002003", name: "錦苑社區第三網格", level: AreaLevel.GRID },
  { code: "510107021003", name: "桂溪社區", level: AreaLevel.COMMUNITY },
  { code: "510107021003001", name: "桂溪社區第一網格", level: AreaLevel.GRID },
  { code: "510107021003002", name: "桂溪社區第二網格", level: AreaLevel.GRID },
  { code: "510107022", name: "玉林街道", level: AreaLevel.STREET },
  { code: "510107022001", name: "玉林北路社區", level: AreaLevel.COMMUNITY },
  { code: "510107022001001", name: "玉林北路社區第一網格", level: AreaLevel.GRID },
  { code: "510107022001002", name: "玉林北路社區第二網格", level: AreaLevel.GRID },
];

export interface DemoOrganization {
  id: string;
  kind: OrganizationKind;
  name: string;
  slug: string;
  description: string;
  areaCode: string;
  parentId: string | null;
  address: string;
  latitude: number;
  longitude: number;
  contactPhone: string;
  website: string | null;
}

const id = (n: number) => `c0900000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** Parents come before their children. */
export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    id: id(1), kind: OrganizationKind.GOVERNMENT_AGENCY, name: "青杠街道辦事處", slug: "qinggang-street-office",
    description: "街道一級政府派出機關，負責轄區公共服務、社會治理和應急管理，統籌財政資金與公共資源。",
    areaCode: "510107021", parentId: null, address: "武侯區青杠路88號", latitude: 30.6421, longitude: 104.0432,
    contactPhone: "028-8555 0101", website: "https://qinggang.example.gov.cn",
  },
  {
    id: id(2), kind: OrganizationKind.PARTY_COMMITTEE, name: "中共青杠林社區委員會", slug: "qinggang-lin-party-committee",
    description: "社區黨委，統籌社區重大事項的集體決策，在突發公共衛生事件和自然災害中指揮協調、動員黨員和志願者。",
    areaCode: "510107021001", parentId: null, address: "青杠林社區黨群服務中心二樓", latitude: 30.6433, longitude: 104.0451,
    contactPhone: "028-8555 0201", website: null,
  },
  {
    id: id(3), kind: OrganizationKind.PARTY_BRANCH, name: "青杠林社區第一網格黨支部", slug: "qinggang-lin-grid-1-party-branch",
    description: "第一網格黨支部，組織在職黨員到社區報到，聯繫網格內困難家庭。",
    areaCode: "510107021001001", parentId: id(2), address: "青杠林社區1棟架空層", latitude: 30.6436, longitude: 104.0447,
    contactPhone: "028-8555 0202", website: null,
  },
  {
    id: id(4), kind: OrganizationKind.PARTY_BRANCH, name: "青杠林社區退休黨員黨支部", slug: "qinggang-lin-retired-party-branch",
    description: "退休黨員黨支部，開展鄰里守望和政策宣講，定期走訪高齡獨居老人。",
    areaCode: "510107021001", parentId: id(2), address: "青杠林社區老年活動室", latitude: 30.6429, longitude: 104.0455,
    contactPhone: "028-8555 0203", website: null,
  },
  {
    id: id(5), kind: OrganizationKind.PARTY_BRANCH, name: "錦苑社區黨支部", slug: "jinyuan-party-branch",
    description: "錦苑社區黨支部，牽頭社區議事會，協調居民與物業之間的矛盾糾紛。",
    areaCode: "510107021002", parentId: null, address: "錦苑社區居委會", latitude: 30.6398, longitude: 104.0489,
    contactPhone: "028-8555 0301", website: null,
  },
  {
    id: id(6), kind: OrganizationKind.SERVICE_CENTER, name: "青杠林社區黨群服務中心", slug: "qinggang-lin-service-center",
    description: "一站式社區服務：醫療健康、法律諮詢、就業指導和文化活動，為老年人、殘疾人和低收入家庭提供幫扶。",
    areaCode: "510107021001", parentId: id(1), address: "青杠林社區青杠林路12號", latitude: 30.6432, longitude: 104.0452,
    contactPhone: "028-8555 0401", website: null,
  },
  {
    id: id(7), kind: OrganizationKind.CLINIC, name: "青杠林社區衛生服務站", slug: "qinggang-lin-health-station",
    description: "提供基本醫療、慢病管理和健康講座，定期開展義診進社區活動，可派出醫護人員支援應急救護。",
    areaCode: "510107021001002", parentId: null, address: "青杠林路20號", latitude: 30.6441, longitude: 104.0460,
    contactPhone: "028-8555 0501", website: null,
  },
  {
    id: id(8), kind: OrganizationKind.CLINIC, name: "武侯區第三人民醫院", slug: "wuhou-third-peoples-hospital",
    description: "區級綜合醫院，與社區衛生服務站建立醫療合作，提供專家義診和藥品物資。",
    areaCode: "510107", parentId: null, address: "武侯區桂溪路66號", latitude: 30.6355, longitude: 104.0511,
    contactPhone: "028-8555 0601", website: "https://hospital3.example.cn",
  },
  {
    id: id(9), kind: OrganizationKind.LEGAL_AID, name: "武侯區法律援助中心青杠工作站", slug: "wuhou-legal-aid-qinggang",
    description: "駐點律師每週提供免費法律諮詢，協助調解鄰里和物業糾紛，開展法律諮詢進社區。",
    areaCode: "510107021", parentId: null, address: "青杠街道辦事處一樓", latitude: 30.6422, longitude: 104.0433,
    contactPhone: "028-8555 0701", website: null,
  },
  {
    id: id(10), kind: OrganizationKind.NGO, name: "暖陽社會工作服務中心", slug: "nuanyang-social-work",
    description: "專業社工機構，承接居家養老、兒童關愛和困難家庭幫扶項目，培訓社區志願者。",
    areaCode: "510107021", parentId: null, address: "青杠路102號3樓", latitude: 30.6410, longitude: 104.0420,
    contactPhone: "028-8555 0801", website: "https://nuanyang.example.org",
  },
  {
    id: id(11), kind: OrganizationKind.NGO, name: "綠芽環保公益協會", slug: "lvya-environmental",
    description: "推動垃圾分類和社區綠化，組織共建美麗社區清潔行動。",
    areaCode: "510107022001", parentId: null, address: "玉林北路社區活動中心", latitude: 30.6301, longitude: 104.0570,
    contactPhone: "028-8555 0802", website: null,
  },
  {
    id: id(12), kind: OrganizationKind.ENTERPRISE, name: "蜀錦建設集團有限公司", slug: "shujin-construction",
    description: "轄區企業，提供資金、物資、場地和員工志願者，贊助共建美麗社區項目，暴雨期間可調配沙袋和抽水設備。",
    areaCode: "510107021003", parentId: null, address: "桂溪路200號蜀錦大廈", latitude: 30.6368, longitude: 104.0532,
    contactPhone: "028-8555 0901", website: "https://shujin.example.com",
  },
  {
    id: id(13), kind: OrganizationKind.RESIDENT_GROUP, name: "青杠林社區居民議事會", slug: "qinggang-lin-residents-council",
    description: "由居民代表組成，討論和決定社區公共事務，收集居民意見。",
    areaCode: "510107021001", parentId: id(2), address: "青杠林社區黨群服務中心會議室", latitude: 30.6432, longitude: 104.0452,
    contactPhone: "028-8555 1001", website: null,
  },
  {
    id: id(14), kind: OrganizationKind.RESIDENT_GROUP, name: "錦苑小區業主委員會", slug: "jinyuan-owners-committee",
    description: "代表業主與物業溝通，參與小區公共收益和維修資金的監督。",
    areaCode: "510107021002001", parentId: null, address: "錦苑小區3棟1單元", latitude: 30.6395, longitude: 104.0492,
    contactPhone: "028-8555 1002", website: null,
  },
  {
    id: id(15), kind: OrganizationKind.VOLUNTEER_TEAM, name: "青杠林黨員志願服務隊", slug: "qinggang-lin-party-volunteers",
    description: "由黨員、居民和大學生組成，開展清潔家園、走訪困難家庭和應急值守，記錄志願服務積分。",
    areaCode: "510107021001", parentId: id(2), address: "青杠林社區黨群服務中心", latitude: 30.6432, longitude: 104.0452,
    contactPhone: "028-8555 1101", website: null,
  },
  {
    id: id(16), kind: OrganizationKind.VOLUNTEER_TEAM, name: "桂溪大學生志願者服務隊", slug: "guixi-student-volunteers",
    description: "附近高校學生組成，週末開展課業輔導、智能手機教學和社區文化活動。",
    areaCode: "510107021003", parentId: null, address: "桂溪社區居委會", latitude: 30.6360, longitude: 104.0525,
    contactPhone: "028-8555 1102", website: null,
  },
  {
    id: id(17), kind: OrganizationKind.PROPERTY_MANAGEMENT, name: "錦華物業管理有限公司", slug: "jinhua-property",
    description: "負責錦苑小區和青杠林小區的物業服務，參與社區議事和暴雨排水保障。",
    areaCode: "510107021002", parentId: null, address: "錦苑小區物業服務中心", latitude: 30.6397, longitude: 104.0487,
    contactPhone: "028-8555 1201", website: null,
  },
  {
    id: id(18), kind: OrganizationKind.OTHER, name: "青杠林社區文化活動站", slug: "qinggang-lin-culture-station",
    description: "社區圖書室和文化活動場地，舉辦道德模範宣講和節日文化活動。",
    areaCode: "510107021001003", parentId: id(6), address: "青杠林路16號", latitude: 30.6438, longitude: 104.0449,
    contactPhone: "028-8555 1301", website: null,
  },
  {
    id: id(19), kind: OrganizationKind.GOVERNMENT_AGENCY, name: "武侯區民政局", slug: "wuhou-civil-affairs",
    description: "區級民政部門，負責社會組織登記、社會救助和養老服務政策。",
    areaCode: "510107", parentId: null, address: "武侯區武侯祠大街262號", latitude: 30.6450, longitude: 104.0480,
    contactPhone: "028-8555 1401", website: "https://mzj.example.gov.cn",
  },
  {
    id: id(20), kind: OrganizationKind.MEDIATION_COMMITTEE, name: "青杠林社區人民調解委員會", slug: "qinggang-lin-mediation-committee",
    description: "社區黨委領導下的人民調解組織，調解鄰里、物業、家庭等糾紛，調解員由社區幹部、律師和熱心居民擔任。",
    areaCode: "510107021001", parentId: null, address: "青杠林路8號黨群服務中心二樓調解室", latitude: 30.6441, longitude: 104.0452,
    contactPhone: "028-8555 1501", website: null,
  },
];
