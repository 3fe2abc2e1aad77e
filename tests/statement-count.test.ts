import { mutationsAs } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
const { as } = mutationsAs(() => server);
beforeAll(async () => {
  // debug puts the request's SQL statement count into `extensions.sqlStatements`.
  server = await startTestServer({ demoData: true, config: { debug: true } });
  // 90 more organisations: 30 parents with 2 children each. Children's names (一…) sort first,
  // so a page of 5 follows parents too.
  await server.dataSource.query(`
    INSERT INTO organization (id, kind, name, slug, area_code)
    SELECT ('c0910000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 'NGO', '上級組織' || lpad(i::text, 3, '0'), 'parent-' || i,
           (ARRAY['510107021001', '510107021002', '510107021003', '510107022001'])[1 + i % 4]
    FROM generate_series(1, 30) AS i`);
  await server.dataSource.query(`
    INSERT INTO organization (kind, name, slug, area_code, parent_id)
    SELECT 'VOLUNTEER_TEAM', '一線隊伍' || lpad(i::text, 3, '0'), 'child-' || i,
           (ARRAY['510107021001001', '510107021002001', '510107021003001', '510107022001001'])[1 + i % 4],
           ('c0910000-0000-4000-8000-' || lpad((1 + i % 30)::text, 12, '0'))::uuid
    FROM generate_series(1, 60) AS i`);
});
afterAll(() => server.close());

const NESTED = `query ($first: Int!) {
  organizations(first: $first) { nodes { parent { name } area { name } children(first: 5) { nodes { name } } } }
}`;

async function statementsFor(query: string, variables: Record<string, unknown>) {
  const { body } = await server.graphql<{ organizations: { nodes: { parent: unknown; children: { nodes: unknown[] } }[] } }>(query, variables);
  expect(body.errors).toBeUndefined();
  return { data: body.data!, statements: body.extensions?.sqlStatements as number };
}

