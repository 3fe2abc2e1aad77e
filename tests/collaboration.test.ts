import { AreaService } from "../src/services/area.service";
import { ResourceNeedService } from "../src/services/resource-need.service";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [
    "qinggang-lin-health-station",
    "qinggang-lin-grid-1-party-branch",
    "qinggang-lin-service-center",
    "nuanyang-social-work",
    "shujin-construction",
    "jinhua-property",
  ]);
});
afterAll(() => server.close());

const clinic = () => org["qinggang-lin-health-station"];
const branch = () => org["qinggang-lin-grid-1-party-branch"];
const centre = () => org["qinggang-lin-service-center"];
const ngo = () => org["nuanyang-social-work"];
const enterprise = () => org["shujin-construction"];
const outsider = () => org["jinhua-property"];

interface ProjectResult {
  project: { id: string; status: string } | null;
}
interface NeedResult {
  need: { id: string; status: string; quantity: number; pledgedQuantity: number; acceptedQuantity: number; deliveredQuantity: number; remainingQuantity: number } | null;
}
interface PledgeResult {
  pledge: { id: string; status: string; acceptedQuantity: number | null; deliveredQuantity: number; provisional: boolean; need: NeedResult["need"] } | null;
}

const NEED = "need { id status quantity pledgedQuantity acceptedQuantity deliveredQuantity remainingQuantity }";
const PLEDGE = `pledge { id status acceptedQuantity deliveredQuantity provisional ${NEED} }`;

async function createOpenProject(title: string): Promise<string> {
  const created = await mutate<ProjectResult>(server, "createProject", "CreateProjectInput", { actingOrganizationId: clinic(), title, category: "HEALTH", areaCode: "510107021001", startsOn: "2026-12-01", endsOn: "2026-12-31" }, "project { id status }");
  const projectId = created.project!.id;
  await mutate(server, "invitePartner", "InvitePartnerInput", { actingOrganizationId: clinic(), projectId, organizationId: branch(), role: "PARTNER" }, "partnership { id }");
  await mutate(server, "respondToInvitation", "RespondToInvitationInput", { actingOrganizationId: branch(), projectId, accept: true }, "partnership { id }");
  const opened = await mutate<ProjectResult>(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: clinic(), projectId, status: "OPEN" }, "project { status }");
  expect(opened.project!.status).toBe("OPEN");
  return projectId;
}

async function postNeed(projectId: string, fields: Record<string, unknown> = {}): Promise<string> {
  const posted = await mutate<NeedResult>(server, "postNeed", "PostNeedInput", { actingOrganizationId: branch(), projectId, category: "MEDICAL_STAFF", title: "義診醫護人員", quantity: 6, unit: "人", urgency: "CRITICAL", neededBy: inHours(48), ...fields }, NEED);
  expect(posted.userErrors).toEqual([]);
  return posted.need!.id;
}

const pledge = (needId: string, actingOrganizationId: string, quantity: number) =>
  mutate<PledgeResult>(server, "pledge", "PledgeInput", { actingOrganizationId, needId, quantity, note: "可派出" }, PLEDGE);
const accept = (pledgeId: string, extra: Record<string, unknown> = {}) =>
  mutate<PledgeResult>(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: clinic(), pledgeId, ...extra }, PLEDGE);
const deliver = (pledgeId: string, quantity: number, actingOrganizationId = ngo()) =>
  mutate<PledgeResult>(server, "recordDelivery", "RecordDeliveryInput", { actingOrganizationId, pledgeId, quantity }, PLEDGE);

