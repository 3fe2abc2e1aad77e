import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  // A long list with ties in name, so the id tie-breaker matters.
  await server.dataSource.query(`
    INSERT INTO organization (kind, name, slug, area_code, created_at)
    SELECT 'VOLUNTEER_TEAM', '志願隊' || (i % 7), 'team-' || i, '510107021001', now() - (i % 5) * interval '1 minute'
    FROM generate_series(1, 60) AS i`);
});
afterAll(() => server.close());

interface Page {
  organizations: {
    edges: { cursor: string; node: { slug: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

const QUERY = `query ($first: Int, $after: String, $last: Int, $before: String, $order: OrganizationOrder) {
  organizations(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    edges { cursor node { slug } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function page(variables: Record<string, unknown>): Promise<Page["organizations"]> {
  const { body } = await server.graphql<Page>(QUERY, variables);
  expect(body.errors).toBeUndefined();
  return body.data!.organizations;
}

async function expectedSlugs(orderSql: string): Promise<string[]> {
  const rows = await server.dataSource.query(`SELECT slug FROM organization ORDER BY ${orderSql}`);
  return rows.map((row: { slug: string }) => row.slug);
}

describe("keyset pagination", () => {
  it.each([
    [{ field: "NAME", direction: "ASC" }, "name ASC, id ASC"],
    [{ field: "NAME", direction: "DESC" }, "name DESC, id DESC"],
    [{ field: "CREATED_AT", direction: "ASC" }, "created_at ASC, id ASC"],
    [{ field: "CREATED_AT", direction: "DESC" }, "created_at DESC, id DESC"],
  ])("walks forward and backward through every row once, ordered by %j", async (order, sql) => {
    const expected = await expectedSlugs(sql);
    const forward: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result = await page({ first: 7, after, order });
      forward.push(...result.edges.map((edge) => edge.node.slug));
      expect(result.pageInfo.hasPreviousPage).toBe(after !== null);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(forward).toEqual(expected);

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const result = await page({ last: 9, before, order });
      backward.unshift(...result.edges.map((edge) => edge.node.slug));
      if (!result.pageInfo.hasPreviousPage) break;
      before = result.pageInfo.startCursor;
    }
    expect(backward).toEqual(expected);
  });

  it("stays correct while rows are inserted between pages", async () => {
    const order = { field: "NAME", direction: "ASC" };
    const before = await expectedSlugs("name ASC, id ASC");
    const first = await page({ first: 20, order });
    // New rows on both sides of the cursor: ones before it must not shift the next page.
    await server.dataSource.query(`
      INSERT INTO organization (kind, name, slug, area_code) VALUES
        ('NGO', '一新加入的組織', 'inserted-early', '510107'), ('NGO', '龘新加入的組織', 'inserted-late', '510107')`);
    const rest: string[] = [];
    let after = first.pageInfo.endCursor;
    for (;;) {
      const result = await page({ first: 25, after, order });
      rest.push(...result.edges.map((edge) => edge.node.slug));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    const seen = [...first.edges.map((edge) => edge.node.slug), ...rest];
    expect(seen.filter((slug) => slug !== "inserted-late")).toEqual(before);
    expect(seen).toContain("inserted-late");
    expect(seen).not.toContain("inserted-early");
  });

  it("counts the whole list only when asked, and pages of 0 still count", async () => {
    const { body } = await server.graphql<{ organizations: { totalCount: number; nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>(
      `{ organizations(first: 0) { totalCount nodes { id } pageInfo { hasNextPage } } }`,
    );
    const [{ count }] = await server.dataSource.query("SELECT count(*)::int AS count FROM organization");
    expect(body.data!.organizations).toEqual({ totalCount: count, nodes: [], pageInfo: { hasNextPage: false } });
  });

  it("pages nested children with their own cursors", async () => {
    const { body } = await server.graphql<{ organization: { children: { edges: { cursor: string; node: { name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }>(
      `{ organization(slug: "qinggang-lin-party-committee") { children(first: 2) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } } }`,
    );
    const children = body.data!.organization.children;
    expect(children.edges).toHaveLength(2);
    expect(children.pageInfo.hasNextPage).toBe(true);
    const next = await server.graphql<{ organization: { children: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean } } } }>(
      `query ($after: String) { organization(slug: "qinggang-lin-party-committee") { children(first: 2, after: $after) { nodes { name } pageInfo { hasNextPage } } } }`,
      { after: children.pageInfo.endCursor },
    );
    const all = await server.dataSource.query(
      `SELECT c.name FROM organization c JOIN organization p ON c.parent_id = p.id WHERE p.slug = 'qinggang-lin-party-committee' ORDER BY c.name, c.id`,
    );
    expect([...children.edges.map((edge) => edge.node.name), ...next.body.data!.organization.children.nodes.map((node) => node.name)]).toEqual(
      all.map((row: { name: string }) => row.name),
    );
    expect(next.body.data!.organization.children.pageInfo.hasNextPage).toBe(false);
  });
});
