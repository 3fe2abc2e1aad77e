import { t } from "../i18n/text";
import { DomainError } from "../services/errors";

/** How long clients are asked to wait before retrying while the database is unreachable. */
export const OUTAGE_RETRY_AFTER_SECONDS = 2;

// SQLSTATE: class 08 connection exceptions; 57P01–57P03 and 57P05 the server shutting down, crashed,
// starting up, or ending an idle session; 53300 too many connections.
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1235]|53300)$/;
const UNAVAILABLE_SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// pg and pg-pool say these in words only; TypeORM names a query runner whose connection died under it.
// A database closed to connections (ALLOW_CONNECTIONS false, for maintenance) has the broad SQLSTATE 55000.
const UNAVAILABLE_MESSAGES = /Connection terminated|not queryable|timeout exceeded when trying to connect|Connection timeout|is not currently accepting connections/i;
const UNAVAILABLE_ERROR_NAMES = new Set(["QueryRunnerAlreadyReleasedError", "QueryRunnerProviderAlreadyReleasedError"]);

/**
 * True when `error` (or what it wraps) says the database cannot be reached or lost the connection,
 * rather than that the request was wrong: such a failure is worth retrying.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const { code, message, name } = error as { code?: unknown; message?: unknown; name?: unknown };
  if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))) return true;
  if (typeof name === "string" && UNAVAILABLE_ERROR_NAMES.has(name)) return true;
  if (typeof message === "string" && UNAVAILABLE_MESSAGES.test(message)) return true;
  const wrapped = error as { driverError?: unknown; originalError?: unknown; cause?: unknown; errors?: unknown };
  const inner = [wrapped.driverError, wrapped.originalError, wrapped.cause, ...(Array.isArray(wrapped.errors) ? wrapped.errors : [])];
  return inner.some((candidate) => isDatabaseUnavailable(candidate, depth + 1));
}

/** The coded error a client sees for such a failure: retry after a moment (HTTP 503 with Retry-After). */
export function serviceUnavailable(details: Record<string, unknown> = {}): DomainError {
  return new DomainError("SERVICE_UNAVAILABLE", t("request.serviceUnavailable"), { retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS, ...details });
}
