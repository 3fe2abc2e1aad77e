import { parentPort, workerData } from "node:worker_threads";
import autocannon from "autocannon";

/**
 * Drives one scenario with autocannon in a worker thread: the server under test runs in the main
 * thread, and a load generator sharing its event loop would slow it down and skew the numbers.
 */

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
  latencyMs: { p50: number; p90: number; p99: number; average: number; max: number };
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
}

const aggregate = (autocannon as unknown as { aggregateResult(results: unknown[], options: autocannon.Options): autocannon.Result }).aggregateResult;

async function drive(job: LoadJob): Promise<LoadResult> {
  let next = 0;
  const tally = { failed: 0, withErrors: 0, withUserErrors: 0, sampleFailure: undefined as string | undefined };
  const onResponse = (status: number, body: string) => {
    // Substring checks: parsing every body would load the generator more than the server.
    const hasErrors = body.includes('"errors":');
    const hasUserErrors = job.kind === "mutation" && !body.includes('"userErrors":[]');
    if (hasErrors) tally.withErrors += 1;
    if (hasUserErrors) tally.withUserErrors += 1;
    if (status < 200 || status > 299 || hasErrors || hasUserErrors) {
      tally.failed += 1;
      tally.sampleFailure ??= `HTTP ${status}: ${body.slice(0, 500)}`;
    }
  };
  const run = async (seconds: number) => {
    const options: autocannon.Options = {
      url: job.url,
      connections: job.connections,
      duration: seconds,
      method: "POST",
      headers: { "content-type": "application/json" },
      requests: [
        {
          setupRequest: (request) => {
            const turn = next++ % job.bodies.length;
            request.body = job.bodies[turn];
            if (job.authorizations) request.headers = { ...request.headers, authorization: job.authorizations[turn] };
            return request;
          },
          onResponse,
        },
      ],
    };
    // Off the main thread autocannon leaves its histograms encoded; this decodes them.
    return aggregate([await autocannon(options)], options);
  };

  if (job.warmupSeconds > 0) {
    await run(job.warmupSeconds);
    Object.assign(tally, { failed: 0, withErrors: 0, withUserErrors: 0, sampleFailure: undefined });
  }
  const result = await run(job.durationSeconds);
  return {
    // The per-second samples stay in autocannon's main-thread histograms; completed / seconds is the mean.
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      average: result.latency.average,
      max: result.latency.max,
    },
    durationSeconds: result.duration,
    failed: tally.failed,
    non2xx: result.non2xx,
    withErrors: tally.withErrors,
    withUserErrors: tally.withUserErrors,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    sampleFailure: tally.sampleFailure,
  };
}

drive(workerData as LoadJob).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
