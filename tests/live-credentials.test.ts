import { randomBytes } from "node:crypto";
import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { Tokens } from "../src/auth/tokens";
import { ConfigError, loadConfig } from "../src/config";
import { createDataSource } from "../src/db/data-source";
import { createLogger } from "../src/logger";
import { startServer } from "../src/server";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

// Connections' credentials are read again five times a second here, so each story takes moments.
const CHECK_MS = 200;

let server: TestServer;
let committee: string;
let rainstorm: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { wsCredentialCheckMs: CHECK_MS } });
  committee = (await organizationIds(server, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
  const { body } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
  rainstorm = body.data!.projects.nodes[0].id;
});
afterAll(() => server.close());

interface Closed {
  code: number;
  reason: string;
}

/** A stock graphql-ws client that does not reconnect, and remembers how its connection closed. */
function connect(authorization: string) {
  const closes: Closed[] = [];
  let socket: WebSocket | undefined;
  const pongs: Record<string, unknown>[] = [];
  const client: Client = createClient({
    url: server.url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization },
    on: {
      connected: (connected) => (socket = connected as WebSocket),
      closed: (event) => closes.push({ code: (event as Closed).code, reason: String((event as Closed).reason) }),
      pong: (_received, payload) => pongs.push(payload ?? {}),
    },
  });
  return {
    client,
    closes,
    /** Sends a graphql-ws ping carrying new credentials, and waits for the pong that answers it. */
    async renew(renewal: string) {
      const before = pongs.length;
      socket!.send(JSON.stringify({ type: "ping", payload: { authorization: renewal } }));
      await until(() => pongs.length > before);
      return pongs[before];
    },
  };
}

/** One query or mutation over an open connection, answered as graphql-ws answers it. */
function over<T>(client: Client, query: string, variables: Record<string, unknown> = {}) {
  return new Promise<{ data?: T | null; errors?: readonly { extensions?: Record<string, unknown> }[] }>((resolve, reject) =>
    client.subscribe<T>({ query, variables }, { next: resolve, error: reject, complete: () => undefined }),
  );
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

const NEEDS = `subscription ($filter: NeedSubscriptionFilter) { needAnnounced(filter: $filter) { cursor need { title } } }`;
interface NeedEventResult {
  need: { title: string } | null;
}

const post = (projectId: string, title: string) =>
  mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: committee, projectId, category: "MATERIALS", title, quantity: 5, unit: "件", urgency: "HIGH", neededBy: inHours(5), areaCode: "510107021001" }, "need { id }");

const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

