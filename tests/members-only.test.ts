import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { inHours, mutate, organizationIds, UserError } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

// Open WebSockets' credentials, their organisations' verification among them, are read again this often.
const CHECK_MS = 200;

let server: TestServer;
let org: Record<string, string>;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** Runs a mutation with the given credentials, expects no top-level errors nor userErrors, and returns its payload. */
async function as<T>(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>, selection: string): Promise<T> {
  const { body } = await server.graphql<Record<string, T & { userErrors: UserError[] }>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
    { input },
    headers,
  );
  expect([name, body.errors, body.data?.[name].userErrors]).toEqual([name, undefined, []]);
  return body.data![name];
}

/** Someone signs up and registers an organisation of their own: it starts unverified. */
async function newcomer(name: string, contactPhone: string | null = null): Promise<{ id: string; headers: Record<string, string> }> {
  const email = `${unique("member")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  const headers = bearer(await server.signIn(email, "long enough password"));
  const created = await as<{ organization: { id: string } }>(headers, "createOrganization", "CreateOrganizationInput", { kind: "NGO", name, slug: unique("org"), areaCode: "510107021001", contactPhone }, "organization { id }");
  return { id: created.organization.id, headers };
}

const readKey = async (organizationId: string, headers: Record<string, string>) =>
  bearer((await as<{ secret: string }>(headers, "createApiKey", "CreateApiKeyInput", { actingOrganizationId: organizationId, name: unique("key"), scopes: ["READ"] }, "secret")).secret);

type Reader = "anonymous" | "unverified outsider" | "verified outsider" | "project partner" | "pledger" | "unverified key" | "verified key";
const READERS: Reader[] = ["anonymous", "unverified outsider", "verified outsider", "project partner", "pledger", "unverified key", "verified key"];
const credentials = {} as Record<Reader, Record<string, string>>;

let leadId: string;
let pledgeId: string;
let restrictedHeadline: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { wsCredentialCheckMs: CHECK_MS } });
  org = await organizationIds(server, ["qinggang-lin-party-committee", "nuanyang-social-work"]);
  // A project of unverified newcomers: its lead, a partner it invited, and an organisation that pledged.
  const lead = await newcomer("青杠林鄰里互助會", "028-6000 0001");
  const partner = await newcomer("青杠林義工隊");
  const pledger = await newcomer("青杠林愛心超市");
  const outsider = await newcomer("不相干的新團體");
  leadId = lead.id;
  const projectId = (await as<{ project: { id: string } }>(lead.headers, "createProject", "CreateProjectInput", { actingOrganizationId: lead.id, title: "冬季送暖", category: "ELDERLY_CARE", areaCode: "510107021001", startsOn: "2026-12-01", endsOn: "2027-01-31" }, "project { id }")).project.id;
  await as(lead.headers, "invitePartner", "InvitePartnerInput", { actingOrganizationId: lead.id, projectId, organizationId: partner.id, role: "SUPPORTER" }, "partnership { id }");
  await as(lead.headers, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: lead.id, projectId, status: "OPEN" }, "project { status }");
  const needId = (await as<{ need: { id: string } }>(lead.headers, "postNeed", "PostNeedInput", { actingOrganizationId: lead.id, projectId, category: "MATERIALS", title: "棉被", quantity: 20, unit: "床", urgency: "HIGH", neededBy: inHours(72) }, "need { id }")).need.id;
  pledgeId = (await as<{ pledge: { id: string } }>(pledger.headers, "pledge", "PledgeInput", { actingOrganizationId: pledger.id, needId, quantity: 10, note: "倉庫後門取貨，找王師傅" }, "pledge { id }")).pledge.id;
  await as(lead.headers, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: lead.id, pledgeId, provisional: true, reason: "等街道確認名單" }, "pledge { id }");
  await as(pledger.headers, "recordDelivery", "RecordDeliveryInput", { actingOrganizationId: pledger.id, pledgeId, quantity: 4, note: "交給了三樓的李阿姨" }, "pledge { id }");

  credentials["anonymous"] = {};
  credentials["unverified outsider"] = outsider.headers;
  credentials["verified outsider"] = await server.asAdminOf(org["nuanyang-social-work"]);
  credentials["project partner"] = partner.headers;
  credentials["pledger"] = pledger.headers;
  credentials["unverified key"] = await readKey(outsider.id, outsider.headers);
  credentials["verified key"] = await readKey(org["nuanyang-social-work"], credentials["verified outsider"]);

  restrictedHeadline = unique("內部調度");
  await issueAlert("RESTRICTED", restrictedHeadline);
});
afterAll(() => server.close());

/** The community's Party committee warns of a cold wave in 青杠林. */
async function issueAlert(scope: "RESTRICTED" | "PUBLIC", headline: string): Promise<void> {
  const issued = await mutate<{ alert: { id: string } | null }>(server, "issueAlert", "AlertInput", {
    actingOrganizationId: org["qinggang-lin-party-committee"],
    status: "ACTUAL",
    scope,
    restriction: scope === "RESTRICTED" ? "僅限已核實的組織" : null,
    categories: ["SAFETY"],
    event: "寒潮",
    urgency: "EXPECTED",
    severity: "MODERATE",
    certainty: "LIKELY",
    headline,
    expires: inHours(6),
    areas: [{ description: "青杠林社區", areaCodes: ["510107021001"] }],
  }, "alert { id }");
  expect(issued.userErrors).toEqual([]);
}

const ALERTS = `subscription { alertIssued(filter: { areaCode: "510107021001" }) { alert { headline } } }`;
type AlertStream = ReturnType<typeof collect<{ alert: { headline: string } | null }>>;
const connect = (headers: Record<string, string>) =>
  createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers });

/** Issues a RESTRICTED alert, then a PUBLIC one; answers whether the stream got the RESTRICTED one before the PUBLIC one arrived. */
async function getsRestricted(stream: AlertStream): Promise<boolean> {
  const restricted = unique("RESTRICTED");
  const marker = unique("PUBLIC");
  await issueAlert("RESTRICTED", restricted);
  await issueAlert("PUBLIC", marker);
  const deadline = Date.now() + 10_000;
  while (!stream.received.some((event) => event.alert?.headline === marker) && stream.errors.length === 0 && Date.now() < deadline) await stream.waitFor(stream.received.length + 1);
  expect(stream.errors).toEqual([]);
  expect(stream.received.map((event) => event.alert?.headline)).toContain(marker);
  return stream.received.some((event) => event.alert?.headline === restricted);
}

interface Seen {
  contactPhone: string | null;
  note: string | null;
  responseReason: string | null;
  deliveryNote: string | null;
  restrictedAlert: boolean;
}

async function whatReads(reader: Reader): Promise<Seen> {
  const { body } = await server.graphql<{
    organization: { contactPhone: string | null };
    pledge: { note: string | null; responseReason: string | null; deliveries: { note: string | null }[] };
    alerts: { nodes: { headline: string }[] };
  }>(
    `query ($lead: ID!, $pledge: ID!) {
      organization(id: $lead) { contactPhone }
      pledge: node(id: $pledge) { ... on Pledge { note responseReason deliveries { note } } }
      alerts(first: 100, filter: { areaCode: "510107021001" }) { nodes { headline } }
    }`,
    { lead: leadId, pledge: pledgeId },
    credentials[reader],
  );
  expect(body.errors).toBeUndefined();
  return {
    contactPhone: body.data!.organization.contactPhone,
    note: body.data!.pledge.note,
    responseReason: body.data!.pledge.responseReason,
    deliveryNote: body.data!.pledge.deliveries[0].note,
    restrictedAlert: body.data!.alerts.nodes.some((alert) => alert.headline === restrictedHeadline),
  };
}

const ALL: Seen = { contactPhone: "028-6000 0001", note: "倉庫後門取貨，找王師傅", responseReason: "等街道確認名單", deliveryNote: "交給了三樓的李阿姨", restrictedAlert: true };
const NOTHING: Seen = { contactPhone: null, note: null, responseReason: null, deliveryNote: null, restrictedAlert: false };
/** Parties read the project's and pledge's fields, but a RESTRICTED alert only when they act verified. */
const PARTY: Seen = { ...ALL, restrictedAlert: false };

describe("members-only fields show to verified organisations and to the parties of the project or pledge", () => {
  it("answers each reader by the rule's table", async () => {
    const expected: Record<Reader, Seen> = {
      anonymous: NOTHING,
      "unverified outsider": NOTHING,
      "verified outsider": ALL,
      "project partner": PARTY,
      pledger: PARTY,
      "unverified key": NOTHING,
      "verified key": ALL,
    };
    const seen = Object.fromEntries(await Promise.all(READERS.map(async (reader) => [reader, await whatReads(reader)] as const)));
    expect(seen).toEqual(expected);
  });

  it("streams a RESTRICTED alert only to readers acting through a verified organisation", async () => {
    const clients: Client[] = READERS.map((reader) => connect(credentials[reader]));
    const before = server.events.subscriberCount;
    const streams = clients.map((client) => collect<{ alert: { headline: string } | null }>(client, ALERTS, {}, "alertIssued"));
    try {
      await subscriberCount(server.events, before + READERS.length);
      const restricted = unique("RESTRICTED");
      const marker = unique("PUBLIC");
      await issueAlert("RESTRICTED", restricted);
      await issueAlert("PUBLIC", marker);
      // The PUBLIC alert comes after the RESTRICTED one: once it arrives, whatever was to arrive before it has.
      const received = await Promise.all(
        streams.map(async (stream) => {
          const deadline = Date.now() + 10_000;
          while (!stream.received.some((event) => event.alert?.headline === marker) && stream.errors.length === 0 && Date.now() < deadline) await stream.waitFor(stream.received.length + 1);
          expect(stream.errors).toEqual([]);
          return stream.received.map((event) => event.alert?.headline);
        }),
      );
      const gotRestricted = Object.fromEntries(READERS.map((reader, index) => [reader, received[index].includes(restricted)]));
      expect(gotRestricted).toEqual({
        anonymous: false,
        "unverified outsider": false,
        "verified outsider": true,
        "project partner": false,
        pledger: false,
        "unverified key": false,
        "verified key": true,
      });
      expect(received.every((headlines) => headlines.includes(marker))).toBe(true);
    } finally {
      streams.forEach((stream) => stream.stop());
      await Promise.all(clients.map((client) => client.dispose()));
    }
  });
});

describe("a verification given or revoked reaches open connections at their next credential check", () => {
  it("starts and stops streaming RESTRICTED alerts to a member whose organisation is verified, then revoked", async () => {
    const team = await newcomer("青杠林巡邏隊");
    const client = connect(team.headers);
    const before = server.events.subscriberCount;
    const stream = collect<{ alert: { headline: string } | null }>(client, ALERTS, {}, "alertIssued");
    try {
      await subscriberCount(server.events, before + 1);
      expect(await getsRestricted(stream)).toBe(false);

      const committee = { actingOrganizationId: org["qinggang-lin-party-committee"], organizationId: team.id };
      const committeeAdmin = await server.asAdminOf(org["qinggang-lin-party-committee"]);
      await as(committeeAdmin, "verifyOrganization", "VerifyOrganizationInput", { ...committee, note: "核對了登記" }, "organization { id }");
      // Within a few checks; each round below lets at least one pass.
      let got = false;
      for (let round = 0; round < 20 && !got; round += 1) {
        await new Promise((resolve) => setTimeout(resolve, CHECK_MS));
        got = await getsRestricted(stream);
      }
      expect(got).toBe(true);

      await as(committeeAdmin, "revokeVerification", "RevokeVerificationInput", { ...committee, note: "巡邏隊解散" }, "organization { id }");
      let still = true;
      for (let round = 0; round < 20 && still; round += 1) {
        await new Promise((resolve) => setTimeout(resolve, CHECK_MS));
        still = await getsRestricted(stream);
      }
      expect(still).toBe(false);
    } finally {
      stream.stop();
      await client.dispose();
    }
  });
});
