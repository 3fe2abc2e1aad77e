import { rm } from "node:fs/promises";
import path from "node:path";
import type { EmbeddedDatabase } from "../../src/db/embedded-postgres";
import { stopDetachedCluster } from "./postgres-control";

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { cogovTestDatabase?: EmbeddedDatabase }).cogovTestDatabase;
  if (!database) return;
  // The fault tests restart the cluster with pg_ctl: that postmaster is not the library's to stop.
  const detached = await stopDetachedCluster(path.join(process.env.COGOV_TEST_EMBEDDED_DIR!, "postgres"));
  if (!detached) await database.stop();
  await rm(process.env.COGOV_TEST_EMBEDDED_DIR!, { recursive: true, force: true });
}
