import { performance } from "node:perf_hooks";
import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";

/**
 * The fan-out scenario's subscribers, in a child process: off the server's event loop, and with a
 * descriptor table of their own, since N sockets at each end of localhost need 2N descriptors and a
 * common limit (20,000 here) would stop one process short of 10,000 subscribers. run.ts asks, this
 * process answers, one message at a time.
 */

export type SubscribersRequest =
  | {
    type: "open"; url: string; count: number; batchSize: number; burstSize: number; warmUpTitle: string; burstTitle: string;
    /** Subscriber i connects with authorizations[i]; without them, all connect anonymously. */
    authorizations?: string[];
  }
  /** Until every connected subscriber has received a warm-up need, or none arrived for `quietMs`. */
  | { type: "warm-up"; quietMs: number }
  /** Until every subscriber has every burst need, or none arrived for `quietMs`; `sentAtMs[i]` and `acknowledgedAtMs[i]` are burst need i's. */
  | { type: "collect"; sentAtMs: number[]; acknowledgedAtMs: number[]; quietMs: number }
  | { type: "close" };

export interface Opened {
  type: "opened";
  connected: number;
  /** Clients closed or refused before the server acknowledged them. */
  failed: number;
  firstFailure?: string;
  /** From the first connection attempt until every client was acknowledged or had failed. */
  connectMs: number;
}

export interface WarmedUp {
  type: "warmed-up";
  /** Connected subscribers that have received a warm-up need. */
  ready: number;
}

export interface Collected {
  type: "collected";
  /** Connected subscribers × burst size. */
  expected: number;
  /** Distinct (subscriber, need) deliveries. */
  delivered: number;
  duplicates: number;
  /** Receipt at the client minus the need's acknowledgement. */
  latencyMs: { p50: number; p99: number; max: number };
  /** Receipt at the client minus the sending of the need's postNeed. */
  latencyFromSendMs: { p50: number; p99: number; max: number };
  /** Epoch milliseconds of the last delivery. */
  lastDeliveryAtMs: number;
  /** Subscriptions that ended in an error, or messages that carried errors, after connecting. */
  errors: number;
  firstError?: string;
}

/** Sent every second while collecting, before the reply. */
export interface Progress {
  type: "progress";
  delivered: number;
  expected: number;
}

export type SubscribersReply = Opened | WarmedUp | Collected | { type: "failed"; error: string };

const NEED_ANNOUNCED = "subscription { needAnnounced(filter: { urgencyAtLeast: HIGH }) { cursor need { id title } } }";
const CHECK_EVERY_MS = 50;
const PROGRESS_EVERY_MS = 1_000;

interface NeedAnnounced {
  needAnnounced?: { cursor: string; need: { id: string; title: string } | null };
}

const clients: Client[] = [];
let setup: Extract<SubscribersRequest, { type: "open" }>;
let connected = 0;
/** [subscriber × burst size + need index]: epoch ms the burst need arrived, 0 until it has. */
let receivedAt = new Float64Array(0);
let delivered = 0;
let duplicates = 0;
let warmedUp = new Uint8Array(0);
let ready = 0;
/** performance.now() of the last need received, warm-up or burst: quiet periods are counted from it. */
let lastArrival = 0;
let errors = 0;
let firstError: string | undefined;
let closing = false;

// Both clocks are the machine's: the acknowledgements are timed by the bench on the same host.
const epochNow = () => performance.timeOrigin + performance.now();

function received(subscriber: number, value: { data?: NeedAnnounced | null; errors?: readonly { message: string }[] }): void {
  if (value.errors?.length) noteError(value.errors[0].message);
  const title = value.data?.needAnnounced?.need?.title;
  if (!title) return;
  lastArrival = performance.now();
  if (title.startsWith(setup.warmUpTitle)) {
    if (!warmedUp[subscriber]) ready += 1;
    warmedUp[subscriber] = 1;
    return;
  }
  if (!title.startsWith(setup.burstTitle)) return;
  const slot = subscriber * setup.burstSize + Number(title.slice(setup.burstTitle.length));
  if (receivedAt[slot]) {
    duplicates += 1;
    return;
  }
  receivedAt[slot] = epochNow();
  delivered += 1;
}

function noteError(message: string): void {
  errors += 1;
  firstError ??= message;
}

const describe = (error: unknown) =>
  error instanceof Error ? error.message : typeof error === "object" && error && "code" in error ? `closed with code ${(error as { code: number }).code}: ${(error as { reason?: string }).reason ?? ""}` : JSON.stringify(error);

