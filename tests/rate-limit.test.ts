import { ApolloServer, BaseContext } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { setTimeout as delay } from "node:timers/promises";
import { GraphQLSchema } from "graphql";
import { DataSource } from "typeorm";
import { PointsBudget, rateLimitedError } from "../src/auth/rate-limit";
import { ReconciledTokenBuckets } from "../src/auth/reconciled-token-buckets";
import { digest, TokenBuckets } from "../src/auth/token-buckets";
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

/** The same, charged in memory; `settle` reconciles with the database, as the instance does every 250 ms. */
function reconciledTestBudget(pointsPerMinute: number, dataSource = server.dataSource) {
  const clock = testClock();
  const buckets = new ReconciledTokenBuckets(dataSource, createLogger("silent"), 250, clock.now);
  const name = `test-${++budgets}`;
  return { clock, buckets, name, budget: new PointsBudget(buckets, name, pointsPerMinute), settle: () => buckets.reconcile() };
}

/** When a shared bucket is full again, in milliseconds. */
async function fullAtOf(bucket: string): Promise<number> {
  const [row] = await server.dataSource.query(`SELECT extract(epoch FROM full_at)::float8 * 1000 AS ms FROM rate_bucket WHERE name = $1`, [digest(bucket)]);
  return Number(row.ms);
}

const kinds = [
  ["charged in the database", (pointsPerMinute: number) => ({ ...testBudget(pointsPerMinute), settle: async () => {} })],
  ["charged in memory and reconciled", (pointsPerMinute: number) => reconciledTestBudget(pointsPerMinute)],
] as const;

describe.each(kinds)("a points budget per minute, %s", (_kind, makeBudget) => {
  it("lets a principal spend its minute's points, then refuses with how long to wait", async () => {
    const { budget, settle } = makeBudget(600);
    expect(await budget.charge("key:a", 450)).toEqual({ allowed: true, remaining: 150 });
    await settle();
    expect(await budget.charge("key:a", 150)).toEqual({ allowed: true, remaining: 0 });
    await settle();
    // 600 points a minute come back at 10 a second: 100 points take 10 seconds.
    expect(await budget.charge("key:a", 100)).toEqual({ allowed: false, requested: 100, remaining: 0, pointsPerMinute: 600, retryAfterSeconds: 10 });
  });

  it("refills as time passes, so waiting the time it said is enough", async () => {
    const { clock, budget, settle } = makeBudget(600);
    await budget.charge("key:a", 600);
    await settle();
    clock.advance(4);
    const refusal = await budget.charge("key:a", 100);
    expect(refusal).toMatchObject({ allowed: false, remaining: 40, retryAfterSeconds: 6 });
    clock.advance(5);
    expect((await budget.charge("key:a", 100)).allowed).toBe(false);
    await settle();
    clock.advance(1);
    expect(await budget.charge("key:a", 100)).toEqual({ allowed: true, remaining: 0 });
  });

  it("holds a whole minute's points again after a minute, and never more", async () => {
    const { clock, budget, settle } = makeBudget(600);
    await budget.charge("key:a", 600);
    await settle();
    clock.advance(60);
    expect(await budget.charge("key:a", 600)).toEqual({ allowed: true, remaining: 0 });
    await settle();
    clock.advance(3600);
    expect(await budget.charge("key:a", 1)).toEqual({ allowed: true, remaining: 599 });
    await settle();
    clock.advance(59);
    expect(await budget.charge("key:a", 100)).toEqual({ allowed: true, remaining: 500 });
  });

  it("keeps each principal's budget apart, and budgets of different names apart", async () => {
    const { buckets, budget, settle } = makeBudget(100);
    await budget.charge("key:a", 100);
    await settle();
    expect((await budget.charge("key:a", 1)).allowed).toBe(false);
    expect(await budget.charge("key:b", 60)).toEqual({ allowed: true, remaining: 40 });
    expect(await budget.charge("anonymous:203.0.113.7", 100)).toEqual({ allowed: true, remaining: 0 });
    await settle();
    expect(await budget.charge("key:b", 40)).toEqual({ allowed: true, remaining: 0 });
    expect(await new PointsBudget(buckets, "another", 100).charge("key:a", 100)).toEqual({ allowed: true, remaining: 0 });
  });

  it("lets a request dearer than a whole minute through on a full budget, and makes the next one wait for the debt", async () => {
    const { clock, budget, settle } = makeBudget(600);
    expect(await budget.charge("key:a", 900)).toEqual({ allowed: true, remaining: 0 });
    await settle();
    // 300 points in debt and 1 more wanted: 301 points at 10 a second.
    expect(await budget.charge("key:a", 1)).toMatchObject({ allowed: false, retryAfterSeconds: 31 });
    clock.advance(30);
    expect(await budget.charge("key:a", 900)).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
  });
});

