import { prepareBenchData } from "../bench/generate";
import { statementsDuring } from "./support/statements";
import { startTestServer, TestServer } from "./support/test-server";

// The benchmark's data set at scale 1: 1,000 organisations, 50,000 needs, 200,000 pledges over 10 districts.
let server: TestServer;
let from: string;
let to: string;
beforeAll(async () => {
  // Counting statements puts every HTTP request in its scope, which tells a request's statements from the rest.
  server = await startTestServer({ config: { countStatements: true } });
  await prepareBenchData(server.dataSource, 1, true);
  const [period] = await server.dataSource.query(`SELECT min(created_at) AS "from", max(created_at) + interval '1 second' AS "to" FROM resource_need`);
  [from, to] = [period.from.toISOString(), period.to.toISOString()];
  // 50,000 mediation cases over the same period, the organisations and the communities, a fifth of them concluded.
  await server.dataSource.query(
    `WITH orgs AS (SELECT array_agg(id ORDER BY id) AS ids FROM organization), places AS (SELECT array_agg(code ORDER BY code) AS codes FROM area WHERE length(code) >= 12)
     INSERT INTO mediation_case (committee_id, category, summary, area_code, status, applied_at, closed_at)
     SELECT ids[1 + i % array_length(ids, 1)], (ARRAY['NEIGHBOURS', 'PROPERTY_MANAGEMENT', 'FAMILY', 'LABOUR', 'CONSUMER', 'OTHER'])[1 + i % 6], '生成的案件',
            codes[1 + (i * 7) % array_length(codes, 1)], (ARRAY['AGREEMENT', 'NO_AGREEMENT', 'APPLIED', 'DECLINED', 'WITHDRAWN'])[1 + i % 5],
            $1::timestamptz + ($2::timestamptz - $1::timestamptz) * ((i % 997) / 997.0),
            CASE WHEN i % 5 IN (0, 1, 3, 4) THEN $1::timestamptz + ($2::timestamptz - $1::timestamptz) * ((i % 997) / 997.0) + (i % 40) * interval '1 day' END
     FROM generate_series(1, 50000) i, orgs, places`,
    [period.from, period.to],
  );
  await addVolunteering(from, to);
  // As autovacuum leaves a table after a load (the benchmark's generator vacuums too): index-only scans are costed as such.
  await server.dataSource.query("VACUUM ANALYZE");
}, 400_000);

/**
 * Volunteering over the benchmark's organisations and areas: 5,000 activities, 10,000 shifts in the period,
 * 60,000 verified sign-ups of 5,000 people, each earning points, and 5,000 rewards redeemed.
 */
