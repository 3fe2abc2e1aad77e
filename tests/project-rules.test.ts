import { randomUUID } from "node:crypto";
import http from "node:http";
import { AddressInfo } from "node:net";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { Pledge, PledgeStatus } from "../src/entities/pledge";
import { keyOf, toGlobalId } from "../src/schema/global-id";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

// Issue 11 §4: who changes a need, which alerts concern an area, who sees a DRAFT project, and refusals that reveal nothing.
let server: TestServer;
let org: Record<string, string>;
const webhookBodies: string[] = [];
const receiver = http.createServer((request, response) => {
  let body = "";
  request.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
  request.on("end", () => (webhookBodies.push(body), response.writeHead(204).end()));
});

beforeAll(async () => {
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  server = await startTestServer({ demoData: true, config: { webhooks: { allowPrivateAddresses: true, maxAttempts: 2, retryBaseMs: 100, timeoutMs: 2_000, retentionDays: 30 } } });
  org = await organizationIds(server, ["qinggang-lin-health-station", "qinggang-lin-grid-1-party-branch", "nuanyang-social-work", "jinhua-property", "qinggang-lin-party-committee"]);
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const clinic = () => org["qinggang-lin-health-station"];
const branch = () => org["qinggang-lin-grid-1-party-branch"];
const ngo = () => org["nuanyang-social-work"];
const outsider = () => org["jinhua-property"];
const committee = () => org["qinggang-lin-party-committee"];

const COMMUNITY = "510107021001";
const GRID = "510107021001002";

async function until(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition() && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 25));
}

async function draftProject(title: string): Promise<string> {
  const created = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: clinic(), title, category: "HEALTH", areaCode: COMMUNITY }, "project { id }");
  return created.project.id;
}

const invite = (projectId: string, organizationId: string, role: string) =>
  mutate(server, "invitePartner", "InvitePartnerInput", { actingOrganizationId: clinic(), projectId, organizationId, role }, "partnership { id }");
const join = (projectId: string, organizationId: string) =>
  mutate(server, "respondToInvitation", "RespondToInvitationInput", { actingOrganizationId: organizationId, projectId, accept: true }, "partnership { status }");
const postNeed = (projectId: string, actingOrganizationId: string, title: string) =>
  mutate<{ need: { id: string } | null }>(server, "postNeed", "PostNeedInput", { actingOrganizationId, projectId, category: "VOLUNTEERS", title, quantity: 4, unit: "人", urgency: "HIGH", neededBy: inHours(48) }, "need { id }");
const updateNeed = (needId: string, actingOrganizationId: string, title: string) =>
  mutate<{ need: { title: string } | null }>(server, "updateNeed", "UpdateNeedInput", { actingOrganizationId, needId, title }, "need { title }");
const cancelNeed = (needId: string, actingOrganizationId: string) =>
  mutate<{ need: { status: string } | null }>(server, "cancelNeed", "CancelNeedInput", { actingOrganizationId, needId }, "need { status }");

describe("only a need's poster and the project's lead change or cancel it", () => {
  it("refuses a supporter and another partner, and lets the poster and the lead", async () => {
    const projectId = await draftProject("社區健康日");
    await invite(projectId, branch(), "PARTNER");
    await invite(projectId, ngo(), "SUPPORTER");
    await join(projectId, branch());
    await join(projectId, ngo());
    await mutate(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: clinic(), projectId, status: "OPEN" }, "project { status }");
    const leadsNeed = (await postNeed(projectId, clinic(), "量血壓志願者")).need!.id;
    const branchsNeed = (await postNeed(projectId, branch(), "引導志願者")).need!.id;
    await mutate(server, "pledge", "PledgeInput", { actingOrganizationId: outsider(), needId: leadsNeed, quantity: 2 }, "pledge { id }");

    for (const [needId, stranger] of [[leadsNeed, ngo()], [leadsNeed, branch()], [branchsNeed, ngo()]]) {
      const changed = await updateNeed(needId, stranger, "改掉的標題");
      expect(changed.need).toBeNull();
      expect(changed.userErrors).toEqual([expect.objectContaining({ field: ["input", "actingOrganizationId"], code: "NOT_PERMITTED" })]);
      const cancelled = await cancelNeed(needId, stranger);
      expect(cancelled.need).toBeNull();
      expect(cancelled.userErrors.map((error) => error.code)).toEqual(["NOT_PERMITTED"]);
    }
    const { body } = await server.graphql<{ node: { status: string; pledges: { nodes: { status: string }[] } } }>(
      `query ($id: ID!) { node(id: $id) { ... on ResourceNeed { status pledges { nodes { status } } } } }`,
      { id: leadsNeed },
    );
    expect(body.data!.node).toEqual({ status: "OPEN", pledges: { nodes: [{ status: "OFFERED" }] } });

    expect((await updateNeed(branchsNeed, branch(), "引導及登記志願者")).need).toEqual({ title: "引導及登記志願者" });
    expect((await updateNeed(leadsNeed, clinic(), "量血壓及登記志願者")).need).toEqual({ title: "量血壓及登記志願者" });
    expect((await cancelNeed(branchsNeed, clinic())).need).toEqual({ status: "CANCELLED" });
  });
});

