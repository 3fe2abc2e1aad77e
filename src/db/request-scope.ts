import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from "typeorm";
import type { Logger as Pino } from "pino";
import type { ExecutionResult } from "graphql";
import type { BudgetCharge } from "../auth/rate-limit";
import { type Locale, localeFromAcceptLanguage } from "../i18n/locale";

/** What one HTTP request has done so far. */
export interface RequestScope {
  requestId: string;
  sqlStatements: number;
  /** The language the caller reads, from its Accept-Language header. */
  locale: Locale;
  /** The mutation's idempotency key, when it sent one that is new (see services/idempotency.ts). */
  idempotency?: IdempotencyClaim;
  /**
   * What the known-query lane (http/known-queries.ts) did before it handed the request to Apollo Server: the
   * charge it made (spent or refused) and, if it ran the operation, its result. Apollo charges and runs nothing again.
   */
  handedOver?: { charge: BudgetCharge; result?: ExecutionResult };
}

export interface IdempotencyClaim {
  /** Whose key: keys of different callers never meet. */
  scope: string;
  key: string;
  /** SHA-256 of the request, so a key reused for another request is told apart. */
  fingerprint: string;
  /** Set once the key is in the table: by the mutation's transaction, or found there with no answer kept. */
  recorded: boolean;
  /**
   * The object an earlier, committed attempt returned, when its answer was not kept: the mutation
   * answers with it instead of changing anything again.
   */
  committedResult?: () => Promise<unknown>;
}

/*
 * On Node 20 a storage in use makes every promise of the process pay async hooks: 0.035 ms of a bare request's
 * 0.14 ms, and 15 % of Q2's CPU (bench/results/2026-12-06-issue-12-request-scope.md). So a scope is entered only
 * by work that needs it (a mutation's execution, or every request while statements are counted), and the
 * storage is switched off whenever none runs.
 */
const requestScope = new AsyncLocalStorage<RequestScope>();
let scopesRunning = 0;

/** Runs `work` with `scope` as the current request's, for the code below it that has no context to read it from. */
export async function inRequestScope<T>(scope: RequestScope, work: () => Promise<T>): Promise<T> {
  scopesRunning += 1;
  try {
    return await requestScope.run(scope, work);
  } finally {
    scopesRunning -= 1;
    if (scopesRunning === 0) requestScope.disable();
  }
}

/** The scope of the request whose work is running, if it entered one. */
export function currentRequestScope(): RequestScope | undefined {
  return requestScope.getStore();
}

// Each HTTP request's scope, kept on the request (a property costs less than a WeakMap's entry per request).
const SCOPE = Symbol("request scope");

/** The scope of a request, made when it is first asked for: its id (request-log.ts) and language. */
export function scopeOfRequest(req: IncomingMessage & { [SCOPE]?: RequestScope }): RequestScope {
  return (req[SCOPE] ??= { requestId: String(req.id), sqlStatements: 0, locale: localeFromAcceptLanguage(req.headers["accept-language"]) });
}

let statementsRun = 0;

/** SQL statements this process has run, whoever ran them (requests, subscriptions, sweeps). */
export function sqlStatementsRun(): number {
  return statementsRun;
}

/**
 * Counts SQL statements per request (logged with it, and shown in debug responses) and sends
 * TypeORM's own messages to the service log.
 */
export class StatementCountingLogger extends AbstractLogger {
  constructor(private readonly output: Pino) {
    super(["error", "warn", "migration"]);
  }

  override logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    const scope = requestScope.getStore();
    if (scope) scope.sqlStatements += 1;
    statementsRun += 1;
    super.logQuery(query, parameters, queryRunner);
  }

  protected writeLog(level: LogLevel, message: LogMessage | string | number | (LogMessage | string | number)[]): void {
    const messages = this.prepareLogMessages(message);
    for (const entry of messages) {
      // A prepared statement (prepared-statement.ts) reaches the logger as its name and text.
      const message: unknown = entry.message;
      const text = typeof message === "object" && message !== null && "text" in message ? String(message.text) : String(message);
      if (level === "error" || entry.type === "query-error") this.output.error({ sql: entry.parameters }, text);
      else if (level === "warn") this.output.warn(text);
      else this.output.info(text);
    }
  }
}
