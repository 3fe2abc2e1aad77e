import { ServiceCategory, ServiceStatus, TargetGroup } from "../../entities/community/service";
import { ScheduleFrequency } from "../../entities/community/service-schedule";

export const demoServiceId = (n: number) => `c0940000-0000-4000-8000-${String(n).padStart(12, "0")}`;
export const demoLocationId = (n: number) => `c0950000-0000-4000-8000-${String(n).padStart(12, "0")}`;
/** Links and schedules get ids from their service and place, so a reload writes the same rows. */
export const demoOfferingId = (service: number, location: number) => `c0960000-0000-4000-8000-${String(service * 1000 + location).padStart(12, "0")}`;
export const demoScheduleId = (service: number, n: number) => `c0970000-0000-4000-8000-${String(service * 1000 + n).padStart(12, "0")}`;

export interface DemoLocation {
  n: number;
  keeper: string;
  name: string;
  address: string;
  areaCode: string;
  latitude: number;
  longitude: number;
  accessibility: string | null;
}

export const DEMO_LOCATIONS: DemoLocation[] = [
  { n: 1, keeper: "qinggang-lin-health-station", name: "青杠林社區衛生服務站", address: "青杠林路20號", areaCode: "510107021001002", latitude: 30.6441, longitude: 104.046, accessibility: "一樓，有無障礙坡道和扶手" },
  { n: 2, keeper: "wuhou-legal-aid-qinggang", name: "青杠林社區黨群服務中心法律服務室", address: "青杠林路12號一樓", areaCode: "510107021001", latitude: 30.6432, longitude: 104.0452, accessibility: "一樓，輪椅可達" },
  { n: 3, keeper: "qinggang-lin-service-center", name: "青杠林社區日間照料中心", address: "青杠林路12號附樓", areaCode: "510107021001", latitude: 30.6434, longitude: 104.0454, accessibility: "無障礙衛生間，電梯" },
  { n: 4, keeper: "qinggang-lin-service-center", name: "錦苑社區長者食堂", address: "錦苑社區居委會一樓", areaCode: "510107021002", latitude: 30.6398, longitude: 104.0489, accessibility: "一樓，輪椅可達" },
  { n: 5, keeper: "nuanyang-social-work", name: "暖陽康復活動室", address: "青杠路102號3樓", areaCode: "510107021", latitude: 30.641, longitude: 104.042, accessibility: "電梯直達，備有手語翻譯（需預約）" },
  { n: 6, keeper: "qinggang-street-office", name: "青杠街道就業服務站", address: "青杠路88號一樓", areaCode: "510107021", latitude: 30.6421, longitude: 104.0432, accessibility: null },
  { n: 7, keeper: "qinggang-lin-culture-station", name: "青杠林社區文化活動站", address: "青杠林路16號", areaCode: "510107021001003", latitude: 30.6438, longitude: 104.0449, accessibility: "二樓活動室無電梯" },
  { n: 8, keeper: "qinggang-lin-party-volunteers", name: "黨群服務中心三樓四點半課堂", address: "青杠林路12號三樓", areaCode: "510107021001", latitude: 30.6432, longitude: 104.0452, accessibility: "電梯" },
  { n: 9, keeper: "wuhou-third-peoples-hospital", name: "武侯區第三人民醫院體檢中心", address: "武侯區桂溪路66號", areaCode: "510107", latitude: 30.6355, longitude: 104.0511, accessibility: "無障礙通道，輪椅借用" },
];

export interface DemoSchedule {
  location?: number;
  freq: ScheduleFrequency | null;
  byday?: string[];
  bymonthday?: number[];
  sessionDate?: string;
  opensAt: string;
  closesAt: string;
  validFrom?: string;
  validTo?: string;
  description?: string;
}

