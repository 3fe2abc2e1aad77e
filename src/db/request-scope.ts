import { AsyncLocalStorage } from "node:async_hooks";
import { AbstractLogger, LogLevel, LogMessage, QueryRunner } from "typeorm";
import type { Logger as Pino } from "pino";
import type { Locale } from "../i18n/locale";

/** What one HTTP request or WebSocket operation has done so far. */
export interface RequestScope {
  requestId: string;
  sqlStatements: number;
  /** The language the caller reads, from its Accept-Language header. */
  locale: Locale;
  /** The mutation's idempotency key, when it sent one that is new (see services/idempotency.ts). */
  idempotency?: IdempotencyClaim;
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

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** The language of the HTTP request being served; English outside one. */
export function requestLocale(): Locale {
  return requestScope.getStore()?.locale ?? "en";
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
