import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let rainstorm: string;
let coordinatorToken: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, ["qinggang-lin-party-committee", "nuanyang-social-work", "shujin-construction", "qinggang-lin-health-station"]);
  const { body } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
  rainstorm = body.data!.projects.nodes[0].id;
  coordinatorToken = await server.signIn("coordinator@qinggang-lin-party-committee.example.org");
});
afterAll(() => server.close());

const committee = () => org["qinggang-lin-party-committee"];
const ngo = () => org["nuanyang-social-work"];
const enterprise = () => org["shujin-construction"];
const clinic = () => org["qinggang-lin-health-station"];

const client = () =>
  createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${coordinatorToken}` } });

async function latestEventCursor(): Promise<string> {
  const { body } = await server.graphql<{ latestEventCursor: string }>(`{ latestEventCursor }`);
  expect(body.errors).toBeUndefined();
  return body.data!.latestEventCursor;
}

const positionOf = (cursor: string) => BigInt(Buffer.from(cursor, "base64url").toString("utf8").replace("Event:", ""));

const postNeed = (title: string, quantity = 10) =>
  mutate<{ need: NeedFigures & { id: string } }>(
    server,
    "postNeed",
    "PostNeedInput",
    { actingOrganizationId: committee(), projectId: rainstorm, category: "MATERIALS", title, quantity, unit: "件", urgency: "HIGH", neededBy: inHours(5), areaCode: "510107021001" },
    `need { id ${NEED_FIGURES} }`,
  );

interface NeedFigures {
  status: string;
  quantity: number;
  pledgedQuantity: number;
  acceptedQuantity: number;
  deliveredQuantity: number;
  remainingQuantity: number;
}
const NEED_FIGURES = "status quantity pledgedQuantity acceptedQuantity deliveredQuantity remainingQuantity";

describe("a subscription knows where to start before its first event", () => {
  const NEEDS = `subscription ($after: String, $projectId: ID) { needAnnounced(after: $after, filter: { projectId: $projectId }) { cursor need { title } } }`;

  it("answers the cursor of the newest event, and a subscription from it gets exactly what is posted afterwards", async () => {
    const ws = client();
    const updates = collect<{ cursor: string }>(ws, `subscription { needUpdated { cursor } }`, {}, "needUpdated");
    await subscriberCount(server.events, 1);
    const before = await postNeed("頭燈");
    await mutate(server, "pledge", "PledgeInput", { actingOrganizationId: ngo(), needId: before.need.id, quantity: 2 }, "pledge { id }");
    // A pledge writes its own event, then its need's: the need's is the newest.
    const [update] = await updates.waitFor(1);
    const head = await latestEventCursor();
    expect(head).toBe(update.cursor);
    updates.stop();

    const fromHead = collect<{ need: { title: string } }>(ws, NEEDS, { after: head, projectId: rainstorm }, "needAnnounced");
    await postNeed("反光背心");
    await postNeed("雨靴");
    await fromHead.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fromHead.errors).toEqual([]);
    expect(fromHead.received.map((event) => event.need.title)).toEqual(["反光背心", "雨靴"]);
    fromHead.stop();
    await ws.dispose();
  });

  it("resumes a subscription that never received an event from the head it started with: every event committed meanwhile, once, in order", async () => {
    const head = await latestEventCursor();
    const first = client();
    const idle = collect(first, NEEDS, { after: head, projectId: rainstorm }, "needAnnounced");
    await subscriberCount(server.events, 1);
    idle.stop();
    await first.dispose();
    await subscriberCount(server.events, 0);
    expect(idle.received).toEqual([]);

    const titles = ["沙包甲", "沙包乙", "沙包丙", "沙包丁"];
    for (const title of titles) await postNeed(title);
    const second = client();
    const resumed = collect<{ cursor: string; need: { title: string } }>(second, NEEDS, { after: head, projectId: rainstorm }, "needAnnounced");
    await resumed.waitFor(titles.length);
    await postNeed("沙包戊");
    await resumed.waitFor(titles.length + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(resumed.errors).toEqual([]);
    expect(resumed.received.map((event) => event.need.title)).toEqual([...titles, "沙包戊"]);
    const positions = resumed.received.map((event) => positionOf(event.cursor));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(positions).size).toBe(positions.length);
    resumed.stop();
    await second.dispose();
  });

  it("takes a cursor this instance has not read yet when the database has it, and still refuses one beyond the database's head", async () => {
    // An event committed without a wake-up, as when this instance's stream lags another's by a notification.
    await server.dataSource.query(`INSERT INTO event (type, entity_type, entity_id) VALUES ('PROJECT_STATUS_CHANGED', 'Project', gen_random_uuid())`);
    const head = await latestEventCursor();
    const ws = client();
    const fromHead = collect<{ need: { title: string } }>(ws, NEEDS, { after: head, projectId: rainstorm }, "needAnnounced");
    await subscriberCount(server.events, 1);
    await postNeed("帳篷");
    await fromHead.waitFor(1);
    expect(fromHead.errors).toEqual([]);
    expect(fromHead.received.map((event) => event.need.title)).toEqual(["帳篷"]);
    fromHead.stop();

    const beyond = Buffer.from(`Event:${positionOf(await latestEventCursor()) + 1n}`).toString("base64url");
    const ahead = collect(ws, NEEDS, { after: beyond }, "needAnnounced");
    await ahead.waitFor(1);
    expect(ahead.errors.flat()).toMatchObject([{ extensions: { code: "BAD_USER_INPUT" } }]);
    await ws.dispose();
  });
});

describe("replayed events carry the change they stand for", () => {
  const PLEDGE_FIELDS = "status quantity acceptedQuantity deliveredQuantity provisional";
  interface PledgeResult {
    pledge: { id: string; status: string; quantity: number; acceptedQuantity: number | null; deliveredQuantity: number; provisional: boolean; need: NeedFigures };
  }
  interface Expected {
    pledgeId: string;
    pledge: Omit<PledgeResult["pledge"], "id" | "need"> & { actingOrganization: { id: string } };
    need: NeedFigures;
  }

  it("replays a burst of offers, acceptances in part, a withdrawal and deliveries, each event with its own change", async () => {
    const before = await latestEventCursor();
    const startedAt = Date.now();
    const posted = await postNeed("發電機燃油", 10);
    const needId = posted.need.id;
    const expected: Expected[] = [];
    /** Runs a pledge mutation as `actor`; what it answers is what its events must say they changed. */
    const act = async (mutation: string, inputType: string, actor: string, input: Record<string, unknown>) => {
      const result = await mutate<PledgeResult>(server, mutation, inputType, { actingOrganizationId: actor, ...input }, `pledge { id ${PLEDGE_FIELDS} need { ${NEED_FIGURES} } }`);
      expect(result.userErrors).toEqual([]);
      const { id, need, ...pledge } = result.pledge;
      expected.push({ pledgeId: id, pledge: { ...pledge, actingOrganization: { id: actor } }, need });
      return id;
    };
    const fromNgo = await act("pledge", "PledgeInput", ngo(), { needId, quantity: 4 });
    const fromEnterprise = await act("pledge", "PledgeInput", enterprise(), { needId, quantity: 3 });
    const fromClinic = await act("pledge", "PledgeInput", clinic(), { needId, quantity: 2.5 });
    await act("acceptPledge", "AcceptPledgeInput", committee(), { pledgeId: fromNgo, quantity: 2.5 });
    await act("acceptPledge", "AcceptPledgeInput", committee(), { pledgeId: fromEnterprise, provisional: true, reason: "待確認運輸" });
    await act("withdrawPledge", "WithdrawPledgeInput", clinic(), { pledgeId: fromClinic });
    await act("acceptPledge", "AcceptPledgeInput", committee(), { pledgeId: fromEnterprise });
    await act("recordDelivery", "RecordDeliveryInput", ngo(), { pledgeId: fromNgo, quantity: 1 });
    await act("recordDelivery", "RecordDeliveryInput", ngo(), { pledgeId: fromNgo, quantity: 1.5 });
    await act("recordDelivery", "RecordDeliveryInput", committee(), { pledgeId: fromEnterprise, quantity: 3 });
    const finishedAt = Date.now();

    // Only now, after the burst: everything comes from the table.
    const ws = client();
    const vars = { after: before, projectId: rainstorm };
    const pledges = collect<{ cursor: string; pledge: { id: string; status: string; need: { id: string } }; change: Expected["pledge"] & { occurredAt: string } }>(
      ws,
      `subscription ($after: String, $projectId: ID) { pledgeChanged(after: $after, filter: { projectId: $projectId }) {
        cursor pledge { id status need { id } } change { ${PLEDGE_FIELDS} actingOrganization { id } occurredAt } } }`,
      vars,
      "pledgeChanged",
    );
    const needs = (field: string) =>
      collect<{ cursor: string; need: { id: string }; change: NeedFigures & { occurredAt: string } }>(
        ws,
        `subscription ($after: String, $projectId: ID) { ${field}(after: $after, filter: { projectId: $projectId }) { cursor need { id } change { ${NEED_FIGURES} occurredAt } } }`,
        vars,
        field,
      );
    const announced = needs("needAnnounced");
    const updated = needs("needUpdated");
    await Promise.all([pledges.waitFor(expected.length), announced.waitFor(1), updated.waitFor(expected.length)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const stream of [pledges, announced, updated]) expect(stream.errors).toEqual([]);

    const replayedPledges = pledges.received.filter((event) => event.pledge.need.id === needId);
    expect(replayedPledges.map((event) => ({ pledgeId: event.pledge.id, change: withoutTime(event.change) }))).toEqual(
      expected.map(({ pledgeId, pledge }) => ({ pledgeId, change: pledge })),
    );
    // The offer's event says OFFERED with its quantity, though the pledge is now DELIVERED.
    expect(replayedPledges[0].pledge.status).toBe("DELIVERED");
    expect(replayedPledges[0].change).toMatchObject({ status: "OFFERED", quantity: 4, acceptedQuantity: null, deliveredQuantity: 0 });

    expect(announced.received.filter((event) => event.need.id === needId).map((event) => withoutTime(event.change))).toEqual([posted.need].map(({ id: _id, ...figures }) => figures));
    const replayedNeeds = updated.received.filter((event) => event.need.id === needId);
    expect(replayedNeeds.map((event) => withoutTime(event.change))).toEqual(expected.map(({ need }) => need));

    const times = [...replayedPledges, ...replayedNeeds].map((event) => Date.parse(event.change.occurredAt));
    for (const time of times) expect(time).toBeGreaterThanOrEqual(startedAt - 1_000);
    for (const time of times) expect(time).toBeLessThanOrEqual(finishedAt + 1_000);
    const pledgeTimes = replayedPledges.map((event) => Date.parse(event.change.occurredAt));
    expect(pledgeTimes).toEqual([...pledgeTimes].sort((a, b) => a - b));
    for (const stream of [pledges, announced, updated]) stream.stop();
    await ws.dispose();
  });

  it("answers null for an event recorded before events kept their change", async () => {
    const before = await latestEventCursor();
    const posted = await postNeed("舊事件");
    const [{ id: needUuid }] = await server.dataSource.query(`SELECT id FROM resource_need WHERE title = '舊事件'`);
    await server.dataSource.query(
      `INSERT INTO event (type, entity_type, entity_id, area_code, project_id, organization_id, attributes)
       SELECT 'NEED_UPDATED', 'ResourceNeed', id, area_code, project_id, posted_by_organization_id,
              jsonb_build_object('category', category, 'urgency', urgency, 'status', status)
       FROM resource_need WHERE id = $1`,
      [needUuid],
    );
    const ws = client();
    const updated = collect<{ need: { id: string }; change: unknown }>(ws, `subscription ($after: String) { needUpdated(after: $after) { need { id } change { status } } }`, { after: before }, "needUpdated");
    await updated.waitFor(1);
    expect(updated.errors).toEqual([]);
    expect(updated.received).toEqual([{ need: { id: posted.need.id }, change: null }]);
    updated.stop();
    await ws.dispose();
  });
});

function withoutTime<T extends { occurredAt: string }>(change: T): Omit<T, "occurredAt"> {
  const { occurredAt: _occurredAt, ...rest } = change;
  return rest;
}
