import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { Locale, LOCALES, localeFromAcceptLanguage, localeFromTag } from "../src/i18n/locale";
import { MESSAGES } from "../src/i18n/messages";
import { organizationIds, UserError } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let ngo: string;
let environmentalists: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { bodyLimitBytes: 10_000 } });
  ({ "nuanyang-social-work": ngo, "lvya-environmental": environmentalists } = await organizationIds(server, ["nuanyang-social-work", "lvya-environmental"]));
});
afterAll(() => server.close());

/** How callers ask for a language, and the language they get. */
const ASKED: [acceptLanguage: string | undefined, locale: Locale][] = [
  ["zh-TW", "zh-Hant"],
  ["zh-CN", "zh-Hans"],
  ["en", "en"],
  ["fr;q=1, zh-HK;q=0.8", "zh-Hant"],
  [undefined, "en"],
];

const SLUG_TAKEN: Record<Locale, string> = {
  en: 'The slug "qinggang-street-office" is already used by 青杠街道辦事處.',
  "zh-Hant": "slug「qinggang-street-office」已被青杠街道辦事處使用。",
  "zh-Hans": "slug“qinggang-street-office”已被青杠街道辦事處使用。",
};
const NAME_BLANK: Record<Locale, string> = { en: "name cannot be blank.", "zh-Hant": "name 不能為空。", "zh-Hans": "name 不能为空。" };
const NOT_A_MEMBER: Record<Locale, string> = {
  en: "You are not a member of the organisation you are acting for.",
  "zh-Hant": "您不是所代表組織的成員。",
  "zh-Hans": "您不是所代表组织的成员。",
};
const NOT_A_JWT: Record<Locale, string> = {
  en: "The token is not a JWT; sign in again, or send an API key.",
  "zh-Hant": "此令牌不是 JWT，請重新登錄，或改用 API 密鑰。",
  "zh-Hans": "此令牌不是 JWT，请重新登录，或改用 API 密钥。",
};
const PAGE_TOO_LARGE: Record<Locale, string> = {
  en: "first must be from 0 to 100; it was 1000.",
  "zh-Hant": "first 須在 0 至 100 之間，所填為 1000。",
  "zh-Hans": "first 须在 0 至 100 之间，所填为 1000。",
};
const TOO_COSTLY: Record<Locale, string> = {
  en: "This query would cost 10,201 points; the limit is 5,000. Ask for fewer items (first/last) or fewer nested lists.",
  "zh-Hant": "此查詢將消耗 10,201 點，上限為 5,000 點。請減少每頁條數（first/last）或嵌套的列表。",
  "zh-Hans": "此查询将消耗 10,201 点，上限为 5,000 点。请减少每页条数（first/last）或嵌套的列表。",
};
const BODY_TOO_LARGE: Record<Locale, string> = {
  en: "The request body is larger than 10000 bytes.",
  "zh-Hant": "請求體超過 10000 字節。",
  "zh-Hans": "请求体超过 10000 字节。",
};

const RENAME = `mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } userErrors { field code message } } }`;
const COSTLY = `{ organizations(first: 100) { nodes { children(first: 100) { nodes { name } } } } }`;

const language = (acceptLanguage: string | undefined): Record<string, string> => (acceptLanguage ? { "accept-language": acceptLanguage } : {});

describe.each(ASKED)("a caller sending Accept-Language %p reads messages in %s", (acceptLanguage, locale) => {
  it("in userErrors, whose field names stay as they are", async () => {
    const headers = { ...(await server.asAdminOf(ngo)), ...language(acceptLanguage) };
    const { body } = await server.graphql<{ updateOrganization: { userErrors: UserError[] } }>(
      RENAME,
      { input: { id: ngo, name: " ", slug: "qinggang-street-office" } },
      headers,
    );
    expect(body.data!.updateOrganization.userErrors).toEqual([
      { field: ["input", "name"], code: "BLANK", message: NAME_BLANK[locale] },
      { field: ["input", "slug"], code: "TAKEN", message: SLUG_TAKEN[locale] },
    ]);
  });

  it("in a refusal to act for another organisation (FORBIDDEN)", async () => {
    const headers = { ...(await server.asAdminOf(ngo)), ...language(acceptLanguage) };
    const { body } = await server.graphql(RENAME, { input: { id: environmentalists, name: "綠芽" } }, headers);
    expect(body.errors).toEqual([expect.objectContaining({ message: NOT_A_MEMBER[locale], extensions: { code: "FORBIDDEN" } })]);
  });

  it("in a refusal of a bad token (UNAUTHENTICATED), made before any resolver runs", async () => {
    const { status, body } = await server.graphql(`{ me { user { id } } }`, {}, { authorization: "Bearer not-a-token", ...language(acceptLanguage) });
    expect(status).toBe(401);
    expect(body.errors).toEqual([expect.objectContaining({ message: NOT_A_JWT[locale], extensions: { code: "UNAUTHENTICATED" } })]);
  });

  it("in a refusal of a bad argument (BAD_USER_INPUT)", async () => {
    const { body } = await server.graphql(`{ organizations(first: 1000) { totalCount } }`, {}, language(acceptLanguage));
    expect(body.errors).toEqual([expect.objectContaining({ message: PAGE_TOO_LARGE[locale], extensions: { code: "BAD_USER_INPUT" } })]);
  });

  it("in a refusal of a query over the cost limit (QUERY_TOO_COMPLEX)", async () => {
    const { status, body } = await server.graphql(COSTLY, {}, language(acceptLanguage));
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ message: TOO_COSTLY[locale], extensions: { code: "QUERY_TOO_COMPLEX", cost: 10_201, maxCost: 5000 } }]);
  });

  it("in a refusal of a body over the size limit (PAYLOAD_TOO_LARGE)", async () => {
    const { status, body } = await server.graphql(`{ organizations(filter: { search: "${"社".repeat(5000)}" }) { totalCount } }`, {}, language(acceptLanguage));
    expect(status).toBe(413);
    expect(body.errors).toEqual([{ message: BODY_TOO_LARGE[locale], extensions: { code: "PAYLOAD_TOO_LARGE" } }]);
  });
});

