import { DataSource } from "typeorm";
import type { Logger } from "../logger";
import { loadDemoData } from "./demo/load-demo-data";

// Any fixed number: instances starting together on one database take turns through this lock.
const STARTUP_LOCK = 7_041_991;

/** Applies pending migrations, one instance at a time. */
export async function migrate(dataSource: DataSource, log: Logger): Promise<void> {
  await withStartupLock(dataSource, async () => {
    const applied = await dataSource.runMigrations({ transaction: "each" });
    for (const migration of applied) log.info({ migration: migration.name }, "migration applied");
  });
}

/** Migrates, then loads the demo data (with its history unless told not to) if the database holds no areas and no organisations yet. */
export async function prepareDatabase(dataSource: DataSource, log: Logger, withDemoData: boolean, withDemoHistory = true): Promise<void> {
  await migrate(dataSource, log);
  if (!withDemoData) return;
  await withStartupLock(dataSource, async () => {
    const [{ empty }] = await dataSource.query(
      "SELECT NOT EXISTS (SELECT 1 FROM area) AND NOT EXISTS (SELECT 1 FROM organization) AS empty",
    );
    if (!empty) return;
    const counts = await loadDemoData(dataSource, { history: withDemoHistory });
    log.info(counts, "demo data loaded into the empty database");
  });
}

/** True when every migration the code knows has been applied. */
export async function isMigrated(dataSource: DataSource): Promise<boolean> {
  const known = dataSource.migrations.map((migration) => migration.name);
  const [{ applied }] = await dataSource.query(
    "SELECT count(*)::int AS applied FROM migrations WHERE name = ANY($1)",
    [known],
  );
  return applied === known.length;
}

async function withStartupLock(dataSource: DataSource, work: () => Promise<void>): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK]);
    try {
      await work();
    } finally {
      await runner.query("SELECT pg_advisory_unlock($1)", [STARTUP_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