describe("SQL statements per request do not grow with the page", () => {
  it("runs the same 4 statements for a page of 5 and of 100", async () => {
    const small = await statementsFor(NESTED, { first: 5 });
    const large = await statementsFor(NESTED, { first: 100 });
    expect(large.data.organizations.nodes).toHaveLength(100);
    // The page holds parents, children and organisations with children, so every loader runs.
    expect(large.data.organizations.nodes.some((node) => node.parent !== null)).toBe(true);
    expect(large.data.organizations.nodes.some((node) => node.children.nodes.length === 2)).toBe(true);
    // the page, then a statement per loader; the points budget is charged in memory
    expect(small.statements).toBe(4);
    expect(large.statements).toBe(small.statements);
  });

  it("counts nested lists for all parents in one statement", async () => {
    const query = `query ($first: Int!) { organizations(first: $first) { totalCount nodes { children(first: 1) { totalCount } } } }`;
    const small = await statementsFor(query, { first: 5 });
    const large = await statementsFor(query, { first: 100 });
    // page, total count, children pages, children counts
    expect(small.statements).toBe(4);
    expect(large.statements).toBe(4);
  });

  it("resolves many federation references in one statement", async () => {
    const ids: { id: string }[] = await server.dataSource.query("SELECT id FROM organization ORDER BY name LIMIT 40");
    const representations = ids.map(({ id }) => ({ __typename: "Organization", id: Buffer.from(`Organization:${id}`).toString("base64url") }));
    const { body } = await server.graphql<{ _entities: { name: string }[] }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { name } } }`,
      { representations },
    );
    expect(body.data!._entities).toHaveLength(40);
    expect(body.data!._entities.every((entity) => typeof entity.name === "string")).toBe(true);
    // one read
    expect(body.extensions?.sqlStatements).toBe(1);
  });

  it("reads a team's roster with each person's personal fields in the same statements for 5 members and for 18", async () => {
    const admin = { authorization: `Bearer ${await server.signIn("admin@qinggang-lin-party-volunteers.example.org")}` };
    const roster = `query ($first: Int!) {
      organization(slug: "qinggang-lin-party-volunteers") { teamMembers(first: $first) { nodes { role person { displayName phone realName homeArea { name } teams { role } consents { purpose } } } } }
    }`;
    const statements = async (first: number) => {
      const { body } = await server.graphql<{ organization: { teamMembers: { nodes: { person: { phone: string } }[] } } }>(roster, { first }, admin);
      expect(body.errors).toBeUndefined();
      expect(body.data!.organization.teamMembers.nodes.every((node) => /^1\d{10}$/.test(node.person.phone))).toBe(true);
      return { members: body.data!.organization.teamMembers.nodes.length, statements: body.extensions?.sqlStatements };
    };
    // the viewer's account with its roles, organisation, roster page, people, their holders, areas, teams, consents
    expect(await statements(5)).toEqual({ members: 5, statements: 8 });
    expect(await statements(100)).toEqual({ members: 18, statements: 8 });
  });

  it("reads residents' requests with who filed them, their handler and history in the same statements for 5 and for 60", async () => {
    const [{ id: committee }] = await server.dataSource.query(`SELECT id FROM organization WHERE slug = 'qinggang-lin-party-committee'`);
    const [{ id: person }] = await server.dataSource.query(`SELECT id FROM person ORDER BY id LIMIT 1`);
    const requests: { id: string }[] = await server.dataSource.query(
      `INSERT INTO resident_request (category, description, area_code, urgency, preferred_contact, contact_value, contact_consented_at, identity_visible_to_handler, requester_person_id, handling_organization_id, status, accept_by)
       SELECT 'OTHER', '樓道燈壞了' || i, '510107021001002', 'NORMAL', 'PHONE', '1390000' || lpad(i::text, 4, '0'), now(), true, $2, $1, 'SUBMITTED', now() + interval '1 day'
       FROM generate_series(1, 60) AS i RETURNING id`,
      [committee, person],
    );
    await server.dataSource.query(
      `INSERT INTO resident_request_step (request_id, kind, to_status, handling_organization_id, occurred_at) SELECT id, 'FILED', 'SUBMITTED', $2, now() FROM unnest($1::uuid[]) AS id`,
      [requests.map((request) => request.id), committee],
    );
    const admin = { authorization: `Bearer ${await server.signIn("admin@qinggang-lin-party-committee.example.org")}` };
    const list = `query ($first: Int!) {
      residentRequests(filter: { categories: [OTHER] }, first: $first) { nodes { description contactValue requester { label } handlingOrganization { name } area { name } history { kind organization { name } } } }
    }`;
    const statements = async (first: number) => {
      const { body } = await server.graphql<{ residentRequests: { nodes: { contactValue: string | null; requester: { label: string } | null }[] } }>(list, { first }, admin);
      expect(body.errors).toBeUndefined();
      expect(body.data!.residentRequests.nodes.every((node) => node.contactValue !== null && node.requester !== null)).toBe(true);
      return { requests: body.data!.residentRequests.nodes.length, statements: body.extensions?.sqlStatements };
    };
    const small = await statements(5);
    expect(small.requests).toBe(5);
    expect(await statements(60)).toEqual({ requests: 60, statements: small.statements });
  });

  it("reads activities' shifts with a page of each shift's sign-ups and their people in the same statements for 1 activity and for 10", async () => {
    const admin = { authorization: `Bearer ${await server.signIn("admin@qinggang-lin-party-volunteers.example.org")}` };
    const query = `query ($first: Int!) {
      organization(slug: "qinggang-lin-party-volunteers") { id }
      activities(first: $first, filter: { kinds: [VOLUNTEER_SERVICE, ENVIRONMENT, HEALTH_TALK] }) {
        nodes { title shifts { confirmedCount signUps(first: 2) { totalCount pageInfo { hasNextPage } nodes { status person { displayName } } } } }
      }
    }`;
    const statements = async (first: number) => {
      const { body } = await server.graphql<{ activities: { nodes: { shifts: { signUps: { totalCount: number; nodes: unknown[] } }[] }[] } }>(query, { first }, admin);
      expect(body.errors).toBeUndefined();
      const shifts = body.data!.activities.nodes.flatMap((activity) => activity.shifts);
      return { activities: body.data!.activities.nodes.length, signUps: shifts.reduce((sum, shift) => sum + shift.signUps.nodes.length, 0), statements: body.extensions?.sqlStatements };
    };
    const one = await statements(1);
    const all = await statements(10);
    expect(one.activities).toBe(1);
    expect(all.activities).toBeGreaterThanOrEqual(4);
    expect(all.signUps).toBeGreaterThan(one.signUps);
    expect(all.statements).toBe(one.statements);
  });

  it("reads key households with a page of each one's visits in the same statements for 2 households and for 12", async () => {
    const [{ id: committee }] = await server.dataSource.query(`SELECT id FROM organization WHERE slug = 'qinggang-lin-party-committee'`);
    const committeeId = Buffer.from(`Organization:${committee}`).toString("base64url");
    const admin = { authorization: `Bearer ${await server.signIn("admin@qinggang-lin-party-committee.example.org")}` };
    const { person: visitor } = await as<{ person: { id: string } }>(admin, "registerPerson", "RegisterPersonInput", { actingOrganizationId: committeeId, displayName: "網格員小林", consent: { purpose: "走訪" } }, "person { id }");
    // Each registration plans a visit; every other household has also been visited once, which plans the next.
    for (let i = 1; i <= 12; i++) {
      const { household } = await as<{ household: { id: string } }>(admin, "registerKeyHousehold", "RegisterKeyHouseholdInput", {
        actingOrganizationId: committeeId, code: `COUNT-${String(i).padStart(2, "0")}`, areaCode: "510107021001003", groups: ["ELDERLY"], visitEveryDays: 7,
      }, "household { id }");
      if (i % 2 === 0) await as(admin, "recordHouseholdVisit", "RecordHouseholdVisitInput", { actingOrganizationId: committeeId, householdId: household.id, visitedAt: new Date(Date.now() - 3_600_000).toISOString(), visitorPersonIds: [visitor.id] }, "visit { id }");
    }
    const query = `query ($organizationId: ID!, $first: Int!) {
      keyHouseholds(organizationId: $organizationId, filter: { codePrefix: "COUNT-" }, first: $first) {
        nodes { id visits(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { dueOn visitedAt } } }
      }
    }`;
    type Visits = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { dueOn: string | null; visitedAt: string | null }[] };
    type Households = { keyHouseholds: { nodes: { id: string; visits: Visits }[] } };
    const statements = async (first: number) => {
      const { body } = await server.graphql<Households>(query, { organizationId: committeeId, first }, admin);
      expect(body.errors).toBeUndefined();
      const households = body.data!.keyHouseholds.nodes;
      // Newest first: the planned visit heads every household's page.
      expect(households.every((household) => household.visits.nodes.length === 1 && household.visits.nodes[0].dueOn !== null)).toBe(true);
      return { nodes: households, households: households.length, visits: households.map((household) => [household.visits.totalCount, household.visits.pageInfo.hasNextPage]), statements: body.extensions?.sqlStatements };
    };
    const two = await statements(2);
    const twelve = await statements(12);
    expect(two.visits).toEqual([[1, false], [2, true]]);
    expect(twelve.households).toBe(12);
    expect(twelve.visits.filter(([count]) => count === 2)).toHaveLength(6);
    expect(twelve.statements).toBe(two.statements);
    // The next page of a visited household holds the visit made.
    const visited = two.nodes[1];
    const { body } = await server.graphql<{ keyHousehold: { visits: Visits } }>(
      `query ($id: ID!, $after: String) { keyHousehold(id: $id) { visits(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { dueOn visitedAt } } } }`,
      { id: visited.id, after: visited.visits.pageInfo.endCursor },
      admin,
    );
    expect(body.errors).toBeUndefined();
    const next = body.data!.keyHousehold.visits;
    expect([next.totalCount, next.pageInfo.hasNextPage, next.nodes.length, next.nodes[0].visitedAt !== null]).toEqual([2, false, 1, true]);
  });
});
