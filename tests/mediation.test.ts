import "reflect-metadata";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { mediationClock } from "../src/services/mediation/mediation-lifecycle";
import { keyOf } from "../src/schema/global-id";
import { mutationsAs, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

// A neighbourhood's people's mediation committee: residents against each other and against their property company.
let server: TestServer;
const { call, as, problems } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const DAY = 86_400_000;
const T0 = new Date("2026-03-02T01:00:00.000Z");
const realNow = mediationClock.now;

interface Resident {
  headers: Record<string, string>;
  personId: string;
}

let committeeId: string;
let admin: Record<string, string>;
let propertyId: string;
let propertyAdmin: Record<string, string>;
const people: Record<string, Resident> = {};

async function account(name: string): Promise<{ email: string; headers: Record<string, string> }> {
  const email = `${unique("resident")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  return { email, headers: bearer(await server.signIn(email, "long enough password")) };
}

/** A resident who registered and let the committee hold their data. */
async function resident(name: string, phone?: string): Promise<Resident> {
  const { headers } = await account(name);
  const { person } = await as<{ person: { id: string } }>(headers, "registerMyself", "RegisterMyselfInput", { displayName: name, ...(phone ? { phone } : {}) }, "person { id }");
  await as(headers, "grantConsent", "GrantConsentInput", { organizationId: committeeId, purpose: "人民調解" }, "consent { purpose }");
  return { headers, personId: person.id };
}

const CASE = `id status category summary dueAt acceptedAt closedAt overdue judicialConfirmationDueAt terms referral referralNote declineReason extensionDays
  parties { id role name consented signedTerms agreedToExtension person { id displayName phone } organization { id } }
  mediators { id name person { id } replacementReason }
  sessions { id place notes attendees { id } }`;

interface CaseView {
  id: string;
  status: string;
  summary: string;
  dueAt: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  judicialConfirmationDueAt: string | null;
  terms: string | null;
  referral: string | null;
  extensionDays: number | null;
  declineReason: string | null;
  parties: { id: string; role: string; name: string; consented: boolean; signedTerms: boolean; agreedToExtension: boolean; person: { id: string; displayName: string; phone: string | null } | null; organization: { id: string } | null }[];
  mediators: { id: string; name: string; person: { id: string } | null; replacementReason: string | null }[];
  sessions: { id: string; place: string; notes: string | null; attendees: { id: string }[] }[];
}

async function read(headers: Record<string, string>, id: string): Promise<CaseView | null> {
  const { body } = await server.graphql<{ mediationCase: CaseView | null }>(`query ($id: ID!) { mediationCase(id: $id) { ${CASE} } }`, { id }, headers);
  expect(body.errors).toBeUndefined();
  return body.data!.mediationCase;
}

async function file(applicants: object[], respondents: object[], summary = "樓上深夜噪音擾民", category = "NEIGHBOURS"): Promise<CaseView> {
  const { mediationCase } = await as<{ mediationCase: { id: string } }>(admin, "fileMediationCase", "FileMediationCaseInput", {
    actingOrganizationId: committeeId, category, summary, areaCode: "510107021001", applicants, respondents,
  }, "mediationCase { id }");
  return (await read(admin, mediationCase.id))!;
}

const partyOf = (view: CaseView, personId: string) => view.parties.find((party) => party.person?.id === personId)!.id;

async function assign(caseId: string, personId: string, replacingPersonId?: string) {
  return as<{ assignment: { id: string } }>(admin, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId, personId, ...(replacingPersonId ? { replacingPersonId } : {}) }, "assignment { id }");
}

/** Both residents agree: the case is ACCEPTED at the clock's time. */
async function acceptedCase(): Promise<CaseView> {
  const view = await file([{ personId: people.wang.personId }], [{ personId: people.li.personId }]);
  await as(people.wang.headers, "answerMediation", "AnswerMediationInput", { caseId: view.id, partyId: partyOf(view, people.wang.personId), agree: true }, "mediationCase { id }");
  await as(people.li.headers, "answerMediation", "AnswerMediationInput", { caseId: view.id, partyId: partyOf(view, people.li.personId), agree: true }, "mediationCase { id }");
  return (await read(admin, view.id))!;
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  ({ "jinhua-property": propertyId } = await organizationIds(server, ["jinhua-property"]));
  propertyAdmin = await server.asAdminOf(propertyId);
  const chair = await account("調委會主任");
  admin = chair.headers;
  committeeId = (await as<{ organization: { id: string } }>(admin, "createOrganization", "CreateOrganizationInput", {
    kind: "MEDIATION_COMMITTEE", name: "青杠林社區人民調解委員會", slug: unique("qgl-mediation"), areaCode: "510107021001",
  }, "organization { id }")).organization.id;
  people.wang = await resident("王大姐", "13800138000");
  people.li = await resident("李先生", "13900139000");
  people.mediator = await resident("張調解員");
  people.second = await resident("陳調解員");
  for (const personId of [people.mediator.personId, people.second.personId, people.wang.personId]) {
    await as(admin, "addMediator", "AddMediatorInput", { actingOrganizationId: committeeId, personId }, "mediator { id }");
  }
});
afterAll(async () => {
  mediationClock.now = realNow;
  await server.close();
});
afterEach(() => {
  mediationClock.now = realNow;
});

describe("a noise dispute mediated to an agreement", () => {
  it("is accepted only once both neighbours agree, then needs every signature before it is an agreement", async () => {
    mediationClock.now = () => T0;
    const filed = await file([{ personId: people.wang.personId }], [{ personId: people.li.personId }]);
    expect(filed.status).toBe("APPLIED");
    const wang = partyOf(filed, people.wang.personId);
    const li = partyOf(filed, people.li.personId);
    await assign(filed.id, people.mediator.personId);
    // No session before every party agreed.
    expect(await problems(people.mediator.headers, "recordMediationSession", "RecordMediationSessionInput", { caseId: filed.id, heldAt: T0.toISOString(), place: "社區調解室" })).toEqual([["input.caseId", "INVALID_TRANSITION"]]);
    await as(people.wang.headers, "answerMediation", "AnswerMediationInput", { caseId: filed.id, partyId: wang, agree: true }, "mediationCase { status }");
    expect((await read(admin, filed.id))!.status).toBe("APPLIED");
    // Answering twice is refused; a retry with the same key gets the first answer.
    expect(await problems(people.wang.headers, "answerMediation", "AnswerMediationInput", { caseId: filed.id, partyId: wang, agree: true })).toEqual([["input.partyId", "TAKEN"]]);
    // One cannot answer for the other side.
    expect(await problems(people.wang.headers, "answerMediation", "AnswerMediationInput", { caseId: filed.id, partyId: li, agree: true })).toEqual([["input.partyId", "NOT_FOUND"]]);
    const input = { caseId: filed.id, partyId: li, agree: true, idempotencyKey: unique("answer") };
    const first = await as<{ mediationCase: { status: string } }>(people.li.headers, "answerMediation", "AnswerMediationInput", input, "mediationCase { status }");
    const again = await as<{ mediationCase: { status: string } }>(people.li.headers, "answerMediation", "AnswerMediationInput", input, "mediationCase { status }");
    expect([first.mediationCase.status, again.mediationCase.status]).toEqual(["ACCEPTED", "ACCEPTED"]);
    const accepted = (await read(admin, filed.id))!;
    expect([accepted.acceptedAt, accepted.dueAt]).toEqual([T0.toISOString(), new Date(T0.getTime() + 30 * DAY).toISOString()]);

    const session = await as<{ session: { id: string } }>(people.mediator.headers, "recordMediationSession", "RecordMediationSessionInput", {
      caseId: filed.id, heldAt: T0.toISOString(), place: "社區調解室", attendeePartyIds: [wang, li], notes: "李先生願意晚上十點後降低音量",
    }, "session { id }");
    expect(session.session.id).toBeTruthy();
    expect((await read(admin, filed.id))!.status).toBe("IN_MEDIATION");
    // Someone else's party is not an attendee.
    const other = await file([{ personId: people.li.personId }], [{ organizationId: propertyId }], "電梯長期故障");
    expect(await problems(people.mediator.headers, "recordMediationSession", "RecordMediationSessionInput", { caseId: filed.id, heldAt: T0.toISOString(), place: "調解室", attendeePartyIds: [other.parties[1].id] }))
      .toEqual([["input.attendeePartyIds", "NOT_FOUND"]]);

    const conclude = { caseId: filed.id, outcome: "AGREEMENT" };
    expect(await problems(people.mediator.headers, "concludeMediation", "ConcludeMediationInput", conclude)).toEqual([["input.outcome", "REQUIRED"]]);
    await as(people.mediator.headers, "proposeAgreementTerms", "ProposeMediationTermsInput", { caseId: filed.id, terms: "晚上十點後不得製造噪音；如再違反，賠償王大姐五百元。" }, "mediationCase { id }");
    await as(people.wang.headers, "signMediationAgreement", "SignMediationAgreementInput", { caseId: filed.id, partyId: wang }, "mediationCase { id }");
    // An agreement without every party's signature is refused.
    const unsigned = await call<{ mediationCase: null }>(people.mediator.headers, "concludeMediation", "ConcludeMediationInput", conclude, "mediationCase { id }");
    expect(unsigned.userErrors.map((error) => [error.field.join("."), error.code])).toEqual([["input.outcome", "REQUIRED"]]);
    expect(unsigned.userErrors[0].message).toMatch(/signature/);
    // New wording: earlier signatures no longer count.
    await as(people.mediator.headers, "proposeAgreementTerms", "ProposeMediationTermsInput", { caseId: filed.id, terms: "晚上十點後不得製造噪音。" }, "mediationCase { id }");
    expect((await read(admin, filed.id))!.parties.map((party) => party.signedTerms)).toEqual([false, false]);
    for (const [resident, party] of [[people.wang, wang], [people.li, li]] as const) {
      await as(resident.headers, "signMediationAgreement", "SignMediationAgreementInput", { caseId: filed.id, partyId: party }, "mediationCase { id }");
    }
    mediationClock.now = () => new Date(T0.getTime() + 5 * DAY);
    await as(people.mediator.headers, "concludeMediation", "ConcludeMediationInput", conclude, "mediationCase { id }");
    const agreed = (await read(admin, filed.id))!;
    expect([agreed.status, agreed.closedAt, agreed.judicialConfirmationDueAt]).toEqual(["AGREEMENT", new Date(T0.getTime() + 5 * DAY).toISOString(), new Date(T0.getTime() + 35 * DAY).toISOString()]);
    // A closed case takes no session.
    expect(await problems(people.mediator.headers, "recordMediationSession", "RecordMediationSessionInput", { caseId: filed.id, heldAt: T0.toISOString(), place: "調解室" })).toEqual([["input.caseId", "INVALID_TRANSITION"]]);

    // Every step wrote an audit entry and a discreet event: ids, the committee, the step and the status.
    const events: { organization_id: string; area_code: string | null; attributes: Record<string, unknown> }[] = await server.dataSource.query(
      `SELECT organization_id, area_code, attributes FROM event WHERE entity_id = $1 ORDER BY position`, [keyOf(filed.id, "MediationCase")],
    );
    expect(events.map((event) => event.attributes.step)).toEqual([
      "fileMediationCase", "assignMediator", "agreeToMediation", "acceptMediationCase", "startMediation", "proposeAgreementTerms", "signAgreement", "proposeAgreementTerms", "signAgreement", "signAgreement", "concludeMediation",
    ]);
    for (const event of events) {
      expect(event.organization_id).toBe(keyOf(committeeId, "Organization"));
      expect(event.area_code).toBeNull();
      // Ids only besides the step: who may hear of it (mediation-events.ts), never a name or the dispute.
      expect(Object.keys(event.attributes).sort()).toEqual(["mediatorPersonIds", "parties", "status", "step"]);
      expect(JSON.stringify(event.attributes)).not.toMatch(/噪音|王大姐|李先生/);
    }
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM audit_entry WHERE entity_type LIKE 'Mediation%' AND (entity_id = $1 OR after->>'caseId' = $1)`, [keyOf(filed.id, "MediationCase")]);
    expect(count).toBeGreaterThanOrEqual(12);
  });
});

