import { DataSource } from "typeorm";
import { newApiKeySecret } from "../src/auth/api-key-secret";
import { simplifiedFolds } from "../src/db/script-fold";
import { BENCH_PLEDGE_NOTE } from "./generate";

const BENCH_KEY_NAME = "bench pledges";
import type { LoadJob } from "./load-worker";

export const SCENARIO_NAMES = [
  "q1", "q1-peer", "q1-floor", "q2", "q2-peer", "q2-floor",
  "nested-needs-50", "need-by-id", "need-search", "pledge-mutation", "sql-floor", "dashboard",
  "pledge-writers", "post-need-writers", "drill", "drill-paced", "fan-out", "chaos", "leaderboard", "leaderboard-floor", "ledger",
  "directory", "file-requests",
] as const;
/** Run only when named with --only: it cuts the database's connections and restarts it. */
export const ON_REQUEST: readonly ScenarioName[] = ["chaos"];
export type ScenarioName = (typeof SCENARIO_NAMES)[number];
/** The drill at once, then paced as people answer: run after the HTTP scenarios, reported in a table of their own. */
export const DRILL_SCENARIOS = ["drill", "drill-paced"] as const satisfies readonly ScenarioName[];
export type DrillScenario = (typeof DRILL_SCENARIOS)[number];
export const isDrill = (name: string): name is DrillScenario => (DRILL_SCENARIOS as readonly string[]).includes(name);
/** Names --only accepts for several scenarios. */
export const SCENARIO_GROUPS: Record<string, ScenarioName[]> = {
  peer: ["q1-peer", "q2-peer"],
  floors: ["q1-floor", "q2-floor", "sql-floor", "leaderboard-floor"],
  writes: ["pledge-writers", "post-need-writers", "drill", "drill-paced", "ledger"],
  recognition: ["leaderboard", "leaderboard-floor", "ledger"],
  community: ["directory", "file-requests"],
};

export const DESCRIPTIONS: Record<ScenarioName, string> = {
  q1: "issue 12's Q1: 50 OPEN needs by deadline, each with project { title lead { name } } and 10 pledges' quantity and organisation name",
  "q1-peer": "Q1 asked of PostGraphile 4.14.1 over the same database (allResourceNeeds in its own schema's names)",
  "q1-floor": "Q1's JSON from one SQL statement behind a bare node:http server",
  q2: "issue 12's Q2: need(id:) with 10 pledges, rotating over 1,000 needs",
  "q2-peer": "Q2 asked of PostGraphile 4.14.1 (resourceNeedById)",
  "q2-floor": "Q2's JSON from one SQL statement behind a bare node:http server",
  "nested-needs-50": "50 most urgent needs with project, lead, 5 partners and 10 pledges each, through GraphQL",
  "need-by-id": "node(id:) of one need with 10 pledges, rotating over 1,000 needs",
  "need-search": "needs(first: 10, filter: { search }) over 200 words of the needs' titles, every other one in Simplified where written in Traditional",
  "pledge-mutation": "pledge 1 unit on an OPEN need, rotating over needs and organisations",
  "sql-floor": "nested-needs-50's JSON from one SQL statement behind a bare node:http server",
  dashboard: "one district's dashboard over 30 days, every block, rotating over the 10 districts",
  "pledge-writers": "--writers concurrent writers (50) pledging 1 unit each, rotating over 1,000 OPEN needs of many projects and many organisations",
  "post-need-writers": "--writers concurrent writers (50) posting needs with postNeed, each request for the lead of one of up to 1,000 OPEN or ACTIVE projects in turn",
  drill: "the emergency drill: a project lead posts 10 CRITICAL needs; 50 organisations subscribed to needAnnounced pledge on each as it arrives; the lead, subscribed to pledgeChanged, accepts each offer as it comes",
  "drill-paced": "the same drill as people answer: the lead posts a need every second, and each organisation pledges within 2 s of hearing of it, the 50 spread evenly",
  "fan-out": "a burst of CRITICAL needs posted while many WebSocket clients subscribe to needAnnounced(urgencyAtLeast: HIGH)",
  leaderboard: "leaderboard(metric, areaCode, from, to, first: 20) over 100,000 verified sign-ups and their ledger entries, HOURS and POINTS of the 10 districts and 60 streets in turn, 90 days",
  "leaderboard-floor": "the same leaderboards from Cogov's own statement behind a bare node:http server, the JSON made by PostgreSQL",
  ledger: "--writers concurrent writers (50): verifyHours (earning points from the organiser's pool) in turn with redeemReward (a 1-point reward) by 500 people",
  directory: "services(filter: { near: 2 km of a point, openAt: a Tuesday 10:00 in Chengdu, targetGroups: [ELDERLY] }, first: 20) with places and hours, over 3,000 generated services, 50 points in turn",
  "file-requests": "--writers concurrent anonymous residents (50) filing fileResidentRequest in up to 500 grids (those a Party organisation up the tree would handle) in turn: routing, the 24-hour limit, history, audit and event in one transaction each",
  chaos: "writers retrying with idempotency keys and resuming subscribers on two server processes while the database's connections are cut N times and PostgreSQL restarts once",
};

