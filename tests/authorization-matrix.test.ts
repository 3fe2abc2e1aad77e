import { randomUUID } from "node:crypto";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { SignJWT } from "jose";
import { buildFederatedSchema } from "../src/schema/build-schema";
import { DEMO_PASSWORD } from "../src/db/demo/identity-demo";
import { keyOf, toGlobalId } from "../src/schema/global-id";
import { inHours, organizationIds } from "./support/collaboration";
import { councilScenario, Seated } from "./support/councils";
import { startTestServer, TestServer } from "./support/test-server";

type Role = "OWNER" | "ADMIN" | "COORDINATOR" | "MEMBER";
const RANK: Record<Role, number> = { OWNER: 4, ADMIN: 3, COORDINATOR: 2, MEMBER: 1 };

/** Who may call a mutation: anyone, any signed-in person, or a role in the acting organisation (or a key scope). */
type Rule = { anyone: true } | { anyoneButKeys: true } | { person: true } | { role: Role; scope?: string };

interface Case {
  /** The mutation, when the row's name is not it: a second row for a mutation that two kinds of caller use. */
  mutation?: string;
  inputType: string;
  rule: Rule;
  /** Only a VERIFIED acting organisation may do it (README, Verification). */
  verified?: true;
  /** Builds a fresh, valid input, so an allowed call by `caller` (its headers) succeeds without userErrors. */
  prepare: (caller: Record<string, string>) => Promise<Record<string, unknown>>;
}

interface Principal {
  headers: () => Promise<Record<string, string>>;
  /** What the principal is: invalid credentials are refused before anything else. */
  is: { anonymous: true } | { invalid: true } | { key: string[] } | { person: Role | null };
}

let server: TestServer;
let org: Record<string, string>;
const tokens: Record<string, string> = {};
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

async function call(mutation: string, inputType: string, input: Record<string, unknown>, headers: Record<string, string>) {
  const { body } = await server.graphql<Record<string, { userErrors: { code: string; message: string }[] } & Record<string, { id?: string } | string | null>>>(
    `mutation ($input: ${inputType}!) { ${mutation}(input: $input) { userErrors { code message } ${SELECTIONS[mutation] ?? ""} } }`,
    { input },
    headers,
  );
  return body;
}

const SELECTIONS: Record<string, string> = {
  issueAlert: "alert { id }",
  createProject: "project { id }",
  postNeed: "need { id }",
  pledge: "pledge { id }",
  signUp: "user { id }",
  createApiKey: "apiKey { id } secret",
  createWebhookEndpoint: "endpoint { id } secret",
  createOrganization: "organization { id }",
  declareCapacities: "organization { id }",
  registerMyself: "person { id }",
  registerPerson: "person { id }",
  createActivity: "activity { id }",
  signUpForShift: "signUp { id }",
  createReward: "reward { id }",
  fundPointsPool: "entry { id }",
  redeemReward: "redemption { entry { id } }",
  createService: "service { id }",
  fileResidentRequest: "request { id }",
  giveFeedback: "feedback { id }",
  setRequestRoutingRule: "rule { id }",
  createServiceLocation: "location { id }",
  fileMediationCase: "mediationCase { id }",
  addMediator: "mediator { id }",
  addServiceSchedule: "schedule { id }",
  createCouncil: "council { id }",
  addCouncilMember: "member { id }",
  scheduleMeeting: "meeting { id }",
  createProposal: "proposal { id }",
  proposeAmendment: "amendment { id }",
  registerKeyHousehold: "household { id }",
};

/** Runs a setup step as an organisation's admin and returns the id it made. */
async function as(admin: string, mutation: string, inputType: string, input: Record<string, unknown>): Promise<string | null> {
  const body = await call(mutation, inputType, input, { authorization: `Bearer ${tokens[admin]}` });
  const payload = body.data?.[mutation];
  if (!payload || payload.userErrors.length) throw new Error(`setup ${mutation} failed: ${JSON.stringify(body)}`);
  const made = Object.entries(payload).find(([key]) => key !== "userErrors")?.[1] as { id?: string } | string | null | undefined;
  return typeof made === "object" && made !== null ? (made.id ?? null) : null;
}

// T, the organisation every principal acts for, is the community Party committee: it may issue alerts.
const T = () => org["qinggang-lin-party-committee"];
const L = () => org["qinggang-lin-health-station"];
const E = () => org["shujin-construction"];

async function openProject(lead: "T" | "L"): Promise<string> {
  const leadId = lead === "T" ? T() : L();
  const projectId = (await as(lead, "createProject", "CreateProjectInput", { actingOrganizationId: leadId, title: unique("專案"), category: "OTHER", areaCode: "510107021" }))!;
  await as(lead, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: leadId, projectId, status: "OPEN" });
  return projectId;
}

async function need(lead: "T" | "L"): Promise<string> {
  const projectId = await openProject(lead);
  return (await as(lead, "postNeed", "PostNeedInput", {
    actingOrganizationId: lead === "T" ? T() : L(), projectId, category: "OTHER", title: unique("需求"), quantity: 100, unit: "份", urgency: "NORMAL", neededBy: inHours(24),
  }))!;
}

async function newUser(): Promise<{ id: string; email: string }> {
  const email = `${unique("user")}@example.org`;
  const body = await call("signUp", "SignUpInput", { email, displayName: "測試用戶", password: "long enough password" }, {});
  return { id: body.data!.signUp.user !== null && typeof body.data!.signUp.user === "object" ? body.data!.signUp.user.id! : "", email };
}

async function memberOfT(role: Role = "MEMBER"): Promise<string> {
  const user = await newUser();
  await as("T", "addMember", "AddMemberInput", { actingOrganizationId: T(), email: user.email, role });
  return user.id;
}

const alertInput = () => ({
  actingOrganizationId: T(),
  status: "EXERCISE",
  scope: "PUBLIC",
  categories: ["MET"],
  event: "暴雨演練",
  urgency: "EXPECTED",
  severity: "MODERATE",
  certainty: "POSSIBLE",
  areas: [{ description: "青杠林社區", areaCodes: ["510107021001"] }],
});

/** An NGO someone registered in T's community, unverified: T may vouch for it. */
async function ngoInT(): Promise<string> {
  return (await as("E", "createOrganization", "CreateOrganizationInput", { kind: "NGO", name: "社區新組織", slug: unique("ngo"), areaCode: "510107021001" }))!;
}

const webhookInput = () => ({ url: "http://127.0.0.1:9/hook", eventTypes: ["NEED_ANNOUNCED"] });

/** T may have at most 20 endpoints: each case makes one and the endpoints of earlier cases are cleared first. */
async function webhookOfT(): Promise<string> {
  await server.dataSource.query(`DELETE FROM webhook_endpoint`);
  return (await as("T", "createWebhookEndpoint", "CreateWebhookEndpointInput", { actingOrganizationId: T(), ...webhookInput() }))!;
}

