import type { Locale } from "./locale";

/** Messages of residents' feedback; part of MESSAGES (messages.ts). */
export const FEEDBACK_MESSAGES = {
  "feedback.oneSubject": {
    en: "Rate exactly one thing: a requestId, a serviceId with its sessionDate, or an activityId.",
    "zh-Hant": "每次只評價一項：requestId、serviceId（附 sessionDate）或 activityId。",
    "zh-Hans": "每次只评价一项：requestId、serviceId（附 sessionDate）或 activityId。",
  },
  "feedback.sessionDateRequired": {
    en: "A service is rated for one session: give its sessionDate (YYYY-MM-DD).",
    "zh-Hant": "評價服務須指明哪一次：請提供 sessionDate（YYYY-MM-DD）。",
    "zh-Hans": "评价服务须指明哪一次：请提供 sessionDate（YYYY-MM-DD）。",
  },
  "feedback.sessionDateFormat": {
    en: "sessionDate must be a date written YYYY-MM-DD.",
    "zh-Hant": "sessionDate 須為 YYYY-MM-DD 格式的日期。",
    "zh-Hans": "sessionDate 须为 YYYY-MM-DD 格式的日期。",
  },
  "feedback.starsRange": {
    en: "Stars are a whole number from 1 to 5, not {stars}.",
    "zh-Hant": "星級須為 1 至 5 的整數，不能是 {stars}。",
    "zh-Hans": "星级须为 1 至 5 的整数，不能是 {stars}。",
  },
  "feedback.onlineIsOwn": {
    en: "ONLINE ratings are given by residents themselves; staff entering what a resident said choose QUESTIONNAIRE, MEETING or PHONE.",
    "zh-Hant": "ONLINE 評價由居民本人提交；工作人員代錄請選 QUESTIONNAIRE、MEETING 或 PHONE。",
    "zh-Hans": "ONLINE 评价由居民本人提交；工作人员代录请选 QUESTIONNAIRE、MEETING 或 PHONE。",
  },
  "feedback.offlineNeedsStaff": {
    en: "{channel} ratings are entered by the rated organisation's staff: act for it (actingOrganizationId).",
    "zh-Hant": "{channel} 評價由被評組織的工作人員代錄：請代表該組織（actingOrganizationId）。",
    "zh-Hans": "{channel} 评价由被评组织的工作人员代录：请代表该组织（actingOrganizationId）。",
  },
  "feedback.notRatedOrganization": {
    en: "Only the rated organisation ({name}) enters offline ratings of this.",
    "zh-Hant": "只有被評組織（{name}）可代錄此項的線下評價。",
    "zh-Hans": "只有被评组织（{name}）可代录此项的线下评价。",
  },
  "feedback.requestNotYours": {
    en: "No request of yours has this id: residents rate the requests they filed.",
    "zh-Hant": "您沒有此 id 的訴求：居民只能評價自己提出的訴求。",
    "zh-Hans": "您没有此 id 的诉求：居民只能评价自己提出的诉求。",
  },
  "feedback.requestNotResolved": {
    en: "A request is rated once it is RESOLVED or CLOSED; this one is {status}.",
    "zh-Hant": "訴求須為 RESOLVED 或 CLOSED 方可評價；此訴求為 {status}。",
    "zh-Hans": "诉求须为 RESOLVED 或 CLOSED 方可评价；此诉求为 {status}。",
  },
  "feedback.requestPersonImplied": {
    en: "A request is rated for its requester: leave out onBehalfOfPersonId.",
    "zh-Hant": "訴求的評價即代表訴求人：請勿填 onBehalfOfPersonId。",
    "zh-Hans": "诉求的评价即代表诉求人：请勿填 onBehalfOfPersonId。",
  },
  "feedback.personRequired": {
    en: "Entering a rating of a session or an activity needs the resident who gave it (onBehalfOfPersonId, a person who consented to your organisation).",
    "zh-Hant": "代錄服務或活動的評價須指明評價的居民（onBehalfOfPersonId，已授權貴組織的人員）。",
    "zh-Hans": "代录服务或活动的评价须指明评价的居民（onBehalfOfPersonId，已授权贵组织的人员）。",
  },
  "feedback.onBehalfOnlyOffline": {
    en: "onBehalfOfPersonId is for staff entering an offline rating.",
    "zh-Hant": "onBehalfOfPersonId 僅供工作人員代錄線下評價時使用。",
    "zh-Hans": "onBehalfOfPersonId 仅供工作人员代录线下评价时使用。",
  },
  "feedback.sessionNotHeld": {
    en: "The service held no session on {date}.",
    "zh-Hant": "該服務於 {date} 沒有場次。",
    "zh-Hans": "该服务于 {date} 没有场次。",
  },
  "feedback.sessionInFuture": {
    en: "The session of {date} has not happened yet.",
    "zh-Hant": "{date} 的場次尚未舉行。",
    "zh-Hans": "{date} 的场次尚未举行。",
  },
  "feedback.activityNotHeld": {
    en: "The activity has not taken place (it is {status} and none of its shifts has started).",
    "zh-Hant": "活動尚未舉行（狀態為 {status}，且沒有已開始的班次）。",
    "zh-Hans": "活动尚未举行（状态为 {status}，且没有已开始的班次）。",
  },
  "feedback.activityNotFound": {
    en: "No activity has this id.",
    "zh-Hant": "沒有此編號的活動。",
    "zh-Hans": "没有此编号的活动。",
  },
  "feedback.ratedOnline": {
    en: "The resident rated this themself online; only they change that rating.",
    "zh-Hant": "居民已親自在線評價此項；只有本人可以修改。",
    "zh-Hans": "居民已亲自在线评价此项；只有本人可以修改。",
  },
  "feedback.ratedMeanwhile": {
    en: "The same rating was being given at the same moment; send it again to change it.",
    "zh-Hant": "同一評價正同時提交；請再送出一次以修改。",
    "zh-Hans": "同一评价正同时提交；请再送出一次以修改。",
  },
  "feedback.organizationNotYours": {
    en: "Only members and keys of an organisation read the ratings it received.",
    "zh-Hant": "只有組織的成員與金鑰可閱讀其收到的評價。",
    "zh-Hans": "只有组织的成员与密钥可阅读其收到的评价。",
  },
} as const satisfies Record<string, Record<Locale, string>>;
