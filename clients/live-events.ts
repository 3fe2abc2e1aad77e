import { type Client, createClient } from "graphql-ws";

/*
 * Following Cogov's event subscriptions without losing or repeating an event, in Node.js or a browser.
 * Depends on graphql-ws only; copy this file into your project or import it from here.
 *
 * Each follow keeps the cursor of the last event it handed over (before the first one, the stream's
 * head as `latestEventCursor` answers it when following starts) and every (re)subscription sends
 * that cursor as `after`, so the server replays what was missed. Connections are retried forever with
 * backoff, whatever ended them; a subscription the server ended is started again from the cursor; an
 * event at or before the cursor is dropped, so none is handed over twice.
 */

export interface LiveClientOptions {
  /** Cogov's GraphQL address over HTTP, e.g. http://localhost:4000/graphql; WebSockets use the same path. */
  url: string;
  /** "Bearer <token>" or "ApiKey <key>", read at every (re)connection so a refreshed token is used. */
  authorization?: () => string | undefined;
  /** Language of messages, e.g. "zh-Hant". */
  locale?: string;
  /** A WebSocket class: the global one in browsers and Node.js 22 or later; `ws` on Node.js 20. */
  webSocketImpl?: unknown;
  /** Longest wait between two attempts; the waits grow from 250 ms up to this. Default 10 s. */
  maxRetryWaitMs?: number;
  /** Told of everything that went wrong and is being retried, for logs. */
  onProblem?: (problem: string) => void;
}

export interface FollowRequest<Event extends { cursor: string }> {
  /** A subscription declaring `$after: String` and passing it as the field's `after`; it must select `cursor`. */
  query: string;
  variables?: Record<string, unknown>;
  /** The subscription field whose events are followed, e.g. "needAnnounced". */
  field: string;
  /** The cursor kept from an earlier run; without it, following starts at the stream's head. */
  after?: string;
  /** Each event once, in order. Keep `event.cursor` where a restart of your program finds it. */
  next(event: Event): void;
}

export interface Following {
  /** The cursor of the last event handed over; before the first, where following started. */
  readonly cursor: string | undefined;
  /** Events dropped because they were at or before the cursor (repeats). */
  readonly repeatsDropped: number;
  stop(): void;
}

/**
 * A subscription typed by GraphQL Code Generator's client preset with `documentMode: string` (see
 * graphql.config.yml and clients/examples/): a String that carries its result and variables types.
 */
export interface TypedSubscription<Data, Variables> {
  __apiType?: (variables: Variables) => Data;
  toString(): string;
}

/** A follow whose event and variables types come from a typed subscription. */
export type TypedFollowRequest<Data, Variables, Field extends keyof Data> = Omit<FollowRequest<NonNullable<Data[Field]> & { cursor: string }>, "query" | "field" | "variables"> & {
  query: TypedSubscription<Data, Variables>;
  field: Field & string;
  /** The subscription's variables but `after`, which the helper keeps. */
  variables?: Omit<Variables, "after">;
};

export interface LiveClient {
  follow<Data, Variables, Field extends keyof Data>(request: TypedFollowRequest<Data, Variables, Field>): Following;
  follow<Event extends { cursor: string }>(request: FollowRequest<Event>): Following;
  dispose(): Promise<void>;
}

const FIRST_WAIT_MS = 250;

