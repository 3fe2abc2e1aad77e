import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

/**
 * Cogov behind The Guild's Hive Gateway, as README's "Behind a federation gateway" sets it up: the supergraph
 * composed from schema.graphql and a second subgraph, subscriptions to Cogov over graphql-ws with the
 * caller's Authorization passed in connectionParams, and each event joined with the other subgraph's field.
 */
const METRICS_TOKEN = "gateway-test-metrics";
let cogov: TestServer;
let stock: { url: string; stop(): Promise<void> };
let gateway: { url: string; close(): Promise<void> };
let serviceKey: string;
let committee: string;
let rainstorm: string;

// Loaded untyped: its types widen graphql's error extensions in a way Cogov's own errors do not compile against.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createGatewayRuntime } = require("@graphql-hive/gateway") as {
  createGatewayRuntime(config: Record<string, unknown>): http.RequestListener & { dispose(): Promise<void> };
};

/** The other subgraph: a warehouse that knows its stock of what a need asks for. */
const STOCK_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type ResourceNeed @key(fields: "id") {
    id: ID!
    "Units in the district warehouse: here, the length of the need's id, so the test can tell it was asked."
    warehouseStock: Int!
  }
`;

async function startStockSubgraph() {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(STOCK_SDL), resolvers: { ResourceNeed: { __resolveReference: ({ id }: { id: string }) => ({ id, warehouseStock: id.length }) } } }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: "127.0.0.1" } });
  return { url, stop: () => server.stop() };
}

beforeAll(async () => {
  cogov = await startTestServer({ demoData: true, config: { metricsToken: METRICS_TOKEN } });
  stock = await startStockSubgraph();
  const composed = composeServices([
    { name: "cogov", typeDefs: parse(await readFile(path.join(__dirname, "..", "schema.graphql"), "utf8")), url: cogov.url },
    { name: "stock", typeDefs: parse(STOCK_SDL), url: stock.url },
  ]);
  expect(composed.errors).toBeUndefined();
  const runtime = createGatewayRuntime({
    supergraph: composed.supergraphSdl!,
    logging: false,
    transportEntries: {
      cogov: {
        options: {
          subscriptions: {
            kind: "ws",
            location: "/graphql",
            // The caller's own credentials, in connection_init as Cogov reads them.
            options: { connectionParams: { authorization: "{context.headers.authorization}" } },
          },
        },
      },
    },
  });
  const server = http.createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  gateway = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime.dispose();
    },
  };
  committee = (await organizationIds(cogov, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
  const { body: projects } = await cogov.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
  rainstorm = projects.data!.projects.nodes[0].id;
  const { body } = await cogov.graphql<{ createApiKey: { secret: string } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    { input: { actingOrganizationId: committee, name: `district-gateway-${Date.now().toString(36)}`, scopes: ["READ"] } },
    await cogov.asAdminOf(committee),
  );
  serviceKey = body.data!.createApiKey.secret;
}, 120_000);
afterAll(async () => {
  await gateway?.close();
  await stock?.stop();
  await cogov?.close();
});

interface Announced {
  needAnnounced: { cursor: string; need: { title: string; warehouseStock: number; id: string } | null };
}

/** A client of the gateway, subscribed over server-sent events; collects each event's data. */
function subscribeThroughGateway(query: string, authorization: string) {
  const events: Announced[] = [];
  const errors: unknown[] = [];
  const abort = new AbortController();
  const done = (async () => {
    const response = await fetch(gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", authorization },
      body: JSON.stringify({ query }),
      signal: abort.signal,
    });
    const decoder = new TextDecoder();
    let buffered = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf("\n\n")) >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = message.split("\n").find((line) => line.startsWith("data:"))?.slice(5).trim();
        if (!data) continue;
        const result = JSON.parse(data) as { data?: Announced; errors?: unknown[] };
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data);
      }
    }
  })().catch((error: unknown) => void (abort.signal.aborted || errors.push(error)));
  return { events, errors, stop: async () => (abort.abort(), await done) };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const webSocketConnections = async () => {
  const metrics = await (await fetch(cogov.url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return Number(/^cogov_websocket_connections (\d+)$/m.exec(metrics)![1]);
};

const SUBSCRIPTION = `subscription { needAnnounced(filter: { projectId: "PROJECT" }) { cursor need { id title warehouseStock } } }`;

it("carries 21 clients with one service key over one WebSocket to Cogov; each gets every need, in order, joined with the warehouse's stock", async () => {
  const query = SUBSCRIPTION.replace("PROJECT", rainstorm);
  const clients = Array.from({ length: 21 }, () => subscribeThroughGateway(query, `Bearer ${serviceKey}`));
  await subscriberCount(cogov.events, 21);
  expect(cogov.events.subscriberCount).toBe(21);
  // The gateway keeps one socket per distinct connectionParams: all 21 share it.
  expect(await webSocketConnections()).toBe(1);

  const titles = ["閘門沙袋", "抽水機", "應急照明"];
  const posted: string[] = [];
  for (const title of titles) {
    const { need } = await mutate<{ need: { id: string } }>(cogov, "postNeed", "PostNeedInput", { actingOrganizationId: committee, projectId: rainstorm, category: "MATERIALS", title, quantity: 20, unit: "件", urgency: "HIGH", neededBy: inHours(5), areaCode: "510107021001" }, "need { id }");
    posted.push(need.id);
  }
  await until(() => clients.every((client) => client.events.length >= 3 || client.errors.length > 0), "three events at each client");
  for (const client of clients) {
    expect(client.errors).toEqual([]);
    expect(client.events.map((event) => event.needAnnounced.need)).toEqual(posted.map((id, index) => ({ id, title: titles[index], warehouseStock: id.length })));
  }
  await Promise.all(clients.map((client) => client.stop()));
  await subscriberCount(cogov.events, 0);
  expect(cogov.events.subscriberCount).toBe(0);
});

it("passes each user's own token in connectionParams: needs of a DRAFT project reach its organisation's coordinator, not an anonymous caller", async () => {
  const token = await cogov.signIn("coordinator@qinggang-lin-party-committee.example.org");
  const { project } = await mutate<{ project: { id: string } }>(cogov, "createProject", "CreateProjectInput", { actingOrganizationId: committee, title: `排澇預案（籌備）${Date.now().toString(36)}`, category: "EMERGENCY", areaCode: "510107021001" }, "project { id }");
  const query = SUBSCRIPTION.replace("PROJECT", project.id);
  const coordinator = subscribeThroughGateway(query, `Bearer ${token}`);
  const anonymous = subscribeThroughGateway(query, "");
  await subscriberCount(cogov.events, 2);
  expect(cogov.events.subscriberCount).toBe(2);
  // Two callers with different credentials: two sockets (once the first test's, idle, has closed 3 s after its last subscription).
  let sockets = await webSocketConnections();
  for (const deadline = Date.now() + 10_000; sockets !== 2 && Date.now() < deadline; sockets = await webSocketConnections()) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(sockets).toBe(2);
  const { need, userErrors } = await mutate<{ need: { id: string } }>(cogov, "postNeed", "PostNeedInput", { actingOrganizationId: committee, projectId: project.id, category: "MATERIALS", title: "雨衣", quantity: 50, unit: "件", urgency: "HIGH", neededBy: inHours(5), areaCode: "510107021001" }, "need { id }");
  expect(userErrors).toEqual([]);
  await until(() => coordinator.events.length > 0 || coordinator.errors.length > 0, "the coordinator's event");
  expect(coordinator.errors).toEqual([]);
  expect(coordinator.events.map((event) => event.needAnnounced.need)).toEqual([{ id: need.id, title: "雨衣", warehouseStock: need.id.length }]);
  // The anonymous subscriber would have had it by now had it been sent.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(anonymous.events).toEqual([]);
  expect(anonymous.errors).toEqual([]);
  await Promise.all([coordinator.stop(), anonymous.stop()]);
});
