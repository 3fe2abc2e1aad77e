import type { RequestHandler } from "express";
import { setTimeout as delay } from "node:timers/promises";
import type { DataSource } from "typeorm";
import { isDatabaseUnavailable } from "./db/outage";
import { isMigrated } from "./db/startup";
import type { EventStream } from "./events/event-stream";

// Load balancers give up on a check after a few seconds; a database that does not answer by then is unreachable.
const DATABASE_CHECK_MS = 2_000;

export interface ReadinessReport {
  status: "ready" | "unavailable" | "draining";
  database: "ok" | "unreachable" | "not migrated";
  /** The LISTEN connection; while it reconnects, events still arrive by the stream's timer, so it does not make the instance unready. */
  eventStream: "listening" | "reconnecting";
}

/** What GET /readyz reports: whether a load balancer should send this instance requests, and which dependency is down. */
export class Readiness {
  private draining = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: EventStream,
  ) {}

  /** From now on the instance reports "draining" (503), while it still serves whatever reaches it. */
  drain(): void {
    this.draining = true;
  }

  async report(): Promise<ReadinessReport> {
    const database = await this.database();
    const eventStream = this.events.listening ? "listening" : "reconnecting";
    const status = this.draining ? "draining" : database === "ok" ? "ready" : "unavailable";
    return { status, database, eventStream };
  }

  readonly handler: RequestHandler = async (_request, response) => {
    const report = await this.report();
    response.status(report.status === "ready" ? 200 : 503).json(report);
  };

  private async database(): Promise<ReadinessReport["database"]> {
    const timeout = new AbortController();
    const checked = isMigrated(this.dataSource).then(
      (migrated) => (migrated ? "ok" : "not migrated"),
      // Reachable but failing is a database without our tables (the migrations table missing included).
      (error: unknown) => (isDatabaseUnavailable(error) ? "unreachable" : "not migrated"),
    ) satisfies Promise<ReadinessReport["database"]>;
    try {
      return await Promise.race([checked, delay(DATABASE_CHECK_MS, "unreachable" as const, { signal: timeout.signal })]);
    } finally {
      timeout.abort();
    }
  }
}