describe("the other ways a case ends", () => {
  it("is DECLINED when the property company refuses mediation", async () => {
    const view = await file([{ personId: people.wang.personId }], [{ organizationId: propertyId }], "物業費爭議", "PROPERTY_MANAGEMENT");
    const company = view.parties.find((party) => party.organization)!.id;
    // Only the company's admins answer for it.
    expect(await problems(people.li.headers, "answerMediation", "AnswerMediationInput", { caseId: view.id, partyId: company, agree: false })).toEqual([["input.partyId", "NOT_FOUND"]]);
    await as(propertyAdmin, "answerMediation", "AnswerMediationInput", { caseId: view.id, partyId: company, agree: false }, "mediationCase { id }");
    const declined = (await read(admin, view.id))!;
    expect([declined.status, declined.declineReason]).toEqual(["DECLINED", "有當事人不同意調解：調解以自願為原則。"]);
  });

  it("is DECLINED by the committee with its reason, and refuses a second decline", async () => {
    const view = await file([{ personId: people.wang.personId }], [{ personId: people.li.personId }], "遺產分割", "FAMILY");
    await as(admin, "declineMediationCase", "DeclineMediationCaseInput", { actingOrganizationId: committeeId, caseId: view.id, reason: "已起訴至法院" }, "mediationCase { id }");
    expect((await read(admin, view.id))!.declineReason).toBe("已起訴至法院");
    expect(await problems(admin, "declineMediationCase", "DeclineMediationCaseInput", { actingOrganizationId: committeeId, caseId: view.id, reason: "再次" })).toEqual([["input.caseId", "INVALID_TRANSITION"]]);
  });

  it("ends without agreement only with a referral", async () => {
    const view = await acceptedCase();
    await assign(view.id, people.mediator.personId);
    await as(people.mediator.headers, "recordMediationSession", "RecordMediationSessionInput", { caseId: view.id, heldAt: new Date().toISOString(), place: "社區調解室" }, "session { id }");
    expect(await problems(people.mediator.headers, "concludeMediation", "ConcludeMediationInput", { caseId: view.id, outcome: "NO_AGREEMENT" })).toEqual([["input.referral", "REQUIRED"]]);
    expect(await problems(people.mediator.headers, "concludeMediation", "ConcludeMediationInput", { caseId: view.id, outcome: "WITHDRAWN" })).toEqual([["input.outcome", "INVALID"]]);
    await as(people.mediator.headers, "concludeMediation", "ConcludeMediationInput", { caseId: view.id, outcome: "NO_AGREEMENT", referral: "COURT", referralNote: "錦江區人民法院" }, "mediationCase { id }");
    const ended = (await read(admin, view.id))!;
    expect([ended.status, ended.referral, ended.judicialConfirmationDueAt]).toEqual(["NO_AGREEMENT", "COURT", null]);
  });

  it("is WITHDRAWN by a party, and then takes no answer", async () => {
    const view = await file([{ personId: people.wang.personId }], [{ personId: people.li.personId }]);
    await as(people.li.headers, "withdrawMediationCase", "WithdrawMediationCaseInput", { caseId: view.id, partyId: partyOf(view, people.li.personId) }, "mediationCase { id }");
    expect((await read(admin, view.id))!.status).toBe("WITHDRAWN");
    expect(await problems(people.wang.headers, "answerMediation", "AnswerMediationInput", { caseId: view.id, partyId: partyOf(view, people.wang.personId), agree: true })).toEqual([["input.caseId", "INVALID_TRANSITION"]]);
  });
});

