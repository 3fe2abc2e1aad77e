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
import type { LoadJob, LoadResult } from "./load-worker";
import { BenchRun, FanOutRun, Machine, ScenarioOutcome, textTable, writeResults } from "./report";
import {
  DESCRIPTIONS, GraphQLBody, ON_REQUEST, PreparedScenario, prepareNeedById, prepareNestedNeeds, preparePledgeMutation,
  prepareSqlFloor, SCENARIO_NAMES, ScenarioName, prepareDashboard,
} from "./scenarios";
import { FloorServer, startFloorServer } from "./sql-floor";

const USAGE = "Usage: npm run bench -- [--scale 1] [--duration 10] [--connections 10] [--warmup 2] [--only name[,name]] [--subscribers 1000[,10000]] [--burst 200] [--distinct-readers] [--rounds 10] [--regenerate]";
const REPOSITORY = path.resolve(__dirname, "../..");
type HttpScenario = Exclude<ScenarioName, "fan-out" | "chaos">;
/** The floor runs right after the query it is the floor of, under the same conditions; fan-out follows these. */
const RUN_ORDER: HttpScenario[] = ["nested-needs-50", "sql-floor", "need-by-id", "dashboard", "pledge-mutation"];

interface Options {
  scale: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  only: Set<ScenarioName>;
  /** fan-out runs once per count. */
  subscribers: number[];
  burst: number;
  /** fan-out's subscribers each with a read key of its own instead of all anonymous. */
  distinctReaders: boolean;
  /** chaos: rounds of dropped connections before the restart. */
  rounds: number;
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
      only: { type: "string", multiple: true },
      subscribers: { type: "string", default: "1000" },
      burst: { type: "string", default: "200" },
      "distinct-readers": { type: "boolean", default: false },
      rounds: { type: "string", default: "10" },
      regenerate: { type: "boolean", default: false },
    },
  });
  const only = (values.only ?? SCENARIO_NAMES.filter((name) => !ON_REQUEST.includes(name))).flatMap((names) => names.split(",")).map((name) => name.trim());
  for (const name of only) {
    if (!SCENARIO_NAMES.includes(name as ScenarioName)) throw new RangeError(`--only ${name}: scenarios are ${SCENARIO_NAMES.join(", ")}.`);
  }
  return {
    scale: parseScale(values.scale),
    durationSeconds: whole("--duration", values.duration, 1, 600),
    warmupSeconds: whole("--warmup", values.warmup, 0, 60),
    connections: whole("--connections", values.connections, 1, 1000),
    only: new Set(only as ScenarioName[]),
    subscribers: values.subscribers.split(",").map((count) => whole("--subscribers", count.trim(), 1, 100_000)),
    burst: whole("--burst", values.burst, 1, 10_000),
    distinctReaders: values["distinct-readers"],
    rounds: whole("--rounds", values.rounds, 0, 1000),
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
  let server: RunningServer | undefined;
  let floor: FloorServer | undefined;
  try {
    say(`data in ${database.location}`);
    const data = await prepareBenchData(database.dataSource, options.scale, options.regenerate);
    say(data.generated ? `generated in ${(data.timingsMs.total / 1000).toFixed(1)} s` : "reusing the rows of an earlier run (--regenerate loads them again)");
    // Budgets out of the way: the bench measures throughput, not the rate limits.
    const config = {
      ...loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" }),
      jwtSecret: randomBytes(32).toString("hex"),
      pointsPerMinute: 100_000_000,
      anonymousPointsPerMinute: 100_000_000,
    };
    const inProcess = [...options.only].some((name) => name !== "chaos");
    // chaos runs server processes of its own: one crash there must not end the bench.
    server = inProcess ? await startServer(config, database.dataSource, log) : undefined;
    floor = inProcess ? await startFloorServer(database.url) : undefined;
    const { outcomes, notes } = inProcess ? await runScenarios(options, database, server!.url, floor!.url) : { outcomes: new Map<ScenarioName, ScenarioOutcome>(), notes: [] };
    await server?.stop();
    await floor?.stop();
    server = floor = undefined;
    if (options.only.has("chaos")) outcomes.set("chaos", await chaosRun(options, database));
    const run: BenchRun = {
      startedAt,
      scale: options.scale,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      connections: options.connections,
      machine: machine(database),
      data,
      scenarios: SCENARIO_NAMES.filter((name) => outcomes.has(name)).map((name) => outcomes.get(name)!),
      notes,
    };
    say("\n" + textTable(run) + "\n");
    for (const note of notes) say(`note: ${note}`);
    const files = await writeResults(run, path.join(REPOSITORY, "bench", "results"));
    say(`\nwrote ${files.map((file) => path.relative(process.cwd(), file)).join(" and ")}`);
  } finally {
    await server?.stop();
    await floor?.stop();
    await removeBenchPledges(database.dataSource).catch(() => undefined);
    await removeBenchNeeds(database.dataSource).catch(() => undefined);
    await database.close();
  }
}

