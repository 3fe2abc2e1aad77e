import { ApolloServer, BaseContext } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLSchema } from "graphql";
import { PointsBudget, rateLimitedError } from "../src/auth/rate-limit";
import { TokenBuckets } from "../src/auth/token-buckets";
import { createDataSource } from "../src/db/data-source";
import { loadConfig } from "../src/config";
import { DEMO_PASSWORD } from "../src/db/demo/identity-demo";
import { createLogger } from "../src/logger";
import { RunningServer, startServer } from "../src/server";
import { buildFederatedSchema } from "../src/schema/build-schema";
import { queryLimitsPlugin } from "../src/schema/query-cost";
import { startTestServer, TestServer } from "./support/test-server";

/** A clock the test moves by hand. */
function testClock() {
  let now = Date.parse("2026-11-02T09:00:00Z");
  return { now: () => now, advance: (seconds: number) => void (now += seconds * 1000) };
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A budget of its own (its own name) on the test database, with a clock the test moves. */
let budgets = 0;
function testBudget(pointsPerMinute: number) {
  const clock = testClock();
  const buckets = new TokenBuckets(server.dataSource, clock.now);
  return { clock, buckets, budget: new PointsBudget(buckets, `test-${++budgets}`, pointsPerMinute) };
}

describe("a points budget per minute", () => {
  it("lets a principal spend its minute's points, then refuses with how long to wait", async () => {
    const { budget } = testBudget(600);
    expect(await budget.charge("key:a", 450)).toEqual({ allowed: true, remaining: 150 });
    expect(await budget.charge("key:a", 150)).toEqual({ allowed: true, remaining: 0 });
    // 600 points a minute come back at 10 a second: 100 points take 10 seconds.
    expect(await budget.charge("key:a", 100)).toEqual({ allowed: false, requested: 100, remaining: 0, pointsPerMinute: 600, retryAfterSeconds: 10 });
  });

  it("refills as time passes, so waiting the time it said is enough", async () => {
    const { clock, budget } = testBudget(600);
    await budget.charge("key:a", 600);
    clock.advance(4);
    const refusal = await budget.charge("key:a", 100);
    expect(refusal).toMatchObject({ allowed: false, remaining: 40, retryAfterSeconds: 6 });
    clock.advance(5);
    expect((await budget.charge("key:a", 100)).allowed).toBe(false);
    clock.advance(1);
    expect(await budget.charge("key:a", 100)).toEqual({ allowed: true, remaining: 0 });
  });

  it("holds a whole minute's points again after a minute, and never more", async () => {
    const { clock, budget } = testBudget(600);
    await budget.charge("key:a", 600);
    clock.advance(60);
    expect(await budget.charge("key:a", 600)).toEqual({ allowed: true, remaining: 0 });
    clock.advance(3600);
    expect(await budget.charge("key:a", 1)).toEqual({ allowed: true, remaining: 599 });
    clock.advance(59);
    expect(await budget.charge("key:a", 100)).toEqual({ allowed: true, remaining: 500 });
  });

  it("keeps each principal's budget apart, and budgets of different names apart", async () => {
    const { buckets, budget } = testBudget(100);
    await budget.charge("key:a", 100);
    expect((await budget.charge("key:a", 1)).allowed).toBe(false);
    expect(await budget.charge("key:b", 60)).toEqual({ allowed: true, remaining: 40 });
    expect(await budget.charge("anonymous:203.0.113.7", 100)).toEqual({ allowed: true, remaining: 0 });
    expect(await budget.charge("key:b", 40)).toEqual({ allowed: true, remaining: 0 });
    expect(await new PointsBudget(buckets, "another", 100).charge("key:a", 100)).toEqual({ allowed: true, remaining: 0 });
  });

  it("lets a request dearer than a whole minute through on a full budget, and makes the next one wait for the debt", async () => {
    const { clock, budget } = testBudget(600);
    expect(await budget.charge("key:a", 900)).toEqual({ allowed: true, remaining: 0 });
    // 300 points in debt and 1 more wanted: 301 points at 10 a second.
    expect(await budget.charge("key:a", 1)).toMatchObject({ allowed: false, retryAfterSeconds: 31 });
    clock.advance(30);
    expect(await budget.charge("key:a", 900)).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
  });

  it("gives exactly a minute's points to many concurrent requests, wherever they are charged", async () => {
    const { clock } = testBudget(1);
    // Two budgets on two connection pools: two server instances, as far as the database can tell.
    const secondPool = createDataSource(server.databaseUrl, createLogger("silent"));
    await secondPool.initialize();
    try {
      const name = `test-${++budgets}`;
      const instances = [new PointsBudget(new TokenBuckets(server.dataSource, clock.now), name, 50), new PointsBudget(new TokenBuckets(secondPool, clock.now), name, 50)];
      const charges = await Promise.all(Array.from({ length: 200 }, (_, n) => instances[n % 2].charge("key:busy", 1)));
      expect(charges.filter((charge) => charge.allowed)).toHaveLength(50);
      expect(charges.filter((charge) => !charge.allowed).every((charge) => !charge.allowed && charge.retryAfterSeconds >= 1)).toBe(true);
    } finally {
      await secondPool.destroy();
    }
  });

  it("forgets buckets that have refilled, so the table holds only the last minute's callers", async () => {
    const { clock, buckets, budget } = testBudget(100);
    const rows = async () => Number((await server.dataSource.query(`SELECT count(*) FROM rate_bucket`))[0].count);
    await server.dataSource.query(`DELETE FROM rate_bucket`);
    for (let n = 0; n < 500; n++) await budget.charge(`anonymous:10.0.${n >> 8}.${n & 255}`, 1);
    await budget.charge("key:a", 100);
    expect(await rows()).toBe(501);
    clock.advance(30);
    // The anonymous callers have refilled (1 point takes 0.6 s); key:a has not.
    expect(await buckets.forgetFull()).toBe(500);
    expect(await rows()).toBe(1);
    expect(await budget.charge("key:a", 100)).toMatchObject({ allowed: false, remaining: 50 });
  });

  it("takes a token back that was given back, as if it had never been taken", async () => {
    const { buckets } = testBudget(1);
    const rate = { capacity: 5, periodMs: 15 * 60_000 };
    for (let n = 0; n < 5; n++) await buckets.take("attempts:a", 1, rate);
    expect((await buckets.take("attempts:a", 1, rate)).taken).toBe(false);
    await buckets.giveBack("attempts:a", 1, rate);
    expect(await buckets.take("attempts:a", 1, rate)).toEqual({ taken: true, available: 0, waitMs: 0 });
  });

  it("keeps no principal's name in the table, only a digest of it", async () => {
    const { budget } = testBudget(100);
    await budget.charge("anonymous:198.51.100.23", 1);
    const names: { name: Buffer }[] = await server.dataSource.query(`SELECT name FROM rate_bucket`);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every(({ name }) => name.length === 32 && !name.toString("latin1").includes("198.51"))).toBe(true);
  });
});

