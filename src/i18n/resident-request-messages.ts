import type { Locale } from "./locale";

/** Messages of residents' requests; part of MESSAGES (messages.ts). */
export const RESIDENT_REQUEST_MESSAGES = {
  "request.notIntake": {
    en: "{name} does not take requests for residents; a Party or government organisation or a service centre does.",
    "zh-Hant": "{name} 不代居民登記訴求；須由黨組織、政府機構或服務中心登記。",
    "zh-Hans": "{name} 不代居民登记诉求；须由党组织、政府机构或服务中心登记。",
  },
  "request.onBehalfNeedsIntake": {
    en: "To enter a request for someone else, act for your organisation (actingOrganizationId).",
    "zh-Hant": "代他人登記訴求時，須代表所屬組織（actingOrganizationId）。",
    "zh-Hans": "代他人登记诉求时，须代表所属组织（actingOrganizationId）。",
  },
  "request.nobodyHandles": {
    en: "No routing rule covers area {code} and it has no Party organisation: nobody would handle the request.",
    "zh-Hant": "地區 {code} 既無分派規則，也無黨組織，訴求無人受理。",
    "zh-Hans": "地区 {code} 既无分派规则，也无党组织，诉求无人受理。",
  },
  "request.stepHasOwnMutation": {
    en: "This step ({status}) is not taken here: assign with assignResidentRequest, transfer with transferResidentRequest; a requester may only close or reopen.",
    "zh-Hant": "此步驟（{status}）不在此進行：指派用 assignResidentRequest，轉辦用 transferResidentRequest；訴求人只能結案或重新開啟。",
    "zh-Hans": "此步骤（{status}）不在此进行：指派用 assignResidentRequest，转办用 transferResidentRequest；诉求人只能结案或重新开启。",
  },
  "request.reopenTooLate": {
    en: "A request may be reopened only within {days} days of its resolution; file a new one.",
    "zh-Hant": "訴求只能在辦結後 {days} 天內重新開啟；請另行提出。",
    "zh-Hans": "诉求只能在办结后 {days} 天内重新开启；请另行提出。",
  },
  "request.oneAssignee": {
    en: "Give either personId or teamId, not both and not neither.",
    "zh-Hant": "請填寫 personId 或 teamId 其中之一。",
    "zh-Hans": "请填写 personId 或 teamId 其中之一。",
  },
  "request.assigneeNotOnRoster": {
    en: "The person is not on your organisation's team roster.",
    "zh-Hant": "此人不在貴組織的隊員名冊中。",
    "zh-Hans": "此人不在贵组织的队员名册中。",
  },
  "request.teamNotFound": {
    en: "No volunteer team has this id.",
    "zh-Hant": "沒有此 id 的志願服務隊。",
    "zh-Hans": "没有此 id 的志愿服务队。",
  },
  "request.transferToSelf": {
    en: "The request is already yours; transfer it to another organisation.",
    "zh-Hant": "訴求已由貴組織辦理；請轉給其他組織。",
    "zh-Hans": "诉求已由贵组织办理；请转给其他组织。",
  },
  "request.finished": {
    en: "The request is {status}; nothing more can be done with it.",
    "zh-Hant": "訴求已 {status}，不能再處理。",
    "zh-Hans": "诉求已 {status}，不能再处理。",
  },
  "request.acceptFirst": {
    en: "Accept the request before linking it to work.",
    "zh-Hant": "請先受理訴求，再關聯項目或需求。",
    "zh-Hans": "请先受理诉求，再关联项目或需求。",
  },
  "request.projectNotShared": {
    en: "No project your organisation leads or is an active partner of has this id.",
    "zh-Hant": "沒有此 id 且由貴組織牽頭或參與的項目。",
    "zh-Hans": "没有此 id 且由贵组织牵头或参与的项目。",
  },
  "request.ruleChangedMeanwhile": {
    en: "Someone set this rule at the same moment; try again.",
    "zh-Hant": "有人同時設定了此規則，請重試。",
    "zh-Hans": "有人同时设定了此规则，请重试。",
  },
  "request.ruleNotFound": {
    en: "No routing rule has this id.",
    "zh-Hant": "沒有此 id 的分派規則。",
    "zh-Hans": "没有此 id 的分派规则。",
  },
  "request.transitionNotAllowed": {
    en: "A request that is {status} cannot become {requested} by you; it may become: {allowed}.",
    "zh-Hant": "狀態為 {status} 的訴求不能由您變為 {requested}；可變為：{allowed}。",
    "zh-Hans": "状态为 {status} 的诉求不能由您变为 {requested}；可变为：{allowed}。",
  },
  "request.reasonRequired": {
    en: "Say why (reason) to make the request {status}.",
    "zh-Hant": "將訴求變為 {status} 須說明原因（reason）。",
    "zh-Hans": "将诉求变为 {status} 须说明原因（reason）。",
  },
  "request.notHandled": {
    en: "Your organisation handles no request with this id.",
    "zh-Hant": "貴組織沒有辦理此 id 的訴求。",
    "zh-Hans": "贵组织没有办理此 id 的诉求。",
  },
  "request.notYours": {
    en: "You filed no request with this id.",
    "zh-Hant": "您沒有提出此 id 的訴求。",
    "zh-Hans": "您没有提出此 id 的诉求。",
  },
  "request.personWithoutConsent": {
    en: "No person who consented to your organisation keeping their data has this id; record their consent first.",
    "zh-Hant": "沒有此 id 且同意貴組織保存資料的居民；請先記錄其同意。",
    "zh-Hans": "没有此 id 且同意贵组织保存资料的居民；请先记录其同意。",
  },
  "request.inAppNeedsPerson": {
    en: "IN_APP needs a known requester: register (registerMyself), or give a phone, email or WeChat contact.",
    "zh-Hant": "IN_APP 須有已登記的訴求人：請先登記（registerMyself），或留下電話、郵箱或微信。",
    "zh-Hans": "IN_APP 须有已登记的诉求人：请先登记（registerMyself），或留下电话、邮箱或微信。",
  },
  "request.inAppNoValue": {
    en: "IN_APP takes no contactValue; leave it out.",
    "zh-Hant": "IN_APP 不需 contactValue，請刪去。",
    "zh-Hans": "IN_APP 不需 contactValue，请删去。",
  },
  "request.contactRequired": {
    en: "Give the {channel} contact (contactValue) to be reached at.",
    "zh-Hant": "請填寫 {channel} 聯絡方式（contactValue）。",
    "zh-Hans": "请填写 {channel} 联系方式（contactValue）。",
  },
  "request.contactFormat": {
    en: "contactValue is not a valid {channel} contact.",
    "zh-Hant": "contactValue 不是有效的 {channel} 聯絡方式。",
    "zh-Hans": "contactValue 不是有效的 {channel} 联系方式。",
  },
  "request.contactConsent": {
    en: "The contact is kept only with consent: set consentToKeepContact to true.",
    "zh-Hant": "須經同意才保存聯絡方式：請將 consentToKeepContact 設為 true。",
    "zh-Hans": "须经同意才保存联系方式：请将 consentToKeepContact 设为 true。",
  },
  "request.notRoutingKeeper": {
    en: "{name} does not keep the routing table; a community's or street's Party or government organisation does.",
    "zh-Hant": "{name} 不維護分派規則；須由社區或街道的黨組織或政府機構維護。",
    "zh-Hans": "{name} 不维护分派规则；须由社区或街道的党组织或政府机构维护。",
  },
  "request.keeperNotVerified": {
    en: "{name} is not verified yet; it keeps the routing table once an organisation that may vouch for it verifies it.",
    "zh-Hant": "{name} 尚未認證；經擔保組織認證後才能維護分派規則。",
    "zh-Hans": "{name} 尚未认证；经担保组织认证后才能维护分派规则。",
  },
  "request.ruleOutsideArea": {
    en: "Area {code} is outside your organisation's area {area}.",
    "zh-Hant": "地區 {code} 不在貴組織的轄區 {area} 內。",
    "zh-Hans": "地区 {code} 不在贵组织的辖区 {area} 内。",
  },
} as const satisfies Record<string, Record<Locale, string>>;
