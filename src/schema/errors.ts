import { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, GraphQLFormattedError } from "graphql";
import { databaseRefusal } from "../db/database-refusal";
import type { Locale } from "../i18n/locale";
import { t } from "../i18n/text";
import type { Logger } from "../logger";
import { DomainError, HTTP_STATUS, UserInputError } from "../services/errors";

/** A domain error as a GraphQL error, e.g. for a refusal before any resolver runs; its HTTP status and Retry-After go with it. */
export function toGraphQLError(error: DomainError): GraphQLError {
  const status = HTTP_STATUS[error.code];
  const seconds = error.details.retryAfterSeconds;
  // Apollo ignores an http head whose headers are given but not a Map.
  const http = typeof seconds === "number" ? { status, headers: new Map([["retry-after", String(seconds)]]) } : { status };
  return new GraphQLError(error.message, { extensions: { ...error.details, code: error.code, ...(status ? { http } : {}) }, originalError: error });
}

/**
 * The domain error behind `error`: thrown by a resolver, or carried by a GraphQL error made before
 * any resolver ran. A lost database connection anywhere is a SERVICE_UNAVAILABLE; a value PostgreSQL
 * cannot store or compare (U+0000, a date out of its range), or an input mistake thrown outside a payload, is a
 * BAD_USER_INPUT.
 */
export function domainErrorOf(error: unknown): DomainError | undefined {
  if (error instanceof DomainError) return error;
  // An input mistake found before the payload could list it (an id read while a resolver built its arguments) is still the caller's.
  if (error instanceof UserInputError) {
    const [first] = error.problems;
    return new DomainError("BAD_USER_INPUT", first.text, { field: first.field.join("."), problem: first.code });
  }
  if (error instanceof GraphQLError) return domainErrorOf(error.originalError);
  return databaseRefusal(error);
}

/** `formatted` with its message in `locale`, code and details, when the error is a domain error; any other error as it is. */
export function localized(formatted: GraphQLFormattedError, error: unknown, locale: Locale): GraphQLFormattedError {
  const domainError = domainErrorOf(error);
  if (!domainError) return formatted;
  return { ...formatted, message: domainError.text.render(locale), extensions: { ...formatted.extensions, ...domainError.details, code: domainError.code } };
}

/**
 * Subscriptions run over graphql-ws only: over HTTP Apollo would run one once, with no event, and fail
 * inside its resolver. Refused before it runs, with a coded 400 that says where to go.
 */
export const subscriptionsOverHttpRefused: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === "subscription") throw toGraphQLError(new DomainError("BAD_USER_INPUT", t("request.subscriptionOverHttp")));
      },
    };
  },
};

// The language each error of an HTTP request is worded in, told before Apollo formats it (formatError has no context).
const errorLocales = new WeakMap<object, Locale>();

/** `error`, to be worded in `locale` when formatted; for errors thrown before Apollo has a context. */
export function inLocale<E>(error: E, locale: Locale): E {
  if (typeof error === "object" && error !== null) errorLocales.set(error, locale);
  return error;
}

// Apollo wraps an error that is not a GraphQL error (a context that failed unexpectedly) in one of its own.
function localeOf(error: unknown): Locale | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  return errorLocales.get(error) ?? (error instanceof GraphQLError ? localeOf(error.originalError) : undefined);
}

/**
 * How errors are answered over HTTP: in the caller's language. A request slowed down inside a resolver (sign-in
 * attempts) answers 429 with Retry-After, as a refused budget does; one that met a database outage anywhere
 * answers 503 with Retry-After, so clients and proxies retry it as they would any outage.
 */
export const errorAnswersPlugin: ApolloServerPlugin<{ locale: Locale }> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue }) {
        for (const error of errors) inLocale(error, contextValue.locale);
      },
      async willSendResponse({ errors, response }) {
        const refusals = (errors ?? []).map((error) => domainErrorOf(unwrapResolverError(error)));
        const refusal = refusals.find((found) => found?.code === "SERVICE_UNAVAILABLE") ?? refusals.find((found) => found?.code === "RATE_LIMITED");
        if (!refusal) return;
        response.http.status = HTTP_STATUS[refusal.code];
        const seconds = refusal.details.retryAfterSeconds;
        if (typeof seconds === "number") response.http.headers.set("retry-after", String(seconds));
      },
    };
  },
};

/**
 * The one place errors are shaped for clients: domain errors keep their code, with their message in
 * `locale`; any other failure is logged and reported as INTERNAL_SERVER_ERROR with no detail unless
 * `debug`. Apollo calls it without `locale`: an HTTP request's errors are told theirs (errorAnswersPlugin, inLocale).
 */
export function errorFormatter(log: Logger, debug: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown, given?: Locale): GraphQLFormattedError => {
    const locale = given ?? localeOf(error) ?? "en";
    const domainError = domainErrorOf(error);
    if (domainError) {
      if (domainError.code === "SERVICE_UNAVAILABLE") log.warn({ err: unwrapResolverError(error), path: formatted.path }, "the database could not be reached while resolving a request");
      return localized(formatted, error, locale);
    }
    const code = formatted.extensions?.code;
    if (code !== undefined && code !== "INTERNAL_SERVER_ERROR") return formatted;
    // Errors with no field path are graphql-js's refusals of the request itself (variables that do not
    // fit, over WebSocket); every failure inside a resolver has a path.
    if (code === undefined && error instanceof GraphQLError && !error.path) {
      return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
    }
    // Apollo's own refusals of a request (a persisted query whose hash does not match) carry a 4xx status
    // and no code, which Apollo fills in as INTERNAL_SERVER_ERROR.
    if (isUncodedRefusal(error)) return { ...formatted, extensions: { ...formatted.extensions, code: "BAD_USER_INPUT" } };
    log.error({ err: unwrapResolverError(error), path: formatted.path }, "unexpected error while resolving a request");
    if (debug) return formatted;
    return {
      message: t("request.internalError").render(locale),
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

function isUncodedRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.path || error.extensions.code !== undefined) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}
