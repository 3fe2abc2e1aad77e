import http from "node:http";
import { AddressInfo } from "node:net";
import { createClient } from "graphql-ws";
import { Webhook } from "standardwebhooks";
import WebSocket from "ws";
import { sweepOverdueVisits } from "../src/services/community/households/household-visit-sweep";
import { keyOf } from "../src/schema/global-id";
import { mutationsAs, organizationIds } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
const { as } = mutationsAs(() => server);
const HOLDER = "qinggang-lin-service-center";
const STREET = "qinggang-street-office";
const OTHER = "jinhua-property";
const bodies: { headers: Record<string, string>; body: string }[] = [];
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    bodies.push({ headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8") });
    response.writeHead(204).end();
  });
});

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { webhooks: { allowPrivateAddresses: true, maxAttempts: 1, retryBaseMs: 60_000, timeoutMs: 2_000, retentionDays: 30 } } });
  org = await organizationIds(server, [HOLDER, STREET, OTHER]);
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await new Promise((resolve) => receiver.close(resolve));
  await server.close();
});

const SUBSCRIPTION = `subscription { householdVisitChanged { cursor kind visit { id findings household { code needs } visitors { id } } } }`;
type Seen = { kind: string; visit: { id: string; findings: string | null; household: { code: string; needs: string | null }; visitors: { id: string }[] } | null };

describe("household visit events", () => {
  it("reach the holding organisation's members in full, the area's supervisors without findings, its webhooks masked, and no one else", async () => {
    const admin = await server.asAdminOf(org[HOLDER]);
    const { endpoint, secret } = await as<{ endpoint: { id: string }; secret: string }>(admin, "createWebhookEndpoint", "CreateWebhookEndpointInput", {
      actingOrganizationId: org[HOLDER], url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/visits`, eventTypes: ["VISIT_RECORDED", "VISIT_OVERDUE"],
    }, "endpoint { id } secret");
    expect(endpoint.id).toBeTruthy();
    const clients = await Promise.all([admin, await server.asAdminOf(org[STREET]), await server.asAdminOf(org[OTHER])].map(async (headers) => createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers })));
    const before = server.events.subscriberCount;
    const [holder, street, other] = clients.map((client) => collect<Seen>(client, SUBSCRIPTION, {}, "householdVisitChanged"));
    await subscriberCount(server.events, before + 3);

    const { person } = await as<{ person: { id: string } }>(admin, "registerPerson", "RegisterPersonInput", { actingOrganizationId: org[HOLDER], displayName: "志願者小范", consent: { purpose: "走訪" } }, "person { id }");
    const { household } = await as<{ household: { id: string } }>(admin, "registerKeyHousehold", "RegisterKeyHouseholdInput", {
      actingOrganizationId: org[HOLDER], code: "EVT-001", areaCode: "510107021001003", groups: ["LOW_INCOME"], needs: "失業，房租拖欠兩個月", visitEveryDays: 30,
    }, "household { id }");
    const { visit } = await as<{ visit: { id: string } }>(admin, "recordHouseholdVisit", "RecordHouseholdVisitInput", {
      actingOrganizationId: org[HOLDER], householdId: household.id, visitedAt: new Date().toISOString(), visitorPersonIds: [person.id], findings: "已介紹就業服務", followUp: "下月再訪",
    }, "visit { id }");
    const [own] = await holder.waitFor(1);
    expect(own).toMatchObject({ kind: "RECORDED", visit: { id: visit.id, findings: "已介紹就業服務", household: { code: "EVT-001", needs: "失業，房租拖欠兩個月" }, visitors: [{ id: person.id }] } });
    const [supervised] = await street.waitFor(1);
    expect(supervised).toMatchObject({ kind: "RECORDED", visit: { id: visit.id, findings: null, household: { code: "EVT-001", needs: "***" }, visitors: [] } });

    // The next visit falls overdue: the sweep announces it once.
    await server.dataSource.query(`UPDATE household_visit SET due_on = current_date - 3 WHERE household_id = $1 AND visited_at IS NULL`, [keyOf(household.id, "KeyHousehold")]);
    await sweepOverdueVisits(server.dataSource, "Asia/Shanghai");
    const overdue = (await holder.waitFor(3)).filter((event) => event.kind === "OVERDUE" && event.visit?.household.code === "EVT-001");
    expect(overdue).toHaveLength(1);
    // Another organisation hears of nothing in an area it does not supervise.
    expect(other.received).toEqual([]);
    for (const client of clients) await client.dispose();

    const deadline = Date.now() + 15_000;
    const mine = () => bodies.map(({ headers, body }) => new Webhook(secret).verify(body, headers) as { type: string; data: Seen }).filter((delivery) => delivery.data.visit?.household.code === "EVT-001");
    while (mine().length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(mine().map((delivery) => [delivery.type, delivery.data.kind]).sort()).toEqual([["household_visit.overdue", "OVERDUE"], ["household_visit.recorded", "RECORDED"]]);
    const recorded = mine().find((delivery) => delivery.type === "household_visit.recorded")!;
    expect(recorded.data.visit).toMatchObject({ findings: "***", household: { needs: "***" } });
    expect(bodies.some(({ body }) => body.includes("房租") || body.includes("就業") || body.includes("小范"))).toBe(false);
  });
});
