import { performance } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import { Client } from "pg";
import { NeedPosting, postNeed } from "./post-need";

/**
 * Posts the fan-out burst from a worker thread, off the server's event loop, and times each commit:
 * it LISTENs on the channel the outbox notifies, and PostgreSQL delivers a transaction's
 * notification when it commits, in commit order. Event positions are in commit order too (see
 * src/events/outbox.ts), so the k-th notification belongs to the k-th transaction that wrote events.
 */

export interface BurstJob {
  posting: NeedPosting;
  databaseUrl: string;
  /** The channel the outbox notifies on. */
  channel: string;
  size: number;
  /** postNeed requests in flight at once. */
  concurrency: number;
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
    const notifiedAt: number[] = [];
    listener.on("notification", () => notifiedAt.push(epochNow()));
    await listener.query(`LISTEN ${job.channel}`);
    const { rows: [{ head }] } = await listener.query("SELECT coalesce(max(position), 0)::text AS head FROM event");

    const started = performance.now();
    const postLatenciesMs = await postAll(job);
    const postSeconds = (performance.now() - started) / 1000;

    // Until the notifications are in, the listener stays idle: a query would hold them back.
    const waitStarted = performance.now();
    while (notifiedAt.length < job.size && performance.now() - waitStarted < NOTIFICATION_WAIT_MS) await new Promise((resolve) => setTimeout(resolve, 10));
    const transactions = await transactionsSince(listener, head, job.titlePrefix);
    if (notifiedAt.length !== transactions.length) {
      throw new Error(`${notifiedAt.length} commit notifications for ${transactions.length} transactions that wrote events; something else wrote events during the burst`);
    }
    const committedAtMs: number[] = [];
    transactions.forEach((burstIndex, k) => {
      if (burstIndex !== undefined) committedAtMs[burstIndex] = notifiedAt[k];
    });
    if (Object.keys(committedAtMs).length !== job.size) throw new Error(`found the events of ${Object.keys(committedAtMs).length} of the ${job.size} needs posted`);
    return { committedAtMs, postLatenciesMs: postLatenciesMs.sort((a, b) => a - b), postSeconds };
  } finally {
    await listener.end();
  }
}

async function postAll(job: BurstJob): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const sender = async () => {
    while (next < job.size) {
      const index = next++;
      const sent = performance.now();
      await postNeed(job.posting, `${job.titlePrefix}${index}`);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, job.size) }, sender));
  return latencies;
}

/** The transactions that wrote events after `head`, in commit order: each one's burst need index, if it posted one. */
async function transactionsSince(client: Client, head: string, titlePrefix: string): Promise<(number | undefined)[]> {
  const { rows } = await client.query<{ transaction: string; title: string | null }>(
    `SELECT event.xmin::text AS transaction, need.title FROM event
     LEFT JOIN resource_need need ON need.id = event.entity_id AND event.type = 'NEED_POSTED'
     WHERE event.position > $1 ORDER BY event.position`,
    [head],
  );
  const transactions: (number | undefined)[] = [];
  let previous: string | undefined;
  for (const { transaction, title } of rows) {
    // One transaction's events hold consecutive positions: the outbox's lock is held until commit.
    if (transaction !== previous) transactions.push(undefined);
    previous = transaction;
    if (title?.startsWith(titlePrefix)) transactions[transactions.length - 1] = Number(title.slice(titlePrefix.length));
  }
  return transactions;
}

burst(workerData as BurstJob).then(
  (result) => parentPort!.postMessage({ result }),
  (error: unknown) => parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
