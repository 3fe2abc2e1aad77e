import "reflect-metadata";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { mutationsAs } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

// A mediation case followed live: each reader hears of the steps the privacy table lets them read, and nobody else does.
let server: TestServer;
const { as } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

interface Resident {
  headers: Record<string, string>;
  personId: string;
}

let committeeId: string;
let admin: Record<string, string>;
const people: Record<string, Resident> = {};
const sockets: Client[] = [];
const delivered: { body: string }[] = [];
const receiver = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    delivered.push({ body: Buffer.concat(chunks).toString("utf8") });
    response.writeHead(204).end();
  });
});

async function account(name: string): Promise<Record<string, string>> {
  const email = `${unique("resident")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  return bearer(await server.signIn(email, "long enough password"));
}

async function resident(name: string): Promise<Resident> {
  const headers = await account(name);
  const { person } = await as<{ person: { id: string } }>(headers, "registerMyself", "RegisterMyselfInput", { displayName: name, phone: "13700137000" }, "person { id }");
  await as(headers, "grantConsent", "GrantConsentInput", { organizationId: committeeId, purpose: "人民調解" }, "consent { purpose }");
  return { headers, personId: person.id };
}

function socket(headers: Record<string, string>): Client {
  const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers });
  sockets.push(client);
  return client;
}

const FOLLOW = `subscription ($filter: MediationCaseSubscriptionFilter) { mediationCaseChanged(filter: $filter) { cursor caseId step status mediationCase { id summary } } }`;
type Step = { caseId: string; step: string; status: string; mediationCase: { id: string; summary: string } | null };

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { webhooks: { allowPrivateAddresses: true, maxAttempts: 2, retryBaseMs: 50, timeoutMs: 2_000, retentionDays: 30 } } });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  admin = await account("調委會主任");
  committeeId = (await as<{ organization: { id: string } }>(admin, "createOrganization", "CreateOrganizationInput", {
    kind: "MEDIATION_COMMITTEE", name: "桂溪社區人民調解委員會", slug: unique("live-mediation"), areaCode: "510107021001",
  }, "organization { id }")).organization.id;
  for (const [key, name] of [["wang", "王大姐"], ["li", "李先生"], ["mediator", "張調解員"], ["second", "陳調解員"], ["outsider", "路人甲"]]) people[key] = await resident(name);
  for (const personId of [people.mediator.personId, people.second.personId]) await as(admin, "addMediator", "AddMediatorInput", { actingOrganizationId: committeeId, personId }, "mediator { id }");
});
afterAll(async () => {
  for (const client of sockets) await client.dispose();
  await new Promise((resolve) => receiver.close(resolve));
  await server.close();
});

describe("mediation cases followed live", () => {
  it("sends each step to the committee's admins, the mediators assigned at the step and the parties, a replacement request only to its party, and nothing to others", async () => {
    const { secret } = await as<{ secret: string }>(admin, "createWebhookEndpoint", "CreateWebhookEndpointInput", {
      actingOrganizationId: committeeId, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/mediation`, eventTypes: ["MEDIATION_CHANGED"],
    }, "secret");
    expect(secret).toBeTruthy();
    const before = server.events.subscriberCount;
    const follow = (headers: Record<string, string>, filter: Record<string, unknown> | null = null) => collect<Step>(socket(headers), FOLLOW, { filter }, "mediationCaseChanged");
    const heard = { admin: follow(admin), wang: follow(people.wang.headers), li: follow(people.li.headers), mediator: follow(people.mediator.headers), second: follow(people.second.headers), outsider: follow(people.outsider.headers) };
    await subscriberCount(server.events, before + 6);

    const { mediationCase } = await as<{ mediationCase: { id: string; parties: { id: string; person: { id: string } }[] } }>(admin, "fileMediationCase", "FileMediationCaseInput", {
      actingOrganizationId: committeeId, category: "NEIGHBOURS", summary: "樓上深夜噪音擾民", areaCode: "510107021001", applicants: [{ personId: people.wang.personId }], respondents: [{ personId: people.li.personId }],
    }, "mediationCase { id parties { id person { id } } }");
    const caseId = mediationCase.id;
    const partyOf = (who: Resident) => mediationCase.parties.find((party) => party.person.id === who.personId)!.id;
    const { assignment } = await as<{ assignment: { id: string } }>(admin, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId, personId: people.mediator.personId }, "assignment { id }");
    await as(people.wang.headers, "answerMediation", "AnswerMediationInput", { caseId, partyId: partyOf(people.wang), agree: true }, "mediationCase { id }");
    await as(people.li.headers, "answerMediation", "AnswerMediationInput", { caseId, partyId: partyOf(people.li), agree: true }, "mediationCase { id }");
    await as(people.li.headers, "requestMediatorReplacement", "RequestMediatorReplacementInput", { caseId, partyId: partyOf(people.li), assignmentId: assignment.id, reason: "調解員是對方同事" }, "assignment { id }");
    await as(admin, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId, personId: people.second.personId, replacingPersonId: people.mediator.personId }, "assignment { id }");
    await as(people.li.headers, "withdrawMediationCase", "WithdrawMediationCaseInput", { caseId, partyId: partyOf(people.li) }, "mediationCase { status }");

    const all = ["fileMediationCase", "assignMediator", "agreeToMediation", "acceptMediationCase", "requestMediatorReplacement", "assignMediator", "withdrawMediationCase"];
    const steps = async (who: keyof typeof heard, count: number) => (await heard[who].waitFor(count)).map((event) => event.step);
    expect(await steps("admin", all.length)).toEqual(all);
    // The other party and the mediators never hear of a replacement request; the mediator replaced hears of nothing after it.
    expect(await steps("li", 7)).toEqual(all);
    expect(await steps("wang", 6)).toEqual(all.filter((step) => step !== "requestMediatorReplacement"));
    expect(await steps("mediator", 3)).toEqual(["assignMediator", "agreeToMediation", "acceptMediationCase"]);
    expect(await steps("second", 2)).toEqual(["assignMediator", "withdrawMediationCase"]);
    const last = heard.admin.received.at(-1)!;
    expect(last).toMatchObject({ caseId, status: "WITHDRAWN", mediationCase: { id: caseId, summary: "樓上深夜噪音擾民" } });
    // Heard while assigned, the case came with its steps; replaced, the mediator reads it no more.
    expect(heard.mediator.received.map((event) => event.mediationCase?.id)).toEqual([caseId, caseId, caseId]);
    const now = await server.graphql<{ mediationCase: unknown }>(`query ($id: ID!) { mediationCase(id: $id) { id } }`, { id: caseId }, people.mediator.headers);
    expect(now.body.data!.mediationCase).toBeNull();

    // One more case, followed by its id: the outsider has heard of none of it.
    const other = await as<{ mediationCase: { id: string } }>(admin, "fileMediationCase", "FileMediationCaseInput", {
      actingOrganizationId: committeeId, category: "PROPERTY_MANAGEMENT", summary: "物業費爭議", areaCode: "510107021001", applicants: [{ personId: people.outsider.personId }], respondents: [{ personId: people.wang.personId }],
    }, "mediationCase { id }");
    expect((await heard.outsider.waitFor(1)).map((event) => [event.caseId, event.step])).toEqual([[other.mediationCase.id, "fileMediationCase"]]);
    for (const listener of Object.values(heard)) expect(listener.errors).toEqual([]);

    // The committee's endpoint gets ids, step and status, nothing of the dispute or the parties.
    const deadline = Date.now() + 15_000;
    while (delivered.length < all.length + 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const bodies = delivered.map((request) => JSON.parse(request.body) as { type: string; data: Record<string, unknown> });
    // Deliveries run side by side: compared as a set of steps, not in order.
    expect(bodies.map((body) => `${body.type} ${body.data.step as string}`).sort()).toEqual([...all, "fileMediationCase"].map((step) => `mediation_case.changed ${step}`).sort());
    expect(Object.keys(bodies[0].data).sort()).toEqual(["caseId", "cursor", "status", "step"]);
    for (const text of ["噪音", "物業", "王大姐", "13700137000", people.wang.personId]) expect(delivered.some((request) => request.body.includes(text))).toBe(false);
  });

  it("refuses anonymous callers and API keys at the start, and answers a malformed case id clearly", async () => {
    const { secret } = await as<{ secret: string }>(admin, "createApiKey", "CreateApiKeyInput", { actingOrganizationId: committeeId, name: "調解統計", scopes: ["READ"] }, "secret");
    const cases: [Record<string, string>, Record<string, unknown> | null, string][] = [
      [{}, null, "UNAUTHENTICATED"],
      [bearer(secret), null, "FORBIDDEN"],
      [people.wang.headers, { caseId: "not-an-id" }, "BAD_USER_INPUT"],
    ];
    for (const [headers, filter, code] of cases) {
      const listener = collect<Step>(socket(headers), FOLLOW, { filter }, "mediationCaseChanged");
      await listener.waitFor(1);
      expect((listener.errors as { extensions?: { code?: string } }[]).map((error) => error.extensions?.code)).toEqual([code]);
    }
  });
});