describe("the RATE_LIMITED error", () => {
  const refusal = { allowed: false, requested: 120, remaining: 40, pointsPerMinute: 1000, retryAfterSeconds: 5 } as const;

  it("carries the code, the wait, and over HTTP status 429 with a retry-after header", () => {
    const error = rateLimitedError(refusal, "http");
    expect(error.message).toBe(
      "This request costs 120 points and 40 of your 1,000 points per minute are left. Retry after 5 seconds, or ask for fewer items (first/last).",
    );
    expect(error.extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: 5, http: { status: 429, headers: new Map([["retry-after", "5"]]) } });
  });

  it("has no HTTP part over a WebSocket", () => {
    expect(rateLimitedError(refusal, "websocket").extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: 5 });
  });
});

describe("a budget charged through the Apollo Server plugin", () => {
  let schema: GraphQLSchema;
  let apollo: ApolloServer<BaseContext>;
  const clock = testClock();
  let budget: PointsBudget;

  beforeAll(async () => {
    budget = new PointsBudget(new TokenBuckets(server.dataSource, clock.now), "plugin", 3);
    schema = await buildFederatedSchema();
    apollo = new ApolloServer({
      schema,
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        queryLimitsPlugin({
          maxCost: 1000,
          maxDepth: 10,
          // Every request costs at least a point, so free queries cannot be sent without end.
          onMeasured: async (_requestContext, { cost }) => {
            const charge = await budget.charge("anonymous:203.0.113.7", Math.max(1, cost));
            if (!charge.allowed) throw rateLimitedError(charge, "http");
            return { remaining: charge.remaining };
          },
        }),
      ],
    });
    await apollo.start();
  });
  afterAll(() => apollo.stop());

  it("answers 429 with retry-after once the minute's points are spent, and runs again after the wait", async () => {
    const send = async () => {
      const response = await apollo.executeOperation({ query: `{ __typename }` });
      if (response.body.kind !== "single") throw new Error("expected a single result");
      return { http: response.http, result: response.body.singleResult };
    };
    for (const remaining of [2, 1, 0]) {
      const { result } = await send();
      expect(result.data).toEqual({ __typename: "Query" });
      expect(result.extensions?.cost).toEqual({ requested: 0, limit: 1000, remaining });
    }
    const refused = await send();
    expect(refused.http.status).toBe(429);
    expect(refused.http.headers.get("retry-after")).toBe("20");
    expect(refused.result.data).toBeUndefined();
    expect(refused.result.errors?.[0].extensions).toEqual({ code: "RATE_LIMITED", retryAfterSeconds: 20 });

    clock.advance(20);
    expect((await send()).result.data).toEqual({ __typename: "Query" });
  });
});

