import { fork } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Worker } from "node:worker_threads";
import { Presets, SingleBar } from "cli-progress";
import { DataSource } from "typeorm";
import { newApiKeySecret } from "../src/auth/api-key-secret";
import type { BurstJob, BurstResult } from "./fan-out-burst";
import type { Collected, Opened, Progress, SubscribersReply, SubscribersRequest, WarmedUp } from "./fan-out-subscribers";
import { BENCH_NEED_KEY_NAME, BENCH_NEED_TITLE, BENCH_READER_KEY_NAME, removeBenchNeeds } from "./generate";
import { NeedPosting, postNeed } from "./post-need";
import { globalId, ScenarioUnavailable } from "./scenarios";

const WARM_UP_TITLE = `${BENCH_NEED_TITLE} warm-up `;
const BURST_TITLE = `${BENCH_NEED_TITLE} burst `;
const CONNECT_BATCH = 250;
const WARM_UP_ATTEMPTS = 3;
// Longer than the event stream's 5 s poll, so a missed notification shows as delay rather than loss.
const WARM_UP_QUIET_MS = 10_000;
const COLLECT_QUIET_MS = 15_000;
const CLOSE_TIMEOUT_MS = 30_000;
const MEMORY_SAMPLE_MS = 200;
/** Descriptors a process needs beside its sockets: database pools, the event listener, the floor server, files. */
const DESCRIPTOR_RESERVE = 256;

export interface FanOutOptions {
  subscribers: number;
  burst: number;
  /** postNeed requests in flight at once during the burst. */
  concurrency: number;
  /** Burst needs posted a second at most. */
  burstRate: number;
  /** Each subscriber with a read key of its own rather than all anonymous: no two share an execution. */
  distinctReaders: boolean;
}

export interface ServerMemory {
  rssMb: number;
  heapUsedMb: number;
}

export interface FanOutResult {
  subscribers: number;
  connected: number;
  connectFailures: number;
  firstConnectFailure?: string;
  burst: number;
  concurrency: number;
  /** Needs a second at most; absent in results from before it was fixed (as fast as postNeed allowed). */
  burstRate?: number;
  /** Until every client was acknowledged (or had failed). */
  connectSeconds: number;
  /** From the first connection until every subscriber had received a warm-up need. */
  readySeconds: number;
  /** Connected subscribers that never received a warm-up need. */
  unready: number;
  /** From the first postNeed of the burst sent to the last response. */
  postSeconds: number;
  postLatencyMs: { p50: number; max: number };
  /** From the first acknowledgement of the burst to the last delivery. */
  deliverySeconds: number;
  /** Receipt at the client minus the need's acknowledgement (its postNeed answered, after its commit): at most the latency from the commit. */
  latencyMs: { p50: number; p99: number; max: number };
  /** Receipt at the client minus the sending of the need's postNeed (before its commit): at least the latency from the commit. Absent before 2026-12-07. */
  latencyFromSendMs?: { p50: number; p99: number; max: number };
  /** Connected subscribers × burst. */
  expected: number;
  /** Distinct (subscriber, need) deliveries. */
  delivered: number;
  lost: number;
  duplicates: number;
  subscriptionErrors: number;
  firstSubscriptionError?: string;
  /** The server process (subscribers run in a child process): before subscribing, all subscribed, highest seen, after the burst. */
  memory: { before: ServerMemory; connected: ServerMemory; peak: ServerMemory; end: ServerMemory };
}

/**
 * How many subscribers fit under this process's descriptor limit (the subscriber process inherits
 * the same), and a note when that is fewer than asked.
 */
export function subscribersThatFit(requested: number): { count: number; note?: string } {
  const limit = descriptorLimit();
  if (limit === undefined || requested + DESCRIPTOR_RESERVE <= limit) return { count: requested };
  const count = Math.max(0, limit - DESCRIPTOR_RESERVE);
  return {
    count,
    note: `fan-out: ${requested.toLocaleString("en")} subscribers asked for, but a process may open ${limit.toLocaleString("en")} descriptors (ulimit -n) and needs one per socket plus ${DESCRIPTOR_RESERVE}; ran ${count.toLocaleString("en")}`,
  };
}

