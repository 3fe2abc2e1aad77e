import { type Viewer, viewerKey } from "./auth/viewer";
import { t } from "./i18n/text";
import { DomainError } from "./services/errors";

/**
 * Counts the subscriptions each credential holds on this instance, over all its connections. The limit
 * protects the instance's memory and matching work from one party: a party is its account, organisation
 * or API key, however many sockets it opens, so a federation gateway carrying many users over one socket
 * is held to its key's allowance, not to one user's. An anonymous caller has no identity but its
 * connection (its address would lump together everyone behind one gateway or NAT), so it is counted there.
 */
export class SubscriptionHolders {
  /** Per credential, how many subscriptions each of its open connections holds (the operation being subscribed included). */
  private readonly held = new Map<string, Set<() => number>>();

  constructor(private readonly limits: { maxSubscriptions: number; maxSubscriptionsPerKey: number }) {}

  /** Counts a connection's subscriptions towards its credential until the returned function is called. */
  hold(viewer: Viewer, count: () => number): () => void {
    if (viewer.kind === "anonymous") return () => undefined;
    const key = viewerKey(viewer);
    const connections = this.held.get(key) ?? new Set();
    connections.add(count);
    this.held.set(key, connections);
    return () => {
      connections.delete(count);
      if (connections.size === 0 && this.held.get(key) === connections) this.held.delete(key);
    };
  }

  /** Why a new subscription is refused, or undefined; `onConnection` counts the new one too. */
  refusal(viewer: Viewer, onConnection: number): DomainError | undefined {
    if (viewer.kind === "anonymous") {
      if (onConnection <= this.limits.maxSubscriptions) return undefined;
      return new DomainError("BAD_USER_INPUT", t("events.tooManySubscriptions", { limit: this.limits.maxSubscriptions }));
    }
    const limit = viewer.kind === "apiKey" ? this.limits.maxSubscriptionsPerKey : this.limits.maxSubscriptions;
    let total = 0;
    for (const count of this.held.get(viewerKey(viewer)) ?? []) total += count();
    if (total <= limit) return undefined;
    return new DomainError("BAD_USER_INPUT", t("events.tooManySubscriptionsForCredential", { limit }));
  }
}
