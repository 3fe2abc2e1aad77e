import "reflect-metadata";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { Presets, SingleBar } from "cli-progress";
import { loadConfig } from "../src/config";
import { createLogger } from "../src/logger";
import { RunningServer, startServer } from "../src/server";
import { BenchDatabase, openBenchDatabase } from "./bench-database";
import { runChaos } from "./chaos";
import { runFanOut, subscribersThatFit } from "./fan-out";
import { parseScale, prepareBenchData, removeBenchNeeds, removeBenchPledges } from "./generate";
import { latencySummary, LoadJob, LoadResult, TIMED_RUN_STARTS, type TimedRun } from "./load-job";
import { PACED, runDrill } from "./drill";
import { preparePostNeedWriters } from "./writers";
import { CpuProfileSummary, summariseCpuProfiles } from "./cpu-profile";
import { checkReads, ReadQuery, ReadServer, ReadTarget, scenarioName } from "./read-comparison";
import { BenchRun, FanOutRun, Machine, ScenarioOutcome, roundRatios, textTable, writeResults } from "./report";
import {
  DESCRIPTIONS, GraphQLBody, ON_REQUEST, PreparedScenario, prepareNeedById, prepareNeedSearch, prepareNestedNeeds, preparePledgeMutation,
  prepareSqlFloor, SCENARIO_GROUPS, SCENARIO_NAMES, ScenarioName, prepareDashboard, DRILL_SCENARIOS, type DrillScenario,
} from "./scenarios";
import { BENCH_REQUEST_DESCRIPTION, ensureDirectoryData, prepareDirectory, prepareFileRequests, removeBenchRequests } from "./community-scenarios";
import { ensureRecognitionData, ledgerCheck, prepareLeaderboard, prepareLeaderboardFloor, prepareLedger } from "./recognition-scenarios";
import type { ServerProcess } from "./server-process";
import { Servers, startServers, UNLIMITED } from "./servers-under-test";

const USAGE = "Usage: npm run bench -- [--scale 1] [--duration 10] [--connections 10] [--writers 50] [--warmup 2] [--only name[,name]] [--subscribers 1000[,10000]] [--burst 200] [--burst-rate 20] [--distinct-readers] [--rounds 10] [--cpu-prof] [--regenerate]";
const REPOSITORY = path.resolve(__dirname, "../..");
type HttpScenario = Exclude<ScenarioName, "fan-out" | "chaos" | DrillScenario | ComparedRead>;
type ComparedRead = ReturnType<typeof scenarioName>;
const READ_SERVERS: ReadServer[] = ["cogov", "peer", "floor"];
/** The floor runs right after the query it is the floor of, under the same conditions; fan-out follows these. */
const RUN_ORDER: HttpScenario[] = [
  "nested-needs-50", "sql-floor", "need-by-id", "need-search", "dashboard", "leaderboard", "leaderboard-floor", "pledge-mutation", "pledge-writers", "post-need-writers", "ledger",
  "directory", "file-requests",
];
/** Run with --writers connections instead of --connections. */
const WRITE_SCENARIOS: HttpScenario[] = ["pledge-writers", "post-need-writers", "ledger", "file-requests"];
/** Scenarios on the recognition data (verified hours, the points ledger), loaded when one of them runs. */
const RECOGNITION_SCENARIOS: ScenarioName[] = ["leaderboard", "leaderboard-floor", "ledger"];
/** Scenarios that need the floor's process, and PostGraphile's. */
const NEEDS_FLOOR: ScenarioName[] = ["q1-floor", "q2-floor", "sql-floor", "leaderboard-floor"];
const NEEDS_PEER: ScenarioName[] = ["q1-peer", "q2-peer"];
/** The short extra run of each Q1/Q2 scenario with one connection: latency without queueing. */
const SINGLE_CONNECTION_SECONDS = 3;
/** Q1 and Q2's servers take turns in this many rounds (at most one per second of --duration). */
const READ_ROUNDS = 5;

