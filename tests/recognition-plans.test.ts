import { LEADERBOARD_SIZE, loadRecognitionData } from "../bench/recognition-data";
import { statementsDuring } from "./support/statements";
import { startTestServer, TestServer } from "./support/test-server";

// The leaderboard bench's rows: 100,000 verified sign-ups, each with its EARN entry (one in 20 reversed), over the bench's 1,500 communities and grids.
let server: TestServer;
const until = new Date();
const to = until.toISOString();
beforeAll(async () => {
  // Counting statements puts every HTTP request in its scope, which tells a request's statements from the rest.
  server = await startTestServer({ demoData: true, config: { countStatements: true } });
  await loadRecognitionData(server.dataSource, LEADERBOARD_SIZE, until);
  // As autovacuum would have by now: index-only scans are costed by the visibility map.
  await server.dataSource.query("VACUUM ANALYZE");
}, 180_000);
afterAll(() => server.close());

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const scansOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(scansOf)];
const BIG_TABLES = ["shift_sign_up", "points_entry", "activity_shift"];

/** The statements a request runs (other than checking its area and charging its budget), with their parameters. */
async function statementsOf(query: string, variables: Record<string, unknown>): Promise<{ query: string; parameters: unknown[] }[]> {
  const statements = await statementsDuring(server.dataSource, async () => {
    const { body } = await server.graphql<{ leaderboard: unknown[] }>(query, variables);
    expect(body.errors).toBeUndefined();
    expect(body.data!.leaderboard.length).toBeGreaterThan(0);
  });
  return statements
    .filter(({ text, inRequest }) => inRequest && /^\s*(WITH|SELECT)/.test(text) && !/FROM "area"|rate_bucket/.test(text))
    .map(({ text, parameters }) => ({ query: text, parameters }));
}

/** What each statement's plan reads: whole big tables (none wanted) and the indexes it ranges over. */
async function reads(statements: { query: string; parameters: unknown[] }[]): Promise<{ wholeTables: string[]; indexes: Set<string>; cost: number }> {
  const wholeTables: string[] = [];
  const indexes = new Set<string>();
  let cost = 0;
  for (const { query, parameters } of statements) {
    const [{ "QUERY PLAN": [plan] }] = await server.dataSource.query(`EXPLAIN (FORMAT JSON) ${query}`, parameters);
    cost = Math.max(cost, plan.Plan["Total Cost"]);
    for (const node of scansOf(plan.Plan as PlanNode)) {
      if (node["Node Type"] === "Seq Scan" && BIG_TABLES.includes(node["Relation Name"]!)) wholeTables.push(node["Relation Name"]!);
      if (node["Index Name"]) indexes.add(node["Index Name"]);
    }
  }
  return { wholeTables, indexes, cost };
}

const LEADERBOARD = `query ($metric: LeaderboardMetric!, $areaCode: String!, $from: DateTime!, $to: DateTime!) {
  leaderboard(metric: $metric, areaCode: $areaCode, from: $from, to: $to, first: 20) { rank name verifiedHours pointsEarned } }`;

describe("leaderboards read index ranges on 100,000 entries", () => {
  it.each([
    ["HOURS", "a district over 90 days", "510107", 90],
    ["POINTS", "a district over 90 days", "510107", 90],
    ["HOURS", "a street over a year", "510107001", 365],
    ["POINTS", "a community over a year", "510107001001", 365],
  ])("%s in %s", async (metric, _what, areaCode, days) => {
    const statements = await statementsOf(LEADERBOARD, { metric, areaCode, from: new Date(until.getTime() - days * 86_400_000).toISOString(), to });
    expect(statements).toHaveLength(1);
    const { wholeTables, indexes, cost } = await reads(statements);
    expect(wholeTables).toEqual([]);
    // A plan estimated dearer than jit_above_cost is compiled first, which costs more than it saves here.
    const [{ jit_above_cost: jitAbove }] = await server.dataSource.query(`SELECT current_setting('jit_above_cost')::float8 AS jit_above_cost`);
    expect(cost).toBeLessThan(jitAbove);
    expect([...indexes]).toEqual(expect.arrayContaining(["shift_sign_up_verified_of_shift_idx", "points_entry_earned_points_idx", "points_entry_reversal_points_idx"]));
  });

  it("reads a person's hours and service record from the partial index of verified sign-ups", async () => {
    const [{ id }] = await server.dataSource.query(`SELECT person_id AS id FROM shift_sign_up WHERE verified_at IS NOT NULL LIMIT 1`);
    for (const sql of [
      `SELECT person_id, sum(hours)::float8 AS hours FROM shift_sign_up WHERE person_id = ANY($1::uuid[]) AND verified_at IS NOT NULL GROUP BY person_id`,
      `SELECT id FROM shift_sign_up WHERE person_id = $1 AND verified_at IS NOT NULL ORDER BY verified_at, id LIMIT 21`,
    ]) {
      const [{ "QUERY PLAN": [plan] }] = await server.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, [sql.includes("ANY") ? [id] : id]);
      const nodes = scansOf(plan.Plan as PlanNode);
      expect(nodes.filter((node) => node["Node Type"] === "Seq Scan").map((node) => node["Relation Name"])).toEqual([]);
      expect(nodes.map((node) => node["Index Name"]).filter(Boolean)).toContain("shift_sign_up_verified_of_person_idx");
    }
  });
});
