import { DataSource } from "typeorm";
import { newApiKeySecret } from "../src/auth/api-key-secret";
import { BENCH_NEED_KEY_NAME, BENCH_NEED_TITLE } from "./generate";
import { body, checked, globalId, PreparedScenario, ScenarioUnavailable } from "./scenarios";

// post-need-writers: many writers posting needs at once, over many projects, each for the project's lead.

export const WRITERS_NEED_TITLE = `${BENCH_NEED_TITLE} writers`;
const POST_NEED = "mutation ($input: PostNeedInput!) { postNeed(input: $input) { need { id } userErrors { field message code } } }";
const PROJECTS = 1000;

/**
 * One request per project in turn, for up to 1,000 OPEN or ACTIVE projects whose lead is an active partner,
 * each with a write:needs key of its lead (removed with the needs afterwards by removeBenchNeeds).
 */
export async function preparePostNeedWriters(graphqlUrl: string, dataSource: DataSource): Promise<PreparedScenario> {
  const projects: { id: string; lead: string }[] = await dataSource.query(`
    SELECT project.id, project.lead_organization_id AS lead FROM project
    JOIN partnership ON partnership.project_id = project.id AND partnership.organization_id = project.lead_organization_id
    WHERE project.status IN ('OPEN', 'ACTIVE') AND partnership.status = 'ACTIVE'
    ORDER BY md5(project.id::text) LIMIT $1`, [PROJECTS]);
  if (projects.length === 0) throw new ScenarioUnavailable("post-need-writers: the data holds no OPEN or ACTIVE project whose lead is an active partner");
  const leads = [...new Set(projects.map((project) => project.lead))];
  const keys = Array.from(leads, () => newApiKeySecret());
  await dataSource.query(
    `INSERT INTO api_key (public_id, secret_hash, organization_id, name, scopes, last_used_at)
     SELECT public_id, secret_hash, organization_id, $4, '{write:needs}', now() FROM unnest($1::text[], $2::text[], $3::uuid[]) AS k(public_id, secret_hash, organization_id)`,
    [keys.map((key) => key.publicId), keys.map((key) => key.secretHash), leads, BENCH_NEED_KEY_NAME],
  );
  const keyOf = new Map(leads.map((lead, i) => [lead, keys[i].plaintext]));
  const neededBy = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const bodies = projects.map((project, i) =>
    body(POST_NEED, {
      input: {
        actingOrganizationId: globalId("Organization", project.lead),
        projectId: globalId("Project", project.id),
        title: `${WRITERS_NEED_TITLE} ${i}`,
        category: "MATERIALS",
        quantity: 10,
        unit: "件",
        urgency: "NORMAL",
        neededBy,
      },
    }));
  const authorizations = projects.map((project) => `Bearer ${keyOf.get(project.lead)}`);
  const sample = await checked(graphqlUrl, bodies[0], "post-need-writers", authorizations[0]);
  const payload = sample.data?.postNeed as { need?: { id?: string } | null; userErrors?: unknown[] } | undefined;
  if (payload?.userErrors?.length || !payload?.need?.id) {
    throw new ScenarioUnavailable(`post-need-writers: the check postNeed was refused: ${JSON.stringify(payload)}`);
  }
  return {
    job: { url: graphqlUrl, bodies, authorizations, kind: "mutation" },
    sample,
    notes: [`post-need-writers: ${projects.length.toLocaleString("en")} projects of ${leads.length.toLocaleString("en")} leads in turn`],
  };
}