async function addVolunteering(from: string, to: string): Promise<void> {
  const run = (sql: string, parameters: unknown[] = []) => server.dataSource.query(sql, parameters);
  await run(`INSERT INTO person (label, display_name) SELECT 'plan-' || i, '志願者' || i FROM generate_series(1, 5000) i`);
  await run(`
    WITH o AS (SELECT array_agg(id ORDER BY id) AS ids FROM organization), a AS (SELECT array_agg(code ORDER BY code) AS codes FROM area WHERE length(code) >= 9)
    INSERT INTO activity (organization_id, kind, title, area_code, status)
    SELECT o.ids[1 + i % cardinality(o.ids)], (ARRAY['VOLUNTEER_SERVICE', 'CULTURAL', 'HEALTH_TALK', 'ENVIRONMENT'])[1 + i % 4], '活動' || i, a.codes[1 + (i * 7) % cardinality(a.codes)], 'COMPLETED'
    FROM generate_series(1, 5000) i, o, a`);
  await run(
    `INSERT INTO activity_shift (activity_id, starts_at, ends_at, capacity)
     SELECT id, at, at + interval '3 hours', 10
     FROM activity, generate_series(0, 1) k, LATERAL (SELECT $1::timestamptz + (k * 0.5 + random() * 0.4) * ($2::timestamptz - $1::timestamptz) AS at) shift`,
    [from, to],
  );
  await run(`
    WITH p AS (SELECT array_agg(id ORDER BY id) AS ids FROM person WHERE label LIKE 'plan-%'),
    shifts AS (SELECT sh.id, a.organization_id, sh.starts_at, row_number() OVER (ORDER BY sh.id) AS n FROM activity_shift sh JOIN activity a ON a.id = sh.activity_id)
    INSERT INTO shift_sign_up (shift_id, person_id, status, hours, verified_at, verified_by_organization_id)
    SELECT shifts.id, p.ids[1 + (shifts.n * 6 + j) % cardinality(p.ids)], 'CONFIRMED', 2.5, shifts.starts_at + interval '4 hours', shifts.organization_id
    FROM shifts, p, generate_series(0, 5) j`);
  await run(`INSERT INTO points_account (kind, person_id) SELECT 'PERSON', id FROM person WHERE label LIKE 'plan-%'`);
  await run(`INSERT INTO points_account (kind, organization_id) SELECT 'POOL', id FROM organization`);
  await run(`
    INSERT INTO points_entry (kind, from_account_id, to_account_id, points, sign_up_id, organization_id, created_at)
    SELECT 'EARN', pool.id, mine.id, 25, s.id, s.verified_by_organization_id, s.verified_at
    FROM shift_sign_up s JOIN points_account pool ON pool.organization_id = s.verified_by_organization_id AND pool.kind = 'POOL'
    JOIN points_account mine ON mine.person_id = s.person_id AND mine.kind = 'PERSON'`);
  await run(`INSERT INTO reward (organization_id, name, points_price, stock) SELECT id, '環保袋', 20, 1000 FROM organization`);
  await run(
    `WITH rw AS (SELECT array_agg(id ORDER BY id) AS ids FROM reward), people AS (SELECT array_agg(id ORDER BY id) AS ids FROM points_account WHERE kind = 'PERSON'),
     picked AS (SELECT rw.ids[1 + i % cardinality(rw.ids)] AS reward_id, people.ids[1 + (i * 13) % cardinality(people.ids)] AS account_id,
                       $1::timestamptz + random() * ($2::timestamptz - $1::timestamptz) AS at FROM generate_series(1, 5000) i, rw, people),
     entries AS (
       INSERT INTO points_entry (kind, from_account_id, to_account_id, points, organization_id, created_at)
       SELECT 'REDEEM', picked.account_id, pool.id, 20, r.organization_id, picked.at
       FROM picked JOIN reward r ON r.id = picked.reward_id JOIN points_account pool ON pool.organization_id = r.organization_id AND pool.kind = 'POOL'
       RETURNING id, from_account_id, organization_id, created_at)
     INSERT INTO reward_redemption (reward_id, person_id, entry_id, created_at)
     SELECT (SELECT id FROM reward WHERE organization_id = entries.organization_id), account.person_id, entries.id, entries.created_at
     FROM entries JOIN points_account account ON account.id = entries.from_account_id`,
    [from, to],
  );
}
afterAll(() => server.close());

const DASHBOARD = `query ($areaCode: String!, $from: DateTime!, $to: DateTime!) {
  dashboard(areaCode: $areaCode, from: $from, to: $to) {
    needs { total openCritical fillRate timeToFullyPledged { medianSeconds } timeToFulfilled { p90Seconds } }
    organizations { activeByKind { kind count } topContributors { deliveries } }
    projects { byStatus { count } }
    timeSeries(interval: DAY) { needsPosted pledgesMade deliveries }
    volunteers { activeVolunteers hoursServed pointsEarned pointsRedeemed byKind { kind hoursServed } }
    volunteerSeries(interval: WEEK) { activeVolunteers hoursServed pointsEarned pointsRedeemed }
  }
}`;

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const scansOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scansOf)];

/** The statements a request runs (other than checking its area or time zone, and charging its budget), with their parameters. */
async function statementsOf(query: string, variables: Record<string, unknown>): Promise<{ query: string; parameters: unknown[] }[]> {
  const statements = await statementsDuring(server.dataSource, async () => {
    const { body } = await server.graphql(query, variables);
    expect(body.errors).toBeUndefined();
  });
  return statements
    .filter(({ text, inRequest }) => inRequest && /^\s*(WITH|SELECT)/.test(text) && !/FROM "area"|pg_timezone_names|rate_bucket/.test(text))
    .map(({ text, parameters }) => ({ query: text, parameters }));
}

const LARGE_TABLES = ["resource_need", "pledge", "delivery", "resource_need_status_change", "activity", "activity_shift", "shift_sign_up", "points_entry", "reward_redemption", "mediation_case"];

/** Tables of needs, pledges, deliveries, status history, activities, sign-ups, points or mediation cases that a statement's plan reads whole. */
async function wholeTableReads(statements: { query: string; parameters: unknown[] }[]): Promise<string[]> {
  const reads: string[] = [];
  for (const { query, parameters } of statements) {
    const [{ "QUERY PLAN": [plan] }] = await server.dataSource.query(`EXPLAIN (FORMAT JSON) ${query}`, parameters);
    for (const node of scansOf(plan.Plan as PlanNode)) {
      if (node["Node Type"] === "Seq Scan" && LARGE_TABLES.includes(node["Relation Name"]!)) {
        reads.push(`${node["Relation Name"]} in ${query.slice(0, 80).replace(/\s+/g, " ")}`);
      }
    }
  }
  return reads;
}

