/** What the load worker is asked to do and what it reports; imports nothing, so both threads can load it. */

export interface LoadJob {
  url: string;
  /** Request bodies, sent in turn across all connections. */
  bodies: string[];
  /** Authorization headers matching `bodies` one for one, when requests act for organisations. */
  authorizations?: string[];
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
  /** "mutation": a response with non-empty userErrors also fails. */
  kind: "query" | "mutation";
}

export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  /** From send to the end of the response, timed by the worker for each request of the timed run. */
  latencyMs: { p50: number; p90: number; p95: number; p99: number; average: number; max: number };
  durationSeconds: number;
  /** Responses that were not 2xx, or carried `errors`, or (mutations) `userErrors`. */
  failed: number;
  non2xx: number;
  withErrors: number;
  withUserErrors: number;
  /** Connection errors and timeouts: requests with no response at all. */
  connectionErrors: number;
  timeouts: number;
  /** One failed response body, to show what went wrong. */
  sampleFailure?: string;
  /** The server process's CPU time (user + system) over the timed run, when it runs in a process of its own. */
  serverCpuMs?: number;
  /** PostgreSQL's CPU time (all its processes) over the timed run, when it runs on this machine. */
  databaseCpuMs?: number;
  /** SQL statements per request over the whole run (warm-up included), where the server counts them. */
  sqlStatementsPerRequest?: number;
}

/** What the worker posts when it is done: the result, and each response's latency, to pool several runs. */
export interface TimedRun {
  result: LoadResult;
  latenciesMs: number[];
}

const hundredths = (ms: number) => Math.round(ms * 100) / 100;

/** Percentiles of response times (the worker's own timing: autocannon's histograms keep whole ms and no p95). */
export function latencySummary(latenciesMs: number[]): LoadResult["latencyMs"] {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? hundredths(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]) : 0);
  const sum = sorted.reduce((total, ms) => total + ms, 0);
  return { p50: at(50), p90: at(90), p95: at(95), p99: at(99), average: hundredths(sum / Math.max(1, sorted.length)), max: hundredths(sorted.at(-1) ?? 0) };
}

/** Sent to the parent just before the timed run starts (after the warm-up), so it can read the server's CPU time. */
export const TIMED_RUN_STARTS = "timed-run-starts";
