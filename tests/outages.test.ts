import { createClient } from "graphql-ws";
import { Client as PgClient } from "pg";
import WebSocket from "ws";
import { keyOf } from "../src/schema/global-id";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

// A short retry budget, so a subscription that cannot deliver ends within the test.
const EVENT_RETRY_MS = 1_500;

let server: TestServer;
let databaseName: string;
let committee: string;
let rainstorm: string;
let token: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { eventRetryMs: EVENT_RETRY_MS } });
  databaseName = new URL(server.databaseUrl).pathname.slice(1);
  committee = (await organizationIds(server, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
  const { body } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
  rainstorm = body.data!.projects.nodes[0].id;
  token = await server.signIn("coordinator@qinggang-lin-party-committee.example.org");
});
afterAll(async () => {
  await allowConnections(true);
  await server.close();
});

async function connect(url: string): Promise<PgClient> {
  const client = new PgClient({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

async function asAdmin<T>(work: (admin: PgClient) => Promise<T>): Promise<T> {
  const admin = await connect(process.env.COGOV_TEST_ADMIN_URL!);
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

/** Cuts every connection the server holds to its database; `except` keeps a test's own. */
const terminateServerConnections = (except: number[] = []) =>
  asAdmin((admin) =>
    admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> ALL($2::int[]) AND pid <> pg_backend_pid()`, [databaseName, except]),
  );

/** A database closed for maintenance: no new connection is accepted, as during a failover. */
const allowConnections = (allowed: boolean) => asAdmin((admin) => admin.query(`ALTER DATABASE ${databaseName} WITH ALLOW_CONNECTIONS ${allowed}`));

async function outage(): Promise<void> {
  await allowConnections(false);
  await terminateServerConnections();
}

const until = async (condition: () => boolean | Promise<boolean>, what: string, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const post = (title: string) =>
  mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: committee, projectId: rainstorm, category: "MATERIALS", title, quantity: 3, unit: "件", urgency: "HIGH", neededBy: inHours(5) }, "need { id }");

const NEEDS = `subscription ($after: String, $project: ID) { needAnnounced(after: $after, filter: { projectId: $project }) { cursor need { id title } } }`;

interface Announced {
  cursor: string;
  need: { id: string; title: string } | null;
}

/** Nothing of the server's insides in what a client is shown. */
const INTERNAL_TEXT = /ECONN|terminat|accepting connections|SQLSTATE|QueryFailed|\bat .*\.[jt]s|\/work\/|node_modules|SELECT|INSERT/i;

describe("a database outage answers as an outage, and the server recovers by itself", () => {
  it("answers GraphQL over HTTP with 503 SERVICE_UNAVAILABLE and Retry-After, anonymous or signed in, then serves again", async () => {
    await outage();
    try {
      const requests = [
        server.graphql(`{ needs(first: 1) { nodes { id } } }`),
        server.graphql(`{ me { user { email } } }`, {}, { authorization: `Bearer ${token}` }),
        server.graphql(`mutation { signIn(input: { email: "nobody@example.org", password: "wrong-password" }) { token } }`),
      ];
      for (const response of await Promise.all(requests)) {
        expect(response.status).toBe(503);
        expect(response.headers.get("retry-after")).toBe("2");
        expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
        expect(JSON.stringify(response.body)).not.toMatch(INTERNAL_TEXT);
      }
    } finally {
      await allowConnections(true);
    }
    await until(async () => (await server.graphql(`{ needs(first: 1) { nodes { id } } }`)).status === 200, "the server answers again");
  });

  it("closes a WebSocket opened during the outage with 1013, which a stock graphql-ws client retries until it gets through", async () => {
    const closeCodes: number[] = [];
    await outage();
    const client = createClient({
      url: server.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 50,
      retryWait: () => new Promise((resolve) => setTimeout(resolve, 200)),
      on: { closed: (event) => closeCodes.push((event as { code: number }).code) },
    });
    const stream = collect<Announced>(client, NEEDS, { project: rainstorm }, "needAnnounced");
    try {
      await until(() => closeCodes.length >= 2, "the client has been refused twice");
      expect(new Set(closeCodes)).toEqual(new Set([1013]));
    } finally {
      await allowConnections(true);
    }
    await subscriberCount(server.events, 1);
    expect(server.events.subscriberCount).toBe(1);
    const posted = await post("停電後的發電機");
    expect((await stream.waitFor(1)).map((event) => event.need?.id)).toEqual([posted.need.id]);
    expect(stream.errors).toEqual([]);
    stream.stop();
    await client.dispose();
  });

  it("answers a retried mutation whose first answer was lost to the outage after its commit, and makes the change once", async () => {
    const holder = await connect(server.databaseUrl);
    try {
      // Reads of pledges wait (posting a need touches none), so the answer is read after the commit and meets the outage.
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE pledge IN ACCESS EXCLUSIVE MODE");
      const ownBackend = (await holder.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      const POST = `mutation ($input: PostNeedInput!) { postNeed(input: $input) { need { id title pledges(first: 1) { totalCount } } userErrors { code } } }`;
      const input = { actingOrganizationId: committee, projectId: rainstorm, category: "SHELTER", title: "臨時安置點床位", quantity: 40, unit: "張", urgency: "CRITICAL", neededBy: inHours(4), idempotencyKey: "outage-after-commit" };
      const headers = await server.asAdminOf(committee);
      const first = server.graphql<{ postNeed: { need: { id: string } | null } }>(POST, { input }, headers);
      await until(async () => (await holder.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [databaseName])).rows[0].n > 0, "the answer waits for the lock");
      await terminateServerConnections([ownBackend]);
      const lost = await first;
      expect(lost.status).toBe(503);
      expect(lost.body.errors?.map((error) => error.extensions?.code)).toEqual(["SERVICE_UNAVAILABLE"]);
      await holder.query("ROLLBACK");

      const retried = await server.graphql<{ postNeed: { need: { id: string; title: string; pledges: { totalCount: number } } } }>(POST, { input }, headers);
      expect(retried.status).toBe(200);
      expect(retried.body.errors).toBeUndefined();
      expect(retried.body.extensions?.idempotentReplay).toBe(true);
      expect(retried.body.data!.postNeed.need).toMatchObject({ title: "臨時安置點床位", pledges: { totalCount: 0 } });
      const [{ made }] = await server.dataSource.query(`SELECT count(*)::int AS made FROM resource_need WHERE title = '臨時安置點床位'`);
      expect(made).toBe(1);
    } finally {
      await holder.query("ROLLBACK").catch(() => undefined);
      await holder.end();
    }
  });

  it("keeps one listening connection through an outage, and reads what was committed meanwhile", async () => {
    const listeners = () =>
      asAdmin(async (admin) => (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'cogov-events'`, [databaseName])).rows[0].n as number);
    await outage();
    // Several reconnect attempts fail meanwhile (one a second).
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await allowConnections(true);
    await until(async () => (await listeners()) >= 1, "the listener is back");
    // Long enough for any second reconnect loop to have connected too.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await listeners()).toBe(1);
  });

  describe("an event whose need cannot be read for a moment", () => {
    let holder: PgClient;
    let writer: PgClient;
    /** The test's own backends, spared when the server's are terminated. */
    let ownBackends: number[];

    beforeEach(async () => {
      holder = await connect(server.databaseUrl);
      writer = await connect(server.databaseUrl);
      ownBackends = await Promise.all([holder, writer].map(async (client) => (await client.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number));
    });
    afterEach(async () => {
      await holder.query("ROLLBACK").catch(() => undefined);
      await Promise.all([holder.end(), writer.end()]);
    });

    /** Announces `needId` again, as a second event, while reads of needs wait behind a lock; resolves once the server's read waits. */
    async function announceWhileNeedsAreLocked(needId: string): Promise<string> {
      await holder.query("BEGIN");
      await holder.query("LOCK TABLE resource_need IN ACCESS EXCLUSIVE MODE");
      await writer.query(
        `INSERT INTO event (type, entity_type, entity_id, area_code, project_id, organization_id, attributes)
         SELECT type, entity_type, entity_id, area_code, project_id, organization_id, attributes FROM event
         WHERE entity_id = $1 AND type = 'NEED_POSTED'`,
        [keyOf(needId, "ResourceNeed")],
      );
      // Its position is drawn as it commits.
      const { rows } = await writer.query(`SELECT max(position)::text AS position FROM event WHERE entity_id = $1`, [keyOf(needId, "ResourceNeed")]);
      await writer.query(`SELECT pg_notify('cogov_events', '')`);
      await until(async () => {
        const waiting = await writer.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'`, [databaseName]);
        return waiting.rows[0].n > 0;
      }, "the server's read of the need waits for the lock");
      return rows[0].position;
    }

    it("is retried while connections drop, never skipped: the subscriber receives it whole", async () => {
      const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
      const stream = collect<Announced>(client, NEEDS, { project: rainstorm }, "needAnnounced");
      await subscriberCount(server.events, 1);
      const posted = await post("沙袋（第二次公告）");
      await stream.waitFor(1);

      await announceWhileNeedsAreLocked(posted.need.id);
      // The read fails with the connection; each retry waits for the lock again, until it is released.
      await terminateServerConnections(ownBackends);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query("ROLLBACK");

      const received = await stream.waitFor(2);
      expect(stream.errors).toEqual([]);
      expect(received.map((event) => event.need?.id)).toEqual([posted.need.id, posted.need.id]);
      stream.stop();
      await client.dispose();
    });

    it("ends the subscription with SERVICE_UNAVAILABLE and the cursor to resume after when the outage lasts; resuming from it misses nothing", async () => {
      const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
      const stream = collect<Announced>(client, NEEDS, { project: rainstorm }, "needAnnounced");
      await subscriberCount(server.events, 1);
      const posted = await post("抽水機（第二次公告）");
      const [first] = await stream.waitFor(1);

      const position = await announceWhileNeedsAreLocked(posted.need.id);
      await allowConnections(false);
      await terminateServerConnections(ownBackends);
      await until(() => stream.errors.length > 0, "the subscription ends", EVENT_RETRY_MS + 10_000);
      await allowConnections(true);
      await holder.query("ROLLBACK");

      const [ended] = stream.errors as { message: string; extensions: { code: string; resumeAfter: string; retryAfterSeconds: number } }[][];
      expect(ended).toHaveLength(1);
      expect(ended[0].extensions).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 2 });
      expect(JSON.stringify(ended)).not.toMatch(INTERNAL_TEXT);
      const resumeAfter = ended[0].extensions.resumeAfter;
      expect(Buffer.from(resumeAfter, "base64url").toString()).toBe(`Event:${BigInt(position) - 1n}`);
      // The client's own last cursor is as good a place to resume from: nothing after it was delivered.
      expect(BigInt(Buffer.from(first.cursor, "base64url").toString().slice(6))).toBeLessThan(BigInt(position));

      const resumed = collect<Announced>(client, NEEDS, { project: rainstorm, after: resumeAfter }, "needAnnounced");
      const [again] = await resumed.waitFor(1);
      expect(resumed.errors).toEqual([]);
      expect(again.need?.id).toBe(posted.need.id);
      expect(Buffer.from(again.cursor, "base64url").toString()).toBe(`Event:${position}`);
      resumed.stop();
      await client.dispose();
    });
  });
});
