import type { Locale } from "./locale";

/** Messages of key households, their visits, and requests referred to mediation; part of MESSAGES (messages.ts). */
export const HOUSEHOLD_MESSAGES = {
  "household.notFound": {
    en: "No key household of the acting organisation has this id.",
    "zh-Hant": "所代表的組織沒有此編號的重點戶。",
    "zh-Hans": "所代表的组织没有此编号的重点户。",
  },
  "household.codeTaken": {
    en: "The acting organisation already has a household with this code.",
    "zh-Hant": "所代表的組織已有使用此編碼的住戶。",
    "zh-Hans": "所代表的组织已有使用此编码的住户。",
  },
  "household.codeFormat": {
    en: "A household code is 1 to 32 letters, digits, - and _, starting with a letter or digit (never a name).",
    "zh-Hant": "住戶編碼為 1 至 32 個字母、數字、- 或 _，以字母或數字開頭（不可用姓名）。",
    "zh-Hans": "住户编码为 1 至 32 个字母、数字、- 或 _，以字母或数字开头（不可用姓名）。",
  },
  "household.groupsRequired": {
    en: "Name at least one key group, and none twice; ALL_RESIDENTS is not a key group.",
    "zh-Hant": "請至少選一個重點人群，不可重複；ALL_RESIDENTS 不是重點人群。",
    "zh-Hans": "请至少选一个重点人群，不可重复；ALL_RESIDENTS 不是重点人群。",
  },
  "household.frequencyOutOfRange": {
    en: "visitEveryDays is a whole number of days from 1 to 366; it was {value}.",
    "zh-Hant": "visitEveryDays 須為 1 至 366 的整數天數；收到 {value}。",
    "zh-Hans": "visitEveryDays 须为 1 至 366 的整数天数；收到 {value}。",
  },
  "household.personNotHeld": {
    en: "Each member or visitor must be a person who consented to the acting organisation holding their data (registerPerson).",
    "zh-Hant": "每位住戶成員或走訪人員都須已同意所代表的組織保存其資料（registerPerson）。",
    "zh-Hans": "每位住户成员或走访人员都须已同意所代表的组织保存其资料（registerPerson）。",
  },
  "household.codePrefixFormat": {
    en: "{argument} is the start of a household code: up to 32 letters, digits, - and _.",
    "zh-Hant": "{argument} 是住戶編碼的開頭：最多 32 個字母、數字、- 或 _。",
    "zh-Hans": "{argument} 是住户编码的开头：最多 32 个字母、数字、- 或 _。",
  },
  "household.tooManyPeople": {
    en: "At most {max} people here.",
    "zh-Hant": "此處最多 {max} 人。",
    "zh-Hans": "此处最多 {max} 人。",
  },
  "household.visitInFuture": {
    en: "visitedAt is in the future: record a visit once it is made (plan it with planHouseholdVisit).",
    "zh-Hant": "visitedAt 是未來時間：走訪完成後才能記錄（可用 planHouseholdVisit 安排）。",
    "zh-Hans": "visitedAt 是未来时间：走访完成后才能记录（可用 planHouseholdVisit 安排）。",
  },
  "household.badDate": {
    en: "{field} is not a valid date.",
    "zh-Hant": "{field} 不是有效日期。",
    "zh-Hans": "{field} 不是有效日期。",
  },
  "household.dueInPast": {
    en: "dueOn is before today ({today}); plan a visit for today or later.",
    "zh-Hant": "dueOn 早於今天（{today}）；請安排今天或之後的走訪。",
    "zh-Hans": "dueOn 早于今天（{today}）；请安排今天或之后的走访。",
  },
  "household.noVisitors": {
    en: "Name who made the visit: at least one person.",
    "zh-Hant": "請填寫走訪人員：至少一人。",
    "zh-Hans": "请填写走访人员：至少一人。",
  },
  "household.requestNeedsFindings": {
    en: "A request is opened from the visit's findings: give findings too.",
    "zh-Hant": "訴求由走訪發現提出：請同時填寫發現情況。",
    "zh-Hans": "诉求由走访发现提出：请同时填写发现情况。",
  },
  "household.onBehalfNotMember": {
    en: "A request opened from a visit is for a member of the household.",
    "zh-Hant": "由走訪提出的訴求須代表該戶的成員。",
    "zh-Hans": "由走访提出的诉求须代表该户的成员。",
  },
  "request.referralCategory": {
    en: "Only a neighbourhood dispute or a property management request goes to mediation; this one is {category}.",
    "zh-Hant": "只有鄰里糾紛或物業管理類訴求可轉介調解；此訴求為 {category}。",
    "zh-Hans": "只有邻里纠纷或物业管理类诉求可转介调解；此诉求为 {category}。",
  },
  "request.alreadyReferred": {
    en: "This request was already referred to mediation.",
    "zh-Hant": "此訴求已轉介調解。",
    "zh-Hans": "此诉求已转介调解。",
  },
  "request.notCommittee": {
    en: "Requests are referred to a people's mediation committee (MEDIATION_COMMITTEE); this organisation is a {kind}.",
    "zh-Hant": "訴求須轉介至人民調解委員會（MEDIATION_COMMITTEE）；此組織類別為 {kind}。",
    "zh-Hans": "诉求须转介至人民调解委员会（MEDIATION_COMMITTEE）；此组织类别为 {kind}。",
  },
  "mediation.conflictHousehold": {
    en: "This mediator lives in the same household as a party.",
    "zh-Hant": "此調解員與一方當事人同住一戶。",
    "zh-Hans": "此调解员与一方当事人同住一户。",
  },
} as const satisfies Record<string, Record<Locale, string>>;