describe("the 30-day time limit", () => {
  it("flags a case past its deadline on the committee's overdue list, until every party agrees to extend", async () => {
    mediationClock.now = () => T0;
    const view = await acceptedCase();
    await assign(view.id, people.mediator.personId);
    const overdueList = async () => {
      const { body } = await server.graphql<{ mediationCases: { nodes: { id: string; overdue: boolean }[] } }>(
        `query ($id: ID!) { mediationCases(committeeId: $id, overdueOnly: true, first: 100) { nodes { id overdue } } }`, { id: committeeId }, admin,
      );
      return body.data!.mediationCases.nodes.map((node) => node.id);
    };
    mediationClock.now = () => new Date(T0.getTime() + 29 * DAY);
    expect(await overdueList()).not.toContain(view.id);
    mediationClock.now = () => new Date(T0.getTime() + 31 * DAY);
    expect(await overdueList()).toContain(view.id);
    expect((await read(admin, view.id))!.overdue).toBe(true);
    expect(await problems(people.mediator.headers, "proposeMediationExtension", "ProposeMediationExtensionInput", { caseId: view.id, days: 91 })).toEqual([["input.days", "OUT_OF_RANGE"]]);
    await as(people.mediator.headers, "proposeMediationExtension", "ProposeMediationExtensionInput", { caseId: view.id, days: 15 }, "mediationCase { id }");
    await as(people.wang.headers, "agreeToMediationExtension", "AgreeToMediationExtensionInput", { caseId: view.id, partyId: partyOf(view, people.wang.personId) }, "mediationCase { id }");
    // One party's agreement does not move the deadline.
    expect((await read(admin, view.id))!.dueAt).toBe(new Date(T0.getTime() + 30 * DAY).toISOString());
    await as(people.li.headers, "agreeToMediationExtension", "AgreeToMediationExtensionInput", { caseId: view.id, partyId: partyOf(view, people.li.personId) }, "mediationCase { id }");
    const extended = (await read(admin, view.id))!;
    expect([extended.dueAt, extended.overdue, extended.extensionDays]).toEqual([new Date(T0.getTime() + 45 * DAY).toISOString(), false, null]);
    expect(await overdueList()).not.toContain(view.id);
    // A mediator's list holds their own cases; others' lists are empty.
    const { body } = await server.graphql<{ mediationCases: { nodes: { id: string }[] } }>(`query ($id: ID!) { mediationCases(committeeId: $id, first: 100) { nodes { id } } }`, { id: committeeId }, people.li.headers);
    expect(body.data!.mediationCases.nodes).toEqual([]);
  });
});

