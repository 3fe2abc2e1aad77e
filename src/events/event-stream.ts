import { Client } from "pg";
import { DataSource } from "typeorm";
import { Event } from "../entities/event";
import type { Logger } from "../logger";
import { readEvents } from "./event-reader";
import { EVENT_CHANNEL } from "./outbox";

const BATCH = 500;
// A lost notification costs at most this much delay: the stream also reads on a timer.
const POLL_MS = 5_000;
const RECONNECT_MS = 1_000;

/** Why a subscription ends early; the client resumes with its last cursor. */
export class SubscriberTooSlow extends Error {}

interface Subscriber {
  /** The last position this subscriber has passed (delivered or filtered out). */
  cursor: bigint;
  matches(event: Event): boolean;
  /** While replaying from the table, live events wait here. */
  pending: Event[] | undefined;
  queue: Event[];
  wake: (() => void) | undefined;
  failure: Error | undefined;
}

/**
 * One per server instance: one LISTEN connection used only as a wake-up, one batched read of the
 * event table per wake-up for all subscribers, filters matched in memory. Subscribers that start
 * from an older cursor replay from the table first, then continue live with no gap and no repeat.
 */
export class EventStream {
  /** Unknown until the event table can be read (a server may start before its database is migrated). */
  private head: bigint | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private listener: Client | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly databaseUrl: string,
    private readonly log: Logger,
    /** Events a subscriber may have waiting before it is cut off. */
    private readonly bufferLimit = 1_000,
  ) {}

  async start(): Promise<void> {
    await this.findHead().catch((error: unknown) => this.log.warn({ err: error }, "the event table cannot be read yet; will retry"));
    await this.listen();
    this.timer = setInterval(() => this.wake(), POLL_MS);
  }

  private async findHead(): Promise<bigint> {
    const [{ head }] = await this.dataSource.query(`SELECT coalesce(max(position), 0)::text AS head FROM event`);
    this.head = BigInt(head);
    return this.head;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    for (const subscriber of this.subscribers) this.fail(subscriber, new Error("The server is shutting down; resume with your last cursor."));
    await this.reading;
  }

  /** The newest position this instance has read. */
  get position(): bigint {
    return this.head ?? 0n;
  }

  /**
   * Events after `after` (or from now) that `matches` accepts, in order, each once. Ends with
   * SubscriberTooSlow when more than the buffer limit wait unread.
   */
  async *subscribe(after: bigint | undefined, matches: (event: Event) => boolean): AsyncGenerator<Event> {
    const subscriber: Subscriber = { cursor: after ?? this.position, matches, pending: after === undefined ? undefined : [], queue: [], wake: undefined, failure: undefined };
    this.subscribers.add(subscriber);
    try {
      if (subscriber.pending) await this.replay(subscriber);
      for (;;) {
        while (subscriber.queue.length === 0 && !subscriber.failure) await new Promise<void>((resolve) => (subscriber.wake = resolve));
        if (subscriber.failure) throw subscriber.failure;
        yield subscriber.queue.shift()!;
      }
    } finally {
      this.subscribers.delete(subscriber);
    }
  }

  private async replay(subscriber: Subscriber): Promise<void> {
    for (;;) {
      const batch = await readEvents(this.dataSource, subscriber.cursor.toString(), BATCH);
      for (const event of batch) this.deliver(subscriber, event);
      if (batch.length < BATCH || subscriber.failure) break;
    }
    const pending = subscriber.pending ?? [];
    subscriber.pending = undefined;
    for (const event of pending) this.deliver(subscriber, event);
  }

  private deliver(subscriber: Subscriber, event: Event): void {
    const position = BigInt(event.position);
    if (position <= subscriber.cursor || subscriber.failure) return;
    subscriber.cursor = position;
    if (!subscriber.matches(event)) return;
    subscriber.queue.push(event);
    if (subscriber.queue.length > this.bufferLimit) {
      this.fail(subscriber, new SubscriberTooSlow(`More than ${this.bufferLimit} events waited unread; resume with the last cursor you received.`));
      return;
    }
    subscriber.wake?.();
  }

  private fail(subscriber: Subscriber, failure: Error): void {
    subscriber.failure = failure;
    subscriber.queue.length = 0;
    subscriber.wake?.();
  }

  /** Reads what is new, once at a time; a wake-up during a read causes one more read. */
  private wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readNew()
      .catch((error: unknown) => this.log.error({ err: error }, "reading the event table failed; the next wake-up retries"))
      .finally(() => {
        this.reading = undefined;
        if (this.readAgain) {
          this.readAgain = false;
          this.wake();
        }
      });
  }

  private async readNew(): Promise<void> {
    let head = this.head ?? (await this.findHead());
    for (;;) {
      const batch = await readEvents(this.dataSource, head.toString(), BATCH);
      for (const event of batch) {
        this.head = head = BigInt(event.position);
        for (const subscriber of this.subscribers) {
          if (subscriber.pending) {
            subscriber.pending.push(event);
            if (subscriber.pending.length > this.bufferLimit) this.fail(subscriber, new SubscriberTooSlow("Too many events arrived while replaying; resume with the last cursor you received."));
          } else this.deliver(subscriber, event);
        }
      }
      if (batch.length < BATCH) return;
    }
  }

  /** LISTEN on a connection of its own; when it drops, connect again and catch up from the table. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: "cogov-events" });
    client.on("notification", () => this.wake());
    client.on("error", (error) => this.log.warn({ err: error }, "event listener connection failed"));
    client.on("end", () => {
      if (this.stopped) return;
      this.log.warn("event listener connection closed; reconnecting");
      this.reconnect();
    });
    await client.connect();
    await client.query(`LISTEN ${EVENT_CHANNEL}`);
    this.listener = client;
    // Whatever committed while nobody listened is in the table.
    this.wake();
  }

  private reconnect(): void {
    setTimeout(() => {
      if (this.stopped) return;
      this.listen().catch((error: unknown) => {
        this.log.error({ err: error }, "event listener could not reconnect; trying again");
        this.reconnect();
      });
    }, RECONNECT_MS);
  }
}
