import { ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { DataSource } from "typeorm";
import { restartCluster, terminateBackends } from "../tests/support/postgres-control";
import { postNeedWithKey, ResilientSubscriber, tallyFailures, uuidOf, WriteOutcome } from "../tests/support/resilient-client";
import { needPosting } from "./fan-out";
import { BENCH_NEED_TITLE, removeBenchNeeds } from "./generate";
import { START_NODE_FLAGS } from "./server-process";

// The fault tests' writers and subscribers (tests/faults.test.ts) against two server processes on the
// bench's database, while its connections are cut and PostgreSQL restarts: what is lost, repeated, late.

const MAIN = path.join(__dirname, "..", "src", "main.js");
const TITLE = `${BENCH_NEED_TITLE} chaos`;
const WRITES_PER_WRITER = 1_000;
const LATE_MS = 1_000;

export interface ChaosOptions {
  rounds: number;
  writers: number;
  subscribersPerInstance: number;
  /** The bench's embedded cluster, restarted once; undefined on DATABASE_URL (connections are cut instead). */
  clusterDir?: string;
}

export interface ChaosResult {
  rounds: number;
  restart: "pg_ctl restart -m fast" | "none (DATABASE_URL: backends terminated again)";
  seconds: number;
  /** Server processes that exited during the run. */
  exited: string[];
  writes: number;
  acknowledged: number;
  /** Acknowledged writes not stored exactly once. */
  lost: number;
  /** Titles stored more than once. */
  duplicated: number;
  /** Writes never acknowledged within their attempts. */
  unacknowledged: number;
  retried: number;
  failures: Record<string, number>;
  subscribers: number;
  events: number;
  /** (subscriber, event) pairs expected, delivered once, missing, repeated; subscribers with an order different from the stream's. */
  deliveries: { expected: number; delivered: number; missing: number; repeated: number; outOfOrder: number; withoutNeed: number };
  /** Receipt minus the event's occurred_at (its transaction's start), over first deliveries. */
  delayMs: { p50: number; p99: number; max: number; over1s: number };
  /** From issuing the restart until PostgreSQL accepted connections, and until both instances' /readyz answered 200. */
  restartMs?: number;
  readyAgainMs?: number;
  subscriberCloseCodes: number[];
}

interface Instance {
  child: ChildProcess;
  url: string;
  output: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
}

/** `main.js start` on the bench database: processes of their own, so a crash is theirs and is counted. */
function startInstance(databaseUrl: string): Promise<Instance> {
  const child = spawn(process.execPath, [...START_NODE_FLAGS, MAIN, "start"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: "0",
      HOST: "127.0.0.1",
      // info: the line that says where it serves is an info line.
      LOG_LEVEL: "info",
      COGOV_DEMO_DATA: "false",
      COGOV_JWT_SECRET: randomBytes(32).toString("hex"),
      COGOV_POINTS_PER_MINUTE: "100000000",
      COGOV_ANONYMOUS_POINTS_PER_MINUTE: "100000000",
      COGOV_SHUTDOWN_TIMEOUT_MS: "3000",
      // Subscriptions are counted from /metrics.
      COGOV_METRICS_PUBLIC: "true",
    },
  });
  const output: string[] = [];
  let serving = false;
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output.push(chunk.toString());
      // Only the last lines are kept once it serves: they say why, if it exits.
      if (serving) output.splice(0, Math.max(0, output.length - 50));
      const match = serving ? null : /Cogov serves GraphQL at (\S+?)"/.exec(output.join(""));
      if (match) {
        serving = true;
        resolve({ child, url: match[1], output });
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("exit", (code) => reject(new Error(`chaos: a server exited with ${code} before serving: ${output.join("").slice(-500)}`)));
    setTimeout(() => reject(new Error(`chaos: a server did not say where it serves within 60 s: ${output.join("").slice(-500)}`)), 60_000).unref();
  });
}

const exited = (instance: Instance) => instance.child.exitCode !== null || instance.child.signalCode !== null;
const ready = (instance: Instance) =>
  fetch(instance.url.replace(/\/graphql$/, "/readyz")).then((response) => response.status === 200, () => false);

