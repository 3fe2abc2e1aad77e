import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

interface OrgPage {
  organizations: { totalCount: number; nodes: { name: string; kind: string }[] };
}

describe("a newcomer browses the demo registry", () => {
  it("finds the organisations whose name contains 社區", async () => {
    const { body } = await server.graphql<OrgPage>(`{ organizations(first: 100, filter: { search: "社區" }) { totalCount nodes { name kind } } }`);
    expect(body.errors).toBeUndefined();
    const names = body.data!.organizations.nodes.map((node) => node.name);
    expect(names.length).toBeGreaterThan(5);
    expect(body.data!.organizations.totalCount).toBe(names.length);
    // Every organisation with 社區 in its name or description, and no other.
    const all = await server.dataSource.query(`SELECT name FROM organization WHERE name || ' ' || coalesce(description, '') LIKE '%社區%'`);
    expect(new Set(names)).toEqual(new Set(all.map((row: { name: string }) => row.name)));
  });

  it.each(["醫療", "法律", "義", "NGO-free text that matches nothing"])("searches any substring: %s", async (search) => {
    const { body } = await server.graphql<OrgPage>(`query ($search: String!) { organizations(first: 100, filter: { search: $search }) { nodes { name } } }`, { search });
    expect(body.errors).toBeUndefined();
    const expected = await server.dataSource.query(
      `SELECT name FROM organization WHERE position(lower($1) in lower(name || ' ' || coalesce(description, ''))) > 0 ORDER BY name`,
      [search],
    );
    expect(body.data!.organizations.nodes.map((node) => node.name).sort()).toEqual(expected.map((row: { name: string }) => row.name).sort());
  });

  it("finds 醫療 in the clinic's description through the bigram index", async () => {
    const { body } = await server.graphql<OrgPage>(`{ organizations(filter: { search: "醫療", kinds: [CLINIC] }) { nodes { name kind } } }`);
    expect(body.data!.organizations.nodes.map((node) => node.name)).toContain("青杠林社區衛生服務站");
    // With a handful of rows the planner prefers a scan; with scans off it must reach for the index.
    const plan = await server.dataSource.transaction(async (manager) => {
      await manager.query("SET LOCAL enable_seqscan = off");
      const [row] = await manager.query(
        `EXPLAIN (FORMAT JSON) SELECT id FROM organization WHERE cogov_bigrams(search_text) @> cogov_bigrams(cogov_fold_script('醫療'))`,
      );
      return row["QUERY PLAN"];
    });
    expect(JSON.stringify(plan)).toContain("organization_search_idx");
  });

  it("filters by kind, by area and everything below it, and by parent", async () => {
    const { body } = await server.graphql<{ community: OrgPage["organizations"]; branches: OrgPage["organizations"]; committee: { id: string } }>(`{
      community: organizations(first: 100, filter: { areaCode: "510107021001" }) { totalCount nodes { name kind } }
      branches: organizations(first: 100, filter: { kinds: [PARTY_BRANCH], areaCode: "510107021" }) { totalCount nodes { name kind } }
      committee: organization(slug: "qinggang-lin-party-committee") { id }
    }`);
    expect(body.errors).toBeUndefined();
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM organization WHERE area_code LIKE '510107021001%'`);
    expect(body.data!.community.totalCount).toBe(count);
    expect(body.data!.branches.nodes.every((node) => node.kind === "PARTY_BRANCH")).toBe(true);
    expect(body.data!.branches.totalCount).toBe(3);

    const children = await server.graphql<{ organizations: { nodes: { name: string; parent: { id: string } }[] } }>(
      `query ($parent: ID!) { organizations(filter: { parentId: $parent }) { nodes { name parent { id } } } }`,
      { parent: body.data!.committee.id },
    );
    expect(children.body.data!.organizations.nodes.length).toBe(4);
    expect(children.body.data!.organizations.nodes.every((node) => node.parent.id === body.data!.committee.id)).toBe(true);
  });

  it("reads one organisation by id or slug, with its parent, children and area", async () => {
    const bySlug = await server.graphql<{ organization: { id: string; name: string; parent: { name: string }; area: { code: string; level: string; parent: { name: string } } } }>(`{
      organization(slug: "qinggang-lin-party-volunteers") { id name parent { name } area { code level parent { name } } }
    }`);
    const organization = bySlug.body.data!.organization;
    expect(organization).toMatchObject({
      name: "青杠林黨員志願服務隊",
      parent: { name: "中共青杠林社區委員會" },
      area: { code: "510107021001", level: "COMMUNITY", parent: { name: "青杠街道" } },
    });
    const byId = await server.graphql<{ organization: { slug: string }; node: { __typename: string; name: string } }>(
      `query ($id: ID!) { organization(id: $id) { slug } node(id: $id) { __typename ... on Organization { name } } }`,
      { id: organization.id },
    );
    expect(byId.body.data).toEqual({ organization: { slug: "qinggang-lin-party-volunteers" }, node: { __typename: "Organization", name: "青杠林黨員志願服務隊" } });
    const missing = await server.graphql(`{ organization(slug: "no-such-organization") { id } }`);
    expect(missing.body.data).toEqual({ organization: null });
    expect(missing.body.errors).toBeUndefined();
  });

  it("walks the area tree from the city down to grids", async () => {
    const { body } = await server.graphql<{ area: { name: string; children: { nodes: { code: string; children: { totalCount: number } }[] } }; areas: { nodes: { code: string; level: string }[] } }>(`{
      area(code: "510107021") { name children { nodes { code children { totalCount } } } }
      areas(first: 100, filter: { within: "510107021001", levels: [GRID] }) { nodes { code level } }
    }`);
    expect(body.errors).toBeUndefined();
    expect(body.data!.area.name).toBe("青杠街道");
    expect(body.data!.area.children.nodes).toEqual([
      { code: "510107021001", children: { totalCount: 4 } },
      { code: "510107021002", children: { totalCount: 3 } },
      { code: "510107021003", children: { totalCount: 2 } },
    ]);
    expect(body.data!.areas.nodes.map((area) => area.code)).toEqual(["510107021001001", "510107021001002", "510107021001003", "510107021001004"]);
  });

  it("fetches several nodes at once, null for ones that do not exist", async () => {
    const { body: listing } = await server.graphql<{ organizations: { nodes: { id: string; area: { id: string } }[] } }>(`{ organizations(first: 2) { nodes { id area { id } } } }`);
    const [first] = listing.data!.organizations.nodes;
    const gone = Buffer.from("Organization:00000000-0000-4000-8000-000000000000").toString("base64url");
    const { body } = await server.graphql<{ nodes: ({ __typename: string; id: string } | null)[] }>(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, {
      ids: [first.id, first.area.id, gone],
    });
    expect(body.data!.nodes).toEqual([
      { __typename: "Organization", id: first.id },
      { __typename: "Area", id: first.area.id },
      null,
    ]);
  });
});
