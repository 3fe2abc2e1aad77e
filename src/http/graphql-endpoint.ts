import type { IncomingMessage, ServerResponse } from "node:http";
import { type ApolloServer, HeaderMap } from "@apollo/server";
import type { Context } from "../schema/context";
import { sendHttpError, sendJson } from "../http-errors";
import { t } from "../i18n/text";
import { type Locale, localeFromAcceptLanguage } from "../i18n/locale";
import type { Logger } from "../logger";
import type { KnownQueries } from "./known-queries";

/** A connect-style step (cors, a body parser): calls `next` when done, with an error if it refused. */
type Step = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;

export interface GraphQLEndpointOptions {
  apollo: ApolloServer<Context>;
  /** Answers queries seen before without Apollo's pipeline; Apollo answers the rest. */
  knownQueries?: KnownQueries;
  /** The operation's context: who calls, from where, in which language. */
  context: (req: IncomingMessage) => Promise<Context>;
  /** The CORS answer for the request's origin (the `cors` package, as express mounts it). */
  allowOrigin: Step;
  /** Reads the JSON body into `req.body` within the size limit (express's `json()`). */
  readJson: Step;
  bodyLimitBytes: number;
  log: Logger;
}

/** A POST to exactly /graphql (with or without a query string): what `graphqlEndpoint` serves. */
export function isGraphQLPost(req: IncomingMessage): boolean {
  return req.method === "POST" && (req.url === "/graphql" || req.url?.startsWith("/graphql?") === true);
}

/**
 * Apollo Server over plain node:http: CORS, the JSON body within its limit, Apollo, and the same
 * error answers as every other route. POST /graphql, the path every client takes, is served with it
 * before express: express's router, its Apollo integration and pino-http cost about half of a small
 * request's CPU (bench/results/2026-12-05-issue-12-quiet-machine.md). express mounts it too, for GET
 * queries and /graphql/.
 */
export function graphqlEndpoint(options: GraphQLEndpointOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { apollo, knownQueries, context, allowOrigin, readJson, bodyLimitBytes, log } = options;
  const fail = (req: IncomingMessage, res: ServerResponse, error: unknown) => {
    const locale = localeFromAcceptLanguage(req.headers["accept-language"]);
    if (res.headersSent) res.destroy();
    else if (!sendBodyRefusal(res, error, bodyLimitBytes, locale)) sendHttpError(res, error, locale, log);
  };
  const answer = async (req: IncomingMessage & { body?: unknown }, res: ServerResponse) => {
    // Made once: a request the lane hands to Apollo keeps its context (and the caller's authentication).
    let made: Promise<Context> | undefined;
    const contextOnce = () => (made ??= context(req));
    if (knownQueries && (await knownQueries.answer(req, res, contextOnce))) return;
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
    }
    const query = req.url!.indexOf("?");
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!.toUpperCase(), headers, search: query < 0 ? "" : req.url!.slice(query), body: req.body },
      context: contextOnce,
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      res.end(response.body.string);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req, res) =>
    allowOrigin(req, res, (refused) => {
      if (refused) return fail(req, res, refused);
      readJson(req, res, (unreadable) => {
        if (unreadable) return fail(req, res, unreadable);
        answer(req, res).catch((error: unknown) => fail(req, res, error));
      });
    });
}

/**
 * Bodies that never reach GraphQL (too large, not JSON) get a coded GraphQL-shaped error in `locale`; false for
 * any other error.
 */
export function sendBodyRefusal(res: ServerResponse, error: unknown, bodyLimitBytes: number, locale: Locale): boolean {
  const type = (error as { type?: unknown } | null | undefined)?.type;
  if (type === "entity.too.large") {
    const message = t("request.bodyTooLarge", { limit: bodyLimitBytes }).render(locale);
    sendJson(res, 413, { errors: [{ message, extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
    return true;
  }
  if (type === "entity.parse.failed") {
    sendJson(res, 400, { errors: [{ message: t("request.bodyNotJson").render(locale), extensions: { code: "BAD_REQUEST" } }] });
    return true;
  }
  return false;
}
