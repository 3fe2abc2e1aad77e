import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ChaosResult } from "./chaos";
import type { CpuProfileSummary } from "./cpu-profile";
import type { DrillResult } from "./drill";
import type { FanOutResult } from "./fan-out";
import type { DataReport } from "./generate";
import type { LoadResult } from "./load-worker";
import type { ReadServer } from "./read-comparison";
import { isDrill, type ScenarioName } from "./scenarios";

export interface ScenarioOutcome {
  name: ScenarioName;
  description: string;
  result?: LoadResult;
  /** Q1 and Q2: who answered, and the short extra run with one connection. */
  server?: ReadServer;
  singleConnection?: LoadResult;
  /** Q1 and Q2: the rounds pooled into `result`, in the order they ran. */
  rounds?: { requests: number; durationSeconds: number; serverCpuMs?: number }[];
  /** fan-out: one run per subscriber count. */
  fanOut?: FanOutRun[];
  chaos?: ChaosResult;
  drill?: DrillResult;
  /** Why it did not run. */
  skipped?: string;
}

export interface FanOutRun {
  /** As asked for; the result says how many connected. */
  subscribers: number;
  /** same: all anonymous, one execution per event serves them all; distinct: each its own read key, one execution each. */
  readers: "same" | "distinct";
  result?: FanOutResult;
  skipped?: string;
}

export interface Machine {
  node: string;
  cores: number;
  cpu: string;
  memoryGb: number;
  platform: string;
  postgres: string;
  database: string;
  commit: string;
}

export interface BenchRun {
  startedAt: string;
  scale: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Connections of pledge-writers and post-need-writers. */
  writers: number;
  /** Q1 and Q2's extra run with one connection. */
  singleConnectionSeconds: number;
  /** Q1 and Q2's servers took turns in this many rounds (absent in runs before there were rounds). */
  readRounds?: number;
  machine: Machine;
  data: DataReport;
  scenarios: ScenarioOutcome[];
  notes: string[];
  /** --cpu-prof: the Cogov process's functions by self time. */
  cpuProfile?: CpuProfileSummary;
}

interface Table {
  header: string[];
  rows: string[][];
  /** Columns of words rather than figures. */
  leftAligned: number[];
}

const cpuPerRequest = (result: LoadResult) =>
  result.serverCpuMs === undefined ? undefined : result.serverCpuMs / Math.max(1, result.requests);
const cpuCell = (result: LoadResult) => cpuPerRequest(result)?.toFixed(2) ?? "";
const databaseCpuPerRequest = (result: LoadResult) =>
  result.databaseCpuMs === undefined ? undefined : result.databaseCpuMs / Math.max(1, result.requests);
const databaseCpuCell = (result: LoadResult) => databaseCpuPerRequest(result)?.toFixed(2) ?? "";
const statementsCell = (result: LoadResult) => result.sqlStatementsPerRequest?.toFixed(2) ?? "";

/** Scenarios measured against a floor of the same answers in the same run. */
const FLOOR_OF: Record<string, string> = { "nested-needs-50": "sql-floor", leaderboard: "leaderboard-floor" };

function requestsTable(run: BenchRun): Table {
  const rows = run.scenarios.filter((s) => !s.server && !["fan-out", "chaos"].includes(s.name) && !isDrill(s.name)).map(({ name, result, skipped }) => {
    if (!result) return [name, "skipped", "", "", "", "", "", "", "", "", skipped ? "see notes" : ""];
    const floor = run.scenarios.find((s) => s.name === FLOOR_OF[name])?.result;
    const ratio = floor?.requestsPerSecond ? result.requestsPerSecond / floor.requestsPerSecond : undefined;
    return [
      name,
      result.requestsPerSecond.toFixed(1),
      String(result.latencyMs.p50),
      String(result.latencyMs.p95),
      String(result.latencyMs.p99),
      cpuCell(result),
      databaseCpuCell(result),
      statementsCell(result),
      result.requests.toLocaleString("en"),
      failedCell(result),
      ratio === undefined ? "" : `${ratio.toFixed(3)} (floor ${(1 / ratio).toFixed(1)}× faster)`,
    ];
  });
  return {
    header: ["scenario", "requests/s", "p50 ms", "p95 ms", "p99 ms", "server CPU ms/request", "database CPU ms/request", "SQL statements/request", "requests", "failed", "vs floor"],
    rows,
    leftAligned: [0, 10],
  };
}

