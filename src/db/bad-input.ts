import { t } from "../i18n/text";
import { DomainError } from "../services/errors";

// SQLSTATE class 22 (data exception) codes a request's values cause: 22P02 text that is not of the column's
// type, 22P05 and 22021 characters PostgreSQL cannot store (U+0000), 22007 and 22008 dates it cannot read
// or hold, 22003 numbers out of range, 22001 text too long for its column, 22025 a bad escape in a pattern.
const BAD_INPUT_SQLSTATE = new Set(["22P02", "22P05", "22021", "22007", "22008", "22003", "22001", "22025"]);

/**
 * True when PostgreSQL refused `error`'s statement (or what it wraps) for a value the request sent, which
 * no check caught before: the caller can fix it, so it is bad input rather than a failure of ours.
 */
export function isBadInputForDatabase(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 5) return false;
  const { code } = error as { code?: unknown };
  if (typeof code === "string" && BAD_INPUT_SQLSTATE.has(code)) return true;
  const wrapped = error as { driverError?: unknown; originalError?: unknown; cause?: unknown };
  return [wrapped.driverError, wrapped.originalError, wrapped.cause].some((inner) => isBadInputForDatabase(inner, depth + 1));
}

/** The coded error a client sees for such a value; PostgreSQL's own text (SQL, values) stays in the log. */
export function valueNotStorable(): DomainError {
  return new DomainError("BAD_USER_INPUT", t("request.valueNotStorable"));
}
