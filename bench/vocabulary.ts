/** Words the generated rows are made of: Traditional Chinese, as the demo data. */

export const DISTRICTS: [code: string, name: string][] = [
  ["510104", "錦江區"], ["510105", "青羊區"], ["510106", "金牛區"], ["510107", "武侯區"], ["510108", "成華區"],
  ["510112", "龍泉驛區"], ["510113", "青白江區"], ["510114", "新都區"], ["510115", "溫江區"], ["510116", "雙流區"],
];
export const STREETS_PER_DISTRICT = 6;
export const COMMUNITIES_PER_STREET = 5;
export const GRIDS_PER_COMMUNITY = 4;

export const STREET_WORDS = ["青杠", "玉林", "簇錦", "晉陽", "紅牌樓", "華興", "望江", "跳蹬河", "火車南站", "漿洗街", "府南", "金沙"];
export const COMMUNITY_WORDS = [
  "青杠林", "錦苑", "桂溪", "玉林北路", "芳草", "倪家橋", "紅瓦寺", "致民路", "永豐", "機投",
  "新苗", "清水河", "雙楠", "龍爪", "棕樹", "文昌", "武陽", "簇橋", "金花", "順和",
];
export const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** Kind, weight in percent, and three name endings. */
export const ORGANIZATION_KINDS: [kind: string, weight: number, endings: [string, string, string]][] = [
  ["PARTY_COMMITTEE", 4, ["黨委", "黨委", "黨總支"]],
  ["PARTY_BRANCH", 14, ["第一網格黨支部", "退休黨員黨支部", "在職黨員黨支部"]],
  ["GOVERNMENT_AGENCY", 6, ["居民委員會", "便民服務站", "應急管理辦公室"]],
  ["NGO", 16, ["公益發展中心", "社會工作服務中心", "鄰里互助協會"]],
  ["ENTERPRISE", 14, ["實業有限公司", "商貿有限公司", "餐飲管理有限公司"]],
  ["CLINIC", 8, ["社區衛生服務站", "中醫診所", "口腔門診部"]],
  ["LEGAL_AID", 5, ["法律援助工作站", "人民調解委員會", "律師事務所"]],
  ["RESIDENT_GROUP", 10, ["居民議事會", "業主委員會", "老年協會"]],
  ["VOLUNTEER_TEAM", 12, ["志願服務隊", "巾幗志願服務隊", "青年志願者協會"]],
  ["SERVICE_CENTER", 5, ["黨群服務中心", "養老服務中心", "兒童之家"]],
  ["PROPERTY_MANAGEMENT", 4, ["物業服務中心", "物業管理有限公司", "小區物業"]],
  ["OTHER", 2, ["文體隊", "讀書會", "攝影協會"]],
];

export const PROJECT_CATEGORIES: [category: string, weight: number, titles: [string, string]][] = [
  ["HEALTH", 14, ["義診進社區活動", "慢病健康管理計劃"]],
  ["LEGAL_AID", 8, ["法律諮詢進社區", "鄰里糾紛調解計劃"]],
  ["ELDERLY_CARE", 14, ["長者關愛探訪行動", "老年助餐服務"]],
  ["CHILDREN_AND_YOUTH", 9, ["兒童暑期托管", "青少年課後輔導"]],
  ["ENVIRONMENT", 9, ["垃圾分類宣傳", "共建美麗社區清潔日"]],
  ["EMERGENCY", 12, ["暴雨應急保障行動", "防汛物資儲備"]],
  ["NEIGHBOURHOOD_SAFETY", 8, ["鄰里守望巡查", "消防安全排查"]],
  ["CULTURE", 7, ["社區文化節", "道德模範評選"]],
  ["EMPLOYMENT", 6, ["就業指導服務", "技能培訓班"]],
  ["COMMUNITY_BUILDING", 10, ["社區議事會", "困難家庭幫扶"]],
  ["OTHER", 3, ["公益市集", "志願服務積分兌換"]],
];

export const PROJECT_STATUSES: [status: string, weight: number][] = [
  ["DRAFT", 5], ["OPEN", 35], ["ACTIVE", 45], ["COMPLETED", 10], ["CANCELLED", 5],
];

/** Category, weight, unit, smallest and largest quantity, three titles, one description. */
export const NEED_CATEGORIES: [string, number, string, number, number, [string, string, string], string][] = [
  ["VOLUNTEERS", 20, "人", 5, 60, ["社區巡查志願者", "長者探訪志願者", "活動秩序志願者"], "每班四小時，需提前參加安全培訓。"],
  ["FUNDS", 8, "元", 1000, 50000, ["困難家庭幫扶資金", "活動經費", "設備購置資金"], "款項專用於本項目，支出每月公示。"],
  ["MATERIALS", 15, "件", 50, 1000, ["防汛沙袋", "清潔工具", "宣傳展板"], "送至社區黨群服務中心倉庫。"],
  ["MEDICAL_SUPPLIES", 10, "箱", 20, 500, ["醫用口罩", "血壓計", "急救包"], "須在有效期內，附合格證明。"],
  ["MEDICAL_STAFF", 6, "人", 2, 20, ["義診全科醫生", "護士", "康復治療師"], "需執業資格，週末上午到崗。"],
  ["LEGAL_EXPERTS", 5, "人", 1, 10, ["法律諮詢律師", "人民調解員", "公證員"], "每週一次駐點諮詢。"],
  ["VENUE", 5, "處", 1, 3, ["活動場地", "臨時安置點場地", "培訓教室"], "可容納五十人以上，有無障礙通道。"],
  ["TRANSPORT", 7, "輛", 1, 10, ["物資運輸車輛", "長者接送車輛", "應急轉運車輛"], "含司機，按需調度。"],
  ["FOOD", 12, "份", 50, 2000, ["愛心餐", "飲用水", "方便食品"], "按居民人數分批配送。"],
  ["SHELTER", 7, "床位", 10, 200, ["臨時安置床位", "棉被", "帳篷"], "用於受災居民臨時安置。"],
  ["OTHER", 5, "項", 1, 100, ["翻譯服務", "攝影記錄", "心理疏導"], "詳情請聯繫項目負責人。"],
];

export const URGENCIES: [urgency: string, weight: number][] = [["CRITICAL", 10], ["HIGH", 25], ["NORMAL", 45], ["LOW", 20]];

export const ROADS = ["青杠路", "玉林北路", "科華北路", "人民南路", "紅牌樓路", "武侯祠大街", "錦里中路", "望江路"];

export const PARTNER_ROLES: [role: string, weight: number][] = [["PARTNER", 50], ["SPONSOR", 25], ["SUPPORTER", 25]];
export const PARTNERSHIP_STATUSES: [status: string, weight: number][] = [["ACTIVE", 80], ["INVITED", 10], ["DECLINED", 5], ["LEFT", 5]];

export const PLEDGE_STATUSES: [status: string, weight: number][] = [
  ["OFFERED", 30], ["ACCEPTED", 30], ["DELIVERED", 20], ["DECLINED", 12], ["WITHDRAWN", 8],
];
export const PLEDGE_NOTES = ["可於週末配送", "已聯繫倉庫備貨", "可安排志願者協助搬運", "需要對方提供收貨聯繫人"];
export const DECLINE_REASONS = ["數量已足夠", "規格不符合需求", "到貨時間太晚"];
export const WITHDRAW_REASONS = ["物資調配困難", "人手不足"];
