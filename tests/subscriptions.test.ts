import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { statementsDuring } from "./support/statements";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let committee: string;
let rainstorm: string;
let coordinatorToken: string;

const METRICS_TOKEN = "subscriptions-metrics-token";

beforeAll(async () => {
  // Counting statements puts every HTTP request in its scope, which tells a request's statements from the rest.
  server = await startTestServer({ demoData: true, config: { countStatements: true, metricsToken: METRICS_TOKEN } });
  committee = (await organizationIds(server, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
  const { body } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
  rainstorm = body.data!.projects.nodes[0].id;
  coordinatorToken = await server.signIn("coordinator@qinggang-lin-party-committee.example.org");
});
afterAll(() => server.close());

interface NeedEventResult {
  cursor: string;
  kind: string;
  need: { title: string; urgency: string; remainingQuantity: number } | null;
}

/** Until the server holds exactly `count` subscriptions. */
const subscribed = (count: number) => subscriberCount(server.events, count);
// Each test counts the subscriptions it opens: the test before's must be gone first, and the server lets them go a
// moment after their client disposes of its socket.
afterEach(() => subscribed(0));

const client = (params: Record<string, unknown> = {}) =>
  createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${coordinatorToken}`, ...params } });

const NEEDS = `subscription ($filter: NeedSubscriptionFilter, $after: String) {
  needAnnounced(filter: $filter, after: $after) { cursor kind need { title urgency remainingQuantity } }
}`;

const post = (title: string, urgency: string, areaCode: string) =>
  mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: committee, projectId: rainstorm, category: "MATERIALS", title, quantity: 10, unit: "件", urgency, neededBy: inHours(5), areaCode }, "need { id }");

describe("needs arrive live, filtered, and resume from a cursor", () => {
  it("delivers new critical needs in a district to a coordinator, and nothing else", async () => {
    const ws = client();
    const stream = collect<NeedEventResult>(ws, NEEDS, { filter: { areaCode: "510107021", urgencyAtLeast: "CRITICAL" } }, "needAnnounced");
    await subscribed(1);
    await post("雨衣", "LOW", "510107021001");
    await post("抽水泵", "CRITICAL", "510107022001");
    await post("應急照明燈", "CRITICAL", "510107021001002");
    const received = await stream.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stream.errors).toEqual([]);
    expect(received.map((event) => event.need?.title)).toEqual(["應急照明燈"]);
    expect(received[0]).toMatchObject({ kind: "POSTED", need: { urgency: "CRITICAL", remainingQuantity: 10 } });
    stream.stop();
    await ws.dispose();
  });

  it("replays what was missed after a cursor, then continues live, with no gap and no repeat", async () => {
    const first = client();
    const live = collect<NeedEventResult>(first, NEEDS, { filter: { projectId: rainstorm } }, "needAnnounced");
    await subscribed(1);
    await post("沙袋一", "HIGH", "510107021001");
    const [seen] = await live.waitFor(1);
    live.stop();
    await first.dispose();

    for (const title of ["沙袋二", "沙袋三", "沙袋四"]) await post(title, "HIGH", "510107021001");
    const second = client();
    const resumed = collect<NeedEventResult>(second, NEEDS, { filter: { projectId: rainstorm }, after: seen.cursor }, "needAnnounced");
    await resumed.waitFor(3);
    await post("沙袋五", "HIGH", "510107021001");
    const all = await resumed.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.errors).toEqual([]);
    expect(all.map((event) => event.need?.title)).toEqual(["沙袋二", "沙袋三", "沙袋四", "沙袋五"]);
    expect(new Set(all.map((event) => event.cursor)).size).toBe(4);
    resumed.stop();
    await second.dispose();
  });

  it("announces changes to a need's figures when it is pledged to", async () => {
    const ws = client();
    const posted = await post("睡袋", "CRITICAL", "510107021003");
    const updates = collect<NeedEventResult>(ws, `subscription ($filter: NeedSubscriptionFilter) { needUpdated(filter: $filter) { cursor kind need { title remainingQuantity } } }`, { filter: { projectId: rainstorm } }, "needUpdated");
    await subscribed(1);
    const pledge = await mutate<{ pledge: { id: string } }>(server, "pledge", "PledgeInput", { actingOrganizationId: committee, needId: posted.need.id, quantity: 4 }, "pledge { id }");
    await mutate(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: committee, pledgeId: pledge.pledge.id }, "pledge { id }");
    const received = await updates.waitFor(2);
    expect(received.map((event) => [event.kind, event.need?.title])).toEqual([["UPDATED", "睡袋"], ["UPDATED", "睡袋"]]);
    // Each event carries the need as it is now.
    expect(received[1].need!.remainingQuantity).toBe(6);
    updates.stop();
    await ws.dispose();
  });

  it("refuses cursors it did not issue and unknown areas for that operation only, and limits subscriptions per connection", async () => {
    const ws = client({ locale: "en" });
    const badCursor = collect(ws, NEEDS, { after: Buffer.from("Organization:1").toString("base64url") }, "needAnnounced");
    const ahead = collect(ws, NEEDS, { after: Buffer.from("Event:999999999").toString("base64url") }, "needAnnounced");
    const badArea = collect(ws, NEEDS, { filter: { areaCode: "000" } }, "needAnnounced");
    await Promise.all([badCursor.waitFor(1), ahead.waitFor(1), badArea.waitFor(1)]);
    const codes = [badCursor, ahead, badArea].map((stream) => (stream.errors[0] as { extensions?: { code?: string } }[])[0]?.extensions?.code ?? (stream.errors[0] as { extensions?: { code?: string } }).extensions?.code);
    expect(codes).toEqual(["BAD_USER_INPUT", "BAD_USER_INPUT", "BAD_USER_INPUT"]);

    const many = Array.from({ length: 21 }, () => collect(ws, NEEDS, {}, "needAnnounced"));
    await subscribed(20);
    const refusedOnes = () => many.filter((stream) => stream.errors.length > 0);
    for (const deadline = Date.now() + 10_000; refusedOnes().length === 0 && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
    const refused = refusedOnes();
    expect(refused).toHaveLength(1);
    for (const stream of many) stream.stop();
    await ws.dispose();
  });
});

describe("one event, many subscribers", () => {
  /** Reads the server runs outside any HTTP request, other than of the event table and webhooks: resolving events for subscribers. */
  const resolvingStatements = async (work: () => Promise<void>) =>
    (await statementsDuring(server.dataSource, work)).filter(({ text, inRequest }) => !inRequest && /^\s*SELECT/i.test(text) && !/\bevent\b|"event"|webhook_/.test(text)).length;

  const LEAD_PHONE = `subscription ($filter: NeedSubscriptionFilter) { needAnnounced(filter: $filter) { cursor need { title project { lead { name contactPhone } } } } }`;
  interface LeadPhoneEvent {
    need: { title: string; project: { lead: { name: string; contactPhone: string | null } } } | null;
  }
  const anonymous = () => createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });

  it("reads each event's objects once for all subscribers, and each reader still sees only what it may", async () => {
    const subscribeAll = (clients: Client[]) => clients.map((ws) => collect<LeadPhoneEvent>(ws, LEAD_PHONE, { filter: { projectId: rainstorm } }, "needAnnounced"));
    const round = async (clients: Client[], title: string) => {
      const streams = subscribeAll(clients);
      await subscribed(clients.length);
      const statements = await resolvingStatements(async () => {
        await post(title, "HIGH", "510107021001");
        await Promise.all(streams.map((stream) => stream.waitFor(1)));
      });
      for (const stream of streams) stream.stop();
      await Promise.all(clients.map((ws) => ws.dispose()));
      return { statements, streams };
    };

    const alone = await round([anonymous()], "手電筒");
    const crowd = await round([...Array.from({ length: 8 }, anonymous), client(), client()], "手電筒電池");
    for (const stream of [...alone.streams, ...crowd.streams]) expect(stream.errors).toEqual([]);
    expect(alone.statements).toBeGreaterThan(0);
    // Ten subscribers, two kinds of reader: the same statements as one.
    expect(crowd.statements).toBe(alone.statements);
    const phones = crowd.streams.map((stream) => stream.received[0].need!.project.lead.contactPhone);
    // Contact numbers only for members.
    expect(phones.slice(0, 8)).toEqual(Array(8).fill(null));
    const { body } = await server.graphql<{ node: { lead: { contactPhone: string } } }>(`query ($id: ID!) { node(id: $id) { ... on Project { lead { contactPhone } } } }`, { id: rainstorm }, { authorization: `Bearer ${coordinatorToken}` });
    const leadPhone = body.data!.node.lead.contactPhone;
    expect(leadPhone).toMatch(/^028-/);
    expect(phones.slice(8)).toEqual([leadPhone, leadPhone]);
  });

  /** Events executed for subscribers so far, by either executor (`cogov_subscription_executions_total`). */
  async function eventExecutions(): Promise<number> {
    const text = await (await fetch(server.url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    return [...text.matchAll(/^cogov_subscription_executions_total\{[^}]*\} (\d+)$/gm)].reduce((sum, [, count]) => sum + Number(count), 0);
  }

  it("executes an event once for readers its selection cannot tell apart, and once per reader where it can", async () => {
    // Four kinds of reader: nobody signed in, and members of three organisations (the project's lead among them).
    const tokens = await Promise.all(["admin@nuanyang-social-work.example.org", "admin@jinhua-property.example.org"].map((email) => server.signIn(email)));
    const readers = () => [anonymous(), client(), ...tokens.map((token) => client({ authorization: `Bearer ${token}` }))];
    const round = async <T>(query: string, title: string) => {
      const clients = readers();
      const streams = clients.map((ws) => collect<T>(ws, query, { filter: { projectId: rainstorm } }, "needAnnounced"));
      await subscribed(clients.length);
      const before = await eventExecutions();
      await post(title, "HIGH", "510107021001");
      await Promise.all(streams.map((stream) => stream.waitFor(1)));
      const executions = (await eventExecutions()) - before;
      for (const stream of streams) stream.stop();
      await Promise.all(clients.map((ws) => ws.dispose()));
      for (const stream of streams) expect(stream.errors).toEqual([]);
      return { executions, received: streams.map((stream) => stream.received[0]) };
    };

    const blind = await round<{ need: { title: string; quantity: number; project: { title: string } } }>(
      `subscription ($filter: NeedSubscriptionFilter) { needAnnounced(filter: $filter) { cursor need { title quantity project { title } } } }`,
      "雨靴",
    );
    expect(blind.executions).toBe(1);
    expect(blind.received[0].need.title).toBe("雨靴");
    expect(blind.received.slice(1)).toEqual(Array(3).fill(blind.received[0]));
    await subscribed(0);

    // The lead's phone is for members of verified organisations: reading it asks who reads, so each reader gets an
    // answer executed for it.
    const told = await round<LeadPhoneEvent>(LEAD_PHONE, "雨靴墊");
    expect(told.executions).toBe(4);
    const phones = told.received.map((event) => event.need!.project.lead.contactPhone);
    expect(phones[0]).toBeNull();
    expect(phones[1]).toMatch(/^028-/);
    expect(phones.slice(2)).toEqual([phones[1], phones[1]]);
  });

  it("lets a subscription go the moment its client stops it, without waiting for an event", async () => {
    const waitUntil = async (condition: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    // The earlier tests' clients are gone; their subscriptions leave as their sockets close.
    await waitUntil(() => server.events.subscriberCount === 0);
    const ws = client();
    const stream = collect(ws, NEEDS, {}, "needAnnounced");
    await waitUntil(() => server.events.subscriberCount === 1);
    expect(server.events.subscriberCount).toBe(1);
    stream.stop();
    await waitUntil(() => server.events.subscriberCount === 0);
    expect(server.events.subscriberCount).toBe(0);
    await ws.dispose();
  });
});

describe("subscriptions per connection", () => {
  it("holds as many as COGOV_WS_MAX_SUBSCRIPTIONS allows, refuses the next with the limit, and keeps the others", async () => {
    const limited = await startTestServer({ demoData: true, config: { wsMaxSubscriptions: 2 } });
    const ws = createClient({ url: limited.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const held = [1, 2].map(() => collect<NeedEventResult>(ws, NEEDS, {}, "needAnnounced"));
      await subscriberCount(limited.events, 2);
      const third = collect<NeedEventResult>(ws, NEEDS, {}, "needAnnounced");
      await third.waitFor(1);
      // graphql-ws hands the sink the error message's list of errors.
      expect(third.errors).toEqual([[expect.objectContaining({ message: "This connection already has 2 subscriptions; end one, or open another connection.", extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]]);
      expect(limited.events.subscriberCount).toBe(2);
      expect(held.flatMap((stream) => stream.errors)).toEqual([]);
      for (const stream of [...held, third]) stream.stop();
    } finally {
      await ws.dispose();
      await limited.close();
    }
  });
});

describe("connections that go silent", () => {
  it("closes a WebSocket that stops answering pings, and its subscriptions with it; an answering one stays", async () => {
    const pinging = await startTestServer({ config: { wsPingIntervalMs: 300 } });
    try {
      const url = pinging.url.replace(/^http/, "ws");
      /** A raw graphql-ws connection with one subscription; `answersPings: false` plays a peer that vanished. */
      const connect = async (answersPings: boolean) => {
        const socket = new WebSocket(url, "graphql-transport-ws", { autoPong: answersPings });
        await new Promise((resolve) => socket.once("open", resolve));
        socket.send(JSON.stringify({ type: "connection_init" }));
        await new Promise((resolve) => socket.once("message", resolve));
        socket.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: NEEDS } }));
        return socket;
      };
      const silent = await connect(false);
      const alive = await connect(true);
      const closed = new Promise<number>((resolve) => silent.once("close", resolve));
      const deadline = Date.now() + 10_000;
      while (pinging.events.subscriberCount < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(pinging.events.subscriberCount).toBe(2);
      // Closed by the server (1006: no close frame, the socket is ended) within a few intervals.
      expect(await closed).toBe(1006);
      // Three more pings for the one that answers.
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect(alive.readyState).toBe(WebSocket.OPEN);
      expect(pinging.events.subscriberCount).toBe(1);
      alive.close();
    } finally {
      await pinging.close();
    }
  });
});
