import type { Locale } from "./locale";

/** Messages of people's mediation; part of MESSAGES (messages.ts). */
export const MEDIATION_MESSAGES = {
  "mediation.notCommittee": {
    en: "Only a people's mediation committee (MEDIATION_COMMITTEE) mediates; the acting organisation is a {kind}.",
    "zh-Hant": "只有人民調解委員會（MEDIATION_COMMITTEE）才能調解；所代表的組織類別為 {kind}。",
    "zh-Hans": "只有人民调解委员会（MEDIATION_COMMITTEE）才能调解；所代表的组织类别为 {kind}。",
  },
  "mediation.caseNotFound": {
    en: "No mediation case you may act on has this id.",
    "zh-Hant": "沒有此編號且您可處理的調解案件。",
    "zh-Hans": "没有此编号且您可处理的调解案件。",
  },
  "mediation.notCaseWorker": {
    en: "Only the mediators assigned to this case and the committee's admins work on it.",
    "zh-Hant": "只有指派給此案的調解員及調解委員會的管理員可以處理此案。",
    "zh-Hans": "只有指派给此案的调解员及调解委员会的管理员可以处理此案。",
  },
  "mediation.notYourParty": {
    en: "You do not answer for this party of the case: a person answers for themselves, an organisation through its admins.",
    "zh-Hant": "您不能代表此案的這一方：個人由本人、組織由其管理員作答。",
    "zh-Hans": "您不能代表此案的这一方：个人由本人、组织由其管理员作答。",
  },
  "mediation.alreadyMediator": {
    en: "This person is already on the committee's roster of mediators.",
    "zh-Hant": "此人已在調解員名冊上。",
    "zh-Hans": "此人已在调解员名册上。",
  },
  "mediation.notMediator": {
    en: "This person is not on the committee's roster of mediators (addMediator).",
    "zh-Hant": "此人不在調解員名冊上（addMediator）。",
    "zh-Hans": "此人不在调解员名册上（addMediator）。",
  },
  "mediation.personOrOrganization": {
    en: "Give exactly one of personId and organizationId.",
    "zh-Hant": "personId 與 organizationId 須填且只填一項。",
    "zh-Hans": "personId 与 organizationId 须填且只填一项。",
  },
  "mediation.needsApplicant": {
    en: "A case needs at least one applicant.",
    "zh-Hant": "案件至少須有一名申請人。",
    "zh-Hans": "案件至少须有一名申请人。",
  },
  "mediation.needsRespondent": {
    en: "A case needs at least one respondent: mediation is between parties.",
    "zh-Hant": "案件至少須有一名被申請人：調解在當事人之間進行。",
    "zh-Hans": "案件至少须有一名被申请人：调解在当事人之间进行。",
  },
  "mediation.tooManyParties": {
    en: "A case has at most {max} parties.",
    "zh-Hant": "案件最多 {max} 名當事人。",
    "zh-Hans": "案件最多 {max} 名当事人。",
  },
  "mediation.partyTwice": {
    en: "This party is named twice.",
    "zh-Hant": "此當事人重複列出。",
    "zh-Hans": "此当事人重复列出。",
  },
  "mediation.caseClosed": {
    en: "The case is {status}: it is closed.",
    "zh-Hant": "案件狀態為 {status}，已結案。",
    "zh-Hans": "案件状态为 {status}，已结案。",
  },
  "mediation.wrongStatus": {
    en: "The case is {status}; this step needs it to be {expected}.",
    "zh-Hant": "案件狀態為 {status}；此步驟須在 {expected} 時進行。",
    "zh-Hans": "案件状态为 {status}；此步骤须在 {expected} 时进行。",
  },
  "mediation.transitionNotAllowed": {
    en: "A {status} case cannot become {requested}; it may become: {allowed}.",
    "zh-Hant": "{status} 的案件不能轉為 {requested}；可轉為：{allowed}。",
    "zh-Hans": "{status} 的案件不能转为 {requested}；可转为：{allowed}。",
  },
  "mediation.conflictParty": {
    en: "This mediator is a party to the case and cannot mediate it.",
    "zh-Hant": "此調解員是本案當事人，應當迴避。",
    "zh-Hans": "此调解员是本案当事人，应当回避。",
  },
  "mediation.conflictDeclared": {
    en: "This mediator declared a relation to a party and cannot mediate the case.",
    "zh-Hant": "此調解員已申報與當事人有關係，應當迴避。",
    "zh-Hans": "此调解员已申报与当事人有关系，应当回避。",
  },
  "mediation.conflictOrganization": {
    en: "This mediator belongs to {organization}, as a party does, and cannot mediate the case.",
    "zh-Hant": "此調解員與當事人同屬 {organization}，應當迴避。",
    "zh-Hans": "此调解员与当事人同属 {organization}，应当回避。",
  },
  "mediation.alreadyAssigned": {
    en: "This mediator is already assigned to the case.",
    "zh-Hant": "此調解員已指派至本案。",
    "zh-Hans": "此调解员已指派至本案。",
  },
  "mediation.notAssigned": {
    en: "This person is not a mediator assigned to the case.",
    "zh-Hant": "此人不是本案的指派調解員。",
    "zh-Hans": "此人不是本案的指派调解员。",
  },
  "mediation.alreadyAnswered": {
    en: "This party already answered whether it agrees to mediation.",
    "zh-Hant": "此當事人已表明是否同意調解。",
    "zh-Hans": "此当事人已表明是否同意调解。",
  },
  "mediation.partyRefused": {
    en: "A party did not agree to mediation: mediation is voluntary.",
    "zh-Hant": "有當事人不同意調解：調解以自願為原則。",
    "zh-Hans": "有当事人不同意调解：调解以自愿为原则。",
  },
  "mediation.attendeeNotParty": {
    en: "Every attendee must be a party of this case.",
    "zh-Hant": "出席者須為本案當事人。",
    "zh-Hans": "出席者须为本案当事人。",
  },
  "mediation.noMediator": {
    en: "Assign a mediator before holding a session.",
    "zh-Hant": "請先指派調解員，才能進行調解。",
    "zh-Hans": "请先指派调解员，才能进行调解。",
  },
  "mediation.badDate": {
    en: "This is not a valid date and time.",
    "zh-Hant": "日期時間無效。",
    "zh-Hans": "日期时间无效。",
  },
  "mediation.noTerms": {
    en: "No terms were proposed yet (proposeAgreementTerms).",
    "zh-Hant": "尚未提出協議條款（proposeAgreementTerms）。",
    "zh-Hans": "尚未提出协议条款（proposeAgreementTerms）。",
  },
  "mediation.alreadySigned": {
    en: "This party already signed these terms.",
    "zh-Hant": "此當事人已簽署此版條款。",
    "zh-Hans": "此当事人已签署此版条款。",
  },
  "mediation.unsigned": {
    en: "An agreement needs every party's signature on the current terms; some parties have not signed.",
    "zh-Hant": "調解協議須經全體當事人簽署現行條款；尚有當事人未簽署。",
    "zh-Hans": "调解协议须经全体当事人签署现行条款；尚有当事人未签署。",
  },
  "mediation.referralWithAgreement": {
    en: "An agreement is not referred anywhere; leave referral empty.",
    "zh-Hant": "達成協議的案件不需轉介；請勿填寫 referral。",
    "zh-Hans": "达成协议的案件不需转介；请勿填写 referral。",
  },
  "mediation.referralRequired": {
    en: "Say where the parties are referred: COURT, ARBITRATION or OTHER_BODY.",
    "zh-Hant": "請填寫轉介去向：COURT、ARBITRATION 或 OTHER_BODY。",
    "zh-Hans": "请填写转介去向：COURT、ARBITRATION 或 OTHER_BODY。",
  },
  "mediation.outcomeInvalid": {
    en: "Mediation concludes as AGREEMENT or NO_AGREEMENT.",
    "zh-Hant": "調解結果須為 AGREEMENT 或 NO_AGREEMENT。",
    "zh-Hans": "调解结果须为 AGREEMENT 或 NO_AGREEMENT。",
  },
  "mediation.extensionOutOfRange": {
    en: "An extension is 1 to {max} whole days.",
    "zh-Hant": "延期須為 1 至 {max} 整天。",
    "zh-Hans": "延期须为 1 至 {max} 整天。",
  },
  "mediation.noExtension": {
    en: "No extension is proposed (proposeMediationExtension).",
    "zh-Hant": "目前沒有延期提議（proposeMediationExtension）。",
    "zh-Hans": "目前没有延期提议（proposeMediationExtension）。",
  },
  "mediation.alreadyAgreedToExtend": {
    en: "This party already agreed to this extension.",
    "zh-Hant": "此當事人已同意此次延期。",
    "zh-Hans": "此当事人已同意此次延期。",
  },
  "mediation.replacementAlreadyRequested": {
    en: "A replacement of this mediator was already requested; the committee will assign another.",
    "zh-Hant": "已申請更換此調解員；調解委員會將另行指派。",
    "zh-Hans": "已申请更换此调解员；调解委员会将另行指派。",
  },
} as const satisfies Record<string, Record<Locale, string>>;
