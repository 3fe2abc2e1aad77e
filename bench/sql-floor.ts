import http from "node:http";
import { AddressInfo } from "node:net";
import { Pool } from "pg";
import { LeaderboardMetric, leaderboardSql } from "../src/services/community/recognition.service";

/**
 * The floor for nested-needs-50: the same JSON as the GraphQL query, built by PostgreSQL in one
 * statement and passed through untouched. No server can answer that query with less work.
 * Project.partners lists ACTIVE partnerships unless asked for other statuses, so this does too; and
 * like the API for an anonymous caller it lists live needs of projects past DRAFT.
 */
export const NESTED_NEEDS_SQL = `
  SELECT json_build_object('needs', json_build_object('nodes', coalesce(json_agg(json_build_object(
      'id', translate(encode(convert_to('ResourceNeed:' || n.id, 'UTF8'), 'base64'), '+/=', '-_'),
      'title', n.title,
      'remainingQuantity', n.remaining_quantity::float8,
      'project', json_build_object(
        'title', project.title,
        'lead', json_build_object('name', lead.name),
        'partners', json_build_object('nodes', partners.nodes)),
      'pledges', json_build_object('nodes', pledges.nodes)
    ) ORDER BY n.urgency_level DESC, n.id DESC), '[]'::json)))::text AS data
  FROM (
    SELECT need.id, need.title, need.remaining_quantity, need.project_id, need.urgency_level
    FROM resource_need need
    WHERE need.status IN ('OPEN', 'PARTIALLY_PLEDGED', 'FULLY_PLEDGED')
      AND EXISTS (SELECT 1 FROM project p WHERE p.id = need.project_id AND p.status <> 'DRAFT')
    ORDER BY need.urgency_level DESC, need.id DESC LIMIT $1
  ) n
  JOIN project ON project.id = n.project_id
  JOIN organization lead ON lead.id = project.lead_organization_id
  CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object('role', ps.role, 'organization', json_build_object('name', o.name))
                             ORDER BY ps.created_at, ps.id), '[]'::json) AS nodes
    FROM (SELECT role, organization_id, created_at, id FROM partnership
          WHERE project_id = project.id AND status = 'ACTIVE' ORDER BY created_at, id LIMIT 5) ps
    JOIN organization o ON o.id = ps.organization_id
  ) partners
  CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object('quantity', pl.quantity::float8, 'status', pl.status,
                                               'organization', json_build_object('name', o.name))
                             ORDER BY pl.created_at, pl.id), '[]'::json) AS nodes
    FROM (SELECT quantity, status, organization_id, created_at, id FROM pledge
          WHERE need_id = n.id ORDER BY created_at, id LIMIT 10) pl
    JOIN organization o ON o.id = pl.organization_id
  ) pledges`;

/** Q1's floor: 50 OPEN needs by deadline, each with its project's title and lead and 10 pledges. */
export const Q1_SQL = `
  SELECT json_build_object('needs', json_build_object('nodes', coalesce(json_agg(json_build_object(
      'id', translate(encode(convert_to('ResourceNeed:' || n.id, 'UTF8'), 'base64'), '+/=', '-_'),
      'title', n.title,
      'project', json_build_object('title', project.title, 'lead', json_build_object('name', lead.name)),
      'pledges', json_build_object('nodes', pledges.nodes)
    ) ORDER BY n.needed_by, n.id), '[]'::json)))::text AS data
  FROM (
    SELECT need.id, need.title, need.project_id, need.needed_by
    FROM resource_need need
    WHERE need.status = 'OPEN'
      AND EXISTS (SELECT 1 FROM project p WHERE p.id = need.project_id AND p.status <> 'DRAFT')
    ORDER BY need.needed_by, need.id LIMIT $1
  ) n
  JOIN project ON project.id = n.project_id
  JOIN organization lead ON lead.id = project.lead_organization_id
  CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object('quantity', pl.quantity::float8, 'organization', json_build_object('name', o.name))
                             ORDER BY pl.created_at, pl.id), '[]'::json) AS nodes
    FROM (SELECT quantity, organization_id, created_at, id FROM pledge
          WHERE need_id = n.id ORDER BY created_at, id LIMIT 10) pl
    JOIN organization o ON o.id = pl.organization_id
  ) pledges`;

