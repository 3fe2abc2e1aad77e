import { t } from "../i18n/text";
import { DomainError } from "./errors";

const WINDOW_MS = 15 * 60_000;
const FAILURES_PER_EMAIL = 5;
const FAILURES_PER_CLIENT = 20;
const MAX_TRACKED = 10_000;

/** Failed sign-ins per email and per client in the last window; past the limit, attempts wait. */
export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  check(email: string, client: string): void {
    const wait = Math.max(this.waitFor(`email:${email}`, FAILURES_PER_EMAIL), this.waitFor(`client:${client}`, FAILURES_PER_CLIENT));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new DomainError("RATE_LIMITED", t("account.signInThrottled", { seconds }), { retryAfterSeconds: seconds });
    }
  }

  failed(email: string, client: string): void {
    for (const key of [`email:${email}`, `client:${client}`]) this.failures.set(key, [...this.recent(key), this.now()]);
    if (this.failures.size > MAX_TRACKED) this.forgetOldest();
  }

  succeeded(email: string): void {
    this.failures.delete(`email:${email}`);
  }

  private waitFor(key: string, limit: number): number {
    const recent = this.recent(key);
    return recent.length < limit ? 0 : recent[recent.length - limit] + WINDOW_MS - this.now();
  }

  private recent(key: string): number[] {
    const since = this.now() - WINDOW_MS;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  private forgetOldest(): void {
    for (const key of [...this.failures.keys()].slice(0, this.failures.size - MAX_TRACKED)) this.failures.delete(key);
  }
}
