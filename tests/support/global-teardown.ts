import { rm } from "node:fs/promises";
import type { EmbeddedDatabase } from "../../src/db/embedded-postgres";

export default async function globalTeardown(): Promise<void> {
  const database = (globalThis as { cogovTestDatabase?: EmbeddedDatabase }).cogovTestDatabase;
  if (!database) return;
  await database.stop();
  await rm(process.env.COGOV_TEST_EMBEDDED_DIR!, { recursive: true, force: true });
}
