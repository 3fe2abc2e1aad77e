import { performance } from "node:perf_hooks";
import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { newApiKeySecret } from "../src/auth/api-key-secret";
import { BENCH_NEED_KEY_NAME, BENCH_NEED_TITLE, BENCH_PLEDGE_NOTE } from "./generate";
import { benchKeys, globalId, ScenarioUnavailable } from "./scenarios";
import type { BenchDatabase } from "./bench-database";
import type { ServerProcess } from "./server-process";

// Issue 12's emergency drill: a lead posts CRITICAL needs, organisations pledge on each as it is announced,
// the lead accepts each offer as it arrives. Every mutation's latency, by kind. At once, each reacts the moment
// it hears and the lead posts as fast as answered: the server works flat out, so latency is mostly queueing
// for the machine's cores. Paced, as people answer: the same mutations over about ten seconds.

export const DRILL_NEED_TITLE = `${BENCH_NEED_TITLE} drill`;
const NEEDS = 10;
const ORGANIZATIONS = 50;
const PLEDGE_QUANTITY = 2;
/** acceptPledge requests the coordinator has in flight at most. */
const COORDINATOR_IN_FLIGHT = 10;
const WARM_UP_MS = 10_000;
const QUIET_MS = 15_000;

/** How the drill is spread in time; without one, everything happens as soon as it can. */
export interface DrillPace {
  /** From a need's posting to the next's. */
  postEveryMs: number;
  /** An organisation pledges within this long of hearing of a need, the 50 spread evenly over it. */
  reactionMs: number;
}

export const PACED: DrillPace = { postEveryMs: 1_000, reactionMs: 2_000 };

const POST_NEED = "mutation ($input: PostNeedInput!) { postNeed(input: $input) { need { id } userErrors { field message code } } }";
const PLEDGE = "mutation ($input: PledgeInput!) { pledge(input: $input) { pledge { id status } userErrors { field message code } } }";
const ACCEPT = "mutation ($input: AcceptPledgeInput!) { acceptPledge(input: $input) { pledge { id status } userErrors { field message code } } }";
const ANNOUNCED = "subscription ($projectId: ID!) { needAnnounced(filter: { projectId: $projectId, urgencyAtLeast: CRITICAL }) { need { id title } } }";
const UPDATED = "subscription ($projectId: ID!) { needUpdated(filter: { projectId: $projectId }) { need { id remainingQuantity status } } }";
const PLEDGES = "subscription ($projectId: ID!) { pledgeChanged(filter: { projectId: $projectId }) { pledge { id status } } }";

type MutationKind = "postNeed" | "pledge" | "acceptPledge";

export interface MutationLatency {
  count: number;
  failed: number;
  firstFailure?: string;
  p50: number;
  p95: number;
  max: number;
}

export interface DrillResult {
  organizations: number;
  needs: number;
  /** Offers expected: organisations × needs. */
  expectedPledges: number;
  accepted: number;
  /** From the first postNeed sent until the last mutation answered. */
  seconds: number;
  mutationsPerSecond: number;
  mutations: Record<MutationKind, MutationLatency>;
  /** The Cogov process's CPU time over the drill. */
  serverCpuMs: number;
  /** PostgreSQL's CPU time over the drill, when it runs on this machine. */
  databaseCpuMs?: number;
  /** SQL statements the Cogov process ran over the drill: its mutations' and its subscriptions' reads. */
  sqlStatements?: number;
  /** needUpdated events the organisations received (each follows the needs it pledges on, as a client's view would). */
  updatesReceived: number;
  /** One to each organisation for each offer and acceptance made. */
  updatesExpected: number;
  /** How long after the last mutation's answer the last needUpdated arrived (how far the subscriptions lagged); none if none did. */
  lastUpdateAfterMs?: number;
  subscriptionErrors: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Latencies {
  private readonly ms: Record<MutationKind, number[]> = { postNeed: [], pledge: [], acceptPledge: [] };
  private readonly failures: Record<MutationKind, { count: number; first?: string }> = {
    postNeed: { count: 0 }, pledge: { count: 0 }, acceptPledge: { count: 0 },
  };
  lastAnswerAt = 0;

  /** Sends one mutation, times it, and returns its payload; a failure is counted, not thrown. */
  async send(kind: MutationKind, url: string, authorization: string, query: string, input: Record<string, unknown>) {
    const started = performance.now();
    let text: string;
    let status = 0;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization },
        body: JSON.stringify({ query, variables: { input } }),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      text = error instanceof Error ? error.message : String(error);
    }
    this.lastAnswerAt = performance.now();
    this.ms[kind].push(this.lastAnswerAt - started);
    let payload: { pledge?: { id: string }; need?: { id: string }; userErrors?: unknown[] } | undefined;
    try {
      const parsed = JSON.parse(text) as { data?: Record<string, typeof payload>; errors?: unknown[] };
      payload = parsed.errors?.length ? undefined : parsed.data?.[kind];
    } catch {
      payload = undefined;
    }
    if (status !== 200 || !payload || payload.userErrors?.length) {
      this.failures[kind].count += 1;
      this.failures[kind].first ??= `HTTP ${status}: ${text.slice(0, 300)}`;
      return undefined;
    }
    return payload;
  }

  summary(): Record<MutationKind, MutationLatency> {
    const of = (kind: MutationKind): MutationLatency => {
      const sorted = [...this.ms[kind]].sort((a, b) => a - b);
      const at = (p: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] * 10) / 10 : 0);
      return { count: sorted.length, failed: this.failures[kind].count, firstFailure: this.failures[kind].first, p50: at(50), p95: at(95), max: at(100) };
    };
    return { postNeed: of("postNeed"), pledge: of("pledge"), acceptPledge: of("acceptPledge") };
  }

  total(): number {
    return Object.values(this.ms).reduce((sum, list) => sum + list.length, 0);
  }
}

