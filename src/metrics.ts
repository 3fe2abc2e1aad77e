import type { ApolloServerPlugin } from "@apollo/server";
import type { RequestHandler } from "express";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type RequestScope, sqlStatementsRun } from "./db/request-scope";
import type { Executor } from "./schema/compiled-execution";
import type { EventStream } from "./events/event-stream";
import { t } from "./i18n/text";
import { DomainError } from "./services/errors";
import type { WebhookService } from "./services/webhook.service";

export interface MetricSources {
  events: EventStream;
  webSocketConnections(): number;
  pool(): { totalCount: number; idleCount: number; waitingCount: number };
  webhooks: WebhookService;
}

/**
 * Prometheus metrics of one instance: Node's process metrics, GraphQL operations (by type and outcome,
 * never by client-chosen names, so the series stay few), errors by code, SQL statements per operation,
 * HTTP requests by route, and gauges read when scraped (subscribers, sockets, pool, webhook backlog).
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operations = new Counter({ name: "cogov_graphql_operations_total", help: "GraphQL operations over HTTP, by type and outcome (ok: no errors).", labelNames: ["type", "outcome"] as const, registers: [this.registry] });
  private readonly operationSeconds = new Histogram({
    name: "cogov_graphql_operation_duration_seconds",
    help: "Time from receiving a GraphQL operation over HTTP to its response, by type.",
    labelNames: ["type"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({ name: "cogov_graphql_errors_total", help: "Errors in GraphQL responses over HTTP, by extensions.code.", labelNames: ["code"] as const, registers: [this.registry] });
  private readonly executions = new Counter({
    name: "cogov_graphql_executions_total",
    help: "GraphQL operations over HTTP by what executed them: compiled (graphql-jit, a query seen before) or graphql-js.",
    labelNames: ["executor"] as const,
    registers: [this.registry],
  });
  private readonly knownQueryAnswers = new Counter({
    name: "cogov_graphql_known_query_answers_total",
    help: "Queries over HTTP answered without Apollo Server's request pipeline: seen before, answered without errors.",
    registers: [this.registry],
  });
  private readonly eventExecutions = new Counter({
    name: "cogov_subscription_executions_total",
    help: "Executions of subscriptions' events (one per event, operation and kind of reader) by what ran them: compiled (graphql-jit, an operation run before) or graphql-js.",
    labelNames: ["executor"] as const,
    registers: [this.registry],
  });
  private readonly statements = new Histogram({
    name: "cogov_graphql_sql_statements",
    help: "SQL statements one GraphQL operation over HTTP ran; only while COGOV_COUNT_STATEMENTS is on.",
    buckets: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89],
    registers: [this.registry],
  });
  private readonly httpSeconds = new Histogram({
    name: "cogov_http_request_duration_seconds",
    help: "HTTP requests by route pattern, method and status.",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry });
    const register = [this.registry];
    new Counter({
      name: "cogov_sql_statements_total",
      help: "SQL statements the instance ran, for requests, subscriptions and its own sweeps alike.",
      registers: register,
      collect() {
        this.reset();
        this.inc(sqlStatementsRun());
      },
    });
    new Gauge({ name: "cogov_subscriptions", help: "Subscriptions open on this instance.", registers: register, collect() { this.set(sources.events.subscriberCount); } });
    new Gauge({ name: "cogov_websocket_connections", help: "WebSocket connections open on this instance.", registers: register, collect() { this.set(sources.webSocketConnections()); } });
    new Gauge({ name: "cogov_event_stream_position", help: "The newest event position this instance has read; compare across instances.", registers: register, collect() { this.set(Number(sources.events.position)); } });
    new Gauge({ name: "cogov_event_stream_buffered_events", help: "Events waiting in memory for this instance's subscribers.", registers: register, collect() { this.set(sources.events.buffered); } });
    new Gauge({
      name: "cogov_db_pool_connections",
      help: "Connections of this instance's database pool: open, idle, and requests waiting for one.",
      labelNames: ["state"] as const,
      registers: register,
      collect() {
        const pool = sources.pool();
        this.set({ state: "open" }, pool.totalCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "waiting" }, pool.waitingCount);
      },
    });
    // Read from the database, once for both gauges of a scrape: the same figures on every instance, which share the deliveries.
    let backlog: Promise<{ pending: number; oldestDueSeconds: number }> | undefined;
    const readBacklog = () =>
      (backlog ??= sources.webhooks
        .backlog()
        .catch(() => ({ pending: NaN, oldestDueSeconds: NaN }))
        .finally(() => (backlog = undefined)));
    new Gauge({
      name: "cogov_webhook_deliveries_pending",
      help: "Webhook deliveries not yet accepted by their endpoints (all instances; NaN when the database cannot be read).",
      registers: register,
      async collect() {
        this.set((await readBacklog()).pending);
      },
    });
    new Gauge({
      name: "cogov_webhook_oldest_due_seconds",
      help: "How long the most overdue pending webhook delivery has been due (all instances); 0 when none is.",
      registers: register,
      async collect() {
        this.set((await readBacklog()).oldestDueSeconds);
      },
    });
  }

  /** Counts one operation over HTTP by what executed it. */
  countExecution(executor: Executor): void {
    this.executions.inc({ executor });
  }

  /** Counts one query answered by the known-query lane (http/known-queries.ts). */
  countKnownQueryAnswer(): void {
    this.knownQueryAnswers.inc();
  }

  /** Counts one execution of a subscription's event by what executed it. */
  countEventExecution(executor: Executor): void {
    this.eventExecutions.inc({ executor });
  }

  /** Counts GraphQL operations over HTTP (subscriptions run over WebSockets and show as gauges). */
  graphqlPlugin<TContext extends { scope?: RequestScope }>(statementsCounted: boolean): ApolloServerPlugin<TContext> {
    return {
      requestDidStart: async () => {
        const started = process.hrtime.bigint();
        return {
          willSendResponse: async ({ operation, errors, contextValue }) => {
            this.operationAnswered(operation?.operation ?? "unknown", errors ?? [], started, statementsCounted ? contextValue.scope : undefined);
          },
        };
      },
    };
  }

  /**
   * Records one GraphQL operation over HTTP, received at `started` (process.hrtime.bigint()), answered with `errors`;
   * with `scope`, the statements it ran.
   */
  operationAnswered(type: string, errors: readonly { extensions?: Record<string, unknown> }[], started: bigint, scope?: RequestScope): void {
    this.operationSeconds.observe({ type }, Number(process.hrtime.bigint() - started) / 1e9);
    this.operations.inc({ type, outcome: errors.length ? "error" : "ok" });
    for (const error of errors) this.errors.inc({ code: String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR") });
    if (scope) this.statements.observe(scope.sqlStatements);
  }

  /** Times one HTTP request until its response is finished; `route` names what served it. */
  timeHttp(req: IncomingMessage, res: ServerResponse, route: () => string): void {
    const stopTimer = this.httpSeconds.startTimer();
    res.once("finish", () => stopTimer({ route: route(), method: req.method, status: String(res.statusCode) }));
  }

  /**
   * The text exposition: with a token, only for `Authorization: Bearer <token>`; without one, only when
   * the operator opened it, since figures of load and errors help whoever plans an attack.
   */
  handler(access: { token: string | undefined; open: boolean }): RequestHandler {
    const expected = access.token ? Buffer.from(`Bearer ${access.token}`) : undefined;
    return async (req, res, next) => {
      if (expected) {
        const given = Buffer.from(req.get("authorization") ?? "");
        if (!(given.length === expected.length && timingSafeEqual(given, expected))) return next(new DomainError("UNAUTHENTICATED", t("metrics.tokenRequired")));
      } else if (!access.open) return next(new DomainError("FORBIDDEN", t("metrics.closed")));
      res.type(this.registry.contentType).send(await this.registry.metrics());
    };
  }
}
