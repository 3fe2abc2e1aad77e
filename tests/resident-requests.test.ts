import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { sweepOverdueRequests } from "../src/services/community/requests/request-sweep";
import { resolveDeadline } from "../src/services/community/requests/request-time-limits";
import { REQUEST_TRANSITIONS } from "../src/services/community/requests/request-lifecycle";
import { keyOf } from "../src/schema/global-id";
import { inHours, mutationsAs, organizationIds } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
const { as, problems } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

const T = "qinggang-lin-party-committee";
const GRID1 = "qinggang-lin-grid-1-party-branch";
const STREET = "qinggang-street-office";
const DISTRICT = "wuhou-civil-affairs";
const PROPERTY = "jinhua-property";
const CENTRE = "qinggang-lin-service-center";
const TEAM = "qinggang-lin-party-volunteers";
const CLINIC = "qinggang-lin-health-station";

const REQUEST = `id status category place urgency overdue acceptBy resolveBy resolvedAt contactValue requester { id label } handlingOrganization { slug } escalatedTo { slug }
  assigneeTeam { slug } project { id } need { id title }
  history { kind fromStatus toStatus reason organization { slug } handlingOrganization { slug } }`;

interface Step {
  kind: string;
  fromStatus: string | null;
  toStatus: string;
  reason: string | null;
  organization: { slug: string } | null;
  handlingOrganization: { slug: string };
}
interface Request {
  id: string;
  status: string;
  overdue: boolean;
  acceptBy: string | null;
  resolveBy: string | null;
  contactValue: string | null;
  requester: { id: string; label: string } | null;
  handlingOrganization: { slug: string };
  escalatedTo: { slug: string } | null;
  assigneeTeam: { slug: string } | null;
  project: { id: string } | null;
  need: { id: string; title: string } | null;
  history: Step[];
}

const admin = (slug: string) => server.asAdminOf(org[slug]);

