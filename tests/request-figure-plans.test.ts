import { areaRows, INSERT_AREAS } from "../bench/dataset-sql";
import { statementsDuring } from "./support/statements";
import { startTestServer, TestServer } from "./support/test-server";

// 200,000 requests and 200,000 ratings over the bench's area tree (10 districts, 1,500 communities and grids) and a year.
let server: TestServer;
const to = new Date();
const from = new Date(to.getTime() - 365 * 86_400_000);
beforeAll(async () => {
  // Counting statements puts every HTTP request in its scope, which tells a request's statements from the rest.
  server = await startTestServer({ demoData: true, config: { countStatements: true } });
  const run = (sql: string, parameters: unknown[] = []) => server.dataSource.query(sql, parameters);
  const areas = areaRows();
  await run(`${INSERT_AREAS} ON CONFLICT (code) DO NOTHING`, [areas.map((a) => a.code), areas.map((a) => a.name), areas.map((a) => a.level), areas.map((a) => a.parentCode)]);
  // Milestones written directly (the trigger keeps them from histories, which the figures never read).
  await run(
    `WITH orgs AS (SELECT array_agg(id ORDER BY id) AS ids FROM organization), places AS (SELECT array_agg(code ORDER BY code) AS codes FROM area WHERE length(code) >= 12)
     INSERT INTO resident_request (category, description, area_code, urgency, preferred_contact, contact_value, contact_consented_at, identity_visible_to_handler,
                                   handling_organization_id, status, created_at, first_accepted_at, resolved_at, first_overdue_at, reopened, overdue_since)
     SELECT (ARRAY['MEDICAL', 'ELDER_CARE', 'ENVIRONMENT', 'SAFETY', 'NEIGHBOURHOOD_DISPUTE', 'PROPERTY_MANAGEMENT', 'INFRASTRUCTURE'])[1 + i % 7], '生成的訴求',
            codes[1 + (i * 7) % array_length(codes, 1)], 'NORMAL', 'PHONE', '13800001111', at, true, ids[1 + i % array_length(ids, 1)],
            (ARRAY['SUBMITTED', 'ACCEPTED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REOPENED', 'REJECTED'])[1 + i % 7], at,
            CASE WHEN i % 7 BETWEEN 1 AND 5 THEN at + (i % 30) * interval '1 hour' END, CASE WHEN i % 7 IN (3, 4) THEN at + (i % 200) * interval '1 hour' END,
            CASE WHEN i % 9 = 0 THEN at + interval '1 day' END, i % 7 = 5, CASE WHEN i % 9 = 0 AND i % 7 IN (0, 1, 2, 5) THEN at + interval '1 day' END
     FROM generate_series(1, 200000) i, orgs, places, LATERAL (SELECT $1::timestamptz + ($2::timestamptz - $1::timestamptz) * ((i % 9973) / 9973.0) AS at) t`,
    [from, to],
  );
  await run(
    `WITH orgs AS (SELECT array_agg(id ORDER BY id) AS ids FROM organization), places AS (SELECT array_agg(code ORDER BY code) AS codes FROM area WHERE length(code) >= 12),
          services AS (SELECT array_agg(id ORDER BY id) AS ids FROM service), people AS (SELECT array_agg(id ORDER BY id) AS ids FROM person)
     INSERT INTO feedback (subject_kind, service_id, session_date, organization_id, area_code, rater_person_id, stars, channel, entered_by_organization_id, rated_at)
     SELECT 'SERVICE_SESSION', services.ids[1 + i % array_length(services.ids, 1)], date '1900-01-01' + i, o, places.codes[1 + (i * 13) % array_length(places.codes, 1)],
            people.ids[1 + i % array_length(people.ids, 1)], 1 + i % 5, (ARRAY['ONLINE', 'QUESTIONNAIRE', 'MEETING', 'PHONE'])[1 + i % 4], CASE WHEN i % 4 <> 0 THEN o END,
            $1::timestamptz + ($2::timestamptz - $1::timestamptz) * ((i % 9967) / 9967.0)
     FROM generate_series(1, 200000) i, orgs, places, services, people, LATERAL (SELECT orgs.ids[1 + i % array_length(orgs.ids, 1)] AS o) r`,
    [from, to],
  );
  await run("VACUUM ANALYZE resident_request");
  await run("VACUUM ANALYZE feedback");
}, 300_000);
afterAll(() => server.close());

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}
const scansOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scansOf)];