interface Options {
  scale: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Concurrent writers of pledge-writers and post-need-writers. */
  writers: number;
  only: Set<ScenarioName>;
  /** fan-out runs once per count. */
  subscribers: number[];
  burst: number;
  burstRate: number;
  /** fan-out's subscribers each with a read key of its own instead of all anonymous. */
  distinctReaders: boolean;
  /** chaos: rounds of dropped connections before the restart. */
  rounds: number;
  /** Start the Cogov process with --cpu-prof and put the top functions by self time into the results. */
  cpuProf: boolean;
  regenerate: boolean;
}

/** A mistake in the command line; the usage line follows its message. */
class UsageError extends Error {}

function readOptions(args: string[]): Options {
  try {
    return optionsFrom(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function optionsFrom(args: string[]): Options {
  const { values } = parseArgs({
    args,
    options: {
      scale: { type: "string", default: "1" },
      duration: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
      connections: { type: "string", default: "10" },
      writers: { type: "string", default: "50" },
      only: { type: "string", multiple: true },
      subscribers: { type: "string", default: "1000" },
      burst: { type: "string", default: "200" },
      "burst-rate": { type: "string", default: "20" },
      "distinct-readers": { type: "boolean", default: false },
      rounds: { type: "string", default: "10" },
      "cpu-prof": { type: "boolean", default: false },
      regenerate: { type: "boolean", default: false },
    },
  });
  const only = (values.only ?? SCENARIO_NAMES.filter((name) => !ON_REQUEST.includes(name)))
    .flatMap((names) => names.split(","))
    .map((name) => name.trim())
    .flatMap((name) => SCENARIO_GROUPS[name] ?? [name]);
  for (const name of only) {
    if (!SCENARIO_NAMES.includes(name as ScenarioName)) {
      throw new RangeError(`--only ${name}: scenarios are ${SCENARIO_NAMES.join(", ")} (and ${Object.keys(SCENARIO_GROUPS).join(", ")} for several).`);
    }
  }
  return {
    scale: parseScale(values.scale),
    durationSeconds: whole("--duration", values.duration, 1, 600),
    warmupSeconds: whole("--warmup", values.warmup, 0, 60),
    connections: whole("--connections", values.connections, 1, 1000),
    writers: whole("--writers", values.writers, 1, 1000),
    only: new Set(only as ScenarioName[]),
    subscribers: values.subscribers.split(",").map((count) => whole("--subscribers", count.trim(), 1, 100_000)),
    burst: whole("--burst", values.burst, 1, 10_000),
    burstRate: whole("--burst-rate", values["burst-rate"], 1, 10_000),
    distinctReaders: values["distinct-readers"],
    rounds: whole("--rounds", values.rounds, 0, 1000),
    cpuProf: values["cpu-prof"],
    regenerate: values.regenerate,
  };
}

function whole(flag: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${flag} is "${text}"; give a whole number from ${min} to ${max}.`);
  return value;
}

const say = (line: string) => process.stdout.write(line + "\n");

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const startedAt = new Date().toISOString();
  const log = createLogger("silent");
  say(`Cogov bench: scale ${options.scale}, ${options.durationSeconds} s per scenario, ${options.connections} connections`);
  const database = await openBenchDatabase(log, 20);
  let servers: Servers | undefined;
  let server: RunningServer | undefined;
  try {
    say(`data in ${database.location}`);
    const data = await prepareBenchData(database.dataSource, options.scale, options.regenerate);
    say(data.generated ? `generated in ${(data.timingsMs.total / 1000).toFixed(1)} s` : "reusing the rows of an earlier run (--regenerate loads them again)");
    const outcomes = new Map<ScenarioName, ScenarioOutcome>();
    const notes: string[] = [];
    if (RECOGNITION_SCENARIOS.some((name) => options.only.has(name))) {
      const loaded = await ensureRecognitionData(database.dataSource);
      say(loaded);
      notes.push(loaded);
    }
    if (options.only.has("directory")) {
      const made = await ensureDirectoryData(database.dataSource);
      say(made);
      notes.push(made);
    }
    let cpuProfile: CpuProfileSummary | undefined;
    const inProcesses = [...options.only].some((name) => name !== "chaos" && name !== "fan-out");
    if (inProcesses) {
      const wants = (names: ScenarioName[]) => names.some((name) => options.only.has(name));
      servers = await startServers(database, { floor: wants(NEEDS_FLOOR), peer: wants(NEEDS_PEER), cpuProf: options.cpuProf }, say);
      await runScenarios(options, database, servers, outcomes, notes);
      await servers.stop();
      if (servers.profileDir) cpuProfile = await summariseCpuProfiles(servers.profileDir);
      servers = undefined;
    }
    if (options.only.has("fan-out")) {
      // fan-out reads the server's memory from inside its process, so that server runs in the bench's.
      server = await startServer(inProcessConfig(), database.dataSource, log);
      outcomes.set("fan-out", await fanOutScenario(options, database, server.url, notes));
      await server.stop();
      server = undefined;
    }
    if (options.only.has("chaos")) outcomes.set("chaos", await chaosRun(options, database));
    const run: BenchRun = {
      startedAt,
      scale: options.scale,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      connections: options.connections,
      writers: options.writers,
      singleConnectionSeconds: SINGLE_CONNECTION_SECONDS,
      readRounds: Math.min(READ_ROUNDS, options.durationSeconds),
      machine: machine(database),
      data,
      scenarios: SCENARIO_NAMES.filter((name) => outcomes.has(name)).map((name) => outcomes.get(name)!),
      notes,
      cpuProfile,
    };
    say("\n" + textTable(run) + "\n");
    for (const line of roundRatios(run)) say(line);
    for (const note of notes) say(`note: ${note}`);
    const files = await writeResults(run, path.join(REPOSITORY, "bench", "results"));
    say(`\nwrote ${files.map((file) => path.relative(process.cwd(), file)).join(" and ")}`);
  } finally {
    await servers?.stop();
    await server?.stop();
    await removeBenchPledges(database.dataSource).catch(() => undefined);
    await removeBenchNeeds(database.dataSource).catch(() => undefined);
    await database.close();
  }
}

function inProcessConfig() {
  return {
    ...loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...UNLIMITED }),
    jwtSecret: randomBytes(32).toString("hex"),
  };
}

async function runScenarios(options: Options, database: BenchDatabase, servers: Servers, outcomes: Map<ScenarioName, ScenarioOutcome>, notes: string[]) {
  for (const query of ["q1", "q2"] as ReadQuery[]) await compareReads(query, options, database, servers, outcomes, notes);
  let nestedSample: GraphQLBody | undefined;
  const graphqlUrl = servers.cogov.url;
  const expectedRequests = (options.warmupSeconds + options.durationSeconds) * 1500;
  const preparers: Record<HttpScenario, () => Promise<PreparedScenario>> = {
    "nested-needs-50": () => prepareNestedNeeds(graphqlUrl),
    "sql-floor": async () => {
      // The floor is checked against the GraphQL answer even when nested-needs-50 is not timed.
      nestedSample ??= await prepareNestedNeeds(graphqlUrl).then((prepared) => prepared.sample, () => undefined);
      return prepareSqlFloor(servers.floor!.url, nestedSample);
    },
    "need-by-id": () => prepareNeedById(graphqlUrl, database.dataSource),
    "need-search": () => prepareNeedSearch(graphqlUrl, database.dataSource),
    dashboard: () => prepareDashboard(graphqlUrl, database.dataSource),
    "pledge-mutation": () => preparePledgeMutation(graphqlUrl, database.dataSource, expectedRequests),
    "pledge-writers": () => preparePledgeMutation(graphqlUrl, database.dataSource, expectedRequests, "pledge-writers"),
    "post-need-writers": () => preparePostNeedWriters(graphqlUrl, database.dataSource),
    leaderboard: () => prepareLeaderboard(graphqlUrl, database.dataSource),
    "leaderboard-floor": () => prepareLeaderboardFloor(servers.floor!.url, graphqlUrl, database.dataSource),
    ledger: () => prepareLedger(graphqlUrl, database.dataSource, servers.jwtSecret, (options.warmupSeconds + options.durationSeconds) * 1000),
    directory: () => prepareDirectory(graphqlUrl),
    "file-requests": () => prepareFileRequests(graphqlUrl, database.dataSource),
  };
  for (const name of RUN_ORDER.filter((candidate) => options.only.has(candidate))) {
    const outcome: ScenarioOutcome = { name, description: DESCRIPTIONS[name] };
    outcomes.set(name, outcome);
    const server = name === "sql-floor" || name === "leaderboard-floor" ? servers.floor! : servers.cogov;
    try {
      const prepared = await preparers[name]();
      if (name === "nested-needs-50") nestedSample = prepared.sample;
      notes.push(...prepared.notes);
      const { warmupSeconds, durationSeconds } = options;
      const connections = WRITE_SCENARIOS.includes(name) ? options.writers : options.connections;
      const { result } = await timedLoad(name, { ...prepared.job, connections, warmupSeconds, durationSeconds }, server, database);
      outcome.result = result;
      reportLine(name, result, notes);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome.skipped = message.startsWith(name) ? message : `${name}: ${message}`;
      say(`could not run ${outcome.skipped}`);
    } finally {
      if (name === "pledge-mutation" || name === "pledge-writers" || name === "post-need-writers") await removeWrites(name, database, notes);
      if (name === "ledger") notes.push(await ledgerCheck(database.dataSource));
      if (name === "file-requests") say(`removed the ${(await removeBenchRequests(database.dataSource)).toLocaleString("en")} requests file-requests wrote ("${BENCH_REQUEST_DESCRIPTION}")`);
    }
  }
  for (const name of DRILL_SCENARIOS) {
    if (options.only.has(name)) outcomes.set(name, await drillScenario(name, database, servers.cogov, notes));
  }
}

async function drillScenario(name: DrillScenario, database: BenchDatabase, cogov: ServerProcess, notes: string[]): Promise<ScenarioOutcome> {
  const outcome: ScenarioOutcome = { name, description: DESCRIPTIONS[name] };
  try {
    const drill = await runDrill(cogov, database, say, name === "drill-paced" ? PACED : undefined);
    outcome.drill = drill;
    const line = (kind: keyof typeof drill.mutations) =>
      `${kind} ${drill.mutations[kind].count} (p50 ${drill.mutations[kind].p50} ms, p95 ${drill.mutations[kind].p95} ms, ${drill.mutations[kind].failed} failed)`;
    say(`${name}: ${drill.accepted} of ${drill.expectedPledges} offers accepted in ${drill.seconds} s, ${drill.serverCpuMs} ms of Cogov's CPU, ${drill.databaseCpuMs ?? "?"} ms of PostgreSQL's, ${drill.sqlStatements ?? "?"} SQL statements; ${line("postNeed")}, ${line("pledge")}, ${line("acceptPledge")}; ${drill.updatesReceived} of ${drill.updatesExpected} needUpdated${drill.lastUpdateAfterMs === undefined ? "" : `, the last ${drill.lastUpdateAfterMs} ms after the last answer`}`);
  } catch (error) {
    outcome.skipped = error instanceof Error ? error.message : String(error);
    say(`could not run ${outcome.skipped}`);
  } finally {
    await removeWrites(name, database, notes);
  }
  return outcome;
}

// What the write scenarios write, update or delete.
const WRITTEN_TABLES = ["resource_need", "resource_need_status_change", "pledge", "delivery", "event", "audit_entry", "api_key", "rate_bucket", "idempotency_key"];

/**
 * Deletes the pledges and needs a scenario wrote. Requests still in flight when the load stopped may
 * commit meanwhile (an audit entry of a key being deleted): then it tries again, up to 5 times a second apart.
 */
async function removeWrites(name: ScenarioName, database: BenchDatabase, notes: string[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const pledges = await removeBenchPledges(database.dataSource);
      const needs = await removeBenchNeeds(database.dataSource);
      if (pledges || needs) say(`removed the ${pledges.toLocaleString("en")} pledges and ${needs.toLocaleString("en")} needs ${name} wrote`);
      // The dead rows left behind would slow the next scenario where autovacuum is off (as on the machines measured here).
      await database.dataSource.query(`VACUUM (ANALYZE) ${WRITTEN_TABLES.join(", ")}`);
      return;
    } catch (error) {
      if (attempt === 5) {
        notes.push(`${name}: could not remove what it wrote: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

function reportLine(name: string, result: LoadResult, notes: string[]): void {
  const perRequest = (ms: number | undefined, what: string) => (ms === undefined ? "" : `, ${(ms / Math.max(1, result.requests)).toFixed(2)} ms ${what} CPU per request`);
  const cpu = perRequest(result.serverCpuMs, "server") + perRequest(result.databaseCpuMs, "database");
  say(`${name.padEnd(17)} ${result.requestsPerSecond.toFixed(1)} requests/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms${cpu}, ${result.failed + result.connectionErrors} failed`);
  if (result.sampleFailure) notes.push(`${name}: ${result.failed} failed responses${result.failed >= result.requests ? " (all of them: the numbers measure errors, not work)" : ""}; the first: ${result.sampleFailure}`);
}

/**
 * One read shape asked of Cogov, PostGraphile and the floor in turn, each checked against Cogov's
 * answer first, each timed with --connections and then briefly with one connection.
 */
async function compareReads(query: ReadQuery, options: Options, database: BenchDatabase, servers: Servers, outcomes: Map<ScenarioName, ScenarioOutcome>, notes: string[]) {
  const processes: Record<ReadServer, ServerProcess | undefined> = { cogov: servers.cogov, peer: servers.peer, floor: servers.floor };
  const chosen = READ_SERVERS.filter((server) => options.only.has(scenarioName(query, server)));
  if (chosen.length === 0) return;
  for (const server of chosen) outcomes.set(scenarioName(query, server), { name: scenarioName(query, server), description: DESCRIPTIONS[scenarioName(query, server)], server });
  // Cogov's answer is the reference, also when only the peer or the floor is timed.
  const targets: ReadTarget[] = READ_SERVERS.filter((server) => server === "cogov" || chosen.includes(server)).map((server) => ({ server, url: processes[server]!.url }));
  let prepared: Map<ReadServer, PreparedScenario>;
  try {
    prepared = await checkReads(query, targets, database.dataSource);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    for (const server of chosen) outcomes.get(scenarioName(query, server))!.skipped = message;
    say(`could not run ${query}: ${message}`);
    return;
  }
  // The servers take turns in short rounds, each round in another order, so that a change in the machine's load
  // during the run falls on all of them alike; each server's rounds are then pooled.
  const { connections, warmupSeconds, durationSeconds } = options;
  const rounds = Math.min(READ_ROUNDS, durationSeconds);
  const runs = new Map<ReadServer, TimedRun[]>(chosen.map((server) => [server, []]));
  for (let round = 0; round < rounds; round += 1) {
    const seconds = Math.floor(durationSeconds / rounds) + (round < durationSeconds % rounds ? 1 : 0);
    for (const server of [...chosen.slice(round % chosen.length), ...chosen.slice(0, round % chosen.length)]) {
      const name = scenarioName(query, server);
      if (outcomes.get(name)!.skipped) continue;
      try {
        const job = { ...prepared.get(server)!.job, connections, warmupSeconds: round === 0 ? warmupSeconds : 0, durationSeconds: seconds };
        runs.get(server)!.push(await timedLoad(`${name} ${round + 1}/${rounds}`, job, processes[server]!, database));
      } catch (error) {
        outcomes.get(name)!.skipped = error instanceof Error ? error.message : String(error);
        say(`could not run ${outcomes.get(name)!.skipped}`);
      }
    }
  }
  for (const server of chosen) {
    const name = scenarioName(query, server);
    const outcome = outcomes.get(name)!;
    notes.push(...prepared.get(server)!.notes);
    if (outcome.skipped) continue;
    outcome.result = pooled(runs.get(server)!);
    outcome.rounds = runs.get(server)!.map(({ result }) => ({ requests: result.requests, durationSeconds: result.durationSeconds, serverCpuMs: result.serverCpuMs }));
    reportLine(name, outcome.result, notes);
    try {
      const job = { ...prepared.get(server)!.job, connections: 1, warmupSeconds: 1, durationSeconds: SINGLE_CONNECTION_SECONDS };
      outcome.singleConnection = (await timedLoad(`${name} ×1`, job, processes[server]!, database)).result;
      say(`${`${name} ×1`.padEnd(17)} p50 ${outcome.singleConnection.latencyMs.p50} ms with one connection`);
    } catch (error) {
      outcome.skipped = error instanceof Error ? error.message : String(error);
      say(`could not run ${outcome.skipped}`);
    }
  }
}

/** The chaos scenario, after the others: it cuts the database's connections and restarts it. */
async function chaosRun(options: Options, database: BenchDatabase): Promise<ScenarioOutcome> {
  const outcome: ScenarioOutcome = { name: "chaos", description: DESCRIPTIONS.chaos };
  try {
    const chaos = await runChaos(
      database.dataSource, database.url, database.url,
      { rounds: options.rounds, writers: options.connections, subscribersPerInstance: 4, clusterDir: database.clusterDir },
      say,
    );
    outcome.chaos = chaos;
    const { deliveries, delayMs } = chaos;
    say(`chaos: ${chaos.acknowledged} of ${chaos.writes} writes acknowledged, ${chaos.lost} lost, ${chaos.duplicated} duplicated, ${chaos.unacknowledged} never acknowledged; ${deliveries.delivered} of ${deliveries.expected} deliveries, ${deliveries.missing} missing, ${deliveries.repeated} repeated; delay p50 ${delayMs.p50} ms, p99 ${delayMs.p99} ms, max ${delayMs.max} ms, ${delayMs.over1s} over 1 s; ready again ${chaos.readyAgainMs ?? "-"} ms; ${chaos.exited.length} servers exited`);
  } catch (error) {
    outcome.skipped = error instanceof Error ? error.message : String(error);
    say(`could not run chaos: ${outcome.skipped}`);
  }
  return outcome;
}

async function fanOutScenario(options: Options, database: BenchDatabase, graphqlUrl: string, notes: string[]): Promise<ScenarioOutcome> {
  const fanOut: FanOutRun[] = [];
  for (const requested of options.subscribers) fanOut.push(await fanOutRun(requested, options, database, graphqlUrl, notes));
  return { name: "fan-out", description: DESCRIPTIONS["fan-out"], fanOut };
}

/** One subscriber count; a failure is that count's, and the next still runs. */
async function fanOutRun(requested: number, options: Options, database: BenchDatabase, graphqlUrl: string, notes: string[]): Promise<FanOutRun> {
  const { count, note } = subscribersThatFit(requested);
  if (note) {
    notes.push(note);
    say(note);
  }
  const readers = options.distinctReaders ? "distinct" : "same";
  try {
    const result = await runFanOut(
      graphqlUrl, database.dataSource,
      { subscribers: count, burst: options.burst, concurrency: options.connections, burstRate: options.burstRate, distinctReaders: options.distinctReaders },
      say,
    );
    const { latencyMs, delivered, expected, lost, duplicates } = result;
    say(`fan-out ${count.toLocaleString("en")}, ${readers} readers: connected in ${result.connectSeconds} s, p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms, max ${latencyMs.max} ms from the acknowledgement (p99 ${result.latencyFromSendMs?.p99} ms from sending), ${delivered.toLocaleString("en")} of ${expected.toLocaleString("en")} delivered, ${lost} lost, ${duplicates} duplicates`);
    if (result.connectFailures) notes.push(`fan-out ${count}: ${result.connectFailures} clients could not connect; the first: ${result.firstConnectFailure}`);
    if (result.unready) notes.push(`fan-out ${count}: ${result.unready} subscribers never received a warm-up need`);
    if (result.subscriptionErrors) notes.push(`fan-out ${count}: ${result.subscriptionErrors} subscription errors; the first: ${result.firstSubscriptionError}`);
    return { subscribers: count, readers, result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    say(`could not run fan-out with ${count.toLocaleString("en")} subscribers: ${message}`);
    return { subscribers: count, readers, skipped: message };
  }
}

/** autocannon in a worker thread, with a bar that follows the clock; the server's and the database's CPU time over the timed part. */
async function timedLoad(name: string, job: LoadJob, server: ServerProcess, database: BenchDatabase): Promise<TimedRun> {
  const seconds = job.warmupSeconds + job.durationSeconds;
  const bar = new SingleBar({ format: `${name.padEnd(16)} {bar} {value}/{total} s`, clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  bar.start(seconds, 0);
  const tick = setInterval(() => bar.increment(), 1000);
  // Read around the whole run, warm-up included: statements per request is a ratio of both.
  const statementsBefore = await server.statements?.();
  const worker = new Worker(path.join(__dirname, "load-worker.js"), { workerData: job });
  let cpuBefore: number | undefined;
  let databaseCpuBefore: Promise<number | undefined> | undefined;
  try {
    const run = await new Promise<TimedRun>((resolve, reject) => {
      worker.on("message", (message: typeof TIMED_RUN_STARTS | TimedRun | { error: string }) => {
        if (message === TIMED_RUN_STARTS) {
          cpuBefore = server.cpuMs();
          databaseCpuBefore = database.cpuMs();
        } else if ("result" in message) resolve({ ...message, result: { ...message.result, serverCpuMs: server.cpuMs() - cpuBefore! } });
        else reject(new Error(`${name}: autocannon failed: ${message.error}`));
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`${name}: the load worker exited (code ${code}) before reporting`)));
    });
    const [databaseBefore, databaseAfter] = await Promise.all([databaseCpuBefore, database.cpuMs()]);
    if (databaseBefore !== undefined && databaseAfter !== undefined) run.result.databaseCpuMs = databaseAfter - databaseBefore;
    const statementsAfter = await server.statements?.();
    if (statementsBefore && statementsAfter && statementsAfter.requests > statementsBefore.requests) {
      const perRequest = (statementsAfter.statements - statementsBefore.statements) / (statementsAfter.requests - statementsBefore.requests);
      run.result.sqlStatementsPerRequest = Math.round(perRequest * 100) / 100;
    }
    return run;
  } finally {
    clearInterval(tick);
    bar.stop();
    await worker.terminate();
  }
}

/** One result of several timed runs of the same job: totals summed, latencies pooled. */
function pooled(runs: TimedRun[]): LoadResult {
  const results = runs.map((run) => run.result);
  const sum = (figure: (result: LoadResult) => number | undefined) => results.reduce((total, result) => total + (figure(result) ?? 0), 0);
  const requests = sum((result) => result.requests);
  const durationSeconds = sum((result) => result.durationSeconds);
  // Statements per request as each run counted them, weighted by its requests.
  const counted = results.filter((result) => result.sqlStatementsPerRequest !== undefined);
  const countedRequests = counted.reduce((total, result) => total + result.requests, 0);
  const statements = counted.reduce((total, result) => total + result.sqlStatementsPerRequest! * result.requests, 0);
  return {
    requestsPerSecond: requests / durationSeconds,
    requests,
    latencyMs: latencySummary(runs.flatMap((run) => run.latenciesMs)),
    durationSeconds,
    failed: sum((result) => result.failed),
    non2xx: sum((result) => result.non2xx),
    withErrors: sum((result) => result.withErrors),
    withUserErrors: sum((result) => result.withUserErrors),
    connectionErrors: sum((result) => result.connectionErrors),
    timeouts: sum((result) => result.timeouts),
    sampleFailure: results.find((result) => result.sampleFailure)?.sampleFailure,
    serverCpuMs: results.every((result) => result.serverCpuMs !== undefined) ? sum((result) => result.serverCpuMs) : undefined,
    databaseCpuMs: results.every((result) => result.databaseCpuMs !== undefined) ? sum((result) => result.databaseCpuMs) : undefined,
    sqlStatementsPerRequest: counted.length ? Math.round((statements / Math.max(1, countedRequests)) * 100) / 100 : undefined,
  };
}

function machine(database: BenchDatabase): Machine {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: REPOSITORY, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  let commit = "unknown";
  try {
    commit = git("rev-parse", "--short", "HEAD") + (git("status", "--porcelain", "--untracked-files=no") ? " with uncommitted changes" : "");
  } catch {
    // Not a git checkout: the report says unknown.
  }
  return {
    node: process.version,
    cores: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    postgres: database.serverVersion,
    database: database.location,
    commit,
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n${error instanceof UsageError ? USAGE + "\n" : ""}`);
  process.exit(1);
});
