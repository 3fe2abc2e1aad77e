import { isDatabaseUnavailable, serviceUnavailable } from "../db/outage";

const BACKOFF_MS = [100, 250, 500, 1_000, 2_000];

/**
 * `attempt` again and again while the database cannot be reached (it throws such an error, or
 * `outageIn` finds one in its result), for at most `retryForMs`. Then it fails with
 * SERVICE_UNAVAILABLE carrying `resumeAfter`, the cursor from which a client resubscribes and
 * misses nothing. Any other failure is the caller's, at once.
 */
export async function retryThroughOutage<T>(
  attempt: () => Promise<T>,
  { resumeAfter, retryForMs }: { resumeAfter: string; retryForMs: number },
  outageIn: (result: T) => boolean = () => false,
): Promise<T> {
  const deadline = Date.now() + retryForMs;
  for (let tries = 0; ; tries += 1) {
    try {
      const result = await attempt();
      if (!outageIn(result)) return result;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
    }
    if (Date.now() >= deadline) throw serviceUnavailable({ resumeAfter });
    await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS[Math.min(tries, BACKOFF_MS.length - 1)]));
  }
}
