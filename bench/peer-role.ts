import { randomBytes } from "node:crypto";
import { DataSource } from "typeorm";

const PEER_ROLE = "cogov_bench_peer";
/** What Q1 and Q2 read; the peer gets SELECT on these and nothing else. */
const PEER_TABLES = ["resource_need", "project", "organization", "pledge"];

/**
 * A login role for PostGraphile that may only read the tables Q1 and Q2 read, with a fresh password
 * each run, and the rule Cogov applies to an anonymous reader as a row policy for it: needs of DRAFT
 * projects are not shown (the bench's own superuser and table owner are not subject to row policies).
 * Returns the peer's database URL.
 */
export async function preparePeerRole(dataSource: DataSource, databaseUrl: string): Promise<string> {
  const password = randomBytes(18).toString("base64url");
  const [{ database }] = await dataSource.query("SELECT current_database() AS database");
  await dataSource.query(`DO $$ BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${PEER_ROLE}') THEN CREATE ROLE ${PEER_ROLE} LOGIN; END IF;
  END $$`);
  await dataSource.query(`ALTER ROLE ${PEER_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`);
  await dataSource.query(`ALTER ROLE ${PEER_ROLE} SET default_transaction_read_only = on`);
  await dataSource.query(`GRANT CONNECT ON DATABASE ${database} TO ${PEER_ROLE}`);
  await dataSource.query(`GRANT USAGE ON SCHEMA public TO ${PEER_ROLE}`);
  await dataSource.query(`GRANT SELECT ON ${PEER_TABLES.join(", ")} TO ${PEER_ROLE}`);
  await dataSource.query("ALTER TABLE resource_need ENABLE ROW LEVEL SECURITY");
  await dataSource.query(`DROP POLICY IF EXISTS bench_peer_reads_live_projects ON resource_need`);
  await dataSource.query(`CREATE POLICY bench_peer_reads_live_projects ON resource_need FOR SELECT TO ${PEER_ROLE}
    USING (EXISTS (SELECT 1 FROM project p WHERE p.id = resource_need.project_id AND p.status <> 'DRAFT'))`);
  const url = new URL(databaseUrl);
  url.username = PEER_ROLE;
  url.password = password;
  return url.toString();
}