describe("a points budget in the database", () => {

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

describe("a points budget charged in memory by several instances", () => {
  let secondPool: DataSource;
  beforeAll(async () => {
    secondPool = createDataSource(server.databaseUrl, createLogger("silent"));
    await secondPool.initialize();
  });
  afterAll(() => secondPool.destroy());

  /** Two instances on two connection pools, charging one budget of 60 points a minute (a point a second). */
  function twoInstances() {
    const clock = testClock();
    const name = `test-${++budgets}`;
    const instances = [server.dataSource, secondPool].map((dataSource) => {
      const buckets = new ReconciledTokenBuckets(dataSource, createLogger("silent"), 250, clock.now);
      return { buckets, budget: new PointsBudget(buckets, name, 60) };
    });
    return { clock, instances, sharedFullAt: () => fullAtOf(`${name}:key:busy`) };
  }

  it("lets a client that asks both all the time exceed the budget by no more than what one spends between reconciliations", async () => {
    const { clock, instances, sharedFullAt } = twoInstances();
    const start = clock.now();
    let allowed = 0;
    // A request to each instance every 50 ms for a minute; each reconciles every 250 ms.
    for (let step = 1; step <= 1200; step++) {
      for (const { budget } of instances) if ((await budget.charge("key:busy", 1)).allowed) allowed++;
      clock.advance(0.05);
      if (step % 5 === 0) for (const { buckets } of instances) await buckets.reconcile();
    }
    // One instance alone: 60 at once, then one a second. The other can add what it spends in one interval
    // (5 requests) before each learns of the other's.
    expect(allowed).toBeGreaterThanOrEqual(60 + 60);
    expect(allowed).toBeLessThanOrEqual(60 + 60 + 5);
    // Everything allowed is in the shared bucket: the excess is a debt both instances make the client wait for.
    expect(await sharedFullAt()).toBeCloseTo(start + allowed * 1000, 0);
  });

  it("lets a burst spend the whole budget on each instance at most, and records it as a debt that both refuse until paid", async () => {
    const { clock, instances, sharedFullAt } = twoInstances();
    const start = clock.now();
    const charges = await Promise.all(Array.from({ length: 300 }, (_, n) => instances[n % 2].budget.charge("key:busy", 1)));
    // The worst case: all at once, before either instance reconciles, so each spends the whole minute.
    expect(charges.filter((charge) => charge.allowed)).toHaveLength(2 * 60);
    for (const { buckets } of instances) await buckets.reconcile();
    for (const { buckets } of instances) await buckets.reconcile();
    expect(await sharedFullAt()).toBeCloseTo(start + 120_000, 0);
    // 30 s later one budget alone would hold 30 points. The first instance last heard of the bucket before
    // the second's burst was added, so it lets one more through, and learns of the debt as it reconciles.
    clock.advance(30);
    const late = await Promise.all(instances.map(({ budget }) => budget.charge("key:busy", 1)));
    expect(late.map((charge) => charge.allowed)).toEqual([true, false]);
    for (const { buckets } of instances) await buckets.reconcile();
    expect(await sharedFullAt()).toBeCloseTo(start + 121_000, 0);
    // 90 s owed (91 s as the first now knows), and a point is there at 59 s.
    for (const { budget } of instances) {
      const refusal = await budget.charge("key:busy", 1);
      expect(refusal.allowed).toBe(false);
      expect(!refusal.allowed && refusal.retryAfterSeconds).toBeGreaterThanOrEqual(31);
    }
  });

  it("charges in memory through a database outage and adds what was spent once it is back", async () => {
    let down = true;
    const flaky = { query: (sql: string, parameters: unknown[]) => (down ? Promise.reject(new Error("connect ECONNREFUSED")) : server.dataSource.query(sql, parameters)) };
    const { clock, budget, name, settle } = reconciledTestBudget(600, flaky as unknown as DataSource);
    const start = clock.now();
    expect(await budget.charge("key:a", 450)).toEqual({ allowed: true, remaining: 150 });
    await expect(settle()).resolves.toBeUndefined();
    expect(await budget.charge("key:a", 150)).toEqual({ allowed: true, remaining: 0 });
    await settle();
    expect((await budget.charge("key:a", 1)).allowed).toBe(false);
    down = false;
    await settle();
    // All 600 points spent during the outage are in the shared bucket: a minute of refill from the start.
    expect(await fullAtOf(`${name}:key:a`)).toBeCloseTo(start + 60_000, 0);
    expect((await budget.charge("key:a", 1)).allowed).toBe(false);
  });
});

describe("a budget charged without a write per request", () => {
  it("lets 300 anonymous reads write the bucket table a few times, not 300", async () => {
    // A slow refill (1,000 points a minute), so what is owed after the reads does not hang on how long they took.
    const own = await startTestServer({ config: { anonymousPointsPerMinute: 1_000 } });
    try {
      // Counts the statements that write rate_bucket, whoever runs them.
      await own.dataSource.query(`
        CREATE TABLE bucket_writes (statements int NOT NULL);
        INSERT INTO bucket_writes VALUES (0);
        CREATE FUNCTION count_bucket_write() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN UPDATE bucket_writes SET statements = statements + 1; RETURN NULL; END $$;
        CREATE TRIGGER bucket_written AFTER INSERT OR UPDATE OR DELETE ON rate_bucket FOR EACH STATEMENT EXECUTE FUNCTION count_bucket_write();`);
      const writes = async () => Number((await own.dataSource.query(`SELECT statements FROM bucket_writes`))[0].statements);
      const before = await writes();
      for (let batch = 0; batch < 30; batch++) {
        const answers = await Promise.all(Array.from({ length: 10 }, () => own.graphql(`{ __typename }`)));
        expect(answers.every((answer) => answer.status === 200)).toBe(true);
      }
      // Reconciled every 250 ms: one statement (an update and an insert) per interval in which it was charged.
      await delay(600);
      const written = (await writes()) - before;
      expect(written).toBeGreaterThanOrEqual(1);
      expect(written).toBeLessThanOrEqual(2 * 30);
      const [bucket] = await own.dataSource.query(`SELECT extract(epoch FROM full_at - now())::float8 AS owed FROM rate_bucket`);
      // 300 points of the 1,000 a minute are spent: 18 s of refill, less what has passed since.
      expect(bucket.owed).toBeGreaterThan(0);
      expect(bucket.owed).toBeLessThanOrEqual(18);
    } finally {
      await own.close();
    }
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

/** A POST to one instance, as a client of several would send it. */
const post = (url: string, query: string, variables?: Record<string, unknown>) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) }).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as { data?: Record<string, unknown>; errors?: { extensions: Record<string, unknown> }[] },
  }));