/** Runs the drill against the server process; the caller removes its pledges and needs afterwards. */
export async function runDrill(server: ServerProcess, database: BenchDatabase, say: (line: string) => void, pace?: DrillPace): Promise<DrillResult> {
  const { dataSource } = database;
  const [project]: { id: string; lead: string }[] = await dataSource.query(`
    SELECT project.id, project.lead_organization_id AS lead FROM project
    JOIN partnership ON partnership.project_id = project.id AND partnership.organization_id = project.lead_organization_id
    WHERE project.status = 'OPEN' AND partnership.status = 'ACTIVE'
    ORDER BY md5(project.id::text) LIMIT 1`);
  if (!project) throw new ScenarioUnavailable("drill: the data holds no OPEN project whose lead is an active partner");
  const organizations: { id: string }[] = await dataSource.query(`
    SELECT org.id FROM organization org
    WHERE NOT EXISTS (SELECT 1 FROM partnership WHERE project_id = $1 AND organization_id = org.id)
    ORDER BY md5(org.id::text) LIMIT $2`, [project.id, ORGANIZATIONS]);
  const pledgeKeys = await benchKeys(dataSource, organizations.map((org) => org.id));
  const coordinatorKey = newApiKeySecret();
  await dataSource.query(
    `INSERT INTO api_key (public_id, secret_hash, organization_id, name, scopes, last_used_at) VALUES ($1, $2, $3, $4, '{write:needs,write:pledges}', now())`,
    [coordinatorKey.publicId, coordinatorKey.secretHash, project.lead, BENCH_NEED_KEY_NAME],
  );
  const coordinator = `Bearer ${coordinatorKey.plaintext}`;
  const projectId = globalId("Project", project.id);
  const lead = globalId("Organization", project.lead);
  // The warm-up's, then the drill's.
  let latencies = new Latencies();
  const clients: Client[] = [];
  let subscriptionErrors = 0;
  let updatesReceived = 0;
  let lastUpdateAt = 0;
  const connect = (authorization: string) => {
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, connectionParams: { authorization }, lazy: false, retryAttempts: 0 });
    clients.push(client);
    return client;
  };
  const post = (title: string) =>
    latencies.send("postNeed", server.url, coordinator, POST_NEED, {
      actingOrganizationId: lead, projectId, title, category: "MEDICAL_SUPPLIES", quantity: ORGANIZATIONS * PLEDGE_QUANTITY,
      unit: "箱", urgency: "CRITICAL", neededBy: new Date(Date.now() + 86_400_000).toISOString(),
    });

  try {
    // The coordinator accepts every offer on the project as it is announced, COORDINATOR_IN_FLIGHT at a time.
    const seen = new Set<string>();
    const offers: string[] = [];
    let accepting = 0;
    let accepted = 0;
    const acceptNext = () => {
      while (accepting < COORDINATOR_IN_FLIGHT && offers.length) {
        const pledgeId = offers.shift()!;
        accepting += 1;
        void latencies.send("acceptPledge", server.url, coordinator, ACCEPT, { actingOrganizationId: lead, pledgeId }).then((payload) => {
          accepting -= 1;
          if (payload) accepted += 1;
          acceptNext();
        });
      }
    };
    connect(coordinator).subscribe<{ pledgeChanged: { pledge: { id: string; status: string } | null } }>(
      { query: PLEDGES, variables: { projectId } },
      {
        next: ({ data }) => {
          const pledge = data?.pledgeChanged.pledge;
          if (!pledge || pledge.status !== "OFFERED" || seen.has(pledge.id)) return;
          seen.add(pledge.id);
          offers.push(pledge.id);
          acceptNext();
        },
        error: () => (subscriptionErrors += 1),
        complete: () => undefined,
      },
    );

    // Each organisation pledges on each CRITICAL need of the project as it is announced, one request at a time,
    // and follows the project's needs as they change.
    let drilling = false;
    const warmedUp = new Set<number>();
    organizations.forEach((org, index) => {
      const authorization = `Bearer ${pledgeKeys.get(org.id)}`;
      const actingOrganizationId = globalId("Organization", org.id);
      let queue = Promise.resolve();
      let heard = 0;
      const client = connect(authorization);
      client.subscribe(
        { query: UPDATED, variables: { projectId } },
        {
          next: () => {
            if (!drilling) return;
            updatesReceived += 1;
            lastUpdateAt = performance.now();
          },
          error: () => (subscriptionErrors += 1),
          complete: () => undefined,
        },
      );
      client.subscribe<{ needAnnounced: { need: { id: string } | null } }>(
        { query: ANNOUNCED, variables: { projectId } },
        {
          next: ({ data }) => {
            const needId = data?.needAnnounced.need?.id;
            if (!drilling) {
              warmedUp.add(index);
              return;
            }
            if (!needId) return;
            // Paced, each organisation answers at its own moment, a different one for each need.
            const slot = (index + heard++ * 17) % organizations.length;
            const decided = pace ? sleep(((slot + 0.5) / organizations.length) * pace.reactionMs) : undefined;
            queue = queue.then(() => decided).then(() =>
              latencies.send("pledge", server.url, authorization, PLEDGE, { actingOrganizationId, needId, quantity: PLEDGE_QUANTITY, note: BENCH_PLEDGE_NOTE }).then(() => undefined));
          },
          error: () => (subscriptionErrors += 1),
          complete: () => undefined,
        },
      );
    });

    // Subscriptions are live a moment after they are acknowledged: a warm-up need each organisation has received proves it.
    for (let attempt = 1; attempt <= 3 && warmedUp.size < organizations.length; attempt += 1) {
      await post(`${DRILL_NEED_TITLE} warm-up ${attempt}`);
      const deadline = Date.now() + WARM_UP_MS;
      while (warmedUp.size < organizations.length && Date.now() < deadline) await sleep(50);
    }
    if (warmedUp.size < organizations.length) throw new ScenarioUnavailable(`drill: only ${warmedUp.size} of ${organizations.length} organisations received the warm-up need`);

    say(`drill: ${organizations.length} organisations subscribed; the lead posts ${NEEDS} CRITICAL needs${pace ? `, one every ${pace.postEveryMs} ms; each organisation answers within ${pace.reactionMs} ms` : ""}`);
    drilling = true;
    latencies = new Latencies();
    const cpuBefore = server.cpuMs();
    const databaseCpuBefore = await database.cpuMs();
    const statementsBefore = await server.statements?.();
    const started = performance.now();
    for (let i = 1; i <= NEEDS; i += 1) {
      await post(`${DRILL_NEED_TITLE} ${i}`);
      if (pace && i < NEEDS) await sleep(started + i * pace.postEveryMs - performance.now());
    }
    const expectedPledges = NEEDS * organizations.length;
    // Until every offer is accepted, or nothing has been answered for QUIET_MS.
    while (accepted < expectedPledges && performance.now() - latencies.lastAnswerAt < QUIET_MS) await sleep(50);
    const seconds = (latencies.lastAnswerAt - started) / 1000;
    const serverCpuMs = server.cpuMs() - cpuBefore;
    const databaseCpuAfter = await database.cpuMs();
    const statementsAfter = await server.statements?.();
    const mutations = latencies.summary();
    // The server may still be sending needUpdated when the last mutation is answered: wait for every one.
    const made = (kind: MutationKind) => mutations[kind].count - mutations[kind].failed;
    const updatesExpected = organizations.length * (made("pledge") + made("acceptPledge"));
    while (updatesReceived < updatesExpected && performance.now() - Math.max(lastUpdateAt, latencies.lastAnswerAt) < QUIET_MS) await sleep(50);
    return {
      organizations: organizations.length,
      needs: NEEDS,
      expectedPledges,
      accepted,
      seconds: Math.round(seconds * 100) / 100,
      mutationsPerSecond: Math.round((latencies.total() / seconds) * 10) / 10,
      mutations,
      serverCpuMs: Math.round(serverCpuMs),
      databaseCpuMs: databaseCpuBefore === undefined || databaseCpuAfter === undefined ? undefined : Math.round(databaseCpuAfter - databaseCpuBefore),
      sqlStatements: statementsBefore && statementsAfter && statementsAfter.statements - statementsBefore.statements,
      updatesReceived,
      updatesExpected,
      lastUpdateAfterMs: updatesReceived ? Math.round(lastUpdateAt - latencies.lastAnswerAt) : undefined,
      subscriptionErrors,
    };
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
  }
}
