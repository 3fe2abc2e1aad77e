import { mutationsAs, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
const { as, call, problems } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

const HANDLER = "qinggang-lin-party-committee";
const PROPERTY = "jinhua-property";
let committeeId: string;
let chair: Record<string, string>;
let handler: Record<string, string>;

interface Resident {
  headers: Record<string, string>;
  personId: string;
}

/** A resident who registered, and let each of `holders` hold their data. */
async function resident(name: string, holders: string[]): Promise<Resident> {
  const email = `${unique("resident")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  const headers = bearer(await server.signIn(email, "long enough password"));
  const { person } = await as<{ person: { id: string } }>(headers, "registerMyself", "RegisterMyselfInput", { displayName: name }, "person { id }");
  for (const organizationId of holders) await as(headers, "grantConsent", "GrantConsentInput", { organizationId, purpose: "調解與走訪" }, "consent { purpose }");
  return { headers, personId: person.id };
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [HANDLER, PROPERTY]);
  handler = await server.asAdminOf(org[HANDLER]);
  const email = `${unique("chair")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: "調委會主任", password: "long enough password" }, "user { id }");
  chair = bearer(await server.signIn(email, "long enough password"));
  committeeId = (await as<{ organization: { id: string } }>(chair, "createOrganization", "CreateOrganizationInput", {
    kind: "MEDIATION_COMMITTEE", name: "青杠林社區人民調解委員會", slug: unique("qgl-mediation"), areaCode: "510107021001",
  }, "organization { id }")).organization.id;
});
afterAll(() => server.close());

describe("a mediator who shares a household with a party", () => {
  it("is not assigned while they live together, and is once the party moves out", async () => {
    const wang = await resident("王大姐", [org[HANDLER], committeeId]);
    const son = await resident("王小弟", [org[HANDLER], committeeId]);
    const neighbour = await resident("鄰居調解員", [committeeId]);
    for (const mediator of [son, neighbour]) await as(chair, "addMediator", "AddMediatorInput", { actingOrganizationId: committeeId, personId: mediator.personId }, "mediator { id }");
    const { household } = await as<{ household: { id: string } }>(handler, "registerKeyHousehold", "RegisterKeyHouseholdInput", {
      actingOrganizationId: org[HANDLER], code: unique("H").replace(/[^-A-Za-z0-9]/g, ""), areaCode: "510107021001001", groups: ["ELDERLY"], visitEveryDays: 30, memberPersonIds: [wang.personId, son.personId],
    }, "household { id }");
    const { mediationCase } = await as<{ mediationCase: { id: string } }>(chair, "fileMediationCase", "FileMediationCaseInput", {
      actingOrganizationId: committeeId, category: "PROPERTY_MANAGEMENT", summary: "物業費爭議", areaCode: "510107021001", applicants: [{ personId: wang.personId }], respondents: [{ organizationId: org[PROPERTY] }],
    }, "mediationCase { id }");
    const assign = (personId: string) => call(chair, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId: mediationCase.id, personId }, "assignment { id }");
    const refused = await assign(son.personId);
    expect(refused.userErrors.map((error) => [error.field.join("."), error.code])).toEqual([["input.personId", "NOT_PERMITTED"]]);
    expect(refused.userErrors[0].message).toMatch(/household|同住/);
    expect((await assign(neighbour.personId)).userErrors).toEqual([]);
    // 王大姐 moves out: her son no longer shares a household with a party.
    await as(handler, "updateKeyHousehold", "UpdateKeyHouseholdInput", { actingOrganizationId: org[HANDLER], householdId: household.id, memberPersonIds: [son.personId] }, "household { id }");
    expect((await assign(son.personId)).userErrors).toEqual([]);
  });
});