async function resident(name: string): Promise<{ headers: Record<string, string>; personId: string }> {
  const email = `${unique("resident")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  const headers = { authorization: `Bearer ${await server.signIn(email, "long enough password")}` };
  const { person } = await as<{ person: { id: string } }>(headers, "registerMyself", "RegisterMyselfInput", { displayName: name }, "person { id }");
  return { headers, personId: person.id };
}

const leak = (place: string) => ({
  category: "PROPERTY_MANAGEMENT", description: "頂樓漏水，雨天滴到客廳。", areaCode: "510107021001002", place, urgency: "HIGH",
  preferredContact: "PHONE", contactValue: "139 0013 5678", consentToKeepContact: true, identityVisibleToHandler: true,
});

async function file(headers: Record<string, string>, input: Record<string, unknown>): Promise<Request> {
  return (await as<{ request: Request }>(headers, "fileResidentRequest", "FileResidentRequestInput", input, `request { ${REQUEST} }`)).request;
}

async function move(headers: Record<string, string>, input: Record<string, unknown>, mutation = "changeResidentRequestStatus", inputType = "ChangeResidentRequestStatusInput"): Promise<Request> {
  return (await as<{ request: Request }>(headers, mutation, inputType, input, `request { ${REQUEST} }`)).request;
}

async function read(headers: Record<string, string>, id: string): Promise<Request | null> {
  const { body } = await server.graphql<{ residentRequest: Request | null }>(`query ($id: ID!) { residentRequest(id: $id) { ${REQUEST} } }`, { id }, headers);
  expect(body.errors).toBeUndefined();
  return body.data!.residentRequest;
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [T, GRID1, STREET, DISTRICT, PROPERTY, CENTRE, TEAM, CLINIC]);
});
afterAll(() => server.close());

describe("demo data", () => {
  it("holds requests in every state, one of them overdue and escalated to the street", async () => {
    const rows: { status: string }[] = await server.dataSource.query(`SELECT DISTINCT status FROM resident_request WHERE id::text LIKE 'c0990000-%' ORDER BY status`);
    expect(rows.map((row) => row.status)).toEqual(["ACCEPTED", "ASSIGNED", "CLOSED", "IN_PROGRESS", "REJECTED", "REOPENED", "RESOLVED", "SUBMITTED", "TRANSFERRED"]);
    const { body } = await server.graphql<{ residentRequests: { nodes: { place: string; escalatedTo: { slug: string }; history: { kind: string }[] }[] } }>(
      `{ residentRequests(filter: { overdue: true, areaCode: "510107021002" }, first: 5) { nodes { place escalatedTo { slug } history { kind } } } }`, {}, await admin(STREET),
    );
    expect(body.data!.residentRequests.nodes).toEqual([{ place: "錦苑2棟", escalatedTo: { slug: STREET }, history: [{ kind: "FILED" }, { kind: "ESCALATED" }] }]);
  });
});

describe("routing", () => {
  it("sends an unmatched request to the nearest Party organisation up the area tree", async () => {
    const inGrid2 = await file({}, leak("3棟2單元頂樓"));
    expect(inGrid2.handlingOrganization.slug).toBe(T);
    const inGrid1 = await file({}, { ...leak("1棟"), areaCode: "510107021001001" });
    expect(inGrid1.handlingOrganization.slug).toBe(GRID1);
    expect(inGrid2).toMatchObject({ status: "SUBMITTED", overdue: false, resolveBy: null, history: [{ kind: "FILED", fromStatus: null, toStatus: "SUBMITTED", organization: null, handlingOrganization: { slug: T } }] });
  });

  it("follows the longest matching rule the community's coordinators keep", async () => {
    await as(await admin(T), "setRequestRoutingRule", "SetRequestRoutingRuleInput", { actingOrganizationId: org[T], areaPrefix: "510107021001", category: "PROPERTY_MANAGEMENT", organizationId: org[PROPERTY] }, "rule { id }");
    await as(await admin(STREET), "setRequestRoutingRule", "SetRequestRoutingRuleInput", { actingOrganizationId: org[STREET], areaPrefix: "510107021", category: "PROPERTY_MANAGEMENT", organizationId: org[STREET] }, "rule { id }");
    await as(await admin(T), "setRequestRoutingRule", "SetRequestRoutingRuleInput", { actingOrganizationId: org[T], areaPrefix: "510107021001003", category: "PROPERTY_MANAGEMENT", organizationId: org[CENTRE] }, "rule { id }");
    expect((await file({}, leak("2棟"))).handlingOrganization.slug).toBe(PROPERTY);
    expect((await file({}, { ...leak("8棟"), areaCode: "510107021001003" })).handlingOrganization.slug).toBe(CENTRE);
    expect((await file({}, { ...leak("錦苑"), areaCode: "510107021002001" })).handlingOrganization.slug).toBe(STREET);
    // Another category in the same place is not covered by these lines.
    expect((await file({}, { ...leak("2棟"), category: "SAFETY" })).handlingOrganization.slug).toBe(T);
    const { body } = await server.graphql<{ requestRoutingRules: { areaPrefix: string; category: string; organization: { slug: string }; keptBy: { slug: string } }[] }>(
      `{ requestRoutingRules(areaCode: "510107021001003") { areaPrefix category organization { slug } keptBy { slug } } }`,
    );
    const lines = body.data!.requestRoutingRules.filter((rule) => rule.category === "PROPERTY_MANAGEMENT");
    expect(lines.map((rule) => [rule.areaPrefix, rule.organization.slug, rule.keptBy.slug])).toEqual([["510107021001003", CENTRE, T], ["510107021001", PROPERTY, T], ["510107021", STREET, STREET]]);
  });

  it("lets only a community's or street's Party or government coordinators keep rules, within their own area", async () => {
    const line = (acting: string, areaPrefix: string) => ({ actingOrganizationId: org[acting], areaPrefix, category: "ENVIRONMENT", organizationId: org[TEAM] });
    expect(await problems(await admin(CLINIC), "setRequestRoutingRule", "SetRequestRoutingRuleInput", line(CLINIC, "510107021001"))).toEqual([["input.actingOrganizationId", "NOT_PERMITTED"]]);
    expect(await problems(await admin(DISTRICT), "setRequestRoutingRule", "SetRequestRoutingRuleInput", line(DISTRICT, "510107"))).toEqual([["input.actingOrganizationId", "NOT_PERMITTED"]]);
    expect(await problems(await admin(T), "setRequestRoutingRule", "SetRequestRoutingRuleInput", line(T, "510107021002"))).toEqual([["input.areaPrefix", "OUT_OF_RANGE"]]);
    expect(await problems(await admin(T), "setRequestRoutingRule", "SetRequestRoutingRuleInput", line(T, "999"))).toEqual([["input.areaPrefix", "NOT_FOUND"]]);
    const { rule } = await as<{ rule: { id: string } }>(await admin(T), "setRequestRoutingRule", "SetRequestRoutingRuleInput", line(T, "510107021001"), "rule { id }");
    expect((await file({}, { ...leak("垃圾站"), category: "ENVIRONMENT" })).handlingOrganization.slug).toBe(TEAM);
    await as(await admin(T), "removeRequestRoutingRule", "RemoveRequestRoutingRuleInput", { actingOrganizationId: org[T], ruleId: rule.id }, "rule { id }");
    expect((await file({}, { ...leak("垃圾站"), category: "ENVIRONMENT" })).handlingOrganization.slug).toBe(T);
  });
});

describe("filing", () => {
  it("answers every bad input with a userError", async () => {
    const bad = (input: Record<string, unknown>) => problems({}, "fileResidentRequest", "FileResidentRequestInput", { ...leak("某處"), ...input });
    expect(await bad({ description: "  " })).toEqual([["input.description", "BLANK"]]);
    expect(await bad({ description: "長".repeat(2001) })).toEqual([["input.description", "TOO_LONG"]]);
    expect(await bad({ areaCode: "000" })).toEqual([["input.areaCode", "NOT_FOUND"]]);
    expect(await bad({ contactValue: null })).toEqual([["input.contactValue", "REQUIRED"]]);
    expect(await bad({ contactValue: "not a phone" })).toEqual([["input.contactValue", "INVALID"]]);
    expect(await bad({ consentToKeepContact: false })).toEqual([["input.consentToKeepContact", "REQUIRED"]]);
    expect(await bad({ preferredContact: "IN_APP", contactValue: null })).toEqual([["input.preferredContact", "INVALID"]]);
    expect(await bad({ preferredContact: "EMAIL", contactValue: "someone@example" })).toEqual([["input.contactValue", "INVALID"]]);
    expect(await bad({ onBehalfOfPersonId: (await resident("某人")).personId })).toEqual([["input.onBehalfOfPersonId", "INVALID"]]);
    // An area with no Party organisation up its tree and no rule: nobody would answer.
    await server.dataSource.query(`INSERT INTO area (code, name, level, parent_code) VALUES ('5102', '無組織市', 'CITY', NULL) ON CONFLICT DO NOTHING`);
    expect(await bad({ areaCode: "5102" })).toEqual([["input.areaCode", "NOT_FOUND"]]);
  });

  it("files a request once however often an anonymous resident retries it with the same key", async () => {
    const idempotencyKey = unique("retry");
    const input = { ...leak("11棟"), category: "OTHER", description: unique("電梯停運"), idempotencyKey };
    const mutation = `mutation ($input: FileResidentRequestInput!) { fileResidentRequest(input: $input) { request { id } userErrors { code } } }`;
    const answers = await Promise.all([1, 2].map(() => server.graphql<{ fileResidentRequest: { request: { id: string } } }>(mutation, { input })));
    const again = await server.graphql<{ fileResidentRequest: { request: { id: string } } }>(mutation, { input });
    expect(again.body.data!.fileResidentRequest.request.id).toBe(answers.find((answer) => answer.body.data)!.body.data!.fileResidentRequest.request.id);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM resident_request WHERE description = $1`, [input.description]);
    expect(count).toBe(1);
  });

  it("lets a service centre's staff enter a request for a resident who consented to it", async () => {
    const elder = (await as<{ person: { id: string } }>(await admin(CENTRE), "registerPerson", "RegisterPersonInput", {
      actingOrganizationId: org[CENTRE], displayName: "王婆婆", consent: { purpose: "代辦訴求" },
    }, "person { id }")).person.id;
    const request = await file(await admin(CENTRE), {
      ...leak("5棟1樓"), actingOrganizationId: org[CENTRE], onBehalfOfPersonId: elder, category: "ELDER_CARE", description: "獨居老人需要送餐。", preferredContact: "IN_APP", contactValue: null,
    });
    expect(request.handlingOrganization.slug).toBe(T);
    const [{ requester_person_id, filed_by_organization_id }] = await server.dataSource.query(`SELECT requester_person_id, filed_by_organization_id FROM resident_request WHERE id = $1`, [keyOf(request.id, "ResidentRequest")]);
    expect([requester_person_id, filed_by_organization_id]).toEqual([keyOf(elder, "Person"), keyOf(org[CENTRE], "Organization")]);
    const stranger = (await resident("陌生人")).personId;
    expect(await problems(await admin(CENTRE), "fileResidentRequest", "FileResidentRequestInput", { ...leak("某處"), actingOrganizationId: org[CENTRE], onBehalfOfPersonId: stranger })).toEqual([
      ["input.onBehalfOfPersonId", "NOT_FOUND"],
    ]);
    expect(await problems(await admin(PROPERTY), "fileResidentRequest", "FileResidentRequestInput", { ...leak("某處"), actingOrganizationId: org[PROPERTY] })).toEqual([
      ["input.actingOrganizationId", "NOT_PERMITTED"],
    ]);
  });
});