describe("budgets and the sign-in throttle are shared by all instances on one database", () => {
  let first: TestServer;
  let second: RunningServer;
  const post = (url: string, query: string, variables?: Record<string, unknown>) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as { data?: Record<string, unknown>; errors?: { extensions: Record<string, unknown> }[] },
    }));

  beforeAll(async () => {
    first = await startTestServer({ demoData: true, config: { anonymousPointsPerMinute: 30 } });
    const config = { ...loadConfig({}), host: "127.0.0.1", port: 0, jwtSecret: first.jwtSecret, anonymousPointsPerMinute: 30 };
    second = await startServer(config, first.dataSource, createLogger("silent"));
  });
  afterAll(async () => {
    await second.stop();
    await first.close();
  });

  it("refuses a caller that has spent its minute's points, whichever instance it turns to", async () => {
    // Each instance alone would allow 30; together they allow 30. Every request costs at least a point.
    const statuses = [];
    for (let n = 0; n < 32; n++) statuses.push((await post(n % 2 ? second.url : first.url, `{ __typename }`)).status);
    expect(statuses).toEqual([...Array(30).fill(200), 429, 429]);
    const refused = await post(second.url, `{ __typename }`);
    // A point comes back every 2 s; some of that has passed while the requests were sent.
    expect(refused.body.errors![0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(refused.body.errors![0].extensions.retryAfterSeconds).toBeLessThanOrEqual(2);
  });

  it("counts failed sign-ins on every instance against the same email", async () => {
    // Emptying the buckets that refill within 90 s gives the caller its points back, and keeps the email's throttle.
    const refillPoints = () => first.dataSource.query(`DELETE FROM rate_bucket WHERE full_at < now() + interval '90 seconds'`);
    const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token userErrors { code } } }`;
    const input = { email: "admin@lvya-environmental.example.org", password: "a wrong guess" };
    for (let attempt = 0; attempt < 5; attempt++) {
      await refillPoints();
      const { body } = await post(attempt % 2 ? second.url : first.url, SIGN_IN, { input });
      expect(body.data!.signIn).toEqual({ token: null, userErrors: [{ code: "INVALID" }] });
    }
    for (const url of [first.url, second.url]) {
      await refillPoints();
      const { status, body } = await post(url, SIGN_IN, { input: { ...input, password: DEMO_PASSWORD } });
      expect(status).toBe(429);
      expect(body.errors![0]).toMatchObject({ message: expect.stringContaining("sign-in"), extensions: { code: "RATE_LIMITED" } });
    }
  });
});
