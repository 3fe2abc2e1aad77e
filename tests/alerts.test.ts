import http from "node:http";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { inHours, mutate, organizationIds, UserError } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";
import { capSchemaErrors, textOf, xmlErrors } from "./support/xml-check";

const PUBLIC_URL = "https://alerts.example.org/cogov";
let server: TestServer;
let committee: string;
let clinic: string;
let sandbags: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { publicUrl: PUBLIC_URL } });
  ({ "qinggang-lin-party-committee": committee, "qinggang-lin-health-station": clinic } = await organizationIds(server, ["qinggang-lin-party-committee", "qinggang-lin-health-station"]));
  const { body } = await server.graphql<{ needs: { nodes: { id: string }[] } }>(`{ needs(filter: { search: "防汛沙袋" }) { nodes { id } } }`);
  sandbags = body.data!.needs.nodes[0].id;
});
afterAll(() => server.close());

/** GET of a path with the headers given, Host included (fetch will not forge one). */
function get(pathname: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(pathname, server.url), { headers }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk)).on("end", () => resolve(body));
    });
    request.on("error", reject);
  });
}

/** Waits for what the server does in the background, up to 10 s. */
async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
}

interface AlertResult {
  alert: { id: string; identifier: string; msgType: string; capXml: string; references: { id: string } | null; needs: { title: string }[] } | null;
}
const SELECTION = "alert { id identifier msgType capXml references { id } needs { title } }";

const rainstorm = (overrides: Record<string, unknown> = {}) => ({
  actingOrganizationId: committee,
  status: "ACTUAL",
  scope: "PUBLIC",
  categories: ["MET", "SAFETY"],
  event: "暴雨",
  urgency: "IMMEDIATE",
  severity: "SEVERE",
  certainty: "OBSERVED",
  headline: "暴雨橙色預警：青杠林社區低窪地帶請即轉移",
  description: "未來三小時降雨量將超過 60 毫米，青杠林路地下車庫和一樓商鋪有進水風險。",
  instruction: "低窪地帶住戶請到桂溪社區居委會臨時安置點；需要幫助請聯繫網格員。",
  onset: new Date().toISOString(),
  expires: inHours(6),
  areas: [
    { description: "青杠林社區第二網格（低窪地帶）", areaCodes: ["510107021001002"], circle: { lat: 30.644, lng: 104.0461, radiusKm: 0.5 } },
    { description: "桂溪社區", areaCodes: ["510107021003"], polygon: [{ lat: 30.635, lng: 104.05 }, { lat: 30.637, lng: 104.05 }, { lat: 30.637, lng: 104.055 }, { lat: 30.635, lng: 104.05 }] },
  ],
  needIds: [sandbags],
  ...overrides,
});