/** A new account, made a member of the community Party committee by its admin. */
async function committeeMember(role = "MEMBER"): Promise<{ userId: string; globalId: string; token: string }> {
  const email = `${unique("member")}@example.org`;
  const password = "a long enough password";
  const { body } = await server.graphql<{ signUp: { user: { id: string } } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } userErrors { message } } }`,
    { input: { email, displayName: "志願者", password } },
  );
  const added = await mutate(server, "addMember", "AddMemberInput", { actingOrganizationId: committee, email, role }, "membership { role }");
  expect(added.userErrors).toEqual([]);
  const [{ id }] = await server.dataSource.query(`SELECT id FROM app_user WHERE email = $1`, [email]);
  return { userId: id, globalId: body.data!.signUp.user.id, token: await server.signIn(email, password) };
}

/** A token for the account that expires in a few seconds, signed as signIn signs them. */
const shortLivedToken = async (userId: string, seconds: number) => (await new Tokens({ secret: new TextEncoder().encode(server.jwtSecret), ttlSeconds: seconds }).issue(userId)).token;

/** Another instance on the same database, as a deployment behind a load balancer runs it; stopped by the returned function. */
async function anotherInstance(): Promise<{ url: string; stop(): Promise<void> }> {
  const log = createLogger("silent");
  const dataSource = createDataSource(server.databaseUrl, log);
  await dataSource.initialize();
  const other = await startServer({ ...loadConfig({}), host: "127.0.0.1", port: 0, jwtSecret: server.jwtSecret }, dataSource, log);
  return { url: other.url, stop: async () => (await other.stop(), await dataSource.destroy()) };
}

describe("credentials revoked while a WebSocket streams", () => {
  it("closes an integrator's connection with 4401 once an admin revokes its key, on whichever instance", async () => {
    const created = await mutate<{ apiKey: { id: string }; secret: string }>(server, "createApiKey", "CreateApiKeyInput", { actingOrganizationId: committee, name: unique("大屏"), scopes: ["READ"] }, "apiKey { id } secret");
    const integrator = connect(`Bearer ${created.secret}`);
    const stream = collect<NeedEventResult>(integrator.client, NEEDS, { filter: { projectId: rainstorm } }, "needAnnounced");
    await subscriberCount(server.events, 1);
    await post(rainstorm, "沙袋");
    expect((await stream.waitFor(1)).map((event) => event.need?.title)).toEqual(["沙袋"]);

    // Revoked through the other instance: the one holding the connection learns it from the database.
    const other = await anotherInstance();
    try {
      const response = await fetch(other.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(await server.asAdminOf(committee)) },
        body: JSON.stringify({
          query: `mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { revokedAt } userErrors { message } } }`,
          variables: { input: { actingOrganizationId: committee, apiKeyId: created.apiKey.id } },
        }),
      });
      expect(await response.json()).toMatchObject({ data: { revokeApiKey: { apiKey: { revokedAt: expect.any(String) }, userErrors: [] } } });
    } finally {
      await other.stop();
    }
    await until(() => integrator.closes.length > 0);
    // Fatal for the stock client: it does not retry with a key that will never work again.
    expect(integrator.closes).toEqual([{ code: 4401, reason: "The API key was revoked." }]);
    expect(stream.errors).toEqual([expect.objectContaining({ code: 4401 })]);
    await subscriberCount(server.events, 0);
    expect(server.events.subscriberCount).toBe(0);
    await integrator.client.dispose();
  });
});

describe("memberships that change while a WebSocket streams", () => {
  it("stops a removed member's DRAFT needs at the next event, on the same connection, while public ones keep coming", async () => {
    const created = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: committee, title: unique("防汛物資籌備"), category: "EMERGENCY", areaCode: "510107021001" }, "project { id }");
    const draft = created.project.id;
    const member = await committeeMember();
    const volunteer = connect(`Bearer ${member.token}`);
    const stream = collect<NeedEventResult>(volunteer.client, NEEDS, {}, "needAnnounced");
    await subscriberCount(server.events, 1);
    await post(draft, "籌備中的帳篷");
    expect((await stream.waitFor(1)).map((event) => event.need?.title)).toEqual(["籌備中的帳篷"]);

    const removed = await mutate(server, "removeMember", "RemoveMemberInput", { actingOrganizationId: committee, userId: member.globalId }, "membership { role }");
    expect(removed.userErrors).toEqual([]);
    // The same connection stops reading the DRAFT project once its credentials are read again.
    const readsDraft = async () => (await over<{ node: unknown }>(volunteer.client, `query ($id: ID!) { node(id: $id) { id } }`, { id: draft })).data?.node != null;
    await until(async () => !(await readsDraft()));
    expect(await readsDraft()).toBe(false);

    await post(draft, "籌備中的睡袋");
    await post(rainstorm, "公開的雨靴");
    // The public need comes after the DRAFT one: by the time it arrives, the DRAFT one would have too.
    expect((await stream.waitFor(2)).map((event) => event.need?.title)).toEqual(["籌備中的帳篷", "公開的雨靴"]);
    expect(stream.errors).toEqual([]);
    expect(volunteer.closes).toEqual([]);
    stream.stop();
    await volunteer.client.dispose();
  });

  it("applies a role change to what the open connection may do next, without a reconnect", async () => {
    const member = await committeeMember("ADMIN");
    const admin = connect(`Bearer ${member.token}`);
    // A subscription keeps the connection open: every operation below goes over this one socket.
    const stream = collect<NeedEventResult>(admin.client, NEEDS, {}, "needAnnounced");
    await subscriberCount(server.events, 1);
    const AUDIT = `query ($id: ID!) { auditLog(organizationId: $id, first: 1) { nodes { action } } }`;
    const refusal = async () => (await over(admin.client, AUDIT, { id: committee })).errors?.[0]?.extensions?.code;
    expect(await refusal()).toBeUndefined();

    const changed = await mutate(server, "changeMemberRole", "ChangeMemberRoleInput", { actingOrganizationId: committee, userId: member.globalId, role: "MEMBER" }, "membership { role }");
    expect(changed.userErrors).toEqual([]);
    await until(async () => (await refusal()) !== undefined);
    expect(await refusal()).toBe("FORBIDDEN");
    expect(admin.closes).toEqual([]);
    expect(stream.errors).toEqual([]);
    stream.stop();
    await admin.client.dispose();
  });
});

describe("results shared among subscribers", () => {
  it("never hands a connection opened after a member's removal a result executed for the rights the member had", async () => {
    // Checked rarely here, so the connection opened before the removal keeps its former rights meanwhile.
    const rarely = await startTestServer({ demoData: true, config: { wsCredentialCheckMs: 600_000 } });
    try {
      const ids = await organizationIds(rarely, ["qinggang-lin-party-committee"]);
      const project = (await rarely.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`)).body.data!.projects.nodes[0].id;
      const email = `${unique("member")}@example.org`;
      const password = "a long enough password";
      const signedUp = await rarely.graphql<{ signUp: { user: { id: string } } }>(`mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } } }`, { input: { email, displayName: "志願者", password } });
      const userId = signedUp.body.data!.signUp.user.id;
      const act = (mutation: string, inputType: string, input: Record<string, unknown>) => mutate(rarely, mutation, inputType, { actingOrganizationId: ids["qinggang-lin-party-committee"], ...input }, "userErrors { code }");
      await act("addMember", "AddMemberInput", { email, role: "MEMBER" });
      const token = await rarely.signIn(email, password);
      const ws = (authorization: string) => createClient({ url: rarely.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization } });
      const PHONE = `subscription ($filter: NeedSubscriptionFilter) { needAnnounced(filter: $filter) { need { title project { lead { contactPhone } } } } }`;
      type PhoneEvent = { need: { project: { lead: { contactPhone: string | null } } } };

      const before = ws(`Bearer ${token}`);
      const stale = collect<PhoneEvent>(before, PHONE, { filter: { projectId: project } }, "needAnnounced");
      await subscriberCount(rarely.events, 1);
      await act("removeMember", "RemoveMemberInput", { userId });
      const after = ws(`Bearer ${token}`);
      const fresh = collect<PhoneEvent>(after, PHONE, { filter: { projectId: project } }, "needAnnounced");
      await subscriberCount(rarely.events, 2);
      await act("postNeed", "PostNeedInput", { projectId: project, category: "MATERIALS", title: "共享結果的雨傘", quantity: 5, unit: "把", urgency: "HIGH", neededBy: inHours(5), areaCode: "510107021001" });
      const [older, newer] = [await stale.waitFor(1), await fresh.waitFor(1)];
      // Contact numbers are for members of an organisation; after the removal this account belongs to none.
      expect(newer[0].need.project.lead.contactPhone).toBeNull();
      expect(older[0].need.project.lead.contactPhone).toMatch(/^028-/);
      await Promise.all([before.dispose(), after.dispose()]);
    } finally {
      await rarely.close();
    }
  });
});

