import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { Client } from "pg";
import { NeedPosting, postNeed } from "./post-need";

/**
 * Posts the fan-out burst from a worker thread, off the server's event loop, and times each commit:
 * it LISTENs on the channel the outbox notifies, and PostgreSQL delivers a transaction's
 * notification when it commits. The payload is the position of the transaction's last event (drawn
 * at commit, src/db/migrations/1795870000000-SettledEventPositions.ts): postNeed writes one, so each
 * need's notification is found by its event.
 */

export interface BurstJob {
  posting: NeedPosting;
  databaseUrl: string;
  /** The channel the outbox notifies on. */
  channel: string;
  size: number;
  /** postNeed requests in flight at once. */
  concurrency: number;
  /** Needs a second at most: a fixed load, so that a faster postNeed does not raise the deliveries asked of the server. */
  ratePerSecond: number;
  /** Burst need i is titled this followed by i. */
  titlePrefix: string;
}

export interface BurstResult {
  /** Epoch ms each burst need's transaction committed (its notification arrived here). */
  committedAtMs: number[];
  /** Each postNeed request's milliseconds, sorted. */
  postLatenciesMs: number[];
  /** From the first request sent to the last response. */
  postSeconds: number;
}

// The machine's clock, as the subscriber process uses.
const epochNow = () => performance.timeOrigin + performance.now();
const NOTIFICATION_WAIT_MS = 5_000;

async function burst(job: BurstJob): Promise<BurstResult> {
  const listener = new Client({ connectionString: job.databaseUrl, application_name: "cogov-bench-commits" });
  await listener.connect();
  try {
    const notifiedAt = new Map<string, number>();
    listener.on("notification", ({ payload }) => notifiedAt.set(payload ?? "", epochNow()));
    await listener.query(`LISTEN ${job.channel}`);
    const { rows: [{ head }] } = await listener.query("SELECT coalesce(max(position), 0)::text AS head FROM event");

    const started = performance.now();
    const postLatenciesMs = await postAll(job);
    const postSeconds = (performance.now() - started) / 1000;

    // Until the notifications are in, the listener stays idle: a query would hold them back.
    const waitStarted = performance.now();
    while (notifiedAt.size < job.size && performance.now() - waitStarted < NOTIFICATION_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, 10));
    const announced = await burstEvents(listener, head, job.titlePrefix);
    const committedAtMs: number[] = [];
    for (const [burstIndex, position] of announced) {
      const committedAt = notifiedAt.get(position);
      if (committedAt === undefined) throw new Error(`no commit notification for the transaction that posted burst need ${burstIndex}`);
      committedAtMs[burstIndex] = committedAt;
    }
    if (announced.size !== job.size) throw new Error(`found the events of ${announced.size} of the ${job.size} needs posted`);
    return { committedAtMs, postLatenciesMs: postLatenciesMs.sort((a, b) => a - b), postSeconds };
  } finally {
    await listener.end();
  }
}

async function postAll(job: BurstJob): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    while (next < job.size) {
      const index = next++;
      const due = started + (index * 1000) / job.ratePerSecond;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
      const sent = performance.now();
      await postNeed(job.posting, `${job.titlePrefix}${index}`);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.size) }, sender));
  return latencies;
}

/** Each burst need's index and the position of the event that announced it, which its transaction's notification names. */
async function burstEvents(client: Client, head: string, titlePrefix: string): Promise<Map<number, string>> {
  const { rows } = await client.query<{ position: string; title: string }>(
    `SELECT event.position::text, need.title FROM event
     JOIN resource_need need ON need.id = event.entity_id AND event.type = 'NEED_POSTED'
     WHERE event.position > $1 AND need.title LIKE $2 || '%'`,
    [head, titlePrefix],
  );
  return new Map(rows.map(({ position, title }) => [Number(title.slice(titlePrefix.length)), position]));
}

burst(workerData as BurstJob).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