/** A delivery of a new endpoint of T, once its one attempt (at a closed port) has failed. */
async function failedDeliveryOfT(): Promise<string> {
  const endpointId = await webhookOfT();
  await need("T");
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await server.graphql<{ node: { deliveries: { nodes: { id: string; status: string }[] } } }>(
      `query ($id: ID!) { node(id: $id) { ... on WebhookEndpoint { deliveries(first: 1) { nodes { id status } } } } }`,
      { id: endpointId },
      { authorization: `Bearer ${tokens.T}` },
    );
    const [delivery] = body.data!.node.deliveries.nodes;
    if (delivery?.status === "FAILED") return delivery.id;
    if (Date.now() > deadline) throw new Error(`setup: no failed delivery: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The caller's own person, registered now if they have none; null for callers who cannot have one (refused by the mutation itself). */
async function ownPerson(caller: Record<string, string>): Promise<string | null> {
  const { body } = await server.graphql<{ myData: { person: { id: string } | null } }>(`{ myData { person { id } } }`, {}, caller);
  if (body.errors) return null;
  if (body.data!.myData.person) return body.data!.myData.person.id;
  const registered = await call("registerMyself", "RegisterMyselfInput", { displayName: "矩陣測試者" }, caller);
  return (registered.data!.registerMyself.person as { id: string }).id;
}

/** The caller's own person, on T's roster (and so holding T's consent). */
async function ownPersonInT(caller: Record<string, string>): Promise<void> {
  const personId = await ownPerson(caller);
  if (!personId) return;
  await call("grantConsent", "GrantConsentInput", { organizationId: T(), purpose: "矩陣測試" }, caller);
  // Already on the roster (TAKEN) is as good.
  await call("addTeamMember", "AddTeamMemberInput", { actingOrganizationId: T(), personId }, { authorization: `Bearer ${tokens.T}` });
}

/** A person T registered, holding their consent; on T's roster too when `onRoster`. */
async function personOfT(onRoster = false): Promise<string> {
  const personId = (await as("T", "registerPerson", "RegisterPersonInput", { actingOrganizationId: T(), displayName: unique("志願者"), consent: { purpose: "矩陣測試" } }))!;
  if (onRoster) await as("T", "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: T(), personId });
  return personId;
}

/** A new activity of T, a DRAFT. */
async function activityOfT(): Promise<string> {
  return (await as("T", "createActivity", "CreateActivityInput", {
    actingOrganizationId: T(), kind: "ENVIRONMENT", title: unique("清潔家園"), areaCode: "510107021", shifts: [{ startsAt: inHours(24), endsAt: inHours(26), capacity: 10 }],
  }))!;
}

/** The shift of a new PUBLISHED activity of T, tomorrow. */
async function shiftOfT(): Promise<string> {
  const activityId = await activityOfT();
  await as("T", "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: T(), activityId, status: "PUBLISHED" });
  const [{ id }] = await server.dataSource.query(`SELECT id FROM activity_shift WHERE activity_id = $1`, [keyOf(activityId, "Activity")]);
  return toGlobalId("ActivityShift", id);
}

/** The caller's sign-up to a new shift of T, its shift started when `started`; an id of no sign-up for callers who cannot have one. */
async function signUpOf(caller: Record<string, string>, started = false): Promise<string> {
  const shiftId = await shiftOfT();
  if (!(await ownPerson(caller))) return toGlobalId("ShiftSignUp", randomUUID());
  const body = await call("signUpForShift", "SignUpForShiftInput", { shiftId }, caller);
  const signUpId = (body.data!.signUpForShift.signUp as { id: string }).id;
  if (started) {
    await server.dataSource.query(`UPDATE activity_shift SET starts_at = now() - interval '10 minutes', ends_at = now() + interval '2 hours' WHERE id = $1`, [keyOf(shiftId, "ActivityShift")]);
  }
  return signUpId;
}

/** T's pool funded by T itself (a Party committee issues points). */
const fundT = (points: number) => as("T", "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: T(), organizationId: T(), points });

/** A reward in T's catalogue that the caller, when they can hold points, can afford: T pays them for an hour first. */
async function affordableRewardOfT(caller: Record<string, string>): Promise<string> {
  const rewardId = (await as("T", "createReward", "CreateRewardInput", { actingOrganizationId: T(), name: unique("獎品"), pointsPrice: 1, stock: 5 }))!;
  const personId = await ownPerson(caller);
  if (personId) {
    await fundT(1);
    await server.dataSource.query(`INSERT INTO points_account (kind, person_id) VALUES ('PERSON', $1) ON CONFLICT DO NOTHING`, [keyOf(personId, "Person")]);
    const [{ pool }] = await server.dataSource.query(`SELECT id AS pool FROM points_account WHERE kind = 'POOL' AND organization_id = $1`, [keyOf(T(), "Organization")]);
    // Set up as the ledger itself would: one entry, both balances moved.
    await server.dataSource.query(
      `WITH person_account AS (SELECT id FROM points_account WHERE person_id = $1),
            entry AS (INSERT INTO points_entry (kind, from_account_id, to_account_id, points, reason, sign_up_id) VALUES ('EARN', $2, (SELECT id FROM person_account), 1, 'matrix', $3) RETURNING 1)
       UPDATE points_account SET balance = balance + CASE WHEN id = $2 THEN -1 ELSE 1 END WHERE id IN ($2, (SELECT id FROM person_account))`,
      [keyOf(personId, "Person"), pool, keyOf(await startedSignUpInT(), "ShiftSignUp")],
    );
  }
  return rewardId;
}

/** A sign-up of T's admin to a shift of T that has started: T records and verifies its hours. */
const startedSignUpInT = () => signUpOf({ authorization: `Bearer ${tokens.T}` }, true);

/** A new place of T's, for its services. */
async function locationOfT(): Promise<string> {
  return (await as("T", "createServiceLocation", "CreateServiceLocationInput", { actingOrganizationId: T(), name: unique("地點"), address: "青杠林路12號", areaCode: "510107021001" }))!;
}

/** A new service of T's at a new place of its own. */
async function serviceOfT(): Promise<string> {
  return (await as("T", "createService", "CreateServiceInput", { actingOrganizationId: T(), name: unique("服務"), categories: ["OTHER"], targetGroups: ["ALL_RESIDENTS"], isFree: true, locationIds: [await locationOfT()] }))!;
}

const weeklyHours = { freq: "WEEKLY", byday: ["MO"], opensAt: "09:00", closesAt: "11:00" };

/** A schedule of a new service of T's. */
async function scheduleOfT(): Promise<string> {
  return (await as("T", "addServiceSchedule", "AddServiceScheduleInput", { actingOrganizationId: T(), serviceId: await serviceOfT(), ...weeklyHours }))!;
}

const councils = councilScenario(() => server, () => ({ id: T(), headers: { authorization: `Bearer ${tokens.T}` } }));
const adminOfT = () => ({ authorization: `Bearer ${tokens.T}` });

/** A new council of T's with two seated residents, and the caller seated too when they can be (a person). */
async function councilOfT(caller?: Record<string, string>): Promise<{ councilId: string; areaCode: string; members: Seated[]; callerMemberId: string | null }> {
  const { id: councilId, areaCode } = await councils.council();
  const members = await councils.seated(councilId, areaCode, 2);
  let callerMemberId: string | null = null;
  const personId = caller && (await ownPerson(caller));
  if (caller && personId) {
    await call("grantConsent", "GrantConsentInput", { organizationId: T(), purpose: "居民議事會" }, caller);
    callerMemberId = await councils.seat(councilId, personId);
  }
  return { councilId, areaCode, members, callerMemberId };
}

async function step(headers: Record<string, string>, mutation: string, inputType: string, input: Record<string, unknown>): Promise<void> {
  const body = await call(mutation, inputType, input, headers);
  if (body.errors || body.data![mutation].userErrors.length) throw new Error(`setup ${mutation} failed: ${JSON.stringify(body)}`);
}

/** A proposal of `author`'s, taken as far as `until`: SUBMITTED, IN_DEBATE or VOTING (at a sitting with everyone present). */
async function proposalOfT(council: Awaited<ReturnType<typeof councilOfT>>, author: Record<string, string>, until: "DRAFT" | "SUBMITTED" | "IN_DEBATE" | "VOTING", extra: Record<string, unknown> = {}): Promise<{ proposalId: string; meetingId: string | null }> {
  const body = await call("createProposal", "CreateProposalInput", { councilId: council.councilId, title: unique("議題"), body: "內容", category: "OTHER", ...extra }, author);
  const proposalId = (body.data!.createProposal.proposal as { id: string }).id;
  if (until === "DRAFT") return { proposalId, meetingId: null };
  await step(author, "submitProposal", "SubmitProposalInput", { proposalId });
  if (until === "SUBMITTED") return { proposalId, meetingId: null };
  const seconder = council.members.find((member) => member.headers !== author)!;
  await step(seconder.headers, "secondProposal", "SecondProposalInput", { proposalId });
  await step(adminOfT(), "openDebate", "OpenDebateInput", { actingOrganizationId: T(), proposalId });
  if (until === "IN_DEBATE") return { proposalId, meetingId: null };
  const meetingId = await sittingOfT(council, [proposalId]);
  await step(adminOfT(), "openVoting", "OpenVotingInput", { actingOrganizationId: T(), proposalId, meetingId, secret: false });
  return { proposalId, meetingId };
}

/** A PROPOSED amendment of a proposal in debate, and a sitting in session with it on the agenda; put to the vote when `voting`. */
async function amendmentOfT(council: Awaited<ReturnType<typeof councilOfT>>, voting: boolean): Promise<{ amendmentId: string; meetingId: string }> {
  const { proposalId } = await proposalOfT(council, council.members[0].headers, "IN_DEBATE");
  const body = await call("proposeAmendment", "ProposeAmendmentInput", { proposalId, body: "修正後的內容" }, council.members[1].headers);
  const amendmentId = (body.data!.proposeAmendment.amendment as { id: string }).id;
  const meetingId = await sittingOfT(council, [proposalId]);
  if (voting) await step(adminOfT(), "openAmendmentVote", "OpenAmendmentVoteInput", { actingOrganizationId: T(), amendmentId, meetingId });
  return { amendmentId, meetingId };
}

/** A sitting of the council in session, every member present. */
async function sittingOfT(council: Awaited<ReturnType<typeof councilOfT>>, proposalIds: string[]): Promise<string> {
  const meetingId = (await as("T", "scheduleMeeting", "ScheduleMeetingInput", { actingOrganizationId: T(), councilId: council.councilId, title: unique("會議"), scheduledAt: inHours(1), proposalIds }))!;
  const memberIds = [...council.members.map((member) => member.memberId), ...(council.callerMemberId ? [council.callerMemberId] : [])];
  await step(adminOfT(), "recordAttendance", "RecordAttendanceInput", { actingOrganizationId: T(), meetingId, memberIds });
  return meetingId;
}

/** Makes the caller's own person a resident of `areaCode`, when they have one. */
async function residentOf(caller: Record<string, string>, areaCode: string): Promise<void> {
  const personId = await ownPerson(caller);
  if (personId) await server.dataSource.query(`UPDATE person SET home_area_code = $2 WHERE id = $1`, [keyOf(personId, "Person"), areaCode]);
}

/** A new request in T's community, routed to T (no rule covers OTHER there), as filed by anonymous residents. */
async function requestToT(): Promise<string> {
  const body = await call("fileResidentRequest", "FileResidentRequestInput", residentRequestInput(), {});
  const request = body.data?.fileResidentRequest.request as { id: string } | undefined;
  if (!request) throw new Error(`setup fileResidentRequest failed: ${JSON.stringify(body)}`);
  return request.id;
}
const residentRequestInput = () => ({
  category: "OTHER", description: unique("樓道燈壞了"), areaCode: "510107021001002", urgency: "NORMAL", preferredContact: "PHONE", contactValue: "13900001234", consentToKeepContact: true, identityVisibleToHandler: true,
});
/** A request of T's, accepted by T. */
async function acceptedRequestOfT(): Promise<string> {
  const requestId = await requestToT();
  await as("T", "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: T(), requestId, status: "ACCEPTED" });
  return requestId;
}
/** A request the caller filed, resolved by T: the caller may close it. An id of no request for callers who cannot have one. */
async function resolvedRequestOf(caller: Record<string, string>): Promise<string> {
  if (!(await ownPerson(caller))) return toGlobalId("ResidentRequest", randomUUID());
  const body = await call("fileResidentRequest", "FileResidentRequestInput", { ...residentRequestInput(), preferredContact: "IN_APP", contactValue: null }, caller);
  const requestId = (body.data!.fileResidentRequest.request as { id: string }).id;
  for (const status of ["ACCEPTED", "IN_PROGRESS", "RESOLVED"]) await as("T", "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: T(), requestId, status });
  return requestId;
}
const routingRuleInput = () => ({ actingOrganizationId: T(), areaPrefix: "510107021001004", category: "CULTURAL", organizationId: L() });
/** A key household on T's register, in its first grid. */
async function householdOfT(): Promise<string> {
  return (await as("T", "registerKeyHousehold", "RegisterKeyHouseholdInput", { actingOrganizationId: T(), code: unique("M").replace(/[^-A-Za-z0-9]/g, "").slice(-30), areaCode: "510107021001001", groups: ["ELDERLY"], visitEveryDays: 14 }))!;
}
/** A neighbourhood dispute T handles, accepted: it may go to mediation. */
async function acceptedDisputeOfT(): Promise<string> {
  const body = await call("fileResidentRequest", "FileResidentRequestInput", { ...residentRequestInput(), category: "NEIGHBOURHOOD_DISPUTE" }, {});
  const requestId = (body.data!.fileResidentRequest.request as { id: string }).id;
  await as("T", "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: T(), requestId, status: "ACCEPTED" });
  return requestId;
}
// C, the people's mediation committee T's admin founded (its OWNER); the member principal is a MEMBER of it too.
const C = () => org.committee;

/** A person who gave C their consent, registered by C. */
async function personOfC(): Promise<string> {
  return (await as("T", "registerPerson", "RegisterPersonInput", { actingOrganizationId: C(), displayName: unique("居民"), consent: { purpose: "人民調解" } }))!;
}

/** A person on C's roster of mediators. */
async function mediatorOfC(): Promise<string> {
  const personId = await personOfC();
  await as("T", "addMediator", "AddMediatorInput", { actingOrganizationId: C(), personId });
  return personId;
}

/** A case of C between L and E, APPLIED; ACCEPTED (both answered) with a mediator when `accepted`; IN_MEDIATION after a session when `mediating`. */
async function caseOfC(step: "applied" | "accepted" | "mediating" = "applied"): Promise<string> {
  const caseId = (await as("T", "fileMediationCase", "FileMediationCaseInput", {
    actingOrganizationId: C(), category: "CONSUMER", summary: unique("爭議"), areaCode: "510107021001", applicants: [{ organizationId: L() }], respondents: [{ organizationId: E() }],
  }))!;
  if (step === "applied") return caseId;
  const [{ l, e }] = await server.dataSource.query(
    `SELECT max(id::text) FILTER (WHERE organization_id = $2) AS l, max(id::text) FILTER (WHERE organization_id = $3) AS e FROM mediation_party WHERE case_id = $1`,
    [keyOf(caseId, "MediationCase"), keyOf(L(), "Organization"), keyOf(E(), "Organization")],
  );
  await as("L", "answerMediation", "AnswerMediationInput", { caseId, partyId: toGlobalId("MediationParty", l), agree: true });
  await as("E", "answerMediation", "AnswerMediationInput", { caseId, partyId: toGlobalId("MediationParty", e), agree: true });
  await as("T", "assignMediator", "AssignMediatorInput", { actingOrganizationId: C(), caseId, personId: await mediatorOfC() });
  if (step === "mediating") await as("T", "recordMediationSession", "RecordMediationSessionInput", { caseId, heldAt: new Date().toISOString(), place: "調解室" });
  return caseId;
}

/**
 * A case of C in which the caller (their own person, consenting to C) is the applicant against E, at `step`; with
 * the caller's party. Callers who cannot have a person get ids of nothing: the mutation refuses them first.
 */
async function callerCaseOfC(caller: Record<string, string>, step: "applied" | "accepted" | "mediating"): Promise<{ caseId: string; partyId: string }> {
  const personId = await ownPerson(caller);
  if (!personId) return { caseId: toGlobalId("MediationCase", randomUUID()), partyId: toGlobalId("MediationParty", randomUUID()) };
  // Already given (TAKEN) is as good.
  await call("grantConsent", "GrantConsentInput", { organizationId: C(), purpose: "人民調解" }, caller);
  const caseId = (await as("T", "fileMediationCase", "FileMediationCaseInput", {
    actingOrganizationId: C(), category: "NEIGHBOURS", summary: unique("噪音"), areaCode: "510107021001", applicants: [{ personId }], respondents: [{ organizationId: E() }],
  }))!;
  const [{ mine, e }] = await server.dataSource.query(
    `SELECT max(id::text) FILTER (WHERE person_id = $2) AS mine, max(id::text) FILTER (WHERE organization_id = $3) AS e FROM mediation_party WHERE case_id = $1`,
    [keyOf(caseId, "MediationCase"), keyOf(personId, "Person"), keyOf(E(), "Organization")],
  );
  const partyId = toGlobalId("MediationParty", mine);
  if (step === "applied") return { caseId, partyId };
  await call("answerMediation", "AnswerMediationInput", { caseId, partyId, agree: true }, caller);
  await as("E", "answerMediation", "AnswerMediationInput", { caseId, partyId: toGlobalId("MediationParty", e), agree: true });
  await as("T", "assignMediator", "AssignMediatorInput", { actingOrganizationId: C(), caseId, personId: await mediatorOfC() });
  if (step === "mediating") await as("T", "recordMediationSession", "RecordMediationSessionInput", { caseId, heldAt: new Date().toISOString(), place: "調解室" });
  return { caseId, partyId };
}

const CASES: Record<string, Case> = {
  issueAlert: { inputType: "AlertInput", rule: { role: "COORDINATOR", scope: "alerts" }, verified: true, prepare: async () => alertInput() },
  updateAlert: {
    inputType: "UpdateAlertInput",
    rule: { role: "COORDINATOR", scope: "alerts" },
    verified: true,
    prepare: async () => ({ ...alertInput(), alertId: await as("T", "issueAlert", "AlertInput", alertInput()), event: "暴雨演練（更新）" }),
  },
  cancelAlert: {
    inputType: "CancelAlertInput",
    rule: { role: "COORDINATOR", scope: "alerts" },
    verified: true,
    prepare: async () => ({ actingOrganizationId: T(), alertId: await as("T", "issueAlert", "AlertInput", alertInput()), reason: "演練結束" }),
  },
  signUp: { inputType: "SignUpInput", rule: { anyone: true }, prepare: async () => ({ email: `${unique("new")}@example.org`, displayName: "新用戶", password: "long enough password" }) },
  signIn: { inputType: "SignInInput", rule: { anyone: true }, prepare: async () => ({ email: "admin@qinggang-lin-party-committee.example.org", password: DEMO_PASSWORD }) },
  createOrganization: {
    inputType: "CreateOrganizationInput",
    rule: { person: true },
    prepare: async () => ({ kind: "NGO", name: "新組織", slug: unique("org"), areaCode: "510107" }),
  },
  updateOrganization: { inputType: "UpdateOrganizationInput", rule: { role: "ADMIN" }, prepare: async () => ({ id: T(), description: unique("說明") }) },
  createProject: {
    inputType: "CreateProjectInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), title: unique("專案"), category: "HEALTH", areaCode: "510107021001" }),
  },
  updateProject: { inputType: "UpdateProjectInput", rule: { role: "COORDINATOR" }, prepare: async () => ({ actingOrganizationId: T(), projectId: await openProject("T"), title: unique("新標題") }) },
  changeProjectStatus: {
    inputType: "ChangeProjectStatusInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), projectId: await openProject("T"), status: "ACTIVE" }),
  },
  invitePartner: {
    inputType: "InvitePartnerInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), projectId: await openProject("T"), organizationId: E(), role: "SPONSOR" }),
  },
  respondToInvitation: {
    inputType: "RespondToInvitationInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => {
      const projectId = await openProject("L");
      await as("L", "invitePartner", "InvitePartnerInput", { actingOrganizationId: L(), projectId, organizationId: T(), role: "PARTNER" });
      return { actingOrganizationId: T(), projectId, accept: true };
    },
  },
  leaveProject: {
    inputType: "LeaveProjectInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => {
      const projectId = await openProject("L");
      await as("L", "invitePartner", "InvitePartnerInput", { actingOrganizationId: L(), projectId, organizationId: T(), role: "PARTNER" });
      await as("T", "respondToInvitation", "RespondToInvitationInput", { actingOrganizationId: T(), projectId, accept: true });
      return { actingOrganizationId: T(), projectId };
    },
  },
  postNeed: {
    inputType: "PostNeedInput",
    rule: { role: "COORDINATOR", scope: "write:needs" },
    prepare: async () => ({ actingOrganizationId: T(), projectId: await openProject("T"), category: "FOOD", title: "飯盒", quantity: 50, unit: "份", urgency: "HIGH", neededBy: inHours(12) }),
  },
  updateNeed: { inputType: "UpdateNeedInput", rule: { role: "COORDINATOR", scope: "write:needs" }, prepare: async () => ({ actingOrganizationId: T(), needId: await need("T"), title: unique("改") }) },
  cancelNeed: { inputType: "CancelNeedInput", rule: { role: "COORDINATOR", scope: "write:needs" }, prepare: async () => ({ actingOrganizationId: T(), needId: await need("T"), reason: "不再需要" }) },
  pledge: { inputType: "PledgeInput", rule: { role: "MEMBER", scope: "write:pledges" }, prepare: async () => ({ actingOrganizationId: T(), needId: await need("L"), quantity: 1 }) },
  withdrawPledge: {
    inputType: "WithdrawPledgeInput",
    rule: { role: "MEMBER", scope: "write:pledges" },
    prepare: async () => {
      const pledgeId = await as("T", "pledge", "PledgeInput", { actingOrganizationId: T(), needId: await need("L"), quantity: 2 });
      return { actingOrganizationId: T(), pledgeId };
    },
  },
  recordDelivery: {
    inputType: "RecordDeliveryInput",
    rule: { role: "MEMBER", scope: "write:pledges" },
    prepare: async () => {
      const pledgeId = await as("T", "pledge", "PledgeInput", { actingOrganizationId: T(), needId: await need("L"), quantity: 2 });
      await as("L", "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: L(), pledgeId });
      return { actingOrganizationId: T(), pledgeId, quantity: 1 };
    },
  },
  declareCapacities: {
    inputType: "DeclareCapacitiesInput",
    rule: { role: "COORDINATOR", scope: "write:pledges" },
    prepare: async () => ({ actingOrganizationId: T(), capacities: [{ category: "FOOD", areaCode: "510107021", quantity: 100, unit: "份" }] }),
  },
  acceptPledge: {
    inputType: "AcceptPledgeInput",
    rule: { role: "COORDINATOR", scope: "write:pledges" },
    prepare: async () => ({ actingOrganizationId: T(), pledgeId: await as("E", "pledge", "PledgeInput", { actingOrganizationId: E(), needId: await need("T"), quantity: 3 }) }),
  },
  declinePledge: {
    inputType: "DeclinePledgeInput",
    rule: { role: "COORDINATOR", scope: "write:pledges" },
    prepare: async () => ({ actingOrganizationId: T(), pledgeId: await as("E", "pledge", "PledgeInput", { actingOrganizationId: E(), needId: await need("T"), quantity: 3 }), reason: "已足夠" }),
  },
  addMember: { inputType: "AddMemberInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), email: (await newUser()).email, role: "MEMBER" }) },
  changeMemberRole: { inputType: "ChangeMemberRoleInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), userId: await memberOfT(), role: "COORDINATOR" }) },
  removeMember: { inputType: "RemoveMemberInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), userId: await memberOfT() }) },
  createApiKey: { inputType: "CreateApiKeyInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), name: unique("key"), scopes: ["READ"] }) },
  revokeApiKey: {
    inputType: "RevokeApiKeyInput",
    rule: { role: "ADMIN" },
    prepare: async () => ({ actingOrganizationId: T(), apiKeyId: await as("T", "createApiKey", "CreateApiKeyInput", { actingOrganizationId: T(), name: unique("key"), scopes: ["READ"] }) }),
  },
  createWebhookEndpoint: { inputType: "CreateWebhookEndpointInput", rule: { role: "ADMIN", scope: "webhooks" }, prepare: async () => ({ actingOrganizationId: T(), ...webhookInput() }) },
  updateWebhookEndpoint: {
    inputType: "UpdateWebhookEndpointInput",
    rule: { role: "ADMIN", scope: "webhooks" },
    prepare: async () => ({ actingOrganizationId: T(), endpointId: await webhookOfT(), active: false }),
  },
  deleteWebhookEndpoint: { inputType: "DeleteWebhookEndpointInput", rule: { role: "ADMIN", scope: "webhooks" }, prepare: async () => ({ actingOrganizationId: T(), endpointId: await webhookOfT() }) },
  rotateWebhookSecret: { inputType: "RotateWebhookSecretInput", rule: { role: "ADMIN", scope: "webhooks" }, prepare: async () => ({ actingOrganizationId: T(), endpointId: await webhookOfT() }) },
  answerParentRequest: {
    inputType: "AnswerParentRequestInput",
    rule: { role: "ADMIN" },
    prepare: async () => {
      const organizationId = await ngoInT();
      await as("E", "updateOrganization", "UpdateOrganizationInput", { id: organizationId, parentId: T() });
      return { actingOrganizationId: T(), organizationId, accept: true };
    },
  },
  verifyOrganization: { inputType: "VerifyOrganizationInput", rule: { role: "ADMIN" }, verified: true, prepare: async () => ({ actingOrganizationId: T(), organizationId: await ngoInT(), note: "核實" }) },
  revokeVerification: {
    inputType: "RevokeVerificationInput",
    rule: { role: "ADMIN" },
    verified: true,
    prepare: async () => {
      const organizationId = await ngoInT();
      await as("T", "verifyOrganization", "VerifyOrganizationInput", { actingOrganizationId: T(), organizationId });
      return { actingOrganizationId: T(), organizationId, note: "撤銷" };
    },
  },
  redeliverWebhookDelivery: { inputType: "RedeliverWebhookDeliveryInput", rule: { role: "ADMIN", scope: "webhooks" }, prepare: async () => ({ actingOrganizationId: T(), deliveryId: await failedDeliveryOfT() }) },
  registerMyself: {
    inputType: "RegisterMyselfInput",
    rule: { person: true },
    prepare: async (caller) => {
      // One person per account: one registered before is erased first, which unlinks it.
      if (await ownPerson(caller)) await call("requestErasure", "RequestErasureInput", {}, caller);
      return { displayName: "新志願者" };
    },
  },
  updateMyProfile: { inputType: "UpdateMyProfileInput", rule: { person: true }, prepare: async (caller) => (await ownPerson(caller), { about: unique("週末有空") }) },
  grantConsent: { inputType: "GrantConsentInput", rule: { person: true }, prepare: async (caller) => (await ownPerson(caller), { organizationId: T(), purpose: "志願服務聯絡" }) },
  withdrawConsent: { inputType: "WithdrawConsentInput", rule: { person: true }, prepare: async (caller) => (await ownPersonInT(caller), { organizationId: T() }) },
  requestErasure: { inputType: "RequestErasureInput", rule: { person: true }, prepare: async (caller) => (await ownPerson(caller), {}) },
  leaveTeam: { inputType: "LeaveTeamInput", rule: { person: true }, prepare: async (caller) => (await ownPersonInT(caller), { organizationId: T() }) },
  registerPerson: { inputType: "RegisterPersonInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), displayName: unique("志願者"), consent: { purpose: "志願服務聯絡" } }) },
  updatePerson: { inputType: "UpdatePersonInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), personId: await personOfT(), about: "已核對" }) },
  recordConsentWithdrawal: { inputType: "RecordConsentWithdrawalInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), personId: await personOfT() }) },
  erasePerson: { inputType: "ErasePersonInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), personId: await personOfT() }) },
  addTeamMember: { inputType: "AddTeamMemberInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), personId: await personOfT(), role: "MEMBER" }) },
  changeTeamMemberRole: { inputType: "ChangeTeamMemberRoleInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), personId: await personOfT(true), role: "TEAM_LEADER" }) },
  removeTeamMember: { inputType: "RemoveTeamMemberInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), personId: await personOfT(true) }) },
  createActivity: {
    inputType: "CreateActivityInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), kind: "HEALTH_TALK", title: unique("健康講座"), areaCode: "510107021", shifts: [{ startsAt: inHours(24), endsAt: inHours(25), capacity: 40 }] }),
  },
  changeActivityStatus: { inputType: "ChangeActivityStatusInput", rule: { role: "COORDINATOR" }, prepare: async () => ({ actingOrganizationId: T(), activityId: await activityOfT(), status: "PUBLISHED" }) },
  signUpForShift: { inputType: "SignUpForShiftInput", rule: { person: true }, prepare: async (caller) => (await ownPerson(caller), { shiftId: await shiftOfT() }) },
  cancelSignUp: { inputType: "CancelSignUpInput", rule: { person: true }, prepare: async (caller) => ({ signUpId: await signUpOf(caller) }) },
  checkIn: { inputType: "CheckInInput", rule: { person: true }, prepare: async (caller) => ({ signUpId: await signUpOf(caller, true) }) },
  checkOut: {
    inputType: "CheckOutInput",
    rule: { person: true },
    prepare: async (caller) => {
      const signUpId = await signUpOf(caller, true);
      await call("checkIn", "CheckInInput", { signUpId }, caller);
      return { signUpId };
    },
  },
  setPointsRule: { inputType: "SetPointsRuleInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), kind: "SPORTS", pointsPerHour: 5 }) },
  fundPointsPool: { inputType: "FundPointsPoolInput", rule: { role: "ADMIN" }, verified: true, prepare: async () => ({ actingOrganizationId: T(), organizationId: E(), points: 100 }) },
  createReward: { inputType: "CreateRewardInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), name: unique("毛巾"), pointsPrice: 10, stock: 3 }) },
  redeemReward: { inputType: "RedeemRewardInput", rule: { person: true }, prepare: async (caller) => ({ rewardId: toGlobalId("Reward", keyOf(await affordableRewardOfT(caller), "Reward")) }) },
  reversePointsEntry: {
    inputType: "ReversePointsEntryInput",
    rule: { role: "ADMIN" },
    prepare: async () => ({ actingOrganizationId: T(), entryId: (await fundT(5))!, reason: "重複發放" }),
  },
  recordHours: { inputType: "RecordHoursInput", rule: { role: "COORDINATOR" }, prepare: async () => ({ actingOrganizationId: T(), signUpId: await startedSignUpInT(), hours: 1.5 }) },
  verifyHours: {
    inputType: "VerifyHoursInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => {
      const signUpId = await startedSignUpInT();
      await as("T", "recordHours", "RecordHoursInput", { actingOrganizationId: T(), signUpId, hours: 1.5 });
      return { actingOrganizationId: T(), signUpId };
    },
  },
  createService: {
    inputType: "CreateServiceInput",
    rule: { role: "ADMIN" },
    prepare: async () => ({ actingOrganizationId: T(), name: unique("服務"), categories: ["MEDICAL"], targetGroups: ["ELDERLY"], isFree: true }),
  },
  updateService: { inputType: "UpdateServiceInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), serviceId: await serviceOfT(), description: unique("說明") }) },
  retireService: { inputType: "RetireServiceInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), serviceId: await serviceOfT() }) },
  createServiceLocation: {
    inputType: "CreateServiceLocationInput",
    rule: { role: "ADMIN" },
    prepare: async () => ({ actingOrganizationId: T(), name: unique("地點"), address: "青杠林路12號", areaCode: "510107021001", latitude: 30.6432, longitude: 104.0452 }),
  },
  updateServiceLocation: { inputType: "UpdateServiceLocationInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), locationId: await locationOfT(), accessibility: "輪椅可達" }) },
  retireServiceLocation: { inputType: "RetireServiceLocationInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), locationId: await locationOfT() }) },
  addServiceSchedule: { inputType: "AddServiceScheduleInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), serviceId: await serviceOfT(), ...weeklyHours }) },
  updateServiceSchedule: { inputType: "UpdateServiceScheduleInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), scheduleId: await scheduleOfT(), closesAt: "12:00" }) },
  removeServiceSchedule: { inputType: "RemoveServiceScheduleInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), scheduleId: await scheduleOfT() }) },
  createCouncil: {
    inputType: "CreateCouncilInput",
    rule: { role: "ADMIN" },
    verified: true,
    prepare: async () => ({
      actingOrganizationId: T(), name: "網格議事會", areaCode: await councils.freshArea(), quorumPercent: 50, majorityRule: "SIMPLE", petitionSignatures: 10, secondingDays: 7, debateDays: 7, votingHours: 24,
    }),
  },
  addCouncilMember: {
    inputType: "AddCouncilMemberInput",
    rule: { role: "ADMIN" },
    prepare: async () => ({ actingOrganizationId: T(), councilId: (await councils.council()).id, personId: await personOfT(), termStartsOn: "2026-01-01", termEndsOn: "2028-12-31" }),
  },
  scheduleMeeting: {
    inputType: "ScheduleMeetingInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), councilId: (await councils.council()).id, title: "月度議事", scheduledAt: inHours(24), proposalIds: [] }),
  },
  recordAttendance: {
    inputType: "RecordAttendanceInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => {
      const council = await councilOfT();
      const meetingId = await as("T", "scheduleMeeting", "ScheduleMeetingInput", { actingOrganizationId: T(), councilId: council.councilId, title: "月度議事", scheduledAt: inHours(1), proposalIds: [] });
      return { actingOrganizationId: T(), meetingId, memberIds: council.members.map((member) => member.memberId) };
    },
  },
  recordMinutes: {
    inputType: "RecordMinutesInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), meetingId: await sittingOfT(await councilOfT(), []), minutes: "會議紀要" }),
  },
  openDebate: {
    inputType: "OpenDebateInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => {
      const council = await councilOfT();
      const { proposalId } = await proposalOfT(council, council.members[0].headers, "SUBMITTED");
      await step(council.members[1].headers, "secondProposal", "SecondProposalInput", { proposalId });
      return { actingOrganizationId: T(), proposalId };
    },
  },
  openVoting: {
    inputType: "OpenVotingInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => {
      const council = await councilOfT();
      const { proposalId } = await proposalOfT(council, council.members[0].headers, "IN_DEBATE");
      return { actingOrganizationId: T(), proposalId, meetingId: await sittingOfT(council, [proposalId]), secret: true };
    },
  },
  closeVote: {
    inputType: "CloseVoteInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => {
      const council = await councilOfT();
      return { actingOrganizationId: T(), proposalId: (await proposalOfT(council, council.members[0].headers, "VOTING")).proposalId };
    },
  },
  startProjectFromProposal: {
    inputType: "StartProjectFromProposalInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => {
      const council = await councilOfT();
      const { proposalId } = await proposalOfT(council, council.members[0].headers, "VOTING", { leadOrganizationId: T() });
      for (const member of council.members) await step(member.headers, "castVote", "CastVoteInput", { proposalId, choice: "FOR" });
      await step(adminOfT(), "closeVote", "CloseVoteInput", { actingOrganizationId: T(), proposalId });
      return { actingOrganizationId: T(), proposalId };
    },
  },
  createProposal: {
    inputType: "CreateProposalInput",
    rule: { person: true },
    prepare: async (caller) => ({ councilId: (await councilOfT(caller)).councilId, title: "增設休閒座椅", body: "在小區花園增設座椅。", category: "PUBLIC_SERVICES" }),
  },
  signPetition: {
    inputType: "SignPetitionInput",
    rule: { person: true },
    prepare: async (caller) => {
      const council = await councilOfT();
      const [starter] = await councils.consentingResidents(1, council.areaCode);
      await residentOf(caller, council.areaCode);
      const body = await call("createProposal", "CreateProposalInput", { councilId: council.councilId, title: "聯名提議", body: "內容", category: "OTHER", byPetition: true }, starter.headers);
      return { proposalId: (body.data!.createProposal.proposal as { id: string }).id };
    },
  },
  submitProposal: {
    inputType: "SubmitProposalInput",
    rule: { person: true },
    prepare: async (caller) => {
      const council = await councilOfT(caller);
      // A caller who cannot propose gets someone else's draft: refused before it matters.
      return { proposalId: (await proposalOfT(council, council.callerMemberId ? caller : council.members[0].headers, "DRAFT")).proposalId };
    },
  },
  secondProposal: {
    inputType: "SecondProposalInput",
    rule: { person: true },
    prepare: async (caller) => {
      const council = await councilOfT(caller);
      return { proposalId: (await proposalOfT(council, council.members[0].headers, "SUBMITTED")).proposalId };
    },
  },
  withdrawProposal: {
    inputType: "WithdrawProposalInput",
    rule: { person: true },
    prepare: async (caller) => {
      const council = await councilOfT(caller);
      return { proposalId: (await proposalOfT(council, council.callerMemberId ? caller : council.members[0].headers, "DRAFT")).proposalId };
    },
  },
  commentOnProposal: {
    inputType: "CommentOnProposalInput",
    rule: { person: true },
    prepare: async (caller) => {
      await ownPerson(caller);
      const council = await councilOfT();
      return { proposalId: (await proposalOfT(council, council.members[0].headers, "IN_DEBATE")).proposalId, body: "贊成，請盡快實施。" };
    },
  },
  proposeAmendment: {
    inputType: "ProposeAmendmentInput",
    rule: { person: true },
    prepare: async (caller) => {
      const council = await councilOfT(caller);
      return { proposalId: (await proposalOfT(council, council.members[0].headers, "IN_DEBATE")).proposalId, body: "修正後的內容" };
    },
  },
  answerAmendment: {
    inputType: "AnswerAmendmentInput",
    rule: { person: true },
    prepare: async (caller) => {
      const council = await councilOfT(caller);
      const { proposalId } = await proposalOfT(council, council.callerMemberId ? caller : council.members[0].headers, "IN_DEBATE");
      const body = await call("proposeAmendment", "ProposeAmendmentInput", { proposalId, body: "修正後的內容" }, council.members[1].headers);
      return { amendmentId: (body.data!.proposeAmendment.amendment as { id: string }).id, accept: true };
    },
  },
  openAmendmentVote: {
    inputType: "OpenAmendmentVoteInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), ...(await amendmentOfT(await councilOfT(), false)) }),
  },
  castAmendmentVote: {
    inputType: "CastAmendmentVoteInput",
    rule: { person: true },
    prepare: async (caller) => ({ amendmentId: (await amendmentOfT(await councilOfT(caller), true)).amendmentId, choice: "FOR" }),
  },
  closeAmendmentVote: {
    inputType: "CloseAmendmentVoteInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), amendmentId: (await amendmentOfT(await councilOfT(), true)).amendmentId }),
  },
  castVote: {
    inputType: "CastVoteInput",
    rule: { person: true },
    prepare: async (caller) => {
      const council = await councilOfT(caller);
      return { proposalId: (await proposalOfT(council, council.members[0].headers, "VOTING")).proposalId, choice: "ABSTAIN" };
    },
  },
  fileResidentRequest: { inputType: "FileResidentRequestInput", rule: { anyoneButKeys: true }, prepare: async () => residentRequestInput() },
  changeResidentRequestStatus: {
    inputType: "ChangeResidentRequestStatusInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), requestId: await requestToT(), status: "ACCEPTED" }),
  },
  assignResidentRequest: {
    inputType: "AssignResidentRequestInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), requestId: await acceptedRequestOfT(), teamId: org["qinggang-lin-party-volunteers"] }),
  },
  transferResidentRequest: {
    inputType: "TransferResidentRequestInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), requestId: await requestToT(), organizationId: L(), reason: "醫療問題" }),
  },
  linkResidentRequestToProject: {
    inputType: "LinkResidentRequestToProjectInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), requestId: await acceptedRequestOfT(), projectId: await openProject("T") }),
  },
  postNeedFromResidentRequest: {
    inputType: "PostNeedFromResidentRequestInput",
    rule: { role: "COORDINATOR", scope: "write:needs" },
    prepare: async () => ({
      actingOrganizationId: T(), requestId: await acceptedRequestOfT(), projectId: await openProject("T"), category: "OTHER", title: unique("需求"), quantity: 1, unit: "次", urgency: "NORMAL", neededBy: inHours(24),
    }),
  },
  setRequestRoutingRule: { inputType: "SetRequestRoutingRuleInput", rule: { role: "COORDINATOR" }, verified: true, prepare: async () => routingRuleInput() },
  removeRequestRoutingRule: {
    inputType: "RemoveRequestRoutingRuleInput",
    rule: { role: "COORDINATOR" },
    verified: true,
    prepare: async () => ({ actingOrganizationId: T(), ruleId: await as("T", "setRequestRoutingRule", "SetRequestRoutingRuleInput", routingRuleInput()) }),
  },
  closeOwnResidentRequest: {
    mutation: "changeResidentRequestStatus",
    inputType: "ChangeResidentRequestStatusInput",
    rule: { person: true },
    prepare: async (caller) => ({ requestId: await resolvedRequestOf(caller), status: "CLOSED" }),
  },
  // A resident rates their own resolved request online; a member of the handler enters an anonymous resident's rating from a call.
  giveFeedback: { inputType: "GiveFeedbackInput", rule: { person: true }, prepare: async (caller) => ({ requestId: await resolvedRequestOf(caller), stars: 4, channel: "ONLINE" }) },
  enterFeedback: {
    mutation: "giveFeedback",
    inputType: "GiveFeedbackInput",
    rule: { role: "MEMBER" },
    prepare: async () => {
      const requestId = await requestToT();
      for (const status of ["ACCEPTED", "IN_PROGRESS", "RESOLVED"]) await as("T", "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: T(), requestId, status });
      return { actingOrganizationId: T(), requestId, stars: 3, comment: "電話回訪", channel: "PHONE" };
    },
  },
  addMediator: { inputType: "AddMediatorInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: C(), personId: await personOfC() }) },
  declareMediatorRelation: {
    inputType: "DeclareMediatorRelationInput",
    rule: { role: "ADMIN" },
    prepare: async () => ({ actingOrganizationId: C(), personId: await mediatorOfC(), related: { organizationId: E() }, note: "曾任職" }),
  },
  fileMediationCase: {
    inputType: "FileMediationCaseInput",
    rule: { role: "ADMIN" },
    prepare: async () => ({ actingOrganizationId: C(), category: "LABOUR", summary: unique("欠薪"), areaCode: "510107021001", applicants: [{ personId: await personOfC() }], respondents: [{ organizationId: E() }] }),
  },
  declineMediationCase: { inputType: "DeclineMediationCaseInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: C(), caseId: await caseOfC(), reason: "不屬受理範圍" }) },
  assignMediator: { inputType: "AssignMediatorInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: C(), caseId: await caseOfC(), personId: await mediatorOfC() }) },
  recordMediationSession: { inputType: "RecordMediationSessionInput", rule: { role: "ADMIN" }, prepare: async () => ({ caseId: await caseOfC("accepted"), heldAt: new Date().toISOString(), place: "調解室" }) },
  proposeAgreementTerms: { inputType: "ProposeMediationTermsInput", rule: { role: "ADMIN" }, prepare: async () => ({ caseId: await caseOfC("mediating"), terms: "退還貨款" }) },
  proposeMediationExtension: { inputType: "ProposeMediationExtensionInput", rule: { role: "ADMIN" }, prepare: async () => ({ caseId: await caseOfC("accepted"), days: 10 }) },
  concludeMediation: { inputType: "ConcludeMediationInput", rule: { role: "ADMIN" }, prepare: async () => ({ caseId: await caseOfC("mediating"), outcome: "NO_AGREEMENT", referral: "COURT" }) },
  answerMediation: { inputType: "AnswerMediationInput", rule: { person: true }, prepare: async (caller) => ({ ...(await callerCaseOfC(caller, "applied")), agree: true }) },
  withdrawMediationCase: { inputType: "WithdrawMediationCaseInput", rule: { person: true }, prepare: async (caller) => callerCaseOfC(caller, "applied") },
  signMediationAgreement: {
    inputType: "SignMediationAgreementInput",
    rule: { person: true },
    prepare: async (caller) => {
      const input = await callerCaseOfC(caller, "mediating");
      if (await ownPerson(caller)) await as("T", "proposeAgreementTerms", "ProposeMediationTermsInput", { caseId: input.caseId, terms: "互相諒解" });
      return input;
    },
  },
  agreeToMediationExtension: {
    inputType: "AgreeToMediationExtensionInput",
    rule: { person: true },
    prepare: async (caller) => {
      const input = await callerCaseOfC(caller, "accepted");
      if (await ownPerson(caller)) await as("T", "proposeMediationExtension", "ProposeMediationExtensionInput", { caseId: input.caseId, days: 10 });
      return input;
    },
  },
  registerKeyHousehold: {
    inputType: "RegisterKeyHouseholdInput",
    rule: { role: "ADMIN" },
    prepare: async () => ({ actingOrganizationId: T(), code: unique("R").replace(/[^-A-Za-z0-9]/g, "").slice(-30), areaCode: "510107021001002", groups: ["DISABLED"], needs: "需要康復器材", visitEveryDays: 30 }),
  },
  updateKeyHousehold: { inputType: "UpdateKeyHouseholdInput", rule: { role: "ADMIN" }, prepare: async () => ({ actingOrganizationId: T(), householdId: await householdOfT(), needs: "需要助浴" }) },
  planHouseholdVisit: { inputType: "PlanHouseholdVisitInput", rule: { role: "MEMBER" }, prepare: async () => ({ actingOrganizationId: T(), householdId: await householdOfT() }) },
  recordHouseholdVisit: {
    inputType: "RecordHouseholdVisitInput",
    rule: { role: "MEMBER" },
    prepare: async () => ({ actingOrganizationId: T(), householdId: await householdOfT(), visitedAt: new Date().toISOString(), visitorPersonIds: [await personOfT()], findings: "一切安好" }),
  },
  referResidentRequestToMediation: {
    inputType: "ReferResidentRequestToMediationInput",
    rule: { role: "COORDINATOR" },
    prepare: async () => ({ actingOrganizationId: T(), requestId: await acceptedDisputeOfT(), committeeId: C(), respondents: [{ organizationId: E() }] }),
  },
  requestMediatorReplacement: {
    inputType: "RequestMediatorReplacementInput",
    rule: { person: true },
    prepare: async (caller) => {
      const input = await callerCaseOfC(caller, "accepted");
      const rows: { id: string }[] = (await ownPerson(caller)) ? await server.dataSource.query(`SELECT id FROM mediation_assignment WHERE case_id = $1`, [keyOf(input.caseId, "MediationCase")]) : [{ id: randomUUID() }];
      return { ...input, assignmentId: toGlobalId("MediationAssignment", rows[0].id), reason: "希望更換" };
    },
  },
};

const bearer = (credential: string) => async () => ({ authorization: `Bearer ${credential}` });
const credentials: Record<string, string> = {};

const PRINCIPALS: Record<string, Principal> = {
  anonymous: { is: { anonymous: true }, headers: async () => ({}) },
  "expired token": { is: { invalid: true }, headers: async () => bearer(credentials.expired)() },
  "tampered token": { is: { invalid: true }, headers: async () => bearer(credentials.tampered)() },
  "revoked key": { is: { invalid: true }, headers: async () => bearer(credentials.revoked)() },
  "read-only key": { is: { key: ["read"] }, headers: async () => bearer(credentials.readOnly)() },
  "webhooks key": { is: { key: ["webhooks"] }, headers: async () => bearer(credentials.webhooks)() },
  "member of an unrelated organisation": { is: { person: null }, headers: async () => bearer(tokens.U)() },
  member: { is: { person: "MEMBER" }, headers: async () => bearer(credentials.member)() },
  admin: { is: { person: "ADMIN" }, headers: async () => bearer(tokens.T)() },
};

function expectedToPass(rule: Rule, principal: Principal["is"]): boolean {
  if ("invalid" in principal) return false;
  if ("anyone" in rule) return true;
  if ("anyoneButKeys" in rule) return !("key" in principal);
  if ("anonymous" in principal) return false;
  if ("person" in rule) return "person" in principal;
  if ("key" in principal) return rule.scope !== undefined && principal.key.includes(rule.scope);
  return principal.person !== null && RANK[principal.person] >= RANK[rule.role];
}

beforeAll(async () => {
  // Webhook endpoints point at a closed local port: allowed here, and never answered.
  server = await startTestServer({ demoData: true, config: { webhooks: { allowPrivateAddresses: true, maxAttempts: 1, retryBaseMs: 60_000, timeoutMs: 1_000, retentionDays: 30 } } });
  org = await organizationIds(server, ["qinggang-lin-health-station", "qinggang-lin-party-committee", "shujin-construction", "jinhua-property", "qinggang-lin-party-volunteers"]);
  for (const [name, slug] of [["T", "qinggang-lin-party-committee"], ["L", "qinggang-lin-health-station"], ["E", "shujin-construction"], ["U", "jinhua-property"]]) {
    tokens[name] = await server.signIn(`admin@${slug}.example.org`);
  }
  const member = await newUser();
  await as("T", "addMember", "AddMemberInput", { actingOrganizationId: T(), email: member.email, role: "MEMBER" });
  credentials.member = await server.signIn(member.email, "long enough password");
  org.committee = (await as("T", "createOrganization", "CreateOrganizationInput", { kind: "MEDIATION_COMMITTEE", name: "青杠林社區人民調解委員會", slug: unique("mediation"), areaCode: "510107021001" }))!;
  await as("T", "addMember", "AddMemberInput", { actingOrganizationId: C(), email: member.email, role: "MEMBER" });
  const readOnly = await call("createApiKey", "CreateApiKeyInput", { actingOrganizationId: T(), name: "只讀", scopes: ["READ"] }, { authorization: `Bearer ${tokens.T}` });
  credentials.readOnly = readOnly.data!.createApiKey.secret as string;
  const webhooks = await call("createApiKey", "CreateApiKeyInput", { actingOrganizationId: T(), name: "網絡鉤子", scopes: ["WEBHOOKS"] }, { authorization: `Bearer ${tokens.T}` });
  credentials.webhooks = webhooks.data!.createApiKey.secret as string;
  const revoked = await call("createApiKey", "CreateApiKeyInput", { actingOrganizationId: T(), name: "將撤銷", scopes: ["READ", "WRITE_NEEDS", "WRITE_PLEDGES"] }, { authorization: `Bearer ${tokens.T}` });
  credentials.revoked = revoked.data!.createApiKey.secret as string;
  await as("T", "revokeApiKey", "RevokeApiKeyInput", { actingOrganizationId: T(), apiKeyId: (revoked.data!.createApiKey.apiKey as { id: string }).id });
  const [{ id: adminId }] = await server.dataSource.query(`SELECT id FROM app_user WHERE email = 'admin@qinggang-lin-party-committee.example.org'`);
  credentials.expired = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(adminId)
    .setIssuer("cogov")
    .setAudience("cogov-api")
    .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
    .sign(new TextEncoder().encode(server.jwtSecret));
  const [header, payload, signature] = tokens.T.split(".");
  credentials.tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
});
afterAll(() => server.close());

describe("who may call each mutation", () => {
  it("has a rule for every mutation in the schema", async () => {
    const mutations = Object.keys((await buildFederatedSchema()).getMutationType()!.getFields()).sort();
    expect([...new Set(Object.entries(CASES).map(([row, spec]) => spec.mutation ?? row))].sort()).toEqual(mutations);
  });

  const matrix = Object.entries(CASES).flatMap(([mutation, spec]) => Object.keys(PRINCIPALS).map((principal) => [mutation, principal, spec] as const));

  it.each(matrix)("%s by %s", async (row, principalName, spec) => {
    const mutation = spec.mutation ?? row;
    const principal = PRINCIPALS[principalName];
    const headers = await principal.headers();
    const input = await spec.prepare(headers);
    const body = await call(mutation, spec.inputType, input, headers);
    if (expectedToPass(spec.rule, principal.is)) {
      expect(body.errors).toBeUndefined();
      expect(body.data![mutation].userErrors).toEqual([]);
    } else {
      expect(body.errors).toHaveLength(1);
      const expectedCode = "anonymous" in principal.is || "invalid" in principal.is ? "UNAUTHENTICATED" : "FORBIDDEN";
      expect(body.errors![0].extensions!.code).toBe(expectedCode);
      expect(body.errors![0].message.length).toBeGreaterThan(15);
    }
  });

  // The council's mutations again over graphql-ws: the same rule holds on a WebSocket as over HTTP.
  const COUNCIL_MUTATIONS = ["createCouncil", "addCouncilMember", "scheduleMeeting", "recordAttendance", "recordMinutes", "openDebate", "openVoting", "closeVote", "startProjectFromProposal",
    "createProposal", "signPetition", "submitProposal", "secondProposal", "withdrawProposal", "commentOnProposal", "proposeAmendment", "answerAmendment", "castVote", "openAmendmentVote", "castAmendmentVote", "closeAmendmentVote"];
  const SOCKET_PRINCIPALS = ["anonymous", "read-only key", "member of an unrelated organisation", "member", "admin"];
  const overSockets = COUNCIL_MUTATIONS.flatMap((mutation) => SOCKET_PRINCIPALS.map((principal) => [mutation, principal, CASES[mutation]] as const));
  it.each(overSockets)("%s over a WebSocket by %s", async (mutation, principalName, spec) => {
    const principal = PRINCIPALS[principalName];
    const headers = await principal.headers();
    const input = await spec.prepare(headers);
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers });
    try {
      const body = await new Promise<{ data?: Record<string, { userErrors: unknown[] }> | null; errors?: readonly { extensions?: { code?: unknown } }[] }>((resolve, reject) => {
        let answer: unknown;
        client.subscribe(
          { query: `mutation ($input: ${spec.inputType}!) { ${mutation}(input: $input) { userErrors { code message } } }`, variables: { input } },
          { next: (value) => (answer = value), error: reject, complete: () => resolve(answer as never) },
        );
      });
      if (expectedToPass(spec.rule, principal.is)) {
        expect(body.errors).toBeUndefined();
        expect(body.data![mutation].userErrors).toEqual([]);
      } else {
        expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["anonymous" in principal.is ? "UNAUTHENTICATED" : "FORBIDDEN"]);
      }
    } finally {
      await client.dispose();
    }
  });

  // The verified / unverified dimension: T's admin again, with T unverified for the call alone.
  const actingForT = Object.entries(CASES).filter(([mutation]) => !["signUp", "signIn", "createOrganization"].includes(mutation));
  it.each(actingForT)("%s by the admin of an unverified acting organisation", async (row, spec) => {
    const mutation = spec.mutation ?? row;
    const input = await spec.prepare(await PRINCIPALS.admin.headers());
    await server.dataSource.query(`UPDATE organization SET verification_status = 'UNVERIFIED' WHERE slug = 'qinggang-lin-party-committee'`);
    try {
      const body = await call(mutation, spec.inputType, input, await PRINCIPALS.admin.headers());
      expect(body.errors).toBeUndefined();
      expect(body.data![mutation].userErrors.map((error) => error.code)).toEqual(spec.verified ? ["NOT_PERMITTED"] : []);
    } finally {
      await server.dataSource.query(`UPDATE organization SET verification_status = 'VERIFIED' WHERE slug = 'qinggang-lin-party-committee'`);
    }
  });

  it("recorded no change by the unrelated organisation's admin for anyone else", async () => {
    const [{ count }] = await server.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_entry a JOIN app_user u ON u.id = a.actor_user_id
       WHERE u.email = 'admin@jinhua-property.example.org' AND a.organization_id <> (SELECT id FROM organization WHERE slug = 'jinhua-property')
         AND a.action NOT IN ('createOrganization')`,
    );
    expect(count).toBe(0);
  });
});

