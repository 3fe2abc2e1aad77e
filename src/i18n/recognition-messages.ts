/** Messages of recognition (hours, stars, service records, leaderboards, the hours export); part of MESSAGES (messages.ts). */
export const RECOGNITION_MESSAGES = {
  "recognition.personNotFound": {
    en: "No person has the id {id}.",
    "zh-Hant": "沒有 id 為 {id} 的人員。",
    "zh-Hans": "没有 id 为 {id} 的人员。",
  },
  "recognition.recordNotYours": {
    en: "A service record is read by the person and by admins of organisations holding their consent.",
    "zh-Hant": "志願服務記錄只供本人及獲其授權組織的管理員查閱。",
    "zh-Hans": "志愿服务记录只供本人及获其授权组织的管理员查阅。",
  },
  "recognition.exportNotMember": {
    en: "Only members and keys of the organisation export the hours served at its activities.",
    "zh-Hant": "只有該組織的成員及其 API 密鑰可以匯出其活動的服務時數。",
    "zh-Hans": "只有该组织的成员及其 API 密钥可以导出其活动的服务时数。",
  },
} as const;
