import { DEFAULT_REQUEST_TIME_LIMITS, parseResolveDays, RequestTimeLimits, WORKING_CALENDARS, WorkingCalendar } from "./services/community/requests/request-time-limits";
import path from "node:path";

export interface Config {
  /** External PostgreSQL; when absent an embedded server runs in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Port for the embedded PostgreSQL; 0 picks a free one. */
  embeddedDbPort: number;
  host: string;
  port: number;
  corsOrigins: "*" | string[];
  bodyLimitBytes: number;
  /** Load the demo data into an empty database at start. */
  demoData: boolean;
  /** Stack traces and SQL statement counts in responses: for development only. */
  debug: boolean;
  /**
   * Count each HTTP request's SQL statements (its log line, cogov_graphql_sql_statements, and with debug its
   * response); debug counts them too. It costs a tenth or more of a small request's CPU on Node 20 (db/request-scope.ts).
   */
  countStatements: boolean;
  logLevel: string;
  /** JSON lines for log collectors, or lines for people to read. */
  logFormat: LogFormat;
  /** After SIGTERM, /readyz answers 503 this long, while requests are still served, so load balancers move traffic away first. */
  shutdownDrainMs: number;
  /** How long the rest of a shutdown may take, after the drain. */
  shutdownTimeoutMs: number;
  /** How often needs past their deadline are marked EXPIRED. */
  expiryIntervalMs: number;
  /** Key for the tokens signIn issues; with the embedded database one is made and kept when unset. */
  jwtSecret: string | undefined;
  tokenTtlSeconds: number;
  /** An identity provider whose tokens are accepted as well. */
  oidc: { issuer: string; jwksUrl: string; audience?: string } | undefined;
  /** Requests over this cost or depth are refused before they run. */
  maxQueryCost: number;
  maxQueryDepth: number;
  /** Points a key or signed-in user may spend per minute; anonymous callers, per address. */
  pointsPerMinute: number;
  anonymousPointsPerMinute: number;
  /** Behind a proxy, take the caller's address from X-Forwarded-For. */
  trustProxy: boolean;
  /** WebSockets are pinged this often; one that has not answered by the next ping is closed. */
  wsPingIntervalMs: number;
  /** Subscriptions one account or organisation may hold at once on an instance, over all its connections; an anonymous caller, on one connection. */
  wsMaxSubscriptions: number;
  /** Subscriptions one API key may hold at once on an instance: keys are what services such as a federation gateway carry many clients with. */
  wsMaxSubscriptionsPerKey: number;
  /** Open WebSockets' credentials are read again this often: revocation, removal and role changes reach them within it. */
  wsCredentialCheckMs: number;
  /** How long an event that cannot be read (the database unreachable) is retried before its subscription ends with a cursor to resume from. */
  eventRetryMs: number;
  /** The address clients reach this server at (no trailing slash), for the absolute URLs it writes; unset: http://localhost:<port>. */
  publicUrl: string | undefined;
  /** When set, GET /metrics answers only to `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** GET /metrics without a token: refused unless the operator opens it. */
  metricsPublic: boolean;
  webhooks: WebhookSettings;
  /** Time limits of residents' requests: the zone and calendar their working days are counted in, and the days per category. */
  requests: RequestTimeLimits;
}

export interface WebhookSettings {
  /** Endpoints on loopback, private, link-local and other non-public addresses: refused unless set. */
  allowPrivateAddresses: boolean;
  /** A delivery is given up (FAILED) after this many attempts. */
  maxAttempts: number;
  /** The wait before the second attempt; each later one waits twice as long as the one before, up to an hour. */
  retryBaseMs: number;
  /** How long an endpoint has to answer one attempt. */
  timeoutMs: number;
  /** Deliveries that succeeded or failed are deleted, with their attempts, after this many days. */
  retentionDays: number;
}

/** A configuration value that cannot be used; the message says what to do. */
export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

export type LogFormat = "json" | "pretty";