describe("from report to closure", () => {
  it("walks a request through every step, each one in its history with who and why", async () => {
    const { headers: mine } = await resident("李大爺");
    const handler = await admin(T);
    const filed = await file(mine, { ...leak("6棟頂樓"), category: "INFRASTRUCTURE", preferredContact: "IN_APP", contactValue: null });
    const id = filed.id;
    expect(await problems(handler, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: org[T], requestId: id, status: "RESOLVED" })).toEqual([["input.status", "INVALID_TRANSITION"]]);
    expect(await problems(handler, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: org[T], requestId: id, status: "REJECTED" })).toEqual([["input.reason", "REQUIRED"]]);
    expect(await problems(handler, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: org[T], requestId: id, status: "ASSIGNED" })).toEqual([["input.status", "INVALID"]]);
    expect(await problems(await admin(CLINIC), "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: org[CLINIC], requestId: id, status: "ACCEPTED" })).toEqual([["input.requestId", "NOT_FOUND"]]);

    const accepted = await move(handler, { actingOrganizationId: org[T], requestId: id, status: "ACCEPTED" });
    expect(accepted.acceptBy).toBeNull();
    expect(new Date(accepted.resolveBy!).getTime()).toBeGreaterThan(Date.now());
    expect(await problems(handler, "assignResidentRequest", "AssignResidentRequestInput", { actingOrganizationId: org[T], requestId: id })).toEqual([["input.personId", "REQUIRED"]]);
    expect(await problems(handler, "assignResidentRequest", "AssignResidentRequestInput", { actingOrganizationId: org[T], requestId: id, teamId: org[CLINIC] })).toEqual([["input.teamId", "NOT_FOUND"]]);
    expect((await move(handler, { actingOrganizationId: org[T], requestId: id, teamId: org[TEAM], reason: "黨員志願隊有水電工" }, "assignResidentRequest", "AssignResidentRequestInput")).assigneeTeam).toEqual({ slug: TEAM });
    await move(handler, { actingOrganizationId: org[T], requestId: id, status: "IN_PROGRESS" });
    await move(handler, { actingOrganizationId: org[T], requestId: id, status: "RESOLVED", reason: "已更換防水層" });
    // Only the requester reopens, with a reason.
    expect(await problems(handler, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: org[T], requestId: id, status: "REOPENED", reason: "x" })).toEqual([["input.status", "INVALID"]]);
    expect(await problems(mine, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { requestId: id, status: "REOPENED" })).toEqual([["input.reason", "REQUIRED"]]);
    expect(await problems((await resident("鄰居")).headers, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { requestId: id, status: "REOPENED", reason: "x" })).toEqual([["input.requestId", "NOT_FOUND"]]);
    await move(mine, { requestId: id, status: "REOPENED", reason: "下雨又漏了" });
    await move(handler, { actingOrganizationId: org[T], requestId: id, status: "RESOLVED", reason: "重做防水" });
    const closed = await move(mine, { requestId: id, status: "CLOSED" });
    expect(closed.status).toBe("CLOSED");
    expect(closed.history.map((step) => [step.kind, step.fromStatus, step.toStatus, step.reason, step.organization?.slug ?? null])).toEqual([
      ["FILED", null, "SUBMITTED", null, null],
      ["STATUS_CHANGED", "SUBMITTED", "ACCEPTED", null, T],
      ["STATUS_CHANGED", "ACCEPTED", "ASSIGNED", "黨員志願隊有水電工", T],
      ["STATUS_CHANGED", "ASSIGNED", "IN_PROGRESS", null, T],
      ["STATUS_CHANGED", "IN_PROGRESS", "RESOLVED", "已更換防水層", T],
      ["STATUS_CHANGED", "RESOLVED", "REOPENED", "下雨又漏了", null],
      ["STATUS_CHANGED", "REOPENED", "RESOLVED", "重做防水", T],
      ["STATUS_CHANGED", "RESOLVED", "CLOSED", null, null],
    ]);
    const audited = await server.dataSource.query(`SELECT action FROM audit_entry WHERE entity_type = 'ResidentRequest' AND entity_id = $1 ORDER BY id`, [keyOf(id, "ResidentRequest")]);
    expect(audited.map((row: { action: string }) => row.action)).toEqual([
      "fileResidentRequest", "changeResidentRequestStatus", "assignResidentRequest", "changeResidentRequestStatus", "changeResidentRequestStatus", "changeResidentRequestStatus", "changeResidentRequestStatus", "changeResidentRequestStatus",
    ]);
    expect(await problems(mine, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { requestId: id, status: "REOPENED", reason: "x" })).toEqual([["input.status", "INVALID_TRANSITION"]]);
  });

  it("lets the requester reopen only within 7 days of the resolution", async () => {
    const { headers: mine } = await resident("張阿姨");
    const handler = await admin(T);
    const { id } = await file(mine, { ...leak("9棟"), category: "SAFETY" });
    for (const status of ["ACCEPTED", "IN_PROGRESS", "RESOLVED"]) await move(handler, { actingOrganizationId: org[T], requestId: id, status });
    await server.dataSource.query(`UPDATE resident_request SET resolved_at = now() - interval '7 days 1 minute' WHERE id = $1`, [keyOf(id, "ResidentRequest")]);
    expect(await problems(mine, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { requestId: id, status: "REOPENED", reason: "還是壞的" })).toEqual([["input.status", "OUT_OF_RANGE"]]);
  });

  it("transfers a request, keeping who had it in the history, and rejects with a reason", async () => {
    const { id } = await file({}, { ...leak("小區門口"), category: "NEIGHBOURHOOD_DISPUTE" });
    expect(await problems(await admin(T), "transferResidentRequest", "TransferResidentRequestInput", { actingOrganizationId: org[T], requestId: id, organizationId: org[T], reason: "x" })).toEqual([["input.organizationId", "INVALID"]]);
    const transferred = await move(await admin(T), { actingOrganizationId: org[T], requestId: id, organizationId: org[PROPERTY], reason: "停車糾紛歸物業" }, "transferResidentRequest", "TransferResidentRequestInput");
    expect(transferred).toMatchObject({ status: "TRANSFERRED", handlingOrganization: { slug: PROPERTY } });
    expect(transferred.history.at(-1)).toEqual({ kind: "STATUS_CHANGED", fromStatus: "SUBMITTED", toStatus: "TRANSFERRED", reason: "停車糾紛歸物業", organization: { slug: T }, handlingOrganization: { slug: PROPERTY } });
    expect(await problems(await admin(T), "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: org[T], requestId: id, status: "ACCEPTED" })).toEqual([["input.requestId", "NOT_FOUND"]]);
    const rejected = await move(await admin(PROPERTY), { actingOrganizationId: org[PROPERTY], requestId: id, status: "REJECTED", reason: "屬公共道路，非小區範圍" });
    expect([rejected.status, rejected.acceptBy]).toEqual(["REJECTED", null]);
  });

  it("walks every move of the lifecycle table", () => {
    // Every status has an entry, and every move names who takes it.
    for (const moves of Object.values(REQUEST_TRANSITIONS)) for (const move of Object.values(moves)) expect(move!.by.length).toBeGreaterThan(0);
    expect(Object.keys(REQUEST_TRANSITIONS).sort()).toEqual(["ACCEPTED", "ASSIGNED", "CLOSED", "IN_PROGRESS", "REJECTED", "REOPENED", "RESOLVED", "SUBMITTED", "TRANSFERRED"]);
    expect(REQUEST_TRANSITIONS.RESOLVED.REOPENED).toEqual({ by: ["REQUESTER"], reason: true });
  });
});

