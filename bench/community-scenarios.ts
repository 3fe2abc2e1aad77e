import { DataSource } from "typeorm";
import { body, checked, PreparedScenario, ScenarioUnavailable } from "./scenarios";

/** Services the generator makes are named so; nothing else is. */
const SERVICE_NAME = "壓測服務 #";
/** Requests the filing scenario writes say so; they are deleted afterwards. */
export const BENCH_REQUEST_DESCRIPTION = "壓測訴求：樓道燈不亮";

const DIRECTORY_QUERY = `query ($lat: Float!, $lng: Float!, $openAt: DateTime!) {
  services(first: 20, filter: { near: { lat: $lat, lng: $lng, radiusKm: 2 }, openAt: $openAt, targetGroups: [ELDERLY] }) {
    nodes { id name categories targetGroups locations { name address latitude longitude } schedules { freq byday opensAt closesAt timezone } } } }`;

const FILE_REQUEST = `mutation ($input: FileResidentRequestInput!) { fileResidentRequest(input: $input) { request { id status acceptBy handlingOrganization { name } } userErrors { field message code } } }`;

/**
 * The directory's data in the bench database, made once: 3,000 ACTIVE services of the bench's organisations, each at
 * one place of a community or grid (within ~3 km of its neighbours' centre), open on weekdays or weekends in
 * Asia/Shanghai, a third of them for elderly residents. Returns what it did.
 */
export async function ensureDirectoryData(dataSource: DataSource): Promise<string> {
  const [{ made }] = await dataSource.query(`SELECT count(*)::int AS made FROM service WHERE name LIKE $1`, [`${SERVICE_NAME}%`]);
  if (made > 0) return `directory: reusing ${made.toLocaleString("en")} generated services`;
  await dataSource.transaction(async (manager) => {
    await manager.query(`
      WITH orgs AS (SELECT array_agg(id ORDER BY id) AS ids FROM organization), places AS (SELECT array_agg(code ORDER BY code) AS codes FROM area WHERE length(code) >= 12),
      made AS (
        INSERT INTO service_location (organization_id, name, address, area_code, latitude, longitude)
        SELECT orgs.ids[1 + n % cardinality(orgs.ids)], '服務點' || n, '壓測路' || n || '號', places.codes[1 + (n * 7) % cardinality(places.codes)],
               30.55 + ((n * 37) % 200) / 1000.0, 103.95 + ((n * 53) % 200) / 1000.0
        FROM generate_series(1, 3000) n, orgs, places RETURNING id, organization_id, (regexp_replace(name, '\\D', '', 'g'))::int AS n),
      services AS (
        INSERT INTO service (organization_id, name, description, status, categories, target_groups, is_free)
        SELECT organization_id, $1 || n, '生成的社區服務', 'ACTIVE', ARRAY[(ARRAY['MEDICAL', 'LEGAL_AID', 'ELDER_CARE', 'DISABILITY_SUPPORT', 'CULTURAL'])[1 + n % 5]],
               CASE WHEN n % 3 = 0 THEN ARRAY['ELDERLY', 'DISABLED'] ELSE ARRAY['ALL_RESIDENTS'] END, true
        FROM made RETURNING id, (regexp_replace(name, '\\D', '', 'g'))::int AS n),
      offered AS (
        INSERT INTO service_at_location (service_id, location_id, position)
        SELECT services.id, made.id, 0 FROM services JOIN made USING (n) RETURNING service_id, location_id)
      INSERT INTO service_schedule (service_id, location_id, freq, byday, opens_at, closes_at, timezone)
      SELECT offered.service_id, offered.location_id, 'WEEKLY', CASE WHEN services.n % 4 = 0 THEN ARRAY['SA', 'SU'] ELSE ARRAY['MO', 'TU', 'WE', 'TH', 'FR'] END,
             time '08:30', CASE WHEN services.n % 2 = 0 THEN time '17:30' ELSE time '12:00' END, 'Asia/Shanghai'
      FROM offered JOIN services ON services.id = offered.service_id`, [SERVICE_NAME]);
  });
  await dataSource.query("ANALYZE service, service_location, service_at_location, service_schedule");
  return "directory: generated 3,000 services at 3,000 places with weekly hours";
}