describe("budgets are shared by all instances on one database", () => {
  let first: TestServer;
  let second: RunningServer;

  beforeAll(async () => {
    first = await startTestServer({ demoData: true, config: { anonymousPointsPerMinute: 30 } });
    const config = { ...loadConfig({}), host: "127.0.0.1", port: 0, jwtSecret: first.jwtSecret, anonymousPointsPerMinute: 30 };
    second = await startServer(config, first.dataSource, createLogger("silent"));
  });
  afterAll(async () => {
    await second.stop();
    await first.close();
  });

  it("refuses a caller that has spent its minute's points, whichever instance it turns to, within the stated tolerance", async () => {
    // Each instance alone would allow 30; together, at most 30 more than that (README, Limits): each can
    // spend what it believes is left before it learns of the other's spending, 250 ms later at the latest.
    const statuses: number[] = [];
    for (let n = 0; n < 80; n++) statuses.push((await post(n % 2 ? second.url : first.url, `{ __typename }`)).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(200));
    // Once they have reconciled, both refuse; until then, each may still let some through.
    const refusedBy = async (url: string) => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const answer = await post(url, `{ __typename }`);
        statuses.push(answer.status);
        if (answer.status === 429) return answer;
        await delay(100);
      }
      throw new Error(`${url} never refused`);
    };
    for (const url of [first.url, second.url]) {
      const refused = await refusedBy(url);
      expect(refused.body.errors![0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    }
    const allowed = statuses.filter((status) => status === 200).length;
    expect(allowed).toBeGreaterThanOrEqual(30);
    expect(allowed).toBeLessThanOrEqual(2 * 30);
  });
});

describe("the sign-in throttle is shared by all instances on one database", () => {
  let first: TestServer;
  let second: RunningServer;

  beforeAll(async () => {
    first = await startTestServer({ demoData: true });
    second = await startServer({ ...loadConfig({}), host: "127.0.0.1", port: 0, jwtSecret: first.jwtSecret }, first.dataSource, createLogger("silent"));
  });
  afterAll(async () => {
    await second.stop();
    await first.close();
  });

  it("counts failed sign-ins on every instance against the same email", async () => {
    const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token userErrors { code } } }`;
    const input = { email: "admin@lvya-environmental.example.org", password: "a wrong guess" };
    for (let attempt = 0; attempt < 5; attempt++) {
      const { body } = await post(attempt % 2 ? second.url : first.url, SIGN_IN, { input });
      expect(body.data!.signIn).toEqual({ token: null, userErrors: [{ code: "INVALID" }] });
    }
    for (const url of [first.url, second.url]) {
      const { status, body } = await post(url, SIGN_IN, { input: { ...input, password: DEMO_PASSWORD } });
      expect(status).toBe(429);
      expect(body.errors![0]).toMatchObject({ message: expect.stringContaining("sign-in"), extensions: { code: "RATE_LIMITED" } });
    }
  });
});
