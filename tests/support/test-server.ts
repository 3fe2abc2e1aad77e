import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { DataSource } from "typeorm";
import { Config, loadConfig } from "../../src/config";
import { createDataSource } from "../../src/db/data-source";
import { DEMO_PASSWORD } from "../../src/db/demo/identity-demo";
import { prepareDatabase } from "../../src/db/startup";
import type { EventStream } from "../../src/events/event-stream";
import { createLogger } from "../../src/logger";
import { startServer } from "../../src/server";

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[]; extensions?: Record<string, unknown> };
}

export interface TestServer {
  url: string;
  dataSource: DataSource;
  databaseUrl: string;
  events: EventStream;
  /** The key the server signs tokens with, to forge expired ones in tests. */
  jwtSecret: string;
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** A token for an account (demo accounts share the demo password). */
  signIn(email: string, password?: string): Promise<string>;
  /** Authorization headers of the demo admin of an organisation, given its global ID. */
  asAdminOf(organizationId: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.COGOV_TEST_ADMIN_URL;
  if (!url) throw new Error("COGOV_TEST_ADMIN_URL is unset: run the tests with npm test (jest's global setup sets it).");
  return url;
}

/** A fresh, empty database on the test PostgreSQL, dropped by the returned function. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cogov_test_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new Client({ connectionString: adminUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * The real server on its own database and a free port, as `npm start` runs it. `demoData` loads the demo
 * as `npm start` does, but without its 90 days of history unless `demoHistory` is set: tests count the
 * demo's current projects, needs and pledges.
 */
export async function startTestServer(options: { demoData?: boolean; demoHistory?: boolean; migrate?: boolean; config?: Partial<Config> } = {}): Promise<TestServer> {
  const database = await createTestDatabase();
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const dataSource = createDataSource(database.url, log);
  await dataSource.initialize();
  if (options.migrate !== false) await prepareDatabase(dataSource, log, options.demoData ?? false, options.demoHistory ?? false);
  const config: Config = { ...loadConfig({}), host: "127.0.0.1", port: 0, jwtSecret: randomBytes(32).toString("hex"), ...options.config };
  const server = await startServer(config, dataSource, log);
  const adminHeaders = new Map<string, Promise<Record<string, string>>>();
  const graphql: TestServer["graphql"] = async (query, variables, headers) => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse<never>["body"] };
  };
  const signIn = async (email: string, password = DEMO_PASSWORD) => {
    const { body } = await graphql<{ signIn: { token: string | null; userErrors: unknown[] } }>(
      `mutation ($input: SignInInput!) { signIn(input: $input) { token userErrors { message } } }`,
      { input: { email, password } },
    );
    if (!body.data?.signIn.token) throw new Error(`cannot sign in as ${email}: ${JSON.stringify(body)}`);
    return body.data.signIn.token;
  };
  return {
    url: server.url,
    dataSource,
    databaseUrl: database.url,
    events: server.events,
    jwtSecret: config.jwtSecret!,
    graphql,
    signIn,
    asAdminOf(organizationId) {
      let headers = adminHeaders.get(organizationId);
      if (!headers) {
        headers = (async () => {
          const { body } = await graphql<{ organization: { slug: string } }>(`query ($id: ID!) { organization(id: $id) { slug } }`, { id: organizationId });
          return { authorization: `Bearer ${await signIn(`admin@${body.data!.organization.slug}.example.org`)}` };
        })();
        adminHeaders.set(organizationId, headers);
      }
      return headers;
    },
    async close() {
      await server.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
