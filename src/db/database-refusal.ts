import type { DomainError } from "../services/errors";
import { isBadInputForDatabase, valueNotStorable } from "./bad-input";
import { isDatabaseUnavailable, serviceUnavailable } from "./outage";

/**
 * What a database failure means for the caller, for GraphQL and plain HTTP alike: an outage to retry
 * later (SERVICE_UNAVAILABLE), or a value PostgreSQL cannot store or compare (BAD_USER_INPUT);
 * undefined for anything else, which is a fault of ours.
 */
export function databaseRefusal(error: unknown): DomainError | undefined {
  if (isDatabaseUnavailable(error)) return serviceUnavailable();
  return isBadInputForDatabase(error) ? valueNotStorable() : undefined;
}