describe("over WebSocket", () => {
  type Result = { data?: { updateOrganization: { userErrors: UserError[] } | null }; errors?: { message: string }[] };

  /** Runs one operation on a new connection and returns its result, or the errors it was refused with. */
  async function runOnce(options: { connectionParams: Record<string, unknown>; acceptLanguage?: string }, query: string, variables?: Record<string, unknown>): Promise<Result> {
    const { acceptLanguage } = options;
    // The upgrade request carries Accept-Language as a browser's would.
    class BrowserLikeWebSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers: language(acceptLanguage) });
      }
    }
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: BrowserLikeWebSocket, retryAttempts: 0, connectionParams: options.connectionParams });
    try {
      return await new Promise<Result>((resolve) => {
        let received: Result = {};
        client.subscribe(
          { query, variables },
          { next: (value) => (received = value as Result), error: (errors) => resolve({ errors: errors as Result["errors"] }), complete: () => resolve(received) },
        );
      });
    } finally {
      await client.dispose();
    }
  }

  it("shows userErrors, execution errors and refusals in the language of the locale connection parameter", async () => {
    const connectionParams = { ...(await server.asAdminOf(ngo)), locale: "zh-Hant" };
    const rejected = await runOnce({ connectionParams }, RENAME, { input: { id: ngo, slug: "qinggang-street-office" } });
    expect(rejected.data!.updateOrganization!.userErrors.map((error) => error.message)).toEqual([SLUG_TAKEN["zh-Hant"]]);
    const forbidden = await runOnce({ connectionParams }, RENAME, { input: { id: environmentalists, name: "綠芽" } });
    expect(forbidden.errors!.map((error) => error.message)).toEqual([NOT_A_MEMBER["zh-Hant"]]);
    const refused = await runOnce({ connectionParams }, COSTLY);
    expect(refused.errors!.map((error) => error.message)).toEqual([TOO_COSTLY["zh-Hant"]]);
  });

  it("falls back to the upgrade request's Accept-Language, then to English", async () => {
    const refused = await runOnce({ connectionParams: {}, acceptLanguage: "zh-CN,zh;q=0.9,en;q=0.8" }, COSTLY);
    expect(refused.errors!.map((error) => error.message)).toEqual([TOO_COSTLY["zh-Hans"]]);
    const english = await runOnce({ connectionParams: {} }, COSTLY);
    expect(english.errors!.map((error) => error.message)).toEqual([TOO_COSTLY.en]);
  });
});

describe("the message catalogue", () => {
  const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

  it("has every message in every language, with the same placeholders, so no translation drops a value", () => {
    for (const [key, templates] of Object.entries(MESSAGES)) {
      expect({ key, languages: Object.keys(templates).sort() }).toEqual({ key, languages: [...LOCALES].sort() });
      for (const locale of LOCALES) {
        expect({ key, locale, placeholders: [...new Set(placeholders(templates[locale]))] }).toEqual({ key, locale, placeholders: [...new Set(placeholders(templates.en))] });
      }
    }
  });
});

describe("choosing the language", () => {
  it("reads scripts and regions from BCP 47 tags", () => {
    const tags = ["zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-CN", "zh-hant-tw", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-HK", "zh", "en", "en-GB", "fr", "", undefined];
    expect(tags.map(localeFromTag)).toEqual([
      "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hant", "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hans", "zh-Hans", "en", "en", "en", "en", "en",
    ]);
  });

  it("takes the most preferred language it writes from Accept-Language", () => {
    expect(localeFromAcceptLanguage("fr;q=1, zh-HK;q=0.8")).toBe("zh-Hant");
    expect(localeFromAcceptLanguage("en;q=0.5, zh-CN")).toBe("zh-Hans");
    expect(localeFromAcceptLanguage("zh-TW;q=0, en-US;q=0.3")).toBe("en");
    expect(localeFromAcceptLanguage("de, *;q=0.1")).toBe("en");
    expect(localeFromAcceptLanguage(undefined)).toBe("en");
  });
});
