import http, { type IncomingMessage, type ServerResponse } from "node:http";
import { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { ApolloServer, ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import cors from "cors";
import express, { type Request } from "express";
import type { Pool } from "pg";
import { DataSource } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { Event } from "./entities/event";
import { EventStream } from "./events/event-stream";
import { WebhookDispatcher } from "./events/webhook-dispatcher";
import { explorerAssets, explorerPage } from "./explorer";
import { exportRoutes } from "./exports";
import { hsdsRoutes } from "./hsds/hsds-routes";
import { httpErrors, unknownPath } from "./http-errors";
import { clientAddress } from "./http/client-address";
import { graphqlEndpoint, isGraphQLPost } from "./http/graphql-endpoint";
import { requestLog } from "./http/request-log";
import { OPENAPI_DOCUMENT } from "./openapi/openapi-document";
import { Readiness } from "./readiness";
import { serveGraphQLOverWebSockets } from "./websocket-server";
import { webhookBody } from "./events/webhook-payload";
import { Authenticator } from "./auth/authenticator";
import { SecretBox } from "./auth/secret-box";
import { Tokens } from "./auth/tokens";
import { viewerKey, type Viewer } from "./auth/viewer";
import { Config, ConfigError } from "./config";
import { inRequestScope, type RequestScope, scopeOfRequest } from "./db/request-scope";
import { isMigrated } from "./db/startup";
import { Locale } from "./i18n/locale";
import { t } from "./i18n/text";
import { createLoaders, type Loaders } from "./loaders";
import type { Logger } from "./logger";
import { buildFederatedSchema } from "./schema/build-schema";
import { compiledExecution } from "./schema/compiled-execution";
import { KnownQueries } from "./http/known-queries";
import type { Context } from "./schema/context";
import { domainErrorOf, errorFormatter, errorAnswersPlugin, inLocale, subscriptionsOverHttpRefused, toGraphQLError } from "./schema/errors";
import { PointsBudget, rateLimitedError } from "./auth/rate-limit";
import { ReconciledTokenBuckets } from "./auth/reconciled-token-buckets";
import { TokenBuckets } from "./auth/token-buckets";
import { Metrics } from "./metrics";
import { QueryLimits, queryLimitsPlugin, type QueryMeasure } from "./schema/query-cost";
import { idempotencyPlugin } from "./schema/idempotency";
import { createServices, type Services } from "./services";
import { DomainError } from "./services/errors";
import { sweepOverdueRequests } from "./services/community/requests/request-sweep";
import { sweepOverdueVisits } from "./services/community/households/household-visit-sweep";

export interface RunningServer {
  url: string;
  /** This instance's event stream: its subscribers and how far it has read. */
  events: EventStream;
  /**
   * Reports "draining" on /readyz for `shutdownDrainMs` while still serving, then stops accepting,
   * finishes what is in flight, closes WebSockets. The database stays open.
   */
  stop(): Promise<void>;
}

/**
 * What resolvers get. Its loaders are made when first used (about 15 KB): a subscription's own are
 * rarely needed, its events bring theirs. The getters live on the prototype, so the copy Apollo
 * makes of the context for each operation (Object.assign) does not call them.
 */
class OperationContext implements Context {
  private loadersMade?: Loaders;

  constructor(
    private readonly viewerOrSource: Viewer | (() => Viewer),
    readonly client: string,
    readonly locale: Locale,
    readonly services: Services,
    readonly events: EventStream,
    private readonly makeLoaders: () => Loaders,
    private readonly loadersByEvent: WeakMap<Event, Loaders>,
    readonly scope?: RequestScope,
  ) {}

  get viewer(): Viewer {
    return typeof this.viewerOrSource === "function" ? this.viewerOrSource() : this.viewerOrSource;
  }

  get loaders(): Loaders {
    return (this.loadersMade ??= this.makeLoaders());
  }

  useLoadersOf(event: Event): void {
    let loaders = this.loadersByEvent.get(event);
    if (!loaders) this.loadersByEvent.set(event, (loaders = this.makeLoaders()));
    this.loadersMade = loaders;
  }
}

export async function startServer(config: Config, dataSource: DataSource, log: Logger): Promise<RunningServer> {
  const schema = await buildFederatedSchema();
  const countStatements = config.debug || config.countStatements;
  if (!config.jwtSecret) throw new ConfigError("No token key: set COGOV_JWT_SECRET (npm start makes one for the embedded database).");
  const tokens = new Tokens({ secret: new TextEncoder().encode(config.jwtSecret), ttlSeconds: config.tokenTtlSeconds, oidc: config.oidc });
  const authenticator = new Authenticator(dataSource, tokens);
  const rateBuckets = new TokenBuckets(dataSource);
  const secrets = new SecretBox(config.jwtSecret);
  const services = createServices(dataSource, tokens, config.webhooks, rateBuckets, secrets, config.requests);
  // Before the dispatcher starts, as it opens sealed secrets only; an unmigrated database (see /readyz) holds none yet.
  if (await isMigrated(dataSource).catch(() => false)) {
    const sealed = await services.webhooks.sealPlaintextSecrets();
    if (sealed > 0) log.info({ endpoints: sealed }, "webhook secrets stored in plain text are now encrypted");
  }
  const app = express();
  // Its request listener is added once Apollo has started (below).
  const httpServer = http.createServer();
  const formatError = errorFormatter(log, config.debug);
  const events = new EventStream(dataSource, databaseUrlOf(dataSource), log, undefined, config.eventRetryMs);
  await events.start();
  // Every subscriber resolving one event reads its objects through the same loaders: one read per object, not one per subscriber.
  const loadersByEvent = new WeakMap<Event, Loaders>();
  // A WebSocket's viewer is given as a function: it is read as it is now whenever used (see LiveCredentials).
  const contextFor = (viewer: Viewer | (() => Viewer), client: string, locale: Locale, scope?: RequestScope): Context =>
    new OperationContext(viewer, client, locale, services, events, () => createLoaders(dataSource), loadersByEvent, scope);
  const webhooks = new WebhookDispatcher(dataSource, config.webhooks, secrets, log, async (endpoint, type, event) =>
    webhookBody(schema, contextFor(await authenticator.organizationViewer(endpoint.organizationId), "webhook", "en"), type, event),
  );
  events.onNewEvents(() => webhooks.wake());
  services.webhooks.onChange(() => webhooks.wake());
  webhooks.wake();
  const limits: QueryLimits = { maxCost: config.maxQueryCost, maxDepth: config.maxQueryDepth };
  const budgetsOn = (buckets: TokenBuckets | ReconciledTokenBuckets) => {
    const memberBudget = new PointsBudget(buckets, "points", config.pointsPerMinute);
    const anonymousBudget = new PointsBudget(buckets, "anonymous-points", config.anonymousPointsPerMinute);
    // Every operation costs at least a point, so free ones are not unlimited.
    return (viewer: Viewer, client: string, cost: number) => {
      const points = Math.max(1, cost);
      return viewer.kind === "anonymous" ? anonymousBudget.charge(`anonymous:${client}`, points) : memberBudget.charge(viewerKey(viewer), points);
    };
  };
  // Operations are charged in memory and reconciled with the shared buckets: no write per request (README, Limits).
  const budgetBuckets = new ReconciledTokenBuckets(dataSource, log);
  budgetBuckets.start();
  const charge = budgetsOn(budgetBuckets);
  const perMinute = (viewer: Viewer) => (viewer.kind === "anonymous" ? config.anonymousPointsPerMinute : config.pointsPerMinute);
  const chargeOperation = (context: Context, measure: QueryMeasure) => charge(context.viewer, context.client, measure.cost);
  const costReport = (context: Context, charged: { remaining: number }) => ({ budgetRemaining: charged.remaining, budgetPerMinute: perMinute(context.viewer) });

  const webSockets = serveGraphQLOverWebSockets(httpServer, {
    schema,
    authenticator,
    limits,
    charge,
    contextFor,
    formatError,
    maxPayloadBytes: config.bodyLimitBytes,
    pingIntervalMs: config.wsPingIntervalMs,
    maxSubscriptions: config.wsMaxSubscriptions,
    maxSubscriptionsPerKey: config.wsMaxSubscriptionsPerKey,
    credentialCheckMs: config.wsCredentialCheckMs,
    log,
    eventRetryMs: config.eventRetryMs,
    trustProxy: config.trustProxy,
    // Only called once events flow, after metrics exist.
    executed: (by) => metrics.countEventExecution(by),
  });
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const metrics = new Metrics({ events, webSocketConnections: () => webSockets.connections, pool: () => pool, webhooks: services.webhooks });

  const logOperation = operationLog(log, countStatements);
  const apollo = new ApolloServer<Context>({
    gateway: compiledExecution(schema, (by) => metrics.countExecution(by)),
    logger: log,
    formatError,
    includeStacktraceInErrorResponses: config.debug,
    introspection: true,
    // Compact JSON: Apollo's default indents every response.
    stringifyResult: (result) => JSON.stringify(result),
    plugins: [
      // No cache hints and no trace reporting: without these, no hook wraps every field resolver.
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // Apollo's page loads its sandbox from a CDN; GraphiQL is served from our own files instead (src/explorer.ts).
      ApolloServerPluginLandingPageDisabled(),
      subscriptionsOverHttpRefused,
      queryLimitsPlugin<Context>({
        ...limits,
        // Runs for operations within the limits, before they execute; a refusal answers 429. A charge the
        // known-query lane made already is not made again.
        onMeasured: async ({ contextValue }, measure) => {
          const charged = contextValue.scope?.handedOver?.charge ?? (await chargeOperation(contextValue, measure));
          if (!charged.allowed) throw rateLimitedError(charged, "http");
          return costReport(contextValue, charged);
        },
      }),
      // After the limits: a retry is priced and charged like the first request.
      idempotencyPlugin(services.idempotency, log),
      errorAnswersPlugin,
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { serverWillStart: async () => ({ drainServer: () => webSockets.close() }) },
      requestSummaryPlugin(logOperation, config.debug),
      metrics.graphqlPlugin<Context>(countStatements),
    ],
  });
  await apollo.start();

  app.disable("x-powered-by");
  // An ETag hashes every response body, and no GraphQL POST is ever answered 304.
  app.disable("etag");
  // Whatever NODE_ENV says (npm start leaves it unset): outside production express writes stacks into its pages.
  app.set("env", "production");
  app.set("trust proxy", config.trustProxy);
  const logRequest = requestLog(log);
  // What every request gets first: its id and log line, and its timer; while statements are counted, its scope
  // from start to finish, so that its own checks (sign-in, idempotency keys) count with its operation.
  const enter = (req: IncomingMessage, res: ServerResponse, route: () => string, serve: () => void) => {
    logRequest(req, res);
    metrics.timeHttp(req, res, route);
    if (!countStatements) return serve();
    inRequestScope(scopeOfRequest(req), () => {
      serve();
      return new Promise((finished) => res.once("close", finished));
    }).catch((error: unknown) => {
      log.error({ err: error, reqId: req.id }, "a request failed before it could be answered");
      res.destroy();
    });
  };
  app.use((req, res, next) => enter(req, res, () => expressRoute(req), next));
  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/metrics", metrics.handler({ token: config.metricsToken, open: config.metricsPublic }));
  const readiness = new Readiness(dataSource, events);
  app.get("/readyz", readiness.handler);
  // CAP documents and the Atom feed of public alerts, for sirens, apps and aggregators.
  app.get("/cap/alerts/:identifier.xml", async (req, res) => {
    const document = await services.alerts.publicCapDocument(String(req.params.identifier));
    if (!document) throw new DomainError("NOT_FOUND", t("cap.alertNotFound"));
    res.type("application/cap+xml; charset=utf-8").send(document);
  });
  // Links are written from the configured address, never the request's Host header, which any caller may forge.
  const publicUrl = () => config.publicUrl ?? `http://localhost:${(httpServer.address() as AddressInfo).port}`;
  app.get("/cap/feed.atom", async (_req, res) => {
    res.type("application/atom+xml; charset=utf-8").send(await services.alerts.publicFeed(publicUrl()));
  });
  // What the routes beside /graphql take and answer, for integrators' tools.
  app.get("/openapi.json", (_req, res) => {
    res.json(OPENAPI_DOCUMENT);
  });
  // CSV exports, streamed; each spends points of the caller's budget, as GraphQL requests do.
  app.use(
    "/exports",
    cors({ origin: config.corsOrigins === "*" ? "*" : config.corsOrigins, maxAge: 600, exposedHeaders: ["content-disposition", "retry-after"] }),
    // An export is dear and rare: charged exactly, in the database, on the same buckets.
    exportRoutes({ dataSource, authenticator, services, log, charge: budgetsOn(rateBuckets) }),
  );
  // The service directory's public services as the Open Referral HSDS 3.0 API, read-only, for other directories.
  app.use(
    "/hsds",
    cors({ origin: config.corsOrigins === "*" ? "*" : config.corsOrigins, maxAge: 600 }),
    // Priced like GraphQL reads (a point per item a page may hold) and charged on the same budgets.
    hsdsRoutes({ dataSource, authenticator, services, log, charge }),
  );
  // Debug responses carry each operation's statement count, which only Apollo's plugins add.
  const knownQueries = config.debug
    ? undefined
    : new KnownQueries({
      schema,
      limits,
      charge: chargeOperation,
      costReport,
      answered: (context, operationName, started) => {
        metrics.countExecution("compiled");
        metrics.countKnownQueryAnswer();
        metrics.operationAnswered("query", [], started, countStatements ? context.scope : undefined);
        if (context.scope) logOperation(context.scope, operationName, 0);
      },
    });
  // A browser at /graphql gets GraphiQL, in production too: introspection is always on, and the page can
  // do nothing a GraphQL client cannot (same credentials, limits and budgets).
  const serveGraphQL = graphqlEndpoint({
    apollo,
    knownQueries,
    context: async (req) => {
      const scope = scopeOfRequest(req);
      return contextFor(await viewerOf(authenticator, req, scope.locale), clientAddress(req, config.trustProxy), scope.locale, scope);
    },
    allowOrigin: cors({ origin: config.corsOrigins === "*" ? "*" : config.corsOrigins, maxAge: 600 }),
    readJson: express.json({ limit: config.bodyLimitBytes }),
    bodyLimitBytes: config.bodyLimitBytes,
    log,
  });
  app.get("/graphql", explorerPage);
  app.use("/explorer", explorerAssets());
  // Preflights, GET queries and /graphql/: POST /graphql itself is served before express (below).
  app.use("/graphql", (req, res) => serveGraphQL(req, res));
  app.use(unknownPath, httpErrors(log));
  httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (isGraphQLPost(req)) enter(req, res, () => "/graphql", () => serveGraphQL(req, res));
    else void app(req, res);
  });

  await listen(httpServer, config.port, config.host);
  // Every instance sweeps; row locks with SKIP LOCKED keep two sweeps from expiring one need twice.
  const expirySweep = setInterval(() => {
    services.needs.expireOverdue().then(
      (expired) => expired > 0 && log.info({ expired }, "needs past their deadline marked EXPIRED"),
      (error: unknown) => log.error({ err: error }, "expiry sweep failed"),
    );
    // Overdue requests escalate; SKIP LOCKED keeps two instances from escalating one request twice.
    sweepOverdueRequests(dataSource).then(
      (escalated) => escalated > 0 && log.info({ escalated }, "overdue residents' requests escalated"),
      (error: unknown) => log.error({ err: error }, "request escalation sweep failed"),
    );
    sweepOverdueVisits(dataSource, config.requests.timeZone).then(
      (announced) => announced > 0 && log.info({ announced }, "overdue household visits announced"),
      (error: unknown) => log.error({ err: error }, "household visit sweep failed"),
    );
    services.idempotency.forgetOld().catch((error: unknown) => log.error({ err: error }, "forgetting old idempotency keys failed"));
    services.webhooks.forgetOld().then(
      (removed) => removed > 0 && log.info({ removed }, "webhook deliveries past their retention deleted"),
      (error: unknown) => log.error({ err: error }, "deleting old webhook deliveries failed"),
    );
    rateBuckets.forgetFull().catch((error: unknown) => log.error({ err: error }, "forgetting full rate buckets failed"));
  }, config.expiryIntervalMs);
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    events,
    stop: async () => {
      readiness.drain();
      await delay(config.shutdownDrainMs);
      await webhooks.stop();
      await events.stop();
      clearInterval(expirySweep);
      await apollo.stop();
      await budgetBuckets.stop();
    },
  };
}

