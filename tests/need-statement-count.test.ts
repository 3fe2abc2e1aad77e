import { fromGlobalId, toGlobalId } from "../src/schema/global-id";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { debug: true } });
  // Demo organisations stay; the demo projects make way for a data set of known shape.
  await server.dataSource.query("TRUNCATE project, partnership, resource_need, resource_need_status_change, pledge, delivery, alert_need, activity, activity_shift, shift_sign_up, points_entry, reward_redemption, resident_request_step, resident_request CASCADE");
  // 40 projects led by demo organisations, each with 3 partners, 3 needs and 4 pledges per need.
  await server.dataSource.query(`
    WITH orgs AS (SELECT id, row_number() OVER (ORDER BY slug) AS n FROM organization),
    projects AS (
      INSERT INTO project (title, category, status, area_code, lead_organization_id)
      SELECT '專案' || i, 'HEALTH', 'OPEN', '510107021001', (SELECT id FROM orgs WHERE n = 1 + i % 19)
      FROM generate_series(1, 40) AS i RETURNING id, lead_organization_id)
    INSERT INTO partnership (project_id, organization_id, role, status)
    SELECT p.id, o.id, CASE WHEN o.id = p.lead_organization_id THEN 'LEAD' ELSE 'PARTNER' END, 'ACTIVE'
    FROM projects p JOIN orgs o ON o.id = p.lead_organization_id OR o.n IN (2, 5, 9) AND o.id <> p.lead_organization_id`);
  await server.dataSource.query(`
    INSERT INTO resource_need (project_id, posted_by_organization_id, category, title, quantity, unit, urgency, needed_by, area_code, remaining_quantity)
    SELECT p.id, p.lead_organization_id, 'VOLUNTEERS', p.title || '需求' || k, 100, '人', (ARRAY['CRITICAL','HIGH','NORMAL','LOW'])[1 + k % 4],
           now() + interval '2 days', '510107021001', 100
    FROM project p CROSS JOIN generate_series(1, 3) AS k`);
  await server.dataSource.query(`
    WITH orgs AS (SELECT id, row_number() OVER (ORDER BY slug) AS n FROM organization)
    INSERT INTO pledge (need_id, organization_id, quantity)
    SELECT n.id, (SELECT id FROM orgs WHERE orgs.n = 1 + (k * 3) % 19), 5 FROM resource_need n CROSS JOIN generate_series(1, 4) AS k`);
  await server.dataSource.query(`UPDATE resource_need SET pledged_quantity = 20`);
});
afterAll(() => server.close());

const NESTED = `query ($first: Int!) {
  needs(first: $first) { nodes {
    project { lead { name } partners(first: 5) { nodes { organization { name } } } }
    pledges(first: 10) { nodes { organization { name } } }
  } }
}`;

interface Nested {
  needs: { nodes: { project: { lead: { name: string }; partners: { nodes: { organization: { name: string } }[] } }; pledges: { nodes: { organization: { name: string } }[] } }[] };
}

async function run(first: number) {
  const { body } = await server.graphql<Nested>(NESTED, { first });
  expect(body.errors).toBeUndefined();
  return { nodes: body.data!.needs.nodes, statements: body.extensions?.sqlStatements as number };
}

describe("nested needs, projects, partners and pledges load in a fixed number of statements", () => {
  it("runs the same statement for a page of 5 and of 100", async () => {
    const small = await run(5);
    const large = await run(100);
    expect(large.nodes).toHaveLength(100);
    expect(large.nodes.every((node) => node.pledges.nodes.length === 4 && node.project.partners.nodes.length >= 3)).toBe(true);
    expect(large.nodes.every((node) => node.pledges.nodes.every((pledge) => typeof pledge.organization.name === "string"))).toBe(true);
    // the needs with everything below them, planned from the selection (the points budget is charged in memory)
    expect(small.statements).toBe(1);
    expect(large.statements).toBe(small.statements);
  });

  it("matches what the rows say", async () => {
    const { nodes } = await run(100);
    const [sample] = nodes;
    expect(sample.project.partners.nodes.map((partner) => partner.organization.name)).toContain(sample.project.lead.name);
  });
});