export const NESTED_NEEDS_QUERY = `query ($first: Int!) { needs(first: $first) { nodes { id title remainingQuantity project { title lead { name } partners(first: 5) { nodes { role organization { name } } } } pledges(first: 10) { nodes { quantity status organization { name } } } } } }`;

const NEED_BY_ID_QUERY = `query ($id: ID!) { node(id: $id) { ... on ResourceNeed { id title quantity remainingQuantity pledges(first: 10) { nodes { quantity status organization { name } } } } } }`;

const DASHBOARD_QUERY = `query ($areaCode: String!, $from: DateTime!, $to: DateTime!) { dashboard(areaCode: $areaCode, from: $from, to: $to) {
  needs { total byStatus { status count } byCategory { category count } byUrgency { urgency count } openCritical fillRate deliveryRate
          timeToFullyPledged { count medianSeconds p90Seconds } timeToFulfilled { count medianSeconds p90Seconds } }
  organizations { activeByKind { kind count } topContributors(first: 10) { deliveries deliveredQuantity needsServed organization { name } } }
  projects { byStatus { status count } byCategory { category count } }
  timeSeries(interval: DAY, timeZone: "Asia/Shanghai") { start needsPosted pledgesMade deliveries } } }`;

const PLEDGE_MUTATION = `mutation ($input: PledgeInput!) { pledge(input: $input) { pledge { id status } userErrors { field message code } } }`;

export const globalId = (type: string, uuid: string) => Buffer.from(`${type}:${uuid}`, "utf8").toString("base64url");
export const body = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

/** What a scenario cannot run without; the message says what is missing. */
export class ScenarioUnavailable extends Error {}

export interface PreparedScenario {
  job: Omit<LoadJob, "connections" | "warmupSeconds" | "durationSeconds">;
  /** The one response the check looked at, parsed. */
  sample: GraphQLBody;
  notes: string[];
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function postJson(url: string, text: string, authorization?: string): Promise<{ status: number; body: GraphQLBody }> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(authorization ? { authorization } : {}) };
  const response = await fetch(url, { method: "POST", headers, body: text });
  const raw = await response.text();
  try {
    return { status: response.status, body: JSON.parse(raw) as GraphQLBody };
  } catch {
    return { status: response.status, body: { errors: [{ message: `not JSON: ${raw.slice(0, 200)}` }] } };
  }
}

/** One request before timing: a scenario whose every answer is an error measures nothing. */
export async function checked(url: string, text: string, scenario: ScenarioName, authorization?: string): Promise<GraphQLBody> {
  const { status, body } = await postJson(url, text, authorization);
  if (body.errors?.length || status !== 200) {
    const first = body.errors?.[0];
    const missing = first?.extensions?.code === "GRAPHQL_VALIDATION_FAILED" ? " (the API does not have this yet?)" : "";
    throw new ScenarioUnavailable(`${scenario}: HTTP ${status}, ${first?.message ?? "no errors but no 200"}${missing}`);
  }
  return body;
}

export async function prepareNestedNeeds(graphqlUrl: string): Promise<PreparedScenario> {
  const text = body(NESTED_NEEDS_QUERY, { first: 50 });
  const sample = await checked(graphqlUrl, text, "nested-needs-50");
  const nodes = (sample.data?.needs as { nodes?: unknown[] } | undefined)?.nodes ?? [];
  if (nodes.length !== 50) throw new ScenarioUnavailable(`nested-needs-50: expected 50 needs, got ${nodes.length}`);
  return { job: { url: graphqlUrl, bodies: [text], kind: "query" }, sample, notes: [] };
}

export async function prepareNeedById(graphqlUrl: string, dataSource: DataSource): Promise<PreparedScenario> {
  // A fixed spread of needs: the same 1,000 on every run of a scale.
  const rows: { id: string }[] = await dataSource.query("SELECT id FROM resource_need ORDER BY md5(id::text) LIMIT 1000");
  const ids = rows.map((row) => globalId("ResourceNeed", row.id));
  const sample = await checked(graphqlUrl, body(NEED_BY_ID_QUERY, { id: ids[0] }), "need-by-id");
  const node = sample.data?.node as { id?: string } | null | undefined;
  if (node?.id !== ids[0]) throw new ScenarioUnavailable(`need-by-id: node(id:) did not return the need asked for (${JSON.stringify(node)})`);
  return { job: { url: graphqlUrl, bodies: ids.map((id) => body(NEED_BY_ID_QUERY, { id })), kind: "query" }, sample, notes: [] };
}