export interface DemoService {
  n: number;
  offeredBy: string;
  name: string;
  description: string;
  categories: ServiceCategory[];
  targetGroups: TargetGroup[];
  eligibility: string | null;
  isFree: boolean;
  feesDescription?: string;
  costOptions?: { option: string; amount: number; currency: string }[];
  languages: string[];
  contactName: string;
  contactPhone: string;
  locations: number[];
  schedules: DemoSchedule[];
  status?: ServiceStatus;
}

const { MEDICAL, LEGAL_AID, EMPLOYMENT, ELDER_CARE, DISABILITY_SUPPORT, CHILD_CARE, PSYCHOLOGICAL_SUPPORT, CULTURAL, OTHER } = ServiceCategory;
const { ELDERLY, DISABLED, LOW_INCOME, CHILDREN, VETERANS, MIGRANTS, ALL_RESIDENTS } = TargetGroup;
const { WEEKLY, MONTHLY } = ScheduleFrequency;

/** The essay's services for key groups, in the demo communities; hours in Asia/Shanghai. */
export const DEMO_SERVICES: DemoService[] = [
  {
    n: 1, offeredBy: "qinggang-lin-health-station", name: "社區義診", description: "每週二上午全科醫生坐診：量血壓、測血糖、慢病用藥諮詢。",
    categories: [MEDICAL], targetGroups: [ELDERLY, ALL_RESIDENTS], eligibility: "本社區居民，請攜帶身份證或醫保卡。", isFree: true,
    languages: ["zh", "zh-sichuan"], contactName: "服務站護士站", contactPhone: "028-85550101", locations: [1],
    schedules: [{ freq: WEEKLY, byday: ["TU"], opensAt: "08:30", closesAt: "11:30" }],
  },
  {
    n: 2, offeredBy: "wuhou-legal-aid-qinggang", name: "法律諮詢", description: "每月第一個星期六律師坐班，解答婚姻家事、勞動爭議、租房等法律問題。",
    categories: [LEGAL_AID], targetGroups: [ALL_RESIDENTS, LOW_INCOME], eligibility: null, isFree: true,
    languages: ["zh"], contactName: "法律援助工作站", contactPhone: "028-85550202", locations: [2],
    schedules: [{ freq: MONTHLY, byday: ["1SA"], opensAt: "09:00", closesAt: "12:00" }],
  },
  {
    n: 3, offeredBy: "qinggang-lin-service-center", name: "長者日間照料", description: "白天托老：午休、康復訓練、文娛活動，專人照看。",
    categories: [ELDER_CARE], targetGroups: [ELDERLY], eligibility: "60歲以上、生活基本自理的本街道居民。", isFree: false,
    feesDescription: "低保、特困老人免費。", costOptions: [{ option: "每日", amount: 20, currency: "CNY" }],
    languages: ["zh"], contactName: "日間照料中心前台", contactPhone: "028-85550303", locations: [3],
    schedules: [{ freq: WEEKLY, byday: ["MO", "TU", "WE", "TH", "FR"], opensAt: "08:00", closesAt: "17:30" }],
  },
  {
    n: 4, offeredBy: "qinggang-lin-service-center", name: "老年助餐", description: "長者食堂午餐，行動不便者可申請送餐上門。",
    categories: [ELDER_CARE], targetGroups: [ELDERLY, LOW_INCOME], eligibility: "60歲以上本街道居民。", isFree: false,
    costOptions: [{ option: "每餐", amount: 12, currency: "CNY" }, { option: "每餐（80歲以上）", amount: 8, currency: "CNY" }],
    languages: ["zh"], contactName: "長者食堂", contactPhone: "028-85550304", locations: [3, 4],
    schedules: [{ freq: WEEKLY, byday: ["MO", "TU", "WE", "TH", "FR", "SA", "SU"], opensAt: "11:00", closesAt: "13:00" }],
  },
  {
    n: 5, offeredBy: "nuanyang-social-work", name: "殘疾人康復", description: "康復師指導的肢體康復訓練和輔具適配。",
    categories: [DISABILITY_SUPPORT], targetGroups: [DISABLED], eligibility: "持殘疾人證的本區居民，首次請預約評估。", isFree: true,
    languages: ["zh", "csl"], contactName: "康復活動室", contactPhone: "028-85550505", locations: [5],
    schedules: [{ freq: WEEKLY, byday: ["WE", "FR"], opensAt: "14:00", closesAt: "17:00" }],
  },
  {
    n: 6, offeredBy: "qinggang-street-office", name: "就業指導", description: "每月15日就業服務日：崗位推薦、簡歷指導、技能培訓報名。",
    categories: [EMPLOYMENT], targetGroups: [LOW_INCOME, MIGRANTS, VETERANS], eligibility: null, isFree: true,
    languages: ["zh"], contactName: "就業服務站", contactPhone: "028-85550606", locations: [6],
    schedules: [{ freq: MONTHLY, bymonthday: [15], opensAt: "14:00", closesAt: "17:00" }],
  },
  {
    n: 7, offeredBy: "nuanyang-social-work", name: "心理疏導", description: "社工和心理諮詢師一對一面談，緩解壓力、處理家庭矛盾。",
    categories: [PSYCHOLOGICAL_SUPPORT], targetGroups: [ALL_RESIDENTS], eligibility: null, isFree: true,
    languages: ["zh", "en"], contactName: "暖陽預約電話", contactPhone: "028-85550707", locations: [5],
    schedules: [{ freq: WEEKLY, byday: ["TH"], opensAt: "19:00", closesAt: "21:00" }],
  },
  {
    n: 8, offeredBy: "qinggang-lin-party-volunteers", name: "四點半課堂", description: "放學後作業輔導和興趣活動，黨員志願者輪值。",
    categories: [CHILD_CARE], targetGroups: [CHILDREN], eligibility: "本社區小學生，家長接送。", isFree: true,
    languages: ["zh"], contactName: "志願服務隊", contactPhone: "028-85550808", locations: [8],
    schedules: [{ freq: WEEKLY, byday: ["MO", "TU", "WE", "TH", "FR"], opensAt: "16:30", closesAt: "18:30", validFrom: "2026-09-01", validTo: "2027-01-20", description: "秋季學期" }],
  },
  {
    n: 9, offeredBy: "qinggang-lin-culture-station", name: "社區文化活動", description: "書法、川劇、廣場舞排練，週末開放。",
    categories: [CULTURAL], targetGroups: [ALL_RESIDENTS, ELDERLY], eligibility: null, isFree: true,
    languages: ["zh"], contactName: "文化活動站", contactPhone: "028-85550909", locations: [7],
    schedules: [{ freq: WEEKLY, byday: ["SA", "SU"], opensAt: "09:00", closesAt: "20:30" }],
  },
  {
    n: 10, offeredBy: "qinggang-street-office", name: "退役軍人服務", description: "每月最後一個星期五：優待證辦理、政策諮詢、困難幫扶。",
    categories: [OTHER], targetGroups: [VETERANS], eligibility: "退役軍人及其家屬。", isFree: true,
    languages: ["zh"], contactName: "退役軍人服務站", contactPhone: "028-85551010", locations: [6],
    schedules: [{ freq: MONTHLY, byday: ["-1FR"], opensAt: "09:00", closesAt: "11:30" }],
  },
  {
    n: 11, offeredBy: "wuhou-third-peoples-hospital", name: "老年人免費體檢", description: "65歲以上老人年度免費體檢，一次性專場。",
    categories: [MEDICAL], targetGroups: [ELDERLY], eligibility: "65歲以上常住居民，空腹前來。", isFree: true,
    languages: ["zh"], contactName: "體檢中心", contactPhone: "028-85551111", locations: [9],
    schedules: [{ freq: null, sessionDate: "2026-12-12", opensAt: "07:30", closesAt: "11:00", description: "冬季專場" }],
  },
];