describe("tokens that expire while a WebSocket streams", () => {
  it("closes the connection at expiry with 4403, which the stock client retries with fresh connectionParams", async () => {
    const member = await committeeMember();
    const volunteer = connect(`Bearer ${await shortLivedToken(member.userId, 2)}`);
    const stream = collect<NeedEventResult>(volunteer.client, NEEDS, {}, "needAnnounced");
    await subscriberCount(server.events, 1);
    await until(() => volunteer.closes.length > 0);
    expect(volunteer.closes).toEqual([{ code: 4403, reason: "The token has expired; connect again with a fresh one." }]);
    expect(stream.errors).toEqual([expect.objectContaining({ code: 4403 })]);
    await volunteer.client.dispose();
  });

  it("takes a refreshed token in a ping and keeps streaming past the old token's expiry, without reconnecting", async () => {
    const [member, stranger] = [await committeeMember(), await committeeMember()];
    const volunteer = connect(`Bearer ${await shortLivedToken(member.userId, 4)}`);
    const stream = collect<NeedEventResult>(volunteer.client, NEEDS, { filter: { projectId: rainstorm } }, "needAnnounced");
    await subscriberCount(server.events, 1);

    // Someone else's token is refused, and the connection keeps its own credentials.
    expect(await volunteer.renew(`Bearer ${stranger.token}`)).toEqual({ error: { code: "FORBIDDEN", message: expect.stringContaining("another account") } });
    expect(await volunteer.renew("Bearer not-a-token")).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) } });

    const renewed = await volunteer.renew(`Bearer ${member.token}`);
    expect(renewed).toEqual({ expiresAt: expect.any(String) });
    // The signed-in token lasts an hour; the short one was to expire within seconds.
    expect(new Date(renewed.expiresAt as string).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);

    // Past the short token's expiry and several checks after it.
    await new Promise((resolve) => setTimeout(resolve, 5_000 + 5 * CHECK_MS));
    await post(rainstorm, "續期後的雨衣");
    expect((await stream.waitFor(1)).map((event) => event.need?.title)).toEqual(["續期後的雨衣"]);
    expect(stream.errors).toEqual([]);
    expect(volunteer.closes).toEqual([]);
    stream.stop();
    await volunteer.client.dispose();
  });
});

describe("the check's setting", () => {
  it("refuses a period that is not a whole number of milliseconds from 100 to 600000, saying what to set", () => {
    for (const raw of ["0", "50", "2.5", "five seconds", "600001"]) {
      expect(() => loadConfig({ COGOV_WS_CREDENTIAL_CHECK_MS: raw })).toThrow(ConfigError);
      expect(() => loadConfig({ COGOV_WS_CREDENTIAL_CHECK_MS: raw })).toThrow(`COGOV_WS_CREDENTIAL_CHECK_MS is "${raw}"; set it to a whole number from 100 to 600000.`);
    }
    expect(loadConfig({}).wsCredentialCheckMs).toBe(5_000);
    expect(loadConfig({ COGOV_WS_CREDENTIAL_CHECK_MS: "1000" }).wsCredentialCheckMs).toBe(1_000);
  });
});