const SERVER_LABEL = { cogov: "Cogov", peer: "PostGraphile 4.14.1", floor: "one SQL statement" };

/** Cogov's CPU per request ÷ another server's, round by round, for each query and peer timed in rounds. */
export function roundRatios(run: BenchRun): string[] {
  const lines: string[] = [];
  for (const query of ["q1", "q2"]) {
    const cogov = run.scenarios.find((s) => s.name === query)?.rounds;
    for (const other of ["peer", "floor"] as ReadServer[]) {
      const theirs = run.scenarios.find((s) => s.name === `${query}-${other}`)?.rounds;
      if (!cogov || !theirs || cogov.length < 2 || cogov.length !== theirs.length) continue;
      const perRequest = (round: (typeof cogov)[number]) => (round.serverCpuMs ?? NaN) / Math.max(1, round.requests);
      const ratios = cogov.map((round, i) => perRequest(round) / perRequest(theirs[i]));
      if (ratios.some((ratio) => !Number.isFinite(ratio))) continue;
      lines.push(`${query.toUpperCase()} Cogov ÷ ${SERVER_LABEL[other]}, CPU per request round by round: ${ratios.map((ratio) => ratio.toFixed(2)).join(", ")}×`);
    }
  }
  return lines;
}

/** Q1 and Q2 side by side: Cogov, PostGraphile and the floor, with Cogov's ratios to the other two. */
function readsTable(run: BenchRun): Table {
  const rows: string[][] = [];
  for (const query of ["q1", "q2"]) {
    const of = (server: ReadServer) => run.scenarios.find((s) => s.name === (server === "cogov" ? query : `${query}-${server}`));
    for (const server of ["cogov", "peer", "floor"] as ReadServer[]) {
      const outcome = of(server);
      if (!outcome) continue;
      const { result, singleConnection, skipped } = outcome;
      if (!result) {
        rows.push([query.toUpperCase(), SERVER_LABEL[server], "skipped", "", "", "", "", "", "", "", skipped ? "see notes" : ""]);
        continue;
      }
      rows.push([
        query.toUpperCase(),
        SERVER_LABEL[server],
        result.requestsPerSecond.toFixed(1),
        cpuCell(result),
        databaseCpuCell(result),
        statementsCell(result),
        String(result.latencyMs.p50),
        String(result.latencyMs.p99),
        singleConnection ? String(singleConnection.latencyMs.p50) : "",
        result.requests.toLocaleString("en"),
        failedCell(result),
      ]);
    }
    const cogov = of("cogov")?.result;
    for (const other of ["peer", "floor"] as ReadServer[]) {
      const theirs = of(other)?.result;
      if (!cogov || !theirs) continue;
      const cpu = cpuPerRequest(cogov)! / Math.max(1e-9, cpuPerRequest(theirs)!);
      const ours = databaseCpuPerRequest(cogov);
      const databaseTheirs = databaseCpuPerRequest(theirs);
      rows.push([
        query.toUpperCase(),
        `Cogov ÷ ${SERVER_LABEL[other]}`,
        `${(cogov.requestsPerSecond / theirs.requestsPerSecond).toFixed(2)}×`,
        `${cpu.toFixed(2)}×`,
        ours === undefined || databaseTheirs === undefined ? "" : `${(ours / Math.max(1e-9, databaseTheirs)).toFixed(2)}×`,
        "",
        `${(cogov.latencyMs.p50 / Math.max(0.01, theirs.latencyMs.p50)).toFixed(2)}×`,
        "",
        "",
        "",
        "",
      ]);
    }
  }
  return {
    header: ["query", "server", "requests/s", "server CPU ms/request", "database CPU ms/request", "SQL statements/request", "p50 ms", "p99 ms", "p50 ms, 1 connection", "requests", "failed"],
    rows,
    leftAligned: [0, 1],
  };
}

