import { randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { DEMO_PASSWORD } from "../src/db/demo/identity-demo";
import { inHours } from "./support/collaboration";
import { restartCluster, terminateBackends } from "./support/postgres-control";
import { start, Started } from "./support/processes";
import { isFatalCloseCode, isOutageAnswer, postNeedWithKey, ResilientSubscriber, tallyFailures, uuidOf, WriteOutcome } from "./support/resilient-client";
import { createTestDatabase } from "./support/test-server";

// The database's bad days (issue 10): two real server processes on one PostgreSQL, writers that retry
// with their idempotency key, subscribers written as README says; connections cut, then a restart.

const ROUNDS = Number(process.env.COGOV_FAULT_ROUNDS ?? 10);
const WRITERS = 8;
const SUBSCRIBERS_PER_INSTANCE = 4;
/** Writes per writer at most, so a phase ends even if the faults never do. */
const WRITES_PER_WRITER = 150;
const embeddedDir = process.env.COGOV_TEST_EMBEDDED_DIR;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let databaseName: string;
let settings: Record<string, string>;
let servers: Started[] = [];
/** Every process started, crashed ones too, to save their logs. */
const everyServer: { name: string; server: Started }[] = [];
let authorization: string;
let committee: string;
let project: string;

const until = async (condition: () => boolean | Promise<boolean>, ms: number): Promise<boolean> => {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const exited = (server: Started) => server.child.exitCode !== null || server.child.signalCode !== null;

async function startInstance(index: number): Promise<Started> {
  const server = await start(settings);
  everyServer.push({ name: `instance${index + 1}-${everyServer.length + 1}`, server });
  return server;
}

async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** A connection to the test database as its owner, for what the test reads behind the API. */
async function withDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: database.url });
  client.on("error", () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Subscriptions the instance at `url` holds, from its metrics. */
async function subscriptionsOn(url: string): Promise<number | undefined> {
  const text = await fetch(url.replace(/\/graphql$/, "/metrics")).then((response) => response.text(), () => "");
  const match = /\ncogov_subscriptions (\d+)\n/.exec(text);
  return match ? Number(match[1]) : undefined;
}

const ready = (server: Started) =>
  fetch(server.url.replace(/\/graphql$/, "/readyz")).then((response) => response.status === 200, () => false);

/**
 * Where a new subscription starts: the stream's head (issue 10, item 6), so a subscriber that has not
 * yet received an event can still resume. Where the query does not exist (undefined), subscribers
 * start from now, and the marker need each of them receives before the load gives them a cursor.
 */
async function streamHead(): Promise<string | undefined> {
  const response = await fetch(servers[0].url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ query: "{ latestEventCursor }" }),
  });
  const body = (await response.json()) as { data?: { latestEventCursor?: string }; errors?: { extensions?: { code?: string } }[] };
  if (body.errors?.[0]?.extensions?.code === "GRAPHQL_VALIDATION_FAILED") return undefined;
  if (!body.data?.latestEventCursor) throw new Error(`latestEventCursor: ${JSON.stringify(body)}`);
  return body.data.latestEventCursor;
}

function needInput(title: string) {
  return {
    actingOrganizationId: committee,
    projectId: project,
    category: "VOLUNTEERS",
    title,
    quantity: 5,
    unit: "人",
    urgency: "CRITICAL",
    neededBy: inHours(3),
    idempotencyKey: randomUUID(),
  };
}

