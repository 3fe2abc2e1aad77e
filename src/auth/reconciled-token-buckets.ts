import { DataSource } from "typeorm";
import type { Logger } from "../logger";
import { digest, EPSILON, type Rate, type Taking } from "./token-buckets";

/** What this instance knows of one bucket. Times are the instance clock's milliseconds. */
interface LocalBucket {
  digest: Buffer;
  /** When the bucket is full again, as far as this instance knows: the shared moment read last, plus what it spent since. */
  fullAt: number;
  /** Spent here and not yet added to the shared bucket, in milliseconds of refill. */
  unsent: number;
  /** When the first unsent spending happened: a bucket full before it starts from there, as it did here. */
  unsentSince: number;
}

/**
 * Token buckets charged in this instance's memory, without a database round trip, and reconciled with
 * the shared `rate_bucket` table (the same rows TokenBuckets keeps) every `intervalMs`: one statement
 * adds what this instance spent since for every bucket it charged, and reads back each bucket's shared
 * moment of being full, which includes what the other instances spent. Alone, an instance refuses exactly
 * where TokenBuckets would; with others, a caller can spend what each instance believes is left before
 * they learn of one another (README, Limits). What is spent is always added, so an overdraft is a debt
 * that every instance then makes the caller wait for. For budgets, where a tolerance is acceptable; the
 * security throttles stay exact, on TokenBuckets.
 */
export class ReconciledTokenBuckets {
  private readonly buckets = new Map<string, LocalBucket>();
  private timer: NodeJS.Timeout | undefined;
  private reconciling: Promise<void> | undefined;
  private failing = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    readonly intervalMs = 250,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes `amount` tokens if this instance's view of the bucket holds them (see TokenBuckets.take). */
  take(name: string, amount: number, rate: Rate, force = false): Taking {
    const now = this.now();
    let bucket = this.buckets.get(name);
    if (!bucket) this.buckets.set(name, (bucket = { digest: digest(name), fullAt: -Infinity, unsent: 0, unsentSince: now }));
    const cost = (amount * rate.periodMs) / rate.capacity;
    const owedAtMost = rate.periodMs - (Math.min(amount, rate.capacity) * rate.periodMs) / rate.capacity;
    const taken = force || bucket.fullAt <= now + owedAtMost + EPSILON;
    if (taken) {
      if (bucket.unsent === 0) bucket.unsentSince = now;
      bucket.fullAt = Math.max(bucket.fullAt, now) + cost;
      bucket.unsent += cost;
    }
    const owed = Math.max(0, bucket.fullAt - now);
    const available = Math.max(0, Math.floor(rate.capacity - (owed * rate.capacity) / rate.periodMs + EPSILON));
    return { taken, available, waitMs: taken ? 0 : Math.max(0, owed - owedAtMost) };
  }

  /** Reconciles every `intervalMs` until stopped. The timer is made here, outside any request's scope. */
  start(): void {
    this.timer ??= setInterval(() => void this.reconcile(), this.intervalMs).unref();
  }

  /** Stops reconciling after sending what is still unsent. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.reconcile();
  }

  /** Adds what was spent here to the shared buckets and learns what the others spent; one at a time. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.send().finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async send(): Promise<void> {
    const now = this.now();
    const sending = new Map<string, { bucket: LocalBucket; spent: number; since: number }>();
    for (const [name, bucket] of this.buckets) {
      if (bucket.unsent > 0) {
        sending.set(bucket.digest.toString("hex"), { bucket, spent: bucket.unsent, since: bucket.unsentSince });
        bucket.unsent = 0;
      } else if (bucket.fullAt <= now) this.buckets.delete(name); // full, and a missing bucket is a full one
    }
    if (sending.size === 0) return;
    const spending = [...sending.values()];
    let rows: { name: Buffer; full_at_ms: number }[] = [];
    try {
      // A bucket another instance creates meanwhile is neither updated nor inserted here: it is not
      // returned, and its spending is sent again next time.
      rows = await this.dataSource.query(
        `WITH spending AS (SELECT * FROM unnest($1::bytea[], $2::float8[], $3::float8[]) AS spending(name, since_ms, spent_ms)),
         updated AS (
           UPDATE rate_bucket AS bucket
           SET full_at = greatest(bucket.full_at, to_timestamp(spending.since_ms / 1000)) + make_interval(secs => spending.spent_ms / 1000)
           FROM spending WHERE bucket.name = spending.name
           RETURNING bucket.name, bucket.full_at),
         inserted AS (
           INSERT INTO rate_bucket (name, full_at)
           SELECT name, to_timestamp((since_ms + spent_ms) / 1000) FROM spending
           WHERE NOT EXISTS (SELECT FROM rate_bucket WHERE rate_bucket.name = spending.name)
           ON CONFLICT (name) DO NOTHING
           RETURNING name, full_at)
         SELECT name, extract(epoch FROM full_at)::float8 * 1000 AS full_at_ms FROM updated
         UNION ALL SELECT name, extract(epoch FROM full_at)::float8 * 1000 FROM inserted`,
        [spending.map(({ bucket }) => bucket.digest), spending.map(({ since }) => since), spending.map(({ spent }) => spent)],
      );
      if (this.failing) this.log.info("points budgets are reconciled with the database again");
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.log.warn({ err: error }, "points budgets could not be reconciled with the database; charging locally until they can");
      this.failing = true;
    }
    for (const row of rows) {
      const sent = sending.get(row.name.toString("hex"));
      if (!sent) continue;
      sending.delete(row.name.toString("hex"));
      // What the caller spent here during the round trip comes on top of the shared figure.
      sent.bucket.fullAt = row.full_at_ms + sent.bucket.unsent;
    }
    // Not stored (an outage, or a bucket made meanwhile elsewhere): kept for the next time.
    for (const { bucket, spent, since } of sending.values()) {
      bucket.unsentSince = bucket.unsent > 0 ? Math.min(since, bucket.unsentSince) : since;
      bucket.unsent += spent;
    }
  }
}