describe("becoming work", () => {
  it("links a request to a project, or posts a need of it from the request", async () => {
    const handler = await admin(T);
    const { id } = await file({}, { ...leak("3棟"), category: "ELDER_CARE", description: "樓裡三位獨居老人需要午餐。" });
    const { project } = await as<{ project: { id: string } }>(handler, "createProject", "CreateProjectInput", { actingOrganizationId: org[T], title: "老年助餐", category: "HEALTH", areaCode: "510107021001" }, "project { id }");
    await as(handler, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: org[T], projectId: project.id, status: "OPEN" }, "project { id }");
    expect(await problems(handler, "linkResidentRequestToProject", "LinkResidentRequestToProjectInput", { actingOrganizationId: org[T], requestId: id, projectId: project.id })).toEqual([["input.requestId", "INVALID_TRANSITION"]]);
    await move(handler, { actingOrganizationId: org[T], requestId: id, status: "ACCEPTED" });
    expect((await move(handler, { actingOrganizationId: org[T], requestId: id, projectId: project.id }, "linkResidentRequestToProject", "LinkResidentRequestToProjectInput")).project).toEqual({ id: project.id });
    const { project: other } = await as<{ project: { id: string } }>(await admin(CLINIC), "createProject", "CreateProjectInput", { actingOrganizationId: org[CLINIC], title: "義診", category: "HEALTH", areaCode: "510107021001" }, "project { id }");
    expect(await problems(handler, "linkResidentRequestToProject", "LinkResidentRequestToProjectInput", { actingOrganizationId: org[T], requestId: id, projectId: other.id })).toEqual([["input.projectId", "NOT_FOUND"]]);
    const posted = await move(handler, {
      actingOrganizationId: org[T], requestId: id, projectId: project.id, category: "FOOD", title: "午餐盒", quantity: 3, unit: "份", urgency: "NORMAL", neededBy: inHours(48),
    }, "postNeedFromResidentRequest", "PostNeedFromResidentRequestInput");
    expect(posted.need!.title).toBe("午餐盒");
    expect(posted.history.filter((step) => step.kind === "LINKED")).toHaveLength(2);
    const [{ description }] = await server.dataSource.query(`SELECT description FROM resource_need WHERE id = $1`, [keyOf(posted.need!.id, "ResourceNeed")]);
    expect(description).toBe("樓裡三位獨居老人需要午餐。");
  });
});