/** Lines the servers logged at error level or above (pino levels 50, 60) since `from`, counted by kind. */
function serverErrors(from: Map<Started, number>): string[] {
  const kinds = new Map<string, number>();
  for (const { name, server } of everyServer) {
    for (const line of server.log().slice(from.get(server) ?? 0).split("\n")) {
      if (!/"level":(50|60)/.test(line) && !/^\s*(Error|\w+Error):|Unhandled|uncaught/i.test(line)) continue;
      let summary = line.slice(0, 300);
      try {
        const entry = JSON.parse(line) as { msg?: string; err?: { message?: string; code?: string } };
        // TypeORM's failed statements: the error lines beside them say why.
        if (/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|START|COMMIT|ROLLBACK)\b/.test(entry.msg ?? "")) continue;
        summary = `${entry.msg ?? ""} ${entry.err?.code ?? ""} ${entry.err?.message ?? ""}`.trim().slice(0, 200);
      } catch {
        // Not pino's JSON: the raw line.
      }
      const key = `${name}: ${summary}`;
      kinds.set(key, (kinds.get(key) ?? 0) + 1);
    }
  }
  return [...kinds].map(([line, count]) => `${count}× ${line}`).slice(0, 30);
}

interface Phase {
  label: string;
  /** Runs the faults while writers and subscribers work; `acknowledged` counts acknowledged writes so far. */
  faults: (acknowledged: () => number) => Promise<string[]>;
}

/** Writers and subscribers under `phase.faults`, then the checks; returns what the checks compare. */
async function underLoad(phase: Phase) {
  // A process that died in an earlier phase is replaced (its death was reported there).
  for (const [index, server] of servers.entries()) if (exited(server)) servers[index] = await startInstance(index);
  const running = [...servers];
  const started = Date.now();
  const logFrom = new Map(everyServer.map(({ server }) => [server, server.log().length]));

  const head = await streamHead();
  const subscribers = running.flatMap((server, instance) =>
    Array.from({ length: SUBSCRIBERS_PER_INSTANCE }, () => ({ instance, client: new ResilientSubscriber({ url: server.url, authorization, projectId: project, after: head }) })),
  );
  for (const server of running) {
    expect(await until(async () => (await subscriptionsOn(server.url)) === SUBSCRIBERS_PER_INSTANCE, 15_000)).toBe(true);
  }
  // Every subscriber has a cursor from here on: the marker's, or a later one.
  const marker = await postNeedWithKey({ urls: running.map((server) => server.url), first: 0, authorization, input: needInput(`${phase.label} marker`) });
  expect(marker.id).toBeDefined();
  expect(await until(() => subscribers.every(({ client }) => client.received.some((event) => event.needId === marker.id)), 15_000)).toBe(true);
  const [{ position: markerPosition }] = await withDatabase(async (client) =>
    (await client.query(`SELECT position FROM event WHERE type = 'NEED_POSTED' AND entity_id = $1`, [uuidOf(marker.id!)])).rows,
  );

  const outcomes: WriteOutcome[] = [];
  let writing = true;
  const writers = Array.from({ length: WRITERS }, async (_, writer) => {
    for (let i = 0; writing && i < WRITES_PER_WRITER; i += 1) {
      const input = needInput(`${phase.label} w${writer} #${String(i).padStart(3, "0")}`);
      outcomes.push(await postNeedWithKey({ urls: running.map((server) => server.url), first: writer + i, authorization, input }));
    }
  });
  const acknowledged = () => outcomes.filter((outcome) => outcome.id).length;

  const faultNotes = await phase.faults(acknowledged);
  // Writes go on after the last fault until each writer has had some acknowledged: recovery, not just survival.
  const afterFaults = acknowledged();
  await until(() => acknowledged() >= afterFaults + 2 * WRITERS, 30_000);
  writing = false;
  await Promise.all(writers);

  const titles = [marker.title, ...outcomes.map((outcome) => outcome.title)];
  const expected: string[] = await withDatabase(async (client) =>
    (await client.query(
      `SELECT entity_id AS id FROM event WHERE type = 'NEED_POSTED' AND project_id = $1 AND position >= $2 ORDER BY position`,
      [uuidOf(project), markerPosition],
    )).rows.map((row: { id: string }) => row.id),
  );
  // Every subscriber has the whole stream, or the wait ends (then the checks below say what is missing).
  await until(() => subscribers.every(({ client }) => client.needUuids.length >= expected.length), 30_000);
  const stored: Map<string, string[]> = await withDatabase(async (client) => {
    const { rows } = await client.query(`SELECT title, id FROM resource_need WHERE project_id = $1 AND title = ANY($2)`, [uuidOf(project), titles]);
    const byTitle = new Map<string, string[]>();
    for (const row of rows as { title: string; id: string }[]) byTitle.set(row.title, [...(byTitle.get(row.title) ?? []), row.id]);
    return byTitle;
  });
  await Promise.all(subscribers.map(({ client }) => client.stop()));
  for (const server of running.filter((candidate) => !exited(candidate))) await until(async () => (await subscriptionsOn(server.url)) === 0, 15_000);

  const acked = outcomes.filter((outcome) => outcome.id);
  const report = {
    exited: running.filter(exited).map((server) => `pid ${server.child.pid}: code ${server.child.exitCode}, signal ${server.child.signalCode}`),
    unacknowledged: outcomes.filter((outcome) => !outcome.id && !outcome.refused).map((outcome) => `${outcome.title}: ${outcome.attempts} attempts, last ${outcome.failures.at(-1)}`),
    refused: outcomes.filter((outcome) => outcome.refused).map((outcome) => `${outcome.title}: ${outcome.refused}`),
    acknowledgedNotStoredOnce: acked
      .filter((outcome) => (stored.get(outcome.title) ?? []).join() !== uuidOf(outcome.id!))
      .map((outcome) => `${outcome.title}: acknowledged ${uuidOf(outcome.id!)}, stored [${stored.get(outcome.title) ?? []}]`),
    duplicated: [...stored].filter(([, ids]) => ids.length > 1).map(([title, ids]) => `${title} ×${ids.length}`),
    // What a write met that was not an outage answered as one (503 SERVICE_UNAVAILABLE with Retry-After, or no answer).
    notOutageAnswers: tallyFailures(outcomes.map((outcome) => ({ ...outcome, failures: outcome.failures.filter((reason) => !isOutageAnswer(reason)) }))),
    fatalCloseCodes: subscribers.flatMap(({ client }) => client.closeCodes.filter(isFatalCloseCode)),
    subscribers: subscribers.map(({ instance, client }) => streamCheck(instance, client, expected)),
  };
  const summary = {
    phase: phase.label,
    startedFrom: head ? "latestEventCursor" : "a marker need (no latestEventCursor query)",
    seconds: Math.round((Date.now() - started) / 100) / 10,
    faults: faultNotes,
    writes: outcomes.length,
    acknowledged: acked.length,
    retried: outcomes.filter((outcome) => outcome.attempts > 1).length,
    failures: tallyFailures(outcomes),
    events: expected.length,
    subscribers: subscribers.map(({ instance, client }) => ({
      instance: instance + 1,
      received: client.received.length,
      withoutNeed: client.received.filter((event) => !event.needId).length,
      connections: client.connections,
      resubscriptions: client.resubscriptions,
      closeCodes: [...new Set(client.closeCodes)],
      problems: [...new Set(client.problems.map((problem) => problem.slice(0, 160)))].slice(0, 5),
    })),
    report,
    serverErrors: serverErrors(logFrom),
  };
  console.log(JSON.stringify(summary, null, 2));
  return report;
}

