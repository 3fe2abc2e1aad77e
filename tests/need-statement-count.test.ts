import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { debug: true } });
  // Demo organisations stay; the demo projects make way for a data set of known shape.
  await server.dataSource.query("TRUNCATE project, partnership, resource_need, resource_need_status_change, pledge, delivery, alert_need");
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
  it("runs the same 6 statements for a page of 5 and of 100", async () => {
    const small = await run(5);
    const large = await run(100);
    expect(large.nodes).toHaveLength(100);
    expect(large.nodes.every((node) => node.pledges.nodes.length === 4 && node.project.partners.nodes.length >= 3)).toBe(true);
    expect(large.nodes.every((node) => node.pledges.nodes.every((pledge) => typeof pledge.organization.name === "string"))).toBe(true);
    // the points budget's charge; needs; projects; pledges with their organisations; leads; partnerships with their organisations
    expect(small.statements).toBe(6);
    expect(large.statements).toBe(small.statements);
  });

  it("matches what the rows say", async () => {
    const { nodes } = await run(100);
    const [sample] = nodes;
    expect(sample.project.partners.nodes.map((partner) => partner.organization.name)).toContain(sample.project.lead.name);
  });
});
