import { chmod, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres";

/**
 * Tests use DATABASE_URL when it is set; otherwise an embedded PostgreSQL in a fresh folder,
 * as on a machine with no database installed. Each test file then makes its own database there.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) {
    process.env.COGOV_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "cogov-test-"));
  // As root the cluster runs as the postgres user, who must be able to enter the folder.
  await chmod(dataDir, 0o755);
  const database = await startEmbeddedPostgres({ dataDir, port: 0, onLog: () => undefined });
  process.env.COGOV_TEST_ADMIN_URL = database.url;
  process.env.COGOV_TEST_EMBEDDED_DIR = dataDir;
  (globalThis as { cogovTestDatabase?: typeof database }).cogovTestDatabase = database;
}