export function createLiveClient(options: LiveClientOptions): LiveClient {
  const maxWaitMs = options.maxRetryWaitMs ?? 10_000;
  const problem = (text: string) => options.onProblem?.(text);
  const connectionParams = () => ({ authorization: options.authorization?.(), locale: options.locale });
  const client: Client = createClient({
    url: options.url.replace(/^http/, "ws"),
    webSocketImpl: options.webSocketImpl,
    connectionParams,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) => sleep(backoff(retries, maxWaitMs)),
    // 1000 is graphql-ws closing an idle connection itself.
    on: { closed: (event) => void ((event as { code?: number }).code === 1000 || problem(`connection closed (${describe(event)}); reconnecting`)) },
  });
  let disposed = false;

  const headCursor = async (): Promise<string> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const { authorization, locale } = connectionParams();
        const response = await fetch(options.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}), ...(locale ? { "accept-language": locale } : {}) },
          body: JSON.stringify({ query: "{ latestEventCursor }" }),
        });
        const body = (await response.json()) as { data?: { latestEventCursor?: string }; errors?: { message: string }[] };
        if (body.data?.latestEventCursor) return body.data.latestEventCursor;
        problem(`latestEventCursor answered HTTP ${response.status}: ${body.errors?.[0]?.message ?? "no cursor"}`);
      } catch (error) {
        problem(`latestEventCursor could not be read: ${describe(error)}`);
      }
      if (disposed) throw new Error("The client was disposed.");
      await sleep(backoff(attempt, maxWaitMs));
    }
  };

  return {
    follow(request: Omit<FollowRequest<{ cursor: string }>, "query"> & { query: string | TypedSubscription<unknown, never> }): Following {
      let cursor = request.after;
      let repeatsDropped = 0;
      let stopped = false;
      let unsubscribe: (() => void) | undefined;
      let restarts = 0;

      const subscribe = () => {
        if (stopped || disposed) return;
        // A getter: graphql-ws serialises the payload whenever it sends it, also when it resubscribes after reconnecting.
        const variables = {
          ...request.variables,
          get after() {
            return cursor;
          },
        };
        let ended = false;
        const startAgain = (why: string) => {
          if (ended) return;
          ended = true;
          if (stopped || disposed) return;
          problem(`${request.field} ended (${why}); subscribing again from the last cursor`);
          setTimeout(subscribe, backoff(restarts++, maxWaitMs));
        };
        unsubscribe = client.subscribe<Record<string, { cursor: string } | null>>(
          { query: request.query.toString(), variables },
          {
            next: (result) => {
              if (result.errors?.length) problem(`${request.field}: ${result.errors.map((error) => error.message).join("; ")}`);
              const event = result.data?.[request.field];
              if (!event) return;
              if (cursor !== undefined && positionOf(event.cursor) <= positionOf(cursor)) {
                repeatsDropped += 1;
                return;
              }
              cursor = event.cursor;
              restarts = 0;
              request.next(event);
            },
            error: (error) => startAgain(describe(error)),
            complete: () => startAgain("completed by the server"),
          },
        );
      };

      if (cursor === undefined) {
        headCursor().then(
          (head) => {
            cursor = head;
            subscribe();
          },
          () => undefined,
        );
      } else subscribe();

      return {
        get cursor() {
          return cursor;
        },
        get repeatsDropped() {
          return repeatsDropped;
        },
        stop() {
          stopped = true;
          unsubscribe?.();
        },
      };
    },
    async dispose() {
      disposed = true;
      await client.dispose();
    },
  };
}

/** The stream position inside a cursor (base64url of "Event:<position>"). */
export function positionOf(cursor: string): bigint {
  const text = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  const match = /^Event:(\d+)$/.exec(text);
  if (!match) throw new Error(`Not an event cursor: ${cursor}`);
  return BigInt(match[1]);
}

/** Doubling waits with jitter, so clients cut off together do not come back together. */
function backoff(attempt: number, maxWaitMs: number): number {
  return Math.min(maxWaitMs, FIRST_WAIT_MS * 2 ** Math.min(attempt, 16)) * (0.5 + Math.random() / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return reason.message;
  if (reason && typeof reason === "object" && "code" in reason) {
    const close = reason as { code: number; reason?: string };
    return `close ${close.code}${close.reason ? ` ${close.reason}` : ""}`;
  }
  if (Array.isArray(reason)) return reason.map((error: { message?: string }) => error.message ?? String(error)).join("; ");
  return String(reason);
}