/** A need as the planned read answers it, with every kind of field a connection has. */
const DETAILED = `query ($first: Int!) {
  needs(first: $first, orderBy: { field: NEEDED_BY, direction: ASC }) { nodes {
    id title quantity neededBy
    postedBy { name }
    project { id title lead { id name } }
    pledges(first: 3) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id quantity status createdAt organization { name } } } }
  } }
}`;

interface Detailed {
  needs: {
    nodes: {
      id: string; title: string; quantity: number; neededBy: string; postedBy: { name: string }; project: { id: string; title: string; lead: { id: string; name: string } };
      pledges: {
        totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
        edges: { cursor: string; node: { id: string; quantity: number; status: string; createdAt: string; organization: { name: string } } }[];
      };
    }[];
  };
}

const uuidOf = (id: string) => fromGlobalId(id)!.key;

describe("reads planned from the selection", () => {
  it("answer with what the rows say, in one statement and one more for the counts", async () => {
    const { body } = await server.graphql<Detailed>(DETAILED, { first: 30 });
    expect(body.errors).toBeUndefined();
    // the needs with all below them, and the pledges' counts (totalCount is counted only when asked)
    expect(body.extensions?.sqlStatements).toBe(2);
    const nodes = body.data!.needs.nodes;
    expect(nodes).toHaveLength(30);
    const needs: { id: string; title: string; quantity: string; needed_by: Date; poster: string; project_id: string; project_title: string; lead_id: string; lead: string }[] =
      await server.dataSource.query(
        `SELECT n.id, n.title, n.quantity, n.needed_by, poster.name AS poster, p.id AS project_id, p.title AS project_title, lead.id AS lead_id, lead.name AS lead
         FROM resource_need n JOIN project p ON p.id = n.project_id JOIN organization lead ON lead.id = p.lead_organization_id
         JOIN organization poster ON poster.id = n.posted_by_organization_id WHERE n.id = ANY($1)`,
        [nodes.map((node) => uuidOf(node.id))],
      );
    const byId = new Map(needs.map((need) => [need.id, need]));
    for (const node of nodes) {
      const row = byId.get(uuidOf(node.id))!;
      expect([node.title, node.quantity, node.neededBy, node.postedBy.name]).toEqual([row.title, Number(row.quantity), row.needed_by.toISOString(), row.poster]);
      expect([uuidOf(node.project.id), node.project.title, uuidOf(node.project.lead.id), node.project.lead.name]).toEqual([row.project_id, row.project_title, row.lead_id, row.lead]);
      const pledges: { id: string; quantity: string; status: string; created_at: Date; name: string }[] = await server.dataSource.query(
        `SELECT pl.id, pl.quantity, pl.status, pl.created_at, o.name FROM pledge pl JOIN organization o ON o.id = pl.organization_id
         WHERE pl.need_id = $1 ORDER BY pl.created_at, pl.id`,
        [row.id],
      );
      expect(node.pledges.totalCount).toBe(pledges.length);
      expect(node.pledges.pageInfo).toMatchObject({ hasNextPage: pledges.length > 3, hasPreviousPage: false });
      expect(node.pledges.edges.map(({ node: pledge }) => [uuidOf(pledge.id), pledge.quantity, pledge.status, pledge.createdAt, pledge.organization.name])).toEqual(
        pledges.slice(0, 3).map((pledge) => [pledge.id, Number(pledge.quantity), pledge.status, pledge.created_at.toISOString(), pledge.name]),
      );
    }
  });

  it("gives cursors that page on through the loaders", async () => {
    const { body } = await server.graphql<Detailed>(DETAILED, { first: 1 });
    const [need] = body.data!.needs.nodes;
    expect(need.pledges.edges.at(-1)!.cursor).toBe(need.pledges.pageInfo.endCursor);
    const next = await server.graphql<{ need: { pledges: { nodes: { id: string }[] } } }>(
      `query ($id: ID!, $after: String!) { need(id: $id) { pledges(first: 3, after: $after) { nodes { id } } } }`,
      { id: need.id, after: need.pledges.pageInfo.endCursor },
    );
    expect(next.body.errors).toBeUndefined();
    const [fourth] = await server.dataSource.query(`SELECT id FROM pledge WHERE need_id = $1 ORDER BY created_at, id OFFSET 3`, [uuidOf(need.id)]);
    expect(next.body.data!.need.pledges.nodes.map((pledge) => uuidOf(pledge.id))).toEqual([fourth.id]);
  });

  it("tell aliases with different arguments apart, and follow fragments through node(id:)", async () => {
    const { body } = await server.graphql<Detailed>(DETAILED, { first: 1 });
    const id = body.data!.needs.nodes[0].id;
    const both = await server.graphql<{ node: { one: { nodes: unknown[] }; all: { nodes: { organization: { name: string } }[] }; none: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } } }>(
      `query ($id: ID!) { node(id: $id) { ... on ResourceNeed { ...Pledges one: pledges(first: 1) { nodes { quantity } } } } }
       fragment Pledges on ResourceNeed { all: pledges(statuses: [OFFERED]) { nodes { organization { name } } } none: pledges(first: 0) { nodes { quantity } pageInfo { hasNextPage } } }`,
      { id },
    );
    expect(both.body.errors).toBeUndefined();
    // the need, its visibility and its three pages of pledges
    expect(both.body.extensions?.sqlStatements).toBe(1);
    const node = both.body.data!.node;
    expect(node.one.nodes).toHaveLength(1);
    const offered: { name: string }[] = await server.dataSource.query(
      `SELECT o.name FROM pledge pl JOIN organization o ON o.id = pl.organization_id WHERE pl.need_id = $1 AND pl.status = 'OFFERED' ORDER BY pl.created_at, pl.id`,
      [uuidOf(id)],
    );
    expect(offered).toHaveLength(4);
    expect(node.all.nodes.map((pledge) => pledge.organization.name)).toEqual(offered.map((row) => row.name));
    expect(node.none).toEqual({ nodes: [], pageInfo: { hasNextPage: true } });
  });

  it("follow the variables below the field when one query text is asked again with other values", async () => {
    const needs: { id: string; title: string }[] = await server.dataSource.query(`SELECT id, title FROM resource_need ORDER BY title LIMIT 2`);
    const query = `query ($id: ID!, $pledges: Int!, $withName: Boolean!, $statuses: [PledgeStatus!]) { need(id: $id) { title ...Offers } }
      fragment Offers on ResourceNeed { pledges(first: $pledges, statuses: $statuses) { nodes { quantity organization @include(if: $withName) { name } } } }`;
    type Answer = { need: { title: string; pledges: { nodes: { quantity: number; organization?: { name: string } }[] } } };
    // Each asked twice in a row, the second from the plan the first left; then the first values again after the others.
    const asked = [
      { pledges: 2, withName: true, statuses: null, nodes: 2 },
      { pledges: 4, withName: false, statuses: ["OFFERED"], nodes: 4 },
      { pledges: 3, withName: true, statuses: ["WITHDRAWN"], nodes: 0 },
      { pledges: 2, withName: true, statuses: null, nodes: 2 },
    ];
    for (const [index, { nodes, ...variables }] of asked.entries()) {
      for (const need of needs) {
        for (let time = 0; time < 2; time++) {
          const { body } = await server.graphql<Answer>(query, { id: toGlobalId("ResourceNeed", need.id), ...variables });
          expect(body.errors).toBeUndefined();
          expect(body.extensions?.sqlStatements).toBe(1);
          const answer = body.data!.need;
          expect([index, answer.title, answer.pledges.nodes.length]).toEqual([index, need.title, nodes]);
          expect(answer.pledges.nodes.every((pledge) => pledge.quantity === 5 && (variables.withName ? typeof pledge.organization!.name === "string" : !("organization" in pledge)))).toBe(true);
        }
      }
    }
  });

  it("leave what they cannot plan to the loaders, with the same answer", async () => {
    const planned = await server.graphql<Nested>(NESTED, { first: 20 });
    // A members-only field is the organisation's resolver's to answer: those organisations come through the loader.
    const guarded = await server.graphql<Nested>(NESTED.replaceAll("organization { name }", "organization { name contactPhone }"), { first: 20 });
    expect(guarded.body.errors).toBeUndefined();
    expect(guarded.body.extensions?.sqlStatements).toBeGreaterThan(planned.body.extensions?.sqlStatements as number);
    const names = (nested: Nested) => nested.needs.nodes.map((node) => [node.pledges.nodes.map((pledge) => pledge.organization.name), node.project.partners.nodes.map((partner) => partner.organization.name)]);
    expect(names(guarded.body.data!)).toEqual(names(planned.body.data!));
  });
});
