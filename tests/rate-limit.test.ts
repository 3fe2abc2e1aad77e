import { ApolloServer, BaseContext } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { GraphQLSchema } from "graphql";
import { PointsBudget, rateLimitedError } from "../src/auth/rate-limit";
import { buildFederatedSchema } from "../src/schema/build-schema";
import { queryLimitsPlugin } from "../src/schema/query-cost";

/** A clock the test moves by hand. */
function testClock() {
  let now = Date.parse("2026-11-02T09:00:00Z");
  return { now: () => now, advance: (seconds: number) => void (now += seconds * 1000) };
}

describe("a points budget per minute", () => {
  it("lets a principal spend its minute's points, then refuses with how long to wait", () => {
    const clock = testClock();
    const budget = new PointsBudget({ pointsPerMinute: 600, now: clock.now });
    expect(budget.charge("key:a", 450)).toEqual({ allowed: true, remaining: 150 });
    expect(budget.charge("key:a", 150)).toEqual({ allowed: true, remaining: 0 });
    // 600 points a minute come back at 10 a second: 100 points take 10 seconds.
    expect(budget.charge("key:a", 100)).toEqual({ allowed: false, requested: 100, remaining: 0, pointsPerMinute: 600, retryAfterSeconds: 10 });
  });

  it("refills as time passes, so waiting the time it said is enough", () => {
    const clock = testClock();
    const budget = new PointsBudget({ pointsPerMinute: 600, now: clock.now });
    budget.charge("key:a", 600);
    clock.advance(4);
    const refusal = budget.charge("key:a", 100);
    expect(refusal).toMatchObject({ allowed: false, remaining: 40, retryAfterSeconds: 6 });
    clock.advance(5);
    expect(budget.charge("key:a", 100).allowed).toBe(false);
    clock.advance(1);
    expect(budget.charge("key:a", 100)).toEqual({ allowed: true, remaining: 0 });
  });

  it("holds a whole minute's points again after a minute, and never more", () => {
    const clock = testClock();
    const budget = new PointsBudget({ pointsPerMinute: 600, now: clock.now });
    budget.charge("key:a", 600);
    clock.advance(60);
    expect(budget.charge("key:a", 600)).toEqual({ allowed: true, remaining: 0 });
    clock.advance(3600);
    expect(budget.charge("key:a", 1)).toEqual({ allowed: true, remaining: 599 });
    clock.advance(59);
    expect(budget.charge("key:a", 100)).toEqual({ allowed: true, remaining: 500 });
  });

  it("keeps each principal's budget apart", () => {
    const clock = testClock();
    const budget = new PointsBudget({ pointsPerMinute: 100, now: clock.now });
    budget.charge("key:a", 100);
    expect(budget.charge("key:a", 1).allowed).toBe(false);
    expect(budget.charge("key:b", 60)).toEqual({ allowed: true, remaining: 40 });
    expect(budget.charge("anonymous:203.0.113.7", 100)).toEqual({ allowed: true, remaining: 0 });
    expect(budget.charge("key:b", 40)).toEqual({ allowed: true, remaining: 0 });
  });

  it("lets a request dearer than a whole minute through on a full budget, and makes the next one wait for the debt", () => {
    const clock = testClock();
    const budget = new PointsBudget({ pointsPerMinute: 600, now: clock.now });
    expect(budget.charge("key:a", 900)).toEqual({ allowed: true, remaining: 0 });
    // 300 points in debt and 1 more wanted: 301 points at 10 a second.
    expect(budget.charge("key:a", 1)).toMatchObject({ allowed: false, retryAfterSeconds: 31 });
    clock.advance(30);
    expect(budget.charge("key:a", 900)).toMatchObject({ allowed: false, retryAfterSeconds: 60 });
  });

  it("forgets principals whose budget has refilled, so memory follows the last minute's callers", () => {
    const clock = testClock();
    const budget = new PointsBudget({ pointsPerMinute: 100, now: clock.now });
    for (let n = 0; n < 5000; n++) budget.charge(`anonymous:10.0.${n >> 8}.${n & 255}`, 1);
    expect(budget.trackedPrincipals).toBe(5000);
    clock.advance(30);
    budget.charge("key:a", 100);
    expect(budget.trackedPrincipals).toBe(5001);
    clock.advance(31);
    budget.charge("key:b", 1);
    // The anonymous callers refilled and are gone; key:a has not refilled yet.
    expect(budget.trackedPrincipals).toBe(2);
    expect(budget.charge("key:a", 100)).toMatchObject({ allowed: false, remaining: 51 });
  });

  it("never tracks more than maxPrincipals, forgetting the least recently charged first", () => {
    const clock = testClock();
    const budget = new PointsBudget({ pointsPerMinute: 100, now: clock.now, maxPrincipals: 50 });
    budget.charge("key:steady", 90);
    for (let n = 0; n < 1000; n++) {
      budget.charge(`anonymous:${n}`, 90);
      if (n % 10 === 0) budget.charge("key:steady", 0);
    }
    expect(budget.trackedPrincipals).toBe(50);
    expect(budget.charge("key:steady", 20)).toMatchObject({ allowed: false, remaining: 10 });
    expect(budget.charge("anonymous:999", 20)).toMatchObject({ allowed: false, remaining: 10 });
    expect(budget.charge("anonymous:0", 100)).toEqual({ allowed: true, remaining: 0 });
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
  let server: ApolloServer<BaseContext>;
  const clock = testClock();
  const budget = new PointsBudget({ pointsPerMinute: 3, now: clock.now });

  beforeAll(async () => {
    schema = await buildFederatedSchema();
    server = new ApolloServer({
      schema,
      plugins: [
        ApolloServerPluginInlineTraceDisabled(),
        queryLimitsPlugin({
          maxCost: 1000,
          maxDepth: 10,
          // Every request costs at least a point, so free queries cannot be sent without end.
          onMeasured: (_requestContext, { cost }) => {
            const charge = budget.charge("anonymous:203.0.113.7", Math.max(1, cost));
            if (!charge.allowed) throw rateLimitedError(charge, "http");
            return { remaining: charge.remaining };
          },
        }),
      ],
    });
    await server.start();
  });
  afterAll(() => server.stop());

  it("answers 429 with retry-after once the minute's points are spent, and runs again after the wait", async () => {
    const send = async () => {
      const response = await server.executeOperation({ query: `{ __typename }` });
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