async function subscriptionsOn(url: string): Promise<number | undefined> {
  const text = await fetch(url.replace(/\/graphql$/, "/metrics")).then((response) => response.text(), () => "");
  const match = /\ncogov_subscriptions (\d+)\n/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/** The stream's head where the server offers it (issue 10, item 6); undefined: start from now. */
async function streamHead(url: string): Promise<string | undefined> {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ latestEventCursor }" }) });
  const body = (await response.json()) as { data?: { latestEventCursor?: string } };
  return body.data?.latestEventCursor ?? undefined;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);

export async function runChaos(
  dataSource: DataSource,
  databaseUrl: string,
  adminUrl: string,
  options: ChaosOptions,
  say: (line: string) => void,
): Promise<ChaosResult> {
  const databaseName = new URL(databaseUrl).pathname.slice(1);
  const started = Date.now();
  const instances = [await startInstance(databaseUrl)];
  instances.push(await startInstance(databaseUrl));
  const subscribers: ResilientSubscriber[] = [];
  try {
    const posting = await needPosting(instances[0].url, dataSource);
    const urls = instances.map((instance) => instance.url);
    const projectId = String(posting.input.projectId);
    const input = (title: string) => ({ ...posting.input, title, idempotencyKey: randomUUID() });

    const head = await streamHead(urls[0]);
    for (const instance of instances) {
      for (let i = 0; i < options.subscribersPerInstance; i += 1) subscribers.push(new ResilientSubscriber({ url: instance.url, projectId, after: head }));
    }
    for (const url of urls) await until(async () => (await subscriptionsOn(url)) === options.subscribersPerInstance, 15_000);
    // A need every subscriber receives: from it on each holds a cursor, even without latestEventCursor.
    const marker = await postNeedWithKey({ urls, first: 0, authorization: posting.authorization, input: input(`${TITLE} marker`) });
    if (!marker.id) throw new Error(`chaos: the marker need was not acknowledged: ${marker.refused ?? marker.failures.at(-1)}`);
    await until(() => subscribers.every((subscriber) => subscriber.received.some((event) => event.needId === marker.id)), 15_000);
    const [{ position: markerPosition }] = await dataSource.query(`SELECT position FROM event WHERE type = 'NEED_POSTED' AND entity_id = $1`, [uuidOf(marker.id)]);
    say(`chaos: 2 instances, ${subscribers.length} subscribers ${head ? "from latestEventCursor" : "from a marker need"}, ${options.writers} writers`);

    const outcomes: WriteOutcome[] = [];
    let writing = true;
    const writers = Array.from({ length: options.writers }, async (_, writer) => {
      for (let i = 0; writing && i < WRITES_PER_WRITER; i += 1) {
        outcomes.push(await postNeedWithKey({ urls, first: writer + i, authorization: posting.authorization, input: input(`${TITLE} w${writer} #${i}`) }));
      }
    });
    const acknowledged = () => outcomes.filter((outcome) => outcome.id).length;
    const cut = async () => {
      const before = acknowledged();
      await until(() => acknowledged() >= before + 5, 10_000);
      return terminateBackends(adminUrl, databaseName);
    };

    for (let round = 1; round <= options.rounds; round += 1) say(`chaos: round ${round}, ${await cut()} backends terminated`);
    let restartMs: number | undefined;
    let readyAgainMs: number | undefined;
    if (options.clusterDir) {
      const before = acknowledged();
      await until(() => acknowledged() >= before + 10, 10_000);
      const issued = Date.now();
      await restartCluster(options.clusterDir);
      restartMs = Date.now() - issued;
      if (await until(async () => (await Promise.all(instances.map(ready))).every(Boolean), 60_000)) readyAgainMs = Date.now() - issued;
      say(`chaos: PostgreSQL restarted in ${restartMs} ms; both instances ready ${readyAgainMs ?? "not within 60 s"} ms after the restart began`);
    } else {
      say(`chaos: DATABASE_URL's server is not restarted; cut again: ${await cut()} backends terminated`);
    }
    const afterFaults = acknowledged();
    await until(() => acknowledged() >= afterFaults + 2 * options.writers, 30_000);
    writing = false;
    await Promise.all(writers);

    const stream: { id: string; occurred_at: Date }[] = await dataSource.query(
      `SELECT entity_id AS id, occurred_at FROM event WHERE type = 'NEED_POSTED' AND project_id = $1 AND position >= $2 ORDER BY position`,
      [uuidOf(projectId), markerPosition],
    );
    await until(() => subscribers.every((subscriber) => subscriber.needUuids.length >= stream.length), 30_000);
    const stored: { title: string; id: string }[] = await dataSource.query(`SELECT title, id FROM resource_need WHERE title LIKE $1`, [`${TITLE} %`]);
    const byTitle = new Map<string, string[]>();
    for (const row of stored) byTitle.set(row.title, [...(byTitle.get(row.title) ?? []), row.id]);

    const occurredAt = new Map(stream.map((event) => [event.id, new Date(event.occurred_at).getTime()]));
    const expectedOrder = stream.map((event) => event.id).join();
    const deliveries = { expected: stream.length * subscribers.length, delivered: 0, missing: 0, repeated: 0, outOfOrder: 0, withoutNeed: 0 };
    const delays: number[] = [];
    for (const subscriber of subscribers) {
      const firsts = new Map<string, number>();
      for (const event of subscriber.received) {
        if (!event.needId) deliveries.withoutNeed += 1;
        else if (firsts.has(uuidOf(event.needId))) deliveries.repeated += 1;
        else firsts.set(uuidOf(event.needId), event.receivedAt);
      }
      for (const [id, receivedAt] of firsts) if (occurredAt.has(id)) delays.push(receivedAt - occurredAt.get(id)!);
      const delivered = stream.filter((event) => firsts.has(event.id)).length;
      deliveries.delivered += delivered;
      deliveries.missing += stream.length - delivered;
      if ([...firsts.keys()].join() !== expectedOrder) deliveries.outOfOrder += 1;
    }
    delays.sort((a, b) => a - b);
    const acked = outcomes.filter((outcome) => outcome.id);
    return {
      rounds: options.rounds,
      restart: options.clusterDir ? "pg_ctl restart -m fast" : "none (DATABASE_URL: backends terminated again)",
      seconds: Math.round((Date.now() - started) / 100) / 10,
      exited: instances.filter(exited).map((instance) => `code ${instance.child.exitCode}, signal ${instance.child.signalCode}: ${instance.output.join("").slice(-300)}`),
      writes: outcomes.length,
      acknowledged: acked.length,
      lost: acked.filter((outcome) => (byTitle.get(outcome.title) ?? []).join() !== uuidOf(outcome.id!)).length,
      duplicated: [...byTitle.values()].filter((ids) => ids.length > 1).length,
      unacknowledged: outcomes.filter((outcome) => !outcome.id).length,
      retried: outcomes.filter((outcome) => outcome.attempts > 1).length,
      failures: tallyFailures(outcomes),
      subscribers: subscribers.length,
      events: stream.length,
      deliveries,
      delayMs: { p50: percentile(delays, 50), p99: percentile(delays, 99), max: delays.at(-1) ?? 0, over1s: delays.filter((delay) => delay > LATE_MS).length },
      restartMs,
      readyAgainMs,
      subscriberCloseCodes: [...new Set(subscribers.flatMap((subscriber) => subscriber.closeCodes))],
    };
  } finally {
    await Promise.all(subscribers.map((subscriber) => subscriber.stop()));
    for (const instance of instances.filter((candidate) => !exited(candidate))) {
      instance.child.kill("SIGTERM");
      await new Promise((resolve) => instance.child.once("exit", resolve));
    }
    // The bench's own pool lost its connections too: the first attempt may meet a dead one.
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      if (await removeBenchNeeds(dataSource).then(() => true, () => false)) break;
      await sleep(500);
    }
  }
}