/** The statements a request runs (other than checking its area and charging its budget), with their parameters. */
async function statementsOf(query: string, variables: Record<string, unknown>): Promise<{ query: string; parameters: unknown[] }[]> {
  const statements = await statementsDuring(server.dataSource, async () => {
    const { body } = await server.graphql(query, variables);
    expect(body.errors).toBeUndefined();
  });
  return statements
    .filter(({ text, inRequest }) => inRequest && /^\s*(WITH|SELECT)/.test(text) && !/FROM "area"|rate_bucket|FROM organization WHERE kind/.test(text))
    .map(({ text, parameters }) => ({ query: text, parameters }));
}

/** Whole reads of the requests or ratings tables, the indexes used, and the dearest plan. */
async function plans(statements: { query: string; parameters: unknown[] }[]): Promise<{ wholeTables: string[]; indexes: Set<string>; cost: number; jitAbove: number }> {
  const wholeTables: string[] = [];
  const indexes = new Set<string>();
  let cost = 0;
  for (const { query, parameters } of statements) {
    const [{ "QUERY PLAN": [plan] }] = await server.dataSource.query(`EXPLAIN (FORMAT JSON) ${query}`, parameters);
    cost = Math.max(cost, plan.Plan["Total Cost"]);
    for (const node of scansOf(plan.Plan as PlanNode)) {
      if (node["Node Type"] === "Seq Scan" && ["resident_request", "feedback"].includes(node["Relation Name"]!)) wholeTables.push(node["Relation Name"]!);
      if (node["Index Name"]) indexes.add(node["Index Name"]);
    }
  }
  const [{ jit_above_cost: jitAbove }] = await server.dataSource.query(`SELECT current_setting('jit_above_cost')::float8 AS jit_above_cost`);
  return { wholeTables, indexes, cost, jitAbove };
}

const BLOCKS = `query ($from: DateTime!, $to: DateTime!) { dashboard(areaCode: "510107", from: $from, to: $to) {
  requests { total overdueNow byStatus { count } overall { requests hoursToAccept { median p90 } hoursToResolve { median p90 } overdueShare reopenRate } byCategory { category requests } byArea { areaCode requests } }
  satisfaction { ratings meanStars byStars { count } byChannel { count } bySubjectKind { ratings } byCategory { ratings } byService { ratings } byArea { ratings } } } }`;

it.each([
  ["a year", from, ["resident_request_area_idx", "resident_request_area_filed_idx"]],
  ["a month", new Date(to.getTime() - 30 * 86_400_000), ["resident_request_area_filed_idx"]],
] as const)("reads one district's requests and satisfaction blocks over %s through index ranges, below the cost that would JIT-compile them", async (_period, since, requestIndexes) => {
  const statements = await statementsOf(BLOCKS, { from: since.toISOString(), to: to.toISOString() });
  expect(statements).toHaveLength(2);
  const { wholeTables, indexes, cost, jitAbove } = await plans(statements);
  console.info(`requests and satisfaction blocks: dearest plan ${Math.round(cost)} (JIT above ${jitAbove}); indexes ${[...indexes].join(", ")}`);
  expect(wholeTables).toEqual([]);
  // Over a year the area's requests are most of its index range either way; over a month the filing time narrows it.
  expect([...indexes].sort()).toEqual(["feedback_area_rated_idx", expect.stringMatching(new RegExp(`^(${requestIndexes.join("|")})$`))]);
  expect(cost).toBeLessThan(jitAbove);
});

it("reads a kind's request and rating indicators through the handler's and the rated organisation's indexes", async () => {
  const statements = await statementsOf(
    `query ($from: DateTime!, $to: DateTime!) { organizationIndicatorsByKind(kind: PARTY_COMMITTEE, areaCode: "510107", from: $from, to: $to) {
      requestsHandled medianHoursToAccept p90HoursToResolve overdueShare reopenRate ratingsReceived meanStars } }`,
    { from: from.toISOString(), to: to.toISOString() },
  );
  const { wholeTables, indexes, cost, jitAbove } = await plans(statements);
  expect(wholeTables).toEqual([]);
  expect([...indexes]).toEqual(expect.arrayContaining(["resident_request_handler_idx", "feedback_organization_rated_idx"]));
  expect(cost).toBeLessThan(jitAbove);
});
