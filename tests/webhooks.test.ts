import { randomBytes } from "node:crypto";
import http from "node:http";
import { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { SecretBox } from "../src/auth/secret-box";
import { Config, loadConfig } from "../src/config";
import { postWebhook, RefusedAddressError } from "../src/events/webhook-request";
import { createLogger } from "../src/logger";
import { keyOf } from "../src/schema/global-id";
import { positionOfCursor } from "../src/schema/subscription.types";
import { startServer } from "../src/server";
import { WebhookService } from "../src/services/webhook.service";
import { inHours, mutate, organizationIds, UserError } from "./support/collaboration";
import { residents } from "./support/residents";
import { startTestServer, TestServer } from "./support/test-server";

/** A local endpoint that answers each path's first requests with the given statuses, then 204, and keeps every request. */
class Receiver {
  readonly requests: { path: string; at: number; headers: Record<string, string>; body: string; answered: number }[] = [];
  private readonly plans = new Map<string, number[]>();
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const answered = this.plans.get(request.url!)?.shift() ?? 204;
      this.requests.push({ path: request.url!, at: Date.now(), headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString("utf8"), answered });
      response.writeHead(answered).end();
    });
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The statuses the next requests to `path` get, in order. */
  plan(path: string, statuses: number[]): void {
    this.plans.set(path, statuses);
  }

  to(path: string) {
    return this.requests.filter((request) => request.path === path);
  }

  async waitFor(condition: () => boolean): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const RETRY_BASE_MS = 200;
const WEBHOOKS = { allowPrivateAddresses: true, maxAttempts: 4, retryBaseMs: RETRY_BASE_MS, timeoutMs: 2_000, retentionDays: 30 };
let server: TestServer;
let receiver: Receiver;
let committee: string;
let rainstorm: string;
let otherProject: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { webhooks: WEBHOOKS } });
  receiver = new Receiver();
  await receiver.start();
  committee = (await organizationIds(server, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
  const { body } = await server.graphql<{ projects: { nodes: { id: string; title: string }[] } }>(`{ projects(first: 50) { nodes { id title } } }`);
  rainstorm = body.data!.projects.nodes.find((project) => project.title.includes("暴雨"))!.id;
  otherProject = body.data!.projects.nodes.find((project) => !project.title.includes("暴雨"))!.id;
});
afterAll(async () => {
  await server.close();
  await receiver.close();
});

const ENDPOINT = `endpoint { id url active eventTypes filter { areaCode projectId categories urgencyAtLeast } } secret`;

async function register(input: Record<string, unknown>) {
  return mutate<{ endpoint: { id: string } | null; secret: string | null }>(server, "createWebhookEndpoint", "CreateWebhookEndpointInput", { actingOrganizationId: committee, ...input }, ENDPOINT);
}

const post = (projectId: string, title: string) =>
  mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: committee, projectId, category: "MATERIALS", title, quantity: 5, unit: "件", urgency: "HIGH", neededBy: inHours(5), areaCode: "510107021001" }, "need { id }");

interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: string | null;
  payload: string | null;
  attempts: { number: number; responseStatus: number | null; succeeded: boolean; error: string | null }[];
}

async function deliveriesOf(endpointId: string): Promise<Delivery[]> {
  const { body } = await server.graphql<{ node: { deliveries: { nodes: Delivery[] } } | null }>(
    `query ($id: ID!) { node(id: $id) { ... on WebhookEndpoint { deliveries(first: 50) { nodes {
      id eventId eventType status attemptCount nextAttemptAt payload attempts { number responseStatus succeeded error }
    } } } } }`,
    { id: endpointId },
    await server.asAdminOf(committee),
  );
  expect(body.errors).toBeUndefined();
  return body.data!.node!.deliveries.nodes;
}

/** The endpoint's deliveries once `condition` holds for them, or after 15 s. */
async function deliveriesWhen(endpointId: string, condition: (deliveries: Delivery[]) => boolean): Promise<Delivery[]> {
  const deadline = Date.now() + 15_000;
  let deliveries = await deliveriesOf(endpointId);
  while (!condition(deliveries) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    deliveries = await deliveriesOf(endpointId);
  }
  return deliveries;
}

/** Deliveries are sent side by side and may arrive in any order: a receiver orders them by their cursor (`webhook-id`). */
const inCursorOrder = <T extends { headers: Record<string, string> }>(requests: T[]): T[] =>
  requests
    .map((request) => ({ request, position: positionOfCursor(request.headers["webhook-id"]) }))
    .sort((a, b) => (a.position < b.position ? -1 : 1))
    .map(({ request }) => request);

const titleOf = (body: string) => (JSON.parse(body) as { data: { need: { title: string } } }).data.need.title;