/** `terminal`: whether the logs go to a person's terminal, where they are pretty unless COGOV_LOG_FORMAT says otherwise. */
export function loadConfig(env: Env = process.env, terminal = Boolean(process.stdout.isTTY)): Config {
  const databaseUrl = optional(env, "DATABASE_URL");
  if (databaseUrl !== undefined) checkDatabaseUrl(databaseUrl);
  return {
    databaseUrl,
    dataDir: path.resolve(optional(env, "COGOV_DATA_DIR") ?? ".cogov"),
    embeddedDbPort: integer(env, "COGOV_EMBEDDED_DB_PORT", 0, 0, 65535),
    host: optional(env, "HOST") ?? "0.0.0.0",
    port: integer(env, "PORT", 4000, 0, 65535),
    corsOrigins: corsOrigins(optional(env, "COGOV_CORS_ORIGINS") ?? "*"),
    bodyLimitBytes: integer(env, "COGOV_BODY_LIMIT_BYTES", 1_000_000, 1_000, 100_000_000),
    demoData: boolean(env, "COGOV_DEMO_DATA", databaseUrl === undefined),
    debug: boolean(env, "COGOV_DEBUG", false),
    countStatements: boolean(env, "COGOV_COUNT_STATEMENTS", false),
    logLevel: logLevel(optional(env, "LOG_LEVEL") ?? "info"),
    logFormat: logFormat(optional(env, "COGOV_LOG_FORMAT"), terminal),
    // The embedded database means one instance with no load balancer to drain from: stop at once.
    shutdownDrainMs: integer(env, "COGOV_SHUTDOWN_DRAIN_MS", databaseUrl === undefined ? 0 : 5_000, 0, 600_000),
    shutdownTimeoutMs: integer(env, "COGOV_SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    expiryIntervalMs: integer(env, "COGOV_EXPIRY_INTERVAL_MS", 30_000, 1_000, 3_600_000),
    jwtSecret: jwtSecret(optional(env, "COGOV_JWT_SECRET")),
    tokenTtlSeconds: integer(env, "COGOV_TOKEN_TTL_SECONDS", 3_600, 60, 86_400),
    oidc: oidc(env),
    maxQueryCost: integer(env, "COGOV_MAX_QUERY_COST", 5_000, 100, 1_000_000),
    maxQueryDepth: integer(env, "COGOV_MAX_QUERY_DEPTH", 15, 3, 100),
    pointsPerMinute: integer(env, "COGOV_POINTS_PER_MINUTE", 50_000, 100, 100_000_000),
    anonymousPointsPerMinute: integer(env, "COGOV_ANONYMOUS_POINTS_PER_MINUTE", 10_000, 100, 100_000_000),
    trustProxy: boolean(env, "COGOV_TRUST_PROXY", false),
    wsPingIntervalMs: integer(env, "COGOV_WS_PING_INTERVAL_MS", 30_000, 100, 600_000),
    wsMaxSubscriptions: integer(env, "COGOV_WS_MAX_SUBSCRIPTIONS", 20, 1, 100_000),
    wsMaxSubscriptionsPerKey: integer(env, "COGOV_WS_MAX_SUBSCRIPTIONS_PER_KEY", 1_000, 1, 1_000_000),
    wsCredentialCheckMs: integer(env, "COGOV_WS_CREDENTIAL_CHECK_MS", 5_000, 100, 600_000),
    eventRetryMs: integer(env, "COGOV_EVENT_RETRY_MS", 30_000, 100, 600_000),
    publicUrl: publicUrl(optional(env, "COGOV_PUBLIC_URL")),
    ...metricsAccess(env),
    webhooks: {
      allowPrivateAddresses: boolean(env, "COGOV_WEBHOOK_ALLOW_PRIVATE", false),
      maxAttempts: integer(env, "COGOV_WEBHOOK_MAX_ATTEMPTS", 8, 1, 50),
      retryBaseMs: integer(env, "COGOV_WEBHOOK_RETRY_BASE_MS", 30_000, 10, 3_600_000),
      timeoutMs: integer(env, "COGOV_WEBHOOK_TIMEOUT_MS", 10_000, 100, 60_000),
      retentionDays: integer(env, "COGOV_WEBHOOK_RETENTION_DAYS", 30, 1, 3_650),
    },
    requests: requestTimeLimits(env),
  };
}

function requestTimeLimits(env: Env): RequestTimeLimits {
  const timeZone = optional(env, "COGOV_REQUEST_TIME_ZONE") ?? DEFAULT_REQUEST_TIME_LIMITS.timeZone;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
  } catch {
    throw new ConfigError(`COGOV_REQUEST_TIME_ZONE is "${timeZone}"; set it to an IANA time zone such as Asia/Shanghai.`);
  }
  const calendar = optional(env, "COGOV_REQUEST_CALENDAR") ?? DEFAULT_REQUEST_TIME_LIMITS.calendar;
  if (!WORKING_CALENDARS.includes(calendar as WorkingCalendar)) {
    throw new ConfigError(`COGOV_REQUEST_CALENDAR is "${calendar}"; use ${WORKING_CALENDARS.join(" or ")}.`);
  }
  try {
    return { timeZone, calendar: calendar as WorkingCalendar, resolveWorkingDays: parseResolveDays(optional(env, "COGOV_REQUEST_RESOLVE_DAYS")) };
  } catch (error) {
    throw new ConfigError(`COGOV_REQUEST_RESOLVE_DAYS: ${(error as Error).message}; set it like ENVIRONMENT=5,SAFETY=2.`);
  }
}