describe("CAP 1.2 emergency alerts", () => {
  it("lets a Party committee coordinator issue, update and cancel an alert, every message valid CAP 1.2", async () => {
    const issued = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm(), SELECTION);
    expect(issued.userErrors).toEqual([]);
    expect(issued.alert!.needs).toEqual([{ title: "防汛沙袋" }]);
    expect(await capSchemaErrors(issued.alert!.capXml)).toEqual([]);

    const served = await fetch(`${server.url.replace(/\/graphql$/, "")}/cap/alerts/${issued.alert!.identifier}.xml`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toContain("application/cap+xml");
    expect(await served.text()).toBe(issued.alert!.capXml);

    const updated = await mutate<AlertResult>(server, "updateAlert", "UpdateAlertInput", { ...rainstorm({ severity: "EXTREME", headline: "暴雨紅色預警" }), alertId: issued.alert!.id }, SELECTION);
    expect(updated.alert).toMatchObject({ msgType: "UPDATE", references: { id: issued.alert!.id } });
    expect(updated.alert!.capXml).toContain(`<references>qinggang-lin-party-committee@cogov,${issued.alert!.identifier},`);
    expect(await capSchemaErrors(updated.alert!.capXml)).toEqual([]);

    const again = await mutate<AlertResult>(server, "updateAlert", "UpdateAlertInput", { ...rainstorm(), alertId: issued.alert!.id }, SELECTION);
    expect(again.userErrors[0].code).toBe("INVALID_TRANSITION");

    const feedBefore = await (await fetch(`${server.url.replace(/\/graphql$/, "")}/cap/feed.atom`)).text();
    expect(await xmlErrors(feedBefore)).toEqual([]);
    expect(feedBefore).toContain(`${updated.alert!.identifier}.xml`);
    expect(feedBefore).not.toContain(`${issued.alert!.identifier}.xml`);

    const cancelled = await mutate<AlertResult>(server, "cancelAlert", "CancelAlertInput", { actingOrganizationId: committee, alertId: updated.alert!.id, reason: "雨勢減弱，解除預警。" }, SELECTION);
    expect(cancelled.alert!.msgType).toBe("CANCEL");
    expect(await capSchemaErrors(cancelled.alert!.capXml)).toEqual([]);
    const feedAfter = await (await fetch(`${server.url.replace(/\/graphql$/, "")}/cap/feed.atom`)).text();
    expect(feedAfter).not.toContain(updated.alert!.identifier);
  });

  it("has a CAP check that refuses what the OASIS schema refuses, and a feed check that refuses broken XML", async () => {
    const issued = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ headline: "校驗測試" }), SELECTION);
    const document = issued.alert!.capXml;
    expect(await capSchemaErrors(document)).toEqual([]);
    // Well-formed, but not CAP: a status CAP does not know, a required element left out.
    const unknownStatus = document.replace("<status>Actual</status>", "<status>Rumour</status>");
    expect(unknownStatus).not.toBe(document);
    expect(await capSchemaErrors(unknownStatus)).toEqual([expect.stringMatching(/status.*Rumour/)]);
    const noSender = document.replace(/<sender>[^<]*<\/sender>/, "");
    expect(await capSchemaErrors(noSender)).toEqual([expect.stringContaining("Expected is ( {urn:oasis:names:tc:emergency:cap:1.2}sender )")]);
    // Not XML at all.
    expect(await capSchemaErrors(document.replace("</alert>", ""))).not.toEqual([]);
    const feed = await (await fetch(`${server.url.replace(/\/graphql$/, "")}/cap/feed.atom`)).text();
    expect(await xmlErrors(feed)).toEqual([]);
    expect(await xmlErrors(feed.replace("</feed>", ""))).toEqual(expect.arrayContaining([expect.stringContaining("parser error")]));
  });

  it("writes every CAP time in UTC as -00:00, as CAP 1.2 §3.3.2 requires, never +00:00 or Z", async () => {
    const onset = "2031-07-01T10:30:00+08:00";
    const expires = "2031-07-01T16:30:00+08:00";
    const issued = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ onset, expires }), SELECTION);
    const updated = await mutate<AlertResult>(server, "updateAlert", "UpdateAlertInput", { ...rainstorm({ onset, expires }), alertId: issued.alert!.id }, SELECTION);
    const document = updated.alert!.capXml;
    expect(document).toContain("<onset>2031-07-01T02:30:00-00:00</onset>");
    expect(document).toContain("<expires>2031-07-01T08:30:00-00:00</expires>");
    expect(document).toMatch(/<sent>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-00:00<\/sent>/);
    expect(document).toMatch(new RegExp(`<references>[^,]+,${issued.alert!.identifier},\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d-00:00</references>`));
    expect(document).not.toMatch(/\+00:00|\dZ\b/);
    expect(await capSchemaErrors(document)).toEqual([]);
  });

  it("refuses organisations that do not coordinate emergencies, and broken CAP fields", async () => {
    const fromClinic = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ actingOrganizationId: clinic }), SELECTION);
    expect(fromClinic.userErrors).toEqual([{ field: ["input", "actingOrganizationId"], code: "NOT_PERMITTED", message: expect.stringContaining("cannot issue alerts") }]);
    const broken = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({
      scope: "RESTRICTED",
      expires: inHours(-1),
      areas: [{ description: "壞區域", areaCodes: ["000"], polygon: [{ lat: 1, lng: 1 }, { lat: 2, lng: 2 }] }],
    }), SELECTION);
    const problems = broken.userErrors.map((error: UserError) => `${error.field[1]}:${error.code}`).sort();
    expect(problems).toEqual(["areas:INVALID", "areas:NOT_FOUND", "expires:OUT_OF_RANGE", "restriction:INVALID"]);
  });

  it("refuses every character XML forbids, in every text field of issue, update and cancel, naming it", async () => {
    const forbidden = [
      ...Array.from({ length: 0x20 }, (_, code) => code).filter((code) => ![0x09, 0x0a, 0x0d].includes(code)),
      0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfffe, 0xffff,
    ];
    const hex = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    for (const code of forbidden) {
      const refused = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ headline: `暴雨${String.fromCharCode(code)}預警` }), SELECTION);
      expect([hex(code), refused.alert, refused.userErrors]).toEqual([
        hex(code),
        null,
        [{ field: ["input", "headline"], code: "INVALID", message: expect.stringContaining(hex(code)) }],
      ]);
    }
    // Tab, newline and return are XML characters, and so is an astral one written as a surrogate pair.
    const allowed = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ description: "第一行\n\t第二行\r\n🌧️ 暴雨" }), SELECTION);
    expect(allowed.userErrors).toEqual([]);

    const bell = "\u0007";
    const everyField = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({
      scope: "RESTRICTED",
      restriction: `僅限${bell}合作組織`,
      event: `暴雨${bell}`,
      description: `${bell}說明`,
      instruction: `指引${bell}`,
      areas: [{ description: `青杠林${bell}社區`, areaCodes: ["510107021001"] }],
    }), SELECTION);
    expect(everyField.userErrors.map((error: UserError) => `${error.field[1]}:${error.code}`).sort()).toEqual(
      ["areas:INVALID", "description:INVALID", "event:INVALID", "instruction:INVALID", "restriction:INVALID"],
    );

    const updated = await mutate<AlertResult>(server, "updateAlert", "UpdateAlertInput", { ...rainstorm({ instruction: "請\uFFFF轉移" }), alertId: allowed.alert!.id }, SELECTION);
    expect(updated.userErrors).toEqual([expect.objectContaining({ field: ["input", "instruction"], code: "INVALID" })]);
    const cancelled = await mutate<AlertResult>(server, "cancelAlert", "CancelAlertInput", { actingOrganizationId: committee, alertId: allowed.alert!.id, reason: "雨停\u000B了" }, SELECTION);
    expect(cancelled.userErrors).toEqual([{ field: ["input", "reason"], code: "INVALID", message: expect.stringContaining("U+000B") }]);
    expect(cancelled.alert).toBeNull();
  });

  it("publishes entity-like text, markup and CDATA ends exactly as typed, in valid CAP and a well-formed feed", async () => {
    const typed = {
      headline: "R&D; 中心 &nbsp; 停電",
      description: "<script>alert(1)</script> ]]> <![CDATA[ x ]]> &amp; &#x41; &lt;",
      instruction: "請到 \"A&B\" 'C' 安置點 &copy;",
    };
    const issued = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ ...typed, event: "&nbsp;", areas: [{ description: "R&D; <區>", areaCodes: ["510107021001"] }] }), SELECTION);
    expect(issued.userErrors).toEqual([]);
    const document = issued.alert!.capXml;
    expect(await capSchemaErrors(document)).toEqual([]);
    for (const [name, value] of Object.entries(typed)) expect(await textOf(document, name)).toBe(value);
    expect(await textOf(document, "event")).toBe("&nbsp;");
    expect(await textOf(document, "areaDesc")).toBe("R&D; <區>");

    const feed = await (await fetch(`${server.url.replace(/\/graphql$/, "")}/cap/feed.atom`)).text();
    expect(await xmlErrors(feed)).toEqual([]);
    const entry = `//*[local-name()="entry"][*[local-name()="id"]="urn:cogov:alert:${issued.alert!.identifier}"]`;
    expect(await textOf(feed, "title", entry)).toBe(typed.headline);
    expect(await textOf(feed, "summary", entry)).toBe(typed.description);
  });

  it("links the feed to the configured public address, whatever Host header a caller sends", async () => {
    const issued = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ headline: "公開地址測試" }), SELECTION);
    const feed = await get("/cap/feed.atom", { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "gopher" });
    expect(await xmlErrors(feed)).toEqual([]);
    expect(feed).not.toMatch(/evil\.example|gopher|127\.0\.0\.1|localhost/);
    expect(feed).toContain(`<id>${PUBLIC_URL}/cap/feed.atom</id>`);
    expect(feed).toContain(`<link rel="self" href="${PUBLIC_URL}/cap/feed.atom"/>`);
    expect(feed).toContain(`href="${PUBLIC_URL}/cap/alerts/${issued.alert!.identifier}.xml"`);
  });

  it("links only needs the issuer may see, and shows each reader only the linked needs it may see", async () => {
    const draftNeedOf = async (lead: string, title: string) => {
      const created = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: lead, title: `${title}（籌備）`, category: "EMERGENCY", areaCode: "510107021001" }, "project { id }");
      const posted = await mutate<{ need: { id: string } }>(
        server,
        "postNeed",
        "PostNeedInput",
        { actingOrganizationId: lead, projectId: created.project!.id, category: "MATERIALS", title, quantity: 50, unit: "個", urgency: "HIGH", neededBy: inHours(24) },
        "need { id }",
      );
      return posted.need!.id;
    };
    // Another organisation's DRAFT need is, for the committee, a need that does not exist.
    const clinicsDraft = await draftNeedOf(clinic, "應急藥箱");
    const refused = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ needIds: [sandbags, clinicsDraft] }), SELECTION);
    expect(refused.alert).toBeNull();
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ["input", "needIds"], code: "NOT_FOUND" })]);

    // Its own DRAFT need it may link; only its members see it among the alert's needs.
    const committeesDraft = await draftNeedOf(committee, "備用發電機");
    const issued = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ needIds: [sandbags, committeesDraft] }), SELECTION);
    expect(issued.userErrors).toEqual([]);
    const needsAs = async (headers: Record<string, string>) => {
      const { body } = await server.graphql<{ node: { needs: { title: string }[] } }>(`query ($id: ID!) { node(id: $id) { ... on Alert { needs { title } } } }`, { id: issued.alert!.id }, headers);
      return body.data!.node.needs.map((need) => need.title).sort();
    };
    expect(await needsAs({})).toEqual(["防汛沙袋"]);
    expect(await needsAs(await server.asAdminOf(clinic))).toEqual(["防汛沙袋"]);
    expect(await needsAs(await server.asAdminOf(committee))).toEqual(["備用發電機", "防汛沙袋"].sort());
  });

  it("shows a restricted alert only to members, also over subscriptions", async () => {
    const url = server.url.replace(/^http/, "ws");
    const member = await server.signIn("admin@nuanyang-social-work.example.org");
    const received: Record<string, string[]> = { anonymous: [], member: [] };
    const clients = Object.keys(received).map((who) => {
      const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: who === "member" ? { authorization: `Bearer ${member}` } : {} });
      client.subscribe<{ alertIssued: { alert: { event: string } } }>(
        { query: `subscription { alertIssued(filter: { areaCode: "510107021" }) { cursor alert { event } } }` },
        { next: (value) => value.data && received[who].push(value.data.alertIssued.alert.event), error: () => undefined, complete: () => undefined },
      );
      return client;
    });
    await until(() => server.events.subscriberCount === 2);
    const restricted = await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ scope: "RESTRICTED", restriction: "僅限參與防汛的合作組織", event: "內部防汛調度" }), SELECTION);
    await mutate<AlertResult>(server, "issueAlert", "AlertInput", rainstorm({ event: "公開防汛提示" }), SELECTION);
    // Events arrive in order: once both have the public alert, the restricted one has reached whoever it would.
    await until(() => Object.values(received).every((events) => events.includes("公開防汛提示")));
    expect(received.member).toEqual(["內部防汛調度", "公開防汛提示"]);
    expect(received.anonymous).toEqual(["公開防汛提示"]);
    for (const client of clients) await client.dispose();

    const query = `query ($id: ID!) { alert(id: $id) { event } }`;
    expect((await server.graphql(query, { id: restricted.alert!.id })).body.data).toEqual({ alert: null });
    expect((await server.graphql(query, { id: restricted.alert!.id }, { authorization: `Bearer ${member}` })).body.data).toEqual({ alert: { event: "內部防汛調度" } });
    const document = await fetch(`${server.url.replace(/\/graphql$/, "")}/cap/alerts/${restricted.alert!.identifier}.xml`);
    expect(document.status).toBe(404);
  });
});