describe("conflicts of interest", () => {
  it("never assigns a party, a mediator who declared a relation, or one sharing an organisation with a party", async () => {
    const view = await file([{ personId: people.wang.personId }], [{ organizationId: propertyId }], "物業維修基金使用爭議", "PROPERTY_MANAGEMENT");
    // 王大姐 is on the roster, but she is a party.
    expect(await problems(admin, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId: view.id, personId: people.wang.personId })).toEqual([["input.personId", "NOT_PERMITTED"]]);
    // 陳調解員 works for the property company.
    const { body } = await server.graphql<{ organization: { slug: string } }>(`query ($id: ID!) { organization(id: $id) { slug } }`, { id: propertyId });
    expect(body.data).toBeTruthy();
    const [{ email }] = await server.dataSource.query(`SELECT u.email FROM app_user u JOIN person p ON p.user_id = u.id WHERE p.id = $1`, [keyOf(people.second.personId, "Person")]);
    await as(propertyAdmin, "addMember", "AddMemberInput", { actingOrganizationId: propertyId, email, role: "MEMBER" }, "membership { role }");
    const shared = await call(admin, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId: view.id, personId: people.second.personId }, "assignment { id }");
    expect(shared.userErrors.map((error) => [error.code, error.message])).toEqual([["NOT_PERMITTED", expect.stringContaining("錦華物業") as string]]);
    // 張調解員 declared he is 王大姐's cousin.
    await as(admin, "declareMediatorRelation", "DeclareMediatorRelationInput", { actingOrganizationId: committeeId, personId: people.mediator.personId, related: { personId: people.wang.personId }, note: "表親" }, "mediator { id }");
    expect(await problems(admin, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId: view.id, personId: people.mediator.personId })).toEqual([["input.personId", "NOT_PERMITTED"]]);
    // Someone off the roster is not a mediator at all.
    expect(await problems(admin, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId: view.id, personId: people.li.personId })).toEqual([["input.personId", "NOT_FOUND"]]);
  });

  it("lets a party ask for a replacement, seen by the admins and that party only, and the admin assigns another", async () => {
    const newcomer = await resident("劉調解員");
    await as(admin, "addMediator", "AddMediatorInput", { actingOrganizationId: committeeId, personId: newcomer.personId }, "mediator { id }");
    const view = await acceptedCase();
    const { assignment } = await assign(view.id, newcomer.personId);
    const li = partyOf(view, people.li.personId);
    await as(people.li.headers, "requestMediatorReplacement", "RequestMediatorReplacementInput", { caseId: view.id, partyId: li, assignmentId: assignment.id, reason: "曾與其有口角" }, "assignment { id }");
    expect(await problems(people.li.headers, "requestMediatorReplacement", "RequestMediatorReplacementInput", { caseId: view.id, partyId: li, assignmentId: assignment.id, reason: "再次" })).toEqual([["input.assignmentId", "TAKEN"]]);
    expect((await read(admin, view.id))!.mediators[0].replacementReason).toBe("曾與其有口角");
    expect((await read(people.li.headers, view.id))!.mediators[0].replacementReason).toBe("曾與其有口角");
    expect((await read(people.wang.headers, view.id))!.mediators[0].replacementReason).toBeNull();
    expect((await read(newcomer.headers, view.id))!.mediators[0].replacementReason).toBeNull();
    const third = await resident("趙調解員");
    await as(admin, "addMediator", "AddMediatorInput", { actingOrganizationId: committeeId, personId: third.personId }, "mediator { id }");
    await assign(view.id, third.personId, newcomer.personId);
    expect((await read(admin, view.id))!.mediators.map((mediator) => mediator.name)).toEqual(["趙調解員"]);
    // The replaced mediator no longer reads the case.
    expect(await read(newcomer.headers, view.id)).toBeNull();
  });
});

