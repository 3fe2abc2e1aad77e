import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";

// Clients on graphql-ws itself, keeping the cursor as clients/live-events.ts does, for the fault tests and
// the chaos bench. They report everything they saw (close codes included) and never hide a repeat: the callers judge.

const NEED_ANNOUNCED = `subscription ($after: String, $projectId: ID) {
  needAnnounced(after: $after, filter: { projectId: $projectId }) { cursor need { id title } }
}`;

const POST_NEED = `mutation ($input: PostNeedInput!) { postNeed(input: $input) { need { id } userErrors { field message code } } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Close codes a stock graphql-ws client gives up on (its own list, plus 1002–1011 but 1005/1006). */
export function isFatalCloseCode(code: number): boolean {
  if ([1000, 1001, 1005, 1006, 1012, 1013, 1014].includes(code)) return false;
  return (code >= 1000 && code <= 1999) || [4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429].includes(code);
}

/** The uuid inside a global ID (base64url of "Type:uuid"). */
export function uuidOf(globalId: string): string {
  const text = Buffer.from(globalId, "base64url").toString("utf8");
  return text.slice(text.indexOf(":") + 1);
}

export interface Announcement {
  cursor: string;
  /** The need's global ID; null when the event came without its need. */
  needId: string | null;
  title: string | null;
  /** Date.now() at receipt. */
  receivedAt: number;
}

export interface SubscriberOptions {
  /** The instance's http://…/graphql. */
  url: string;
  authorization?: string;
  projectId: string;
  /** Where to start; none: from now. */
  after?: string;
  /** Subscriptions started again after an error or completion, at most. */
  maxResubscriptions?: number;
}

/**
 * The pattern of clients/live-events.ts: keep the last cursor; on `error` or `complete` subscribe again from it. The
 * client also reconnects by itself after a dropped socket (retryAttempts, shouldRetry); the cursor
 * is read when the subscription is (re)sent, so that resumes from the last cursor too.
 */
export class ResilientSubscriber {
  readonly received: Announcement[] = [];
  /** Results with GraphQL errors, subscription errors and completions, as text. */
  readonly problems: string[] = [];
  /** Every close code the socket saw. */
  readonly closeCodes: number[] = [];
  connections = 0;
  resubscriptions = 0;
  cursor: string | undefined;
  private readonly client: Client;
  private unsubscribe: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly options: SubscriberOptions) {
    this.cursor = options.after;
    this.client = createClient({
      url: options.url.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      retryAttempts: 1_000,
      shouldRetry: () => true,
      retryWait: async (retries) => void (await sleep(Math.min(1_000, 50 * 2 ** retries) * (0.5 + Math.random() / 2))),
      connectionParams: options.authorization ? { authorization: options.authorization } : undefined,
      on: {
        connected: () => (this.connections += 1),
        closed: (event) => this.closeCodes.push((event as { code?: number }).code ?? 0),
      },
    });
    this.subscribe();
  }

  /** Events that carried a need, as need uuids in the order received. */
  get needUuids(): string[] {
    return this.received.filter((event) => event.needId).map((event) => uuidOf(event.needId!));
  }

  private subscribe(): void {
    if (this.stopped) return;
    const cursorOf = () => this.cursor ?? null;
    // A getter: graphql-ws serialises the payload each time it sends it, also on its own reconnects.
    const variables = {
      projectId: this.options.projectId,
      get after() {
        return cursorOf();
      },
    };
    let ended = false;
    const again = (why: string) => {
      if (ended) return;
      ended = true;
      this.problems.push(why);
      if (this.stopped || this.resubscriptions >= (this.options.maxResubscriptions ?? 500)) return;
      this.resubscriptions += 1;
      setTimeout(() => this.subscribe(), 50 + Math.random() * 150);
    };
    this.unsubscribe = this.client.subscribe<{ needAnnounced: { cursor: string; need: { id: string; title: string } | null } }>(
      { query: NEED_ANNOUNCED, variables },
      {
        next: (value) => {
          if (value.errors?.length) this.problems.push(`result with errors: ${JSON.stringify(value.errors).slice(0, 300)}`);
          const event = value.data?.needAnnounced;
          if (!event) return;
          this.cursor = event.cursor;
          this.received.push({ cursor: event.cursor, needId: event.need?.id ?? null, title: event.need?.title ?? null, receivedAt: Date.now() });
        },
        error: (error) => again(`error: ${describe(error)}`),
        complete: () => again("complete"),
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.client.dispose();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "code" in error) {
    const close = error as { code: number; reason?: string };
    return `socket closed ${close.code} ${close.reason ?? ""}`.trim();
  }
  return JSON.stringify(error).slice(0, 300);
}

export interface WriteOptions {
  /** Instances to send to; attempt k goes to urls[(first + k) % length]. */
  urls: string[];
  first: number;
  authorization: string;
  /** PostNeedInput with its title and idempotencyKey: the same body on every attempt. */
  input: Record<string, unknown> & { title: string; idempotencyKey: string };
  maxAttempts?: number;
  timeoutMs?: number;
}

export interface WriteOutcome {
  title: string;
  key: string;
  /** The need's global ID from the acknowledging answer; undefined when never acknowledged. */
  id?: string;
  /** Given up without retrying: the answer had userErrors. */
  refused?: string;
  attempts: number;
  /** Why each attempt that did not acknowledge was retried, e.g. "HTTP 503 SERVICE_UNAVAILABLE". */
  failures: string[];
  acknowledgedAt?: number;
}

/**
 * postNeed with an idempotency key, retried with the same key and body on a network error, HTTP
 * 5xx, 409, or any GraphQL error, until an answer with the need and no userErrors (bounded).
 */
export async function postNeedWithKey(options: WriteOptions): Promise<WriteOutcome> {
  const { urls, input } = options;
  const body = JSON.stringify({ query: POST_NEED, variables: { input } });
  const outcome: WriteOutcome = { title: input.title, key: input.idempotencyKey, attempts: 0, failures: [] };
  const maxAttempts = options.maxAttempts ?? 40;
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    outcome.attempts += 1;
    const url = urls[(options.first + attempt) % urls.length];
    const failure = await postOnce(url, body, options, outcome);
    if (failure === undefined) return outcome;
    if (outcome.refused) return outcome;
    outcome.failures.push(failure);
    await sleep(Math.min(1_000, 25 * 2 ** attempt) * (0.5 + Math.random() / 2));
  }
  return outcome;
}

/** undefined when acknowledged (outcome.id set) or refused (outcome.refused set); else why to retry. */
async function postOnce(url: string, body: string, options: WriteOptions, outcome: WriteOutcome): Promise<string | undefined> {
  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: options.authorization },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    status = response.status;
    retryAfter = response.headers.get("retry-after");
    text = await response.text();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return `network ${cause?.code ?? (error as Error).name}`;
  }
  let parsed: { data?: { postNeed?: { need?: { id: string } | null; userErrors?: { message: string; code?: string }[] } | null }; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    parsed = JSON.parse(text);
  } catch {
    return `HTTP ${status} not JSON: ${text.slice(0, 80)}`;
  }
  const code = parsed.errors?.[0]?.extensions?.code;
  if (status === 503 && retryAfter === null) return `HTTP 503 ${code ?? ""} without Retry-After`.replace("  ", " ");
  if (status >= 500 || status === 409) return `HTTP ${status} ${code ?? ""}`.trim();
  if (parsed.errors?.length) return `HTTP ${status} ${code ?? "error"}: ${parsed.errors[0].message.slice(0, 80)}`;
  const payload = parsed.data?.postNeed;
  if (payload?.userErrors?.length) {
    outcome.refused = JSON.stringify(payload.userErrors);
    return undefined;
  }
  if (status !== 200 || !payload?.need?.id) return `HTTP ${status} without a need`;
  outcome.id = payload.need.id;
  outcome.acknowledgedAt = Date.now();
  return undefined;
}

/** An outage answered as one: no answer at all, or 503 SERVICE_UNAVAILABLE with Retry-After (issue 10). */
export const isOutageAnswer = (reason: string) => /^network /.test(reason) || reason === "HTTP 503 SERVICE_UNAVAILABLE";

/** Tallies failure reasons, e.g. { "HTTP 500 INTERNAL_SERVER_ERROR": 12, "network ECONNRESET": 3 }. */
export function tallyFailures(outcomes: WriteOutcome[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const reason of outcomes.flatMap((outcome) => outcome.failures)) {
    const key = reason.replace(/: .*$/, "");
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}
