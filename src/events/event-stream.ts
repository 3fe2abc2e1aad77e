import { Client } from "pg";
import { DataSource } from "typeorm";
import { isDatabaseUnavailable } from "../db/outage";
import { Event } from "../entities/event";
import type { Logger } from "../logger";
import { eventCursor } from "../schema/subscription.types";
import { announceCommittedEvents } from "./event-announcer";
import { eventsCommittedAfter, latestEventPosition, readEvents } from "./event-reader";
import { retryThroughOutage } from "./outage-retry";
import { EVENT_CHANNEL } from "./outbox";

const BATCH = 500;
// A lost notification costs at most this much delay: the stream also reads on a timer.
const POLL_MS = 5_000;
const RECONNECT_MS = 1_000;
// Events that committed behind an earlier writer still in flight settle when it ends: a rollback notifies nobody.
const HELD_BACK_POLL_MS = 10;

interface Subscriber {
  /** The last position this subscriber has passed: handed over, filtered out, or waiting in `queue`. */
  cursor: bigint;
  /** The last position handed to the consumer: where catching up restarts. */
  handedOver: bigint;
  matches(event: Event): boolean;
  /** Reading from the table at the consumer's pace, instead of from the live stream. */
  catchingUp: boolean;
  queue: Event[];
  wake: (() => void) | undefined;
  failure: Error | undefined;
  /** The consumer has gone: the subscriber is out of the set and its loop ends. */
  closed: boolean;
}

/**
 * One per server instance: one LISTEN connection used only as a wake-up (this instance's writes wake it
 * directly, and it NOTIFYs the others on that connection), one batched read of the
 * event table per wake-up for all subscribers, filters matched in memory. A subscriber that starts
 * from an older cursor, or lets more than its buffer wait, reads from the table at its own pace until
 * it has caught up, then continues live: no gap, no repeat, and memory bounded per subscriber.
 */