describe("a clinic's free-clinic project gathers partners, posts needs and sees them filled", () => {
  it("runs the whole story: invite, post, pledge, accept, deliver", async () => {
    const projectId = await createOpenProject("義診進社區");
    const needId = await postNeed(projectId);

    const offerA = await pledge(needId, ngo(), 4);
    const offerB = await pledge(needId, enterprise(), 3);
    expect(offerB.pledge!.need).toMatchObject({ status: "OPEN", pledgedQuantity: 7, acceptedQuantity: 0, remainingQuantity: 6 });

    const acceptedA = await accept(offerA.pledge!.id);
    expect(acceptedA.pledge).toMatchObject({ status: "ACCEPTED", acceptedQuantity: 4 });
    expect(acceptedA.pledge!.need).toMatchObject({ status: "PARTIALLY_PLEDGED", acceptedQuantity: 4, remainingQuantity: 2 });

    const tooMuch = await accept(offerB.pledge!.id);
    expect(tooMuch.pledge).toBeNull();
    expect(tooMuch.userErrors).toEqual([{ field: ["input", "quantity"], code: "EXCEEDS_REMAINING", message: "Only 2 人 remain to be accepted for this need." }]);

    const partly = await accept(offerB.pledge!.id, { quantity: 2 });
    expect(partly.pledge!.need).toMatchObject({ status: "FULLY_PLEDGED", acceptedQuantity: 6, pledgedQuantity: 6, remainingQuantity: 0 });

    const full = await pledge(needId, outsider(), 1);
    expect(full.userErrors[0]).toMatchObject({ code: "EXCEEDS_REMAINING", message: expect.stringContaining("0 人 remain") });

    expect((await deliver(offerA.pledge!.id, 1.5)).pledge).toMatchObject({ status: "ACCEPTED", deliveredQuantity: 1.5 });
    const over = await deliver(offerA.pledge!.id, 3);
    expect(over.userErrors[0]).toMatchObject({ code: "EXCEEDS_REMAINING", message: "Only 2.5 人 of the accepted 4 remain to be delivered." });
    expect((await deliver(offerA.pledge!.id, 2.5)).pledge).toMatchObject({ status: "DELIVERED", deliveredQuantity: 4 });
    const last = await deliver(offerB.pledge!.id, 2, clinic());
    expect(last.pledge!.need).toMatchObject({ status: "FULFILLED", deliveredQuantity: 6 });

    const { body } = await server.graphql<{ need: { statusHistory: { fromStatus: string | null; toStatus: string; reason: string }[] } }>(
      `query ($id: ID!) { need(id: $id) { statusHistory { fromStatus toStatus reason } } }`,
      { id: needId },
    );
    expect(body.data!.need.statusHistory).toEqual([
      { fromStatus: null, toStatus: "OPEN", reason: "posted" },
      { fromStatus: "OPEN", toStatus: "PARTIALLY_PLEDGED", reason: "pledge accepted" },
      { fromStatus: "PARTIALLY_PLEDGED", toStatus: "FULLY_PLEDGED", reason: "pledge accepted" },
      { fromStatus: "FULLY_PLEDGED", toStatus: "FULFILLED", reason: "delivery recorded" },
    ]);
  });

  it("records when a delivery was handed over, and refuses a delivery in the future or a promise already past", async () => {
    const projectId = await createOpenProject("送藥上門");
    const needId = await postNeed(projectId, { category: "MATERIALS", title: "常用藥品", quantity: 10, unit: "盒" });

    const latePromise = await mutate<PledgeResult>(server, "pledge", "PledgeInput", { actingOrganizationId: ngo(), needId, quantity: 4, expectedDelivery: inHours(-2) }, PLEDGE);
    expect(latePromise.pledge).toBeNull();
    expect(latePromise.userErrors).toEqual([{ field: ["input", "expectedDelivery"], code: "OUT_OF_RANGE", message: "expectedDelivery is in the past; promise a time still to come." }]);

    const offer = await mutate<PledgeResult>(server, "pledge", "PledgeInput", { actingOrganizationId: ngo(), needId, quantity: 4, expectedDelivery: inHours(1) }, PLEDGE);
    const pledgeId = offer.pledge!.id;
    await accept(pledgeId);
    const record = (deliveredAt: string) =>
      mutate<{ pledge: { deliveredQuantity: number; deliveries: { quantity: number; deliveredAt: string }[] } | null }>(
        server, "recordDelivery", "RecordDeliveryInput", { actingOrganizationId: ngo(), pledgeId, quantity: 1, deliveredAt }, "pledge { deliveredQuantity deliveries { quantity deliveredAt } }",
      );

    const future = await record(inHours(0.5));
    expect(future.userErrors).toEqual([{ field: ["input", "deliveredAt"], code: "OUT_OF_RANGE", message: "deliveredAt is in the future; record a delivery once it has been handed over." }]);
    const beforePledge = await record(inHours(-1));
    expect(beforePledge.userErrors).toEqual([{ field: ["input", "deliveredAt"], code: "OUT_OF_RANGE", message: expect.stringMatching(/^deliveredAt \(.+\) is before the pledge was made \(.+\)\.$/) }]);

    const handedOver = new Date().toISOString();
    const recorded = await record(handedOver);
    expect(recorded.userErrors).toEqual([]);
    expect(recorded.pledge).toEqual({ deliveredQuantity: 1, deliveries: [{ quantity: 1, deliveredAt: handedOver }] });
  });

  it("lets only active partners post needs, and only the lead or poster answer pledges", async () => {
    const projectId = await createOpenProject("法律諮詢進社區");
    const refused = await mutate<NeedResult>(server, "postNeed", "PostNeedInput", { actingOrganizationId: outsider(), projectId, category: "LEGAL_EXPERTS", title: "律師", quantity: 2, unit: "人", urgency: "NORMAL", neededBy: inHours(24) }, NEED);
    expect(refused.userErrors).toEqual([{ field: ["input", "actingOrganizationId"], code: "NOT_PERMITTED", message: expect.stringContaining("not an active partner") }]);

    const needId = await postNeed(projectId, { category: "LEGAL_EXPERTS", quantity: 2 });
    const offer = await pledge(needId, ngo(), 1);
    const byStranger = await mutate<PledgeResult>(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: enterprise(), pledgeId: offer.pledge!.id }, PLEDGE);
    expect(byStranger.userErrors[0].code).toBe("NOT_PERMITTED");
    const byPoster = await mutate<PledgeResult>(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: branch(), pledgeId: offer.pledge!.id }, PLEDGE);
    expect(byPoster.pledge!.status).toBe("ACCEPTED");

    const withdrawByOther = await mutate<PledgeResult>(server, "withdrawPledge", "WithdrawPledgeInput", { actingOrganizationId: enterprise(), pledgeId: offer.pledge!.id }, PLEDGE);
    expect(withdrawByOther.userErrors[0].code).toBe("NOT_PERMITTED");
    const withdrawn = await mutate<PledgeResult>(server, "withdrawPledge", "WithdrawPledgeInput", { actingOrganizationId: ngo(), pledgeId: offer.pledge!.id, reason: "人手不足" }, PLEDGE);
    expect(withdrawn.pledge).toMatchObject({ status: "WITHDRAWN", acceptedQuantity: null });
    expect(withdrawn.pledge!.need).toMatchObject({ status: "OPEN", acceptedQuantity: 0, pledgedQuantity: 0, remainingQuantity: 2 });
  });

  it("accepts provisionally with a reason, then confirms; declines need a reason; delivered pledges cannot be withdrawn", async () => {
    const projectId = await createOpenProject("健康講座");
    const needId = await postNeed(projectId, { category: "VENUE", quantity: 1, unit: "場地" });
    const offer = await pledge(needId, centre(), 1);
    const noReason = await accept(offer.pledge!.id, { provisional: true });
    expect(noReason.userErrors).toEqual([{ field: ["input", "reason"], code: "REQUIRED", message: "A provisional acceptance needs a reason." }]);
    const provisional = await accept(offer.pledge!.id, { provisional: true, reason: "待確認場地消防驗收" });
    expect(provisional.pledge).toMatchObject({ status: "ACCEPTED", provisional: true });
    const confirmed = await accept(offer.pledge!.id);
    expect(confirmed.pledge).toMatchObject({ status: "ACCEPTED", provisional: false, acceptedQuantity: 1 });

    await deliver(offer.pledge!.id, 1, centre());
    const late = await mutate<PledgeResult>(server, "withdrawPledge", "WithdrawPledgeInput", { actingOrganizationId: centre(), pledgeId: offer.pledge!.id }, PLEDGE);
    expect(late.userErrors[0]).toMatchObject({ code: "INVALID_TRANSITION", message: expect.stringContaining("DELIVERED") });

    const second = await postNeed(projectId, { category: "VOLUNTEERS", quantity: 10, unit: "人" });
    const extra = await pledge(second, enterprise(), 5);
    const declined = await mutate<PledgeResult>(server, "declinePledge", "DeclinePledgeInput", { actingOrganizationId: clinic(), pledgeId: extra.pledge!.id, reason: "  " }, PLEDGE);
    expect(declined.userErrors[0]).toMatchObject({ field: ["input", "reason"], code: "BLANK" });
    const ok = await mutate<PledgeResult>(server, "declinePledge", "DeclinePledgeInput", { actingOrganizationId: clinic(), pledgeId: extra.pledge!.id, reason: "已有足夠志願者" }, PLEDGE);
    expect(ok.pledge).toMatchObject({ status: "DECLINED" });
  });

  it("moves a project only along its state machine; cancelling closes its needs and declines offers", async () => {
    const projectId = await createOpenProject("鄰里守望");
    const illegal = await mutate<ProjectResult>(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: clinic(), projectId, status: "COMPLETED" }, "project { status }");
    expect(illegal.userErrors).toEqual([{ field: ["input", "status"], code: "INVALID_TRANSITION", message: "The project is OPEN; it can go to ACTIVE or CANCELLED, not COMPLETED." }]);
    const notLead = await mutate<ProjectResult>(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: branch(), projectId, status: "ACTIVE" }, "project { status }");
    expect(notLead.userErrors[0].code).toBe("NOT_PERMITTED");

    const needId = await postNeed(projectId, { category: "VOLUNTEERS", quantity: 20, unit: "人" });
    const offer = await pledge(needId, ngo(), 5);
    const cancelled = await mutate<ProjectResult>(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: clinic(), projectId, status: "CANCELLED" }, "project { status }");
    expect(cancelled.project!.status).toBe("CANCELLED");
    const { body } = await server.graphql<{ need: { status: string; pledgedQuantity: number; pledges: { nodes: { status: string }[] } } }>(
      `query ($id: ID!) { need(id: $id) { status pledgedQuantity pledges { nodes { status } } } }`,
      { id: needId },
    );
    // The declined offer no longer counts as pledged.
    expect(body.data!.need).toEqual({ status: "CANCELLED", pledgedQuantity: 0, pledges: { nodes: [{ status: "DECLINED" }] } });
    expect(offer.pledge!.status).toBe("OFFERED");
    const afterwards = await pledge(needId, enterprise(), 1);
    expect(afterwards.userErrors[0].code).toBe("INVALID_TRANSITION");
  });

  it("marks a need EXPIRED once its deadline passes, records why, and refuses pledges to it", async () => {
    const projectId = await createOpenProject("冬季送暖");
    const needId = await postNeed(projectId, { category: "MATERIALS", quantity: 50, unit: "件" });
    const key = Buffer.from(needId, "base64url").toString().split(":")[1];
    await server.dataSource.query(`UPDATE resource_need SET needed_by = now() - interval '1 minute' WHERE id = $1`, [key]);
    const refused = await pledge(needId, ngo(), 1);
    expect(refused.userErrors[0]).toMatchObject({ code: "INVALID_TRANSITION", message: expect.stringContaining("needed-by time") });

    const sweeper = new ResourceNeedService(server.dataSource, new AreaService(server.dataSource));
    expect(await sweeper.expireOverdue()).toBeGreaterThanOrEqual(1);
    expect(await sweeper.expireOverdue()).toBe(0);
    const { body } = await server.graphql<{ need: { status: string; statusHistory: { toStatus: string; reason: string }[] } }>(
      `query ($id: ID!) { need(id: $id) { status statusHistory { toStatus reason } } }`,
      { id: needId },
    );
    expect(body.data!.need.status).toBe("EXPIRED");
    expect(body.data!.need.statusHistory.at(-1)).toEqual({ toStatus: "EXPIRED", reason: "needed-by time passed" });
  });

  it("refuses bad quantities, past deadlines and strangers' invitations with codes and fields", async () => {
    const projectId = await createOpenProject("共建美麗社區");
    const bad = await mutate<NeedResult>(server, "postNeed", "PostNeedInput", { actingOrganizationId: branch(), projectId, category: "FUNDS", title: " ", quantity: 0, unit: "元", urgency: "LOW", neededBy: inHours(-1) }, NEED);
    expect(Object.fromEntries(bad.userErrors.map((error) => [error.field[1], error.code]))).toEqual({ title: "BLANK", quantity: "OUT_OF_RANGE", neededBy: "OUT_OF_RANGE" });
    const decimals = await mutate<NeedResult>(server, "postNeed", "PostNeedInput", { actingOrganizationId: branch(), projectId, category: "FUNDS", title: "綠化經費", quantity: 10.005, unit: "元", urgency: "LOW", neededBy: inHours(5) }, NEED);
    expect(decimals.userErrors[0]).toMatchObject({ field: ["input", "quantity"], code: "INVALID" });
    const needId = await postNeed(projectId, { category: "FUNDS", quantity: 1000, unit: "元" });
    for (const quantity of [0, -5, 1e12]) expect((await pledge(needId, enterprise(), quantity)).userErrors[0]).toMatchObject({ field: ["input", "quantity"], code: "OUT_OF_RANGE" });
    const reinvite = await mutate(server, "invitePartner", "InvitePartnerInput", { actingOrganizationId: clinic(), projectId, organizationId: branch(), role: "SPONSOR" }, "partnership { id }");
    expect(reinvite.userErrors[0].code).toBe("TAKEN");
    const asLead = await mutate(server, "invitePartner", "InvitePartnerInput", { actingOrganizationId: clinic(), projectId, organizationId: enterprise(), role: "LEAD" }, "partnership { id }");
    expect(asLead.userErrors[0]).toMatchObject({ field: ["input", "role"], code: "INVALID" });
    const leadLeaves = await mutate(server, "leaveProject", "LeaveProjectInput", { actingOrganizationId: clinic(), projectId }, "partnership { id }");
    expect(leadLeaves.userErrors[0].code).toBe("NOT_PERMITTED");
    const badDates = await mutate(server, "createProject", "CreateProjectInput", { actingOrganizationId: clinic(), title: "x", category: "HEALTH", areaCode: "510107", startsOn: "2026-12-31", endsOn: "2026-12-01" }, "project { id }");
    expect(badDates.userErrors[0]).toMatchObject({ field: ["input", "endsOn"], code: "OUT_OF_RANGE" });
  });
});
