import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { databaseRefusal } from "./db/database-refusal";
import { type Locale, localeFromAcceptLanguage } from "./i18n/locale";
import { t } from "./i18n/text";
import type { Logger } from "./logger";
import { DomainError, HTTP_STATUS } from "./services/errors";

/**
 * The one answer of the plain-HTTP routes (exports, CAP, health) to a refusal or a failure:
 * `{ "error": { "code", "message" } }` in the caller's language, with the code's status and any
 * Retry-After. A database outage is SERVICE_UNAVAILABLE, a value the database cannot store or compare
 * BAD_USER_INPUT; anything unforeseen is logged and reported
 * without detail (no stack, path or SQL).
 */
export function sendHttpError(response: ServerResponse, error: unknown, locale: Locale, log: Logger): void {
  const refusal = refusalFor(error, String(response.req.id), log);
  const { retryAfterSeconds } = refusal.details;
  if (typeof retryAfterSeconds === "number") response.setHeader("retry-after", String(retryAfterSeconds));
  if (refusal.code === "UNAUTHENTICATED") response.setHeader("www-authenticate", "Bearer");
  sendJson(response, HTTP_STATUS[refusal.code], { error: { ...refusal.details, code: refusal.code, message: refusal.text.render(locale) } });
}

/** Answers `body` as JSON with `status`, replacing any type a handler set before it failed (XML, CSV). */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader("content-type", "application/json; charset=utf-8");
  response.setHeader("content-length", Buffer.byteLength(text));
  response.end(text);
}

function refusalFor(error: unknown, reqId: string, log: Logger): DomainError {
  if (error instanceof DomainError) return error;
  // express's and body-parser's refusals of a request they cannot read, such as a malformed %-escape in the path.
  const status = (error as { status?: unknown } | null | undefined)?.status;
  if (typeof status === "number" && status >= 400 && status < 500) return new DomainError("BAD_USER_INPUT", t("request.unreadable"));
  const refusal = databaseRefusal(error);
  if (refusal) {
    if (refusal.code === "SERVICE_UNAVAILABLE") log.warn({ reqId, err: error }, "the database could not be reached while answering a request");
    return refusal;
  }
  log.error({ reqId, err: error }, "unexpected error while answering a request");
  return new DomainError("INTERNAL_SERVER_ERROR", t("request.internalError"));
}

/** The last error handler: whatever error reaches express is answered by `sendHttpError`, never by express's own page. */
export function httpErrors(log: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    // Mid-body, a status can no longer be sent: express then cuts the connection, which the client notices.
    if (response.headersSent) return next(error);
    sendHttpError(response, error, localeFromAcceptLanguage(response.req.headers["accept-language"]), log);
  };
}

/** Paths nothing serves: a JSON 404 like every other refusal, instead of express's HTML page. */
export const unknownPath: RequestHandler = (request, response) => {
  response.status(404).json({ error: { code: "NOT_FOUND", message: t("request.noSuchPath").render(localeFromAcceptLanguage(request.headers["accept-language"])) } });
};
