import { toGlobalId } from "../src/schema/global-id";
import { startTestServer, TestServer } from "./support/test-server";

// A query seen before is answered without Apollo Server's pipeline (src/http/known-queries.ts) when it has no
// errors; anything else is handed to Apollo. Either way the client must get what Apollo answered the first time.

const METRICS_TOKEN = "known-queries-metrics-token";
/** The anonymous budget, given to the server: points come back at this rate, continuously. */
const POINTS_PER_MINUTE = 10_000;
const NEEDS = `query { needs(first: 5, filter: { statuses: [OPEN] }) { nodes { id title project { title } pledges(first: 2) { nodes { quantity } } } } }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { metricsToken: METRICS_TOKEN, anonymousPointsPerMinute: POINTS_PER_MINUTE } });
});
afterAll(() => server.close());

/** Queries the lane has answered (`cogov_graphql_known_query_answers_total`). */
async function laneAnswers(on = server): Promise<number> {
  const text = await (await fetch(on.url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return Number(/^cogov_graphql_known_query_answers_total (\d+)$/m.exec(text)![1]);
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { cost?: Record<string, number> } };
  /** When it was sent and answered (performance.now()). */
  sentAt: number;
  answeredAt: number;
}

/** Posts `query` as a client would, with `headers`; the answer's headers without the ones that change by the second. */
async function ask(query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}, on = server): Promise<Answer> {
  const sentAt = performance.now();
  const response = await fetch(on.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  const kept = Object.fromEntries([...response.headers].filter(([name]) => !["date", "x-request-id", "content-length"].includes(name)));
  const body = (await response.json()) as Answer["body"];
  return { status: response.status, headers: kept, body, sentAt, answeredAt: performance.now() };
}

/** What the client reads, without the budget left (every request spends some) and the times. */
function readByClient({ status, headers, body }: Answer) {
  const { budgetRemaining, ...cost } = body.extensions?.cost ?? {};
  return { status, headers, body: { ...body, extensions: body.extensions && { ...body.extensions, cost } }, reportsBudget: budgetRemaining !== undefined };
}

/**
 * Each request spent its cost once, whoever answered it: the budget left fell by at most the cost, and by at least
 * the cost less what came back between the two requests (and one for rounding).
 */
function expectChargedOnceEach(answers: Answer[]) {
  const requested = answers[0].body.extensions!.cost!.requested;
  expect(requested).toBeGreaterThan(10);
  const remaining = answers.map((answer) => answer.body.extensions!.cost!.budgetRemaining);
  for (let i = 1; i < answers.length; i++) {
    const cameBack = (POINTS_PER_MINUTE / 60_000) * (answers[i].answeredAt - answers[i - 1].sentAt);
    expect(remaining[i - 1] - remaining[i]).toBeLessThanOrEqual(requested);
    expect(remaining[i - 1] - remaining[i]).toBeGreaterThanOrEqual(requested - cameBack - 1);
  }
}

describe("a query asked again is answered as Apollo Server answered it", () => {
  const ACCEPTS: [string, string | undefined, boolean][] = [
    ["no Accept header", undefined, true],
    ["*/*", "*/*", true],
    ["application/json", "application/json", true],
    ["application/graphql-response+json", "application/graphql-response+json", true],
    ["GraphQL over HTTP's pair", "application/graphql-response+json, application/json", true],
    ["Apollo Client's pair", "application/graphql-response+json,application/json;q=0.9", true],
    ["an Accept the lane leaves to Apollo", "application/json;q=0.5, application/graphql-response+json", false],
  ];

  it.each(ACCEPTS)("with %s", async (label, accept, byLane) => {
    // A text of its own, so that the first request is the text's first sighting.
    const query = `${NEEDS} # ${label}`;
    const headers: Record<string, string> = accept === undefined ? {} : { accept };
    const before = await laneAnswers();
    const answers = [await ask(query, headers), await ask(query, headers), await ask(query, headers)];
    const after = await laneAnswers();

    expect(answers[0].status).toBe(200);
    expect((answers[0].body.data as { needs: { nodes: unknown[] } }).needs.nodes.length).toBeGreaterThan(0);
    expect(answers[0].headers["content-type"]).toMatch(/^application\/(graphql-response\+)?json; charset=utf-8$/);
    expect(readByClient(answers[1])).toEqual(readByClient(answers[0]));
    expect(readByClient(answers[2])).toEqual(readByClient(answers[0]));
    expectChargedOnceEach(answers);
    // The first sighting goes to Apollo; from the second, the lane answers what it may.
    expect(after - before).toBe(byLane ? 2 : 0);
  });

  it("hands a query whose answer has errors to Apollo, which words them in the caller's language, charged once", async () => {
    const query = `query ($person: ID!) { needs(first: 1) { totalCount } volunteerRecord(personId: $person) { verifiedHours } }`;
    const variables = { person: toGlobalId("Person", "6f1c0000-0000-4000-8000-000000000001") };
    const headers = { "accept-language": "zh-TW" };
    const before = await laneAnswers();
    const answers = [await ask(query, headers, variables), await ask(query, headers, variables), await ask(query, headers, variables)];
    const after = await laneAnswers();

    expect(answers[0].body.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(answers[0].body.errors![0].message).toMatch(/[\u4e00-\u9fff]/);
    expect(readByClient(answers[1])).toEqual(readByClient(answers[0]));
    expect(readByClient(answers[2])).toEqual(readByClient(answers[0]));
    expectChargedOnceEach(answers);
    expect(after - before).toBe(0);
  });

  it("answers a refused credential on a known query as Apollo does", async () => {
    const headers = { authorization: "Bearer cogov_not-a-key" };
    await ask(NEEDS);
    await ask(NEEDS);
    const before = await laneAnswers();
    const answers = [await ask(NEEDS, headers), await ask(NEEDS, headers)];
    expect(answers[0].status).toBe(401);
    expect(answers[0].body.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(readByClient(answers[1])).toEqual(readByClient(answers[0]));
    expect(await laneAnswers()).toBe(before);
  });

  it("leaves queries over the limits, invalid ones, mutations and texts longer than it keeps to Apollo", async () => {
    // Depth 19, over the 15 allowed: each lead → projects → nodes is three levels more.
    const tooDeep = `{ needs(first: 1) { nodes { project { ${"lead { projects(first: 1) { nodes { ".repeat(5)}title${" } } }".repeat(5)} } } } }`;
    const invalid = `{ needs(first: 1) { nodes { noSuchField } } }`;
    const mutation = `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`;
    const long = `${NEEDS} # ${"很長的註解".repeat(4_000)}`;
    await ask(NEEDS);
    await ask(NEEDS);
    const before = await laneAnswers();
    for (let i = 0; i < 3; i++) {
      expect((await ask(tooDeep)).body.errors?.map((error) => error.extensions?.code)).toEqual(["QUERY_TOO_COMPLEX"]);
      expect((await ask(invalid)).body.errors?.map((error) => error.extensions?.code)).toEqual(["GRAPHQL_VALIDATION_FAILED"]);
      const signIn = await ask(mutation, {}, { input: { email: "nobody@example.org", password: "not-a-password-0" } });
      expect(signIn.body.data).toEqual({ signIn: { token: null } });
      expect((await ask(long)).body.data).toEqual((await ask(NEEDS)).body.data);
    }
    // Only the short text of the same query took the lane, each time.
    expect(await laneAnswers()).toBe(before + 3);
  });
});

