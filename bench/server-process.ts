import { ChildProcess, execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import net, { AddressInfo } from "node:net";
import path from "node:path";

/** Node's flags in `npm start`'s command (package.json), so the Cogov processes under test run as deployed. */
export const START_NODE_FLAGS: string[] = (() => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(" ");
  return words.slice(1, words.indexOf("dist/src/main.js"));
})();

/**
 * A server under test in a process of its own, so its CPU time (from /proc/<pid>/stat) is its own and
 * not the load generator's or another server's.
 */
export interface ServerProcess {
  name: string;
  /** The GraphQL endpoint (for the floor, its base: /q1, /q2 and /graphql answer). */
  url: string;
  pid: number;
  /** User plus system CPU time of the whole process (all its threads) so far, in ms. */
  cpuMs(): number;
  /** The process's resident memory now, in MB. */
  rssMb(): number;
  /** Stops it with SIGTERM (a --cpu-prof profile is written on that exit), SIGKILL after 15 s. */
  stop(): Promise<void>;
  exited(): boolean;
  /** Its last lines of output, to say why it failed. */
  tail(): string;
  /** SQL statements run and requests answered so far, where the server counts them. */
  statements?: () => Promise<StatementCount>;
}

export interface StatementCount {
  statements: number;
  requests: number;
}

export interface ServerProcessSpec {
  name: string;
  /** Node arguments: flags and the script with its own arguments. */
  args: string[];
  env: Record<string, string>;
  /** Its URL from its port. */
  url: (port: number) => string;
  /** Answers true once it serves. */
  ready: (url: string) => Promise<boolean>;
  statements?: (url: string) => Promise<StatementCount>;
}

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 15_000;
const CLOCK_TICKS_PER_SECOND = clockTicks();

function clockTicks(): number {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** A port free now: the child binds it a moment later. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A process's /proc/<pid>/stat from field 3 on (counted after the command's ")"), so fields[n] is field n + 3. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

const ticksToMs = (...ticks: string[]) => (ticks.reduce((sum, tick) => sum + Number(tick), 0) * 1000) / CLOCK_TICKS_PER_SECOND;

/** utime + stime of a process, in ms; fields 14 and 15 of /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  const fields = statFields(pid);
  return ticksToMs(fields[11], fields[12]);
}

/**
 * CPU time in ms of a PostgreSQL server on this machine, found by one of its processes (`pid`, as
 * pg_stat_activity shows it): its postmaster's own, its children's that have exited (the postmaster's
 * cutime and cstime, fields 16 and 17) and its live children's. Undefined when that process is not on this
 * machine (a database elsewhere, or in another process namespace).
 */
export function postgresCpuMs(pid: number): number | undefined {
  const isPostgres = (candidate: number) => {
    try {
      return readFileSync(`/proc/${candidate}/comm`, "utf8").trim() === "postgres";
    } catch {
      return false;
    }
  };
  if (!isPostgres(pid)) return undefined;
  const postmaster = Number(statFields(pid)[1]);
  if (!isPostgres(postmaster)) return undefined;
  const own = statFields(postmaster);
  let total = ticksToMs(own[11], own[12], own[13], own[14]);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(Number(entry));
      if (Number(fields[1]) === postmaster) total += ticksToMs(fields[11], fields[12]);
    } catch {
      // It exited after the listing: its time reaches the postmaster's cutime, read by the next call.
    }
  }
  return total;
}

function processRssMb(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServerProcess(spec: ServerProcessSpec): Promise<ServerProcess> {
  const port = await freePort();
  const url = spec.url(port);
  const child: ChildProcess = spawn(process.execPath, spec.args, {
    env: { ...process.env, ...spec.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    output.push(chunk.toString());
    output.splice(0, Math.max(0, output.length - 50));
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  const tail = () => output.join("").slice(-1500);
  const process_: ServerProcess = {
    name: spec.name,
    url,
    pid: child.pid!,
    cpuMs: () => processCpuMs(child.pid!),
    rssMb: () => processRssMb(child.pid!),
    exited,
    tail,
    statements: spec.statements && (() => spec.statements!(url)),
    async stop() {
      if (exited()) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await gone;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await spec.ready(url).catch(() => false))) {
    if (exited()) throw new Error(`${spec.name} exited (${child.exitCode ?? child.signalCode}) before serving: ${tail()}`);
    if (Date.now() > deadline) {
      await process_.stop();
      throw new Error(`${spec.name} did not serve within ${READY_TIMEOUT_MS / 1000} s: ${tail()}`);
    }
    await sleep(200);
  }
  return process_;
}

/** Any HTTP answer at all means the server listens. */
export const answersHttp = (url: string) => fetch(url).then(() => true, () => false);
