import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { EventType } from "../src/entities/event";
import { recordEvents } from "../src/events/outbox";
import { startTestServer, TestServer } from "./support/test-server";

const TOKEN = "scrape-me-0123456789";
let server: TestServer;
let metricsUrl: string;
beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { metricsToken: TOKEN, countStatements: true } });
  metricsUrl = server.url.replace(/\/graphql$/, "/metrics");
});
afterAll(() => server.close());

/** The exposition as `name{labels}` → value; every sample line must parse. */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!sample) throw new Error(`not a Prometheus sample line: ${line}`);
    samples.set(sample[1], Number(sample[2]));
  }
  return samples;
}

const sample = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let tries = 0; tries < 100 && !(await condition()); tries++) await new Promise((resolve) => setTimeout(resolve, 50));
}

describe("GET /metrics", () => {
  it("answers only to the configured token", async () => {
    expect((await fetch(metricsUrl)).status).toBe(401);
    const wrong = await fetch(metricsUrl, { headers: { authorization: "Bearer scrape-me-0123456780" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toBe("Bearer");
    expect(await wrong.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.stringContaining("COGOV_METRICS_TOKEN") } });
  });

  it("is closed when the operator set no token, until they open it", async () => {
    for (const [metricsPublic, status] of [[false, 403], [true, 200]] as const) {
      const other = await startTestServer({ config: { metricsPublic } });
      try {
        const response = await fetch(other.url.replace(/\/graphql$/, "/metrics"), { headers: { "accept-language": "zh-Hant" } });
        expect([metricsPublic, response.status]).toEqual([metricsPublic, status]);
        const body = await response.text();
        if (metricsPublic) expect(body).toContain("cogov_subscriptions 0");
        else expect(JSON.parse(body)).toEqual({ error: { code: "FORBIDDEN", message: expect.stringContaining("COGOV_METRICS_PUBLIC=true") } });
      } finally {
        await other.close();
      }
    }
  });

  it("counts GraphQL operations by type and outcome, errors by code, and their SQL statements", async () => {
    const before = await scrape();
    for (let n = 0; n < 3; n++) expect((await server.graphql(`{ organizations(first: 2) { nodes { name } } }`)).status).toBe(200);
    expect((await server.graphql(`{ noSuchField }`)).status).toBe(400);
    const signIn = await server.graphql(`mutation { signIn(input: { email: "nobody@example.org", password: "wrong password" }) { token } }`);
    expect(signIn.status).toBe(200);
    const after = await scrape();

    const delta = (key: string) => sample(after, key) - sample(before, key);
    expect(delta('cogov_graphql_operations_total{type="query",outcome="ok"}')).toBe(3);
    expect(delta('cogov_graphql_operations_total{type="mutation",outcome="ok"}')).toBe(1);
    expect(delta('cogov_graphql_operations_total{type="unknown",outcome="error"}')).toBe(1);
    expect(delta('cogov_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(delta('cogov_graphql_operation_duration_seconds_count{type="query"}')).toBe(3);
    // The invalid query runs none; each of the 3 queries one, a page of organisations (budgets are charged in memory).
    expect(delta("cogov_graphql_sql_statements_count")).toBe(5);
    expect(delta('cogov_graphql_sql_statements_bucket{le="1"}')).toBe(4);
    expect(delta('cogov_graphql_sql_statements_bucket{le="2"}')).toBe(4);
    // The instance's own count holds them too, with whatever its sweeps ran meanwhile.
    expect(delta("cogov_sql_statements_total")).toBeGreaterThanOrEqual(delta("cogov_graphql_sql_statements_sum"));
    expect(delta("cogov_graphql_sql_statements_sum")).toBeGreaterThanOrEqual(5);
    expect(delta('cogov_http_request_duration_seconds_count{route="/graphql",method="POST",status="200"}')).toBe(4);
    expect(delta('cogov_http_request_duration_seconds_count{route="/graphql",method="POST",status="400"}')).toBe(1);
  });

  it("counts each operation's statements only when asked to, and the instance's always", async () => {
    const other = await startTestServer({ demoData: true, config: { metricsPublic: true } });
    try {
      const scrapeOther = async () => {
        const samples = new Map<string, number>();
        for (const [, key, value] of (await (await fetch(other.url.replace(/\/graphql$/, "/metrics"))).text()).matchAll(/^(\S+) (\S+)$/gm)) samples.set(key, Number(value));
        return samples;
      };
      const before = await scrapeOther();
      for (let n = 0; n < 3; n++) expect((await other.graphql(`{ organizations(first: 2) { nodes { name } } }`)).status).toBe(200);
      const after = await scrapeOther();
      expect(sample(after, 'cogov_graphql_operations_total{type="query",outcome="ok"}') - sample(before, 'cogov_graphql_operations_total{type="query",outcome="ok"}')).toBe(3);
      expect(sample(after, "cogov_graphql_sql_statements_count")).toBe(0);
      expect(sample(after, "cogov_sql_statements_total") - sample(before, "cogov_sql_statements_total")).toBeGreaterThanOrEqual(3);
    } finally {
      await other.close();
    }
  });

  it("labels HTTP requests by route pattern, never by the raw path", async () => {
    await fetch(server.url.replace(/\/graphql$/, "/cap/alerts/no-such-alert.xml"));
    await fetch(server.url.replace(/\/graphql$/, "/no/such/path/42"));
    const samples = await scrape();
    expect(sample(samples, 'cogov_http_request_duration_seconds_count{route="/cap/alerts/:identifier.xml",method="GET",status="404"}')).toBe(1);
    expect(sample(samples, 'cogov_http_request_duration_seconds_count{route="unmatched",method="GET",status="404"}')).toBe(1);
    expect([...samples.keys()].some((key) => key.includes("no-such") || key.includes("/42"))).toBe(false);
  });

  it("shows how far this instance has read the event stream", async () => {
    await server.dataSource.transaction((manager) => recordEvents(manager, [{ type: EventType.PROJECT_STATUS_CHANGED, entityType: "Project", entityId: "00000000-0000-4000-8000-000000000000" }]));
    const [{ head }] = await server.dataSource.query(`SELECT max(position)::int AS head FROM event`);
    expect(head).toBeGreaterThan(0);
    await until(async () => sample(await scrape(), "cogov_event_stream_position") === head);
    expect(sample(await scrape(), "cogov_event_stream_position")).toBe(head);
  });

  it("shows subscriptions and WebSockets open on this instance, and the database pool", async () => {
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const subscription = client.iterate({ query: `subscription { needAnnounced { cursor } }` });
    const next = subscription.next();
    await until(async () => sample(await scrape(), "cogov_subscriptions") === 1);
    const open = await scrape();
    expect(sample(open, "cogov_subscriptions")).toBe(1);
    expect(sample(open, "cogov_websocket_connections")).toBe(1);
    expect(sample(open, 'cogov_db_pool_connections{state="open"}')).toBeGreaterThanOrEqual(1);
    expect(open.has('cogov_db_pool_connections{state="waiting"}')).toBe(true);

    await subscription.return?.();
    await next;
    await client.dispose();
    await until(async () => sample(await scrape(), "cogov_websocket_connections") === 0);
    const closed = await scrape();
    expect(sample(closed, "cogov_subscriptions")).toBe(0);
    expect(sample(closed, "cogov_websocket_connections")).toBe(0);
  });

  it("shows the webhook backlog of all instances, with how overdue its oldest delivery is", async () => {
    expect(sample(await scrape(), "cogov_webhook_deliveries_pending")).toBe(0);
    await server.dataSource.transaction((manager) => recordEvents(manager, [{ type: EventType.NEED_POSTED, entityType: "ResourceNeed", entityId: "00000000-0000-4000-8000-000000000000" }]));
    // A paused endpoint keeps its pending delivery, so nothing sends it while the test reads the figures.
    await server.dataSource.query(`
      WITH endpoint AS (
        INSERT INTO webhook_endpoint (organization_id, url, event_types, secret, position, active)
        SELECT id, 'https://hooks.example.org/cogov', '{NEED_ANNOUNCED}', 'whsec_dGVzdA==', 0, false FROM organization LIMIT 1
        RETURNING id)
      INSERT INTO webhook_delivery (endpoint_id, event_position, event_type, next_attempt_at)
      SELECT endpoint.id, (SELECT max(position) FROM event), 'NEED_ANNOUNCED', now() - interval '90 seconds' FROM endpoint`);
    const samples = await scrape();
    expect(sample(samples, "cogov_webhook_deliveries_pending")).toBe(1);
    expect(sample(samples, "cogov_webhook_oldest_due_seconds")).toBeGreaterThanOrEqual(90);
    expect(sample(samples, "cogov_webhook_oldest_due_seconds")).toBeLessThan(120);
  });

  it("includes Node's process metrics", async () => {
    const samples = await scrape();
    expect(sample(samples, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(samples.has("nodejs_eventloop_lag_seconds")).toBe(true);
  });
});