const NEED_SEARCH_QUERY = `query ($search: String!) { needs(first: 10, filter: { search: $search }) { nodes { id title status } } }`;

/**
 * Searches for the first two or three characters of 200 needs' titles; every other word is asked in Simplified
 * where the title has it in Traditional, so half the searches find their needs only through the script fold.
 */
export async function prepareNeedSearch(graphqlUrl: string, dataSource: DataSource): Promise<PreparedScenario> {
  const rows: { title: string }[] = await dataSource.query("SELECT title FROM resource_need ORDER BY md5(id::text) LIMIT 200");
  const folds = simplifiedFolds();
  const words = rows.map(({ title }, i) => {
    const word = [...title].slice(0, 2 + (i % 2)).join("");
    return i % 2 === 0 ? word : [...word].map((character) => folds.get(character) ?? character).join("");
  });
  const sample = await checked(graphqlUrl, body(NEED_SEARCH_QUERY, { search: words[0] }), "need-search");
  const found = (sample.data?.needs as { nodes?: unknown[] } | undefined)?.nodes?.length ?? 0;
  if (found === 0) throw new ScenarioUnavailable(`need-search: searching "${words[0]}" found no need`);
  return { job: { url: graphqlUrl, bodies: words.map((search) => body(NEED_SEARCH_QUERY, { search })), kind: "query" }, sample, notes: [`need-search: 200 words; "${words[0]}" finds ${found}`] };
}

/** The districts take turns; the period is the 30 days before the load's newest need, where all of them were posted. */
export async function prepareDashboard(graphqlUrl: string, dataSource: DataSource): Promise<PreparedScenario> {
  const districts: { code: string }[] = await dataSource.query("SELECT code FROM area WHERE level = 'DISTRICT' ORDER BY code");
  const [{ newest }] = await dataSource.query("SELECT max(created_at) AS newest FROM resource_need");
  const to = new Date(new Date(newest).getTime() + 1000);
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const bodies = districts.map((district) => body(DASHBOARD_QUERY, { areaCode: district.code, from: from.toISOString(), to: to.toISOString() }));
  const sample = await checked(graphqlUrl, bodies[0], "dashboard");
  const total = (sample.data?.dashboard as { needs?: { total?: number } } | undefined)?.needs?.total ?? 0;
  if (total === 0) throw new ScenarioUnavailable("dashboard: the first district's dashboard counts no needs");
  return { job: { url: graphqlUrl, bodies, kind: "query" }, sample, notes: [`dashboard: ${districts.length} districts, the first counts ${total.toLocaleString("en")} needs`] };
}

/**
 * Pairs of an OPEN need in a live project and an organisation that is neither its project's partner
 * nor already pledging to it, needs taking turns so concurrent pledges rarely queue on one need.
 */
