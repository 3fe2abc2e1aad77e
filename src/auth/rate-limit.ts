import { GraphQLError } from "graphql";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import type { ReconciledTokenBuckets } from "./reconciled-token-buckets";
import type { TokenBuckets } from "./token-buckets";

const MINUTE_MS = 60_000;

export type BudgetCharge = { allowed: true; remaining: number } | BudgetRefusal;

export interface BudgetRefusal {
  allowed: false;
  requested: number;
  remaining: number;
  pointsPerMinute: number;
  retryAfterSeconds: number;
}

/**
 * A points budget per principal (`key:<uuid>`, `user:<uuid>`, `anonymous:<ip>`), as a token bucket:
 * each principal holds at most a minute's points and gets them back continuously, pointsPerMinute
 * per minute. It is a sliding window in effect: no double burst at a minute's edge as with fixed
 * windows. The buckets live in the database, so a principal has one budget however many instances
 * serve it: charged there exactly (TokenBuckets), or charged in the instance and reconciled with the
 * database every few hundred milliseconds (ReconciledTokenBuckets).
 */
export class PointsBudget {
  constructor(
    private readonly buckets: Pick<TokenBuckets | ReconciledTokenBuckets, "take">,
    /** Names the budget, so budgets of different sizes keep their buckets apart. */
    private readonly name: string,
    readonly pointsPerMinute: number,
  ) {
    if (!(pointsPerMinute > 0)) throw new RangeError(`pointsPerMinute must be above 0; it was ${pointsPerMinute}.`);
  }

  /** Spends `points` of the principal's budget, or refuses and says when it will hold them. */
  async charge(principal: string, points: number): Promise<BudgetCharge> {
    const taking = await this.buckets.take(`${this.name}:${principal}`, points, { capacity: this.pointsPerMinute, periodMs: MINUTE_MS });
    if (taking.taken) return { allowed: true, remaining: taking.available };
    return {
      allowed: false,
      requested: points,
      remaining: taking.available,
      pointsPerMinute: this.pointsPerMinute,
      retryAfterSeconds: Math.max(1, Math.ceil(taking.waitMs / 1000 - 1e-6)),
    };
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
export function budgetSpent(refusal: BudgetRefusal, message: "limits.budgetSpent" | "export.budgetSpent" | "hsds.budgetSpent"): DomainError {
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
