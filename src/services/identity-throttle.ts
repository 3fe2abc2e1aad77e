import type { Rate, TokenBuckets } from "../auth/token-buckets";
import { t } from "../i18n/text";
import { DomainError } from "./errors";

// Five sign-in attempts per email and twenty per client address at once, then one per email every three
// minutes and one per client every 45 seconds; shared by all instances, so spreading guesses over them gains nothing.
const SIGN_IN_PER_EMAIL: Rate = { capacity: 5, periodMs: 15 * 60_000 };
const SIGN_IN_PER_CLIENT: Rate = { capacity: 20, periodMs: 15 * 60_000 };
// Each sign-up hashes a password; sixty an hour lets a whole registration morning share one address.
const SIGN_UP_PER_CLIENT: Rate = { capacity: 60, periodMs: 60 * 60_000 };
// addMember's answer shows whether an email has an account: no faster than sign-ups from one address would.
const LOOKUPS_PER_ACTOR: Rate = { capacity: 50, periodMs: 60 * 60_000 };

/**
 * The pace of what costs a password hash or tells whether an email has an account. Each attempt is
 * taken from its bucket before the work, in one statement, so concurrent attempts cannot all pass.
 */
export class IdentityThrottle {
  constructor(private readonly buckets: TokenBuckets) {}

  /** Takes a sign-in attempt for the email and for the client, or refuses with RATE_LIMITED. */
  async signIn(email: string, client: string): Promise<void> {
    const byEmail = await this.buckets.take(`sign-in:email:${email}`, 1, SIGN_IN_PER_EMAIL);
    if (!byEmail.taken) throw throttled("account.signInThrottled", byEmail.waitMs);
    const byClient = await this.buckets.take(`sign-in:client:${client}`, 1, SIGN_IN_PER_CLIENT);
    if (!byClient.taken) {
      await this.buckets.giveBack(`sign-in:email:${email}`, 1, SIGN_IN_PER_EMAIL);
      throw throttled("account.signInThrottled", byClient.waitMs);
    }
  }

  /** A right password: only wrong ones count, so the email starts afresh and the client gets its attempt back. */
  async signedIn(email: string, client: string): Promise<void> {
    await Promise.all([this.buckets.refill(`sign-in:email:${email}`), this.buckets.giveBack(`sign-in:client:${client}`, 1, SIGN_IN_PER_CLIENT)]);
  }

  async signUp(client: string): Promise<void> {
    const taking = await this.buckets.take(`sign-up:client:${client}`, 1, SIGN_UP_PER_CLIENT);
    if (!taking.taken) throw throttled("account.signUpThrottled", taking.waitMs);
  }

  /** One look-up of an account by email, by `actor` (a user or an API key). */
  async lookup(actor: string): Promise<void> {
    const taking = await this.buckets.take(`account-lookup:${actor}`, 1, LOOKUPS_PER_ACTOR);
    if (!taking.taken) throw throttled("member.lookupsThrottled", taking.waitMs);
  }
}

function throttled(message: ("account.signInThrottled" | "account.signUpThrottled" | "member.lookupsThrottled"), waitMs: number): DomainError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new DomainError("RATE_LIMITED", t(message, { seconds }), { retryAfterSeconds: seconds });
}