/** Whether a receiver holding `secret` accepts the request, as the Standard Webhooks library checks it. */
function verifies(secret: string, request: { body: string; headers: Record<string, string> }): boolean {
  try {
    new Webhook(secret).verify(request.body, request.headers);
    return true;
  } catch {
    return false;
  }
}

describe("webhooks", () => {
  it("signs each delivery, retries with growing waits until the endpoint accepts, and logs every attempt", async () => {
    receiver.plan("/retry", [503, 500]);
    const { endpoint, secret, userErrors } = await register({ url: receiver.url("/retry"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
    expect(userErrors).toEqual([]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    await post(otherProject, "不屬於此端點的需求");
    await post(rainstorm, "沙包");
    await receiver.waitFor(() => receiver.to("/retry").some((request) => request.answered === 204));
    const requests = receiver.to("/retry");
    expect(requests.map((request) => request.answered)).toEqual([503, 500, 204]);

    // Every attempt carries the same event id and body, each signed for its own timestamp; an independent verifier accepts them.
    const verifier = new Webhook(secret!);
    for (const request of requests) expect(verifier.verify(request.body, request.headers)).toMatchObject({ type: "need.announced" });
    expect(new Set(requests.map((request) => request.headers["webhook-id"])).size).toBe(1);
    expect(new Set(requests.map((request) => request.body)).size).toBe(1);
    expect(() => verifier.verify(requests[0].body.replace("沙包", "沙袋"), requests[0].headers)).toThrow();
    const body = JSON.parse(requests[0].body) as { type: string; timestamp: string; data: { cursor: string; kind: string; need: { title: string; project: { id: string } } } };
    // With what the event changed, as a subscription replaying it would send.
    const change = { status: "OPEN", quantity: 5, pledgedQuantity: 0, acceptedQuantity: 0, deliveredQuantity: 0, remainingQuantity: 5, occurredAt: body.timestamp };
    expect(body.data).toMatchObject({ cursor: requests[0].headers["webhook-id"], kind: "POSTED", need: { title: "沙包", project: { id: rainstorm } }, change });

    // Waits double: about 1× and 2× the base, plus up to a tenth.
    expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(RETRY_BASE_MS);
    expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(2 * RETRY_BASE_MS);

    // The receiver has answered; the dispatcher records the attempt just after.
    const [delivery, ...others] = await deliveriesWhen(endpoint!.id, ([latest]) => latest?.status === "SUCCEEDED");
    expect(others).toEqual([]);
    expect(delivery).toMatchObject({ eventId: requests[0].headers["webhook-id"], eventType: "NEED_ANNOUNCED", status: "SUCCEEDED", attemptCount: 3, nextAttemptAt: null, payload: requests[0].body });
    expect(delivery.attempts).toEqual([
      { number: 1, responseStatus: 503, succeeded: false, error: "the endpoint answered HTTP 503" },
      { number: 2, responseStatus: 500, succeeded: false, error: "the endpoint answered HTTP 500" },
      { number: 3, responseStatus: 204, succeeded: true, error: null },
    ]);
  });

  it("sends an organiser activity.published and sign_up.changed, as its subscriptions would", async () => {
    const { secret, userErrors } = await register({ url: receiver.url("/activities"), eventTypes: ["ACTIVITY_PUBLISHED", "SIGN_UP_CHANGED"], filter: { areaCode: "510107021" } });
    expect(userErrors).toEqual([]);
    const { activity } = await mutate<{ activity: { id: string; shifts: { id: string }[] } }>(server, "createActivity", "CreateActivityInput", {
      actingOrganizationId: committee, kind: "HEALTH_TALK", title: "高血壓講座", areaCode: "510107021001", shifts: [{ startsAt: inHours(24), endsAt: inHours(26), capacity: 1 }],
    }, "activity { id shifts { id } }");
    await mutate(server, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: committee, activityId: activity.id, status: "PUBLISHED" }, "activity { id }");
    const [resident] = await residents(server, 1);
    const { body: signedUp } = await server.graphql<{ signUpForShift: { signUp: { id: string } } }>(
      `mutation ($input: SignUpForShiftInput!) { signUpForShift(input: $input) { signUp { id } } }`, { input: { shiftId: activity.shifts[0].id } }, resident,
    );
    await receiver.waitFor(() => receiver.to("/activities").length >= 2);
    const verifier = new Webhook(secret!);
    const bodies = inCursorOrder(receiver.to("/activities")).map((request) => verifier.verify(request.body, request.headers) as { type: string; data: Record<string, unknown> });
    expect(bodies.map((body) => body.type)).toEqual(["activity.published", "sign_up.changed"]);
    expect(bodies[0].data).toMatchObject({ activity: { id: activity.id, title: "高血壓講座", shifts: [{ capacity: 1, confirmedCount: expect.any(Number) }] } });
    expect(bodies[1].data).toMatchObject({ status: "CONFIRMED", signUp: { id: signedUp.data!.signUpForShift.signUp.id, shift: { confirmedCount: 1, activity: { title: "高血壓講座" } } } });
  });

  it("sends a handler request.changed, as its subscription would, without the requester's contact", async () => {
    const { secret, userErrors } = await register({ url: receiver.url("/requests"), eventTypes: ["REQUEST_CHANGED"] });
    expect(userErrors).toEqual([]);
    const { body: filed } = await server.graphql<{ fileResidentRequest: { request: { id: string } } }>(
      `mutation ($input: FileResidentRequestInput!) { fileResidentRequest(input: $input) { request { id } } }`,
      { input: { category: "OTHER", description: "路燈不亮", areaCode: "510107021001002", urgency: "NORMAL", preferredContact: "PHONE", contactValue: "13800009999", consentToKeepContact: true, identityVisibleToHandler: true } },
    );
    const requestId = filed.data!.fileResidentRequest.request.id;
    await mutate(server, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: committee, requestId, status: "ACCEPTED" }, "request { id }");
    await receiver.waitFor(() => receiver.to("/requests").length >= 2);
    const verifier = new Webhook(secret!);
    const bodies = inCursorOrder(receiver.to("/requests")).map((request) => verifier.verify(request.body, request.headers) as { type: string; data: { step: string; status: string; request: { id: string; handlingOrganization: { id: string } } } });
    expect(bodies.map((body) => [body.type, body.data.step, body.data.status, body.data.request.id, body.data.request.handlingOrganization.id])).toEqual([
      ["request.changed", "FILED", "SUBMITTED", requestId, committee],
      ["request.changed", "STATUS_CHANGED", "ACCEPTED", requestId, committee],
    ]);
    expect(receiver.to("/requests").some((request) => request.body.includes("13800009999"))).toBe(false);
  });

  it("sends the rated organisation feedback.received, as its subscription would, without the comment", async () => {
    const { secret, userErrors } = await register({ url: receiver.url("/feedback"), eventTypes: ["FEEDBACK_RECEIVED"] });
    expect(userErrors).toEqual([]);
    const { body: filed } = await server.graphql<{ fileResidentRequest: { request: { id: string } } }>(
      `mutation ($input: FileResidentRequestInput!) { fileResidentRequest(input: $input) { request { id } } }`,
      { input: { category: "OTHER", description: "單元門壞了", areaCode: "510107021001002", urgency: "NORMAL", preferredContact: "PHONE", contactValue: "13800008888", consentToKeepContact: true, identityVisibleToHandler: true } },
    );
    const requestId = filed.data!.fileResidentRequest.request.id;
    for (const status of ["ACCEPTED", "IN_PROGRESS", "RESOLVED"]) {
      await mutate(server, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: committee, requestId, status }, "request { id }");
    }
    await mutate(server, "giveFeedback", "GiveFeedbackInput", { actingOrganizationId: committee, requestId, stars: 4, comment: "電話回訪：門已修好", channel: "PHONE" }, "feedback { id }");
    await receiver.waitFor(() => receiver.to("/feedback").length >= 1);
    const verifier = new Webhook(secret!);
    const [body] = receiver.to("/feedback").map((request) => verifier.verify(request.body, request.headers) as { type: string; data: { changed: boolean; feedback: Record<string, unknown> } });
    expect(body).toMatchObject({ type: "feedback.received", data: { changed: false, feedback: { subjectKind: "REQUEST", stars: 4, comment: null, channel: "PHONE", request: { id: requestId }, organization: { id: committee } } } });
    expect(receiver.to("/feedback").some((request) => request.body.includes("門已修好"))).toBe(false);
  });

  it("sends shift.places_changed as a shift fills and its waitlist forms, and activity.closed, as their subscriptions would", async () => {
    const { secret, userErrors } = await register({ url: receiver.url("/shifts"), eventTypes: ["SHIFT_PLACES_CHANGED", "ACTIVITY_CLOSED"], filter: { areaCode: "510107021" } });
    expect(userErrors).toEqual([]);
    const { activity } = await mutate<{ activity: { id: string; shifts: { id: string }[] } }>(server, "createActivity", "CreateActivityInput", {
      actingOrganizationId: committee, kind: "CULTURAL", title: "中秋文藝匯演", areaCode: "510107021001", shifts: [{ startsAt: inHours(24), endsAt: inHours(26), capacity: 1 }],
    }, "activity { id shifts { id } }");
    const move = (status: string) => mutate(server, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: committee, activityId: activity.id, status }, "activity { id }");
    await move("PUBLISHED");
    for (const resident of await residents(server, 2)) {
      const { body } = await server.graphql(`mutation ($input: SignUpForShiftInput!) { signUpForShift(input: $input) { userErrors { code } } }`, { input: { shiftId: activity.shifts[0].id } }, resident);
      expect(body.errors).toBeUndefined();
    }
    await move("COMPLETED");
    await receiver.waitFor(() => receiver.to("/shifts").length >= 3);
    const verifier = new Webhook(secret!);
    const bodies = receiver.to("/shifts").map((request) => verifier.verify(request.body, request.headers) as { type: string; data: Record<string, unknown> });
    // Deliveries of different events may arrive in any order.
    const places = bodies.filter((body) => body.type === "shift.places_changed").map((body) => body.data);
    const shift = { id: activity.shifts[0].id, capacity: 1, activity: { id: activity.id, title: "中秋文藝匯演" } };
    expect(places.find((data) => data.change === "FILLED")).toMatchObject({ capacity: 1, confirmedCount: 1, waitlistCount: 0, shift });
    expect(places.find((data) => data.change === "WAITLIST_FORMED")).toMatchObject({ capacity: 1, confirmedCount: 1, waitlistCount: 1, shift });
    expect(bodies.filter((body) => body.type === "activity.closed").map((body) => body.data)).toMatchObject([{ status: "COMPLETED", activity: { id: activity.id, kind: "CULTURAL", status: "COMPLETED" } }]);
    expect(bodies).toHaveLength(3);
    // Counts only: nobody's name or sign-up goes out with a shift's places.
    expect(JSON.stringify(places)).not.toMatch(/person|displayName|signUp/);
  });

  it("gives a delivery up after the attempt limit, and records why each attempt failed", async () => {
    receiver.plan("/down", [500, 500, 500, 500, 500]);
    const { endpoint } = await register({ url: receiver.url("/down"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
    await post(rainstorm, "發電機");
    await receiver.waitFor(() => receiver.to("/down").length === 4);
    const deliveries = await deliveriesWhen(endpoint!.id, ([delivery]) => delivery?.status === "FAILED");
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: "FAILED", attemptCount: 4, nextAttemptAt: null });
    expect(deliveries[0].attempts.map((attempt) => attempt.succeeded)).toEqual([false, false, false, false]);
    // The limit is 4: no fifth request.
    await new Promise((resolve) => setTimeout(resolve, 16 * RETRY_BASE_MS));
    expect(receiver.to("/down")).toHaveLength(4);
  });

  it("sends nothing while an endpoint is paused, and what happened meanwhile once it is resumed", async () => {
    const { endpoint } = await register({ url: receiver.url("/paused"), eventTypes: ["NEED_ANNOUNCED", "NEED_UPDATED"], filter: { projectId: rainstorm } });
    const pause = (active: boolean) => mutate(server, "updateWebhookEndpoint", "UpdateWebhookEndpointInput", { actingOrganizationId: committee, endpointId: endpoint!.id, active }, "endpoint { active }");
    expect(await pause(false)).toMatchObject({ endpoint: { active: false }, userErrors: [] });
    await post(rainstorm, "毛毯");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.to("/paused")).toEqual([]);
    await pause(true);
    await receiver.waitFor(() => receiver.to("/paused").length >= 1);
    expect(receiver.to("/paused").map((request) => (JSON.parse(request.body) as { data: { need: { title: string } } }).data.need.title)).toEqual(["毛毯"]);
  });

  it("shares the work between instances on one database, and sends each event once", async () => {
    const config: Config = { ...loadConfig({}), host: "127.0.0.1", port: 0, jwtSecret: server.jwtSecret, webhooks: WEBHOOKS };
    const second = await startServer(config, server.dataSource, createLogger("silent"));
    try {
      await register({ url: receiver.url("/shared"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
      await Promise.all(Array.from({ length: 30 }, (_, i) => post(rainstorm, `物資${i}`)));
      await receiver.waitFor(() => receiver.to("/shared").length >= 30);
      // Both instances were woken by every event; a second send would arrive in this time.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ids = receiver.to("/shared").map((request) => request.headers["webhook-id"]);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    } finally {
      await second.stop();
    }
  });

  it("signs with the old and the new secret for a day after a rotation, then with the new one only", async () => {
    const { endpoint, secret: first } = await register({ url: receiver.url("/rotation"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
    const rotate = () =>
      mutate<{ endpoint: { previousSecretExpiresAt: string | null } | null; secret: string | null }>(
        server, "rotateWebhookSecret", "RotateWebhookSecretInput", { actingOrganizationId: committee, endpointId: endpoint!.id }, "endpoint { previousSecretExpiresAt } secret",
      );
    const rotated = await rotate();
    expect(rotated.userErrors).toEqual([]);
    const second = rotated.secret!;
    expect(second).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(second).not.toEqual(first);
    expect(Math.abs(new Date(rotated.endpoint!.previousSecretExpiresAt!).getTime() - (Date.now() + 24 * 3_600_000))).toBeLessThan(60_000);
    const sent = async (title: string) => {
      await post(rainstorm, title);
      await receiver.waitFor(() => receiver.to("/rotation").some((request) => titleOf(request.body) === title));
      return receiver.to("/rotation").find((request) => titleOf(request.body) === title)!;
    };

    // During the grace period: two signatures, so a receiver with either secret accepts.
    const during = await sent("雨衣");
    expect(during.headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect([verifies(first!, during), verifies(second, during)]).toEqual([true, true]);

    // Once it is over (moved into the past here), the new secret only.
    await server.dataSource.query(`UPDATE webhook_endpoint SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [keyOf(endpoint!.id, "WebhookEndpoint")]);
    const after = await sent("雨靴");
    expect(after.headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect([verifies(first!, after), verifies(second, after)]).toEqual([false, true]);

    // The next rotation keeps the secret it replaces, and never brings back an older one.
    const third = (await rotate()).secret!;
    const again = await sent("手電筒");
    expect([verifies(first!, again), verifies(second, again), verifies(third, again)]).toEqual([false, true, true]);

    // The audit log records both rotations, without any secret.
    const entries = await server.dataSource.query(`SELECT before, after FROM audit_entry WHERE action = 'rotateWebhookSecret' AND entity_id = $1`, [keyOf(endpoint!.id, "WebhookEndpoint")]);
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain("whsec_");
  });

  it("sends a finished delivery again on request: one more attempt, with the same id and body, logged after the others", async () => {
    receiver.plan("/redeliver", [500, 500, 500, 500]);
    const { endpoint, secret } = await register({ url: receiver.url("/redeliver"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
    const endpointId = endpoint!.id;
    await post(rainstorm, "帳篷");
    const [failed] = await deliveriesWhen(endpointId, ([delivery]) => delivery?.status === "FAILED");
    expect(failed.attemptCount).toBe(4);
    const redeliver = (deliveryId: string) =>
      mutate<{ delivery: { status: string; redeliveredAt: string | null } | null }>(
        server, "redeliverWebhookDelivery", "RedeliverWebhookDeliveryInput", { actingOrganizationId: committee, deliveryId }, "delivery { status redeliveredAt }",
      );
    const refusal = async (deliveryId: string) => (await redeliver(deliveryId)).userErrors.map((error: UserError) => [error.field.join("."), error.code]);
    const setActive = (active: boolean) => mutate(server, "updateWebhookEndpoint", "UpdateWebhookEndpointInput", { actingOrganizationId: committee, endpointId, active }, "endpoint { active }");

    // Not while the endpoint is paused.
    await setActive(false);
    expect(await refusal(failed.id)).toEqual([["input.deliveryId", "INVALID_TRANSITION"]]);
    await setActive(true);

    const { delivery, userErrors } = await redeliver(failed.id);
    expect(userErrors).toEqual([]);
    expect(delivery).toMatchObject({ status: "PENDING", redeliveredAt: expect.any(String) });
    await receiver.waitFor(() => receiver.to("/redeliver").length >= 5);
    const [resent] = await deliveriesWhen(endpointId, ([latest]) => latest.status === "SUCCEEDED");
    await new Promise((resolve) => setTimeout(resolve, 4 * RETRY_BASE_MS));
    const requests = receiver.to("/redeliver");
    expect(requests.map((request) => request.answered)).toEqual([500, 500, 500, 500, 204]);
    expect(requests[4].headers["webhook-id"]).toEqual(requests[0].headers["webhook-id"]);
    expect(requests[4].body).toEqual(requests[0].body);
    expect(verifies(secret!, requests[4])).toBe(true);
    expect(resent).toMatchObject({ id: failed.id, attemptCount: 5, nextAttemptAt: null });
    expect(resent.attempts.map((attempt) => [attempt.number, attempt.responseStatus])).toEqual([[1, 500], [2, 500], [3, 500], [4, 500], [5, 204]]);

    // A delivery that succeeded can be sent again too; a redelivery that fails is not retried but FAILED at once.
    await post(rainstorm, "睡袋");
    const [succeeded] = await deliveriesWhen(endpointId, ([latest]) => latest.payload !== null && titleOf(latest.payload) === "睡袋" && latest.status === "SUCCEEDED");
    receiver.plan("/redeliver", [503]);
    expect((await redeliver(succeeded.id)).userErrors).toEqual([]);
    const [failedAgain] = await deliveriesWhen(endpointId, ([latest]) => latest.status === "FAILED");
    expect(failedAgain).toMatchObject({ id: succeeded.id, attemptCount: 2, nextAttemptAt: null });
    expect(failedAgain.attempts.map((attempt) => attempt.responseStatus)).toEqual([204, 503]);

    // Deliveries are nodes for the organisation's admins only.
    const nodeQuery = `query ($id: ID!) { node(id: $id) { ... on WebhookDelivery { id status } } }`;
    const { body: asAdmin } = await server.graphql<{ node: { id: string } | null }>(nodeQuery, { id: failed.id }, await server.asAdminOf(committee));
    expect(asAdmin.data!.node).toEqual({ id: failed.id, status: "SUCCEEDED" });
    const { body: anonymous } = await server.graphql<{ node: unknown }>(nodeQuery, { id: failed.id });
    expect(anonymous.data!.node).toBeNull();

    // Not while it is pending, nor once its endpoint is deleted with its deliveries.
    await server.dataSource.query(`UPDATE webhook_delivery SET status = 'PENDING', next_attempt_at = now() + interval '1 hour' WHERE id = $1`, [keyOf(failed.id, "WebhookDelivery")]);
    expect(await refusal(failed.id)).toEqual([["input.deliveryId", "INVALID_TRANSITION"]]);
    await mutate(server, "deleteWebhookEndpoint", "DeleteWebhookEndpointInput", { actingOrganizationId: committee, endpointId }, "deletedEndpointId");
    expect(await refusal(succeeded.id)).toEqual([["input.deliveryId", "NOT_FOUND"]]);
  });

  it("deletes finished deliveries past the retention with their attempts, and keeps pending and recent ones", async () => {
    const { endpoint } = await register({ url: receiver.url("/retention"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
    const titles = ["舊而成功", "舊而失敗", "舊而待發", "新近", "舊而剛重發"];
    for (const title of titles) await post(rainstorm, title);
    const sent = await deliveriesWhen(endpoint!.id, (deliveries) => deliveries.length === titles.length && deliveries.every((delivery) => delivery.status === "SUCCEEDED"));
    const keys = Object.fromEntries(sent.map((delivery) => [titleOf(delivery.payload!), keyOf(delivery.id, "WebhookDelivery")]));
    const age = (title: string, changes = "") =>
      server.dataSource.query(`UPDATE webhook_delivery SET created_at = now() - interval '40 days'${changes} WHERE id = $1`, [keys[title]]);
    const ageAttempts = (title: string) => server.dataSource.query(`UPDATE webhook_attempt SET started_at = now() - interval '40 days' WHERE delivery_id = $1`, [keys[title]]);
    for (const title of ["舊而成功", "舊而失敗", "舊而待發"]) await ageAttempts(title);
    await age("舊而成功");
    await age("舊而失敗", `, status = 'FAILED'`);
    await age("舊而待發", `, status = 'PENDING', next_attempt_at = now() + interval '1 hour'`);
    // Its event is old, but its last attempt (a redelivery) is recent.
    await age("舊而剛重發");

    // Two instances sweeping at once.
    const sweeper = () => new WebhookService(server.dataSource, WEBHOOKS, new SecretBox(server.jwtSecret));
    await Promise.all([sweeper().forgetOld(), sweeper().forgetOld()]);
    const kept = await deliveriesOf(endpoint!.id);
    expect(kept.map((delivery) => titleOf(delivery.payload!)).sort()).toEqual(["新近", "舊而剛重發", "舊而待發"].sort());
    const [{ attempts }] = await server.dataSource.query(`SELECT count(*)::int AS attempts FROM webhook_attempt WHERE delivery_id = ANY($1)`, [[keys["舊而成功"], keys["舊而失敗"]]]);
    expect(attempts).toBe(0);
  });

  it("tells what is wrong with an endpoint's input", async () => {
    const errors = async (input: Record<string, unknown>) => (await register({ url: receiver.url("/x"), eventTypes: ["NEED_ANNOUNCED"], ...input })).userErrors.map((error: UserError) => [error.field.join("."), error.code]);
    expect(await errors({ url: "ftp://example.org/hook" })).toEqual([["input.url", "INVALID"]]);
    expect(await errors({ url: "not a url" })).toEqual([["input.url", "INVALID"]]);
    expect(await errors({ url: "https://user:secret@example.org/hook" })).toEqual([["input.url", "INVALID"]]);
    expect(await errors({ eventTypes: [] })).toEqual([["input.eventTypes", "REQUIRED"]]);
    expect(await errors({ filter: { areaCode: "999" } })).toEqual([["input.filter.areaCode", "NOT_FOUND"]]);
  });

  it("refuses loopback and private addresses unless the configuration allows them, when registering and when sending", async () => {
    const strict = await startTestServer({ demoData: true });
    try {
      const [committeeThere] = Object.values(await organizationIds(strict, ["qinggang-lin-party-committee"]));
      for (const url of ["http://127.0.0.1:9/hook", "http://localhost:9/hook", "http://10.1.2.3/hook", "http://192.168.0.10/hook", "http://169.254.169.254/latest", "http://[::1]:9/hook", "http://[fd00::1]/hook", "http://[::ffff:127.0.0.1]/hook"]) {
        const { userErrors, endpoint } = await mutate<{ endpoint: unknown }>(strict, "createWebhookEndpoint", "CreateWebhookEndpointInput", { actingOrganizationId: committeeThere, url, eventTypes: ["NEED_ANNOUNCED"] }, "endpoint { id }");
        expect([url, endpoint, userErrors.map((error) => [error.field.join("."), error.code])]).toEqual([url, null, [["input.url", "NOT_PERMITTED"]]]);
      }
      const { userErrors } = await mutate(strict, "createWebhookEndpoint", "CreateWebhookEndpointInput", { actingOrganizationId: committeeThere, url: "http://127.0.0.1:9/hook", eventTypes: ["NEED_ANNOUNCED"] }, "endpoint { id }");
      // The refusal names the setting that allows such addresses for testing.
      expect(userErrors[0].message).toContain("COGOV_WEBHOOK_ALLOW_PRIVATE=true");
    } finally {
      await strict.close();
    }
    // A name that resolves to a private address is refused at connection time too (a name may change after it is registered).
    await expect(postWebhook({ url: receiver.url("/x").replace("127.0.0.1", "localhost"), id: "x", secrets: ["whsec_AAAA"], body: "{}", timeoutMs: 1_000, allowPrivate: false })).rejects.toBeInstanceOf(RefusedAddressError);
    expect(receiver.to("/x")).toEqual([]);
  });

  it("shows endpoints to the organisation's admins and its keys with the webhooks scope only", async () => {
    const query = `query ($id: ID!) { node(id: $id) { ... on Organization { webhookEndpoints { url } } } }`;
    const { body: asAdmin } = await server.graphql<{ node: { webhookEndpoints: { url: string }[] } }>(query, { id: committee }, await server.asAdminOf(committee));
    expect(asAdmin.data!.node.webhookEndpoints.length).toBeGreaterThan(0);
    const { body: anonymous } = await server.graphql<{ node: { webhookEndpoints: unknown[] } }>(query, { id: committee });
    expect(anonymous.data!.node.webhookEndpoints).toEqual([]);
    const coordinator = await server.signIn("coordinator@qinggang-lin-party-committee.example.org");
    const { body: asCoordinator } = await server.graphql<{ node: { webhookEndpoints: unknown[] } }>(query, { id: committee }, { authorization: `Bearer ${coordinator}` });
    expect(asCoordinator.data!.node.webhookEndpoints).toEqual([]);
    const keyWith = async (scopes: string[]) => {
      const { apiKey, secret } = await mutate<{ apiKey: { id: string }; secret: string }>(server, "createApiKey", "CreateApiKeyInput", { actingOrganizationId: committee, name: `webhooks ${scopes}`, scopes }, "apiKey { id } secret");
      expect(apiKey.id).toBeTruthy();
      return { authorization: `Bearer ${secret}` };
    };
    const { body: asWebhooksKey } = await server.graphql<{ node: { webhookEndpoints: { url: string }[] } }>(query, { id: committee }, await keyWith(["WEBHOOKS"]));
    expect(asWebhooksKey.data!.node.webhookEndpoints).toEqual(asAdmin.data!.node.webhookEndpoints);
    const { body: asReadKey } = await server.graphql<{ node: { webhookEndpoints: unknown[] } }>(query, { id: committee }, await keyWith(["READ", "WRITE_NEEDS", "WRITE_PLEDGES"]));
    expect(asReadKey.data!.node.webhookEndpoints).toEqual([]);
  });

  describe("secrets at rest", () => {
    const stored = async (endpointId: string): Promise<{ secret: string; previous: string | null }> =>
      (await server.dataSource.query(`SELECT secret, previous_secret AS previous FROM webhook_endpoint WHERE id = $1`, [keyOf(endpointId, "WebhookEndpoint")]))[0];
    const rotate = (endpointId: string) =>
      mutate<{ endpoint: { previousSecretExpiresAt: string | null } | null; secret: string | null }>(
        server, "rotateWebhookSecret", "RotateWebhookSecretInput", { actingOrganizationId: committee, endpointId }, "endpoint { previousSecretExpiresAt } secret",
      );
    const sent = async (path: string, title: string) => {
      await post(rainstorm, title);
      await receiver.waitFor(() => receiver.to(path).some((request) => titleOf(request.body) === title));
      return receiver.to(path).find((request) => titleOf(request.body) === title)!;
    };
    /** A second instance on the same database, stopped once started: what it does at start is what is tested. */
    const startAndStop = async (jwtSecret: string) => {
      const config: Config = { ...loadConfig({}), host: "127.0.0.1", port: 0, jwtSecret, webhooks: WEBHOOKS };
      await (await startServer(config, server.dataSource, createLogger("silent"))).stop();
    };
    const plaintext = () => `whsec_${randomBytes(32).toString("base64")}`;

    it("stores secrets encrypted under the deployment's key: the database holds neither them nor anything like them", async () => {
      const { endpoint, secret: first } = await register({ url: receiver.url("/sealed"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
      const { secret: second } = await rotate(endpoint!.id);
      const row = await stored(endpoint!.id);
      expect(JSON.stringify(row)).not.toContain("whsec_");
      expect(row.secret).toMatch(/^v1\./);
      expect(row.previous).toMatch(/^v1\./);
      const box = new SecretBox(server.jwtSecret);
      expect([box.open(row.secret), box.open(row.previous!)]).toEqual([second, first]);
    });

    it("encrypts secrets stored in plain text before, when a server starts, and they still sign", async () => {
      const { endpoint } = await register({ url: receiver.url("/plain"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
      const [secret, previous] = [plaintext(), plaintext()];
      await server.dataSource.query(`UPDATE webhook_endpoint SET secret = $2, previous_secret = $3, previous_secret_expires_at = now() + interval '1 hour' WHERE id = $1`, [keyOf(endpoint!.id, "WebhookEndpoint"), secret, previous]);

      await startAndStop(server.jwtSecret);
      const sealed = await stored(endpoint!.id);
      expect(JSON.stringify(sealed)).not.toContain("whsec_");
      // Once every secret is sealed, starting again changes nothing.
      expect(await new WebhookService(server.dataSource, WEBHOOKS, new SecretBox(server.jwtSecret)).sealPlaintextSecrets()).toBe(0);
      expect(await stored(endpoint!.id)).toEqual(sealed);

      const request = await sent("/plain", "頭燈");
      expect([verifies(secret, request), verifies(previous, request)]).toEqual([true, true]);
    });

    it("fails deliveries with a call to rotate when COGOV_JWT_SECRET changed since a secret was stored, and signs again once rotated", async () => {
      const { endpoint } = await register({ url: receiver.url("/rekeyed"), eventTypes: ["NEED_ANNOUNCED"], filter: { projectId: rainstorm } });
      const endpointId = endpoint!.id;
      // The secret stored in plain text is sealed by a server started with another key: this server's key is then a changed one.
      await server.dataSource.query(`UPDATE webhook_endpoint SET secret = $2 WHERE id = $1`, [keyOf(endpointId, "WebhookEndpoint"), plaintext()]);
      await startAndStop(randomBytes(32).toString("hex"));
      expect((await stored(endpointId)).secret).toMatch(/^v1\./);

      await post(rainstorm, "防水布");
      const [failed] = await deliveriesWhen(endpointId, ([delivery]) => delivery?.status === "FAILED");
      expect(failed.attempts.map((attempt) => attempt.error)).toEqual(
        Array(WEBHOOKS.maxAttempts).fill("the signing secret cannot be decrypted (the server's COGOV_JWT_SECRET has changed since it was stored): rotate the endpoint's secret with rotateWebhookSecret"),
      );
      expect(receiver.to("/rekeyed")).toEqual([]);

      // Rotating does not need the old secret: one that cannot be opened could not sign, so none is kept.
      const rotated = await rotate(endpointId);
      expect(rotated).toMatchObject({ endpoint: { previousSecretExpiresAt: null }, userErrors: [] });
      expect((await stored(endpointId)).previous).toBeNull();
      await mutate(server, "redeliverWebhookDelivery", "RedeliverWebhookDeliveryInput", { actingOrganizationId: committee, deliveryId: failed.id }, "delivery { id }");
      await receiver.waitFor(() => receiver.to("/rekeyed").length > 0);
      const [request] = receiver.to("/rekeyed");
      expect(request.headers["webhook-signature"].split(" ")).toHaveLength(1);
      expect(verifies(rotated.secret!, request)).toBe(true);
    });
  });
});
