import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { NeedPosting, postNeed } from "./post-need";

/**
 * Posts the fan-out burst from a worker thread, off the server's event loop, and times when each need's
 * postNeed was sent and when it was answered. Its commit lies between: it is no longer seen from outside, as
 * the server, not the committing transaction, sends the NOTIFY that wakes readers
 * (src/events/event-announcer.ts). Latency from the answer is at most, and from the sending at least, the
 * latency from the commit.
 */

export interface BurstJob {
  posting: NeedPosting;
  size: number;
  /** postNeed requests in flight at once. */
  concurrency: number;
  /** Needs a second at most: a fixed load, so that a faster postNeed does not raise the deliveries asked of the server. */
  ratePerSecond: number;
  /** Burst need i is titled this followed by i. */
  titlePrefix: string;
}

export interface BurstResult {
  /** Epoch ms each burst need's postNeed was sent. */
  sentAtMs: number[];
  /** Epoch ms each burst need's postNeed was answered. */
  acknowledgedAtMs: number[];
  /** Each postNeed request's milliseconds, sorted. */
  postLatenciesMs: number[];
  /** From the first request sent to the last response. */
  postSeconds: number;
}

// The machine's clock, as the subscriber process uses.
const epochNow = () => performance.timeOrigin + performance.now();

async function burst(job: BurstJob): Promise<BurstResult> {
  const sentAtMs: number[] = [];
  const acknowledgedAtMs: number[] = [];
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < job.size) {
      const index = next++;
      const due = started + (index * 1000) / job.ratePerSecond;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const sent = performance.now();
      sentAtMs[index] = epochNow();
      await postNeed(job.posting, `${job.titlePrefix}${index}`);
      acknowledgedAtMs[index] = epochNow();
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.size) }, sender));
  return { sentAtMs, acknowledgedAtMs, postLatenciesMs: latencies.sort((a, b) => a - b), postSeconds: (performance.now() - started) / 1000 };
}

burst(workerData as BurstJob).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
