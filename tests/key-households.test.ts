import { mutationsAs, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";
import { keyOf, toGlobalId } from "../src/schema/global-id";
import { sweepOverdueVisits } from "../src/services/community/households/household-visit-sweep";
import { randomUUID } from "node:crypto";

let server: TestServer;
let org: Record<string, string>;
const { as, call, problems } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const code = () => unique("T").replace(/[^-A-Za-z0-9]/g, "").slice(-30);

const HOLDER = "qinggang-lin-party-committee";
const STREET = "qinggang-street-office";
const OTHER = "jinhua-property";
// Away from the demo's households (青杠林社區), so counts here are this file's own.
const AREA = "510107021003001";
const TIME_ZONE = "Asia/Shanghai";

let admin: Record<string, string>;
let member: Record<string, string>;

const today = (days = 0) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86_400_000));

async function heldPerson(name: string): Promise<string> {
  const { person } = await as<{ person: { id: string } }>(admin, "registerPerson", "RegisterPersonInput", { actingOrganizationId: org[HOLDER], displayName: name, consent: { purpose: "重點人群走訪" } }, "person { id }");
  return person.id;
}

async function register(extra: Record<string, unknown> = {}): Promise<{ id: string }> {
  const { household } = await as<{ household: { id: string } }>(admin, "registerKeyHousehold", "RegisterKeyHouseholdInput", {
    actingOrganizationId: org[HOLDER], code: code(), areaCode: AREA, groups: ["ELDERLY"], needs: "獨居，需要助餐", visitEveryDays: 14, ...extra,
  }, "household { id }");
  return household;
}

const HOUSEHOLD = `id code groups needs visitEveryDays memberCount members { id } area { code } organization { id } nextVisit { id dueOn visitedAt daysOverdue }`;