/** One client with its one subscription (the server allows 20 per connection; one is what a dashboard holds). */
function connect(subscriber: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    let acknowledged = false;
    const client = createClient({
      url: setup.url,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: setup.authorizations ? { authorization: setup.authorizations[subscriber] } : undefined,
      on: {
        connected: () => {
          acknowledged = true;
          resolve(undefined);
        },
        closed: (event) => resolve(describe(event)),
        error: (error) => resolve(describe(error)),
      },
    });
    clients.push(client);
    client.subscribe<NeedAnnounced>({ query: NEED_ANNOUNCED }, {
      next: (value) => received(subscriber, value),
      error: (error) => {
        if (acknowledged && !closing) noteError(describe(error));
      },
      complete: () => undefined,
    });
  });
}

/** Batches, each acknowledged before the next, so the server is never flooded with handshakes. */
async function open(request: Extract<SubscribersRequest, { type: "open" }>): Promise<Opened> {
  setup = request;
  receivedAt = new Float64Array(request.count * request.burstSize);
  warmedUp = new Uint8Array(request.count);
  const started = performance.now();
  let failed = 0;
  let firstFailure: string | undefined;
  for (let first = 0; first < request.count; first += request.batchSize) {
    const batch = Array.from({ length: Math.min(request.batchSize, request.count - first) }, (_, i) => connect(first + i));
    for (const failure of await Promise.all(batch)) {
      if (failure === undefined) connected += 1;
      else {
        failed += 1;
        firstFailure ??= failure;
      }
    }
  }
  return { type: "opened", connected, failed, firstFailure, connectMs: performance.now() - started };
}

/** Resolves when `done()` holds, or when nothing has arrived for `quietMs` (counted from the call at the earliest). */
async function until(done: () => boolean, quietMs: number): Promise<void> {
  const asked = performance.now();
  while (!done() && performance.now() - Math.max(asked, lastArrival) < quietMs) {
    await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
  }
}

async function collect(request: Extract<SubscribersRequest, { type: "collect" }>): Promise<Collected> {
  const expected = connected * setup.burstSize;
  const progress = setInterval(() => process.send!({ type: "progress", delivered, expected } satisfies Progress), PROGRESS_EVERY_MS);
  await until(() => delivered >= expected, request.quietMs).finally(() => clearInterval(progress));
  const latencies = new Float64Array(delivered);
  const fromSend = new Float64Array(delivered);
  let next = 0;
  let lastDeliveryAtMs = 0;
  for (let slot = 0; slot < receivedAt.length; slot += 1) {
    if (!receivedAt[slot]) continue;
    latencies[next] = receivedAt[slot] - request.acknowledgedAtMs[slot % setup.burstSize];
    fromSend[next++] = receivedAt[slot] - request.sentAtMs[slot % setup.burstSize];
    lastDeliveryAtMs = Math.max(lastDeliveryAtMs, receivedAt[slot]);
  }
  latencies.sort();
  fromSend.sort();
  // Nearest rank: the smallest latency at least this share of deliveries did not exceed.
  const rankIn = (sorted: Float64Array) => (share: number) => (sorted.length ? sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] : NaN);
  const rank = rankIn(latencies);
  const rankFromSend = rankIn(fromSend);
  return {
    type: "collected",
    expected,
    delivered,
    duplicates,
    latencyMs: { p50: rank(0.5), p99: rank(0.99), max: rank(1) },
    latencyFromSendMs: { p50: rankFromSend(0.5), p99: rankFromSend(0.99), max: rankFromSend(1) },
    lastDeliveryAtMs,
    errors,
    firstError,
  };
}

async function answer(request: SubscribersRequest): Promise<SubscribersReply | undefined> {
  switch (request.type) {
    case "open":
      return open(request);
    case "warm-up":
      await until(() => ready >= connected, request.quietMs);
      return { type: "warmed-up", ready };
    case "collect":
      return collect(request);
    case "close":
      closing = true;
      await Promise.all(clients.map((client) => client.dispose()));
      // With the sockets closed and the channel gone, nothing keeps this process alive.
      process.disconnect();
      return undefined;
  }
}

process.on("message", (request: SubscribersRequest) => {
  answer(request).then(
    (reply) => reply && process.send!(reply),
    (error: unknown) => process.send!({ type: "failed", error: describe(error) } satisfies SubscribersReply),
  );
});