describe("a request referred to mediation", () => {
  const fileRequest = async (headers: Record<string, string>, category: string, contact: Record<string, unknown> = { preferredContact: "IN_APP" }) => {
    const { request } = await as<{ request: { id: string } }>(headers, "fileResidentRequest", "FileResidentRequestInput", {
      category, description: "樓上每晚拖動傢俱，協商不成", areaCode: "510107021001002", urgency: "NORMAL", identityVisibleToHandler: true, ...contact,
    }, "request { id }");
    return request.id;
  };
  const accept = (requestId: string) => as(handler, "changeResidentRequestStatus", "ChangeResidentRequestStatusInput", { actingOrganizationId: org[HANDLER], requestId, status: "ACCEPTED" }, "request { id }");
  const refer = (requestId: string, committee = committeeId, respondents: object[] = [{ organizationId: org[PROPERTY] }]) =>
    problems(handler, "referResidentRequestToMediation", "ReferResidentRequestToMediationInput", { actingOrganizationId: org[HANDLER], requestId, committeeId: committee, respondents });
  const partiesOf = async (caseId: string) => {
    const { body } = await server.graphql<{ mediationCase: { status: string; category: string; summary: string; parties: { role: string; person: { id: string } | null; organization: { id: string } | null }[] } }>(
      `query ($id: ID!) { mediationCase(id: $id) { status category summary parties { role person { id } organization { id } } } }`, { id: caseId }, chair,
    );
    return body.data!.mediationCase;
  };

  it("becomes a case in APPLIED with the consenting requester as applicant, recorded in the request's history, once", async () => {
    const requester = await resident("周先生", [committeeId]);
    const requestId = await fileRequest(requester.headers, "NEIGHBOURHOOD_DISPUTE");
    expect(await refer(requestId)).toEqual([["input.requestId", "INVALID_TRANSITION"]]);
    await accept(requestId);
    expect(await refer(requestId, org[PROPERTY])).toEqual([["input.committeeId", "NOT_PERMITTED"]]);
    expect(await refer(requestId)).toEqual([]);
    expect(await refer(requestId)).toEqual([["input.requestId", "TAKEN"]]);

    const { body } = await server.graphql<{ residentRequest: { status: string; history: { kind: string; reason: string | null }[]; mediationReferral: { committee: { id: string }; mediationCaseId: string } } }>(
      `query ($id: ID!) { residentRequest(id: $id) { status history { kind reason } mediationReferral { committee { id } mediationCaseId referredAt } } }`, { id: requestId }, requester.headers,
    );
    const request = body.data!.residentRequest;
    expect(request.status).toBe("ACCEPTED");
    expect(request.history.map((step) => step.kind)).toEqual(["FILED", "STATUS_CHANGED", "REFERRED"]);
    expect(request.mediationReferral.committee.id).toBe(committeeId);
    expect(await partiesOf(request.mediationReferral.mediationCaseId)).toEqual({
      status: "APPLIED", category: "NEIGHBOURS", summary: "樓上每晚拖動傢俱，協商不成",
      parties: expect.arrayContaining([{ role: "APPLICANT", person: { id: requester.personId }, organization: null }, { role: "RESPONDENT", person: null, organization: { id: org[PROPERTY] } }]),
    });
    // The requester, a party now, reads the case; its event names no one.
    const { body: own } = await server.graphql<{ mediationCase: { status: string } | null }>(`query ($id: ID!) { mediationCase(id: $id) { status } }`, { id: request.mediationReferral.mediationCaseId }, requester.headers);
    expect(own.data!.mediationCase).toEqual({ status: "APPLIED" });
  });

  it("leaves out a requester who is anonymous or did not consent to the committee, and refuses other categories", async () => {
    const unconsenting = await resident("吳女士", []);
    for (const requestId of [await fileRequest(unconsenting.headers, "PROPERTY_MANAGEMENT"), await fileRequest({}, "NEIGHBOURHOOD_DISPUTE", { preferredContact: "PHONE", contactValue: "13800002222", consentToKeepContact: true })]) {
      await accept(requestId);
      expect(await refer(requestId)).toEqual([]);
      const [{ caseId }] = await server.dataSource.query(`SELECT case_id::text AS "caseId" FROM request_mediation_referral WHERE request_id = $1`, [Buffer.from(requestId, "base64url").toString().split(":")[1]]);
      const view = await partiesOf(Buffer.from(`MediationCase:${caseId}`).toString("base64url"));
      expect(view.parties.map((party) => party.role)).toEqual(["RESPONDENT"]);
    }
    const other = await fileRequest(unconsenting.headers, "OTHER");
    await accept(other);
    expect(await refer(other)).toEqual([["input.requestId", "INVALID"]]);
    expect(await refer(other, committeeId, [{ personId: unconsenting.personId }])).toEqual([["input.requestId", "INVALID"]]);
  });
});