describe("an alert concerns every area it overlaps", () => {
  it("reaches a list, a subscription and a webhook filtering by a grid inside the alert's community", async () => {
    const endpoint = await mutate<{ endpoint: { id: string } | null }>(
      server,
      "createWebhookEndpoint",
      "CreateWebhookEndpointInput",
      { actingOrganizationId: committee(), url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/grid`, eventTypes: ["ALERT_ISSUED"], filter: { areaCode: GRID } },
      "endpoint { id }",
    );
    expect(endpoint.userErrors).toEqual([]);
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const stream = collect<{ alert: { event: string } }>(client, `subscription ($area: String) { alertIssued(filter: { areaCode: $area }) { alert { event } } }`, { area: GRID }, "alertIssued");
    await subscriberCount(server.events, 1);

    const alert = {
      actingOrganizationId: committee(),
      status: "ACTUAL",
      scope: "PUBLIC",
      categories: ["MET"],
      event: "社區大風",
      urgency: "EXPECTED",
      severity: "MODERATE",
      certainty: "LIKELY",
      expires: inHours(6),
      areas: [{ description: "青杠林社區", areaCodes: [COMMUNITY] }],
    };
    const issued = await mutate<{ alert: { id: string } | null }>(server, "issueAlert", "AlertInput", alert, "alert { id }");
    expect(issued.userErrors).toEqual([]);

    const list = async (areaCode: string) =>
      (await server.graphql<{ alerts: { nodes: { event: string }[] } }>(`query ($areaCode: String) { alerts(filter: { areaCode: $areaCode }, first: 100) { nodes { event } } }`, { areaCode })).body.data!.alerts.nodes.map((node) => node.event);
    expect(await list(GRID)).toContain("社區大風");
    expect(await list("510107")).toContain("社區大風");
    expect(await list("510107021003")).not.toContain("社區大風");

    expect((await stream.waitFor(1)).map((event) => event.alert.event)).toEqual(["社區大風"]);
    await until(() => webhookBodies.length > 0);
    expect(webhookBodies.map((body) => JSON.parse(body).data.alert.id)).toEqual([issued.alert!.id]);
    stream.stop();
    await client.dispose();
  });
});

describe("partners see the DRAFT project they are invited to", () => {
  it("shows the project to the invitee, and the need it posts once it has joined, but not to others", async () => {
    const projectId = await draftProject("籌備中的健康講座");
    await invite(projectId, ngo(), "PARTNER");
    const asNgo = await server.asAdminOf(ngo());
    const asOutsider = await server.asAdminOf(outsider());
    const project = async (headers: Record<string, string>) =>
      (await server.graphql<{ project: { title: string } | null }>(`query ($id: ID!) { project(id: $id) { title } }`, { id: projectId }, headers)).body.data!.project;
    const invitations = async (headers: Record<string, string>) =>
      (
        await server.graphql<{ node: { projects: { nodes: { title: string }[] } } }>(
          `query ($id: ID!) { node(id: $id) { ... on Organization { projects(statuses: [INVITED, ACTIVE], first: 100) { nodes { title } } } } }`,
          { id: ngo() },
          headers,
        )
      ).body.data!.node.projects.nodes.map((node) => node.title);

    expect(await project(asNgo)).toEqual({ title: "籌備中的健康講座" });
    expect(await invitations(asNgo)).toContain("籌備中的健康講座");
    expect(await project(asOutsider)).toBeNull();
    expect(await invitations(asOutsider)).not.toContain("籌備中的健康講座");

    await join(projectId, ngo());
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: asNgo });
    const announced = collect<{ need: { title: string } | null }>(client, `subscription ($projectId: ID) { needAnnounced(filter: { projectId: $projectId }) { need { title } } }`, { projectId }, "needAnnounced");
    await subscriberCount(server.events, 1);
    const needId = (await postNeed(projectId, ngo(), "講座場地佈置")).need!.id;

    expect(await project(asNgo)).toEqual({ title: "籌備中的健康講座" });
    const needs = async (headers: Record<string, string>) =>
      (await server.graphql<{ needs: { nodes: { id: string }[] } }>(`query ($projectId: ID) { needs(filter: { projectId: $projectId }) { nodes { id } } }`, { projectId }, headers)).body.data!.needs.nodes;
    expect(await needs(asNgo)).toEqual([{ id: needId }]);
    expect(await needs(asOutsider)).toEqual([]);
    expect((await announced.waitFor(1)).map((event) => event.need?.title)).toEqual(["講座場地佈置"]);
    announced.stop();
    await client.dispose();
  });
});

describe("an invited organisation hears of its invitation", () => {
  it("tells the invitee's members over a subscription and a webhook, and nobody else", async () => {
    const endpoint = await mutate<{ endpoint: { id: string } | null }>(
      server,
      "createWebhookEndpoint",
      "CreateWebhookEndpointInput",
      { actingOrganizationId: ngo(), url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/invitations`, eventTypes: ["INVITATION_RECEIVED"] },
      "endpoint { id }",
    );
    expect(endpoint.userErrors).toEqual([]);
    const query = `subscription ($organizationId: ID) { invitationReceived(filter: { organizationId: $organizationId }) { cursor partnership { role status project { title status } } } }`;
    const socket = (headers: Record<string, string>) => createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers });
    const ngoClient = socket(await server.asAdminOf(ngo()));
    const outsiderClient = socket(await server.asAdminOf(outsider()));
    type Invitation = { partnership: { role: string; status: string; project: { title: string; status: string } } | null };
    const invitee = collect<Invitation>(ngoClient, query, { organizationId: ngo() }, "invitationReceived");
    const other = collect<Invitation>(outsiderClient, query, {}, "invitationReceived");
    const prying = collect<Invitation>(outsiderClient, query, { organizationId: ngo() }, "invitationReceived");
    await prying.waitFor(1);
    expect(prying.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: "FORBIDDEN" }) })]);
    await subscriberCount(server.events, 2);
    webhookBodies.length = 0;

    const projectId = await draftProject("長者防跌倒計劃");
    await invite(projectId, ngo(), "SPONSOR");

    expect(await invitee.waitFor(1)).toEqual([expect.objectContaining({ partnership: { role: "SPONSOR", status: "INVITED", project: { title: "長者防跌倒計劃", status: "DRAFT" } } })]);
    await until(() => webhookBodies.length > 0);
    expect(webhookBodies.map((body) => JSON.parse(body))).toEqual([
      expect.objectContaining({ type: "invitation.received", data: expect.objectContaining({ partnership: expect.objectContaining({ role: "SPONSOR", project: expect.objectContaining({ title: "長者防跌倒計劃" }) }) }) }),
    ]);
    expect(other.received).toEqual([]);
    for (const stream of [invitee, other]) stream.stop();
    await ngoClient.dispose();
    await outsiderClient.dispose();
  });
});