describe("time limits", () => {
  it("counts working days in the stated time zone", () => {
    const shanghai = { timeZone: "Asia/Shanghai", calendar: "WEEKDAYS" } as const;
    // Accepted on Friday 2030-03-01 at 17:00 in Shanghai (09:00Z): two working days end on Tuesday at midnight there.
    expect(resolveDeadline(new Date("2030-03-01T09:00:00Z"), 2, shanghai).toISOString()).toBe("2030-03-05T16:00:00.000Z");
    // Friday 23:30 in Shanghai is still Friday there, though Friday 15:30Z.
    expect(resolveDeadline(new Date("2030-03-01T15:30:00Z"), 1, shanghai).toISOString()).toBe("2030-03-04T16:00:00.000Z");
    // Saturday 00:30 in Shanghai (Friday 16:30Z) counts from Saturday: Monday is the first working day.
    expect(resolveDeadline(new Date("2030-03-01T16:30:00Z"), 1, shanghai).toISOString()).toBe("2030-03-04T16:00:00.000Z");
    expect(resolveDeadline(new Date("2030-03-01T09:00:00Z"), 5, { timeZone: "America/New_York", calendar: "WEEKDAYS" }).toISOString()).toBe("2030-03-09T05:00:00.000Z");
  });

  it("skips mainland China's public holidays and counts the weekends worked in their lieu, in the CN calendar", () => {
    const china = { timeZone: "Asia/Shanghai", calendar: "CN" } as const;
    // National Day 2026: 1–7 October off, Saturday 10 October worked. Accepted Wednesday 30 September:
    // Thursday 8, Friday 9 and Saturday 10 October are the first three working days.
    expect(resolveDeadline(new Date("2026-09-30T02:00:00Z"), 3, china).toISOString()).toBe("2026-10-10T16:00:00.000Z");
    expect(resolveDeadline(new Date("2026-09-30T02:00:00Z"), 3, { ...china, calendar: "WEEKDAYS" }).toISOString()).toBe("2026-10-05T16:00:00.000Z");
    // Sunday 20 September 2026 is worked in lieu: accepted on Saturday 19th, one day ends that Sunday.
    expect(resolveDeadline(new Date("2026-09-19T02:00:00Z"), 1, china).toISOString()).toBe("2026-09-20T16:00:00.000Z");
    // A year the State Council has not announced yet counts Monday to Friday.
    expect(resolveDeadline(new Date("2030-03-01T09:00:00Z"), 2, china).toISOString()).toBe("2030-03-05T16:00:00.000Z");
  });

  it("flags an overdue request and escalates it to the street, then the district, once each, however many sweeps run", async () => {
    const late = await file({}, { ...leak("10棟"), category: "OTHER" });
    const key = keyOf(late.id, "ResidentRequest");
    // Nothing else in this database is due by the fixed clock below.
    await server.dataSource.query(`UPDATE resident_request SET accept_by = '2099-01-01T00:00:00Z', resolve_by = '2099-01-01T00:00:00Z' WHERE id <> $1`, [key]);
    await server.dataSource.query(`UPDATE resident_request SET accept_by = '2030-03-01T00:00:00Z' WHERE id = $1`, [key]);
    expect(await sweepOverdueRequests(server.dataSource, new Date("2030-02-28T23:59:59Z"))).toBe(0);
    const at = new Date("2030-03-01T00:00:01Z");
    const counts = await Promise.all([1, 2, 3, 4].map(() => sweepOverdueRequests(server.dataSource, at)));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(1);
    let seen = (await read(await admin(T), late.id))!;
    expect(seen).toMatchObject({ overdue: true, escalatedTo: { slug: STREET } });
    // 72 hours later, still not accepted: the district.
    expect(await sweepOverdueRequests(server.dataSource, new Date("2030-03-03T23:59:59Z"))).toBe(0);
    const later = await Promise.all([1, 2].map(() => sweepOverdueRequests(server.dataSource, new Date("2030-03-04T00:00:02Z"))));
    expect(later.reduce((sum, count) => sum + count, 0)).toBe(1);
    expect(await sweepOverdueRequests(server.dataSource, new Date("2031-01-01T00:00:00Z"))).toBe(0);
    seen = (await read(await admin(T), late.id))!;
    expect(seen.escalatedTo).toEqual({ slug: DISTRICT });
    expect(seen.history.filter((step) => step.kind === "ESCALATED").map((step) => [step.reason, step.organization?.slug])).toEqual([
      ["not accepted in time", STREET],
      ["not accepted in time", DISTRICT],
    ]);
    const events = await server.dataSource.query(`SELECT attributes->>'step' AS step, attributes->>'escalatedToOrganizationId' AS "to" FROM event WHERE type = 'REQUEST_CHANGED' AND entity_id = $1 ORDER BY position`, [key]);
    expect(events.map((event: { step: string }) => event.step)).toEqual(["FILED", "ESCALATED", "ESCALATED"]);

    // The supervisors' overdue list: the street's and district's see it, another organisation does not.
    const overdueList = async (headers: Record<string, string>) => {
      const { body } = await server.graphql<{ residentRequests: { nodes: { id: string; requester: unknown; contactValue: string | null }[] } }>(
        `{ residentRequests(filter: { overdue: true, areaCode: "510107021001" }, first: 50) { nodes { id requester { id } contactValue } } }`, {}, headers,
      );
      expect(body.errors).toBeUndefined();
      // The demo's request escalated for not being resolved in time (10棟旁綠化帶) is on the list too.
      return body.data!.residentRequests.nodes.filter((request) => !keyOf(request.id, "ResidentRequest").startsWith("c0990000-"));
    };
    expect(await overdueList(await admin(STREET))).toEqual([{ id: late.id, requester: null, contactValue: null }]);
    expect((await overdueList(await admin(DISTRICT))).map((request) => request.id)).toEqual([late.id]);
    expect(await overdueList(await admin(CLINIC))).toEqual([]);
    // Accepted at last: off the list, with a new period to resolve it.
    await move(await admin(T), { actingOrganizationId: org[T], requestId: late.id, status: "ACCEPTED" });
    expect(await overdueList(await admin(STREET))).toEqual([]);
  });
});

