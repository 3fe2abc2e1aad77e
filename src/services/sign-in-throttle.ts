import type { Rate, TokenBuckets } from "../auth/token-buckets";
import { t } from "../i18n/text";
import { DomainError } from "./errors";

// Five failures per email and twenty per client address at once, then one per email every three minutes
// and one per client every 45 seconds; shared by all instances, so spreading guesses over them gains nothing.
const PER_EMAIL: Rate = { capacity: 5, periodMs: 15 * 60_000 };
const PER_CLIENT: Rate = { capacity: 20, periodMs: 15 * 60_000 };

/** Failed sign-ins per email and per client; past the limit, attempts wait. */
export class SignInThrottle {
  constructor(private readonly buckets: TokenBuckets) {}

  async check(email: string, client: string): Promise<void> {
    const waits = await Promise.all([this.buckets.waitFor(`sign-in:email:${email}`, 1, PER_EMAIL), this.buckets.waitFor(`sign-in:client:${client}`, 1, PER_CLIENT)]);
    const wait = Math.max(...waits);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new DomainError("RATE_LIMITED", t("account.signInThrottled", { seconds }), { retryAfterSeconds: seconds });
    }
  }

  async failed(email: string, client: string): Promise<void> {
    // Counted even past the limit: concurrent guesses that all passed the check each cost one.
    await Promise.all([this.buckets.take(`sign-in:email:${email}`, 1, PER_EMAIL, true), this.buckets.take(`sign-in:client:${client}`, 1, PER_CLIENT, true)]);
  }

  async succeeded(email: string): Promise<void> {
    await this.buckets.refill(`sign-in:email:${email}`);
  }
}