export class EventStream {
  /** Unknown until the event table can be read (a server may start before its database is migrated). */
  private head: bigint | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private readonly readers: (() => void)[] = [];
  private listener: Client | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private timer: NodeJS.Timeout | undefined;
  private heldBackTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private stopAnnouncing: (() => void) | undefined;
  /** A NOTIFY to the other instances is on its way; `notifyAgain` asks for one more after it. */
  private notifying = false;
  private notifyAgain = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly databaseUrl: string,
    private readonly log: Logger,
    /** Events a subscriber may have waiting before it reads them from the table instead. */
    private readonly bufferLimit = 1_000,
    /** How long a subscriber's read is retried while the database cannot be reached. */
    private readonly retryForMs = 30_000,
  ) {}

  async start(): Promise<void> {
    await this.findHead().catch((error: unknown) => this.log.warn({ err: error }, "the event table cannot be read yet; will retry"));
    this.stopAnnouncing = announceCommittedEvents(this.dataSource, () => this.announce());
    await this.listen();
    this.timer = setInterval(() => this.wake(), POLL_MS);
  }

  private async findHead(): Promise<bigint> {
    this.head = await this.latestPosition();
    return this.head;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopAnnouncing?.();
    clearInterval(this.timer);
    clearTimeout(this.heldBackTimer);
    await this.listener?.end().catch(() => undefined);
    for (const subscriber of this.subscribers) this.fail(subscriber, new Error("The server is shutting down; resume with your last cursor."));
    await this.reading;
  }

  /** The newest position this instance has read. */
  get position(): bigint {
    return this.head ?? 0n;
  }

  /** Whether the LISTEN connection is open (the last one that listened, until its socket closes and another replaces it). */
  get listening(): boolean {
    return this.listener !== undefined && !this.listener.connection.stream.destroyed;
  }

  /** The newest settled position in the database, which this instance may not have read yet. */
  latestPosition(): Promise<bigint> {
    return latestEventPosition(this.dataSource);
  }

  /** Events waiting in memory for all subscribers: at most the buffer limit each. */
  get buffered(): number {
    let waiting = 0;
    for (const subscriber of this.subscribers) waiting += subscriber.queue.length;
    return waiting;
  }

  /** Called after each read that found new events: for readers that keep their own place, such as webhooks. */
  onNewEvents(reader: () => void): void {
    this.readers.push(reader);
  }

  /** Subscriptions open on this instance. */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /**
   * Events after `after` (or from now) that `matches` accepts, in order, each once. Closing the
   * iterator unregisters the subscriber at once, even while it waits for its next event.
   */
  subscribe(after: bigint | undefined, matches: (event: Event) => boolean): Required<AsyncIterableIterator<Event>> {
    const start = after ?? this.position;
    const subscriber: Subscriber = { cursor: start, handedOver: start, matches, catchingUp: after !== undefined, queue: [], wake: undefined, failure: undefined, closed: false };
    this.subscribers.add(subscriber);
    const events = this.eventsFor(subscriber);
    const close = () => {
      subscriber.closed = true;
      this.subscribers.delete(subscriber);
      subscriber.wake?.();
    };
    return {
      next: () => events.next(),
      return: async () => {
        close();
        return events.return(undefined);
      },
      throw: async (error: unknown) => {
        close();
        return events.throw(error);
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private async *eventsFor(subscriber: Subscriber): AsyncGenerator<Event, undefined> {
    try {
      while (!subscriber.closed) {
        if (subscriber.catchingUp) {
          yield* this.catchUp(subscriber);
          continue;
        }
        while (subscriber.queue.length === 0 && !subscriber.failure && !subscriber.catchingUp && !subscriber.closed) await new Promise<void>((resolve) => (subscriber.wake = resolve));
        if (subscriber.failure) throw subscriber.failure;
        if (subscriber.catchingUp || subscriber.closed) continue;
        const event = subscriber.queue.shift()!;
        subscriber.handedOver = BigInt(event.position);
        yield event;
      }
      return undefined;
    } finally {
      this.subscribers.delete(subscriber);
    }
  }

  /** One batch from the table, handed over as the consumer takes it; goes live once nothing is left. */
  private async *catchUp(subscriber: Subscriber): AsyncGenerator<Event> {
    const from = subscriber.cursor.toString();
    const batch = await retryThroughOutage(() => readEvents(this.dataSource, from, BATCH), { resumeAfter: eventCursor(from), retryForMs: this.retryForMs });
    for (const event of batch) {
      const position = BigInt(event.position);
      subscriber.cursor = position;
      if (subscriber.matches(event)) {
        subscriber.handedOver = position;
        yield event;
      }
    }
    // Checked and switched with no await between: every event this instance reads from now on is
    // beyond the cursor, and arrives live.
    if (batch.length < BATCH && subscriber.cursor >= this.position) subscriber.catchingUp = false;
  }

  private deliver(subscriber: Subscriber, event: Event): void {
    const position = BigInt(event.position);
    if (subscriber.catchingUp || position <= subscriber.cursor || subscriber.failure) return;
    subscriber.cursor = position;
    if (!subscriber.matches(event)) return;
    subscriber.queue.push(event);
    if (subscriber.queue.length > this.bufferLimit) {
      // Too far behind to hold in memory: drop the queue and read it again from the table, at the consumer's pace.
      subscriber.queue.length = 0;
      subscriber.cursor = subscriber.handedOver;
      subscriber.catchingUp = true;
    }
    subscriber.wake?.();
  }

  private fail(subscriber: Subscriber, failure: Error): void {
    subscriber.failure = failure;
    subscriber.queue.length = 0;
    subscriber.wake?.();
  }

  /**
   * Events written here have committed: read them, and wake the other instances, one NOTIFY at a time (those
   * asked for meanwhile make one more). Without the LISTEN connection, the others read them on their timer.
   */
  private announce(): void {
    this.wake();
    this.notifyOthers();
  }

  private notifyOthers(): void {
    const listener = this.listener;
    if (this.stopped || !listener) return;
    if (this.notifying) {
      this.notifyAgain = true;
      return;
    }
    this.notifying = true;
    this.notifyAgain = false;
    listener
      .query(`NOTIFY ${EVENT_CHANNEL}`)
      .catch((error: unknown) => this.log.warn({ err: error }, "could not wake the other instances; they read the events on their timer"))
      .finally(() => {
        this.notifying = false;
        if (this.notifyAgain) this.notifyOthers();
      });
  }

  /** Reads what is new, once at a time; a wake-up during a read causes one more read, and events held back another soon. */
  private wake(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    clearTimeout(this.heldBackTimer);
    this.heldBackTimer = undefined;
    this.reading = this.readNew()
      .then(
        () => true,
        (error: unknown) => {
          this.log[isDatabaseUnavailable(error) ? "warn" : "error"]({ err: error }, "reading the event table failed; the next wake-up retries");
          return false;
        },
      )
      .then((read) => {
        this.reading = undefined;
        if (this.readAgain) {
          this.readAgain = false;
          this.wake();
        } else if (read) this.lookAgainIfHeldBack();
      });
  }

  /** Once no read is due: committed events still waiting behind an earlier writer are read again shortly. */
  private lookAgainIfHeldBack(): void {
    if (this.head === undefined || this.stopped) return;
    eventsCommittedAfter(this.dataSource, this.head).then(
      (heldBack) => {
        if (heldBack && !this.stopped && !this.reading && !this.heldBackTimer) this.heldBackTimer = setTimeout(() => this.wake(), HELD_BACK_POLL_MS);
      },
      (error: unknown) => this.log.warn({ err: error }, "could not tell whether events wait to be read; the next wake-up reads them"),
    );
  }

  /** Reads every settled event past the head. */
  private async readNew(): Promise<void> {
    let head = this.head ?? (await this.findHead());
    for (;;) {
      const batch = await readEvents(this.dataSource, head.toString(), BATCH);
      for (const event of batch) {
        this.head = head = BigInt(event.position);
        for (const subscriber of this.subscribers) this.deliver(subscriber, event);
      }
      if (batch.length > 0) for (const reader of this.readers) reader();
      if (batch.length < BATCH) return;
    }
  }

  /**
   * LISTEN on a connection of its own. Whatever ends it, a failed connect included (pg ends the client
   * then too), opens the next one a second later, once: one loop, however long an outage lasts.
   */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: "cogov-events" });
    // Its own NOTIFYs come back to it too: this instance read those events already.
    let ownPid: number | undefined;
    client.on("notification", ({ processId }) => processId !== ownPid && this.wake());
    client.on("error", (error) => this.log.warn({ err: error }, "event listener connection failed"));
    client.once("end", () => {
      if (this.listener === client) this.listener = undefined;
      if (this.stopped) return;
      this.log.warn("event listener connection closed; reconnecting");
      setTimeout(() => void this.listen(), RECONNECT_MS);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENT_CHANNEL}`);
      ownPid = (await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0].pid;
    } catch (error) {
      this.log.warn({ err: error }, "event listener could not connect; trying again");
      await client.end().catch(() => undefined);
      return;
    }
    if (this.stopped) return void (await client.end().catch(() => undefined));
    this.listener = client;
    // Whatever committed while nobody listened is in the table.
    this.wake();
  }
}