function optional(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} is "${raw}"; set it to a whole number from ${min} to ${max}.`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new ConfigError(`${name} is "${raw}"; set it to true or false.`);
}

function checkDatabaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      "DATABASE_URL is not a valid URL; set it like postgres://user:password@host:5432/database, or unset it to use the embedded database.",
    );
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw new ConfigError(
      `DATABASE_URL starts with "${parsed.protocol}"; it must be a postgres:// or postgresql:// URL.`,
    );
  }
  if (parsed.pathname.length <= 1) {
    throw new ConfigError("DATABASE_URL names no database; add one after the host, like postgres://host:5432/cogov.");
  }
}

function corsOrigins(raw: string): "*" | string[] {
  if (raw === "*") return "*";
  const origins = raw.split(",").map((origin) => origin.trim()).filter(Boolean);
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || parsed.origin !== origin) {
      throw new ConfigError(
        `COGOV_CORS_ORIGINS holds "${origin}"; list origins like https://dashboard.example.org separated by commas, or set it to *.`,
      );
    }
  }
  return origins;
}

function jwtSecret(raw: string | undefined): string | undefined {
  if (raw !== undefined && raw.length < 32) {
    throw new ConfigError("COGOV_JWT_SECRET is shorter than 32 characters; set it to a long random string, e.g. the output of `openssl rand -base64 32`.");
  }
  return raw;
}

function oidc(env: Env): Config["oidc"] {
  const issuer = optional(env, "COGOV_OIDC_ISSUER");
  const jwksUrl = optional(env, "COGOV_OIDC_JWKS_URL");
  if (!issuer && !jwksUrl) return undefined;
  if (!issuer || !jwksUrl) throw new ConfigError("Set COGOV_OIDC_ISSUER and COGOV_OIDC_JWKS_URL together, or neither.");
  try {
    if (!/^https?:$/.test(new URL(jwksUrl).protocol)) throw new Error();
  } catch {
    throw new ConfigError(`COGOV_OIDC_JWKS_URL is "${jwksUrl}"; set it to the https:// address of the provider's JWKS.`);
  }
  return { issuer, jwksUrl, audience: optional(env, "COGOV_OIDC_AUDIENCE") };
}

function publicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(raw);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.search || parsed.hash || parsed.username || parsed.password) {
    throw new ConfigError(
      `COGOV_PUBLIC_URL is "${raw}"; set it to the http:// or https:// address clients reach this server at, like https://cogov.example.org (a path is allowed; no query, fragment or credentials).`,
    );
  }
  return parsed.href.replace(/\/+$/, "");
}

function metricsAccess(env: Env): Pick<Config, "metricsToken" | "metricsPublic"> {
  const metricsToken = optional(env, "COGOV_METRICS_TOKEN");
  const metricsPublic = boolean(env, "COGOV_METRICS_PUBLIC", false);
  if (metricsToken !== undefined && metricsPublic) {
    throw new ConfigError("COGOV_METRICS_TOKEN and COGOV_METRICS_PUBLIC=true are both set; keep the token to require it, or unset it to open /metrics to anyone.");
  }
  return { metricsToken, metricsPublic };
}

function logFormat(raw: string | undefined, terminal: boolean): LogFormat {
  if (raw === undefined) return terminal ? "pretty" : "json";
  if (raw !== "json" && raw !== "pretty") throw new ConfigError(`COGOV_LOG_FORMAT is "${raw}"; use json or pretty.`);
  return raw;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function logLevel(raw: string): string {
  if (!LOG_LEVELS.includes(raw)) {
    throw new ConfigError(`LOG_LEVEL is "${raw}"; use one of ${LOG_LEVELS.join(", ")}.`);
  }
  return raw;
}
