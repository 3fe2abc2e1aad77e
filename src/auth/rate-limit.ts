import { GraphQLError } from "graphql";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";

/*
 * A points budget per principal (`key:<uuid>`, `user:<uuid>`, `anonymous:<ip>`), as a token bucket:
 * each principal holds at most a minute's points and gets them back continuously, pointsPerMinute
 * per minute. It is a sliding window in effect: no double burst at a minute's edge as with fixed
 * windows, and O(1) memory per principal. A principal whose bucket has refilled is forgotten, since a
 * fresh one is the same, so memory follows the principals active in the last minute (and never
 * exceeds maxPrincipals). Held in memory: each server instance keeps its own budgets.
 */

const MINUTE_MS = 60_000;

export type BudgetCharge = { allowed: true; remaining: number } | BudgetRefusal;

export interface BudgetRefusal {
  allowed: false;
  requested: number;
  remaining: number;
  pointsPerMinute: number;
  retryAfterSeconds: number;
}

export interface PointsBudgetOptions {
  pointsPerMinute: number;
  /** Milliseconds; tests pass their own clock. */
  now?: () => number;
  /** Past this, the least recently charged principals are forgotten (their spending forgiven). */
  maxPrincipals?: number;
}

interface Balance {
  points: number;
  at: number;
}

export class PointsBudget {
  readonly pointsPerMinute: number;
  private readonly now: () => number;
  private readonly maxPrincipals: number;
  /** Buckets that are not full, least recently charged first. */
  private readonly balances = new Map<string, Balance>();
  private lastSweep: number;

  constructor({ pointsPerMinute, now = Date.now, maxPrincipals = 100_000 }: PointsBudgetOptions) {
    if (!(pointsPerMinute > 0)) throw new RangeError(`pointsPerMinute must be above 0; it was ${pointsPerMinute}.`);
    this.pointsPerMinute = pointsPerMinute;
    this.now = now;
    this.maxPrincipals = maxPrincipals;
    this.lastSweep = now();
  }

  /** Spends `points` of the principal's budget, or refuses and says when it will hold them. */
  charge(principal: string, points: number): BudgetCharge {
    const now = this.now();
    this.sweep(now);
    const available = this.available(principal, now);
    // A full bucket lets through even a request dearer than a whole minute; its debt delays the next one.
    if (points <= available || available >= this.pointsPerMinute) {
      const left = available - points;
      this.balances.delete(principal);
      if (left < this.pointsPerMinute) this.balances.set(principal, { points: left, at: now });
      if (this.balances.size > this.maxPrincipals) this.balances.delete(this.balances.keys().next().value!);
      return { allowed: true, remaining: Math.max(0, Math.floor(left)) };
    }
    const missing = Math.min(points, this.pointsPerMinute) - available;
    return {
      allowed: false,
      requested: points,
      remaining: Math.max(0, Math.floor(available)),
      pointsPerMinute: this.pointsPerMinute,
      retryAfterSeconds: Math.max(1, Math.ceil((missing * 60) / this.pointsPerMinute)),
    };
  }

  /** How many principals have a bucket that is not full. */
  get trackedPrincipals(): number {
    return this.balances.size;
  }

  private available(principal: string, now: number): number {
    const balance = this.balances.get(principal);
    if (!balance) return this.pointsPerMinute;
    // A clock set back refills nothing rather than taking points away.
    const refilled = (Math.max(0, now - balance.at) * this.pointsPerMinute) / MINUTE_MS;
    return Math.min(this.pointsPerMinute, balance.points + refilled);
  }

  /** Once a minute, forgets the principals whose buckets have refilled. */
  private sweep(now: number): void {
    if (now - this.lastSweep < MINUTE_MS) return;
    this.lastSweep = now;
    for (const principal of this.balances.keys()) {
      if (this.available(principal, now) >= this.pointsPerMinute) this.balances.delete(principal);
    }
  }
}

/**
 * A refusal as the error clients see: code RATE_LIMITED with `retryAfterSeconds`; over HTTP also
 * status 429 and a `retry-after` header (Apollo Server moves `extensions.http` into the response).
 */
export function rateLimitedError(refusal: BudgetRefusal, transport: "http" | "websocket"): GraphQLError {
  const seconds = refusal.retryAfterSeconds;
  // The domain error rides along so the text can be shown in the caller's language.
  const error = budgetSpent(refusal, "limits.budgetSpent");
  const http = { status: 429, headers: new Map([["retry-after", String(seconds)]]) };
  return new GraphQLError(error.message, { extensions: { code: error.code, retryAfterSeconds: seconds, ...(transport === "http" ? { http } : {}) }, originalError: error });
}

/** RATE_LIMITED with what was asked, what is left and when to retry; `message` says how to ask for less. */
export function budgetSpent(refusal: BudgetRefusal, message: "limits.budgetSpent" | "export.budgetSpent"): DomainError {
  const seconds = refusal.retryAfterSeconds;
  const text = t(message, {
    requested: count(refusal.requested),
    remaining: count(refusal.remaining),
    perMinute: count(refusal.pointsPerMinute),
    wait: seconds === 1 ? t("limits.oneSecond") : t("limits.seconds", { seconds }),
  });
  return new DomainError("RATE_LIMITED", text, { retryAfterSeconds: seconds });
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}
