import { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, GraphQLFormattedError } from "graphql";
import type { Logger } from "../logger";
import { DomainError } from "../services/errors";

const HTTP_STATUS: Partial<Record<DomainError["code"], number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429 };

/** A domain error as a GraphQL error, e.g. for a refusal before any resolver runs. */
export function toGraphQLError(error: DomainError): GraphQLError {
  const status = HTTP_STATUS[error.code];
  return new GraphQLError(error.message, { extensions: { ...error.details, code: error.code, ...(status ? { http: { status } } : {}) } });
}

/**
 * A request slowed down inside a resolver (sign-in attempts) answers 429 with Retry-After, as a
 * refused budget does.
 */
export const retryAfterPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ errors, response }) {
        const limited = errors?.map(unwrapResolverError).find((error) => error instanceof DomainError && error.code === "RATE_LIMITED") as DomainError | undefined;
        if (!limited) return;
        response.http.status = 429;
        const seconds = limited.details.retryAfterSeconds;
        if (typeof seconds === "number") response.http.headers.set("retry-after", String(seconds));
      },
    };
  },
};

/**
 * The one place errors are shaped for clients: domain errors keep their code and message; any
 * other failure is logged and reported as INTERNAL_SERVER_ERROR with no detail unless `debug`.
 */
export function errorFormatter(log: Logger, debug: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return { ...formatted, message: original.message, extensions: { ...formatted.extensions, ...original.details, code: original.code } };
    }
    const code = formatted.extensions?.code;
    if (code !== undefined && code !== "INTERNAL_SERVER_ERROR") return formatted;
    log.error({ err: original, path: formatted.path }, "unexpected error while resolving a request");
    if (debug) return formatted;
    return {
      message: "Something went wrong on our side; the error has been logged. Try again, and report it with the request id if it persists.",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
