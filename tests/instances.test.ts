import { randomBytes } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { DEMO_PASSWORD } from "../src/db/demo/identity-demo";
import { inHours } from "./support/collaboration";
import { start, Started } from "./support/processes";
import { createTestDatabase } from "./support/test-server";

// Two real server processes on one database, as a deployment behind a load balancer runs them.
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let first: Started;
let second: Started;
let token: string;
let committee: string;
let project: string;

async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const post = (url: string, title: string) =>
  graphql(url, `mutation ($input: PostNeedInput!) { postNeed(input: $input) { need { id } userErrors { message } } }`, {
    input: { actingOrganizationId: committee, projectId: project, category: "VOLUNTEERS", title, quantity: 5, unit: "人", urgency: "CRITICAL", neededBy: inHours(3) },
  });

beforeAll(async () => {
  database = await createTestDatabase();
  const settings = { DATABASE_URL: database.url, COGOV_JWT_SECRET: randomBytes(32).toString("hex"), COGOV_DEMO_DATA: "true", COGOV_METRICS_PUBLIC: "true", LOG_LEVEL: "info" };
  [first, second] = await Promise.all([start(settings), start(settings)]);
  const signIn = await fetch(first.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, variables: { input: { email: "admin@qinggang-lin-party-committee.example.org", password: DEMO_PASSWORD } } }),
  });
  token = ((await signIn.json()) as { data: { signIn: { token: string } } }).data.signIn.token;
  const found = await graphql<{ organization: { id: string }; projects: { nodes: { id: string }[] } }>(
    first.url,
    `{ organization(slug: "qinggang-lin-party-committee") { id } projects(filter: { search: "暴雨" }) { nodes { id } } }`,
  );
  committee = found.organization.id;
  project = found.projects.nodes[0].id;
});

afterAll(async () => {
  for (const server of [first, second].filter(Boolean)) {
    if (server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
  }
  await database.drop();
});

interface Announced {
  cursor: string;
  need: { title: string };
}

/** Subscribes on `url` from `after`, collecting announced needs until `until` says enough. */
function follow(url: string, after: string | undefined, seen: Announced[], onClosed: () => void) {
  const client = createClient({
    url: url.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { authorization: `Bearer ${token}` },
    on: { closed: onClosed },
  });
  client.subscribe<{ needAnnounced: Announced }>(
    { query: `subscription ($after: String, $project: ID) { needAnnounced(after: $after, filter: { projectId: $project }) { cursor need { title } } }`, variables: { after, project } },
    { next: (value) => value.data && seen.push(value.data.needAnnounced), error: () => undefined, complete: () => undefined },
  );
  return client;
}

const until = async (condition: () => boolean | Promise<boolean>, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
};

/** Until the instance at `url` holds `count` subscriptions, as its metrics tell. */
const subscribed = (url: string, count: number) =>
  until(async () => (await (await fetch(url.replace(/\/graphql$/, "/metrics"))).text()).includes(`\ncogov_subscriptions ${count}\n`));

describe("several instances on one database", () => {
  it("delivers to a subscriber on one instance a need posted through the other", async () => {
    const seen: Announced[] = [];
    const client = follow(first.url, undefined, seen, () => undefined);
    await subscribed(first.url, 1);
    await post(second.url, "跨實例的需求");
    await until(() => seen.length >= 1);
    expect(seen.map((event) => event.need.title)).toEqual(["跨實例的需求"]);
    await client.dispose();
    // Until the server has let it go: otherwise the next test's count of 1 could still be this subscription.
    await subscribed(first.url, 0);
  });

  it("loses nothing when the subscriber's instance is killed mid-burst: it resumes on the other with its cursor", async () => {
    const seen: Announced[] = [];
    let closed = false;
    const onFirst = follow(first.url, undefined, seen, () => (closed = true));
    await subscribed(first.url, 1);
    const titles = Array.from({ length: 40 }, (_, i) => `突發需求${String(i).padStart(2, "0")}`);
    const burst = (async () => {
      for (const title of titles) await post(second.url, title);
    })();
    await until(() => seen.length >= 10);
    first.child.kill("SIGKILL");
    await until(() => closed);
    await onFirst.dispose();

    const resumed: Announced[] = [];
    const onSecond = follow(second.url, seen.at(-1)!.cursor, resumed, () => undefined);
    await burst;
    await until(() => seen.length + resumed.length >= titles.length);
    const all = [...seen, ...resumed].map((event) => event.need.title);
    expect(all).toEqual(titles);
    await onSecond.dispose();
  });
});
