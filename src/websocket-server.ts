import type http from "node:http";
import type { GraphQLFormattedError, GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { type WebSocket, WebSocketServer } from "ws";
import type { Authenticator } from "./auth/authenticator";
import { type BudgetCharge, rateLimitedError } from "./auth/rate-limit";
import type { Viewer } from "./auth/viewer";
import { subscribeSharingResults } from "./events/shared-execution";
import { CONTEXT_READERS } from "./events/subscription-readers";
import { type Locale, localeFromAcceptLanguage, localeFromTag } from "./i18n/locale";
import type { Context } from "./schema/context";
import type { Executor } from "./schema/compiled-execution";
import { localized, toGraphQLError } from "./schema/errors";
import { executionArgsWithinLimits, type QueryLimits } from "./schema/query-cost";
import { isDatabaseUnavailable, serviceUnavailable } from "./db/outage";
import { DomainError } from "./services/errors";
import type { Logger } from "./logger";
import { keepAlive } from "./ws-keep-alive";
import { SubscriptionHolders } from "./ws-subscription-holders";
import { type LiveConnection, LiveCredentials } from "./ws-live-credentials";
import { clientAddress } from "./http/client-address";

/** The WebSocket close code for "try again later" (RFC 6455 registry), which graphql-ws clients retry. */
const TRY_AGAIN_LATER = 1013;

export interface WebSocketOptions {
  schema: GraphQLSchema;
  authenticator: Authenticator;
  limits: QueryLimits;
  charge(viewer: Viewer, client: string, cost: number): Promise<BudgetCharge>;
  /** The viewer is read whenever used: a connection's credentials change while it is open. */
  contextFor(viewer: () => Viewer, client: string, locale: Locale): Context;
  formatError(formatted: GraphQLFormattedError, error: unknown, locale?: Locale): GraphQLFormattedError;
  maxPayloadBytes: number;
  pingIntervalMs: number;
  /** Subscriptions one account or organisation may hold at once over all its connections; an anonymous caller, on its connection. */
  maxSubscriptions: number;
  /** The same for an API key. */
  maxSubscriptionsPerKey: number;
  /** How often open connections' credentials are read again. */
  credentialCheckMs: number;
  log: Logger;
  eventRetryMs: number;
  trustProxy: boolean;
  /** Told what executed each subscription's event. */
  executed(by: Executor): void;
}

export interface WebSocketEndpoint {
  /** Connections open now. */
  readonly connections: number;
  /** Stops pinging and closes every connection with its subscriptions. */
  close(): Promise<void>;
}

/**
 * graphql-ws on the HTTP server's `/graphql`: authenticated when it connects and kept true while open
 * (see LiveCredentials), each subscription priced and charged.
 */
export function serveGraphQLOverWebSockets(httpServer: http.Server, options: WebSocketOptions): WebSocketEndpoint {
  const { schema, authenticator, limits, charge, contextFor, formatError, trustProxy } = options;
  // Upgrades are routed by hand so the HTTP server's own errors (a taken port) stay its own.
  const wsServer = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  httpServer.on("upgrade", (request, socket, head) => {
    if (new URL(request.url ?? "/", "http://localhost").pathname !== "/graphql") {
      socket.destroy();
      return;
    }
    wsServer.handleUpgrade(request, socket, head, (client) => wsServer.emit("connection", client, request));
  });
  const pings = keepAlive(wsServer, options.pingIntervalMs);
  const live = new LiveCredentials(authenticator, options.credentialCheckMs, options.log);
  const holders = new SubscriptionHolders(options);
  const server = useServer<
    { authorization?: unknown; locale?: unknown },
    { connection?: LiveConnection; forget?: () => void; release?: () => void; locale?: Locale; request: http.IncomingMessage; socket: WebSocket }
  >(
    {
      schema,
      // Credentials and the language arrive in connection_init; refusing credentials closes with 4403 Forbidden.
      onConnect: async (ctx) => {
        const locale = ctx.connectionParams?.locale;
        ctx.extra.locale = typeof locale === "string" ? localeFromTag(locale) : localeFromAcceptLanguage(ctx.extra.request.headers["accept-language"]);
        try {
          const { viewer, expiresAt } = await authenticator.credentials(ctx.connectionParams?.authorization);
          const socket = ctx.extra.socket;
          ctx.extra.connection = { viewer, expiresAt, close: (code, reason) => socket.close(code, reason) };
          // A socket that closed while its credentials were read has already had its onClose.
          if (socket.readyState === socket.OPEN) {
            ctx.extra.forget = live.track(ctx.extra.connection);
            ctx.extra.release = holders.hold(viewer, () => Object.keys(ctx.subscriptions).length);
          }
          return true;
        } catch (error) {
          // An outage is not the caller's fault: 1013 "try again later" is a close clients retry.
          if (isDatabaseUnavailable(error)) ctx.extra.socket.close(TRY_AGAIN_LATER, "The database cannot be reached; try again later.");
          else if (!(error instanceof DomainError)) throw error;
          return false;
        }
      },
      onClose: (ctx) => {
        ctx.extra.forget?.();
        ctx.extra.release?.();
      },
      // A ping whose payload holds `authorization` renews the connection's credentials (a refreshed token);
      // its pong answers `{ expiresAt }` or `{ error: { code, message } }` instead of echoing the credentials.
      onPing: async (ctx, payload) => {
        const connection = ctx.extra.connection;
        if (!connection || !payload || !("authorization" in payload)) return;
        const authorization = payload.authorization;
        // graphql-ws sends this very object back as the pong's payload.
        for (const field of Object.keys(payload)) delete payload[field];
        try {
          const { expiresAt } = await live.renew(connection, authorization);
          payload.expiresAt = expiresAt?.toISOString() ?? null;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          payload.error = { code: error.code, message: error.text.render(ctx.extra.locale!) };
        }
      },
      // Measured and charged like HTTP requests; problems go to that operation, not the socket.
      onSubscribe: async (ctx, _id, payload) => {
        const overLimit = holders.refusal(ctx.extra.connection!.viewer, Object.keys(ctx.subscriptions).length);
        if (overLimit) return [toGraphQLError(overLimit)];
        const checked = executionArgsWithinLimits(schema, payload, limits);
        if ("errors" in checked) return checked.errors;
        try {
          const charged = await charge(ctx.extra.connection!.viewer, clientAddress(ctx.extra.request, trustProxy), checked.measure.cost);
          if (!charged.allowed) return [rateLimitedError(charged, "websocket")];
        } catch (error) {
          if (!isDatabaseUnavailable(error)) throw error;
          return [toGraphQLError(serviceUnavailable())];
        }
        return checked.args;
      },
      subscribe: subscribeSharingResults(schema, CONTEXT_READERS, options.eventRetryMs, options.executed),
      context: (ctx) => {
        const connection = ctx.extra.connection!;
        return contextFor(() => connection.viewer, clientAddress(ctx.extra.request, trustProxy), ctx.extra.locale!);
      },
      onNext: (ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error, ctx.extra.locale)) } : undefined,
      // Refusals before execution (limits, budget, validation) and a stream that ended on an outage are only
      // translated and coded: they are not failures to log.
      onError: (ctx, _id, _payload, errors) => errors.map((error) => localized(error.toJSON(), error, ctx.extra.locale!)),
      // Close reasons are never the error's own text.
      isProd: true,
    },
    wsServer,
    // ws-keep-alive pings every socket; graphql-ws's own pinging would add a second timer per socket.
    0,
  );
  return {
    get connections() {
      return wsServer.clients.size;
    },
    async close() {
      clearInterval(pings);
      live.stop();
      await server.dispose();
    },
  };
}