async function runScenarios(options: Options, database: BenchDatabase, graphqlUrl: string, floorUrl: string) {
  const outcomes = new Map<ScenarioName, ScenarioOutcome>();
  const notes: string[] = [];
  let nestedSample: GraphQLBody | undefined;
  const expectedRequests = (options.warmupSeconds + options.durationSeconds) * 1500;
  const preparers: Record<HttpScenario, () => Promise<PreparedScenario>> = {
    "nested-needs-50": () => prepareNestedNeeds(graphqlUrl),
    "sql-floor": async () => {
      // The floor is checked against the GraphQL answer even when nested-needs-50 is not timed.
      nestedSample ??= await prepareNestedNeeds(graphqlUrl).then((prepared) => prepared.sample, () => undefined);
      return prepareSqlFloor(floorUrl, nestedSample);
    },
    "need-by-id": () => prepareNeedById(graphqlUrl, database.dataSource),
    dashboard: () => prepareDashboard(graphqlUrl, database.dataSource),
    "pledge-mutation": () => preparePledgeMutation(graphqlUrl, database.dataSource, expectedRequests),
  };
  for (const name of RUN_ORDER.filter((candidate) => options.only.has(candidate))) {
    const outcome: ScenarioOutcome = { name, description: DESCRIPTIONS[name] };
    outcomes.set(name, outcome);
    try {
      const prepared = await preparers[name]();
      if (name === "nested-needs-50") nestedSample = prepared.sample;
      notes.push(...prepared.notes);
      const { connections, warmupSeconds, durationSeconds } = options;
      const result = await timedLoad(name, { ...prepared.job, connections, warmupSeconds, durationSeconds });
      outcome.result = result;
      say(`${name.padEnd(16)} ${result.requestsPerSecond.toFixed(1)} requests/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ${result.failed + result.connectionErrors} failed`);
      if (result.sampleFailure) notes.push(`${name}: ${result.failed} failed responses${result.failed >= result.requests ? " (all of them: the numbers measure errors, not work)" : ""}; the first: ${result.sampleFailure}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome.skipped = message.startsWith(name) ? message : `${name}: ${message}`;
      say(`could not run ${outcome.skipped}`);
    } finally {
      if (name === "pledge-mutation") {
        const removed = await removeBenchPledges(database.dataSource);
        if (removed) say(`removed the ${removed.toLocaleString("en")} pledges pledge-mutation wrote`);
      }
    }
  }
  if (options.only.has("fan-out")) {
    const fanOut: FanOutRun[] = [];
    outcomes.set("fan-out", { name: "fan-out", description: DESCRIPTIONS["fan-out"], fanOut });
    for (const requested of options.subscribers) fanOut.push(await fanOutRun(requested, options, database, graphqlUrl, notes));
  }
  return { outcomes, notes };
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
      graphqlUrl, database.dataSource, database.url,
      { subscribers: count, burst: options.burst, concurrency: options.connections, distinctReaders: options.distinctReaders },
      say,
    );
    const { latencyMs, delivered, expected, lost, duplicates } = result;
    say(`fan-out ${count.toLocaleString("en")}, ${readers} readers: connected in ${result.connectSeconds} s, p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms, max ${latencyMs.max} ms, ${delivered.toLocaleString("en")} of ${expected.toLocaleString("en")} delivered, ${lost} lost, ${duplicates} duplicates`);
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

/** autocannon in a worker thread, with a bar that follows the clock. */
async function timedLoad(name: string, job: LoadJob): Promise<LoadResult> {
  const seconds = job.warmupSeconds + job.durationSeconds;
  const bar = new SingleBar({ format: `${name.padEnd(16)} {bar} {value}/{total} s`, clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  bar.start(seconds, 0);
  const tick = setInterval(() => bar.increment(), 1000);
  const worker = new Worker(path.join(__dirname, "load-worker.js"), { workerData: job });
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      worker.once("message", (message: { result?: LoadResult; error?: string }) =>
        message.result ? resolve(message.result) : reject(new Error(`${name}: autocannon failed: ${message.error}`)));
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`${name}: the load worker exited (code ${code}) before reporting`)));
    });
  } finally {
    clearInterval(tick);
    bar.stop();
    await worker.terminate();
  }
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