export async function preparePledgeMutation(
  graphqlUrl: string,
  dataSource: DataSource,
  expectedRequests: number,
  name: "pledge-mutation" | "pledge-writers" = "pledge-mutation",
): Promise<PreparedScenario> {
  const eligible = `
    SELECT need.id, need.project_id, need.remaining_quantity FROM resource_need need
    JOIN project ON project.id = need.project_id
    WHERE need.status = 'OPEN' AND project.status IN ('OPEN', 'ACTIVE') AND need.needed_by > now() + interval '1 day'
      AND need.remaining_quantity >= 5
    ORDER BY need.remaining_quantity DESC, need.id LIMIT 1000`;
  const [{ needs }] = await dataSource.query(`SELECT count(*)::int AS needs FROM (${eligible}) n`);
  const perNeed = Math.min(200, Math.max(5, Math.ceil(expectedRequests / Math.max(1, needs))));
  const pairs: { need_id: string; organization_id: string; slot: number }[] = await dataSource.query(`
    SELECT n.id AS need_id, o.id AS organization_id, o.slot
    FROM (${eligible}) n
    CROSS JOIN LATERAL (
      SELECT org.id, row_number() OVER (ORDER BY hashtextextended(org.id::text || n.id::text, 0)) AS slot
      FROM organization org
      WHERE NOT EXISTS (SELECT 1 FROM partnership WHERE project_id = n.project_id AND organization_id = org.id)
        AND NOT EXISTS (SELECT 1 FROM pledge WHERE need_id = n.id AND organization_id = org.id)
      ORDER BY hashtextextended(org.id::text || n.id::text, 0) LIMIT $1
    ) o
    ORDER BY o.slot, n.remaining_quantity DESC, n.id`, [perNeed]);
  if (pairs.length === 0) throw new ScenarioUnavailable(`${name}: the data holds no OPEN need in an OPEN or ACTIVE project`);
  const keys = await benchKeys(dataSource, [...new Set(pairs.map((pair) => pair.organization_id))]);
  const authorizations = pairs.map((pair) => `Bearer ${keys.get(pair.organization_id)}`);
  const bodies = pairs.map((pair) =>
    body(PLEDGE_MUTATION, {
      input: {
        actingOrganizationId: globalId("Organization", pair.organization_id),
        needId: globalId("ResourceNeed", pair.need_id),
        quantity: 1,
        note: BENCH_PLEDGE_NOTE,
      },
    }));
  // The check pledges too; it goes last in the turn so the timed run does not repeat its pair.
  const sample = await checked(graphqlUrl, bodies[bodies.length - 1], name, authorizations[authorizations.length - 1]);
  const payload = sample.data?.pledge as { pledge?: { id?: string } | null; userErrors?: unknown[] } | undefined;
  if (payload?.userErrors?.length || !payload?.pledge?.id) {
    throw new ScenarioUnavailable(`${name}: the check pledge was refused: ${JSON.stringify(payload)}`);
  }
  const notes = pairs.length < expectedRequests
    ? [`${name}: ${pairs.length.toLocaleString("en")} need × organisation pairs for up to ${expectedRequests.toLocaleString("en")} requests; later requests repeat pairs`]
    : [];
  return { job: { url: graphqlUrl, bodies: bodies.slice(0, -1), authorizations: authorizations.slice(0, -1), kind: "mutation" }, sample, notes };
}

/**
 * A write:pledges API key for each pledging organisation, made afresh each run (only their hashes are
 * stored). Marked as just used, as keys in steady use are: last use is written at most once a minute.
 */
export async function benchKeys(dataSource: DataSource, organizationIds: string[]): Promise<Map<string, string>> {
  // A run's keys go with the audit entries they wrote (the pledges themselves are removed after each run).
  await dataSource.query(`DELETE FROM audit_entry WHERE actor_api_key_id IN (SELECT id FROM api_key WHERE name = $1)`, [BENCH_KEY_NAME]);
  await dataSource.query(`DELETE FROM api_key WHERE name = $1`, [BENCH_KEY_NAME]);
  const keys = new Map<string, string>();
  for (const organizationId of organizationIds) {
    const { plaintext, publicId, secretHash } = newApiKeySecret();
    await dataSource.query(
      `INSERT INTO api_key (public_id, secret_hash, organization_id, name, scopes, last_used_at) VALUES ($1, $2, $3, $4, '{write:pledges}', now())`,
      [publicId, secretHash, organizationId, BENCH_KEY_NAME],
    );
    keys.set(organizationId, plaintext);
  }
  return keys;
}

/** The floor must answer what nested-needs-50 answers: same needs, same order (and ideally the same JSON). */
export async function prepareSqlFloor(floorUrl: string, graphqlSample: GraphQLBody | undefined): Promise<PreparedScenario> {
  const text = body(NESTED_NEEDS_QUERY, { first: 50 });
  const sample = await checked(floorUrl, text, "sql-floor");
  const notes: string[] = [];
  if (graphqlSample) {
    const ids = (answer: GraphQLBody) => ((answer.data?.needs as { nodes: { id: string }[] }).nodes).map((node) => node.id);
    if (ids(sample).join() !== ids(graphqlSample).join()) {
      throw new ScenarioUnavailable("sql-floor: its needs differ from nested-needs-50's (ids or order); the floor would not be a floor");
    }
    const difference = firstDifference(graphqlSample.data, sample.data, "data");
    notes.push(difference
      ? `sql-floor: same needs in the same order as nested-needs-50, but the JSON differs at ${difference}`
      : "sql-floor: its JSON equals nested-needs-50's response exactly");
  } else {
    notes.push("sql-floor: not compared with nested-needs-50, whose query could not run");
  }
  return { job: { url: floorUrl, bodies: [text], kind: "query" }, sample, notes };
}

/** Path and both values of the first place two JSON values differ, or undefined. */
export function firstDifference(expected: unknown, actual: unknown, path: string): string | undefined {
  if (typeof expected !== "object" || expected === null || typeof actual !== "object" || actual === null) {
    return Object.is(expected, actual) ? undefined : `${path} (GraphQL ${JSON.stringify(expected)}, SQL ${JSON.stringify(actual)})`;
  }
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  for (const key of keys) {
    const found = firstDifference((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}
