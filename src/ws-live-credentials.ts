import type { Authenticator } from "./auth/authenticator";
import { rightsKey, viewerKey, type Viewer } from "./auth/viewer";
import { isDatabaseUnavailable, serviceUnavailable } from "./db/outage";
import { t } from "./i18n/text";
import type { Logger } from "./logger";
import { DomainError } from "./services/errors";

/**
 * Close codes for credentials that stopped working on an open WebSocket. Revoked ones will never work
 * again, so the code is one the stock graphql-ws client treats as fatal (4401: it does not retry, the
 * app learns it must get new credentials). An expired token is retried by the stock client (4403), which
 * reads `connectionParams` again: a client that gives a fresh token there reconnects on its own.
 */
export const CLOSE_REVOKED = 4401;
export const CLOSE_EXPIRED = 4403;

/** An open connection's credentials: kept true by `LiveCredentials` until it closes. */
export interface LiveConnection {
  viewer: Viewer;
  /** When the token stops working; null for keys and anonymous callers. */
  expiresAt: Date | null;
  close(code: number, reason: string): void;
}

/**
 * Checks every open connection's credentials once an interval, in one batched read for all of them on
 * this instance: a key revoked or a member removed on any instance reaches them within the interval.
 * Revoked keys, accounts gone and expired tokens close the connection; changed roles replace its viewer,
 * which the next event is matched and executed for.
 */
export class LiveCredentials {
  private readonly connections = new Set<LiveConnection>();
  private readonly timer: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly authenticator: Authenticator,
    intervalMs: number,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.check(), intervalMs);
  }

  /** Watches the connection until the returned function is called. */
  track(connection: LiveConnection): () => void {
    this.connections.add(connection);
    return () => this.connections.delete(connection);
  }

  /**
   * Takes new credentials for the same account or key, such as a refreshed token, without reconnecting;
   * answers when they expire. Credentials that fail, or name someone else, leave the connection as it was.
   */
  async renew(connection: LiveConnection, authorization: unknown): Promise<{ expiresAt: Date | null }> {
    let renewed: { viewer: Viewer; expiresAt: Date | null };
    try {
      renewed = await this.authenticator.credentials(authorization);
    } catch (error) {
      throw isDatabaseUnavailable(error) ? serviceUnavailable() : error;
    }
    if (viewerKey(renewed.viewer) !== viewerKey(connection.viewer)) throw new DomainError("FORBIDDEN", t("auth.renewOtherAccount"));
    connection.viewer = renewed.viewer;
    connection.expiresAt = renewed.expiresAt;
    return { expiresAt: renewed.expiresAt };
  }

  /** One round: expired tokens first (no database needed), then one read of everyone else's credentials. */
  private async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const now = Date.now();
      const checked: { connection: LiveConnection; viewer: Viewer }[] = [];
      for (const connection of this.connections) {
        if (connection.expiresAt && connection.expiresAt.getTime() <= now) {
          this.end(connection, CLOSE_EXPIRED, "The token has expired; connect again with a fresh one.");
        } else if (connection.viewer.kind !== "anonymous") checked.push({ connection, viewer: connection.viewer });
      }
      if (checked.length === 0) return;
      const current = await this.authenticator.current(checked.map(({ viewer }) => viewer));
      checked.forEach(({ connection, viewer }, index) => {
        // Renewed meanwhile: its own read is newer than this one.
        if (connection.viewer !== viewer || !this.connections.has(connection)) return;
        const fresh = current[index];
        if (!fresh) this.end(connection, CLOSE_REVOKED, viewer.kind === "apiKey" ? "The API key was revoked." : "The account no longer exists.");
        // Kept when unchanged, so results shared under its rights stay shared.
        else if (rightsKey(fresh) !== rightsKey(viewer)) connection.viewer = fresh;
      });
    } catch (error) {
      // Credentials stay as they were until the next round can read them.
      this.log[isDatabaseUnavailable(error) ? "warn" : "error"]({ err: error }, "checking live connections' credentials failed");
    } finally {
      this.checking = false;
    }
  }

  private end(connection: LiveConnection, code: number, reason: string): void {
    this.connections.delete(connection);
    connection.close(code, reason);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