describe("the texts the lane keeps", () => {
  it("keeps a text asked often while 200 others come and go", async () => {
    const often = `${NEEDS} # asked often`;
    const simple = (i: number) => `{ needs(first: 1) { nodes { id } } } # text ${i}`;
    await ask(often);
    await ask(often);
    for (let i = 1; i <= 200; i++) {
      await ask(simple(i));
      await ask(simple(i));
      if (i % 50 === 0 && i < 200) await ask(often);
    }
    const before = await laneAnswers();
    await ask(often);
    // Kept as the most recently used: the lane answers it, where a first-in, first-out store would have let it go.
    expect(await laneAnswers()).toBe(before + 1);
  });
});

describe("a spent budget on a known query", () => {
  let small: TestServer;
  beforeAll(async () => {
    small = await startTestServer({ config: { metricsToken: METRICS_TOKEN, anonymousPointsPerMinute: 30 } });
  });
  afterAll(() => small.close());

  it("is refused by Apollo with 429 and Retry-After, the points charged once per request", async () => {
    // Costs 11 points: two requests leave 8 of 30, and the third is refused.
    const query = `{ needs(first: 10) { nodes { id } } }`;
    const answers = [await ask(query, {}, {}, small), await ask(query, {}, {}, small), await ask(query, {}, {}, small)];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    expect(answers[0].body.extensions!.cost!.requested).toBe(11);
    expect(answers[1].body.extensions!.cost!.budgetRemaining).toBeLessThan(answers[0].body.extensions!.cost!.budgetRemaining);
    expect(answers[2].body.errors?.map((error) => error.extensions?.code)).toEqual(["RATE_LIMITED"]);
    expect(Number(answers[2].headers["retry-after"])).toBeGreaterThan(0);
    expect(await laneAnswers(small)).toBe(1);
  });
});
