import type { Locale } from "./locale";

/** Messages of the service directory and its HSDS API; part of MESSAGES (messages.ts). */
export const SERVICE_DIRECTORY_MESSAGES = {
  "service.notFound": {
    en: "No service has this id.",
    "zh-Hant": "沒有此編號的服務。",
    "zh-Hans": "没有此编号的服务。",
  },
  "service.notOffered": {
    en: "{organization} does not offer this service; only the organisation offering it may change it.",
    "zh-Hant": "{organization} 並未提供此服務；只有提供服務的組織才能修改。",
    "zh-Hans": "{organization} 并未提供此服务；只有提供服务的组织才能修改。",
  },
  "service.retired": {
    en: "The service was retired; it can no longer be changed.",
    "zh-Hant": "此服務已停辦，不能再修改。",
    "zh-Hans": "此服务已停办，不能再修改。",
  },
  "service.listEmpty": {
    en: "{field} needs at least one value.",
    "zh-Hant": "{field} 至少須有一項。",
    "zh-Hans": "{field} 至少须有一项。",
  },
  "service.freeWithCosts": {
    en: "A free service has no cost options; set isFree to false or remove costOptions.",
    "zh-Hant": "免費服務不能有收費項目；請將 isFree 設為 false，或刪除 costOptions。",
    "zh-Hans": "免费服务不能有收费项目；请将 isFree 设为 false，或删除 costOptions。",
  },
  "service.feesUnstated": {
    en: "A service that is not free needs costOptions or a feesDescription.",
    "zh-Hant": "收費服務須填寫 costOptions 或 feesDescription。",
    "zh-Hans": "收费服务须填写 costOptions 或 feesDescription。",
  },
  "service.costAmount": {
    en: "costOptions: an amount must be from 0 to 1,000,000 with at most two decimals; it was {amount}.",
    "zh-Hant": "costOptions：金額須在 0 至 1,000,000 之間，最多兩位小數，所填為 {amount}。",
    "zh-Hans": "costOptions：金额须在 0 至 1,000,000 之间，最多两位小数，所填为 {amount}。",
  },
  "service.currency": {
    en: 'costOptions: "{currency}" is not an ISO 4217 currency code such as CNY.',
    "zh-Hant": "costOptions：「{currency}」不是 ISO 4217 貨幣代碼，應如 CNY。",
    "zh-Hans": "costOptions：“{currency}”不是 ISO 4217 货币代码，应如 CNY。",
  },
  "service.tooManyCostOptions": {
    en: "At most {max} cost options.",
    "zh-Hant": "收費項目最多 {max} 項。",
    "zh-Hans": "收费项目最多 {max} 项。",
  },
  "service.emailInvalid": {
    en: "contactEmail is not an email address.",
    "zh-Hant": "contactEmail 不是有效的電子郵件地址。",
    "zh-Hans": "contactEmail 不是有效的电子邮件地址。",
  },
  "service.urlInvalid": {
    en: "url must be an http or https address.",
    "zh-Hant": "url 須為 http 或 https 網址。",
    "zh-Hans": "url 须为 http 或 https 网址。",
  },
  "location.notFound": {
    en: "No place has this id.",
    "zh-Hant": "沒有此編號的服務地點。",
    "zh-Hans": "没有此编号的服务地点。",
  },
  "location.notOwned": {
    en: "{organization} does not keep this place; only the organisation that added it may use or change it.",
    "zh-Hant": "此地點不屬於 {organization}；只有添加它的組織才能使用或修改。",
    "zh-Hans": "此地点不属于 {organization}；只有添加它的组织才能使用或修改。",
  },
  "location.retired": {
    en: "The place was retired; it can no longer be used or changed.",
    "zh-Hant": "此地點已停用，不能再使用或修改。",
    "zh-Hans": "此地点已停用，不能再使用或修改。",
  },
  "location.notOfService": {
    en: "The service is not offered at this place; add the place to the service's locationIds first.",
    "zh-Hant": "此服務不在該地點提供；請先將地點加入服務的 locationIds。",
    "zh-Hans": "此服务不在该地点提供；请先将地点加入服务的 locationIds。",
  },
  "location.tooMany": {
    en: "A service may be offered at up to {max} places.",
    "zh-Hant": "一項服務最多在 {max} 個地點提供。",
    "zh-Hans": "一项服务最多在 {max} 个地点提供。",
  },
  "schedule.notFound": {
    en: "No schedule has this id.",
    "zh-Hant": "沒有此編號的服務時間。",
    "zh-Hans": "没有此编号的服务时间。",
  },
  "schedule.time": {
    en: '{field} must be a time of day as HH:MM (00:00 to 23:59); it was "{value}".',
    "zh-Hant": "{field} 須為 HH:MM 格式的時間（00:00 至 23:59），所填為「{value}」。",
    "zh-Hans": "{field} 须为 HH:MM 格式的时间（00:00 至 23:59），所填为“{value}”。",
  },
  "schedule.closesBeforeOpens": {
    en: "closesAt ({closesAt}) must be later than opensAt ({opensAt}) on the same day; a session past midnight is two schedules, one ending at 23:59 and one starting at 00:00.",
    "zh-Hant": "closesAt（{closesAt}）須晚於同一天的 opensAt（{opensAt}）；跨越午夜的時段請分成兩條：一條到 23:59 結束，一條從 00:00 開始。",
    "zh-Hans": "closesAt（{closesAt}）须晚于同一天的 opensAt（{opensAt}）；跨越午夜的时段请分成两条：一条到 23:59 结束，一条从 00:00 开始。",
  },
  "schedule.date": {
    en: '{field} must be a date as YYYY-MM-DD; it was "{value}".',
    "zh-Hant": "{field} 須為 YYYY-MM-DD 格式的日期，所填為「{value}」。",
    "zh-Hans": "{field} 须为 YYYY-MM-DD 格式的日期，所填为“{value}”。",
  },
  "schedule.validRange": {
    en: "validTo ({validTo}) is before validFrom ({validFrom}).",
    "zh-Hant": "validTo（{validTo}）早於 validFrom（{validFrom}）。",
    "zh-Hans": "validTo（{validTo}）早于 validFrom（{validFrom}）。",
  },
  "schedule.timezone": {
    en: '"{timezone}" is not an IANA time zone such as Asia/Shanghai.',
    "zh-Hant": "「{timezone}」不是 IANA 時區名稱，應如 Asia/Shanghai。",
    "zh-Hans": "“{timezone}”不是 IANA 时区名称，应如 Asia/Shanghai。",
  },
  "schedule.byday": {
    en: 'byday: "{value}" is not a weekday (MO, TU, WE, TH, FR, SA, SU){monthly}.',
    "zh-Hant": "byday：「{value}」不是星期代碼（MO、TU、WE、TH、FR、SA、SU）{monthly}。",
    "zh-Hans": "byday：“{value}”不是星期代码（MO、TU、WE、TH、FR、SA、SU）{monthly}。",
  },
  "schedule.bydayOrdinalMonthly": {
    en: ", nor, for MONTHLY, one with an ordinal from -5 to 5 such as 1SA or -1FR",
    "zh-Hant": "，也不是 MONTHLY 可用的帶序號形式（-5 至 5，如 1SA、-1FR）",
    "zh-Hans": "，也不是 MONTHLY 可用的带序号形式（-5 至 5，如 1SA、-1FR）",
  },
  "schedule.bydayOrdinalWeekly": {
    en: "; ordinals such as 1SA are for MONTHLY schedules",
    "zh-Hant": "；1SA 這類帶序號的形式只用於 MONTHLY",
    "zh-Hans": "；1SA 这类带序号的形式只用于 MONTHLY",
  },
  "schedule.bymonthday": {
    en: "bymonthday: {value} is not a day of the month (1 to 31, or -1 to -31 from the end); only MONTHLY schedules take it.",
    "zh-Hant": "bymonthday：{value} 不是月中日期（1 至 31，或從月末倒數 -1 至 -31）；只有 MONTHLY 可用。",
    "zh-Hans": "bymonthday：{value} 不是月中日期（1 至 31，或从月末倒数 -1 至 -31）；只有 MONTHLY 可用。",
  },
  "schedule.noDays": {
    en: "A {freq} schedule needs byday{orMonthDay}.",
    "zh-Hant": "{freq} 排程須填寫 byday{orMonthDay}。",
    "zh-Hans": "{freq} 排程须填写 byday{orMonthDay}。",
  },
  "schedule.orMonthDay": {
    en: " or bymonthday",
    "zh-Hant": " 或 bymonthday",
    "zh-Hans": " 或 bymonthday",
  },
  "schedule.freqOrSession": {
    en: "Give either freq (a recurring schedule) or sessionDate (a one-off session), not both and not neither.",
    "zh-Hant": "請填寫 freq（定期）或 sessionDate（單次）其中之一。",
    "zh-Hans": "请填写 freq（定期）或 sessionDate（单次）其中之一。",
  },
  "schedule.tooMany": {
    en: "A service may have up to {max} schedules.",
    "zh-Hant": "一項服務最多 {max} 條服務時間。",
    "zh-Hans": "一项服务最多 {max} 条服务时间。",
  },
  "hsds.badParameter": {
    en: "The query parameter {name} must be {expected}; it was \"{value}\".",
    "zh-Hant": "查詢參數 {name} 須為{expected}，所填為「{value}」。",
    "zh-Hans": "查询参数 {name} 须为{expected}，所填为“{value}”。",
  },
  "hsds.unknownParameter": {
    en: "This endpoint takes no query parameter {name}; it takes {known}.",
    "zh-Hant": "此接口沒有查詢參數 {name}；可用的是 {known}。",
    "zh-Hans": "此接口没有查询参数 {name}；可用的是 {known}。",
  },
  "hsds.positiveInteger": {
    en: "a whole number from 1 to {max}",
    "zh-Hant": " 1 至 {max} 的整數",
    "zh-Hans": " 1 至 {max} 的整数",
  },
  "hsds.uuid": {
    en: "a UUID",
    "zh-Hant": " UUID",
    "zh-Hans": " UUID",
  },
  "hsds.budgetSpent": {
    en: "This request costs {requested} points and {remaining} of your {perMinute} points per minute are left. Retry after {wait}, or ask for fewer items (per_page).",
    "zh-Hant": "此請求需要 {requested} 點，您每分鐘 {perMinute} 點的額度只剩 {remaining} 點。請 {wait}後重試，或減少每頁條數（per_page）。",
    "zh-Hans": "此请求需要 {requested} 点，您每分钟 {perMinute} 点的额度只剩 {remaining} 点。请 {wait}后重试，或减少每页条数（per_page）。",
  },
  "hsds.repeated": {
    en: "The query parameter {name} was given more than once.",
    "zh-Hant": "查詢參數 {name} 重複出現。",
    "zh-Hans": "查询参数 {name} 重复出现。",
  },
  "hsds.serviceNotFound": {
    en: "No public service has this id.",
    "zh-Hant": "沒有此編號的公開服務。",
    "zh-Hans": "没有此编号的公开服务。",
  },
  "hsds.organizationNotFound": {
    en: "No organisation has this id.",
    "zh-Hant": "沒有此編號的組織。",
    "zh-Hans": "没有此编号的组织。",
  },
} as const satisfies Record<string, Record<Locale, string>>;
