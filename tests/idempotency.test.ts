import { IdempotencyService } from "../src/services/idempotency";
import { inHours, organizationIds } from "./support/collaboration";
import { GraphQLResponse, startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let committee: string;
let rainstorm: string;
let admin: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  committee = (await organizationIds(server, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
  const { body } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
  rainstorm = body.data!.projects.nodes[0].id;
  admin = await server.asAdminOf(committee);
});
afterAll(() => server.close());

const POST_NEED = `mutation ($input: PostNeedInput!) { postNeed(input: $input) { need { id title } userErrors { field code } } }`;
type PostNeed = { postNeed: { need: { id: string; title: string } | null; userErrors: { field: string[]; code: string }[] } };

const needInput = (title: string, idempotencyKey?: string, quantity = 10) => ({
  input: { actingOrganizationId: committee, projectId: rainstorm, category: "MATERIALS", title, quantity, unit: "件", urgency: "HIGH", neededBy: inHours(5), idempotencyKey },
});
const post = (variables: Record<string, unknown>, headers = admin) => server.graphql<PostNeed>(POST_NEED, variables, headers);
const needsTitled = async (title: string) => Number((await server.dataSource.query(`SELECT count(*) FROM resource_need WHERE title = $1`, [title]))[0].count);
const code = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;

describe("idempotency keys on mutations", () => {
  it("carries a retried request out once and answers it with the first answer", async () => {
    const request = needInput("救生衣", "retry-1");
    const first = await post(request);
    const again = await post(request);
    expect(first.body.data!.postNeed.need).not.toBeNull();
    expect(again.body.data).toEqual(first.body.data);
    expect(again.body.extensions?.idempotentReplay).toBe(true);
    expect(first.body.extensions?.idempotentReplay).toBeUndefined();
    expect(await needsTitled("救生衣")).toBe(1);
    // One change: one audit entry and one event.
    const [{ audits }] = await server.dataSource.query(`SELECT count(*)::int AS audits FROM audit_entry WHERE action = 'postNeed' AND after->>'title' = '救生衣'`);
    expect(audits).toBe(1);
  });

  it("names the HTTP request that made a change in its audit entry", async () => {
    const requestId = `audit-${Date.now()}`;
    const made = await post(needInput("救生筏", "audited-1"), { ...admin, "x-request-id": requestId });
    expect(made.body.data!.postNeed.need).not.toBeNull();
    const audits: { request_id: string }[] = await server.dataSource.query(`SELECT request_id FROM audit_entry WHERE action = 'postNeed' AND after->>'title' = '救生筏'`);
    expect(audits).toEqual([{ request_id: requestId }]);
  });

  it("lets only one of many concurrent requests with one key make the change", async () => {
    const request = needInput("手電筒", "concurrent-1");
    const answers = await Promise.all(Array.from({ length: 8 }, () => post(request)));
    expect(await needsTitled("手電筒")).toBe(1);
    const made = answers.filter((answer) => answer.body.data?.postNeed?.need).map((answer) => answer.body.data!.postNeed.need!.id);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(new Set(made).size).toBe(1);
    // The others were told the request is under way.
    for (const answer of answers.filter((candidate) => !candidate.body.data?.postNeed?.need)) expect(code(answer)).toBe("CONFLICT");
  });

  it("refuses a key reused for a different request, and keeps keys apart per caller", async () => {
    await post(needInput("雨靴", "reused-1"));
    const other = await post(needInput("雨傘", "reused-1"));
    expect(code(other)).toBe("CONFLICT");
    expect(other.body.errors![0].message).toMatch(/used for a different request/);
    expect(await needsTitled("雨傘")).toBe(0);
    // Another caller's key of the same name is another key.
    const coordinator = { authorization: `Bearer ${await server.signIn("coordinator@qinggang-lin-party-committee.example.org")}` };
    const theirs = await post(needInput("雨傘", "reused-1"), coordinator);
    expect(theirs.body.errors).toBeUndefined();
    expect(theirs.body.data!.postNeed.need!.title).toBe("雨傘");
  });

  it("does not keep a request that changed nothing: after fixing the input, the same key works", async () => {
    const refused = await post(needInput("沙包", "fixed-1", -5));
    expect(refused.body.data!.postNeed.userErrors.map((error) => error.code)).toEqual(["OUT_OF_RANGE"]);
    const fixed = await post(needInput("沙包", "fixed-1", 5));
    expect(fixed.body.data!.postNeed.need!.title).toBe("沙包");
    expect(fixed.body.extensions?.idempotentReplay).toBeUndefined();
  });

  it("refuses keys of the wrong length and keys in a request with several mutations", async () => {
    expect(code(await post(needInput("x", "")))).toBe("BAD_USER_INPUT");
    expect(code(await post(needInput("x", "k".repeat(101))))).toBe("BAD_USER_INPUT");
    const two = await server.graphql(
      `mutation ($a: PostNeedInput!, $b: PostNeedInput!) { a: postNeed(input: $a) { need { id } } b: postNeed(input: $b) { need { id } } }`,
      { a: needInput("甲", "two-1").input, b: needInput("乙").input },
      admin,
    );
    expect(code(two)).toBe("BAD_USER_INPUT");
    expect(await needsTitled("甲")).toBe(0);
  });

  it("answers a retry from the committed object when the first answer could not be kept", async () => {
    const request = needInput("救生圈", "lost-answer-1");
    const first = await post(request);
    // As when the database went away between the commit and keeping the answer.
    await server.dataSource.query(`UPDATE idempotency_key SET response = NULL WHERE key = 'lost-answer-1'`);
    const again = await post(request);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual(first.body.data);
    expect(again.body.extensions?.idempotentReplay).toBe(true);
    expect(await needsTitled("救生圈")).toBe(1);
    // The answer made again is kept for the next retry.
    const [{ kept }] = await server.dataSource.query(`SELECT response IS NOT NULL AS kept FROM idempotency_key WHERE key = 'lost-answer-1'`);
    expect(kept).toBe(true);
  });

  it("says so when an answer was lost that cannot be made again (a secret shown once), instead of 'in progress' for a day", async () => {
    const CREATE_KEY = `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { apiKey { id } secret userErrors { code } } }`;
    const input = { actingOrganizationId: committee, name: "儀表板", scopes: ["READ"], idempotencyKey: "lost-secret-1" };
    const first = await server.graphql<{ createApiKey: { secret: string | null } }>(CREATE_KEY, { input }, admin);
    expect(first.body.data!.createApiKey.secret).toMatch(/^cgk_/);
    await server.dataSource.query(`UPDATE idempotency_key SET response = NULL WHERE key = 'lost-secret-1'`);
    // Just after the commit the answer may still be being kept: try again in a moment.
    const soon = await server.graphql(CREATE_KEY, { input }, admin);
    expect(code(soon)).toBe("CONFLICT");
    expect(soon.body.errors![0].extensions!.retryAfterSeconds).toBe(1);
    await server.dataSource.query(`UPDATE idempotency_key SET created_at = now() - interval '1 minute' WHERE key = 'lost-secret-1'`);
    const later = await server.graphql(CREATE_KEY, { input }, admin);
    expect(later.status).toBe(409);
    expect(code(later)).toBe("CONFLICT");
    expect(later.body.errors![0].message).toMatch(/carried out, but its answer was lost/);
    const [{ keys }] = await server.dataSource.query(`SELECT count(*)::int AS keys FROM api_key WHERE name = '儀表板'`);
    expect(keys).toBe(1);
  });

  it("forgets keys after 24 hours", async () => {
    const request = needInput("帳篷", "old-1");
    await post(request);
    await server.dataSource.query(`UPDATE idempotency_key SET created_at = now() - interval '25 hours' WHERE key = 'old-1'`);
    expect(await new IdempotencyService(server.dataSource).forgetOld()).toBeGreaterThanOrEqual(1);
    const again = await post(request);
    expect(again.body.extensions?.idempotentReplay).toBeUndefined();
    expect(await needsTitled("帳篷")).toBe(2);
  });
});
