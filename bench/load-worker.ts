import { parentPort, workerData } from "node:worker_threads";
import autocannon from "autocannon";
import { latencySummary, LoadJob, LoadResult, TIMED_RUN_STARTS, TimedRun } from "./load-job";

export type { LoadJob, LoadResult } from "./load-job";

/**
 * Drives one scenario with autocannon in a worker thread of the bench's process, off its event loop
 * (the servers under test run in processes of their own; fan-out's runs in the bench's main thread).
 */

interface SentAt {
  sentAt: number;
}

const aggregate = (autocannon as unknown as { aggregateResult(results: unknown[], options: autocannon.Options): autocannon.Result }).aggregateResult;

async function drive(job: LoadJob): Promise<TimedRun> {
  let next = 0;
  let latencies: number[] = [];
  const tally = { failed: 0, withErrors: 0, withUserErrors: 0, sampleFailure: undefined as string | undefined };
  const onResponse = (status: number, body: string, context: object) => {
    latencies.push(performance.now() - (context as SentAt).sentAt);
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
          setupRequest: (request, context) => {
            // One request at a time per connection: the context's send time is this request's.
            (context as SentAt).sentAt = performance.now();
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
  latencies = [];
  parentPort!.postMessage(TIMED_RUN_STARTS);
  const result = await run(job.durationSeconds);
  const summary: LoadResult = {
    // The per-second samples stay in autocannon's main-thread histograms; completed / seconds is the mean.
    requestsPerSecond: result.requests.total / result.duration,
    requests: result.requests.total,
    latencyMs: latencySummary(latencies),
    durationSeconds: result.duration,
    failed: tally.failed,
    non2xx: result.non2xx,
    withErrors: tally.withErrors,
    withUserErrors: tally.withUserErrors,
    connectionErrors: result.errors,
    timeouts: result.timeouts,
    sampleFailure: tally.sampleFailure,
  };
  return { result: summary, latenciesMs: latencies };
}

drive(workerData as LoadJob).then(
  (run) => parentPort!.postMessage(run),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
