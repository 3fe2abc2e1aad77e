import type { Locale } from "./locale";
import { RECOGNITION_MESSAGES } from "./recognition-messages";
import { SERVICE_DIRECTORY_MESSAGES } from "./service-directory-messages";
import { COUNCIL_MESSAGES } from "./council-messages";
import { RESIDENT_REQUEST_MESSAGES } from "./resident-request-messages";
import { MEDIATION_MESSAGES } from "./mediation-messages";
import { FEEDBACK_MESSAGES } from "./feedback-messages";
import { HOUSEHOLD_MESSAGES } from "./household-messages";

/*
 * Every message the API shows to callers, in each language. `{name}` is a value filled in when the
 * message is shown; API identifiers (field names, enum values, scopes) stay as they are in every
 * language. Traditional Chinese is written as read in Sichuan (項目, 賬號, 登錄, 字段), not in Taiwan.
 */
export const MESSAGES = {
  // Input fields in general
  "input.required": {
    en: "{field} is required.",
    "zh-Hant": "{field} 為必填項。",
    "zh-Hans": "{field} 为必填项。",
  },
  "input.blank": {
    en: "{field} cannot be blank.",
    "zh-Hant": "{field} 不能為空。",
    "zh-Hans": "{field} 不能为空。",
  },
  "input.tooLong": {
    en: "{field} is {length} characters long; the limit is {limit}.",
    "zh-Hant": "{field} 共 {length} 個字符，上限為 {limit} 個。",
    "zh-Hans": "{field} 共 {length} 个字符，上限为 {limit} 个。",
  },
  "input.notXmlCharacter": {
    en: "{field} holds the character {character}, which XML forbids, so it cannot be published; remove it.",
    "zh-Hant": "{field} 含有 XML 不允許的字符 {character}，無法發布，請刪除。",
    "zh-Hans": "{field} 含有 XML 不允许的字符 {character}，无法发布，请删除。",
  },
  "input.degreesOutOfRange": {
    en: "{field} must be from -{limit} to {limit} degrees; it was {value}.",
    "zh-Hant": "{field} 須在 -{limit} 至 {limit} 度之間，所填為 {value}。",
    "zh-Hans": "{field} 须在 -{limit} 至 {limit} 度之间，所填为 {value}。",
  },
  "input.coordinatesTogether": {
    en: "Give latitude and longitude together, or clear both.",
    "zh-Hant": "緯度（latitude）和經度（longitude）須同時填寫，或同時清空。",
    "zh-Hans": "纬度（latitude）和经度（longitude）须同时填写，或同时清空。",
  },
  "input.quantityOutOfRange": {
    en: "{field} must be above 0 and at most {max}; it was {value}.",
    "zh-Hant": "{field} 須大於 0 且不超過 {max}，所填為 {value}。",
    "zh-Hans": "{field} 须大于 0 且不超过 {max}，所填为 {value}。",
  },
  "input.tooManyDecimals": {
    en: "{field} may have at most two decimals; it was {value}.",
    "zh-Hant": "{field} 最多保留兩位小數，所填為 {value}。",
    "zh-Hans": "{field} 最多保留两位小数，所填为 {value}。",
  },
  "input.notADate": {
    en: '{field} must be a date like 2026-12-01; it was "{value}".',
    "zh-Hant": "{field} 須為日期，如 2026-12-01；所填為「{value}」。",
    "zh-Hans": "{field} 须为日期，如 2026-12-01；所填为“{value}”。",
  },

  // Areas
  "area.unknownCode": {
    en: 'No area has the code "{code}".',
    "zh-Hant": "沒有區劃代碼為「{code}」的區域。",
    "zh-Hans": "没有区划代码为“{code}”的区域。",
  },
  "area.unknownCodeIn": {
    en: '{argument}: no area has the code "{code}".',
    "zh-Hant": "{argument}：沒有區劃代碼為「{code}」的區域。",
    "zh-Hans": "{argument}：没有区划代码为“{code}”的区域。",
  },

  // Organisations
  "organization.notFound": {
    en: "No organization has this id.",
    "zh-Hant": "沒有此 id 的組織。",
    "zh-Hans": "没有此 id 的组织。",
  },
  "organization.actingNotFound": {
    en: "No organization has the id given as actingOrganizationId.",
    "zh-Hant": "找不到 actingOrganizationId 所指的組織。",
    "zh-Hans": "找不到 actingOrganizationId 所指的组织。",
  },
  "organization.parentNotFound": {
    en: "No organization has the id given as parentId.",
    "zh-Hant": "找不到 parentId 所指的組織。",
    "zh-Hans": "找不到 parentId 所指的组织。",
  },
  "organization.parentCycle": {
    en: "{parent} is this organization or one below it, so it cannot be its parent.",
    "zh-Hant": "{parent}是本組織或其下屬組織，不能作為上級組織。",
    "zh-Hans": "{parent}是本组织或其下属组织，不能作为上级组织。",
  },
  "organization.slugInvalid": {
    en: "slug may hold only lowercase letters a–z, digits and single hyphens between them, like qinggang-clinic.",
    "zh-Hant": "slug 只能包含小寫字母 a–z、數字，以及夾在其間的單個連字符，例如 qinggang-clinic。",
    "zh-Hans": "slug 只能包含小写字母 a–z、数字，以及夹在其间的单个连字符，例如 qinggang-clinic。",
  },
  "organization.slugTaken": {
    en: 'The slug "{slug}" is already used.',
    "zh-Hant": "slug「{slug}」已被使用。",
    "zh-Hans": "slug“{slug}”已被使用。",
  },
  "organization.slugTakenBy": {
    en: 'The slug "{slug}" is already used by {holder}.',
    "zh-Hant": "slug「{slug}」已被{holder}使用。",
    "zh-Hans": "slug“{slug}”已被{holder}使用。",
  },
  "organization.phoneInvalid": {
    en: "contactPhone may hold digits, spaces, hyphens, brackets and a leading +.",
    "zh-Hant": "contactPhone 只能包含數字、空格、連字符、括號，以及開頭的 +。",
    "zh-Hans": "contactPhone 只能包含数字、空格、连字符、括号，以及开头的 +。",
  },
  "organization.websiteInvalid": {
    en: "website must be an http:// or https:// address.",
    "zh-Hant": "website 須為以 http:// 或 https:// 開頭的網址。",
    "zh-Hans": "website 须为以 http:// 或 https:// 开头的网址。",
  },
  "organization.idOrSlug": {
    en: "Give either id or slug, not both and not neither.",
    "zh-Hant": "id 和 slug 須給出其中一個，且只能給出一個。",
    "zh-Hans": "id 和 slug 须给出其中一个，且只能给出一个。",
  },

  // Verification (who vouches for whom: auth/vouching.ts)
  "organization.noParentRequest": {
    en: "This organisation has not asked to belong to yours, or its request was already answered.",
    "zh-Hant": "該組織沒有申請隸屬於貴組織，或其申請已有答覆。",
    "zh-Hans": "该组织没有申请隶属于贵组织，或其申请已有答复。",
  },
  "verification.voucherUnverified": {
    en: "{voucher} is not verified itself, so it cannot vouch for other organisations.",
    "zh-Hant": "{voucher}自身尚未認證，不能為其他組織擔保。",
    "zh-Hans": "{voucher}自身尚未认证，不能为其他组织担保。",
  },
  "verification.mayNotVouch": {
    en: "{voucher} may not vouch for {organization}: a district's Party committee or government agency vouches for the Party organisations and agencies of its streets and communities, and a community's Party organisation for the other organisations registered in its community.",
    "zh-Hant": "{voucher}不能為{organization}擔保：區級黨委或政府機構為其街道、社區的黨組織和機構擔保，社區黨組織為在本社區登記的其他組織擔保。",
    "zh-Hans": "{voucher}不能为{organization}担保：区级党委或政府机构为其街道、社区的党组织和机构担保，社区党组织为在本社区登记的其他组织担保。",
  },
  "verification.alreadyVerified": {
    en: "{organization} is already verified.",
    "zh-Hant": "{organization}已經認證。",
    "zh-Hans": "{organization}已经认证。",
  },
  "verification.notVerified": {
    en: "{organization} is not verified, so there is no verification to revoke.",
    "zh-Hant": "{organization}尚未認證，沒有可撤銷的認證。",
    "zh-Hans": "{organization}尚未认证，没有可撤销的认证。",
  },
  "verification.required": {
    en: "{name} is not verified yet; an organisation that may vouch for it must verify it before it can issue, update or cancel alerts.",
    "zh-Hant": "{name}尚未認證；須由可為其擔保的組織認證後，才能發布、更新或取消預警。",
    "zh-Hans": "{name}尚未认证；须由可为其担保的组织认证后，才能发布、更新或取消预警。",
  },

  // Accounts, members and API keys
  "account.emailInvalid": {
    en: "email must look like name@example.org.",
    "zh-Hant": "email 的格式應如 name@example.org。",
    "zh-Hans": "email 的格式应如 name@example.org。",
  },
  "account.passwordLength": {
    en: "password must be 10 to 200 characters long.",
    "zh-Hant": "password 的長度須為 10 至 200 個字符。",
    "zh-Hans": "password 的长度须为 10 至 200 个字符。",
  },
  "account.emailTaken": {
    en: "An account with this email exists; sign in instead.",
    "zh-Hant": "該郵箱已註冊賬號，請直接登錄。",
    "zh-Hans": "该邮箱已注册账号，请直接登录。",
  },
  "account.wrongCredentials": {
    en: "The email or the password is wrong.",
    "zh-Hant": "郵箱或密碼錯誤。",
    "zh-Hans": "邮箱或密码错误。",
  },
  "account.signInThrottled": {
    en: "Too many failed sign-ins; try again in {seconds} seconds.",
    "zh-Hant": "登錄失敗次數過多，請 {seconds} 秒後再試。",
    "zh-Hans": "登录失败次数过多，请 {seconds} 秒后再试。",
  },
  "member.noAccount": {
    en: "No account has this email; ask the person to sign up first.",
    "zh-Hant": "沒有使用該郵箱的賬號，請讓對方先註冊。",
    "zh-Hans": "没有使用该邮箱的账号，请让对方先注册。",
  },
  "account.signUpThrottled": {
    en: "Too many sign-ups from this address; try again in {seconds} seconds.",
    "zh-Hant": "此地址的註冊次數過多，請 {seconds} 秒後再試。",
    "zh-Hans": "此地址的注册次数过多，请 {seconds} 秒后再试。",
  },
  "member.lookupsThrottled": {
    en: "Too many members added by email; try again in {seconds} seconds.",
    "zh-Hant": "按郵箱添加成員的次數過多，請 {seconds} 秒後再試。",
    "zh-Hans": "按邮箱添加成员的次数过多，请 {seconds} 秒后再试。",
  },
  "member.alreadyMember": {
    en: "This person is already a member; change their role instead.",
    "zh-Hant": "此人已是成員，如需調整，請修改其角色。",
    "zh-Hans": "此人已是成员，如需调整，请修改其角色。",
  },
  "member.notFound": {
    en: "This person is not a member of the organisation.",
    "zh-Hant": "此人不是該組織的成員。",
    "zh-Hans": "此人不是该组织的成员。",
  },
  "member.lastOwner": {
    en: "This is the organisation's last owner; make someone else an owner first.",
    "zh-Hant": "此人是該組織唯一的所有者，請先指定另一位所有者。",
    "zh-Hans": "此人是该组织唯一的所有者，请先指定另一位所有者。",
  },
  "apiKey.scopeRequired": {
    en: "Give the key at least one scope.",
    "zh-Hant": "請為密鑰至少指定一個權限範圍（scope）。",
    "zh-Hans": "请为密钥至少指定一个权限范围（scope）。",
  },
  "apiKey.notFound": {
    en: "The organisation has no API key with this id.",
    "zh-Hant": "該組織沒有此 id 的 API 密鑰。",
    "zh-Hans": "该组织没有此 id 的 API 密钥。",
  },
  "apiKey.alreadyRevoked": {
    en: "This key is already revoked.",
    "zh-Hant": "此密鑰已被撤銷。",
    "zh-Hans": "此密钥已被撤销。",
  },

  "webhook.notAUrl": {
    en: "Give the endpoint's full URL, such as https://example.org/hooks/cogov.",
    "zh-Hant": "請填寫端點的完整網址，例如 https://example.org/hooks/cogov。",
    "zh-Hans": "请填写端点的完整网址，例如 https://example.org/hooks/cogov。",
  },
  "webhook.notHttp": {
    en: "Webhook URLs start with https:// or http://.",
    "zh-Hant": "Webhook 網址須以 https:// 或 http:// 開頭。",
    "zh-Hans": "Webhook 网址须以 https:// 或 http:// 开头。",
  },
  "webhook.credentials": {
    en: "Leave user names and passwords out of the URL; check each delivery's signature instead.",
    "zh-Hant": "網址中請勿包含用戶名和密碼；請改為驗證每次投遞的簽名。",
    "zh-Hans": "网址中请勿包含用户名和密码；请改为验证每次投递的签名。",
  },
  "webhook.unresolvable": {
    en: 'The host "{host}" cannot be found; check the URL.',
    "zh-Hant": "找不到主機「{host}」，請檢查網址。",
    "zh-Hans": "找不到主机“{host}”，请检查网址。",
  },
  "webhook.privateAddress": {
    en: '"{host}" is a loopback, private or otherwise non-public address; endpoints must be reachable on the public internet (the operator can allow such addresses for testing with COGOV_WEBHOOK_ALLOW_PRIVATE=true).',
    "zh-Hant": "「{host}」是本機、內網或其他非公網地址；端點須可從公網訪問（運維人員可設 COGOV_WEBHOOK_ALLOW_PRIVATE=true 以便測試時允許此類地址）。",
    "zh-Hans": "“{host}”是本机、内网或其他非公网地址；端点须可从公网访问（运维人员可设 COGOV_WEBHOOK_ALLOW_PRIVATE=true 以便测试时允许此类地址）。",
  },
  "webhook.eventTypesRequired": {
    en: "Choose at least one event type.",
    "zh-Hant": "請至少選擇一種事件類型。",
    "zh-Hans": "请至少选择一种事件类型。",
  },
  "webhook.notFound": {
    en: "The organisation has no webhook endpoint with this id.",
    "zh-Hant": "該組織沒有此 id 的 Webhook 端點。",
    "zh-Hans": "该组织没有此 id 的 Webhook 端点。",
  },
  "webhook.tooMany": {
    en: "An organisation may have at most {limit} webhook endpoints; delete one first.",
    "zh-Hant": "每個組織最多可設 {limit} 個 Webhook 端點，請先刪除一個。",
    "zh-Hans": "每个组织最多可设 {limit} 个 Webhook 端点，请先删除一个。",
  },
  "webhook.deliveryNotFound": {
    en: "The organisation's webhook endpoints have no delivery with this id; deliveries of deleted endpoints and those past the retention period are gone.",
    "zh-Hant": "該組織的 Webhook 端點沒有此 id 的投遞；已刪除端點的投遞和超過保留期限的投遞已不存在。",
    "zh-Hans": "该组织的 Webhook 端点没有此 id 的投递；已删除端点的投递和超过保留期限的投递已不存在。",
  },
  "webhook.redeliverPaused": {
    en: "The endpoint is paused; resume it (updateWebhookEndpoint with active: true) before sending a delivery again.",
    "zh-Hant": "該端點已暫停；請先恢復（updateWebhookEndpoint 設 active: true），再重新投遞。",
    "zh-Hans": "该端点已暂停；请先恢复（updateWebhookEndpoint 设 active: true），再重新投递。",
  },
  "webhook.redeliverPending": {
    en: "The delivery is still pending: it will be sent at nextAttemptAt. Only deliveries that succeeded or failed can be sent again.",
    "zh-Hant": "該投遞仍在等待中，將於 nextAttemptAt 發送。只有已成功或已失敗的投遞才能重新投遞。",
    "zh-Hans": "该投递仍在等待中，将于 nextAttemptAt 发送。只有已成功或已失败的投递才能重新投递。",
  },

  // CSV exports (GET /exports/…): their query parameters
  "export.unknownParameter": {
    en: 'This export has no parameter "{name}"; it takes {allowed}.',
    "zh-Hant": "此導出沒有參數「{name}」；可用參數為 {allowed}。",
    "zh-Hans": "此导出没有参数“{name}”；可用参数为 {allowed}。",
  },
  "export.repeatedParameter": {
    en: "Give {name} only once; separate several values with commas.",
    "zh-Hant": "參數 {name} 只能給一次；多個值請用逗號分隔。",
    "zh-Hans": "参数 {name} 只能给一次；多个值请用逗号分隔。",
  },
  "export.notAllowedValue": {
    en: '{name}: "{value}" is not allowed; use {allowed}.',
    "zh-Hant": "{name}：不接受「{value}」；可用值為 {allowed}。",
    "zh-Hans": "{name}：不接受“{value}”；可用值为 {allowed}。",
  },
  "export.notATime": {
    en: '{name} must be a date like 2026-05-01 or a time like 2026-05-01T08:00:00+08:00; it was "{value}".',
    "zh-Hant": "{name} 須為日期（如 2026-05-01）或時間（如 2026-05-01T08:00:00+08:00）；所填為「{value}」。",
    "zh-Hans": "{name} 须为日期（如 2026-05-01）或时间（如 2026-05-01T08:00:00+08:00）；所填为“{value}”。",
  },
  "export.fromNotBeforeTo": {
    en: "from ({from}) must be before to ({to}).",
    "zh-Hant": "from（{from}）須早於 to（{to}）。",
    "zh-Hans": "from（{from}）须早于 to（{to}）。",
  },
  "export.spanTooLong": {
    en: "from and to are {days} days apart; one export covers at most {max} days, so split it into several.",
    "zh-Hant": "from 與 to 相隔 {days} 天；每次導出最多涵蓋 {max} 天，請分成幾次導出。",
    "zh-Hans": "from 与 to 相隔 {days} 天；每次导出最多涵盖 {max} 天，请分成几次导出。",
  },
  "export.tooManyRunning": {
    en: "{limit} exports are already running on this server; retry after {seconds} seconds.",
    "zh-Hant": "本服務器已有 {limit} 個導出正在進行；請 {seconds} 秒後重試。",
    "zh-Hans": "本服务器已有 {limit} 个导出正在进行；请 {seconds} 秒后重试。",
  },

  // Credentials and permissions
  "auth.signInOrSendKey": {
    en: "Sign in (signIn) or send an API key to do this.",
    "zh-Hant": "請先登錄（signIn）或提供 API 密鑰，再進行此操作。",
    "zh-Hans": "请先登录（signIn）或提供 API 密钥，再进行此操作。",
  },
  "auth.signInRequired": {
    en: "Sign in (signIn) to do this.",
    "zh-Hant": "請先登錄（signIn），再進行此操作。",
    "zh-Hans": "请先登录（signIn），再进行此操作。",
  },
  "auth.keyForOtherOrganization": {
    en: "This API key acts only for its own organisation.",
    "zh-Hant": "此 API 密鑰只能代表其所屬組織操作。",
    "zh-Hans": "此 API 密钥只能代表其所属组织操作。",
  },
  "auth.keyNotForThisMemberWork": {
    en: "API keys cannot do this; a member must sign in.",
    "zh-Hant": "API 密鑰不能進行此操作，須由成員登錄後操作。",
    "zh-Hans": "API 密钥不能进行此操作，须由成员登录后操作。",
  },
  "auth.keyNotForPersonalWork": {
    en: "API keys cannot do this; a person must sign in.",
    "zh-Hant": "API 密鑰不能進行此操作，須由本人登錄後操作。",
    "zh-Hans": "API 密钥不能进行此操作，须由本人登录后操作。",
  },
  "auth.keyLacksScope": {
    en: "This API key lacks the {scope} scope.",
    "zh-Hant": "此 API 密鑰缺少 {scope} 權限範圍。",
    "zh-Hans": "此 API 密钥缺少 {scope} 权限范围。",
  },
  "auth.notMember": {
    en: "You are not a member of the organisation you are acting for.",
    "zh-Hant": "您不是所代表組織的成員。",
    "zh-Hans": "您不是所代表组织的成员。",
  },
  "auth.roleTooWeak": {
    en: "This needs the {required} role or a stronger one in the organisation; yours is {role}.",
    "zh-Hant": "此操作需要您在組織中擔任 {required} 或更高的角色，您的角色是 {role}。",
    "zh-Hans": "此操作需要您在组织中担任 {required} 或更高的角色，您的角色是 {role}。",
  },
  "auth.credentialsFormat": {
    en: "Send credentials as `Authorization: Bearer <token or API key>`.",
    "zh-Hant": "請以 `Authorization: Bearer <令牌或 API 密鑰>` 的形式發送憑證。",
    "zh-Hans": "请以 `Authorization: Bearer <令牌或 API 密钥>` 的形式发送凭证。",
  },
  "auth.accountGone": {
    en: "No Cogov account matches this token (it may have been deleted); sign in again.",
    "zh-Hant": "沒有與此令牌對應的 Cogov 賬號（可能已被刪除），請重新登錄。",
    "zh-Hans": "没有与此令牌对应的 Cogov 账号（可能已被删除），请重新登录。",
  },
  "auth.keyMalformed": {
    en: "This is not a well-formed API key: keys are cgk_, 12 letters or digits, _, then 43 characters, with no spaces.",
    "zh-Hant": "這不是格式正確的 API 密鑰：密鑰依次由 cgk_、12 個字母或數字、_ 和 43 個字符組成，不含空格。",
    "zh-Hans": "这不是格式正确的 API 密钥：密钥依次由 cgk_、12 个字母或数字、_ 和 43 个字符组成，不含空格。",
  },
  "auth.keyInvalid": {
    en: "This API key is not valid.",
    "zh-Hant": "此 API 密鑰無效。",
    "zh-Hans": "此 API 密钥无效。",
  },
  "auth.keyRevoked": {
    en: "This API key was revoked; ask an admin of its organisation for a new one.",
    "zh-Hant": "此 API 密鑰已被撤銷，請向其所屬組織的管理員申請新密鑰。",
    "zh-Hans": "此 API 密钥已被撤销，请向其所属组织的管理员申请新密钥。",
  },
  "auth.tokenNotJwt": {
    en: "The token is not a JWT; sign in again, or send an API key.",
    "zh-Hant": "此令牌不是 JWT，請重新登錄，或改用 API 密鑰。",
    "zh-Hans": "此令牌不是 JWT，请重新登录，或改用 API 密钥。",
  },
  "auth.tokenExpired": {
    en: "The token has expired; sign in again.",
    "zh-Hant": "令牌已過期，請重新登錄。",
    "zh-Hans": "令牌已过期，请重新登录。",
  },
  "auth.renewOtherAccount": {
    en: "These credentials belong to another account or key; a connection keeps the one it opened with, so open a new connection to act as another.",
    "zh-Hant": "這些憑據屬於另一個賬號或密鑰；連接只沿用建立時的身份，如需以其他身份操作，請新建連接。",
    "zh-Hans": "这些凭据属于另一个账号或密钥；连接只沿用建立时的身份，如需以其他身份操作，请新建连接。",
  },
  "auth.tokenInvalid": {
    en: "The token is not valid: its signature or claims do not check out. Sign in again.",
    "zh-Hant": "令牌無效：簽名或聲明未通過校驗。請重新登錄。",
    "zh-Hans": "令牌无效：签名或声明未通过校验。请重新登录。",
  },
  "auth.tokenWithoutEmail": {
    en: "The identity provider's token carries no email claim.",
    "zh-Hant": "身份提供方的令牌中沒有 email 聲明。",
    "zh-Hans": "身份提供方的令牌中没有 email 声明。",
  },
  "auth.tokenIssuerRefused": {
    en: 'Tokens from "{issuer}" are not accepted here.',
    "zh-Hant": "本服務不接受「{issuer}」簽發的令牌。",
    "zh-Hans": "本服务不接受“{issuer}”签发的令牌。",
  },
  "auth.tokenIssuerMissing": {
    en: 'Tokens from "an unnamed issuer" are not accepted here.',
    "zh-Hant": "本服務不接受未註明簽發方的令牌。",
    "zh-Hans": "本服务不接受未注明签发方的令牌。",
  },

  // Projects and partners
  "project.notFound": {
    en: "No project has this id.",
    "zh-Hant": "沒有此 id 的項目。",
    "zh-Hans": "没有此 id 的项目。",
  },
  "project.closed": {
    en: "The project is {status} and can no longer change.",
    "zh-Hant": "項目狀態為 {status}，已不能修改。",
    "zh-Hans": "项目状态为 {status}，已不能修改。",
  },
  "project.transitionNotAllowed": {
    en: "The project is {status}; it can go to {allowed}, not {requested}.",
    "zh-Hant": "項目狀態為 {status}，只能轉為 {allowed}，不能轉為 {requested}。",
    "zh-Hans": "项目状态为 {status}，只能转为 {allowed}，不能转为 {requested}。",
  },
  "project.noTransitions": {
    en: "The project is {status}; it can no longer change, not {requested}.",
    "zh-Hant": "項目狀態為 {status}，已不能再變更，不能轉為 {requested}。",
    "zh-Hans": "项目状态为 {status}，已不能再变更，不能转为 {requested}。",
  },
  "project.onlyLeadCan.change": {
    en: "Only the project's lead can change it; {organization} is not its lead.",
    "zh-Hant": "只有項目的牽頭組織才能修改項目；{organization}不是牽頭組織。",
    "zh-Hans": "只有项目的牵头组织才能修改项目；{organization}不是牵头组织。",
  },
  "project.onlyLeadCan.changeStatus": {
    en: "Only the project's lead can change its status; {organization} is not its lead.",
    "zh-Hant": "只有項目的牽頭組織才能變更項目狀態；{organization}不是牽頭組織。",
    "zh-Hans": "只有项目的牵头组织才能变更项目状态；{organization}不是牵头组织。",
  },
  "project.onlyLeadCan.invitePartners": {
    en: "Only the project's lead can invite partners; {organization} is not its lead.",
    "zh-Hant": "只有項目的牽頭組織才能邀請合作方；{organization}不是牽頭組織。",
    "zh-Hans": "只有项目的牵头组织才能邀请合作方；{organization}不是牵头组织。",
  },
  "project.noNewPartners": {
    en: "The project is {status}; it takes no new partners.",
    "zh-Hant": "項目狀態為 {status}，不再接納新的合作方。",
    "zh-Hans": "项目状态为 {status}，不再接纳新的合作方。",
  },
  "project.oneLead": {
    en: "A project has one LEAD, its creator; invite as PARTNER, SPONSOR or SUPPORTER.",
    "zh-Hant": "每個項目只有一個 LEAD，即其創建者；請以 PARTNER、SPONSOR 或 SUPPORTER 身份邀請。",
    "zh-Hans": "每个项目只有一个 LEAD，即其创建者；请以 PARTNER、SPONSOR 或 SUPPORTER 身份邀请。",
  },
  "project.invitedNotFound": {
    en: "No organization has the id given as organizationId.",
    "zh-Hant": "找不到 organizationId 所指的組織。",
    "zh-Hans": "找不到 organizationId 所指的组织。",
  },
  "project.alreadyPartner": {
    en: "{organization} is already a partner.",
    "zh-Hant": "{organization}已是本項目的合作方。",
    "zh-Hans": "{organization}已是本项目的合作方。",
  },
  "project.alreadyInvited": {
    en: "{organization} is already invited.",
    "zh-Hant": "{organization}已受到邀請。",
    "zh-Hans": "{organization}已受到邀请。",
  },
  "project.noOpenInvitation": {
    en: "There is no open invitation: the partnership is {status}.",
    "zh-Hant": "沒有待答覆的邀請：合作關係的狀態為 {status}。",
    "zh-Hans": "没有待答复的邀请：合作关系的状态为 {status}。",
  },
  "project.leadCannotLeave": {
    en: "The lead cannot leave its project; cancel or complete the project instead.",
    "zh-Hant": "牽頭組織不能退出自己的項目；請改為取消或完成項目。",
    "zh-Hans": "牵头组织不能退出自己的项目；请改为取消或完成项目。",
  },
  "project.onlyActivePartnerLeaves": {
    en: "Only an active partner can leave; this partnership is {status}.",
    "zh-Hant": "只有正式合作方才能退出；此合作關係的狀態為 {status}。",
    "zh-Hans": "只有正式合作方才能退出；此合作关系的状态为 {status}。",
  },
  "project.invitationsOfOthers": {
    en: "Only an organisation's members hear of its invitations, and you are not a member of this one.",
    "zh-Hant": "只有組織的成員才能收到它的邀請，您不是此組織的成員。",
    "zh-Hans": "只有组织的成员才能收到它的邀请，您不是此组织的成员。",
  },
  "project.noPlace": {
    en: "{organization} has no place in a project with this id.",
    "zh-Hant": "{organization}與此 id 的項目沒有合作關係。",
    "zh-Hans": "{organization}与此 id 的项目没有合作关系。",
  },
  "project.endsBeforeStart": {
    en: "endsOn ({endsOn}) is before startsOn ({startsOn}).",
    "zh-Hant": "endsOn（{endsOn}）早於 startsOn（{startsOn}）。",
    "zh-Hans": "endsOn（{endsOn}）早于 startsOn（{startsOn}）。",
  },

  // Resource needs
  "need.notFound": {
    en: "No resource need has this id.",
    "zh-Hant": "沒有此 id 的資源需求。",
    "zh-Hans": "没有此 id 的资源需求。",
  },
  "need.projectClosed": {
    en: "The project is {status}; it takes no new needs.",
    "zh-Hant": "項目狀態為 {status}，不再接受發布新需求。",
    "zh-Hans": "项目状态为 {status}，不再接受发布新需求。",
  },
  "need.notActivePartner": {
    en: "{organization} is not an active partner of this project, so it cannot post or change its needs.",
    "zh-Hant": "{organization}不是本項目的正式合作方，不能發布或修改項目的需求。",
    "zh-Hans": "{organization}不是本项目的正式合作方，不能发布或修改项目的需求。",
  },
  "need.notSteward": {
    en: "Only the organisation that posted this need, or the project's lead, can change or cancel it; {organization} is neither.",
    "zh-Hant": "只有發布此需求的組織或項目的牽頭組織才能修改或取消它；{organization}兩者皆非。",
    "zh-Hans": "只有发布此需求的组织或项目的牵头组织才能修改或取消它；{organization}两者皆非。",
  },
  "need.notLive.change": {
    en: "The need is {status}; it can no longer change.",
    "zh-Hant": "需求狀態為 {status}，已不能修改。",
    "zh-Hans": "需求状态为 {status}，已不能修改。",
  },
  "need.notLive.cancel": {
    en: "The need is {status}; it can no longer be cancelled.",
    "zh-Hant": "需求狀態為 {status}，已不能取消。",
    "zh-Hans": "需求状态为 {status}，已不能取消。",
  },
  "need.belowAccepted": {
    en: "Accepted pledges already commit {accepted} {unit}; quantity cannot go below that.",
    "zh-Hant": "已接受的認捐共 {accepted} {unit}，quantity 不能低於此數。",
    "zh-Hans": "已接受的认捐共 {accepted} {unit}，quantity 不能低于此数。",
  },
  "need.neededByPast": {
    en: "neededBy ({neededBy}) is in the past; give a time still to come.",
    "zh-Hant": "neededBy（{neededBy}）已經過去，請填寫將來的時間。",
    "zh-Hans": "neededBy（{neededBy}）已经过去，请填写将来的时间。",
  },
  "need.nearOutOfRange": {
    en: "near: lat must be from -90 to 90 and lng from -180 to 180; got {lat}, {lng}.",
    "zh-Hant": "near：lat 須在 -90 至 90 之間，lng 須在 -180 至 180 之間；收到的是 {lat}、{lng}。",
    "zh-Hans": "near：lat 须在 -90 至 90 之间，lng 须在 -180 至 180 之间；收到的是 {lat}、{lng}。",
  },
  "need.radiusOutOfRange": {
    en: "near.radiusKm must be above 0 and at most {max}; it was {radiusKm}.",
    "zh-Hant": "near.radiusKm 須大於 0 且不超過 {max}，所填為 {radiusKm}。",
    "zh-Hans": "near.radiusKm 须大于 0 且不超过 {max}，所填为 {radiusKm}。",
  },

  // Pledges and deliveries
  "pledge.notFound": {
    en: "No pledge has this id.",
    "zh-Hant": "沒有此 id 的認捐。",
    "zh-Hans": "没有此 id 的认捐。",
  },
  "pledge.exceedsRemaining": {
    en: "Only {remaining} {unit} remain to be pledged; offer at most that.",
    "zh-Hant": "只剩 {remaining} {unit} 可認捐，認捐數量不能超過此數。",
    "zh-Hans": "只剩 {remaining} {unit} 可认捐，认捐数量不能超过此数。",
  },
  "pledge.deliveryBeforeAvailable": {
    en: "expectedDelivery is before availableFrom.",
    "zh-Hant": "expectedDelivery 早於 availableFrom。",
    "zh-Hans": "expectedDelivery 早于 availableFrom。",
  },
  "pledge.expectedDeliveryPast": {
    en: "expectedDelivery is in the past; promise a time still to come.",
    "zh-Hant": "expectedDelivery 已是過去的時間；請承諾一個尚未到來的時間。",
    "zh-Hans": "expectedDelivery 已是过去的时间；请承诺一个尚未到来的时间。",
  },
  "pledge.deliveredInFuture": {
    en: "deliveredAt is in the future; record a delivery once it has been handed over.",
    "zh-Hant": "deliveredAt 是將來的時間；請在交付之後再登記。",
    "zh-Hans": "deliveredAt 是将来的时间；请在交付之后再登记。",
  },
  "pledge.deliveredBeforePledge": {
    en: "deliveredAt ({deliveredAt}) is before the pledge was made ({pledgedAt}).",
    "zh-Hant": "deliveredAt（{deliveredAt}）早於認捐時間（{pledgedAt}）。",
    "zh-Hans": "deliveredAt（{deliveredAt}）早于认捐时间（{pledgedAt}）。",
  },
  "pledge.needFullyPledged": {
    en: "The need is fully pledged: 0 {unit} remain.",
    "zh-Hant": "該需求已認捐滿額，剩餘 0 {unit}。",
    "zh-Hans": "该需求已认捐满额，剩余 0 {unit}。",
  },
  "pledge.needClosed": {
    en: "The need is {status}; it takes no pledges.",
    "zh-Hant": "需求狀態為 {status}，不接受認捐。",
    "zh-Hans": "需求状态为 {status}，不接受认捐。",
  },
  "pledge.needOverdue": {
    en: "The need's needed-by time ({neededBy}) has passed; it takes no pledges.",
    "zh-Hant": "該需求的截止時間（{neededBy}）已過，不再接受認捐。",
    "zh-Hans": "该需求的截止时间（{neededBy}）已过，不再接受认捐。",
  },
  "pledge.projectNotPledgeable": {
    en: "The project is {status}; its needs take pledges only while it is OPEN or ACTIVE.",
    "zh-Hant": "項目狀態為 {status}；項目處於 OPEN 或 ACTIVE 狀態時，其需求才接受認捐。",
    "zh-Hans": "项目状态为 {status}；项目处于 OPEN 或 ACTIVE 状态时，其需求才接受认捐。",
  },
  "pledge.notResponder": {
    en: "Only the project's lead or the organisation that posted the need can answer its pledges.",
    "zh-Hant": "只有項目的牽頭組織或發布該需求的組織才能答覆其認捐。",
    "zh-Hans": "只有项目的牵头组织或发布该需求的组织才能答复其认捐。",
  },
  "pledge.alreadyAccepted": {
    en: "The pledge is {status} already; only an offer or a provisional acceptance can be accepted.",
    "zh-Hant": "該認捐已是 {status} 狀態；只有待答覆或暫定接受的認捐才能接受。",
    "zh-Hans": "该认捐已是 {status} 状态；只有待答复或暂定接受的认捐才能接受。",
  },
  "pledge.notAcceptable": {
    en: "The pledge is {status}; only an offer or a provisional acceptance can be accepted.",
    "zh-Hant": "該認捐狀態為 {status}；只有待答覆或暫定接受的認捐才能接受。",
    "zh-Hans": "该认捐状态为 {status}；只有待答复或暂定接受的认捐才能接受。",
  },
  "pledge.provisionalNeedsReason": {
    en: "A provisional acceptance needs a reason.",
    "zh-Hant": "暫定接受須說明理由。",
    "zh-Hans": "暂定接受须说明理由。",
  },
  "pledge.acceptMoreThanOffered": {
    en: "The pledge offers {offered} {unit}; accept at most that.",
    "zh-Hant": "該認捐為 {offered} {unit}，接受數量不能超過此數。",
    "zh-Hans": "该认捐为 {offered} {unit}，接受数量不能超过此数。",
  },
  "pledge.acceptMoreThanRemaining": {
    en: "Only {remaining} {unit} remain to be accepted for this need.",
    "zh-Hant": "該需求只剩 {remaining} {unit} 可接受。",
    "zh-Hans": "该需求只剩 {remaining} {unit} 可接受。",
  },
  "pledge.onlyPledgerWithdraws": {
    en: "Only the organisation that made the pledge can withdraw it; {organization} did not.",
    "zh-Hant": "只有作出認捐的組織才能撤回認捐；此認捐不是{organization}作出的。",
    "zh-Hans": "只有作出认捐的组织才能撤回认捐；此认捐不是{organization}作出的。",
  },
  "pledge.closed.declined": {
    en: "The pledge is {status}; it can no longer be declined.",
    "zh-Hant": "該認捐狀態為 {status}，已不能拒絕。",
    "zh-Hans": "该认捐状态为 {status}，已不能拒绝。",
  },
  "pledge.closed.withdrawn": {
    en: "The pledge is {status}; it can no longer be withdrawn.",
    "zh-Hant": "該認捐狀態為 {status}，已不能撤回。",
    "zh-Hans": "该认捐状态为 {status}，已不能撤回。",
  },
  "pledge.partlyDelivered.declined": {
    en: "{delivered} of this pledge was already delivered; it can no longer be declined.",
    "zh-Hant": "該認捐已交付 {delivered}，已不能拒絕。",
    "zh-Hans": "该认捐已交付 {delivered}，已不能拒绝。",
  },
  "pledge.partlyDelivered.withdrawn": {
    en: "{delivered} of this pledge was already delivered; it can no longer be withdrawn.",
    "zh-Hant": "該認捐已交付 {delivered}，已不能撤回。",
    "zh-Hans": "该认捐已交付 {delivered}，已不能撤回。",
  },
  "pledge.notAccepted": {
    en: "The pledge is {status}; deliveries are recorded against accepted pledges.",
    "zh-Hant": "該認捐狀態為 {status}；只有已接受的認捐才能登記交付。",
    "zh-Hans": "该认捐状态为 {status}；只有已接受的认捐才能登记交付。",
  },
  "pledge.deliveryExceedsAccepted": {
    en: "Only {outstanding} {unit} of the accepted {accepted} remain to be delivered.",
    "zh-Hant": "已接受的 {accepted} {unit} 中，只剩 {outstanding} {unit} 待交付。",
    "zh-Hans": "已接受的 {accepted} {unit} 中，只剩 {outstanding} {unit} 待交付。",
  },

  // Arguments of queries: IDs, paging, search
  "id.notOurs": {
    en: '{argument} "{id}" is not an ID issued by this API.',
    "zh-Hant": "{argument}「{id}」不是本 API 發出的 ID。",
    "zh-Hans": "{argument}“{id}”不是本 API 发出的 ID。",
  },
  "id.wrongType": {
    en: '{argument} "{id}" is the ID of {actual}, not of {expected}.',
    "zh-Hant": "{argument}「{id}」是 {actual} 的 ID，不是 {expected} 的 ID。",
    "zh-Hans": "{argument}“{id}”是 {actual} 的 ID，不是 {expected} 的 ID。",
  },
  // A type name with its English article ("an Organization"), for id.wrongType.
  "id.typeWithA": {
    en: "a {type}",
    "zh-Hant": "{type}",
    "zh-Hans": "{type}",
  },
  "id.typeWithAn": {
    en: "an {type}",
    "zh-Hant": "{type}",
    "zh-Hans": "{type}",
  },
  "id.tooMany": {
    en: "ids holds {count} IDs; ask for at most {max} at a time.",
    "zh-Hant": "ids 中有 {count} 個 ID，每次最多查詢 {max} 個。",
    "zh-Hans": "ids 中有 {count} 个 ID，每次最多查询 {max} 个。",
  },
  "page.firstAndLast": {
    en: "Pass either first or last, not both.",
    "zh-Hant": "first 和 last 只能給出其中一個。",
    "zh-Hans": "first 和 last 只能给出其中一个。",
  },
  "page.sizeOutOfRange": {
    en: "{argument} must be from 0 to {max}; it was {value}.",
    "zh-Hant": "{argument} 須在 0 至 {max} 之間，所填為 {value}。",
    "zh-Hans": "{argument} 须在 0 至 {max} 之间，所填为 {value}。",
  },
  "page.cursorNotOurs": {
    en: '{argument} "{cursor}" is not a cursor issued by this list.',
    "zh-Hant": "{argument}「{cursor}」不是此列表發出的游標。",
    "zh-Hans": "{argument}“{cursor}”不是此列表发出的游标。",
  },
  "page.cursorOfOtherOrder": {
    en: "{argument} is a cursor for the order {cursorOrder}, but this request orders by {order}; start again without it.",
    "zh-Hant": "{argument} 是按 {cursorOrder} 排序時發出的游標，而本次請求按 {order} 排序；請去掉它，從頭查詢。",
    "zh-Hans": "{argument} 是按 {cursorOrder} 排序时发出的游标，而本次请求按 {order} 排序；请去掉它，从头查询。",
  },
  "search.empty": {
    en: "search is empty; give at least one character or leave it out.",
    "zh-Hant": "search 為空，請至少填寫一個字，或不填此項。",
    "zh-Hans": "search 为空，请至少填写一个字，或不填此项。",
  },
  "search.tooLong": {
    en: "search is longer than {max} characters; shorten it.",
    "zh-Hant": "search 超過 {max} 個字符，請縮短。",
    "zh-Hans": "search 超过 {max} 个字符，请缩短。",
  },

  // Dashboards and indicators
  "dashboard.fromAfterTo": {
    en: "from ({from}) must be before to ({to}).",
    "zh-Hant": "from（{from}）須早於 to（{to}）。",
    "zh-Hans": "from（{from}）须早于 to（{to}）。",
  },
  "dashboard.periodTooLong": {
    en: "The period spans {days} days; ask for at most {max} days at a time.",
    "zh-Hant": "所選期間共 {days} 天，每次最多 {max} 天。",
    "zh-Hans": "所选期间共 {days} 天，每次最多 {max} 天。",
  },
  "dashboard.firstOutOfRange": {
    en: "first is {first}; ask for 1 to {max}.",
    "zh-Hant": "first 為 {first}，請填 1 到 {max}。",
    "zh-Hans": "first 为 {first}，请填 1 到 {max}。",
  },
  "dashboard.unknownTimeZone": {
    en: '"{timeZone}" is not a time zone; use an IANA name such as Asia/Shanghai or UTC.',
    "zh-Hant": "「{timeZone}」不是時區，請使用 IANA 名稱，例如 Asia/Shanghai 或 UTC。",
    "zh-Hans": "“{timeZone}”不是时区，请使用 IANA 名称，例如 Asia/Shanghai 或 UTC。",
  },
  "dashboard.organizationNotFound": {
    en: "No organisation has the id {id}.",
    "zh-Hant": "沒有 id 為 {id} 的組織。",
    "zh-Hans": "没有 id 为 {id} 的组织。",
  },

  // Idempotency keys
  "idempotency.keyLength": {
    en: "idempotencyKey must be 1 to 100 characters; this one has {length}.",
    "zh-Hant": "idempotencyKey 須為 1 到 100 個字元，此值有 {length} 個。",
    "zh-Hans": "idempotencyKey 须为 1 到 100 个字符，此值有 {length} 个。",
  },
  "idempotency.oneMutation": {
    en: "Send one mutation per request when it carries an idempotencyKey.",
    "zh-Hant": "帶有 idempotencyKey 時，每個請求只能包含一個變更（mutation）。",
    "zh-Hans": "带有 idempotencyKey 时，每个请求只能包含一个变更（mutation）。",
  },
  "idempotency.otherRequest": {
    en: "This idempotencyKey was used for a different request in the last 24 hours; use a new key for a new request.",
    "zh-Hant": "此 idempotencyKey 在過去 24 小時內已用於另一個請求；新的請求請使用新的鍵。",
    "zh-Hans": "此 idempotencyKey 在过去 24 小时内已用于另一个请求；新的请求请使用新的键。",
  },
  "idempotency.inProgress": {
    en: "A request with this idempotencyKey has just been carried out and its answer is being kept; retry in a moment.",
    "zh-Hant": "帶有此 idempotencyKey 的請求剛剛完成，回應正在保存；請稍後重試。",
    "zh-Hans": "带有此 idempotencyKey 的请求刚刚完成，响应正在保存；请稍后重试。",
  },
  "idempotency.answerLost": {
    en: "The request with this idempotencyKey was carried out, but its answer was lost and cannot be made again (a secret is shown only once); look up what it changed instead of retrying.",
    "zh-Hant": "帶有此 idempotencyKey 的請求已完成，但回應遺失且無法重新生成（密鑰只顯示一次）；請查詢它所做的更改，不要重試。",
    "zh-Hans": "带有此 idempotencyKey 的请求已完成，但响应丢失且无法重新生成（密钥只显示一次）；请查询它所做的更改，不要重试。",
  },

  // Limits
  "limits.tooDeep": {
    en: "This query nests fields {depth} deep; the limit is {maxDepth}. Select fewer nested objects, or fetch the deeper part in a second query starting from node(id:).",
    "zh-Hant": "此查詢的字段嵌套了 {depth} 層，上限為 {maxDepth} 層。請減少嵌套的對象，或從 node(id:) 開始另發一次查詢，獲取更深的部分。",
    "zh-Hans": "此查询的字段嵌套了 {depth} 层，上限为 {maxDepth} 层。请减少嵌套的对象，或从 node(id:) 开始另发一次查询，获取更深的部分。",
  },
  "limits.tooCostly": {
    en: "This query would cost {cost} points; the limit is {maxCost}. Ask for fewer items (first/last) or fewer nested lists.",
    "zh-Hant": "此查詢將消耗 {cost} 點，上限為 {maxCost} 點。請減少每頁條數（first/last）或嵌套的列表。",
    "zh-Hans": "此查询将消耗 {cost} 点，上限为 {maxCost} 点。请减少每页条数（first/last）或嵌套的列表。",
  },
  "limits.tooManySelections": {
    en: "This query selects more than {max} fields once its fragments are expanded. Select fewer fields, or spread fewer fragments inside repeated fields.",
    "zh-Hant": "此查詢展開片段後選取的字段超過 {max} 個。請減少字段，或減少在重複字段中展開的片段。",
    "zh-Hans": "此查询展开片段后选取的字段超过 {max} 个。请减少字段，或减少在重复字段中展开的片段。",
  },
  "limits.oneSchemaRead": {
    en: "This request reads the schema more than once ({field} is a second __schema, __type or _service); read it once per request.",
    "zh-Hant": "此請求多次讀取綱要（{field} 是第二個 __schema、__type 或 _service）；每個請求只能讀取一次。",
    "zh-Hans": "此请求多次读取纲要（{field} 是第二个 __schema、__type 或 _service）；每个请求只能读取一次。",
  },
  "limits.introspectionNested": {
    en: "This introspection lists a type's members ({field}) inside another type's members; list each type's members once, under __schema.types.",
    "zh-Hant": "此內省查詢在一個類型的成員中再列出另一類型的成員（{field}）；請在 __schema.types 下一次列出每個類型的成員。",
    "zh-Hans": "此内省查询在一个类型的成员中再列出另一类型的成员（{field}）；请在 __schema.types 下一次列出每个类型的成员。",
  },
  "limits.tooManyCounts": {
    en: "This query asks for totalCount in {counts} places; the limit is {max} per request. Ask for totalCount on fewer lists.",
    "zh-Hant": "此查詢在 {counts} 處請求 totalCount，每個請求上限為 {max} 處。請在較少的列表上請求 totalCount。",
    "zh-Hans": "此查询在 {counts} 处请求 totalCount，每个请求上限为 {max} 处。请在较少的列表上请求 totalCount。",
  },
  "limits.onePasswordOperation": {
    en: "This request signs up or signs in more than once; send one signUp or signIn per request.",
    "zh-Hant": "此請求包含多次註冊或登錄；每個請求只能包含一個 signUp 或 signIn。",
    "zh-Hans": "此请求包含多次注册或登录；每个请求只能包含一个 signUp 或 signIn。",
  },
  "limits.tooManyNames": {
    en: "This query selects {field} under {names} names (aliases) in one place; the limit is {max}. Select each field once and repeat its value on your side.",
    "zh-Hant": "此查詢在同一處以 {names} 個名稱（別名）選取 {field}，上限為 {max} 個。請每個字段只選取一次，在您的一端重複使用其值。",
    "zh-Hans": "此查询在同一处以 {names} 个名称（别名）选取 {field}，上限为 {max} 个。请每个字段只选取一次，在您的一端重复使用其值。",
  },
  "limits.budgetSpent": {
    en: "This request costs {requested} points and {remaining} of your {perMinute} points per minute are left. Retry after {wait}, or ask for fewer items (first/last).",
    "zh-Hant": "此請求需要 {requested} 點，您每分鐘 {perMinute} 點的額度只剩 {remaining} 點。請 {wait}後重試，或減少每頁條數（first/last）。",
    "zh-Hans": "此请求需要 {requested} 点，您每分钟 {perMinute} 点的额度只剩 {remaining} 点。请 {wait}后重试，或减少每页条数（first/last）。",
  },
  "export.budgetSpent": {
    en: "This export costs {requested} points and {remaining} of your {perMinute} points per minute are left. Retry after {wait}.",
    "zh-Hant": "此匯出需要 {requested} 點，您每分鐘 {perMinute} 點的額度只剩 {remaining} 點。請 {wait}後重試。",
    "zh-Hans": "此导出需要 {requested} 点，您每分钟 {perMinute} 点的额度只剩 {remaining} 点。请 {wait}后重试。",
  },
  "limits.oneSecond": {
    en: "1 second",
    "zh-Hant": "1 秒",
    "zh-Hans": "1 秒",
  },
  "limits.seconds": {
    en: "{seconds} seconds",
    "zh-Hant": "{seconds} 秒",
    "zh-Hans": "{seconds} 秒",
  },

  // Requests as a whole
  "request.bodyTooLarge": {
    en: "The request body is larger than {limit} bytes.",
    "zh-Hant": "請求體超過 {limit} 字節。",
    "zh-Hans": "请求体超过 {limit} 字节。",
  },
  "request.bodyNotJson": {
    en: "The request body is not valid JSON.",
    "zh-Hant": "請求體不是有效的 JSON。",
    "zh-Hans": "请求体不是有效的 JSON。",
  },
  "request.serviceUnavailable": {
    en: "The database cannot be reached for a moment; nothing was lost. Retry after the seconds in retryAfterSeconds.",
    "zh-Hant": "數據庫暫時無法連接，數據沒有丟失。請在 retryAfterSeconds 所示的秒數後重試。",
    "zh-Hans": "数据库暂时无法连接，数据没有丢失。请在 retryAfterSeconds 所示的秒数后重试。",
  },
  "request.internalError": {
    en: "Something went wrong on our side; the error has been logged. Try again, and report it with the request id if it persists.",
    "zh-Hant": "服務端出現問題，錯誤已記錄。請重試；如問題持續，請附上請求編號（request id）反饋給我們。",
    "zh-Hans": "服务端出现问题，错误已记录。请重试；如问题持续，请附上请求编号（request id）反馈给我们。",
  },
  "request.unreadable": {
    en: "This request cannot be read: check the escapes in its address and the encoding of its body.",
    "zh-Hant": "無法讀取此請求：請檢查地址中的轉義字符和請求體的編碼。",
    "zh-Hans": "无法读取此请求：请检查地址中的转义字符和请求体的编码。",
  },
  "request.subscriptionOverHttp": {
    en: "Subscriptions run over WebSocket (graphql-ws) at this same address, not over HTTP.",
    "zh-Hant": "訂閱須經 WebSocket（graphql-ws）連接同一地址，不能經 HTTP 發送。",
    "zh-Hans": "订阅须经 WebSocket（graphql-ws）连接同一地址，不能经 HTTP 发送。",
  },
  "request.noSuchPath": {
    en: "Nothing is served at this path; GraphQL is at /graphql.",
    "zh-Hant": "此路徑沒有提供任何服務；GraphQL 位於 /graphql。",
    "zh-Hans": "此路径没有提供任何服务；GraphQL 位于 /graphql。",
  },
  "metrics.tokenRequired": {
    en: "Metrics need Authorization: Bearer <COGOV_METRICS_TOKEN>.",
    "zh-Hant": "讀取指標須帶 Authorization: Bearer <COGOV_METRICS_TOKEN>。",
    "zh-Hans": "读取指标须带 Authorization: Bearer <COGOV_METRICS_TOKEN>。",
  },
  "metrics.closed": {
    en: "Metrics are closed on this server; its operator can set COGOV_METRICS_TOKEN (and scrape with Authorization: Bearer <token>) or open them with COGOV_METRICS_PUBLIC=true.",
    "zh-Hant": "此服務器未開放指標；運維人員可設置 COGOV_METRICS_TOKEN（抓取時帶 Authorization: Bearer <token>），或以 COGOV_METRICS_PUBLIC=true 開放。",
    "zh-Hans": "此服务器未开放指标；运维人员可设置 COGOV_METRICS_TOKEN（抓取时带 Authorization: Bearer <token>），或以 COGOV_METRICS_PUBLIC=true 开放。",
  },
  "events.notACursor": {
    en: "after \"{cursor}\" is not a cursor of the event stream; pass the cursor of an event you received, or leave it out to start from now.",
    "zh-Hant": "after「{cursor}」不是事件流的游標；請傳入收到的事件中的游標，或省略以從現在開始。",
    "zh-Hans": "after“{cursor}”不是事件流的游标；请传入收到的事件中的游标，或省略以从现在开始。",
  },
  "events.cursorAhead": {
    en: "after \"{cursor}\" is ahead of this server's event stream; pass a cursor this API issued.",
    "zh-Hant": "after「{cursor}」超出了本服務的事件流；請傳入本 API 發出的游標。",
    "zh-Hans": "after“{cursor}”超出了本服务的事件流；请传入本 API 发出的游标。",
  },
  "events.tooManySubscriptions": {
    en: "This connection already has {limit} subscriptions; end one, or open another connection.",
    "zh-Hant": "此連接已有 {limit} 個訂閱；請結束其中一個，或另開連接。",
    "zh-Hans": "此连接已有 {limit} 个订阅；请结束其中一个，或另开连接。",
  },
  "events.tooManySubscriptionsForCredential": {
    en: "Your credentials already hold {limit} subscriptions on this server, over all your connections; end one first.",
    "zh-Hant": "您的憑證在本服務上已持有 {limit} 個訂閱（計入您的所有連接）；請先結束其中一個。",
    "zh-Hans": "您的凭证在本服务上已持有 {limit} 个订阅（计入您的所有连接）；请先结束其中一个。",
  },
  "alert.notCoordinating": {
    en: "{name} is not a Party organisation or government agency, so it cannot issue alerts.",
    "zh-Hant": "{name}不是黨組織或政府機構，不能發布預警。",
    "zh-Hans": "{name}不是党组织或政府机构，不能发布预警。",
  },
  "alert.notFound": {
    en: "The acting organisation issued no alert with this id.",
    "zh-Hant": "代表的組織沒有發布過此 ID 的預警。",
    "zh-Hans": "代表的组织没有发布过此 ID 的预警。",
  },
  "capacity.tooMany": {
    en: "An organisation declares at most {max} capacities; merge areas or categories.",
    "zh-Hant": "一個組織最多申報 {max} 項可提供的資源；請合併地區或類別。",
    "zh-Hans": "一个组织最多申报 {max} 项可提供的资源；请合并地区或类别。",
  },
  "capacity.repeated": {
    en: "{category} in area {areaCode} is listed twice; list each category and area once.",
    "zh-Hant": "地區 {areaCode} 的 {category} 重複了；每個類別和地區只列一次。",
    "zh-Hans": "地区 {areaCode} 的 {category} 重复了；每个类别和地区只列一次。",
  },
  "capacity.quantityWithUnit": {
    en: "Give a quantity and its unit together, or neither.",
    "zh-Hant": "數量和單位要一起填寫，或都不填。",
    "zh-Hans": "数量和单位要一起填写，或都不填。",
  },
  "cap.alertNotFound": {
    en: "No public alert has this identifier.",
    "zh-Hant": "沒有此識別碼的公開預警。",
    "zh-Hans": "没有此识别码的公开预警。",
  },
  "alert.notCurrent": {
    en: "This alert was already updated or cancelled; update or cancel its latest message.",
    "zh-Hant": "此預警已被更新或取消；請更新或取消其最新的一條。",
    "zh-Hans": "此预警已被更新或取消；请更新或取消其最新的一条。",
  },
  "alert.categoriesRequired": {
    en: "Give at least one category.",
    "zh-Hant": "請至少選擇一個類別。",
    "zh-Hans": "请至少选择一个类别。",
  },
  "alert.restriction": {
    en: "A RESTRICTED alert needs a restriction saying who may see it, and only a RESTRICTED alert has one.",
    "zh-Hant": "RESTRICTED 預警須說明可查看的範圍（restriction），其他預警不得填寫。",
    "zh-Hans": "RESTRICTED 预警须说明可查看的范围（restriction），其他预警不得填写。",
  },
  "alert.expires": {
    en: "expires must be in the future and after onset and effective.",
    "zh-Hant": "expires 須是將來的時間，且晚於 onset 和 effective。",
    "zh-Hans": "expires 须是将来的时间，且晚于 onset 和 effective。",
  },
  "alert.needsNotFound": {
    en: "Some of needIds name no resource need.",
    "zh-Hant": "needIds 中有的 ID 不對應任何需求。",
    "zh-Hans": "needIds 中有的 ID 不对应任何需求。",
  },
  "alert.areasRequired": {
    en: "Give at least one area.",
    "zh-Hant": "請至少給出一個區域。",
    "zh-Hans": "请至少给出一个区域。",
  },
  "alert.areaCodesRequired": {
    en: "Each area needs at least one area code.",
    "zh-Hant": "每個區域至少需要一個區域代碼。",
    "zh-Hans": "每个区域至少需要一个区域代码。",
  },
  "alert.circle": {
    en: "A circle needs a latitude from -90 to 90, a longitude from -180 to 180 and a radius above 0 and at most 500 km.",
    "zh-Hant": "圓形區域的緯度須在 -90 至 90 之間，經度在 -180 至 180 之間，半徑大於 0 且不超過 500 公里。",
    "zh-Hans": "圆形区域的纬度须在 -90 至 90 之间，经度在 -180 至 180 之间，半径大于 0 且不超过 500 公里。",
  },
  "alert.polygon": {
    en: "A polygon needs at least four points within range, the last the same as the first.",
    "zh-Hant": "多邊形至少需要四個在範圍內的點，且最後一點與第一點相同。",
    "zh-Hans": "多边形至少需要四个在范围内的点，且最后一点与第一点相同。",
  },
  // Hostile input (db/bad-input.ts, schema/idempotency.ts, the transaction runner, federation references)
  "request.valueNotStorable": {
    en: "A value in this request cannot be stored or compared: it holds the character U+0000, or a date or number outside the range the database holds. Correct it and retry.",
    "zh-Hant": "此請求中的某個值無法儲存或比較：它含有字符 U+0000，或日期、數字超出資料庫可容納的範圍。請更正後重試。",
    "zh-Hans": "此请求中的某个值无法存储或比较：它含有字符 U+0000，或日期、数字超出数据库可容纳的范围。请更正后重试。",
  },
  "request.concurrentChange": {
    en: "Another request changed the same objects at the same moment; nothing of this one was saved. Retry it.",
    "zh-Hant": "另一個請求同時修改了相同的對象，本請求未保存任何內容。請重試。",
    "zh-Hans": "另一个请求同时修改了相同的对象，本请求未保存任何内容。请重试。",
  },
  "search.nulCharacter": {
    en: "search holds the character U+0000, which no text contains; remove it.",
    "zh-Hant": "search 含有字符 U+0000，任何文字都不會含有它，請刪除。",
    "zh-Hans": "search 含有字符 U+0000，任何文字都不会含有它，请删除。",
  },
  "idempotency.keyCharacters": {
    en: "idempotencyKey may not hold control characters such as {character}.",
    "zh-Hant": "idempotencyKey 不能含有控制字符，例如 {character}。",
    "zh-Hans": "idempotencyKey 不能含有控制字符，例如 {character}。",
  },
  "idempotency.variablesTooDeep": {
    en: "The variables of a request with an idempotencyKey may be nested at most {max} levels deep.",
    "zh-Hant": "帶 idempotencyKey 的請求，其變量最多只能嵌套 {max} 層。",
    "zh-Hans": "带 idempotencyKey 的请求，其变量最多只能嵌套 {max} 层。",
  },
  "entities.notAnEntity": {
    en: "representations[{index}] names {typename}, which is not an entity of this subgraph; entities are {entities}.",
    "zh-Hant": "representations[{index}] 指向 {typename}，它不是本子圖的實體；實體有：{entities}。",
    "zh-Hans": "representations[{index}] 指向 {typename}，它不是本子图的实体；实体有：{entities}。",
  },
  "entities.idMissing": {
    en: "representations[{index}] needs an id, given as a string.",
    "zh-Hant": "representations[{index}] 需要一個字串形式的 id。",
    "zh-Hans": "representations[{index}] 需要一个字符串形式的 id。",
  },
  // People, consent and volunteer teams
  "person.tryAgain": {
    en: "Registering met another registration at the same moment; send it again.",
    "zh-Hant": "登記時恰逢另一筆登記，請重新提交。",
    "zh-Hans": "登记时恰逢另一笔登记，请重新提交。",
  },
  "person.alreadyRegistered": {
    en: "You have already registered; change your profile with updateMyProfile.",
    "zh-Hant": "您已登記，請用 updateMyProfile 修改資料。",
    "zh-Hans": "您已登记，请用 updateMyProfile 修改资料。",
  },
  "person.notRegistered": {
    en: "You have not registered as a person yet (registerMyself).",
    "zh-Hant": "您尚未登記個人資料（registerMyself）。",
    "zh-Hans": "您尚未登记个人资料（registerMyself）。",
  },
  "person.notHeld": {
    en: "No person with this id has given the acting organisation their consent.",
    "zh-Hant": "沒有此 id 且已授權所代表組織的人員。",
    "zh-Hans": "没有此 id 且已授权所代表组织的人员。",
  },
  "person.managesOwnProfile": {
    en: "This person has an account and manages their own profile.",
    "zh-Hant": "此人有賬號，由本人管理個人資料。",
    "zh-Hans": "此人有账号，由本人管理个人资料。",
  },
  "person.noConsent": {
    en: "This organisation holds no consent of yours to withdraw.",
    "zh-Hant": "此組織沒有可撤回的授權。",
    "zh-Hans": "此组织没有可撤回的授权。",
  },
  "person.consentInFuture": {
    en: "consentedAt cannot be in the future.",
    "zh-Hant": "consentedAt 不能是將來的時間。",
    "zh-Hans": "consentedAt 不能是将来的时间。",
  },
  "person.phoneInvalid": {
    en: "phone must be a mainland mobile number of 11 digits, such as 138 1234 5678.",
    "zh-Hant": "phone 須為 11 位大陸手機號碼，如 138 1234 5678。",
    "zh-Hans": "phone 须为 11 位大陆手机号码，如 138 1234 5678。",
  },
  "person.languageInvalid": {
    en: '"{tag}" is not a language tag such as zh, yue or en.',
    "zh-Hant": "「{tag}」不是語言代碼，應如 zh、yue 或 en。",
    "zh-Hans": "“{tag}”不是语言代码，应如 zh、yue 或 en。",
  },
  "person.tooManyLanguages": {
    en: "Give at most {max} languages.",
    "zh-Hant": "語言最多填寫 {max} 種。",
    "zh-Hans": "语言最多填写 {max} 种。",
  },
  "person.employerNotFound": {
    en: "No organisation has the employerOrganizationId given.",
    "zh-Hant": "沒有 employerOrganizationId 所指的組織。",
    "zh-Hans": "没有 employerOrganizationId 所指的组织。",
  },
  "person.reportToCommunity": {
    en: "Party members report to a community; area {code} is not one.",
    "zh-Hant": "黨員須到社區報到，區域 {code} 不是社區。",
    "zh-Hans": "党员须到社区报到，区域 {code} 不是社区。",
  },
  "person.registrationNeedsPartyMember": {
    en: "Only Party members (isPartyMember: true) register with a community.",
    "zh-Hant": "只有黨員（isPartyMember: true）才能到社區報到。",
    "zh-Hans": "只有党员（isPartyMember: true）才能到社区报到。",
  },
  "team.alreadyMember": {
    en: "This person is already on the team.",
    "zh-Hant": "此人已是該隊成員。",
    "zh-Hans": "此人已是该队成员。",
  },
  "team.notMember": {
    en: "This person is not on the team.",
    "zh-Hant": "此人不是該隊成員。",
    "zh-Hans": "此人不是该队成员。",
  },
  "activity.notFound": {
    en: "No activity with this id is organised by the acting organisation.",
    "zh-Hant": "所代表組織沒有組織此 id 的活動。",
    "zh-Hans": "所代表组织没有组织此 id 的活动。",
  },
  "activity.transitionNotAllowed": {
    en: "An activity that is {status} cannot become {requested}; it may become: {allowed}.",
    "zh-Hant": "狀態為 {status} 的活動不能變為 {requested}；可變為：{allowed}。",
    "zh-Hans": "状态为 {status} 的活动不能变为 {requested}；可变为：{allowed}。",
  },
  "activity.needsShift": {
    en: "An activity needs at least one shift.",
    "zh-Hant": "活動至少需要一個班次。",
    "zh-Hans": "活动至少需要一个班次。",
  },
  "activity.tooManyShifts": {
    en: "An activity has at most {max} shifts.",
    "zh-Hant": "每個活動最多 {max} 個班次。",
    "zh-Hans": "每个活动最多 {max} 个班次。",
  },
  "activity.shiftEndsBeforeStart": {
    en: "A shift must end after it starts.",
    "zh-Hant": "班次的結束時間必須晚於開始時間。",
    "zh-Hans": "班次的结束时间必须晚于开始时间。",
  },
  "activity.capacityOutOfRange": {
    en: "A shift takes 1 to {max} people.",
    "zh-Hant": "每個班次可容納 1 至 {max} 人。",
    "zh-Hans": "每个班次可容纳 1 至 {max} 人。",
  },
  "activity.notInProject": {
    en: "Only an organisation taking part in the project organises activities within it.",
    "zh-Hant": "只有參與該項目的組織才能在其中組織活動。",
    "zh-Hans": "只有参与该项目的组织才能在其中组织活动。",
  },
  "activity.shiftNotFound": {
    en: "No shift with this id is open to sign-ups.",
    "zh-Hant": "沒有此 id 且可報名的班次。",
    "zh-Hans": "没有此 id 且可报名的班次。",
  },
  "activity.notTakingSignUps": {
    en: "The activity is {status}; it takes sign-ups only while PUBLISHED.",
    "zh-Hant": "活動狀態為 {status}，僅在 PUBLISHED 時接受報名。",
    "zh-Hans": "活动状态为 {status}，仅在 PUBLISHED 时接受报名。",
  },
  "activity.shiftStarted": {
    en: "The shift has started; sign-ups and cancellations close when it starts.",
    "zh-Hant": "班次已開始，報名和取消在開始時截止。",
    "zh-Hans": "班次已开始，报名和取消在开始时截止。",
  },
  "activity.missingSkills": {
    en: "The shift takes people with these skills, which your profile does not list: {skills}.",
    "zh-Hant": "該班次需要以下技能，您的資料中沒有：{skills}。",
    "zh-Hans": "该班次需要以下技能，您的资料中没有：{skills}。",
  },
  "activity.alreadySignedUp": {
    en: "You are already signed up to this shift.",
    "zh-Hant": "您已報名此班次。",
    "zh-Hans": "您已报名此班次。",
  },
  "activity.signUpNotFound": {
    en: "No sign-up with this id.",
    "zh-Hant": "沒有此 id 的報名。",
    "zh-Hans": "没有此 id 的报名。",
  },
  "activity.alreadyCancelled": {
    en: "This sign-up is already cancelled.",
    "zh-Hant": "此報名已取消。",
    "zh-Hans": "此报名已取消。",
  },
  "activity.notConfirmed": {
    en: "The sign-up is {status}; only a confirmed one can do this.",
    "zh-Hant": "報名狀態為 {status}，只有已確認的報名才能進行此操作。",
    "zh-Hans": "报名状态为 {status}，只有已确认的报名才能进行此操作。",
  },
  "activity.alreadyCheckedIn": {
    en: "You have already checked in.",
    "zh-Hant": "您已簽到。",
    "zh-Hans": "您已签到。",
  },
  "activity.checkInOutsideShift": {
    en: "Check-in opens an hour before the shift and closes at its end.",
    "zh-Hant": "簽到在班次開始前一小時開放，班次結束時關閉。",
    "zh-Hans": "签到在班次开始前一小时开放，班次结束时关闭。",
  },
  "activity.notCheckedIn": {
    en: "Check in before checking out.",
    "zh-Hant": "請先簽到再簽退。",
    "zh-Hans": "请先签到再签退。",
  },
  "activity.alreadyCheckedOut": {
    en: "You have already checked out.",
    "zh-Hant": "您已簽退。",
    "zh-Hans": "您已签退。",
  },
  "activity.hoursOutsideShift": {
    en: "{hours} hours is outside the shift: give more than 0 and at most {limit}.",
    "zh-Hant": "{hours} 小時超出班次範圍：應大於 0 且不超過 {limit}。",
    "zh-Hans": "{hours} 小时超出班次范围：应大于 0 且不超过 {limit}。",
  },
  "activity.noHoursInStatus": {
    en: "The activity is {status}; hours are recorded only while it is PUBLISHED or COMPLETED.",
    "zh-Hant": "活動狀態為 {status}，僅在 PUBLISHED 或 COMPLETED 時記錄時長。",
    "zh-Hans": "活动状态为 {status}，仅在 PUBLISHED 或 COMPLETED 时记录时长。",
  },
  "activity.alreadyVerified": {
    en: "These hours are already verified; verified hours do not change.",
    "zh-Hant": "此時長已核實，核實後不能更改。",
    "zh-Hans": "此时长已核实，核实后不能更改。",
  },
  "activity.shiftNotStarted": {
    en: "The shift has not started; hours are recorded once it has.",
    "zh-Hant": "班次尚未開始，開始後才能記錄時長。",
    "zh-Hans": "班次尚未开始，开始后才能记录时长。",
  },
  "activity.noHoursToVerify": {
    en: "No hours to verify: record them (recordHours), or the person checks in and out within the shift.",
    "zh-Hant": "沒有可核實的時長：請先記錄（recordHours），或由本人在班次內簽到和簽退。",
    "zh-Hans": "没有可核实的时长：请先记录（recordHours），或由本人在班次内签到和签退。",
  },
  "activity.needNotInProject": {
    en: "No need with this id in the activity's project (give projectId too).",
    "zh-Hant": "活動所屬項目中沒有此 id 的需求（請同時提供 projectId）。",
    "zh-Hans": "活动所属项目中没有此 id 的需求（请同时提供 projectId）。",
  },
  "activity.needNotVolunteers": {
    en: "An activity serves a VOLUNTEERS need only; this one is {category}.",
    "zh-Hant": "活動只能服務 VOLUNTEERS 類需求；此需求為 {category}。",
    "zh-Hans": "活动只能服务 VOLUNTEERS 类需求；此需求为 {category}。",
  },
  "activity.needClosed": {
    en: "The need is {status}; an activity serves a live need only.",
    "zh-Hant": "該需求狀態為 {status}；活動只能服務仍在進行的需求。",
    "zh-Hans": "该需求状态为 {status}；活动只能服务仍在进行的需求。",
  },
  "points.outOfRange": {
    en: "{field} must be a whole number of points from 1 to {max}.",
    "zh-Hant": "{field} 必須是 1 至 {max} 的整數積分。",
    "zh-Hans": "{field} 必须是 1 至 {max} 的整数积分。",
  },
  "points.ruleOutOfRange": {
    en: "pointsPerHour must be a whole number from 0 to 1000.",
    "zh-Hant": "pointsPerHour 必須是 0 至 1000 的整數。",
    "zh-Hans": "pointsPerHour 必须是 0 至 1000 的整数。",
  },
  "points.stockOutOfRange": {
    en: "stock must be a whole number from 0 to {max}.",
    "zh-Hant": "stock 必須是 0 至 {max} 的整數。",
    "zh-Hans": "stock 必须是 0 至 {max} 的整数。",
  },
  "points.notIssuer": {
    en: "{name} does not issue points; a street office (GOVERNMENT_AGENCY) or a PARTY_COMMITTEE does.",
    "zh-Hant": "{name} 不能發放積分；街道辦事處（GOVERNMENT_AGENCY）或黨委（PARTY_COMMITTEE）才能發放。",
    "zh-Hans": "{name} 不能发放积分；街道办事处（GOVERNMENT_AGENCY）或党委（PARTY_COMMITTEE）才能发放。",
  },
  "points.organizationNotFound": {
    en: "No organisation with this id.",
    "zh-Hant": "沒有此 id 的組織。",
    "zh-Hans": "没有此 id 的组织。",
  },
  "points.poolTooLow": {
    en: "The organisation's points pool holds {balance} points, fewer than the {points} needed; an issuer funds it first.",
    "zh-Hant": "組織積分池僅有 {balance} 分，不足所需的 {points} 分；請先由發放單位充值。",
    "zh-Hans": "组织积分池仅有 {balance} 分，不足所需的 {points} 分；请先由发放单位充值。",
  },
  "points.balanceTooLow": {
    en: "The balance is {balance} points, fewer than the {points} needed.",
    "zh-Hant": "餘額為 {balance} 分，不足所需的 {points} 分。",
    "zh-Hans": "余额为 {balance} 分，不足所需的 {points} 分。",
  },
  "points.rewardNotFound": {
    en: "No reward with this id.",
    "zh-Hant": "沒有此 id 的獎品。",
    "zh-Hans": "没有此 id 的奖品。",
  },
  "points.outOfStock": {
    en: "{name} is out of stock.",
    "zh-Hant": "{name} 已兌完。",
    "zh-Hans": "{name} 已兑完。",
  },
  "points.entryNotFound": {
    en: "No entry with this id touches the acting organisation's accounts.",
    "zh-Hant": "沒有此 id 且涉及所代表組織賬戶的記錄。",
    "zh-Hans": "没有此 id 且涉及所代表组织账户的记录。",
  },
  "points.reversalOfReversal": {
    en: "A reversal is not reversed; make a new entry instead.",
    "zh-Hant": "沖正記錄不能再沖正；請另記一筆。",
    "zh-Hans": "冲正记录不能再冲正；请另记一笔。",
  },
  "points.alreadyReversed": {
    en: "This entry is already reversed.",
    "zh-Hant": "此記錄已沖正。",
    "zh-Hans": "此记录已冲正。",
  },
  ...SERVICE_DIRECTORY_MESSAGES,
  ...COUNCIL_MESSAGES,
  ...RECOGNITION_MESSAGES,
  ...RESIDENT_REQUEST_MESSAGES,
  ...MEDIATION_MESSAGES,
  ...FEEDBACK_MESSAGES,
  ...HOUSEHOLD_MESSAGES,
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof MESSAGES;

/** Joins a list of values (such as statuses) as alternatives. */
export const OR: Record<Locale, string> = { en: " or ", "zh-Hant": " 或 ", "zh-Hans": " 或 " };