/** What a subscriber received against the stream's order of need uuids: each exactly once, in order. */
function streamCheck(instance: number, client: ResilientSubscriber, expected: string[]) {
  const received = client.needUuids;
  const distinct = [...new Set(received)];
  const wanted = new Set(expected);
  const inReceived = new Set(received);
  return {
    instance: instance + 1,
    missing: expected.filter((id) => !inReceived.has(id)).length,
    repeated: received.length - distinct.length,
    unexpected: distinct.filter((id) => !wanted.has(id)).length,
    eventsWithoutNeed: client.received.filter((event) => !event.needId).length,
    inOrder: distinct.filter((id) => wanted.has(id)).join() === expected.filter((id) => inReceived.has(id)).join(),
  };
}

const clean = (instance: number) => ({ instance, missing: 0, repeated: 0, unexpected: 0, eventsWithoutNeed: 0, inOrder: true });
const passing = {
  exited: [],
  unacknowledged: [],
  refused: [],
  acknowledgedNotStoredOnce: [],
  duplicated: [],
  notOutageAnswers: {},
  fatalCloseCodes: [],
  subscribers: Array.from({ length: 2 * SUBSCRIBERS_PER_INSTANCE }, (_, i) => clean(Math.floor(i / SUBSCRIBERS_PER_INSTANCE) + 1)),
};

