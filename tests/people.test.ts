import { organizationIds, mutationsAs } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

const { as, problems } = mutationsAs(() => server);

async function newAccount(name: string): Promise<Record<string, string>> {
  const email = `${unique("person")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  return bearer(await server.signIn(email, "long enough password"));
}

const TEAM = "qinggang-lin-party-volunteers";
const STUDENTS = "guixi-student-volunteers";
let teamAdmin: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [TEAM, STUDENTS, "shujin-construction", "qinggang-lin-service-center"]);
  teamAdmin = await server.asAdminOf(org[TEAM]);
});
afterAll(() => server.close());

describe("a resident volunteers", () => {
  it("registers, consents to a team, joins its roster, reads everything held about them, and leaves", async () => {
    const resident = await newAccount("何小萍");
    const { person } = await as<{ person: { id: string; label: string; phone: string; homeArea: { name: string } } }>(resident, "registerMyself", "RegisterMyselfInput", {
      displayName: "何小萍", phone: "+86 138-0000-1234", homeAreaCode: "510107021001003", skills: ["TEACHING", "TEACHING", "IT"], languages: ["zh", "en"],
    }, "person { id label phone homeArea { name } skills }");
    expect(person).toEqual({ id: expect.any(String), label: expect.stringMatching(/^志願者-[2-9A-Z]{6}$/), phone: "13800001234", homeArea: { name: "青杠林社區第三網格" }, skills: ["TEACHING", "IT"] });

    const changed = await as<{ person: { isPartyMember: boolean; partyRegistration: { employer: { slug: string } } } }>(resident, "updateMyProfile", "UpdateMyProfileInput", {
      isPartyMember: true, partyRegistration: { employerOrganizationId: org["shujin-construction"], reportingAreaCode: "510107021001" },
    }, "person { isPartyMember partyRegistration { employer { slug } } }");
    expect(changed.person).toEqual({ isPartyMember: true, partyRegistration: { employer: { slug: "shujin-construction" } } });

    await as(resident, "grantConsent", "GrantConsentInput", { organizationId: org[TEAM], purpose: "排班與聯絡" }, "consent { purpose }");
    await as(teamAdmin, "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[TEAM], personId: person.id }, "teamMembership { role }");
    await as(teamAdmin, "changeTeamMemberRole", "ChangeTeamMemberRoleInput", { actingOrganizationId: org[TEAM], personId: person.id, role: "TEAM_LEADER" }, "teamMembership { role }");
    const { body: roster } = await server.graphql<{ organization: { teamMembers: { nodes: { role: string; person: { id: string; phone: string } }[] } } }>(
      `query ($team: ID!) { organization(id: $team) { teamMembers(role: TEAM_LEADER, first: 100) { totalCount nodes { role person { id phone } } } } }`,
      { team: org[TEAM] },
      teamAdmin,
    );
    expect(roster.data!.organization.teamMembers.nodes).toContainEqual({ role: "TEAM_LEADER", person: { id: person.id, phone: "13800001234" } });

    const { body } = await server.graphql<{ myData: unknown }>(`{ myData { person { id displayName phone } consents { purpose consentedAt withdrawnAt organization { slug } } teams { role organization { slug } } } }`, {}, resident);
    expect(body.data!.myData).toEqual({
      person: { id: person.id, displayName: "何小萍", phone: "13800001234" },
      consents: [{ purpose: "排班與聯絡", consentedAt: expect.any(String), withdrawnAt: null, organization: { slug: TEAM } }],
      teams: [{ role: "TEAM_LEADER", organization: { slug: TEAM } }],
    });

    await as(resident, "leaveTeam", "LeaveTeamInput", { organizationId: org[TEAM] }, "teamMembership { role }");
    const { body: after } = await server.graphql<{ myData: { teams: unknown[]; consents: { withdrawnAt: string | null }[] } }>(`{ myData { teams { role } consents { withdrawnAt } } }`, {}, resident);
    expect(after.data!.myData).toEqual({ teams: [], consents: [{ withdrawnAt: null }] });
  });

  it("lets a team register a person without an account, correct the profile, and serve in two teams", async () => {
    const { person } = await as<{ person: { id: string; consents: { purpose: string; consentedAt: string }[] } }>(teamAdmin, "registerPerson", "RegisterPersonInput", {
      actingOrganizationId: org[TEAM], displayName: "老周", realName: "周福生", phone: "13800002222", skills: ["ELDER_CARE"],
      consent: { purpose: "志願者登記", consentedAt: "2026-10-01T08:00:00Z" },
    }, "person { id consents { purpose consentedAt } }");
    expect(person.consents).toEqual([{ purpose: "志願者登記", consentedAt: "2026-10-01T08:00:00.000Z" }]);
    const corrected = await as<{ person: { realName: string; about: string } }>(teamAdmin, "updatePerson", "UpdatePersonInput", { actingOrganizationId: org[TEAM], personId: person.id, realName: "周富生", about: "星期三不方便" }, "person { realName about }");
    expect(corrected.person).toEqual({ realName: "周富生", about: "星期三不方便" });
    await as(teamAdmin, "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[TEAM], personId: person.id }, "teamMembership { role }");
    // Another team may not take them on until it holds their consent.
    const students = await server.asAdminOf(org[STUDENTS]);
    expect(await problems(students, "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[STUDENTS], personId: person.id })).toEqual([["input.personId", "NOT_FOUND"]]);
    await as(students, "registerPerson", "RegisterPersonInput", { actingOrganizationId: org[STUDENTS], displayName: "另一人", consent: { purpose: "登記" } }, "person { id }");
    const { body } = await server.graphql<{ person: { teams: { organization: { slug: string } }[] } }>(`query ($id: ID!) { person(id: $id) { teams { organization { slug } } } }`, { id: person.id }, teamAdmin);
    expect(body.data!.person.teams).toEqual([{ organization: { slug: TEAM } }]);
    await as(teamAdmin, "removeTeamMember", "RemoveTeamMemberInput", { actingOrganizationId: org[TEAM], personId: person.id }, "teamMembership { role }");
  });

  it("answers a retried registration with the first answer, and registers once", async () => {
    const idempotencyKey = unique("register");
    const input = { actingOrganizationId: org[TEAM], displayName: "重試者", consent: { purpose: "登記" }, idempotencyKey };
    const first = await as<{ person: { id: string } }>(teamAdmin, "registerPerson", "RegisterPersonInput", input, "person { id }");
    const second = await as<{ person: { id: string } }>(teamAdmin, "registerPerson", "RegisterPersonInput", input, "person { id }");
    expect(second.person.id).toBe(first.person.id);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM person WHERE display_name = '重試者'`);
    expect(count).toBe(1);
  });

  it("writes an audit entry for each change, with no personal value in it", async () => {
    await as(teamAdmin, "registerPerson", "RegisterPersonInput", { actingOrganizationId: org[TEAM], displayName: "審計測試", phone: "13800003333", consent: { purpose: "登記" } }, "person { id }");
    const { body } = await server.graphql<{ auditLog: { nodes: { action: string; entityType: string; after: Record<string, unknown> }[] } }>(
      `query ($id: ID!) { auditLog(organizationId: $id, first: 2) { nodes { action entityType after } } }`,
      { id: org[TEAM] },
      teamAdmin,
    );
    const [consent, registered] = body.data!.auditLog.nodes;
    expect([registered.action, registered.entityType, consent.action, consent.entityType]).toEqual(["registerPerson", "Person", "registerPerson", "PersonConsent"]);
    expect(registered.after).toEqual(expect.objectContaining({ personalFieldsHeld: ["displayName", "phone"] }));
    expect(JSON.stringify(body.data)).not.toMatch(/審計測試|13800003333/);
  });
});