function drillTable(run: BenchRun): Table {
  const header = ["drill", "mutation", "count", "p50 ms", "p95 ms", "max ms", "failed"];
  const rows = run.scenarios
    .filter((s) => isDrill(s.name))
    .flatMap(({ name, drill }) =>
      drill
        ? Object.entries(drill.mutations).map(([kind, m]) => [name, kind, String(m.count), m.p50.toFixed(1), m.p95.toFixed(1), m.max.toFixed(1), String(m.failed)])
        : [[name, "skipped", "", "", "", "", "see notes"]]);
  return { header, rows, leftAligned: [0, 1] };
}

function profileTable(run: BenchRun): Table {
  const rows = (run.cpuProfile?.top ?? []).map((entry) => [entry.functionName, entry.location, String(entry.selfMs), entry.percent.toFixed(1)]);
  return { header: ["function", "where", "self ms", "% of busy time"], rows, leftAligned: [0, 1] };
}

function failedCell(result: LoadResult): string {
  const total = result.failed + result.connectionErrors;
  const parts = [
    result.non2xx && `${result.non2xx} non-2xx`,
    result.withErrors && `${result.withErrors} errors`,
    result.withUserErrors && `${result.withUserErrors} userErrors`,
    result.connectionErrors && `${result.connectionErrors} no response`,
  ].filter(Boolean);
  return parts.length ? `${total} (${parts.join(", ")})` : "0";
}

function fanOutTable(run: BenchRun): Table {
  const runs = run.scenarios.find((s) => s.name === "fan-out")?.fanOut ?? [];
  const count = (n: number) => n.toLocaleString("en");
  const memory = (pick: (m: FanOutResult["memory"]["before"]) => number, m: FanOutResult["memory"]) =>
    [m.before, m.connected, m.peak, m.end].map(pick).join(" / ");
  const rows = runs.map(({ subscribers, readers, result, skipped }) => {
    if (!result) return [count(subscribers), readers, "skipped", "", "", "", "", "", "", "", "", "", "", skipped ?? ""];
    return [
      result.connected === subscribers ? count(subscribers) : `${count(result.connected)} of ${count(subscribers)}`,
      readers,
      result.connectSeconds.toFixed(1),
      result.readySeconds.toFixed(1),
      `${result.postLatencyMs.p50.toFixed(1)} / ${result.postLatencyMs.max.toFixed(1)}`,
      result.latencyMs.p50.toFixed(1),
      result.latencyMs.p99.toFixed(1),
      result.latencyMs.max.toFixed(1),
      result.latencyFromSendMs ? `${result.latencyFromSendMs.p50.toFixed(1)} / ${result.latencyFromSendMs.p99.toFixed(1)}` : "",
      `${count(result.delivered)} of ${count(result.expected)}`,
      count(result.lost),
      count(result.duplicates),
      memory((m) => m.rssMb, result.memory),
      memory((m) => m.heapUsedMb, result.memory),
    ];
  });
  return {
    header: ["subscribers", "readers", "connect s", "ready s", "postNeed p50 / max ms", "p50 ms", "p99 ms", "max ms", "from sending p50 / p99 ms", "delivered", "lost", "dup", "server RSS MB", "server heap MB"],
    rows,
    leftAligned: [1],
  };
}

function chaosTable(run: BenchRun): Table {
  const outcome = run.scenarios.find((s) => s.name === "chaos");
  if (!outcome) return { header: [], rows: [], leftAligned: [] };
  const header = ["rounds", "restart", "writes acked", "lost", "dup", "unacked", "events", "delivered", "missing", "repeated", "delay p50/p99/max ms", "late >1 s", "ready again ms", "exited"];
  const result = outcome.chaos;
  if (!result) return { header, rows: [["", "skipped", "", "", "", "", "", "", "", "", "", "", "", outcome.skipped ?? ""]], leftAligned: [1, 13] };
  const { deliveries, delayMs } = result;
  const row = [
    String(result.rounds),
    result.restartMs === undefined ? "none" : `${result.restartMs} ms`,
    `${result.acknowledged} of ${result.writes}`,
    String(result.lost),
    String(result.duplicated),
    String(result.unacknowledged),
    String(result.events),
    `${deliveries.delivered} of ${deliveries.expected}`,
    String(deliveries.missing),
    String(deliveries.repeated),
    `${delayMs.p50} / ${delayMs.p99} / ${delayMs.max}`,
    String(delayMs.over1s),
    result.readyAgainMs === undefined ? (result.restartMs === undefined ? "" : "not in 60 s") : String(result.readyAgainMs),
    String(result.exited.length),
  ];
  return { header, rows: [row], leftAligned: [1] };
}