describe("erasure", () => {
  it("removes the contact values of an erased person's requests and keeps the requests", async () => {
    const { headers } = await resident("陳先生");
    const { id } = await file(headers, { ...leak("7棟"), category: "OTHER", contactValue: "13700001111" });
    expect((await read(await admin(T), id))!.contactValue).toBe("13700001111");
    await as(headers, "requestErasure", "RequestErasureInput", {}, "person { id }");
    const [row] = await server.dataSource.query(`SELECT contact_value, contact_consented_at, requester_person_id FROM resident_request WHERE id = $1`, [keyOf(id, "ResidentRequest")]);
    expect([row.contact_value, row.contact_consented_at, row.requester_person_id === null]).toEqual([null, null, false]);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM audit_entry WHERE strpos(after::text, '13700001111') > 0 OR strpos(before::text, '13700001111') > 0`);
    expect(count).toBe(0);
  });
});

describe("following requests live", () => {
  it("tells the handler and the requester over graphql-ws, without the requester's identity when they asked", async () => {
    const requester = await resident("劉女士");
    const ws = (headers: Record<string, string>) => createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers });
    const handlerClient = ws(await admin(T));
    const requesterClient = ws(requester.headers);
    const otherClient = ws(await admin(CLINIC));
    const query = `subscription ($filter: ResidentRequestSubscriptionFilter) { requestChanged(filter: $filter) { cursor step status request { id requester { id } contactValue } } }`;
    type Seen = { step: string; status: string; request: { id: string; requester: { id: string } | null; contactValue: string | null } | null };
    try {
      const before = server.events.subscriberCount;
      const handler = collect<Seen>(handlerClient, query, { filter: { handlingOrganizationId: org[T] } }, "requestChanged");
      const own = collect<Seen>(requesterClient, query, { filter: { mine: true } }, "requestChanged");
      const other = collect<Seen>(otherClient, query, {}, "requestChanged");
      await subscriberCount(server.events, before + 3);
      const { id } = await file(requester.headers, { ...leak("4棟"), category: "OTHER", identityVisibleToHandler: false });
      await move(await admin(T), { actingOrganizationId: org[T], requestId: id, status: "ACCEPTED" });
      const handled = await handler.waitFor(2);
      const followed = await own.waitFor(2);
      expect(handled.map((event) => [event.step, event.status, event.request])).toEqual([
        ["FILED", "SUBMITTED", { id, requester: null, contactValue: null }],
        ["STATUS_CHANGED", "ACCEPTED", { id, requester: null, contactValue: null }],
      ]);
      expect(followed.map((event) => [event.step, event.status, event.request])).toEqual([
        ["FILED", "SUBMITTED", { id, requester: { id: requester.personId }, contactValue: "139 0013 5678" }],
        ["STATUS_CHANGED", "ACCEPTED", { id, requester: { id: requester.personId }, contactValue: "139 0013 5678" }],
      ]);
      expect([handler.errors, own.errors, other.errors, other.received]).toEqual([[], [], [], []]);
    } finally {
      await Promise.all([handlerClient.dispose(), requesterClient.dispose(), otherClient.dispose()]);
    }
  });

  it("refuses an anonymous follower", async () => {
    const socket = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const refused = collect(socket, `subscription { requestChanged { cursor } }`, {}, "requestChanged");
      await refused.waitFor(1);
      expect(JSON.stringify(refused.errors)).toContain("UNAUTHENTICATED");
    } finally {
      await socket.dispose();
    }
  });
});

describe("public counts", () => {
  it("gives anyone anonymised counts per category and status, and no request", async () => {
    const { body } = await server.graphql<{ residentRequestCounts: { category: string; status: string; count: number }[]; residentRequests?: unknown }>(
      `{ residentRequestCounts(areaCode: "510107021001") { category status count } }`,
    );
    expect(body.errors).toBeUndefined();
    const [{ total }] = await server.dataSource.query(`SELECT count(*)::int AS total FROM resident_request WHERE area_code LIKE '510107021001%'`);
    expect(body.data!.residentRequestCounts.reduce((sum, row) => sum + row.count, 0)).toBe(total);
    expect(Object.keys(body.data!.residentRequestCounts[0]).sort()).toEqual(["category", "count", "status"]);
    const list = await server.graphql(`{ residentRequests(first: 5) { nodes { id } } }`);
    expect(JSON.stringify(list.body.errors)).toContain("UNAUTHENTICATED");
  });
});