/** Cuts every connection of the test database `rounds` times, each after the writers have made progress. */
async function terminateRounds(rounds: number, acknowledged: () => number): Promise<string[]> {
  const notes: string[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const before = acknowledged();
    const progressed = await until(() => acknowledged() >= before + 3, 5_000);
    const terminated = await terminateBackends(process.env.COGOV_TEST_ADMIN_URL!, databaseName);
    notes.push(`round ${round}: ${terminated} backends terminated${progressed ? "" : " (no 3 writes acknowledged in the 5 s before)"}`);
  }
  return notes;
}

beforeAll(async () => {
  database = await createTestDatabase();
  databaseName = new URL(database.url).pathname.slice(1);
  settings = {
    DATABASE_URL: database.url,
    COGOV_JWT_SECRET: randomBytes(32).toString("hex"),
    COGOV_DEMO_DATA: "true",
    COGOV_POINTS_PER_MINUTE: "100000000",
    COGOV_SHUTDOWN_TIMEOUT_MS: "3000",
    // Subscriptions are counted from /metrics.
    COGOV_METRICS_PUBLIC: "true",
    LOG_LEVEL: "info",
  };
  // One after the other: both would migrate and seed the new database at once otherwise.
  servers = [await startInstance(0)];
  servers.push(await startInstance(1));
  const signIn = await graphql<{ signIn: { token: string } }>(
    servers[0].url,
    `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`,
    { input: { email: "admin@qinggang-lin-party-committee.example.org", password: DEMO_PASSWORD } },
  );
  authorization = `Bearer ${signIn.signIn.token}`;
  const found = await graphql<{ organization: { id: string }; projects: { nodes: { id: string }[] } }>(
    servers[0].url,
    `{ organization(slug: "qinggang-lin-party-committee") { id } projects(filter: { search: "暴雨" }) { nodes { id } } }`,
  );
  committee = found.organization.id;
  project = found.projects.nodes[0].id;
}, 120_000);

afterAll(async () => {
  for (const { name, server } of everyServer) {
    if (!exited(server)) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    const file = path.join(os.tmpdir(), `cogov-faults-${name}.log`);
    writeFileSync(file, server.log());
  }
  console.log(`server logs in ${path.join(os.tmpdir(), "cogov-faults-*.log")}`);
  await database?.drop();
}, 60_000);

describe("the database's bad days, with two instances under writers and subscribers", () => {
  it(`loses, repeats and crashes nothing while every backend is terminated, ${ROUNDS} rounds`, async () => {
    const report = await underLoad({ label: "斷線", faults: (acknowledged) => terminateRounds(ROUNDS, acknowledged) });
    expect(report).toEqual(passing);
  }, 180_000);

  it(
    embeddedDir
      ? "loses, repeats and crashes nothing when PostgreSQL restarts mid-burst"
      : "loses, repeats and crashes nothing when every backend is terminated mid-burst (a shared server is not restarted)",
    async () => {
      const report = await underLoad({
        label: "重啟",
        faults: async (acknowledged) => {
          await until(() => acknowledged() >= 10, 15_000);
          if (!embeddedDir) return terminateRounds(3, acknowledged);
          const restarting = Date.now();
          await restartCluster(path.join(embeddedDir, "postgres"));
          const restarted = Date.now();
          const backAt = await until(async () => (await Promise.all(servers.map(ready))).every(Boolean), 60_000);
          return [`pg_ctl restart -m fast took ${restarted - restarting} ms; both instances ${backAt ? `ready ${Date.now() - restarted} ms after it` : "not ready within 60 s after it"}`];
        },
      });
      expect(report).toEqual(passing);
    },
    180_000,
  );
});