function tables(run: BenchRun): Table[] {
  return [readsTable(run), requestsTable(run), drillTable(run), fanOutTable(run), chaosTable(run)].filter((table) => table.rows.length > 0);
}

function textOf({ header, rows, leftAligned }: Table): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, i) => (leftAligned.includes(i) ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function markdownOf({ header, rows, leftAligned }: Table): string[] {
  const cells = (row: string[]) => `| ${row.join(" | ")} |`;
  return [cells(header), cells(header.map((_, i) => (leftAligned.includes(i) ? "---" : "---:"))), ...rows.map(cells)];
}

export function textTable(run: BenchRun): string {
  return tables(run).map(textOf).join("\n\n");
}

export function markdown(run: BenchRun): string {
  const { machine } = run;
  const [reads, requests, drill, fanOut, chaos, profile] = [readsTable(run), requestsTable(run), drillTable(run), fanOutTable(run), chaosTable(run), profileTable(run)];
  const drillResults = run.scenarios.filter((s) => isDrill(s.name) && s.drill).map((s) => ({ name: s.name, drill: s.drill! }));
  const chaosResult = run.scenarios.find((s) => s.name === "chaos")?.chaos;
  const burst = run.scenarios.find((s) => s.name === "fan-out")?.fanOut?.find((r) => r.result)?.result;
  const generation = run.data.generated
    ? ["", "Data generated in this run (seconds per step):", "",
      ...Object.entries(run.data.timingsMs).map(([step, ms]) => `- ${step}: ${(ms / 1000).toFixed(2)}`)]
    : ["", "Data reused from an earlier run of the same scale."];
  const readsPart = reads.rows.length
    ? [
      "",
      "## Q1 and Q2: Cogov, PostGraphile, one SQL statement",
      "",
      ...markdownOf(reads),
      "",
      ...roundRatios(run).map((line) => `- ${line}`),
      "",
      `Each server runs in a process of its own on the same rows in the same run; ${run.connections} connections for ${run.durationSeconds} s after`,
      `${run.warmupSeconds} s of warm-up${run.readRounds && run.readRounds > 1 ? `, in ${run.readRounds} rounds: the servers take turns, each round in another order, and each server's rounds are added up` : ""};`,
      `then ${run.singleConnectionSeconds} s with 1 connection (after 1 s of warm-up) for the last p50. server CPU`,
      "ms/request is the server process's user + system CPU time over the timed run (from /proc/<pid>/stat) divided by the",
      "responses. database CPU ms/request is PostgreSQL's, all its processes (the postmaster, its backends and workers, those",
      "that ended included), over the timed run, divided by the responses; blank when it runs on another machine.",
      "SQL statements/request: every statement the Cogov process ran, over its GraphQL operations (its /metrics:",
      "with its sweeps and, after writes, its reads of the events they made), the statements PostGraphile's and the floor's",
      "pools ran per request, over the run with its warm-up. The ÷ rows are",
      "Cogov's figure divided by the other's: throughput and p50 (higher throughput, lower p50 is better) and CPU per request",
      "(issue 12's goal: at most 1.00× PostGraphile's, and twice its throughput). The notes say whether each answer's JSON",
      "equals Cogov's.",
    ]
    : [];
  const requestsPart = requests.rows.length
    ? [
      "",
      "## Other scenarios",
      "",
      ...markdownOf(requests),
      "",
      "requests/s is completed responses per second of the timed run; p50, p95 and p99 are latencies in ms; server CPU is the",
      "server process's per response; database CPU is PostgreSQL's (all its processes) per response, blank when it runs on",
      "another machine; SQL statements as above; failed counts responses that were not 2xx, carried `errors` or (mutations)",
      "`userErrors`, and requests with no response.",
      ...(run.scenarios.some((s) => s.name === "pledge-writers" || s.name === "post-need-writers")
        ? ["", `pledge-writers and post-need-writers: ${run.writers} concurrent writers; issue 12's goal is ≥ 500 pledges/s and ≥ 500 postNeed/s.`]
        : []),
      ...(run.scenarios.some((s) => s.name === "ledger")
        ? ["", `ledger: ${run.writers} concurrent writers earning and redeeming; each answered request writes one ledger entry, so requests/s is entries/s.`]
        : []),
    ]
    : [];
  const drillPart = drill.rows.length
    ? [
      "",
      "## Emergency drill",
      "",
      ...markdownOf(drill),
      "",
      ...drillResults.flatMap(({ name, drill: result }) => [
        `${name}: ${result.organizations} organisations, ${result.needs} CRITICAL needs: ${result.accepted} of ${result.expectedPledges} offers accepted; ${result.seconds} s from the first`,
        `postNeed to the last answer, ${result.mutationsPerSecond} mutations/s, ${result.serverCpuMs.toLocaleString("en")} ms of Cogov's CPU${result.databaseCpuMs === undefined ? "" : `, ${result.databaseCpuMs.toLocaleString("en")} ms of PostgreSQL's`}${result.sqlStatements === undefined ? "" : ` and ${result.sqlStatements.toLocaleString("en")} SQL statements`}; ${result.updatesReceived.toLocaleString("en")} of ${result.updatesExpected.toLocaleString("en")}`,
        `needUpdated events delivered to the organisations${result.lastUpdateAfterMs === undefined ? "" : `, the last ${result.lastUpdateAfterMs.toLocaleString("en")} ms after the last mutation's answer`}; ${result.subscriptionErrors} subscription errors.`,
        "",
      ]),
      "The lead of an OPEN project posts the needs one after another (write:needs and write:pledges key); each organisation, subscribed",
      "to needAnnounced(filter: { projectId, urgencyAtLeast: CRITICAL }) over graphql-ws, pledges 2 units on each need as it arrives,",
      "one request at a time, and follows needUpdated(filter: { projectId }) on the same connection; the lead, subscribed to pledgeChanged(filter: { projectId }), accepts each offer as it arrives, at most",
      "10 at a time. Latency is each mutation's, send to answer (issue 12's goal: p95 under 250 ms for each kind). Pledges and needs are",
      "deleted afterwards. drill: every organisation pledges the moment it hears, and the lead posts the next need as soon as answered,",
      "so the server works flat out and latency is mostly queueing for the machine's cores. drill-paced: the lead posts a need every",
      "second, and each organisation pledges within 2 s of hearing of it, the 50 spread evenly over those 2 s, as people answer.",
    ]
    : [];
  const profilePart = profile.rows.length
    ? [
      "",
      "## Where the Cogov process spent its CPU (--cpu-prof)",
      "",
      ...markdownOf(profile),
      "",
      `Self time of the top ${profile.rows.length} functions over the ${run.cpuProfile!.sampledMs.toLocaleString("en")} ms the process was busy (samples other than idle, over its`,
      `whole life: start-up and every scenario of the run; name one scenario with --only to profile it alone); the profile:`,
      `${run.cpuProfile!.file}.`,
    ]
    : [];
  const fanOutPart = fanOut.rows.length
    ? [
      "",
      "## Fan-out",
      "",
      ...markdownOf(fanOut),
      "",
      "Each subscriber is one graphql-ws connection with one `needAnnounced(filter: { urgencyAtLeast: HIGH })`. readers same: all",
      "anonymous, so the server executes each need once for all of them; distinct: each with a read API key of its own (of a",
      "generated organisation), so it executes each need once per subscriber (the reads behind it are still shared). connect s runs",
      "until every client was acknowledged, ready s until every one had received a warm-up need. Latency runs from a need's",
      "acknowledgement (its postNeed answered, after its commit) to receipt at the client, over all deliveries; from sending",
      "runs from the moment its postNeed was sent, before its commit. Latency from the commit lies between the two. delivered counts distinct (subscriber, need) pairs out of connected subscribers × burst; lost is",
      "what is missing, dup what came twice. Server memory is the server process's RSS and V8 heap used in MB: before",
      "subscribing / all subscribed / peak / after the burst.",
    ]
    : [];
  const chaosPart = chaos.rows.length
    ? [
      "",
      "## Chaos",
      "",
      ...markdownOf(chaos),
      "",
      "Two server processes on the bench database; writers post needs with an idempotency key, alternating instances, and retry",
      "with the same key on no answer, 5xx, 409 or a GraphQL error; subscribers follow README's pattern (resubscribe from the last",
      "cursor). Each round terminates every backend of the database once the writers have made progress; then PostgreSQL restarts",
      "(`pg_ctl restart -m fast`) on the embedded cluster. lost: acknowledged writes not stored exactly once; dup: titles stored",
      "twice; delivered: distinct (subscriber, need) pairs of the stream since the start; delay: receipt minus the event's",
      "`occurred_at` (its transaction's start: at most the transaction's length early); ready again: from issuing the restart",
      "until both instances' /readyz answered 200.",
      ...(chaosResult ? ["", `Failed attempts, retried: ${JSON.stringify(chaosResult.failures)}; subscribers' close codes: ${JSON.stringify(chaosResult.subscriberCloseCodes)}.`] : []),
      ...(chaosResult?.exited.length ? ["", "Servers that exited:", ...chaosResult.exited.map((line) => `- ${line}`)] : []),
    ]
    : [];
  return [
    `# Cogov benchmark, ${run.startedAt}`,
    ...readsPart,
    ...requestsPart,
    ...drillPart,
    ...profilePart,
    ...fanOutPart,
    ...chaosPart,
    "",
    "## Scenarios",
    "",
    ...run.scenarios.map((s) => `- **${s.name}**: ${s.description}${s.skipped ? ` — skipped: ${s.skipped}` : ""}`),
    "",
    "## Setting",
    "",
    `- scale ${run.scale}: ${Object.entries(run.data.rows).map(([table, count]) => `${count.toLocaleString("en")} ${table}`).join(", ")}`,
    ...(requests.rows.length || reads.rows.length ? [`- ${run.durationSeconds} s per scenario after ${run.warmupSeconds} s of warm-up, ${run.connections} connections`] : []),
    ...(burst ? [`- fan-out: a burst of ${burst.burst} CRITICAL needs, ${burst.concurrency} postNeed requests at a time from a worker thread${burst.burstRate ? `, at most ${burst.burstRate} a second` : ""}`] : []),
    `- Node.js ${machine.node}, ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.platform}`,
    `- PostgreSQL ${machine.postgres}, ${machine.database}`,
    `- commit ${machine.commit}`,
    ...(requests.rows.length || reads.rows.length || fanOut.rows.length
      ? [`- the servers under test (Cogov \`dist/src/main.js start\`, PostGraphile and the floor, each a process of its own${fanOut.rows.length ? "; fan-out's Cogov in the bench's process" : ""}) and PostgreSQL share the machine with autocannon (in a worker thread of the bench)${fanOut.rows.length ? " and the fan-out subscribers (in a child process)" : ""}`]
      : []),
    ...(chaos.rows.length ? ["- chaos: two server processes, their writers and subscribers (in the bench's process) and PostgreSQL share the machine"] : []),
    ...generation,
    ...(run.notes.length ? ["", "## Notes", "", ...run.notes.map((note) => `- ${note}`)] : []),
    "",
  ].join("\n");
}

/** Writes `results/<time>-scale<S>.json` and `results/latest.md`; returns their paths. */
export async function writeResults(run: BenchRun, directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  // Colons are not allowed in file names everywhere.
  const stamp = run.startedAt.replace(/\.\d+Z$/, "Z").replaceAll(":", "-");
  const json = path.join(directory, `${stamp}-scale${run.scale}.json`);
  const md = path.join(directory, "latest.md");
  await writeFile(json, JSON.stringify(run, null, 2) + "\n");
  await writeFile(md, markdown(run));
  return [json, md];
}