/** The planner's estimated cost of each statement, beside the cost at which PostgreSQL starts compiling plans (JIT). */
async function estimatedCosts(statements: { query: string; parameters: unknown[] }[]): Promise<{ costs: number[]; jitAbove: number }> {
  const costs: number[] = [];
  for (const { query, parameters } of statements) {
    const [{ "QUERY PLAN": [plan] }] = await server.dataSource.query(`EXPLAIN (FORMAT JSON) ${query}`, parameters);
    costs.push(plan.Plan["Total Cost"]);
  }
  const [{ jit_above_cost: jitAbove }] = await server.dataSource.query(`SELECT current_setting('jit_above_cost')::float8 AS jit_above_cost`);
  return { costs, jitAbove };
}

it("reads one district's dashboard through indexes: no table of needs, pledges, deliveries, sign-ups or points is read whole", async () => {
  const statements = await statementsOf(DASHBOARD, { areaCode: "510107", from, to });
  // needs, active organisations, top contributors, projects, time series, volunteers, volunteer series.
  expect(statements).toHaveLength(7);
  expect(await wholeTableReads(statements)).toEqual([]);
  // A plan estimated dearer than jit_above_cost is compiled first: ~200 ms for statements that run in 20–50 ms.
  const { costs, jitAbove } = await estimatedCosts(statements);
  console.info(`dashboard statements' estimated costs: ${costs.map((cost) => Math.round(cost)).join(", ")} (JIT above ${jitAbove})`);
  expect(Math.max(...costs)).toBeLessThan(jitAbove);
});

it("reads the indicators of one kind of organisation in a district through indexes", async () => {
  const statements = await statementsOf(
    `query ($from: DateTime!, $to: DateTime!) { organizationIndicatorsByKind(kind: NGO, areaCode: "510107", from: $from, to: $to) { needsPosted pledgesMade onTimeDeliveryRate hoursOrganized volunteersEngaged } }`,
    { from, to },
  );
  expect(statements.length).toBeGreaterThan(0);
  expect(await wholeTableReads(statements)).toEqual([]);
});

it("counts one district's mediation cases and a kind's mediation indicators through indexes", async () => {
  const statements = await statementsOf(
    `query ($from: DateTime!, $to: DateTime!) {
      dashboard(areaCode: "510107", from: $from, to: $to) { mediation { total byCategory { count } byStatus { count } byArea { count } handled agreementRate medianDaysToClose } }
      organizationIndicatorsByKind(kind: NGO, areaCode: "510107", from: $from, to: $to) { mediationCasesHandled mediationAgreementRate mediationMedianDaysToClose }
    }`,
    { from, to },
  );
  expect(statements.some(({ query }) => query.includes("FROM mediation_case WHERE area_code LIKE"))).toBe(true);
  expect(statements.some(({ query }) => query.includes("FROM mediation_case WHERE committee_id = ANY"))).toBe(true);
  expect(await wholeTableReads(statements)).toEqual([]);
  const { costs, jitAbove } = await estimatedCosts(statements);
  expect(Math.max(...costs)).toBeLessThan(jitAbove);
});

describe("searches on the benchmark's data", () => {
  it.each([
    ["needs", `{ needs(first: 20, filter: { search: "血压计" }) { nodes { title } } }`, "resource_need", "血壓計"],
    ["organisations", `{ organizations(first: 20, filter: { search: "卫生服务站" }) { nodes { name } } }`, "organization", "衛生服務站"],
    ["projects", `{ projects(first: 20, filter: { search: "暴雨应急" }) { nodes { title } } }`, "project", "暴雨應急"],
  ])("finds %s written in Traditional from a Simplified word through the bigram index", async (_list, query, table, written) => {
    const statements = await statementsOf(query, {});
    const indexes: string[] = [];
    for (const { query: sql, parameters } of statements) {
      const [{ "QUERY PLAN": [plan] }] = await server.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
      for (const node of scansOf(plan.Plan as PlanNode)) {
        if (node["Node Type"] === "Seq Scan") expect(node["Relation Name"]).not.toBe(table);
        if (node["Index Name"]) indexes.push(node["Index Name"]);
      }
    }
    expect(indexes).toContain(`${table}_search_idx`);
    const { body } = await server.graphql<Record<string, { nodes: Record<string, string>[] }>>(query);
    const texts = Object.values(body.data!)[0].nodes.flatMap((node) => Object.values(node));
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((text) => text.includes(written))).toBe(true);
  });
});
