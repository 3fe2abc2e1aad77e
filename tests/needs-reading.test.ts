import { inHours, mutate, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  member = { authorization: `Bearer ${await server.signIn("admin@nuanyang-social-work.example.org")}` };
});
afterAll(() => server.close());

interface NeedNode {
  id: string;
  title: string;
  status: string;
  urgency: string;
  remainingQuantity: number;
  latitude: number | null;
  longitude: number | null;
}
interface Needs {
  needs: { totalCount: number; nodes: NeedNode[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string; endCursor: string } };
}

const NEEDS = `query ($filter: ResourceNeedFilter, $orderBy: NeedOrder, $first: Int, $after: String, $last: Int, $before: String) {
  needs(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { id title status urgency remainingQuantity latitude longitude }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

let member: Record<string, string> = {};

/** Needs as a member of an organisation reads them (anonymous callers list only live ones). */
async function needs(variables: Record<string, unknown>) {
  const { body } = await server.graphql<Needs>(NEEDS, variables, member);
  expect(body.errors).toBeUndefined();
  return body.data!.needs;
}

/** Urgency in its natural sense, LOW 1 to CRITICAL 4, written here apart from how the server orders it. */
const URGENCY = `array_position(ARRAY['LOW', 'NORMAL', 'HIGH', 'CRITICAL'], urgency::text)`;

async function titles(sql: string, parameters: unknown[] = []): Promise<string[]> {
  return (await server.dataSource.query(sql, parameters)).map((row: { title: string }) => row.title);
}

describe("finding needs", () => {
  it("finds the open critical needs in one district, most urgent first", async () => {
    const result = await needs({ filter: { areaCode: "510107", urgencyAtLeast: "CRITICAL", statuses: ["OPEN", "PARTIALLY_PLEDGED"] }, first: 100 });
    const expected = await titles(
      `SELECT title FROM resource_need WHERE area_code LIKE '510107%' AND urgency = 'CRITICAL' AND status IN ('OPEN', 'PARTIALLY_PLEDGED') ORDER BY ${URGENCY} DESC, id DESC`,
    );
    expect(result.nodes.map((node) => node.title)).toEqual(expected);
    expect(new Set(expected)).toEqual(new Set(["防汛沙袋", "應急救護醫護人員", "臨時安置床位", "搶險志願者"]));
    expect(result.totalCount).toBe(4);
  });

  it("finds needs near a point, by great-circle distance", async () => {
    const point = { lat: 30.644, lng: 104.0461 };
    const result = await needs({ filter: { near: { ...point, radiusKm: 0.5 } }, first: 100 });
    const rows: { title: string; latitude: number; longitude: number }[] = await server.dataSource.query(`SELECT title, latitude, longitude FROM resource_need WHERE latitude IS NOT NULL`);
    const distanceKm = (lat: number, lng: number) => {
      const rad = Math.PI / 180;
      const a = Math.sin(((lat - point.lat) * rad) / 2) ** 2 + Math.cos(point.lat * rad) * Math.cos(lat * rad) * Math.sin(((lng - point.lng) * rad) / 2) ** 2;
      return 2 * 6371 * Math.asin(Math.sqrt(a));
    };
    const within = rows.filter((row) => distanceKm(row.latitude, row.longitude) <= 0.5).map((row) => row.title);
    expect(within.length).toBeGreaterThan(0);
    expect(within.length).toBeLessThan(rows.length);
    expect(result.nodes.map((node) => node.title).sort()).toEqual(within.sort());
  });

  it("searches titles and descriptions, and filters by deadline, category and project", async () => {
    // 搶險志願者 carries sandbags: its description says so.
    expect((await needs({ filter: { search: "沙袋" } })).nodes.map((node) => node.title).sort()).toEqual(["防汛沙袋", "搶險志願者"].sort());
    expect((await needs({ filter: { search: "老人" } })).nodes.length).toBe((await titles(`SELECT title FROM resource_need WHERE title || coalesce(description, '') LIKE '%老人%'`)).length);
    const soon = new Date(Date.now() + 9 * 3_600_000).toISOString();
    expect((await needs({ filter: { neededBefore: soon }, first: 100 })).nodes.map((node) => node.title).sort()).toEqual(
      (await titles(`SELECT title FROM resource_need WHERE needed_by < $1`, [soon])).sort(),
    );
    const medical = await needs({ filter: { categories: ["MEDICAL_STAFF", "MEDICAL_SUPPLIES"] }, first: 100 });
    expect(medical.nodes.map((node) => node.title).sort()).toEqual(["應急救護醫護人員", "義診專科醫生"].sort());
  });

  it.each([
    [{ field: "REMAINING", direction: "ASC" }, "remaining_quantity ASC, id ASC"],
    [{ field: "REMAINING", direction: "DESC" }, "remaining_quantity DESC, id DESC"],
    [{ field: "NEEDED_BY", direction: "ASC" }, "needed_by ASC, id ASC"],
    [{ field: "URGENCY", direction: "DESC" }, `${URGENCY} DESC, id DESC`],
    [{ field: "URGENCY" }, `${URGENCY} DESC, id DESC`],
    [undefined, `${URGENCY} DESC, id DESC`],
    [{ field: "URGENCY", direction: "ASC" }, `${URGENCY} ASC, id ASC`],
  ])("pages through every need once in order %j, both ways", async (orderBy, sql) => {
    const expected = await titles(`SELECT title FROM resource_need ORDER BY ${sql}`);
    expect(expected.length).toBeGreaterThan(9);
    const forward: string[] = [];
    let after: string | null = null;
    do {
      const page = await needs({ orderBy, first: 3, after });
      forward.push(...page.nodes.map((node) => node.title));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(forward).toEqual(expected);
    const backward: string[] = [];
    let before: string | null = null;
    do {
      const page = await needs({ orderBy, last: 4, before });
      backward.unshift(...page.nodes.map((node) => node.title));
      before = page.pageInfo.hasPreviousPage ? page.pageInfo.startCursor : null;
    } while (before);
    expect(backward).toEqual(expected);
  });

  it("puts the most urgent needs first with DESC and the least urgent first with ASC, in a project's needs too", async () => {
    const urgencies = async (direction: string) => (await needs({ orderBy: { field: "URGENCY", direction }, first: 100 })).nodes.map((node) => node.urgency);
    const mostFirst = ["CRITICAL", "HIGH", "NORMAL", "LOW"];
    const sortedBy = (order: string[]) => (list: string[]) => [...list].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const desc = await urgencies("DESC");
    expect(desc[0]).toBe("CRITICAL");
    expect(desc.at(-1)).toBe("LOW");
    expect(desc).toEqual(sortedBy(mostFirst)(desc));
    expect(await urgencies("ASC")).toEqual([...desc].reverse());

    // 法律諮詢進社區 has a NORMAL and a LOW need: one per page, forward and back, in both directions.
    const PROJECT_NEEDS = `query ($id: ID!, $orderBy: NeedOrder, $first: Int, $after: String, $last: Int, $before: String) {
      project(id: $id) { needs(orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
        nodes { title urgency } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`;
    const { body: found } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "法律諮詢進社區" }) { nodes { id } } }`);
    const [{ id }] = found.data!.projects.nodes;
    type ProjectNeeds = { project: { needs: { nodes: { title: string; urgency: string }[]; pageInfo: Needs["needs"]["pageInfo"] } } };
    const projectNeeds = async (variables: Record<string, unknown>) => {
      const { body } = await server.graphql<ProjectNeeds>(PROJECT_NEEDS, { id, ...variables }, member);
      expect(body.errors).toBeUndefined();
      return body.data!.project.needs;
    };
    for (const [direction, expected] of [["DESC", ["NORMAL", "LOW"]], ["ASC", ["LOW", "NORMAL"]]] as const) {
      const first = await projectNeeds({ orderBy: { field: "URGENCY", direction }, first: 1 });
      const second = await projectNeeds({ orderBy: { field: "URGENCY", direction }, first: 1, after: first.pageInfo.endCursor });
      expect([...first.nodes, ...second.nodes].map((node) => node.urgency)).toEqual(expected);
      expect([first.pageInfo.hasNextPage, second.pageInfo.hasNextPage]).toEqual([true, false]);
      const back = await projectNeeds({ orderBy: { field: "URGENCY", direction }, last: 1, before: second.pageInfo.startCursor });
      expect(back.nodes).toEqual(first.nodes);
      expect(back.pageInfo.hasPreviousPage).toBe(false);
    }
  });

  it.each([
    [{ near: { lat: 30.6, lng: 104, radiusKm: 0 } }, /radiusKm must be above 0 and at most 500; it was 0/],
    [{ near: { lat: 30.6, lng: 104, radiusKm: 20000 } }, /radiusKm must be above 0 and at most 500/],
    [{ near: { lat: 95, lng: 104, radiusKm: 1 } }, /lat must be from -90 to 90/],
    [{ areaCode: "000000" }, /no area has the code "000000"/],
  ])("refuses the filter %j", async (filter, message) => {
    const { body } = await server.graphql(NEEDS, { filter });
    expect(body.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: "BAD_USER_INPUT" } });
  });

  it("refuses an unknown category before running", async () => {
    const { body } = await server.graphql(`{ needs(filter: { categories: [UNICORNS] }) { totalCount } }`);
    expect(body.errors![0].extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("what anonymous callers see", () => {
  it("lists only live needs, and hides contact numbers and notes", async () => {
    const anonymous = await server.graphql<Needs>(NEEDS, { first: 100 });
    const statuses = new Set(anonymous.body.data!.needs.nodes.map((node) => node.status));
    expect([...statuses].every((status) => ["OPEN", "PARTIALLY_PLEDGED", "FULLY_PLEDGED"].includes(status))).toBe(true);
    expect((await needs({ first: 100 })).nodes.some((node) => node.status === "FULFILLED")).toBe(true);

    const query = `{ organization(slug: "shujin-construction") { contactPhone pledges { nodes { note } } } }`;
    const hidden = await server.graphql<{ organization: { contactPhone: string | null; pledges: { nodes: { note: string | null }[] } } }>(query);
    expect(hidden.body.data!.organization.contactPhone).toBeNull();
    expect(hidden.body.data!.organization.pledges.nodes.every((node) => node.note === null)).toBe(true);
    const shown = await server.graphql<{ organization: { contactPhone: string | null; pledges: { nodes: { note: string | null }[] } } }>(query, {}, member);
    expect(shown.body.data!.organization.contactPhone).toBe("028-8555 0901");
    expect(shown.body.data!.organization.pledges.nodes.some((node) => node.note !== null)).toBe(true);
  });

  it("shows a DRAFT project only to members of its lead", async () => {
    const clinicAdmin = { authorization: `Bearer ${await server.signIn("admin@qinggang-lin-health-station.example.org")}` };
    const { body } = await server.graphql<{ organization: { id: string } }>(`{ organization(slug: "qinggang-lin-health-station") { id } }`);
    const created = await server.graphql<{ createProject: { project: { id: string } } }>(
      `mutation ($input: CreateProjectInput!) { createProject(input: $input) { project { id } } }`,
      { input: { actingOrganizationId: body.data!.organization.id, title: "籌備中的健康講座", category: "HEALTH", areaCode: "510107021001" } },
      clinicAdmin,
    );
    const id = created.body.data!.createProject.project.id;
    const read = (headers: Record<string, string>) =>
      server.graphql<{ project: { title: string } | null; projects: { nodes: { title: string }[] }; organization: { projects: { nodes: { title: string }[] } } }>(
        `query ($id: ID!) { project(id: $id) { title } projects(filter: { search: "籌備中" }) { nodes { title } } organization(slug: "qinggang-lin-health-station") { projects(role: LEAD) { nodes { title } } } }`,
        { id },
        headers,
      );
    for (const headers of [{}, member]) {
      const { body: hidden } = await read(headers);
      expect(hidden.data!.project).toBeNull();
      expect(hidden.data!.projects.nodes).toEqual([]);
      expect(hidden.data!.organization.projects.nodes.map((node) => node.title)).not.toContain("籌備中的健康講座");
    }
    const { body: shown } = await read(clinicAdmin);
    expect(shown.data!.project).toEqual({ title: "籌備中的健康講座" });
    expect(shown.data!.projects.nodes).toEqual([{ title: "籌備中的健康講座" }]);
    expect(shown.data!.organization.projects.nodes.map((node) => node.title)).toContain("籌備中的健康講座");
  });
});

describe("a DRAFT project's needs and partnerships", () => {
  it("stay hidden from everyone but the project's lead and invited partners, by id, as federation entities and as partnerships", async () => {
    const ids = await organizationIds(server, ["qinggang-lin-health-station", "nuanyang-social-work", "jinhua-property"]);
    const { "qinggang-lin-health-station": clinic, "nuanyang-social-work": ngo, "jinhua-property": outsider } = ids;
    const created = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: clinic, title: "籌備中的義診", category: "HEALTH", areaCode: "510107021001" }, "project { id }");
    const projectId = created.project!.id;
    const need = await mutate<{ need: { id: string } }>(
      server,
      "postNeed",
      "PostNeedInput",
      { actingOrganizationId: clinic, projectId, category: "MEDICAL_STAFF", title: "籌備中的義診醫生", quantity: 2, unit: "人", urgency: "NORMAL", neededBy: inHours(72) },
      "need { id }",
    );
    const invited = await mutate<{ partnership: { id: string } }>(server, "invitePartner", "InvitePartnerInput", { actingOrganizationId: clinic, projectId, organizationId: ngo, role: "PARTNER" }, "partnership { id }");
    expect([need.userErrors, invited.userErrors]).toEqual([[], []]);
    const read = (headers: Record<string, string>) =>
      server.graphql<{ need: { title: string } | null; partnership: { project: { title: string } } | null; _entities: ({ title: string } | null)[] }>(
        `query ($need: ID!, $partnership: ID!, $representations: [_Any!]!) {
          need: node(id: $need) { ... on ResourceNeed { title } }
          partnership: node(id: $partnership) { ... on Partnership { project { title } } }
          _entities(representations: $representations) { ... on ResourceNeed { title } }
        }`,
        { need: need.need!.id, partnership: invited.partnership!.id, representations: [{ __typename: "ResourceNeed", id: need.need!.id }] },
        headers,
      );
    // Anonymous callers, and members of an organisation the project has not invited.
    for (const headers of [{}, await server.asAdminOf(outsider)]) {
      const { body } = await read(headers);
      expect(body.errors).toBeUndefined();
      expect(body.data).toEqual({ need: null, partnership: null, _entities: [null] });
    }
    // The lead's members, and the invited organisation's (`member`), which must see what it is invited to.
    for (const headers of [await server.asAdminOf(clinic), member]) {
      const { body } = await read(headers);
      expect(body.data).toEqual({ need: { title: "籌備中的義診醫生" }, partnership: { project: { title: "籌備中的義診" } }, _entities: [{ title: "籌備中的義診醫生" }] });
    }
  });
});

describe("projects and who takes part", () => {
  it("lists an enterprise's sponsorships through the filter and through the organisation", async () => {
    const { body } = await server.graphql<{
      organization: { id: string; projects: { edges: { role: string; node: { title: string } }[] }; pledges: { totalCount: number; nodes: { need: { title: string } }[] } };
    }>(`{ organization(slug: "shujin-construction") { id projects(role: SPONSOR) { edges { role node { title } } } pledges { totalCount nodes { need { title } } } } }`);
    const enterprise = body.data!.organization;
    expect(enterprise.projects.edges.map((edge) => [edge.node.title, edge.role]).sort()).toEqual([["共建美麗社區", "SPONSOR"], ["暴雨應急", "SPONSOR"]].sort());
    expect(enterprise.pledges.nodes.map((node) => node.need.title).sort()).toEqual(["綠化苗木資金", "防汛沙袋"].sort());
    expect(enterprise.pledges.totalCount).toBe(2);

    const filtered = await server.graphql<{ projects: { nodes: { title: string }[] } }>(
      `query ($org: ID!) { projects(filter: { organizationId: $org, role: SPONSOR }, orderBy: { field: TITLE, direction: ASC }) { nodes { title } } }`,
      { org: enterprise.id },
    );
    expect(filtered.body.data!.projects.nodes.map((node) => node.title).sort()).toEqual(["共建美麗社區", "暴雨應急"].sort());
  });

  it("shows a project's partners (the lead among them) and its needs, most urgent first", async () => {
    const { body } = await server.graphql<{ projects: { nodes: { title: string; status: string; lead: { name: string }; partners: { totalCount: number; edges: { node: { role: string; organization: { name: string } } }[] }; needs: { nodes: { urgency: string; title: string }[] } }[] } }>(
      `{ projects(filter: { search: "暴雨" }) { nodes { title status lead { name } partners(first: 10) { totalCount edges { node { role organization { name } } } } needs { nodes { urgency title } } } } }`,
    );
    const [rainstorm] = body.data!.projects.nodes;
    expect(rainstorm).toMatchObject({ title: "暴雨應急", status: "ACTIVE", lead: { name: "中共青杠林社區委員會" } });
    expect(rainstorm.partners.totalCount).toBe(7);
    expect(rainstorm.partners.edges.map((edge) => edge.node)).toContainEqual({ role: "LEAD", organization: { name: "中共青杠林社區委員會" } });
    expect(rainstorm.needs.nodes.every((node) => node.urgency === "CRITICAL")).toBe(true);
    expect(rainstorm.needs.nodes).toHaveLength(4);
  });
});