/** The caller; a refusal is worded in `locale`, as Apollo formats it before any plugin hears of the request. */
async function viewerOf(authenticator: Authenticator, req: IncomingMessage, locale: Locale): Promise<Viewer> {
  try {
    return await authenticator.authenticate(req.headers.authorization);
  } catch (error) {
    const refusal = domainErrorOf(error);
    throw inLocale(refusal ? toGraphQLError(refusal) : error, locale);
  }
}

/** Logs each operation of an HTTP request, with its SQL statement count while they are counted. */
function operationLog(log: Logger, countStatements: boolean) {
  return (scope: RequestScope, operationName: string | null | undefined, errors: number) =>
    log.info({ reqId: scope.requestId, operationName, ...(countStatements ? { sqlStatements: scope.sqlStatements } : {}), errors }, "graphql operation");
}

/** Logs each operation; debug responses carry its statement count too. */
function requestSummaryPlugin(logOperation: ReturnType<typeof operationLog>, debug: boolean): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operationName, errors, contextValue }) {
          const { scope } = contextValue;
          if (!scope) return;
          logOperation(scope, operationName, errors?.length ?? 0);
          if (debug && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, sqlStatements: scope.sqlStatements };
          }
        },
      };
    },
  };
}

/** The route express served a request by, for the request timer (never the raw path, which any caller chooses). */
function expressRoute(req: Request): string {
  return req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl || "unmatched";
}

/** Where the event listener connects: the same database the pool uses. */
function databaseUrlOf(dataSource: DataSource): string {
  return (dataSource.options as { url?: string }).url!;
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new ConfigError(`Port ${port} is taken; stop what uses it, or set PORT to a free port.`)
          : error.code === "EACCES"
            ? new ConfigError(`Port ${port} needs privileges this user lacks; set PORT to 1024 or above.`)
            : error,
      ),
    );
    server.listen(port, host, () => resolve());
  });
}