beforeAll(async () => {
  // debug puts each request's SQL statement count into `extensions.sqlStatements`.
  server = await startTestServer({ demoData: true, config: { debug: true } });
  org = await organizationIds(server, [HOLDER, STREET, OTHER]);
  admin = await server.asAdminOf(org[HOLDER]);
  const email = `${unique("member")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: "網格員", password: "long enough password" }, "user { id }");
  await as(admin, "addMember", "AddMemberInput", { actingOrganizationId: org[HOLDER], email, role: "MEMBER" }, "membership { role }");
  member = { authorization: `Bearer ${await server.signIn(email, "long enough password")}` };
});
afterAll(() => server.close());

describe("a key household's visits", () => {
  it("registers a household by code, plans its first visit for today, and plans the next by its frequency once a visit is recorded", async () => {
    const resident = await heldPerson("王婆婆");
    const visitor = await heldPerson("網格員小李");
    const { household } = await as<{ household: { id: string; code: string; memberCount: number; nextVisit: { dueOn: string; visitedAt: null } } }>(admin, "registerKeyHousehold", "RegisterKeyHouseholdInput", {
      actingOrganizationId: org[HOLDER], code: "TEST-0001", areaCode: AREA, groups: ["ELDERLY", "LOW_INCOME"], needs: "獨居，行動不便", visitEveryDays: 14, memberPersonIds: [resident],
    }, `household { ${HOUSEHOLD} }`);
    expect(household).toMatchObject({ code: "TEST-0001", groups: ["ELDERLY", "LOW_INCOME"], needs: "獨居，行動不便", memberCount: 1, members: [{ id: resident }], area: { code: AREA }, nextVisit: { dueOn: today(), visitedAt: null, daysOverdue: 0 } });
    const planned = (household as unknown as { nextVisit: { id: string } }).nextVisit.id;

    // A member (a grid worker) records the visit made an hour ago: it is the planned one, and the next is 14 days on.
    const visitedAt = new Date(Date.now() - 3_600_000);
    const { visit } = await as<{ visit: { id: string; dueOn: string; visitors: { id: string }[]; findings: string; household: { nextVisit: { dueOn: string } } } }>(member, "recordHouseholdVisit", "RecordHouseholdVisitInput", {
      actingOrganizationId: org[HOLDER], householdId: household.id, visitedAt: visitedAt.toISOString(), visitorPersonIds: [visitor], findings: "精神不錯，冰箱缺菜", followUp: "下週送菜",
    }, "visit { id dueOn visitedAt visitors { id } findings followUp household { nextVisit { dueOn } } }");
    const visitedDay = new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(visitedAt);
    const next = new Date(Date.parse(`${visitedDay}T00:00:00Z`) + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(visit).toMatchObject({ id: planned, dueOn: today(), visitors: [{ id: visitor }], findings: "精神不錯，冰箱缺菜", household: { nextVisit: { dueOn: next } } });

    // Planning again moves the one planned visit; a date in the past is refused.
    const { visit: moved } = await as<{ visit: { dueOn: string } }>(member, "planHouseholdVisit", "PlanHouseholdVisitInput", { actingOrganizationId: org[HOLDER], householdId: household.id, dueOn: today(3) }, "visit { dueOn }");
    expect(moved.dueOn).toBe(today(3));
    const [{ open }] = await server.dataSource.query(`SELECT count(*)::int AS open FROM household_visit WHERE household_id = $1 AND visited_at IS NULL`, [keyOf(household.id, "KeyHousehold")]);
    expect(open).toBe(1);

    // The event names no one and holds no needs or findings; the audit log holds neither text.
    const events: { type: string; attributes: unknown }[] = await server.dataSource.query(`SELECT type, attributes FROM event WHERE entity_id = $1`, [keyOf(planned, "HouseholdVisit")]);
    expect(events.map((event) => event.type)).toEqual(["HOUSEHOLD_VISIT_RECORDED"]);
    expect(JSON.stringify(events)).not.toMatch(/冰箱|獨居|TEST-0001|王婆婆/);
    const [{ leaks }] = await server.dataSource.query(`SELECT count(*)::int AS leaks FROM audit_entry WHERE strpos(after::text, '冰箱') > 0 OR strpos(after::text, '獨居') > 0`);
    expect(leaks).toBe(0);
  });

  it("answers every bad input with a userError naming it", async () => {
    const taken = await register();
    const [{ code: takenCode }] = await server.dataSource.query(`SELECT code FROM key_household WHERE id = $1`, [keyOf(taken.id, "KeyHousehold")]);
    const base = { actingOrganizationId: org[HOLDER], code: code(), areaCode: AREA, groups: ["DISABLED"], visitEveryDays: 30 };
    const register_ = (input: Record<string, unknown>) => problems(admin, "registerKeyHousehold", "RegisterKeyHouseholdInput", { ...base, ...input });
    expect(await register_({ code: takenCode })).toEqual([["input.code", "TAKEN"]]);
    expect(await register_({ code: "王大爺家" })).toEqual([["input.code", "INVALID"]]);
    expect(await register_({ areaCode: "999999" })).toEqual([["input.areaCode", "NOT_FOUND"]]);
    expect(await register_({ groups: [] })).toEqual([["input.groups", "INVALID"]]);
    expect(await register_({ groups: ["ALL_RESIDENTS"] })).toEqual([["input.groups", "INVALID"]]);
    expect(await register_({ visitEveryDays: 0 })).toEqual([["input.visitEveryDays", "OUT_OF_RANGE"]]);
    expect(await register_({ needs: "長".repeat(2001) })).toEqual([["input.needs", "TOO_LONG"]]);
    expect(await register_({ memberPersonIds: [toGlobalId("Person", randomUUID())] })).toEqual([["input.memberPersonIds", "NOT_FOUND"]]);
    expect(await register_({ memberPersonIds: ["not-an-id"] })).toEqual([["input.memberPersonIds.0", "INVALID"]]);

    const visitor = await heldPerson("走訪員");
    const visit = { actingOrganizationId: org[HOLDER], householdId: taken.id, visitedAt: new Date().toISOString(), visitorPersonIds: [visitor] };
    const record = (input: Record<string, unknown>) => problems(member, "recordHouseholdVisit", "RecordHouseholdVisitInput", { ...visit, ...input });
    expect(await record({ visitedAt: new Date(Date.now() + 3_600_000).toISOString() })).toEqual([["input.visitedAt", "OUT_OF_RANGE"]]);
    expect(await record({ householdId: toGlobalId("KeyHousehold", randomUUID()) })).toEqual([["input.householdId", "NOT_FOUND"]]);
    expect(await record({ visitorPersonIds: [] })).toEqual([["input.visitorPersonIds", "REQUIRED"]]);
    expect(await record({ openRequest: { category: "ELDER_CARE", urgency: "NORMAL", preferredContact: "PHONE", contactValue: "13800001111", consentToKeepContact: true, identityVisibleToHandler: true } })).toEqual([["input.findings", "REQUIRED"]]);
    const plan = (input: Record<string, unknown>) => problems(member, "planHouseholdVisit", "PlanHouseholdVisitInput", { actingOrganizationId: org[HOLDER], householdId: taken.id, ...input });
    expect(await plan({ dueOn: today(-2) })).toEqual([["input.dueOn", "OUT_OF_RANGE"]]);
    expect(await plan({ dueOn: "2026-02-30" })).toEqual([["input.dueOn", "INVALID"]]);
    // Another organisation's admin cannot reach the household: it answers as missing.
    const other = await server.asAdminOf(org[OTHER]);
    expect(await problems(other, "planHouseholdVisit", "PlanHouseholdVisitInput", { actingOrganizationId: org[OTHER], householdId: taken.id })).toEqual([["input.householdId", "NOT_FOUND"]]);
    expect(await problems(other, "updateKeyHousehold", "UpdateKeyHouseholdInput", { actingOrganizationId: org[OTHER], householdId: taken.id, needs: null })).toEqual([["input.householdId", "NOT_FOUND"]]);
  });

  it("opens a resident's request from a finding in the same step, and writes nothing when the request is refused", async () => {
    const resident = await heldPerson("張大爺");
    const visitor = await heldPerson("社工小陳");
    // A grid of 青杠林社區, whose Party committee handles what no rule routes elsewhere.
    const household = await register({ groups: ["DISABLED"], memberPersonIds: [resident], areaCode: "510107021001004" });
    const input = {
      actingOrganizationId: org[HOLDER], householdId: household.id, visitedAt: new Date(Date.now() - 600_000).toISOString(), visitorPersonIds: [visitor], findings: "輪椅壞了，出門困難",
      openRequest: { category: "DISABILITY_SUPPORT", urgency: "HIGH", preferredContact: "IN_APP", identityVisibleToHandler: true, onBehalfOfPersonId: resident },
    };
    const refused = await call<{ visit: null }>(member, "recordHouseholdVisit", "RecordHouseholdVisitInput", { ...input, openRequest: { ...input.openRequest, preferredContact: "PHONE", contactValue: "abc" } }, "visit { id }");
    expect(refused.userErrors.map((error) => [error.field.join("."), error.code])).toEqual([["input.openRequest.contactValue", "INVALID"], ["input.openRequest.consentToKeepContact", "REQUIRED"]]);
    const [{ made }] = await server.dataSource.query(`SELECT count(*)::int AS made FROM household_visit WHERE household_id = $1 AND visited_at IS NOT NULL`, [keyOf(household.id, "KeyHousehold")]);
    expect(made).toBe(0);
    expect(await problems(member, "recordHouseholdVisit", "RecordHouseholdVisitInput", { ...input, openRequest: { ...input.openRequest, onBehalfOfPersonId: visitor } })).toEqual([["input.openRequest.onBehalfOfPersonId", "NOT_FOUND"]]);

    const { visit } = await as<{ visit: { request: { id: string; category: string; description: string; status: string; area: { code: string }; requester: { id: string } } } }>(member, "recordHouseholdVisit", "RecordHouseholdVisitInput", input, "visit { request { id category description status area { code } requester { id } } }");
    expect(visit.request).toMatchObject({ category: "DISABILITY_SUPPORT", description: "輪椅壞了，出門困難", status: "SUBMITTED", area: { code: "510107021001004" }, requester: { id: resident } });
    const [row] = await server.dataSource.query(`SELECT filed_by_organization_id AS "filedBy" FROM resident_request WHERE id = $1`, [keyOf(visit.request.id, "ResidentRequest")]);
    expect(row.filedBy).toBe(keyOf(org[HOLDER], "Organization"));
  });

  it("lists overdue visits to the holding organisation's admins and the area's supervisors, longest overdue first, and announces each once", async () => {
    const households = [await register(), await register(), await register()];
    for (const [index, household] of households.entries()) {
      await server.dataSource.query(`UPDATE household_visit SET due_on = (now() AT TIME ZONE $2)::date - $3::int WHERE household_id = $1 AND visited_at IS NULL`, [keyOf(household.id, "KeyHousehold"), TIME_ZONE, index + 2]);
    }
    const QUERY = `query ($after: String) { overdueHouseholdVisits(first: 2, after: $after, filter: { areaCode: "${AREA}" }) { totalCount pageInfo { hasNextPage endCursor } nodes { daysOverdue household { id code needs } } } }`;
    type Overdue = { overdueHouseholdVisits: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { daysOverdue: number; household: { id: string; needs: string | null } }[] } };
    const read = async (headers: Record<string, string>, after?: string) => {
      const { body } = await server.graphql<Overdue>(QUERY, { after }, headers);
      expect(body.errors).toBeUndefined();
      return body.data!.overdueHouseholdVisits;
    };
    const first = await read(admin);
    expect(first.totalCount).toBe(3);
    expect(first.nodes.map((node) => [node.household.id, node.daysOverdue])).toEqual([[households[2].id, 4], [households[1].id, 3]]);
    const second = await read(admin, first.pageInfo.endCursor);
    expect([second.nodes.map((node) => node.household.id), second.pageInfo.hasNextPage]).toEqual([[households[0].id], false]);
    // The street supervises the area: it sees them, needs masked; a plain member and another organisation see none.
    const street = await read(await server.asAdminOf(org[STREET]));
    expect([street.totalCount, street.nodes[0].household.needs]).toEqual([3, "***"]);
    expect((await read(member)).totalCount).toBe(0);
    expect((await read(await server.asAdminOf(org[OTHER]))).totalCount).toBe(0);
    const { body } = await server.graphql(QUERY, {});
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    const forged = Buffer.from(JSON.stringify(["DUE_ON", "not a date", randomUUID()])).toString("base64url");
    const { body: badCursor } = await server.graphql(QUERY, { after: forged }, admin);
    expect(badCursor.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);

    const announced = await sweepOverdueVisits(server.dataSource, TIME_ZONE);
    expect(announced).toBeGreaterThanOrEqual(3);
    expect(await sweepOverdueVisits(server.dataSource, TIME_ZONE)).toBe(0);
    const [{ count }] = await server.dataSource.query(
      `SELECT count(*)::int AS count FROM event e JOIN household_visit v ON v.id = e.entity_id WHERE e.type = 'HOUSEHOLD_VISIT_OVERDUE' AND v.household_id = ANY($1::uuid[])`,
      [households.map((household) => keyOf(household.id, "KeyHousehold"))],
    );
    expect(count).toBe(3);
  });

  it("takes a person out of the organisation's households when they withdraw their consent from it", async () => {
    const resident = await heldPerson("李阿姨");
    const household = await register({ memberPersonIds: [resident] });
    await as(admin, "recordConsentWithdrawal", "RecordConsentWithdrawalInput", { actingOrganizationId: org[HOLDER], personId: resident }, "person { id }");
    const { body } = await server.graphql<{ keyHousehold: { memberCount: number } }>(`query ($id: ID!) { keyHousehold(id: $id) { memberCount } }`, { id: household.id }, admin);
    expect(body.data!.keyHousehold.memberCount).toBe(0);
  });

  it("pages an organisation's register by code, to its members only", async () => {
    const prefix = `REG-${Date.now().toString(36)}-`;
    const codes = [await register({ code: `${prefix}B` }), await register({ code: `${prefix}A` })];
    const QUERY = `query ($id: ID!) { keyHouseholds(organizationId: $id, first: 10, filter: { codePrefix: "${prefix}", groups: [ELDERLY] }) { totalCount nodes { code } } }`;
    const { body } = await server.graphql<{ keyHouseholds: { totalCount: number; nodes: { code: string }[] } }>(QUERY, { id: org[HOLDER] }, member);
    expect(body.data!.keyHouseholds).toEqual({ totalCount: 2, nodes: [{ code: `${prefix}A` }, { code: `${prefix}B` }] });
    expect(codes).toHaveLength(2);
    const { body: other } = await server.graphql<{ keyHouseholds: { totalCount: number } }>(QUERY, { id: org[HOLDER] }, await server.asAdminOf(org[OTHER]));
    expect(other.data!.keyHouseholds.totalCount).toBe(0);
  });
});

describe("the demo register", () => {
  it("holds three households of the service centre, one visit overdue, and the leaking lift referred to mediation", async () => {
    const { "qinggang-lin-service-center": center } = await organizationIds(server, ["qinggang-lin-service-center"]);
    const { body } = await server.graphql<{
      keyHouseholds: { nodes: { code: string; groups: string[]; nextVisit: { daysOverdue: number } }[] };
      overdueHouseholdVisits: { nodes: { daysOverdue: number; household: { code: string } }[] };
    }>(
      `query ($id: ID!) { keyHouseholds(organizationId: $id) { nodes { code groups nextVisit { daysOverdue } } }
         overdueHouseholdVisits(filter: { organizationId: $id }) { nodes { daysOverdue household { code } } } }`,
      { id: center },
      await server.asAdminOf(center),
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.keyHouseholds.nodes.map((node) => [node.code, node.nextVisit.daysOverdue])).toEqual([["QGL-001", 0], ["QGL-002", 0], ["QGL-003", 5]]);
    expect(body.data!.overdueHouseholdVisits.nodes).toEqual([{ daysOverdue: 5, household: { code: "QGL-003" } }]);
    const [referral] = await server.dataSource.query(`SELECT c.status, o.kind FROM request_mediation_referral r JOIN mediation_case c ON c.id = r.case_id JOIN organization o ON o.id = r.committee_id`);
    expect(referral).toEqual({ status: "APPLIED", kind: "MEDIATION_COMMITTEE" });
  });
});

describe("the overdue list in SQL", () => {
  it("reads a page of 2 or of 20 overdue visits, with their households and areas, in the same statements, through the due-date index", async () => {
    const area = "510107021003002";
    for (let i = 0; i < 20; i++) {
      const household = await register({ areaCode: area });
      await server.dataSource.query(`UPDATE household_visit SET due_on = (now() AT TIME ZONE $2)::date - 1 - $3::int WHERE household_id = $1 AND visited_at IS NULL`, [keyOf(household.id, "KeyHousehold"), TIME_ZONE, i]);
    }
    const QUERY = `query ($first: Int!) { overdueHouseholdVisits(first: $first, filter: { areaCode: "${area}" }) { nodes { dueOn daysOverdue household { code groups area { name } organization { name } } } } }`;
    const statements = async (first: number) => {
      const { body } = await server.graphql<{ overdueHouseholdVisits: { nodes: unknown[] } }>(QUERY, { first }, admin);
      expect(body.errors).toBeUndefined();
      expect(body.data!.overdueHouseholdVisits.nodes).toHaveLength(first);
      return body.extensions?.sqlStatements as number;
    };
    expect(await statements(20)).toBe(await statements(2));
    const plan = await server.dataSource.transaction(async (manager) => {
      await manager.query("SET LOCAL enable_seqscan = off");
      const [row] = await manager.query(`EXPLAIN (FORMAT JSON) SELECT id FROM household_visit WHERE visited_at IS NULL AND due_on < current_date ORDER BY due_on, id LIMIT 21`);
      return JSON.stringify(row["QUERY PLAN"]);
    });
    expect(plan).toContain("household_visit_due_idx");
  });
});