/** "Open now, near me, for the elderly": 50 points around the generated places, at 10:00 next Tuesday in Chengdu. */
export async function prepareDirectory(graphqlUrl: string): Promise<PreparedScenario> {
  const tuesday = new Date();
  tuesday.setUTCDate(tuesday.getUTCDate() + ((2 - tuesday.getUTCDay() + 7) % 7 || 7));
  const openAt = `${tuesday.toISOString().slice(0, 10)}T10:00:00+08:00`;
  const bodies = Array.from({ length: 50 }, (_, i) => body(DIRECTORY_QUERY, { lat: 30.56 + ((i * 7) % 19) / 100, lng: 103.96 + ((i * 11) % 19) / 100, openAt }));
  const sample = await checked(graphqlUrl, bodies[0], "directory");
  const found = (sample.data?.services as { nodes?: unknown[] } | undefined)?.nodes?.length ?? 0;
  if (found === 0) throw new ScenarioUnavailable("directory: the first point finds no service open");
  return { job: { url: graphqlUrl, bodies, kind: "query" }, sample, notes: [`directory: 50 points, radius 2 km, open at ${openAt}, for ELDERLY; the first finds ${found}`] };
}

/** Anonymous residents filing requests (a phone to reach them) in the grids a Party organisation up the tree would handle. */
export async function prepareFileRequests(graphqlUrl: string, dataSource: DataSource): Promise<PreparedScenario> {
  const grids: { code: string }[] = await dataSource.query(`
    SELECT a.code FROM area a WHERE a.level = 'GRID'
      AND EXISTS (SELECT 1 FROM organization o WHERE o.kind IN ('PARTY_COMMITTEE', 'PARTY_BRANCH') AND starts_with(a.code, o.area_code))
    ORDER BY a.code LIMIT 500`);
  if (grids.length === 0) throw new ScenarioUnavailable("file-requests: no grid has a Party organisation up its area tree to handle requests");
  const categories = ["INFRASTRUCTURE", "ENVIRONMENT", "PROPERTY_MANAGEMENT", "NEIGHBOURHOOD_DISPUTE", "ELDER_CARE", "SAFETY"];
  const bodies = grids.map(({ code }, i) =>
    body(FILE_REQUEST, { input: {
      category: categories[i % categories.length], description: BENCH_REQUEST_DESCRIPTION, areaCode: code, place: `${1 + (i % 12)}棟`, urgency: "NORMAL",
      preferredContact: "PHONE", contactValue: `1380000${String(i).padStart(4, "0")}`, consentToKeepContact: true, identityVisibleToHandler: true,
    } }),
  );
  const sample = await checked(graphqlUrl, bodies[0], "file-requests");
  return { job: { url: graphqlUrl, bodies, kind: "mutation" }, sample, notes: [`file-requests: anonymous residents in ${grids.length} grids in turn, routed by rule or to the nearest Party organisation`] };
}

/**
 * Deletes the requests the filing scenario wrote, with their histories; returns how many. Requests still in flight when
 * the load stopped may commit meanwhile (a history step of a request being deleted): then it tries again, up to 5 times a second apart.
 */
export async function removeBenchRequests(dataSource: DataSource): Promise<number> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.transaction(async (manager) => {
        await manager.query(`DELETE FROM resident_request_step WHERE request_id IN (SELECT id FROM resident_request WHERE description = $1)`, [BENCH_REQUEST_DESCRIPTION]);
        const [, removed] = await manager.query(`DELETE FROM resident_request WHERE description = $1`, [BENCH_REQUEST_DESCRIPTION]);
        return Number(removed ?? 0);
      });
    } catch (error) {
      if (attempt === 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
