import { DataSource } from "typeorm";
import { firstDifference, globalId, GraphQLBody, postJson, PreparedScenario, ScenarioUnavailable } from "./scenarios";

// Issue 12's two read shapes, asked of Cogov, of PostGraphile v4 (in its own schema's names) and of the SQL floor.

export type ReadQuery = "q1" | "q2";
export type ReadServer = "cogov" | "peer" | "floor";

const Q1 = {
  cogov: `query { needs(first: 50, filter: { statuses: [OPEN] }, orderBy: { field: NEEDED_BY, direction: ASC }) { nodes { id title project { title lead { name } } pledges(first: 10) { nodes { quantity organization { name } } } } } }`,
  peer: `query { allResourceNeeds(condition: { status: "OPEN" }, orderBy: [NEEDED_BY_ASC, ID_ASC], first: 50) { nodes { id title projectByProjectId { title organizationByLeadOrganizationId { name } } pledgesByNeedId(first: 10, orderBy: [CREATED_AT_ASC, ID_ASC]) { nodes { quantity organizationByOrganizationId { name } } } } } }`,
};

const Q2 = {
  cogov: `query ($id: ID!) { need(id: $id) { id title quantity remainingQuantity pledges(first: 10) { nodes { quantity status organization { name } } } } }`,
  peer: `query ($id: UUID!) { resourceNeedById(id: $id) { id title quantity remainingQuantity pledgesByNeedId(first: 10, orderBy: [CREATED_AT_ASC, ID_ASC]) { nodes { quantity status organizationByOrganizationId { name } } } } }`,
};

/** PostGraphile's names for Cogov's, to compare answers. */
const COGOV_NAME_OF: Record<string, string> = {
  allResourceNeeds: "needs",
  resourceNeedById: "need",
  projectByProjectId: "project",
  organizationByLeadOrganizationId: "lead",
  pledgesByNeedId: "pledges",
  organizationByOrganizationId: "organization",
};
/** PostGraphile answers numeric columns as strings (BigFloat); Cogov as Float. */
const NUMERIC_FIELDS = new Set(["quantity", "remainingQuantity"]);
/** How many of Q2's needs are compared across the three servers before timing. */
const Q2_COMPARED = 20;

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

export interface ReadTarget {
  server: ReadServer;
  /** The server's GraphQL endpoint; the floor's base URL (it answers /q1 and /q2). */
  url: string;
}

/** The request bodies of one query for one server, and where to send them. */
export async function readBodies(query: ReadQuery, target: ReadTarget, dataSource: DataSource): Promise<{ url: string; bodies: string[] }> {
  const url = target.server === "floor" ? target.url.replace(/\/graphql$/, `/${query}`) : target.url;
  if (query === "q1") return { url, bodies: [body(target.server === "peer" ? Q1.peer : Q1.cogov)] };
  const ids = await q2Needs(dataSource);
  return {
    url,
    bodies: ids.map((id) => (target.server === "peer" ? body(Q2.peer, { id }) : body(Q2.cogov, { id: globalId("ResourceNeed", id) }))),
  };
}

/** A fixed spread of 1,000 needs an anonymous reader may see (of projects past DRAFT), the same on every run of a scale. */
async function q2Needs(dataSource: DataSource): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(`
    SELECT need.id FROM resource_need need JOIN project ON project.id = need.project_id
    WHERE project.status <> 'DRAFT' ORDER BY md5(need.id::text) LIMIT 1000`);
  return rows.map((row) => row.id);
}

/** Cogov's answer shape: PostGraphile's names renamed, its uuids made global ids, its numeric strings numbers. */
export function inCogovTerms(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((item) => inCogovTerms(item));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [COGOV_NAME_OF[name] ?? name, inCogovTerms(inner, name)]));
  }
  if (NUMERIC_FIELDS.has(key) && typeof value === "string") return Number(value);
  if (key === "id" && typeof value === "string" && /^[0-9a-f-]{36}$/.test(value)) return globalId("ResourceNeed", value);
  return value;
}

async function answer(url: string, text: string, label: string): Promise<GraphQLBody> {
  const { status, body: answered } = await postJson(url, text);
  if (status !== 200 || answered.errors?.length) {
    throw new ScenarioUnavailable(`${label}: HTTP ${status}, ${answered.errors?.[0]?.message ?? "no 200"}`);
  }
  return answered;
}

const needIds = (answered: GraphQLBody) =>
  ((answered.data?.needs as { nodes?: { id: string }[] } | undefined)?.nodes ?? []).map((node) => node.id);

/**
 * Asks each server the query before timing: every answer must be free of errors, and the peer's and the
 * floor's needs must be Cogov's, in the same order (Q2: the same first 20 needs). Returns a note per
 * server saying whether its JSON equals Cogov's (the peer's after renaming).
 */
export async function checkReads(query: ReadQuery, targets: ReadTarget[], dataSource: DataSource): Promise<Map<ReadServer, PreparedScenario>> {
  const prepared = new Map<ReadServer, PreparedScenario>();
  const answers = new Map<ReadServer, GraphQLBody[]>();
  for (const target of targets) {
    const label = scenarioName(query, target.server);
    const { url, bodies } = await readBodies(query, target, dataSource);
    const checked: GraphQLBody[] = [];
    for (const text of bodies.slice(0, query === "q1" ? 1 : Q2_COMPARED)) {
      const answered = await answer(url, text, label);
      checked.push(target.server === "peer" ? (inCogovTerms(answered) as GraphQLBody) : answered);
    }
    if (query === "q1" && needIds(checked[0]).length !== 50) throw new ScenarioUnavailable(`${label}: expected 50 needs, got ${needIds(checked[0]).length}`);
    if (query === "q2" && !checked[0].data?.need) throw new ScenarioUnavailable(`${label}: the first need came back null`);
    answers.set(target.server, checked);
    prepared.set(target.server, { job: { url, bodies, kind: "query" }, sample: checked[0], notes: [] });
  }
  const cogov = answers.get("cogov");
  for (const [server, answered] of answers) {
    if (server === "cogov") continue;
    const label = scenarioName(query, server);
    if (!cogov) {
      prepared.get(server)!.notes.push(`${label}: not compared with Cogov's answer (${query} was not asked of Cogov)`);
      continue;
    }
    const sameNeeds = query === "q1"
      ? needIds(answered[0]).join() === needIds(cogov[0]).join()
      : answered.every((one, i) => (one.data?.need as { id?: string } | null)?.id === (cogov[i].data?.need as { id?: string } | null)?.id);
    if (!sameNeeds) throw new ScenarioUnavailable(`${label}: its needs differ from Cogov's (ids or order): it would not answer the same question`);
    const difference = answered.map((one, i) => firstDifference(cogov[i].data, one.data, "data")).find(Boolean);
    const renamed = server === "peer" ? " after renaming PostGraphile's fields to Cogov's and its numeric strings to numbers" : "";
    const compared = query === "q1" ? "" : ` (the first ${answered.length} needs of the rotation)`;
    prepared.get(server)!.notes.push(difference
      ? `${label}: the same needs in the same order as Cogov's ${query}${compared}, but the JSON differs${renamed} at ${difference}`
      : `${label}: its JSON equals Cogov's ${query}${compared}${renamed}`);
  }
  return prepared;
}

export function scenarioName(query: ReadQuery, server: ReadServer): "q1" | "q1-peer" | "q1-floor" | "q2" | "q2-peer" | "q2-floor" {
  return server === "cogov" ? query : `${query}-${server}`;
}
