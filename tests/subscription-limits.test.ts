import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

/**
 * The subscription limit counts per credential: a federation gateway that carries its users' subscriptions
 * over one socket with one service key is held to the key's allowance, while an account cannot get past its
 * own by opening more sockets.
 */
let server: TestServer;
let keyHeader: string;
let userHeader: string;
const clients: Client[] = [];

const NEEDS = `subscription { needAnnounced { cursor } }`;
const PER_KEY = 25;

beforeAll(async () => {
  // Defaults but the key's allowance, set low to reach it quickly.
  server = await startTestServer({ demoData: true, config: { wsMaxSubscriptionsPerKey: PER_KEY } });
  const admin = `Bearer ${await server.signIn("admin@qinggang-lin-party-committee.example.org")}`;
  const { body: org } = await server.graphql<{ organization: { id: string } }>(`{ organization(slug: "qinggang-lin-party-committee") { id } }`);
  const { body } = await server.graphql<{ createApiKey: { secret: string } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { message } } }`,
    { input: { actingOrganizationId: org.data!.organization.id, name: `gateway-${Date.now().toString(36)}`, scopes: ["READ"] } },
    { authorization: admin },
  );
  keyHeader = `Bearer ${body.data!.createApiKey.secret}`;
  userHeader = `Bearer ${await server.signIn("coordinator@qinggang-lin-party-committee.example.org")}`;
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await server.close();
});

const connect = (authorization?: string) => {
  const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: authorization ? { authorization } : {} });
  clients.push(client);
  return client;
};
/** n subscriptions over one connection, as n users behind a gateway. */
const subscribeMany = (client: Client, n: number) => Array.from({ length: n }, () => collect(client, NEEDS, {}, "needAnnounced"));
const errorsOf = (streams: ReturnType<typeof subscribeMany>) => streams.flatMap((stream) => stream.errors);
const refusal = (limit: number) => [[expect.objectContaining({
  message: `Your credentials already hold ${limit} subscriptions on this server, over all your connections; end one first.`,
  extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }),
})]];

it("holds 21 subscriptions a gateway carries over one socket with one service key, and refuses past the key's allowance on any socket", async () => {
  const gateway = connect(keyHeader);
  const users = subscribeMany(gateway, 21);
  await subscriberCount(server.events, 21);
  expect(server.events.subscriberCount).toBe(21);
  expect(errorsOf(users)).toEqual([]);

  // A second socket with the same key shares the allowance.
  const second = connect(keyHeader);
  const more = subscribeMany(second, PER_KEY - 21);
  await subscriberCount(server.events, PER_KEY);
  const over = subscribeMany(second, 1)[0];
  await over.waitFor(1);
  expect(over.errors).toEqual(refusal(PER_KEY));
  expect(server.events.subscriberCount).toBe(PER_KEY);
  expect(errorsOf([...users, ...more])).toEqual([]);

  // Ending some gives their places back.
  for (const stream of users.slice(0, 3)) stream.stop();
  await subscriberCount(server.events, PER_KEY - 3);
  const again = subscribeMany(second, 3);
  await subscriberCount(server.events, PER_KEY);
  expect(server.events.subscriberCount).toBe(PER_KEY);
  expect(errorsOf(again)).toEqual([]);
  for (const stream of [...users, ...more, ...again]) stream.stop();
  await subscriberCount(server.events, 0);
});

it("holds an account to COGOV_WS_MAX_SUBSCRIPTIONS over all its sockets, and frees its places when a socket closes", async () => {
  const sockets = [connect(userHeader), connect(userHeader)];
  const held = [...subscribeMany(sockets[0], 10), ...subscribeMany(sockets[1], 10)];
  await subscriberCount(server.events, 20);
  expect(server.events.subscriberCount).toBe(20);
  const over = subscribeMany(connect(userHeader), 1)[0];
  await over.waitFor(1);
  expect(over.errors).toEqual(refusal(20));
  expect(errorsOf(held)).toEqual([]);

  await sockets[0].dispose();
  await subscriberCount(server.events, 10);
  const after = subscribeMany(sockets[1], 10);
  await subscriberCount(server.events, 20);
  expect(server.events.subscriberCount).toBe(20);
  expect(errorsOf(after)).toEqual([]);
  for (const stream of [...held, ...after]) stream.stop();
  await subscriberCount(server.events, 0);
});

it("counts an anonymous caller on its connection: the 21st anonymous subscription on one socket is refused, another socket has its own 20", async () => {
  const anonymous = subscribeMany(connect(), 21);
  await anonymous[20].waitFor(1);
  expect(anonymous[20].errors).toEqual([[expect.objectContaining({ message: "This connection already has 20 subscriptions; end one, or open another connection." })]]);
  const other = subscribeMany(connect(), 20);
  await subscriberCount(server.events, 40);
  expect(server.events.subscriberCount).toBe(40);
  expect(errorsOf([...anonymous.slice(0, 20), ...other])).toEqual([]);
  for (const stream of [...anonymous, ...other]) stream.stop();
});
