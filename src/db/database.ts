import { DataSource } from "typeorm";
import { Config, ConfigError } from "../config";
import type { Logger } from "../logger";
import { createDataSource } from "./data-source";
import { startEmbeddedPostgres } from "./embedded-postgres";

export interface Database {
  dataSource: DataSource;
  /** Where the database is, without its password, for the log. */
  location: string;
  close(): Promise<void>;
}

const MINIMUM_SERVER_VERSION = 150000;

/** Connects to `DATABASE_URL`, or to an embedded PostgreSQL when it is unset. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedDbPort,
        onLog: (message) => log.debug({ component: "embedded-postgres" }, message.trim()),
      });
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = createDataSource(url, log);
  try {
    await dataSource.initialize().catch((error: unknown) => {
      throw explainConnectionError(error, url);
    });
    const [{ server_version_num: version }] = await dataSource.query("SHOW server_version_num");
    if (Number(version) < MINIMUM_SERVER_VERSION) {
      throw new ConfigError(`The database runs PostgreSQL ${version}; Cogov needs 15 or later, so point DATABASE_URL at a newer server.`);
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    location: redact(url) + (embedded ? ` (embedded, data in ${config.dataDir})` : ""),
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

function explainConnectionError(error: unknown, url: string): Error {
  const { code, message } = error as { code?: string; message?: string };
  const where = redact(url);
  switch (code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EAI_AGAIN":
    case "ETIMEDOUT":
      return new ConfigError(`No PostgreSQL answers at ${where} (${code}); start it, or fix DATABASE_URL.`);
    case "28P01":
    case "28000":
      return new ConfigError(`PostgreSQL at ${where} refused the user or password; fix the credentials in DATABASE_URL.`);
    case "3D000":
      return new ConfigError(`The database named in ${where} does not exist; create it (createdb) or fix DATABASE_URL.`);
    default:
      return new ConfigError(`Cannot connect to PostgreSQL at ${where} (${message ?? code ?? String(error)}); check DATABASE_URL.`);
  }
}

/** The URL with its password replaced, safe to log. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