describe("who may read what recognition holds", () => {
  /** Readers of a person T holds: T's admins (HOLDER_ADMIN) read the record, T's members and keys (HOLDER) do not (auth/person-privacy.ts). */
  const RECORD_READERS: Record<string, "read" | "UNAUTHENTICATED" | "FORBIDDEN"> = {
    anonymous: "UNAUTHENTICATED",
    "expired token": "UNAUTHENTICATED",
    "tampered token": "UNAUTHENTICATED",
    "revoked key": "UNAUTHENTICATED",
    "read-only key": "FORBIDDEN",
    "webhooks key": "FORBIDDEN",
    "member of an unrelated organisation": "FORBIDDEN",
    member: "FORBIDDEN",
    admin: "read",
  };
  it("has a case for every principal", () => expect(Object.keys(RECORD_READERS).sort()).toEqual(Object.keys(PRINCIPALS).sort()));

  it.each(Object.entries(RECORD_READERS))("volunteerRecord by %s", async (principal, expected) => {
    const personId = await personOfT();
    const { body } = await server.graphql<{ volunteerRecord: { verifiedHours: number } | null }>(
      `query ($personId: ID!) { volunteerRecord(personId: $personId) { verifiedHours participations { totalCount } } }`,
      { personId },
      await PRINCIPALS[principal].headers(),
    );
    expect(expected === "read" ? [body.errors, body.data!.volunteerRecord] : body.errors!.map((error) => error.extensions!.code)).toEqual(
      expected === "read" ? [undefined, { verifiedHours: 0, participations: { totalCount: 0 } }] : [expected],
    );
  });

  /** volunteer-hours.csv of T: its own members and keys (any scope), no one else. */
  const EXPORTERS: Record<string, number> = {
    anonymous: 401, "expired token": 401, "tampered token": 401, "revoked key": 401,
    "read-only key": 200, "webhooks key": 200, "member of an unrelated organisation": 403, member: 200, admin: 200,
  };
  it.each(Object.entries(EXPORTERS))("volunteer-hours.csv by %s", async (principal, status) => {
    const response = await fetch(`${server.url.replace(/\/graphql$/, "")}/exports/volunteer-hours.csv?organizationId=${encodeURIComponent(T())}`, { headers: await PRINCIPALS[principal].headers() });
    await response.arrayBuffer();
    expect(response.status).toBe(status);
  });
});