describe("bad input", () => {
  it("answers each mistake with a userError or a coded error", async () => {
    expect(await problems(admin, "fileMediationCase", "FileMediationCaseInput", { actingOrganizationId: committeeId, category: "NEIGHBOURS", summary: " ", areaCode: "999", applicants: [], respondents: [{ personId: people.li.personId, organizationId: propertyId }] }))
      .toEqual([["input.summary", "BLANK"], ["input.areaCode", "NOT_FOUND"], ["input.applicants", "REQUIRED"], ["input.respondents.0", "INVALID"]]);
    expect(await problems(admin, "fileMediationCase", "FileMediationCaseInput", { actingOrganizationId: committeeId, category: "NEIGHBOURS", summary: "爭議", areaCode: "510107021001", applicants: [{ personId: people.li.personId }], respondents: [{ personId: people.li.personId }] }))
      .toEqual([["input.respondents.0", "TAKEN"]]);
    // A person who never consented to the committee cannot be named.
    const stranger = await account("路人");
    const { person } = await as<{ person: { id: string } }>(stranger.headers, "registerMyself", "RegisterMyselfInput", { displayName: "路人" }, "person { id }");
    expect(await problems(admin, "fileMediationCase", "FileMediationCaseInput", { actingOrganizationId: committeeId, category: "OTHER", summary: "爭議", areaCode: "510107021001", applicants: [{ personId: people.li.personId }], respondents: [{ personId: person.id }] }))
      .toEqual([["input.respondents.0.personId", "NOT_FOUND"]]);
    // An organisation that is not a mediation committee does not mediate.
    expect(await problems(propertyAdmin, "fileMediationCase", "FileMediationCaseInput", { actingOrganizationId: propertyId, category: "OTHER", summary: "爭議", areaCode: "510107021001", applicants: [{ organizationId: propertyId }], respondents: [{ personId: people.li.personId }] }))
      .toEqual([["input.actingOrganizationId", "NOT_PERMITTED"]]);
    const view = await file([{ personId: people.wang.personId }], [{ personId: people.li.personId }]);
    // A session before any mediator is assigned, and signing without terms.
    const accepted = await acceptedCase();
    expect(await problems(admin, "recordMediationSession", "RecordMediationSessionInput", { caseId: accepted.id, heldAt: new Date().toISOString(), place: "調解室" })).toEqual([["input.caseId", "REQUIRED"]]);
    expect(await problems(people.wang.headers, "signMediationAgreement", "SignMediationAgreementInput", { caseId: accepted.id, partyId: partyOf(accepted, people.wang.personId) })).toEqual([["input.caseId", "INVALID_TRANSITION"]]);
    expect(await problems(people.wang.headers, "agreeToMediationExtension", "AgreeToMediationExtensionInput", { caseId: accepted.id, partyId: partyOf(accepted, people.wang.personId) })).toEqual([["input.caseId", "REQUIRED"]]);
    // Wrong kinds of ids are coded errors.
    const { body } = await server.graphql(`mutation ($input: AnswerMediationInput!) { answerMediation(input: $input) { userErrors { field code } } }`, { input: { caseId: committeeId, partyId: view.parties[0].id, agree: true } }, people.wang.headers);
    expect(JSON.stringify(body)).not.toMatch(/INTERNAL_SERVER_ERROR/);
    // A mediator who is not assigned, and a party, cannot work on a case.
    for (const headers of [people.second.headers, people.wang.headers]) {
      const { body: refused } = await server.graphql<unknown>(`mutation ($input: ProposeMediationTermsInput!) { proposeAgreementTerms(input: $input) { userErrors { code } } }`, { input: { caseId: accepted.id, terms: "條款" } }, headers);
      expect(refused.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    }
  });
});

describe("on a WebSocket", () => {
  /** Runs a mutation over graphql-ws with `headers` as connection parameters. */
  async function overWebSocket(headers: Record<string, string>, query: string, variables: Record<string, unknown>) {
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers });
    try {
      return await new Promise<{ data?: Record<string, { userErrors: { code: string }[] }> | null; errors?: { extensions?: { code?: string } }[] }>((resolve, reject) => {
        let last = {};
        client.subscribe({ query, variables }, { next: (value) => (last = value), error: reject, complete: () => resolve(last) });
      });
    } finally {
      await client.dispose();
    }
  }

  it("lets a party answer and refuses keys, anonymous callers and non-workers as over HTTP", async () => {
    const view = await file([{ personId: people.wang.personId }], [{ personId: people.li.personId }]);
    const answer = `mutation ($input: AnswerMediationInput!) { answerMediation(input: $input) { mediationCase { status } userErrors { code } } }`;
    const input = { caseId: view.id, partyId: partyOf(view, people.wang.personId), agree: true };
    const key = await as<{ secret: string }>(admin, "createApiKey", "CreateApiKeyInput", { actingOrganizationId: committeeId, name: unique("key"), scopes: ["READ", "WRITE_PLEDGES"] }, "secret");
    expect((await overWebSocket(bearer(key.secret), answer, { input })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await overWebSocket({}, answer, { input })).errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
    const terms = `mutation ($input: ProposeMediationTermsInput!) { proposeAgreementTerms(input: $input) { userErrors { code } } }`;
    expect((await overWebSocket(people.mediator.headers, terms, { input: { caseId: view.id, terms: "條款" } })).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const answered = await overWebSocket(people.wang.headers, answer, { input });
    expect([answered.errors, answered.data!.answerMediation.userErrors]).toEqual([undefined, []]);
  });
});

describe("figures anyone may read", () => {
  it("counts cases by category, community and outcome, and gives the committee's indicators, without any case", async () => {
    const from = new Date(T0.getTime() - DAY).toISOString();
    const to = new Date(Date.now() + DAY).toISOString();
    const { body } = await server.graphql<{ dashboard: { mediation: { total: number; byCategory: { category: string; count: number }[]; byStatus: { status: string; count: number }[]; byArea: { areaCode: string; count: number }[]; handled: number; agreementRate: number; medianDaysToClose: number } } }>(
      `query ($from: DateTime!, $to: DateTime!) { dashboard(areaCode: "510107021", from: $from, to: $to) { mediation { total byCategory { category count } byStatus { status count } byArea { areaCode count } handled agreementRate medianDaysToClose } } }`,
      { from, to },
    );
    expect(body.errors).toBeUndefined();
    const [row] = await server.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status IN ('AGREEMENT', 'NO_AGREEMENT'))::int AS handled, count(*) FILTER (WHERE status = 'AGREEMENT')::int AS agreed FROM mediation_case`,
    );
    const figures = body.data!.dashboard.mediation;
    expect([figures.total, figures.handled]).toEqual([row.total, row.handled]);
    expect(figures.agreementRate).toBeCloseTo(row.agreed / row.handled);
    expect(figures.byArea).toEqual([{ areaCode: "510107021001", count: row.total }]);
    expect(figures.byStatus.reduce((sum, { count }) => sum + count, 0)).toBe(row.total);
    expect(JSON.stringify(figures)).not.toMatch(/噪音|王大姐|李先生/);
    const { body: indicators } = await server.graphql<{ organizationIndicators: { mediationCasesHandled: number; mediationAgreementRate: number; mediationMedianDaysToClose: number } }>(
      `query ($id: ID!, $from: DateTime!, $to: DateTime!) { organizationIndicators(organizationId: $id, from: $from, to: $to) { mediationCasesHandled mediationAgreementRate mediationMedianDaysToClose } }`,
      { id: committeeId, from, to },
    );
    // The committee's own cases (the demo committee's are in the area's figures, not in its indicators).
    const [own] = await server.dataSource.query(
      `SELECT count(*) FILTER (WHERE status IN ('AGREEMENT', 'NO_AGREEMENT'))::int AS handled, count(*) FILTER (WHERE status = 'AGREEMENT')::int AS agreed FROM mediation_case WHERE committee_id = $1`,
      [keyOf(committeeId, "Organization")],
    );
    expect(indicators.data!.organizationIndicators.mediationCasesHandled).toBe(own.handled);
    expect(indicators.data!.organizationIndicators.mediationAgreementRate).toBeCloseTo(own.agreed / own.handled);
    expect(indicators.data!.organizationIndicators.mediationMedianDaysToClose).toBeGreaterThanOrEqual(0);
  });
});

describe("erasure", () => {
  it("leaves an erased party in the case under their label, and takes their name out of its texts", async () => {
    const leaving = await resident("周小姐", "13700137000");
    const view = await file([{ personId: leaving.personId }], [{ personId: people.li.personId }], "周小姐投訴李先生占用車位");
    await as(leaving.headers, "requestErasure", "RequestErasureInput", {}, "person { id }");
    const after = (await read(admin, view.id))!;
    expect(after.summary).toBe("***投訴李先生占用車位");
    const party = after.parties.find((row) => row.person?.id === leaving.personId)!;
    expect(party.name).toMatch(/^[^周]+$/);
    expect(party.person!.phone).toBeNull();
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM audit_entry WHERE entity_type LIKE 'Mediation%' AND strpos(after::text, '周小姐') > 0`);
    expect(count).toBe(0);
  });
});
