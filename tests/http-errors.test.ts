import { Client } from "pg";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let admin: Client;
let database: string;
beforeAll(async () => {
  server = await startTestServer();
  database = new URL(server.databaseUrl).pathname.slice(1);
  admin = new Client({ connectionString: process.env.COGOV_TEST_ADMIN_URL });
  await admin.connect();
});
afterAll(async () => {
  await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
  await admin.end();
  await server.close();
});

const base = () => server.url.replace(/\/graphql$/, "");
const get = (path: string) => fetch(`${base()}${path}`, { headers: { "accept-language": "zh-TW" } });

/** What an administrator or a failover does to the server: its connections dropped, new ones refused. */
async function takeDatabaseAway(): Promise<void> {
  await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
  await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", [database]);
}

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const readiness = async () => {
  const response = await get("/readyz");
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

/** Nothing of the server's insides: no stack, file path, SQL or the database's own words. */
function expectNoInternals(text: string): void {
  expect(text).not.toMatch(/\bat \S+ \(|\/src\/|\/dist\/|node_modules|SELECT|FROM|relation|accepting connections|<html|<pre/i);
  expect(text).not.toContain(database);
}

describe("a database outage on the HTTP routes", () => {
  it("answers 503 SERVICE_UNAVAILABLE with Retry-After on CAP and export routes, says so on /readyz, and recovers", async () => {
    expect(await readiness()).toEqual({ status: 200, body: { status: "ready", database: "ok", eventStream: "listening" } });

    await takeDatabaseAway();
    for (const path of ["/cap/feed.atom", "/cap/alerts/no-such-alert.xml", "/exports/needs.csv"]) {
      const response = await get(path);
      const text = await response.text();
      expect({ path, status: response.status, retryAfter: response.headers.get("retry-after"), type: response.headers.get("content-type") }).toEqual({
        path,
        status: 503,
        retryAfter: "2",
        type: "application/json; charset=utf-8",
      });
      expect(JSON.parse(text)).toEqual({
        error: { code: "SERVICE_UNAVAILABLE", retryAfterSeconds: 2, message: "數據庫暫時無法連接，數據沒有丟失。請在 retryAfterSeconds 所示的秒數後重試。" },
      });
      expectNoInternals(text);
    }
    // The LISTEN connection is noticed gone a moment after its backend ends.
    const down = await eventually(readiness, ({ body }) => body.eventStream === "reconnecting");
    expect(down).toEqual({ status: 503, body: { status: "unavailable", database: "unreachable", eventStream: "reconnecting" } });

    await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
    const back = await eventually(readiness, ({ status, body }) => status === 200 && body.eventStream === "listening");
    expect(back).toEqual({ status: 200, body: { status: "ready", database: "ok", eventStream: "listening" } });
    expect((await get("/cap/feed.atom")).status).toBe(200);
    expect((await get("/cap/alerts/no-such-alert.xml")).status).toBe(404);
    expect((await get("/exports/needs.csv")).status).toBe(200);
  });
});

describe("no express error page, ever", () => {
  it("answers an unknown path with a JSON 404 in the caller's language", async () => {
    const response = await get("/no/such/page");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: "此路徑沒有提供任何服務；GraphQL 位於 /graphql。" } });
  });

  it("refuses an address it cannot decode as bad input, not as a failure of its own", async () => {
    const response = await get("/cap/alerts/%E0%A4%A.xml");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "BAD_USER_INPUT", message: "無法讀取此請求：請檢查地址中的轉義字符和請求體的編碼。" } });
  });

  it("reports an unforeseen failure as INTERNAL_SERVER_ERROR in JSON, though jest runs with NODE_ENV=test", async () => {
    expect(process.env.NODE_ENV).toBe("test");
    const broken = await startTestServer();
    try {
      await broken.dataSource.query("DROP TABLE alert CASCADE");
      const response = await fetch(`${broken.url.replace(/\/graphql$/, "")}/cap/feed.atom`, { headers: { "accept-language": "en" } });
      const text = await response.text();
      expect(response.status).toBe(500);
      expect(JSON.parse(text)).toEqual({
        error: { code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side; the error has been logged. Try again, and report it with the request id if it persists." },
      });
      expectNoInternals(text);
    } finally {
      await broken.close();
    }
  });
});
