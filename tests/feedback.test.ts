import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { READS_COMMENT, READS_FEEDBACK } from "../src/auth/feedback-privacy";
import { keyOf, toGlobalId } from "../src/schema/global-id";
import { demoActivityId } from "../src/db/demo/volunteering-demo";
import { demoPersonId } from "../src/db/demo/people-demo";
import { demoServiceId } from "../src/db/demo/service-directory-demo";
import { mutationsAs, organizationIds } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
const { as, problems } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

const HANDLER = "qinggang-lin-party-committee";
const CLINIC = "qinggang-lin-health-station";
const TEAM = "qinggang-lin-party-volunteers";
const OTHER = "jinhua-property";
const FEEDBACK = "id subjectKind stars comment channel sessionDate organization { slug } enteredBy { slug } request { id } service { name } activity { title }";

interface Seen {
  id: string;
  subjectKind: string;
  stars: number;
  comment: string | null;
  channel: string;
  sessionDate: string | null;
  organization: { slug: string };
  enteredBy: { slug: string } | null;
}

async function newAccount(): Promise<{ email: string; headers: Record<string, string> }> {
  const email = `${unique("rater")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: "評價人", password: "long enough password" }, "user { id }");
  return { email, headers: bearer(await server.signIn(email, "long enough password")) };
}

async function resident(): Promise<{ email: string; headers: Record<string, string>; personId: string }> {
  const account = await newAccount();
  const { person } = await as<{ person: { id: string } }>(account.headers, "registerMyself", "RegisterMyselfInput", { displayName: "周阿姨" }, "person { id }");
  return { ...account, personId: person.id };
}

const readKey = async (organizationId: string) =>
  bearer((await as<{ secret: string }>(await server.asAdminOf(organizationId), "createApiKey", "CreateApiKeyInput", { actingOrganizationId: organizationId, name: unique("key"), scopes: ["READ"] }, "secret")).secret);

/** A request filed by `headers` (a resident, or nobody with a phone), moved by the handler through `steps`. */
async function request(headers: Record<string, string>, steps: string[]): Promise<string> {
  const contact = Object.keys(headers).length ? { preferredContact: "IN_APP" } : { preferredContact: "PHONE", contactValue: "139 0013 1234", consentToKeepContact: true };
  const { request: filed } = await as<{ request: { id: string } }>(headers, "fileResidentRequest", "FileResidentRequestInput", {
    category: "INFRASTRUCTURE", description: "樓道燈不亮", areaCode: "510107021001002", urgency: "NORMAL", identityVisibleToHandler: true, ...contact,
  }, "request { id }");
  for (const status of steps) {
    await as(await server.asAdminOf(org[HANDLER]), "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: org[HANDLER], requestId: filed.id, status }, "request { id }");
  }
  return filed.id;
}

const give = (headers: Record<string, string>, input: Record<string, unknown>) => as<{ feedback: Seen }>(headers, "giveFeedback", "GiveFeedbackInput", input, `feedback { ${FEEDBACK} }`);
const RESOLVED = ["ACCEPTED", "IN_PROGRESS", "RESOLVED"];

/** A past date on which a weekly schedule on `weekday` (0 Sunday … 6 Saturday) held a session, in Asia/Shanghai. */
function lastWeekday(weekday: number, weeksAgo = 1): string {
  const day = new Date(Date.now() + 8 * 3_600_000 - weeksAgo * 7 * 86_400_000);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() - weekday + 7) % 7));
  return day.toISOString().slice(0, 10);
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [HANDLER, CLINIC, TEAM, OTHER]);
});
afterAll(() => server.close());

describe("demo data", () => {
  it("holds twenty requests in every state, ratings of the resolved ones, of a 社區義診 session and of an activity", async () => {
    const requests: { status: string; n: number }[] = await server.dataSource.query(`SELECT status, count(*)::int AS n FROM resident_request WHERE id::text LIKE 'c0990000-%' GROUP BY status ORDER BY status`);
    expect(requests.reduce((sum, row) => sum + row.n, 0)).toBe(20);
    expect(requests.map((row) => row.status)).toEqual(["ACCEPTED", "ASSIGNED", "CLOSED", "IN_PROGRESS", "REJECTED", "REOPENED", "RESOLVED", "SUBMITTED", "TRANSFERRED"]);
    const rated: { subject_kind: string; status: string | null }[] = await server.dataSource.query(
      `SELECT f.subject_kind, r.status FROM feedback f LEFT JOIN resident_request r ON r.id = f.request_id WHERE f.id::text LIKE 'c09b0000-%' ORDER BY 1, 2`,
    );
    expect(new Set(rated.map((row) => row.subject_kind))).toEqual(new Set(["REQUEST", "SERVICE_SESSION", "ACTIVITY"]));
    expect(rated.filter((row) => row.subject_kind === "REQUEST").every((row) => ["RESOLVED", "CLOSED"].includes(row.status!))).toBe(true);
    // The street's overdue list names the one not resolved in time; the milestones the indicators read came from the histories.
    const { body } = await server.graphql<{ residentRequests: { nodes: { place: string }[] } }>(
      `{ residentRequests(filter: { overdue: true, areaCode: "510107021001" }, first: 5) { nodes { place } } }`, {}, await server.asAdminOf((await organizationIds(server, ["qinggang-street-office"]))["qinggang-street-office"]),
    );
    expect(body.data!.residentRequests.nodes).toEqual([{ place: "10棟旁綠化帶" }]);
    const [milestones] = await server.dataSource.query(`SELECT count(first_accepted_at)::int AS accepted, count(first_overdue_at)::int AS overdue, count(*) FILTER (WHERE reopened)::int AS reopened FROM resident_request WHERE id::text LIKE 'c0990000-%'`);
    expect(milestones).toEqual({ accepted: 15, overdue: 2, reopened: 1 });
  });
});

describe("a resident rates a resolved request", () => {
  it("is refused until the request is resolved, then rated, and rating again changes the rating", async () => {
    const requester = await resident();
    const open = await request(requester.headers, ["ACCEPTED"]);
    expect(await problems(requester.headers, "giveFeedback", "GiveFeedbackInput", { requestId: open, stars: 4, channel: "ONLINE" })).toEqual([["input.requestId", "INVALID_TRANSITION"]]);
    const resolved = await request(requester.headers, RESOLVED);
    const { feedback: first } = await give(requester.headers, { requestId: resolved, stars: 4, comment: "師傅很快就來了", channel: "ONLINE" });
    expect(first).toMatchObject({ subjectKind: "REQUEST", stars: 4, comment: "師傅很快就來了", channel: "ONLINE", organization: { slug: HANDLER }, enteredBy: null });
    const { feedback: again } = await give(requester.headers, { requestId: resolved, stars: 2, comment: "第二天又壞了", channel: "ONLINE" });
    expect(again).toMatchObject({ id: first.id, stars: 2, comment: "第二天又壞了" });
    // The handler's staff cannot overwrite it with what they say they heard.
    const staff = await server.asAdminOf(org[HANDLER]);
    expect(await problems(staff, "giveFeedback", "GiveFeedbackInput", { actingOrganizationId: org[HANDLER], requestId: resolved, stars: 5, channel: "PHONE" })).toEqual([["input.requestId", "TAKEN"]]);
    const rows = await server.dataSource.query(`SELECT count(*)::int AS n FROM feedback WHERE request_id = $1`, [keyOf(resolved, "ResidentRequest")]);
    expect(rows).toEqual([{ n: 1 }]);
    const events = await server.dataSource.query(`SELECT organization_id, attributes FROM event WHERE type = 'FEEDBACK_RECEIVED' AND entity_id = $1 ORDER BY position`, [keyOf(first.id, "Feedback")]);
    expect(events.map((event: { organization_id: string; attributes: { stars: number; changed: boolean } }) => [event.organization_id, event.attributes.stars, event.attributes.changed])).toEqual([
      [keyOf(org[HANDLER], "Organization"), 4, false],
      [keyOf(org[HANDLER], "Organization"), 2, true],
    ]);
    // The audit log keeps that a comment was given, not what it says.
    const audits = await server.dataSource.query(`SELECT after FROM audit_entry WHERE action = 'giveFeedback' AND entity_id = $1`, [keyOf(first.id, "Feedback")]);
    expect(JSON.stringify(audits)).not.toContain("第二天又壞了");
  });

  it("answers each bad input with a userError naming it", async () => {
    const requester = await resident();
    const someoneElse = await resident();
    const resolved = await request(requester.headers, RESOLVED);
    const cases: [Record<string, string>, Record<string, unknown>, [string, string][]][] = [
      [requester.headers, { requestId: resolved, stars: 0, channel: "ONLINE" }, [["input.stars", "OUT_OF_RANGE"]]],
      [requester.headers, { requestId: resolved, stars: 6, channel: "ONLINE" }, [["input.stars", "OUT_OF_RANGE"]]],
      [someoneElse.headers, { requestId: resolved, stars: 5, channel: "ONLINE" }, [["input.requestId", "NOT_FOUND"]]],
      [requester.headers, { stars: 5, channel: "ONLINE" }, [["input.requestId", "REQUIRED"]]],
      [requester.headers, { requestId: resolved, activityId: toGlobalId("Activity", demoActivityId(1)), stars: 5, channel: "ONLINE" }, [["input.requestId", "REQUIRED"]]],
      [requester.headers, { requestId: resolved, stars: 5, channel: "PHONE" }, [["input.actingOrganizationId", "REQUIRED"]]],
      [requester.headers, { requestId: resolved, stars: 5, comment: "x".repeat(1001), channel: "ONLINE" }, [["input.comment", "TOO_LONG"]]],
      [requester.headers, { requestId: "not an id", stars: 5, channel: "ONLINE" }, [["input.requestId", "INVALID"]]],
      [requester.headers, { serviceId: toGlobalId("Service", demoServiceId(1)), stars: 5, channel: "ONLINE" }, [["input.sessionDate", "REQUIRED"]]],
      [requester.headers, { serviceId: toGlobalId("Service", demoServiceId(1)), sessionDate: "2026-13-45", stars: 5, channel: "ONLINE" }, [["input.sessionDate", "INVALID"]]],
      // 社區義診 is held on Tuesdays only.
      [requester.headers, { serviceId: toGlobalId("Service", demoServiceId(1)), sessionDate: lastWeekday(3), stars: 5, channel: "ONLINE" }, [["input.sessionDate", "NOT_FOUND"]]],
      [requester.headers, { serviceId: toGlobalId("Service", demoServiceId(1)), sessionDate: lastWeekday(2, -2), stars: 5, channel: "ONLINE" }, [["input.sessionDate", "OUT_OF_RANGE"]]],
      // 獨居老人上門探訪: published, its only shift in three days.
      [requester.headers, { activityId: toGlobalId("Activity", demoActivityId(6)), stars: 5, channel: "ONLINE" }, [["input.activityId", "INVALID_TRANSITION"]]],
      // Staff: the handler's people enter the rating of its requests, no one else.
      [await server.asAdminOf(org[OTHER]), { actingOrganizationId: org[OTHER], requestId: resolved, stars: 5, channel: "PHONE" }, [["input.requestId", "NOT_FOUND"]]],
      [await server.asAdminOf(org[HANDLER]), { actingOrganizationId: org[HANDLER], requestId: resolved, stars: 5, channel: "ONLINE" }, [["input.channel", "INVALID"]]],
      [await server.asAdminOf(org[HANDLER]), { actingOrganizationId: org[HANDLER], requestId: resolved, onBehalfOfPersonId: requester.personId, stars: 5, channel: "PHONE" }, [["input.onBehalfOfPersonId", "INVALID"]]],
      [await server.asAdminOf(org[OTHER]), { actingOrganizationId: org[OTHER], activityId: toGlobalId("Activity", demoActivityId(1)), onBehalfOfPersonId: toGlobalId("Person", demoPersonId(2)), stars: 5, channel: "MEETING" }, [["input.activityId", "NOT_PERMITTED"]]],
      [await server.asAdminOf(org[TEAM]), { actingOrganizationId: org[TEAM], activityId: toGlobalId("Activity", demoActivityId(1)), stars: 5, channel: "MEETING" }, [["input.onBehalfOfPersonId", "REQUIRED"]]],
    ];
    for (const [headers, input, expected] of cases) expect([input, await problems(headers, "giveFeedback", "GiveFeedbackInput", input)]).toEqual([input, expected]);
    // A resident who never registered as a person, and a key: refused as who they are.
    const unregistered = await newAccount();
    expect(await problems(unregistered.headers, "giveFeedback", "GiveFeedbackInput", { requestId: resolved, stars: 5, channel: "ONLINE" })).toEqual([["input.channel", "NOT_FOUND"]]);
    const { body } = await server.graphql(`mutation ($input: GiveFeedbackInput!) { giveFeedback(input: $input) { userErrors { code } } }`, { input: { requestId: resolved, stars: 5, channel: "ONLINE" } }, await readKey(org[HANDLER]));
    expect(body.errors![0].extensions!.code).toBe("FORBIDDEN");
    const anonymous = await server.graphql(`mutation ($input: GiveFeedbackInput!) { giveFeedback(input: $input) { userErrors { code } } }`, { input: { requestId: resolved, stars: 5, channel: "ONLINE" } });
    expect(anonymous.body.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("lets the handler's staff enter a phone rating of an anonymous request", async () => {
    const resolved = await request({}, RESOLVED);
    const staff = await server.asAdminOf(org[HANDLER]);
    const { feedback } = await give(staff, { actingOrganizationId: org[HANDLER], requestId: resolved, stars: 5, comment: "電話回訪：很滿意", channel: "PHONE" });
    expect(feedback).toMatchObject({ subjectKind: "REQUEST", stars: 5, channel: "PHONE", enteredBy: { slug: HANDLER }, organization: { slug: HANDLER } });
  });
});

describe("erasure", () => {
  it("removes a resident's comments with them and keeps their stars in the figures", async () => {
    const rater = await resident();
    const resolved = await request(rater.headers, RESOLVED);
    const { feedback } = await give(rater.headers, { requestId: resolved, stars: 1, comment: "住在3棟的王大爺說修得不好", channel: "ONLINE", idempotencyKey: unique("rate") });
    await as(rater.headers, "requestErasure", "RequestErasureInput", {}, "__typename");
    const rows = await server.dataSource.query(`SELECT stars, comment FROM feedback WHERE id = $1`, [keyOf(feedback.id, "Feedback")]);
    expect(rows).toEqual([{ stars: 1, comment: null }]);
    const kept = await server.dataSource.query(`SELECT count(*)::int AS n FROM idempotency_key WHERE strpos(response::text, '王大爺') > 0`);
    expect(kept).toEqual([{ n: 0 }]);
  });
});

describe("residents rate service sessions and activities", () => {
  it("rates last Tuesday's 社區義診 and a completed activity, online and entered by staff", async () => {
    const rater = await resident();
    const session = { serviceId: toGlobalId("Service", demoServiceId(1)), sessionDate: lastWeekday(2) };
    const { feedback: online } = await give(rater.headers, { ...session, stars: 5, comment: "醫生很耐心", channel: "ONLINE" });
    expect(online).toMatchObject({ subjectKind: "SERVICE_SESSION", sessionDate: session.sessionDate, organization: { slug: CLINIC }, service: { name: "社區義診" } });
    // Another Tuesday is another session: a rating of its own.
    const { feedback: earlier } = await give(rater.headers, { ...session, sessionDate: lastWeekday(2, 2), stars: 3, channel: "ONLINE" });
    expect(earlier.id).not.toBe(online.id);
    const activity = toGlobalId("Activity", demoActivityId(1));
    const staff = await server.asAdminOf(org[TEAM]);
    const { feedback: entered } = await give(staff, { actingOrganizationId: org[TEAM], activityId: activity, onBehalfOfPersonId: toGlobalId("Person", demoPersonId(2)), stars: 4, channel: "QUESTIONNAIRE" });
    expect(entered).toMatchObject({ subjectKind: "ACTIVITY", channel: "QUESTIONNAIRE", enteredBy: { slug: TEAM }, activity: { title: "黨員志願服務日：樓道清理" } });
    const { feedback: changed } = await give(staff, { actingOrganizationId: org[TEAM], activityId: activity, onBehalfOfPersonId: toGlobalId("Person", demoPersonId(2)), stars: 5, channel: "MEETING" });
    expect(changed).toMatchObject({ id: entered.id, stars: 5, channel: "MEETING" });
    const mine = await server.graphql<{ myFeedback: { nodes: { id: string }[] } }>(`{ myFeedback(first: 10) { nodes { id } } }`, {}, rater.headers);
    expect(mine.body.data!.myFeedback.nodes.map((node) => node.id).sort()).toEqual([online.id, earlier.id].sort());
  });
});

type Reader = "the rater" | "member of the rated organisation" | "key of the rated organisation" | "supervisor (the street)" | "member of another organisation" | "anonymous";
const READERS: Reader[] = ["the rater", "member of the rated organisation", "key of the rated organisation", "supervisor (the street)", "member of another organisation", "anonymous"];

describe("who reads a rating and its comment", () => {
  const credentials = {} as Record<Reader, Record<string, string>>;
  let rated: Seen;
  beforeAll(async () => {
    const requester = await resident();
    const resolved = await request(requester.headers, RESOLVED);
    rated = (await give(requester.headers, { requestId: resolved, stars: 3, comment: "態度好但等了很久", channel: "ONLINE" })).feedback;
    const member = await newAccount();
    await as(await server.asAdminOf(org[HANDLER]), "addMember", "AddMemberInput", { actingOrganizationId: org[HANDLER], email: member.email, role: "MEMBER" }, "membership { role }");
    const street = (await organizationIds(server, ["qinggang-street-office"]))["qinggang-street-office"];
    Object.assign(credentials, {
      "the rater": requester.headers, "member of the rated organisation": member.headers, "key of the rated organisation": await readKey(org[HANDLER]),
      "supervisor (the street)": await server.asAdminOf(street), "member of another organisation": await server.asAdminOf(org[OTHER]), anonymous: {},
    });
  });

  it("has a rule for every reader", () => {
    const readers = ["ANONYMOUS", "OTHER", "RATED_KEY", "RATED_MEMBER", "RATER"];
    expect(Object.keys(READS_FEEDBACK).sort()).toEqual(readers);
    expect(Object.keys(READS_COMMENT).sort()).toEqual(readers);
  });

  const QUERY = `query ($id: ID!) { node(id: $id) { ... on Feedback { id stars comment } } }`;
  const expected = (reader: Reader) => {
    if (reader === "the rater" || reader === "member of the rated organisation") return { id: rated.id, stars: 3, comment: "態度好但等了很久" };
    if (reader === "key of the rated organisation") return { id: rated.id, stars: 3, comment: null };
    return null;
  };

  it("answers each reader over HTTP", async () => {
    const seen = await Promise.all(READERS.map(async (reader) => [reader, (await server.graphql<{ node: unknown }>(QUERY, { id: rated.id }, credentials[reader])).body.data!.node] as const));
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(READERS.map((reader) => [reader, expected(reader)])));
  });

  it("answers each reader alike on a WebSocket", async () => {
    const seen = await Promise.all(
      READERS.map(async (reader) => {
        const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: credentials[reader] });
        try {
          const result = await new Promise<{ data?: { node: unknown } | null }>((resolve, reject) => {
            let last: { data?: { node: unknown } | null } = {};
            client.subscribe({ query: QUERY, variables: { id: rated.id } }, { next: (value) => (last = value as typeof last), error: reject, complete: () => resolve(last) });
          });
          return [reader, result.data!.node] as const;
        } finally {
          await client.dispose();
        }
      }),
    );
    expect(Object.fromEntries(seen)).toEqual(Object.fromEntries(READERS.map((reader) => [reader, expected(reader)])));
  });

  it("lists an organisation's ratings to its members and keys only", async () => {
    const listed = await Promise.all(
      READERS.map(async (reader) => {
        const { body } = await server.graphql<{ receivedFeedback: { nodes: { id: string; comment: string | null }[] } }>(
          `query ($org: ID!) { receivedFeedback(organizationId: $org, first: 100) { nodes { id comment } } }`, { org: org[HANDLER] }, credentials[reader],
        );
        if (body.errors) return [reader, body.errors[0].extensions!.code] as const;
        return [reader, body.data!.receivedFeedback.nodes.find((node) => node.id === rated.id) ?? "absent"] as const;
      }),
    );
    expect(Object.fromEntries(listed)).toEqual({
      "the rater": "FORBIDDEN", "member of the rated organisation": { id: rated.id, comment: "態度好但等了很久" }, "key of the rated organisation": { id: rated.id, comment: null },
      "supervisor (the street)": "FORBIDDEN", "member of another organisation": "FORBIDDEN", anonymous: "UNAUTHENTICATED",
    });
  });
});

describe("live", () => {
  it("streams a rating to the rated organisation's people, not to others", async () => {
    const socket = (headers: Record<string, string>) => createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers });
    const handler = socket(await server.asAdminOf(org[HANDLER]));
    const other = socket(await server.asAdminOf(org[OTHER]));
    const query = `subscription ($filter: FeedbackSubscriptionFilter) { feedbackReceived(filter: $filter) { cursor changed feedback { stars comment organization { slug } } } }`;
    try {
      const before = server.events.subscriberCount;
      const theirs = collect<{ changed: boolean; feedback: { stars: number; comment: string | null } }>(handler, query, { filter: { organizationId: org[HANDLER] } }, "feedbackReceived");
      const notOurs = collect(other, query, {}, "feedbackReceived");
      await subscriberCount(server.events, before + 2);
      const requester = await resident();
      const resolved = await request(requester.headers, RESOLVED);
      await give(requester.headers, { requestId: resolved, stars: 5, comment: "謝謝", channel: "ONLINE" });
      const [event] = await theirs.waitFor(1);
      expect(event).toMatchObject({ changed: false, feedback: { stars: 5, comment: "謝謝", organization: { slug: HANDLER } } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(notOurs.received).toEqual([]);
      const refused = collect(other, query, { filter: { organizationId: org[HANDLER] } }, "feedbackReceived");
      await refused.waitFor(1);
      expect((refused.errors[0] as { extensions?: { code?: string } }[])?.[0]?.extensions?.code ?? JSON.stringify(refused.errors)).toContain("FORBIDDEN");
    } finally {
      await handler.dispose();
      await other.dispose();
    }
  });
});