describe("every mistake gets a userError on its field", () => {
  it("checks profiles", async () => {
    const resident = await newAccount("錯誤示範");
    expect(await problems(resident, "updateMyProfile", "UpdateMyProfileInput", { about: "還沒登記" })).toEqual([["input.displayName", "NOT_FOUND"]]);
    expect(await problems(resident, "registerMyself", "RegisterMyselfInput", {
      displayName: " ", phone: "12345", homeAreaCode: "999999", languages: ["中文"], realName: "名".repeat(101),
      isPartyMember: false, partyRegistration: { employerOrganizationId: org["shujin-construction"], reportingAreaCode: "510107021001" },
    })).toEqual([
      ["input.displayName", "BLANK"],
      ["input.realName", "TOO_LONG"],
      ["input.phone", "INVALID"],
      ["input.homeAreaCode", "NOT_FOUND"],
      ["input.languages", "INVALID"],
      ["input.partyRegistration", "INVALID"],
    ]);
    expect(await problems(resident, "registerMyself", "RegisterMyselfInput", {
      displayName: "錯誤示範", isPartyMember: true, partyRegistration: { employerOrganizationId: org["shujin-construction"], reportingAreaCode: "510107021" },
    })).toEqual([["input.partyRegistration", "INVALID"]]);
    expect(await problems(resident, "registerMyself", "RegisterMyselfInput", {
      displayName: "錯誤示範", isPartyMember: true, partyRegistration: { employerOrganizationId: Buffer.from("Organization:00000000-0000-4000-8000-000000000000").toString("base64url"), reportingAreaCode: "510107021001" },
    })).toEqual([["input.partyRegistration", "NOT_FOUND"]]);
    await as(resident, "registerMyself", "RegisterMyselfInput", { displayName: "錯誤示範", languages: ["zh", "en", "yue"] }, "person { id }");
    expect(await problems(resident, "registerMyself", "RegisterMyselfInput", { displayName: "再一次" })).toEqual([["input.displayName", "TAKEN"]]);
    expect(await problems(resident, "updateMyProfile", "UpdateMyProfileInput", { displayName: null, languages: ["zh", "en", "yue", "fr", "de", "ja", "ko", "es", "it", "ru", "ar"] })).toEqual([
      ["input.displayName", "REQUIRED"],
      ["input.languages", "OUT_OF_RANGE"],
    ]);
  });

  it("checks consents and rosters", async () => {
    const resident = await newAccount("同意測試");
    expect(await problems(resident, "grantConsent", "GrantConsentInput", { organizationId: org[TEAM], purpose: "聯絡" })).toEqual([["input.organizationId", "NOT_FOUND"]]);
    const { person } = await as<{ person: { id: string } }>(resident, "registerMyself", "RegisterMyselfInput", { displayName: "同意測試" }, "person { id }");
    expect(await problems(resident, "grantConsent", "GrantConsentInput", { organizationId: org[TEAM], purpose: "  " })).toEqual([["input.purpose", "BLANK"]]);
    expect(await problems(resident, "grantConsent", "GrantConsentInput", { organizationId: person.id, purpose: "聯絡" })).toEqual([["input.organizationId", "INVALID"]]);
    expect(await problems(resident, "withdrawConsent", "WithdrawConsentInput", { organizationId: org[TEAM] })).toEqual([["input.organizationId", "NOT_FOUND"]]);
    expect(await problems(resident, "leaveTeam", "LeaveTeamInput", { organizationId: org[TEAM] })).toEqual([["input.organizationId", "NOT_FOUND"]]);
    expect(await problems(teamAdmin, "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[TEAM], personId: person.id })).toEqual([["input.personId", "NOT_FOUND"]]);
    await as(resident, "grantConsent", "GrantConsentInput", { organizationId: org[TEAM], purpose: "聯絡" }, "consent { purpose }");
    await as(teamAdmin, "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[TEAM], personId: person.id }, "teamMembership { role }");
    expect(await problems(teamAdmin, "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[TEAM], personId: person.id })).toEqual([["input.personId", "TAKEN"]]);
    expect(await problems(teamAdmin, "updatePerson", "UpdatePersonInput", { actingOrganizationId: org[TEAM], personId: person.id, about: "代改" })).toEqual([["input.personId", "NOT_PERMITTED"]]);
    expect(await problems(teamAdmin, "registerPerson", "RegisterPersonInput", { actingOrganizationId: org[TEAM], displayName: "未來人", consent: { purpose: "登記", consentedAt: "2999-01-01T00:00:00Z" } })).toEqual([["input.consentedAt", "OUT_OF_RANGE"]]);
    expect(await problems(teamAdmin, "removeTeamMember", "RemoveTeamMemberInput", { actingOrganizationId: org[TEAM], personId: org[TEAM] })).toEqual([["input.personId", "INVALID"]]);
    const { body } = await server.graphql(`{ myData { person { id } } }`);
    expect(body.errors![0].extensions!.code).toBe("UNAUTHENTICATED");
  });
});