describe("refusals reveal nothing about what the caller may not see", () => {
  it("answers a DRAFT project's need, or the project, as it answers one that does not exist", async () => {
    const projectId = await draftProject("尚未公開的項目");
    const needId = (await postNeed(projectId, clinic(), "未公開的需求")).need!.id;
    const unknownNeed = toGlobalId("ResourceNeed", randomUUID());
    const unknownProject = toGlobalId("Project", randomUUID());

    const pledgeOn = (id: string) => mutate(server, "pledge", "PledgeInput", { actingOrganizationId: outsider(), needId: id, quantity: 1 }, "pledge { id }");
    expect((await pledgeOn(needId)).userErrors).toEqual((await pledgeOn(unknownNeed)).userErrors);
    expect((await pledgeOn(needId)).userErrors.map((error) => error.code)).toEqual(["NOT_FOUND"]);

    const changeProject = (id: string) => mutate(server, "updateProject", "UpdateProjectInput", { actingOrganizationId: outsider(), projectId: id, title: "改名" }, "project { id }");
    expect((await changeProject(projectId)).userErrors).toEqual((await changeProject(unknownProject)).userErrors);
    const postInto = (id: string) => postNeed(id, outsider(), "闖入的需求");
    expect((await postInto(projectId)).userErrors).toEqual((await postInto(unknownProject)).userErrors);
    expect((await updateNeed(needId, outsider(), "改掉")).userErrors).toEqual((await updateNeed(unknownNeed, outsider(), "改掉")).userErrors);

    // DRAFT projects take no pledges; one written straight into the table stands for one left from an earlier version.
    const pledge = await server.dataSource.getRepository(Pledge).save({ needId: keyOf(needId, "ResourceNeed"), organizationId: keyOf(clinic(), "Organization"), quantity: 1, status: PledgeStatus.OFFERED });
    const acceptAs = (id: string) => mutate(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: outsider(), pledgeId: id }, "pledge { id }");
    const hidden = await acceptAs(toGlobalId("Pledge", pledge.id));
    expect(hidden.userErrors).toEqual((await acceptAs(toGlobalId("Pledge", randomUUID()))).userErrors);
    expect(hidden.userErrors.map((error) => error.code)).toEqual(["NOT_FOUND"]);
  });
});