/** The soft limit on open descriptors, where the system tells (Linux); undefined elsewhere or when unlimited. */
function descriptorLimit(): number | undefined {
  try {
    const match = /^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Connects the subscribers, warms them up, posts the burst, collects the deliveries; always removes what it posted. */
export async function runFanOut(
  graphqlUrl: string,
  dataSource: DataSource,
  options: FanOutOptions,
  say: (line: string) => void,
): Promise<FanOutResult> {
  const posting = await needPosting(graphqlUrl, dataSource);
  const memory = new MemoryWatch();
  const subscribers = new SubscriberProcess();
  try {
    const authorizations = options.distinctReaders ? await readerKeys(dataSource, options.subscribers, say) : undefined;
    say(`fan-out: connecting ${options.subscribers.toLocaleString("en")} subscribers, ${CONNECT_BATCH} at a time`);
    const started = performance.now();
    const opened = await subscribers.ask<Opened>({
      type: "open",
      url: graphqlUrl.replace(/^http/, "ws"),
      count: options.subscribers,
      batchSize: CONNECT_BATCH,
      burstSize: options.burst,
      warmUpTitle: WARM_UP_TITLE,
      burstTitle: BURST_TITLE,
      authorizations,
    });
    if (opened.connected === 0) throw new ScenarioUnavailable(`fan-out: no subscriber could connect; the first: ${opened.firstFailure}`);
    // A subscription is live once the server has registered it, a moment after the acknowledgement:
    // a need every subscriber has received proves it (one that arrived too early for some is posted again).
    let ready = 0;
    for (let attempt = 1; attempt <= WARM_UP_ATTEMPTS && ready < opened.connected; attempt += 1) {
      await postNeed(posting, `${WARM_UP_TITLE}${attempt}`);
      ({ ready } = await subscribers.ask<WarmedUp>({ type: "warm-up", quietMs: WARM_UP_QUIET_MS }));
    }
    const readySeconds = (performance.now() - started) / 1000;
    const connectedMemory = memory.sample();

    say(`fan-out: ${opened.connected.toLocaleString("en")} subscribed; posting ${options.burst} CRITICAL needs, ${options.concurrency} at a time, at most ${options.burstRate} a second`);
    const { sentAtMs, acknowledgedAtMs, postLatenciesMs, postSeconds } = await postBurst({
      posting,
      size: options.burst,
      concurrency: options.concurrency,
      ratePerSecond: options.burstRate,
      titlePrefix: BURST_TITLE,
    });
    say(`fan-out: posted in ${postSeconds.toFixed(1)} s`);
    const bar = new SingleBar({ format: "fan-out deliveries {bar} {value}/{total}  {duration}s", clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
    bar.start(opened.connected * options.burst, 0);
    const collected = await subscribers
      .ask<Collected>({ type: "collect", sentAtMs, acknowledgedAtMs, quietMs: COLLECT_QUIET_MS }, (progress) => bar.update(progress.delivered))
      .finally(() => bar.stop());
    const end = memory.sample();

    return {
      subscribers: options.subscribers,
      connected: opened.connected,
      connectFailures: opened.failed,
      firstConnectFailure: opened.firstFailure,
      burst: options.burst,
      concurrency: options.concurrency,
      burstRate: options.burstRate,
      connectSeconds: tenths(opened.connectMs / 1000),
      readySeconds: tenths(readySeconds),
      unready: opened.connected - ready,
      postSeconds: tenths(postSeconds),
      postLatencyMs: { p50: tenths(postLatenciesMs[Math.ceil(postLatenciesMs.length / 2) - 1]), max: tenths(postLatenciesMs[postLatenciesMs.length - 1]) },
      deliverySeconds: tenths((collected.lastDeliveryAtMs - Math.min(...acknowledgedAtMs)) / 1000),
      latencyMs: { p50: tenths(collected.latencyMs.p50), p99: tenths(collected.latencyMs.p99), max: tenths(collected.latencyMs.max) },
      latencyFromSendMs: { p50: tenths(collected.latencyFromSendMs.p50), p99: tenths(collected.latencyFromSendMs.p99), max: tenths(collected.latencyFromSendMs.max) },
      expected: collected.expected,
      delivered: collected.delivered,
      lost: collected.expected - collected.delivered,
      duplicates: collected.duplicates,
      subscriptionErrors: collected.errors,
      firstSubscriptionError: collected.firstError,
      memory: { before: memory.before, connected: connectedMemory, peak: memory.peak(), end },
    };
  } finally {
    memory.stop();
    await subscribers.close();
    await removeBenchNeeds(dataSource);
  }
}

const tenths = (value: number) => Math.round(value * 10) / 10;

/**
 * postNeed on the first OPEN project whose lead is an active partner, for the lead, with a fresh
 * write:needs key (marked as just used, as keys in steady use are).
 */
export async function needPosting(graphqlUrl: string, dataSource: DataSource): Promise<NeedPosting> {
  const [project]: { id: string; lead: string }[] = await dataSource.query(`
    SELECT project.id, project.lead_organization_id AS lead FROM project
    JOIN partnership ON partnership.project_id = project.id AND partnership.organization_id = project.lead_organization_id
    WHERE project.status = 'OPEN' AND partnership.status = 'ACTIVE'
    ORDER BY project.id LIMIT 1`);
  if (!project) throw new ScenarioUnavailable("fan-out: the data holds no OPEN project whose lead is an active partner");
  const { plaintext, publicId, secretHash } = newApiKeySecret();
  await dataSource.query(
    `INSERT INTO api_key (public_id, secret_hash, organization_id, name, scopes, last_used_at) VALUES ($1, $2, $3, $4, '{write:needs}', now())`,
    [publicId, secretHash, project.lead, BENCH_NEED_KEY_NAME],
  );
  return {
    graphqlUrl,
    authorization: `Bearer ${plaintext}`,
    input: {
      actingOrganizationId: globalId("Organization", project.lead),
      projectId: globalId("Project", project.id),
      category: "MATERIALS",
      quantity: 10,
      unit: "件",
      urgency: "CRITICAL",
      neededBy: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
    },
  };
}

/**
 * A read key for each subscriber, taking the generated organisations in turn (a reader is a key, so
 * keys of one organisation are still different readers), in one INSERT: only the hashes are stored.
 * Marked as just used, as keys in steady use are, so connecting does not write last use.
 */
async function readerKeys(dataSource: DataSource, count: number, say: (line: string) => void): Promise<string[]> {
  const started = performance.now();
  const organizations: { id: string }[] = await dataSource.query("SELECT id FROM organization ORDER BY id");
  if (organizations.length === 0) throw new ScenarioUnavailable("fan-out: the data holds no organisation to give reader keys to");
  const keys = Array.from({ length: count }, () => newApiKeySecret());
  await dataSource.query(
    `INSERT INTO api_key (public_id, secret_hash, organization_id, name, scopes, last_used_at)
     SELECT public_id, secret_hash, organization_id, $4, '{read}', now() FROM unnest($1::text[], $2::text[], $3::uuid[]) AS k(public_id, secret_hash, organization_id)`,
    [keys.map((key) => key.publicId), keys.map((key) => key.secretHash), keys.map((_, i) => organizations[i % organizations.length].id), BENCH_READER_KEY_NAME],
  );
  say(`fan-out: ${count.toLocaleString("en")} read keys over ${Math.min(count, organizations.length).toLocaleString("en")} organisations, made in ${Math.round(performance.now() - started)} ms`);
  return keys.map((key) => `Bearer ${key.plaintext}`);
}

/** fan-out-burst.js in a worker thread: the poster does not share the server's event loop. */
async function postBurst(job: BurstJob): Promise<BurstResult> {
  const worker = new Worker(path.join(__dirname, "fan-out-burst.js"), { workerData: job });
  try {
    return await new Promise<BurstResult>((resolve, reject) => {
      worker.once("message", (message: { result?: BurstResult; error?: string }) =>
        message.result ? resolve(message.result) : reject(new Error(`fan-out: the burst failed: ${message.error}`)));
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`fan-out: the burst worker exited (code ${code}) before reporting`)));
    });
  } finally {
    await worker.terminate();
  }
}

/** The server's memory (this process: the subscribers are elsewhere), sampled so a peak between readings is seen. */
class MemoryWatch {
  private highest: ServerMemory = { rssMb: 0, heapUsedMb: 0 };
  private readonly timer = setInterval(() => this.sample(), MEMORY_SAMPLE_MS);
  readonly before = this.sample();

  sample(): ServerMemory {
    const { rss, heapUsed } = process.memoryUsage();
    const now = { rssMb: Math.round(rss / 2 ** 20), heapUsedMb: Math.round(heapUsed / 2 ** 20) };
    this.highest = { rssMb: Math.max(this.highest.rssMb, now.rssMb), heapUsedMb: Math.max(this.highest.heapUsedMb, now.heapUsedMb) };
    return now;
  }

  peak(): ServerMemory {
    return this.highest;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** fan-out-subscribers.js in a child process, asked one thing at a time. */
class SubscriberProcess {
  private readonly child = fork(path.join(__dirname, "fan-out-subscribers.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  private readonly exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));

  ask<Reply extends SubscribersReply>(request: SubscribersRequest, onProgress?: (progress: Progress) => void): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const answered = (reply: SubscribersReply | Progress) => {
        if (reply.type === "progress") {
          onProgress?.(reply);
          return;
        }
        this.child.off("message", answered);
        this.child.off("exit", died);
        if (reply.type === "failed") reject(new Error(`fan-out: the subscriber process failed: ${reply.error}`));
        else resolve(reply as Reply);
      };
      const died = (code: number | null) => {
        this.child.off("message", answered);
        reject(new Error(`fan-out: the subscriber process exited (code ${code}) before answering ${request.type}`));
      };
      this.child.on("message", answered);
      this.child.once("exit", died);
      this.child.send(request);
    });
  }

  /** Asks it to close its clients and exit; ends it if it has not within the timeout. */
  async close(): Promise<void> {
    if (this.child.connected) this.child.send({ type: "close" } satisfies SubscribersRequest);
    const timeout = setTimeout(() => this.child.kill(), CLOSE_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timeout);
  }
}
