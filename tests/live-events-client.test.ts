import WebSocket from "ws";
import { createLiveClient, type LiveClient, positionOf } from "../clients/live-events";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { SocketProxy } from "./support/socket-proxy";
import { subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

// clients/live-events.ts as README tells integrators to use it, through a proxy that cuts its socket.

let server: TestServer;
let proxy: SocketProxy;
let committee: string;
let rainstorm: string;
let coordinatorToken: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  proxy = await SocketProxy.start(server.url);
  committee = (await organizationIds(server, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
  const { body } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
  rainstorm = body.data!.projects.nodes[0].id;
  coordinatorToken = await server.signIn("coordinator@qinggang-lin-party-committee.example.org");
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});

interface Announced {
  cursor: string;
  need: { title: string } | null;
}

const NEEDS = `subscription ($after: String, $projectId: ID) {
  needAnnounced(after: $after, filter: { projectId: $projectId }) { cursor need { title } }
}`;

/** Posted straight to the server, not through the proxy: only the follower's network fails. */
const post = (title: string) =>
  mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: committee, projectId: rainstorm, category: "MATERIALS", title, quantity: 150, unit: "袋", urgency: "HIGH", neededBy: inHours(5), areaCode: "510107021001" }, "need { id }");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

function follower(): { client: LiveClient; problems: string[] } {
  const problems: string[] = [];
  const client = createLiveClient({
    url: proxy.url(server.url),
    authorization: () => `Bearer ${coordinatorToken}`,
    webSocketImpl: WebSocket,
    maxRetryWaitMs: 500,
    onProblem: (problem) => problems.push(problem),
  });
  return { client, problems };
}

describe("the live-events client helper", () => {
  it("loses and repeats nothing when its socket is cut in the middle of a burst and reconnects are refused for a while", async () => {
    const { client, problems } = follower();
    const received: Announced[] = [];
    const following = client.follow<Announced>({ query: NEEDS, variables: { projectId: rainstorm }, field: "needAnnounced", next: (event) => received.push(event) });
    await subscriberCount(server.events, 1);
    const passedBeforeCut = proxy.passed;

    const titles = Array.from({ length: 60 }, (_, i) => `沙袋 ${i + 1}`);
    for (const [i, title] of titles.entries()) {
      // Mid-burst, after the first 20 arrived: the socket dies and reconnecting is refused for 1.5 s.
      if (i === 20) {
        await until(() => received.length >= 20, "the first 20 needs");
        proxy.cut(1_500);
      }
      await post(title);
    }
    await until(() => received.length >= titles.length, "all 60 needs");
    // Anything repeated would arrive just after the rest.
    await sleep(300);

    expect(received.map((event) => event.need?.title)).toEqual(titles);
    const positions = received.map((event) => positionOf(event.cursor));
    expect(positions.every((position, i) => i === 0 || position > positions[i - 1])).toBe(true);
    expect(following.cursor).toBe(received.at(-1)!.cursor);
    // The cut really happened: refused attempts, then a new connection.
    expect(proxy.refused).toBeGreaterThan(0);
    expect(proxy.passed).toBeGreaterThan(passedBeforeCut);
    expect(problems.some((problem) => problem.startsWith("connection closed"))).toBe(true);
    following.stop();
    await client.dispose();
  });

  it("starts at the stream's head, so a need posted before the subscription reaches the server still arrives", async () => {
    const { client } = follower();
    const received: Announced[] = [];
    const following = client.follow<Announced>({ query: NEEDS, variables: { projectId: rainstorm }, field: "needAnnounced", next: (event) => received.push(event) });
    await until(() => following.cursor !== undefined, "the head cursor");
    const head = following.cursor!;
    await post("抽水泵");
    await until(() => received.length >= 1, "the need");
    await sleep(300);

    expect(received.map((event) => event.need?.title)).toEqual(["抽水泵"]);
    expect(positionOf(received[0].cursor)).toBeGreaterThan(positionOf(head));
    following.stop();
    await client.dispose();
  });

  it("resumes from a kept cursor, replaying what happened since", async () => {
    const { client: first } = follower();
    const seen: Announced[] = [];
    const live = first.follow<Announced>({ query: NEEDS, variables: { projectId: rainstorm }, field: "needAnnounced", next: (event) => seen.push(event) });
    await until(() => live.cursor !== undefined, "the head cursor");
    await post("雨衣 1");
    await until(() => seen.length >= 1, "the first need");
    const kept = live.cursor!;
    live.stop();
    await first.dispose();

    await post("雨衣 2");
    await post("雨衣 3");
    const { client: second } = follower();
    const replayed: Announced[] = [];
    const resumed = second.follow<Announced>({ query: NEEDS, variables: { projectId: rainstorm }, field: "needAnnounced", after: kept, next: (event) => replayed.push(event) });
    await until(() => replayed.length >= 2, "the missed needs");
    await sleep(300);

    expect(replayed.map((event) => event.need?.title)).toEqual(["雨衣 2", "雨衣 3"]);
    expect(resumed.repeatsDropped).toBe(0);
    resumed.stop();
    await second.dispose();
  });
});
