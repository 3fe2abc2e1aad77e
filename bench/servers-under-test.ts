import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { BenchDatabase } from "./bench-database";
import { preparePeerRole } from "./peer-role";
import { answersHttp, ServerProcess, START_NODE_FLAGS, StatementCount, startServerProcess } from "./server-process";

// The servers the HTTP scenarios measure, each a process of its own: Cogov, the SQL floors and PostGraphile.

const MAIN = path.join(__dirname, "..", "src", "main.js");

/** Budgets out of the way: the bench measures throughput, not the rate limits. */
export const UNLIMITED = { COGOV_POINTS_PER_MINUTE: "100000000", COGOV_ANONYMOUS_POINTS_PER_MINUTE: "100000000" };

/**
 * Cogov counts the statements it runs and its GraphQL operations over HTTP in /metrics, without counting per
 * operation (which costs CPU on Node 20, db/request-scope.ts). The statements include its sweeps' and, after writes,
 * the event stream's reads of the events they made; tests assert each operation's own count.
 */
async function cogovStatements(url: string, token: string): Promise<StatementCount> {
  const text = await fetch(url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${token}` } }).then((response) => response.text());
  const operations = [...text.matchAll(/^cogov_graphql_operations_total\{[^}]*\} (\S+)$/gm)].reduce((sum, [, value]) => sum + Number(value), 0);
  return { statements: Number(/^cogov_sql_statements_total (\S+)$/m.exec(text)?.[1] ?? Number.NaN), requests: operations };
}

/** The peer and the floor count the statements their pools run, and answer GET /bench-statements. */
const benchStatements = (url: string) =>
  fetch(url.replace(/\/graphql$/, "/bench-statements")).then((response) => response.json() as Promise<StatementCount>);

/** The servers under test, each a process of its own so its CPU time is its own. */
export interface Servers {
  cogov: ServerProcess;
  floor?: ServerProcess;
  peer?: ServerProcess;
  /** The secret Cogov signs and checks tokens with, for scenarios that act as people. */
  jwtSecret: string;
  /** Where the Cogov process writes its profile (--cpu-prof), read once it has stopped. */
  profileDir?: string;
  stop(): Promise<void>;
}

/** Cogov always; the floor and PostGraphile when a scenario of theirs runs. */
export async function startServers(
  database: BenchDatabase,
  wanted: { floor: boolean; peer: boolean; cpuProf: boolean },
  say: (line: string) => void,
): Promise<Servers> {
  const profileDir = wanted.cpuProf ? await mkdtemp(path.join(os.tmpdir(), "cogov-bench-profile-")) : undefined;
  const started: ServerProcess[] = [];
  const metricsToken = randomBytes(24).toString("hex");
  const jwtSecret = randomBytes(32).toString("hex");
  const stop = () => Promise.all(started.map((one) => one.stop())).then(() => undefined);
  try {
    const cogov = await startServerProcess({
      name: "cogov",
      args: [...START_NODE_FLAGS, ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []), MAIN, "start"],
      env: {
        DATABASE_URL: database.url,
        // warn: no line per request.
        LOG_LEVEL: "warn",
        COGOV_DEMO_DATA: "false",
        COGOV_JWT_SECRET: jwtSecret,
        COGOV_SHUTDOWN_DRAIN_MS: "0",
        COGOV_METRICS_TOKEN: metricsToken,
        ...UNLIMITED,
      },
      url: (port) => `http://127.0.0.1:${port}/graphql`,
      ready: (url) => fetch(url.replace(/\/graphql$/, "/readyz")).then((response) => response.status === 200),
      statements: (url) => cogovStatements(url, metricsToken),
    });
    started.push(cogov);
    say(`cogov serves in process ${cogov.pid}${profileDir ? ` (profiled into ${profileDir})` : ""}`);
    const floor = wanted.floor
      ? await startServerProcess({
        name: "floor",
        args: [path.join(__dirname, "floor-process.js")],
        env: { DATABASE_URL: database.url },
        url: (port) => `http://127.0.0.1:${port}/graphql`,
        ready: answersHttp,
        statements: benchStatements,
      })
      : undefined;
    if (floor) started.push(floor);
    const peer = wanted.peer
      ? await startServerProcess({
        name: "peer",
        args: [path.join(__dirname, "peer-server.js")],
        env: { DATABASE_URL: await preparePeerRole(database.dataSource, database.url) },
        url: (port) => `http://127.0.0.1:${port}/graphql`,
        ready: answersHttp,
        statements: benchStatements,
      })
      : undefined;
    if (peer) started.push(peer);
    return { cogov, floor, peer, jwtSecret, profileDir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
