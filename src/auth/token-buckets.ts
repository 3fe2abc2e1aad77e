import { createHash } from "node:crypto";
import { DataSource } from "typeorm";

/** A bucket holds at most `capacity` tokens and gets them back continuously, `capacity` per `periodMs`. */
export interface Rate {
  capacity: number;
  periodMs: number;
}

export interface Taking {
  taken: boolean;
  /** Tokens left after taking, or there now when refused (whole tokens). */
  available: number;
  /** When refused: milliseconds until the bucket holds what was asked (or is full, if asked for more). */
  waitMs: number;
}

// Timestamps are microseconds; this keeps exact figures from turning into 149.999… tokens.
export const EPSILON = 1e-6;

/**
 * Token buckets kept in PostgreSQL, so every instance on the database charges the same ones. Each
 * bucket is a single timestamp, the moment it is full again (the generic cell rate algorithm):
 * taking `n` tokens pushes that moment `n × period / capacity` later, and one statement checks and
 * takes atomically, whatever the concurrency. The clock is the instance's, so tests can move it.
 */
export class TokenBuckets {
  constructor(
    private readonly dataSource: DataSource,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes `amount` tokens if the bucket holds them; a full bucket gives even more than its capacity,
   * leaving a debt. `force` takes them in any case (to count what has happened, not to ask leave).
   */
  async take(name: string, amount: number, rate: Rate, force = false): Promise<Taking> {
    const now = new Date(this.now());
    const cost = secondsFor(amount, rate);
    const owedAtMost = mostOwedHolding(amount, rate);
    // A new bucket is full. The CTE `before` sees the bucket as it was, for the refusal's figures.
    const [row] = await this.dataSource.query(
      `WITH before AS (SELECT full_at FROM rate_bucket WHERE name = $1),
       taken AS (
         INSERT INTO rate_bucket AS bucket (name, full_at) VALUES ($1, $2::timestamptz + make_interval(secs => $3))
         ON CONFLICT (name) DO UPDATE SET full_at = greatest(bucket.full_at, $2::timestamptz) + make_interval(secs => $3)
         WHERE $5 OR bucket.full_at <= $2::timestamptz + make_interval(secs => $4)
         RETURNING full_at)
       SELECT EXISTS (SELECT FROM taken) AS taken,
              extract(epoch FROM coalesce((SELECT full_at FROM taken), (SELECT full_at FROM before)) - $2::timestamptz)::float8 AS owed`,
      [digest(name), now, cost, owedAtMost, force],
    );
    const owed = Math.max(0, Number(row.owed ?? 0));
    const available = Math.max(0, Math.floor(rate.capacity - (owed * rate.capacity * 1000) / rate.periodMs + EPSILON));
    return { taken: row.taken, available, waitMs: row.taken ? 0 : Math.max(0, (owed - owedAtMost) * 1000) };
  }

  /** Milliseconds until the bucket holds `amount` tokens (0 if it does now); takes nothing. */
  async waitFor(name: string, amount: number, rate: Rate): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT extract(epoch FROM full_at - $2::timestamptz)::float8 AS owed FROM rate_bucket WHERE name = $1`, [
      digest(name),
      new Date(this.now()),
    ]);
    return row ? Math.max(0, (Number(row.owed) - mostOwedHolding(amount, rate)) * 1000) : 0;
  }

  /** Gives back `amount` tokens taken earlier (an attempt that turned out not to count). */
  async giveBack(name: string, amount: number, rate: Rate): Promise<void> {
    await this.dataSource.query(`UPDATE rate_bucket SET full_at = full_at - make_interval(secs => $2) WHERE name = $1`, [digest(name), secondsFor(amount, rate)]);
  }

  /** Fills the bucket again. */
  async refill(name: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_bucket WHERE name = $1`, [digest(name)]);
  }

  /** Forgets full buckets (a missing bucket is a full one), so the table holds only recent callers. */
  async forgetFull(): Promise<number> {
    const [, removed] = await this.dataSource.query(`DELETE FROM rate_bucket WHERE full_at <= $1`, [new Date(this.now())]);
    return removed;
  }
}

/** How far from full (in seconds) a bucket may be and still hold `amount`, or be full when that is more than it holds. */
function mostOwedHolding(amount: number, rate: Rate): number {
  return rate.periodMs / 1000 - secondsFor(Math.min(amount, rate.capacity), rate);
}

function secondsFor(amount: number, rate: Rate): number {
  return (amount * rate.periodMs) / rate.capacity / 1000;
}

/** Buckets are named by a digest, so the table holds no principal's address or ID. */
export function digest(name: string): Buffer {
  return createHash("sha256").update(name).digest();
}
