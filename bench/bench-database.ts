import path from "node:path";
import { Client } from "pg";
import { DataSource } from "typeorm";
import { createDataSource } from "../src/db/data-source";
import { startEmbeddedPostgres } from "../src/db/embedded-postgres";
import { migrate } from "../src/db/startup";
import type { Logger } from "../src/logger";
import { stopDetachedCluster } from "../tests/support/postgres-control";
import { postgresCpuMs } from "./server-process";

// COGOV_BENCH_DATABASE names another, so two runs on one server do not share (and clean up) each other's rows.
const BENCH_DATABASE = process.env.COGOV_BENCH_DATABASE?.trim() || "cogov_bench";
const EMBEDDED_DIR = ".cogov-bench";

export interface BenchDatabase {
  dataSource: DataSource;
  url: string;
  /** Where the data lives, without a password, for the report. */
  location: string;
  serverVersion: string;
  /** The embedded cluster's folder, which chaos restarts; undefined on DATABASE_URL. */
  clusterDir?: string;
  /** The PostgreSQL server's CPU time so far in ms (all its processes), when it runs on this machine. */
  cpuMs(): Promise<number | undefined>;
  close(): Promise<void>;
}

/**
 * The benchmark's own database, so the demo data stays as it is: `cogov_bench` (or COGOV_BENCH_DATABASE) on the server of
 * DATABASE_URL when it is set, else an embedded PostgreSQL in ./.cogov-bench. Migrated on open.
 */
export async function openBenchDatabase(log: Logger, poolSize: number): Promise<BenchDatabase> {
  const external = process.env.DATABASE_URL?.trim();
  const embedded = external
    ? undefined
    : await startEmbeddedPostgres({ dataDir: path.resolve(EMBEDDED_DIR), port: 0, onLog: () => undefined });
  const url = external ? await ensureBenchDatabase(external) : embedded!.url;
  const dataSource = createDataSource(url, log, poolSize);
  try {
    await dataSource.initialize();
    await migrate(dataSource, log);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  const [{ server_version: serverVersion }] = await dataSource.query("SHOW server_version");
  const where = new URL(url);
  where.password = where.password ? "***" : "";
  return {
    dataSource,
    url,
    location: external ? where.toString() : `embedded PostgreSQL in ${EMBEDDED_DIR}/`,
    serverVersion,
    clusterDir: embedded ? path.resolve(EMBEDDED_DIR, "postgres") : undefined,
    // Asked each time: chaos restarts the embedded server, with new processes.
    async cpuMs() {
      const [checkpointer]: { pid: number }[] = await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'`);
      return checkpointer && postgresCpuMs(checkpointer.pid);
    },
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      // After chaos's restart the postmaster is pg_ctl's, not the library's child.
      if (embedded && !(await stopDetachedCluster(path.resolve(EMBEDDED_DIR, "postgres")))) await embedded.stop();
    },
  };
}

/** Creates `cogov_bench` beside the database of `serverUrl` when missing; returns its URL. */
async function ensureBenchDatabase(serverUrl: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(BENCH_DATABASE)) throw new Error(`COGOV_BENCH_DATABASE must be a plain lower-case name, not ${JSON.stringify(BENCH_DATABASE)}`);
  const benchUrl = new URL(serverUrl);
  benchUrl.pathname = `/${BENCH_DATABASE}`;
  if (new URL(serverUrl).pathname === benchUrl.pathname) return serverUrl;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [BENCH_DATABASE]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${BENCH_DATABASE}`);
  } finally {
    await admin.end();
  }
  return benchUrl.toString();
}