/** Q2's floor: one need by id with 10 pledges; null, as the API answers anonymously, for a need of a DRAFT project. */
export const Q2_SQL = `
  SELECT json_build_object('need', (
    SELECT json_build_object(
      'id', translate(encode(convert_to('ResourceNeed:' || n.id, 'UTF8'), 'base64'), '+/=', '-_'),
      'title', n.title,
      'quantity', n.quantity::float8,
      'remainingQuantity', n.remaining_quantity::float8,
      'pledges', json_build_object('nodes', (
        SELECT coalesce(json_agg(json_build_object('quantity', pl.quantity::float8, 'status', pl.status,
                                                   'organization', json_build_object('name', o.name))
                                 ORDER BY pl.created_at, pl.id), '[]'::json)
        FROM (SELECT quantity, status, organization_id, created_at, id FROM pledge
              WHERE need_id = n.id ORDER BY created_at, id LIMIT 10) pl
        JOIN organization o ON o.id = pl.organization_id)))
    FROM resource_need n
    WHERE n.id = $1 AND EXISTS (SELECT 1 FROM project p WHERE p.id = n.project_id AND p.status <> 'DRAFT')
  ))::text AS data`;

/** The leaderboard's floor: Cogov's own statement, its rows turned into the GraphQL answer's JSON by PostgreSQL. */
export const leaderboardFloorSql = (metric: LeaderboardMetric) => `
  SELECT json_build_object('leaderboard', coalesce(json_agg(json_build_object(
      'rank', board.rank, 'name', board."displayName",
      'verifiedHours', board."verifiedHours", 'pointsEarned', board."pointsEarned") ORDER BY board.place), '[]'::json))::text AS data
  -- The statement's own order (rank, then a stable order that names nobody), numbered as it comes.
  FROM (SELECT ranked.*, row_number() OVER () AS place FROM (${leaderboardSql(metric)}) ranked) board`;

export interface FloorServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * A bare node:http server answering POST with `{"data": …}`: /graphql from NESTED_NEEDS_SQL, /q1 from
 * Q1_SQL, /q2 from Q2_SQL and /leaderboard from leaderboardFloorSql.
 */
export async function startFloorServer(databaseUrl: string, port = 0): Promise<FloorServer> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10, application_name: "cogov-bench-floor" });
  // GET /bench-statements: the statements run for the requests answered (one each, counted rather than assumed).
  const counted = { statements: 0, requests: 0 };
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/bench-statements") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(counted));
      return;
    }
    if (req.method !== "POST") {
      res.writeHead(405).end();
      return;
    }
    counted.requests += 1;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      answer(pool, req.url ?? "", Buffer.concat(chunks).toString("utf8"), counted).then(
        (body) => res.writeHead(200, { "content-type": "application/json" }).end(body),
        (error: unknown) =>
          res.writeHead(500, { "content-type": "application/json" })
            .end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] })),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/graphql`,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await pool.end();
    },
  };
}

async function answer(pool: Pool, route: string, body: string, counted: { statements: number }): Promise<string> {
  const { variables } = JSON.parse(body) as { variables?: { first?: number; id?: string; metric?: string; areaCode?: string; from?: string; to?: string } };
  const first = Math.min(100, Math.max(1, Number(variables?.first ?? 50)));
  if (route === "/leaderboard") {
    const metric = variables?.metric === LeaderboardMetric.POINTS ? LeaderboardMetric.POINTS : LeaderboardMetric.HOURS;
    counted.statements += 1;
    const values = [`${variables?.areaCode ?? ""}%`, variables?.from, variables?.to, Math.min(50, first)];
    const { rows } = await pool.query<{ data: string }>({ name: `floor-leaderboard-${metric}`, text: leaderboardFloorSql(metric), values });
    return `{"data":${rows[0].data}}`;
  }
  // Named statements are planned once per connection, as a hand-tuned service would do.
  const statement =
    route === "/q1" ? { name: "floor-q1", text: Q1_SQL, values: [first] }
      : route === "/q2" ? { name: "floor-q2", text: Q2_SQL, values: [needUuid(variables?.id ?? "")] }
        : { name: "floor-nested-needs", text: NESTED_NEEDS_SQL, values: [first] };
  counted.statements += 1;
  const { rows } = await pool.query<{ data: string }>(statement);
  return `{"data":${rows[0].data}}`;
}

/** The uuid inside a ResourceNeed global id; a nil uuid (no need) for anything else. */
function needUuid(globalId: string): string {
  const [type, uuid] = Buffer.from(globalId, "base64url").toString("utf8").split(":");
  return type === "ResourceNeed" && /^[0-9a-f-]{36}$/.test(uuid ?? "") ? uuid : "00000000-0000-0000-0000-000000000000";
}
