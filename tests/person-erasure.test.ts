import { organizationIds, UserError } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function as<T>(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>, selection: string): Promise<T> {
  const { body } = await server.graphql<Record<string, T & { userErrors: UserError[] }>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
    { input },
    headers,
  );
  expect([name, body.errors, body.data?.[name].userErrors]).toEqual([name, undefined, []]);
  return body.data![name];
}

async function newAccount(name: string): Promise<Record<string, string>> {
  const email = `${unique("person")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  return bearer(await server.signIn(email, "long enough password"));
}

/** Every place in the database where `value` is written: table and column, found in every text, JSON and array column of every table. */
async function whereHeld(value: string): Promise<string[]> {
  const columns: { table_name: string; column_name: string }[] = await server.dataSource.query(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`,
  );
  expect(columns.length).toBeGreaterThan(40);
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM "${table}" WHERE strpos("${column}"::text, $1) > 0`, [value]);
    if (count > 0) found.push(`${table}.${column}`);
  }
  return found;
}

async function exported(headers: Record<string, string>): Promise<string> {
  const bodies = await Promise.all(["/exports/needs.csv", "/exports/3w.csv"].map(async (path) => (await fetch(new URL(path, server.url), { headers })).text()));
  return bodies.join("\n");
}

const TEAM = "qinggang-lin-party-volunteers";
const OTHER_TEAM = "guixi-student-volunteers";
const ISSUER = "qinggang-lin-party-committee";

/** The person serves a verified 3-hour shift of the team (earning 30 points) and redeems 12 of them: hours and points to keep. */
async function serveAndRedeem(resident: Record<string, string>): Promise<void> {
  const team = await server.asAdminOf(org[TEAM]);
  await as(await server.asAdminOf(org[ISSUER]), "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org[ISSUER], organizationId: org[TEAM], points: 100 }, "entry { id }");
  await as(team, "setPointsRule", "SetPointsRuleInput", { actingOrganizationId: org[TEAM], kind: "ENVIRONMENT", pointsPerHour: 10 }, "rule { pointsPerHour }");
  const { activity } = await as<{ activity: { id: string; shifts: { id: string }[] } }>(team, "createActivity", "CreateActivityInput", {
    actingOrganizationId: org[TEAM], kind: "ENVIRONMENT", title: "大觀園清潔", areaCode: "510107021001", shifts: [{ startsAt: new Date(Date.now() + 3_600_000).toISOString(), endsAt: new Date(Date.now() + 4 * 3_600_000).toISOString(), capacity: 5 }],
  }, "activity { id shifts { id } }");
  await as(team, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId: activity.id, status: "PUBLISHED" }, "activity { id }");
  const { signUp } = await as<{ signUp: { id: string } }>(resident, "signUpForShift", "SignUpForShiftInput", { shiftId: activity.shifts[0].id }, "signUp { id }");
  await server.dataSource.query(`UPDATE activity_shift SET starts_at = now() - interval '4 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [Buffer.from(activity.shifts[0].id, "base64url").toString().split(":")[1]]);
  await as(team, "recordHours", "RecordHoursInput", { actingOrganizationId: org[TEAM], signUpId: signUp.id, hours: 3 }, "signUp { id }");
  await as(team, "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[TEAM], signUpId: signUp.id }, "signUp { id }");
  const { reward } = await as<{ reward: { id: string } }>(team, "createReward", "CreateRewardInput", { actingOrganizationId: org[TEAM], name: "花露水", pointsPrice: 12, stock: 3 }, "reward { id }");
  await as(resident, "redeemReward", "RedeemRewardInput", { rewardId: reward.id }, "redemption { entry { id } }");
}

/** A person's verified hours and points balance, from the rows. */
async function sumsOf(label: string): Promise<{ hours: string; balance: string; entries: number }> {
  const [sums] = await server.dataSource.query(
    `SELECT (SELECT sum(hours)::text FROM shift_sign_up WHERE person_id = p.id AND verified_at IS NOT NULL) AS hours,
            (SELECT balance::text FROM points_account WHERE person_id = p.id) AS balance,
            (SELECT count(*)::int FROM points_entry e JOIN points_account a ON a.id IN (e.from_account_id, e.to_account_id) WHERE a.person_id = p.id) AS entries
     FROM person p WHERE p.label = $1`,
    [label],
  );
  return sums;
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [TEAM, OTHER_TEAM, "wuhou-third-peoples-hospital", ISSUER]);
});
afterAll(() => server.close());

describe("erasure leaves no name, phone or free text anywhere", () => {
  it("forgets a resident who asked to be erased, and keeps their row under its label", async () => {
    const values = { displayName: "甄寶玉", realName: "甄應嘉之子", phone: "13712345601", about: "住在大觀園怡紅院東廂" };
    const resident = await newAccount(values.displayName);
    const registered = await server.graphql<{ registerMyself: { person: { id: string; label: string } } }>(
      `mutation ($input: RegisterMyselfInput!) { registerMyself(input: $input) { person { id label displayName realName phone about } userErrors { code } } }`,
      { input: { ...values, homeAreaCode: "510107021001001", skills: ["MEDICAL"], isPartyMember: true, partyRegistration: { employerOrganizationId: org["wuhou-third-peoples-hospital"], reportingAreaCode: "510107021001" }, idempotencyKey: unique("register") } },
      resident,
    );
    const { id, label } = registered.body.data!.registerMyself.person;
    await as(resident, "updateMyProfile", "UpdateMyProfileInput", { about: `${values.about}，週末在家`, idempotencyKey: unique("update") }, "person { about }");
    await as(resident, "grantConsent", "GrantConsentInput", { organizationId: org[TEAM], purpose: "排班與聯絡" }, "consent { purpose }");
    await as(await server.asAdminOf(org[TEAM]), "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[TEAM], personId: id, role: "TEAM_LEADER" }, "teamMembership { role }");
    await serveAndRedeem(resident);
    expect(await sumsOf(label)).toEqual({ hours: "3.00", balance: "18", entries: 2 });
    // Before erasure the values are held, in the places the scan must reach (the account, kept answers).
    expect(await whereHeld(values.phone)).toEqual(expect.arrayContaining(["person.phone", "idempotency_key.response"]));
    expect(await whereHeld(values.displayName)).toEqual(expect.arrayContaining(["person.display_name", "app_user.display_name", "audit_entry.after"]));

    const erased = await as<{ person: { label: string; displayName: string; phone: string | null; erasedAt: string } }>(resident, "requestErasure", "RequestErasureInput", {}, "person { label displayName phone erasedAt }");
    expect(erased.person).toEqual({ label, displayName: label, phone: null, erasedAt: expect.any(String) });

    for (const value of [...Object.values(values), `${values.about}，週末在家`]) expect([value, await whereHeld(value)]).toEqual([value, []]);
    const exportedText = await exported(await server.asAdminOf(org[TEAM]));
    for (const value of Object.values(values)) expect(exportedText).not.toContain(value);
    // The row stays, linked to no one; its consent is withdrawn and its team membership gone; the audit log keeps the steps.
    const [row] = await server.dataSource.query(`SELECT label, user_id, home_area_code, party_employer_organization_id, skills FROM person WHERE id = $1`, [Buffer.from(id, "base64url").toString().split(":")[1]]);
    expect(row).toEqual({ label, user_id: null, home_area_code: null, party_employer_organization_id: null, skills: [] });
    const { body } = await server.graphql<{ myData: { person: unknown; consents: unknown[]; teams: unknown[] } }>(`{ myData { person { id } consents { purpose } teams { role } } }`, {}, resident);
    expect(body.data!.myData).toEqual({ person: null, consents: [], teams: [] });
    const [{ actions }] = await server.dataSource.query(
      `SELECT array_agg(action ORDER BY id) AS actions FROM audit_entry WHERE entity_id = (SELECT id::text FROM person WHERE label = $1)`,
      [label],
    );
    expect(actions).toEqual(["registerMyself", "updateMyProfile", "erasureRequested"]);
    // Hours and points stay with the row, under its label.
    expect(await sumsOf(label)).toEqual({ hours: "3.00", balance: "18", entries: 2 });
  });

  it("erases a person registered by a team when the team records the withdrawal of their only consent", async () => {
    const values = { displayName: "林黛玉", realName: "林黛玉本名", phone: "13712345602", about: "瀟湘館，怕吵" };
    const admin = await server.asAdminOf(org[OTHER_TEAM]);
    const { person } = await as<{ person: { id: string; label: string } }>(admin, "registerPerson", "RegisterPersonInput", {
      actingOrganizationId: org[OTHER_TEAM], ...values, consent: { purpose: "大學生志願服務聯絡", consentedAt: "2026-11-01T09:00:00Z" }, idempotencyKey: unique("register"),
    }, "person { id label realName phone }");
    await as(admin, "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[OTHER_TEAM], personId: person.id }, "teamMembership { role }");
    expect(await whereHeld(values.realName)).toEqual(expect.arrayContaining(["person.real_name", "idempotency_key.response"]));

    const withdrawn = await as<{ person: { erasedAt: string | null; displayName: string } }>(admin, "recordConsentWithdrawal", "RecordConsentWithdrawalInput", { actingOrganizationId: org[OTHER_TEAM], personId: person.id }, "person { erasedAt displayName }");
    expect(withdrawn.person).toEqual({ erasedAt: expect.any(String), displayName: person.label });
    for (const value of Object.values(values)) expect([value, await whereHeld(value)]).toEqual([value, []]);
    const [consent] = await server.dataSource.query(`SELECT purpose, withdrawn_at IS NOT NULL AS withdrawn FROM person_consent c JOIN person p ON p.id = c.person_id WHERE p.label = $1`, [person.label]);
    expect(consent).toEqual({ purpose: "大學生志願服務聯絡", withdrawn: true });
    // The team no longer holds the person: it cannot act on them again.
    const again = await server.graphql<{ updatePerson: { userErrors: UserError[] } }>(
      `mutation ($input: UpdatePersonInput!) { updatePerson(input: $input) { userErrors { field code } } }`,
      { input: { actingOrganizationId: org[OTHER_TEAM], personId: person.id, displayName: values.displayName } },
      admin,
    );
    expect(again.body.data!.updatePerson.userErrors).toEqual([{ field: ["input", "personId"], code: "NOT_FOUND" }]);
  });

  it("keeps a person who withdraws one of two consents, and erases them with the last", async () => {
    const values = { displayName: "薛寶釵", phone: "13712345603" };
    const resident = await newAccount("寶釵的賬號");
    const { person } = await as<{ person: { id: string } }>(resident, "registerMyself", "RegisterMyselfInput", values, "person { id }");
    for (const slug of [TEAM, OTHER_TEAM]) {
      await as(resident, "grantConsent", "GrantConsentInput", { organizationId: org[slug], purpose: "志願服務" }, "consent { purpose }");
      await as(await server.asAdminOf(org[slug]), "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[slug], personId: person.id }, "teamMembership { role }");
    }
    const first = await as<{ person: { erasedAt: string | null; teams: { organization: { id: string } }[] } }>(resident, "withdrawConsent", "WithdrawConsentInput", { organizationId: org[TEAM] }, "person { erasedAt teams { organization { id } } }");
    expect(first.person).toEqual({ erasedAt: null, teams: [{ organization: { id: org[OTHER_TEAM] } }] });
    expect(await whereHeld(values.phone)).toEqual(["person.phone"]);

    const last = await as<{ person: { erasedAt: string | null } }>(resident, "withdrawConsent", "WithdrawConsentInput", { organizationId: org[OTHER_TEAM] }, "person { erasedAt }");
    expect(last.person.erasedAt).not.toBeNull();
    for (const value of Object.values(values)) expect([value, await whereHeld(value)]).toEqual([value, []]);
    // The account was named otherwise, and keeps its name: it is the account, not the person.
    expect(await whereHeld("寶釵的賬號")).toEqual(expect.arrayContaining(["app_user.display_name"]));
  });

  it("takes an erased person out of every key household, and their names out of its needs and visit findings", async () => {
    const values = { displayName: "賈母", realName: "史太君", phone: "13712345604" };
    const holder = await server.asAdminOf(org[ISSUER]);
    const register = async (name: string, extra: Record<string, unknown> = {}) =>
      (await as<{ person: { id: string } }>(holder, "registerPerson", "RegisterPersonInput", { actingOrganizationId: org[ISSUER], displayName: name, ...extra, consent: { purpose: "重點人群走訪" } }, "person { id }")).person.id;
    const grandmother = await register(values.displayName, { realName: values.realName, phone: values.phone });
    const maid = await register("鴛鴦");
    const { household } = await as<{ household: { id: string } }>(holder, "registerKeyHousehold", "RegisterKeyHouseholdInput", {
      actingOrganizationId: org[ISSUER], code: unique("RONG").replace(/[^-A-Za-z0-9]/g, ""), areaCode: "510107021001001", groups: ["ELDERLY"], needs: `${values.realName}年事已高，需要送餐`, visitEveryDays: 7, memberPersonIds: [grandmother, maid],
    }, "household { id }");
    await as(holder, "recordHouseholdVisit", "RecordHouseholdVisitInput", {
      actingOrganizationId: org[ISSUER], householdId: household.id, visitedAt: new Date().toISOString(), visitorPersonIds: [maid], findings: `${values.displayName}說腿疼`, followUp: `請醫生上門看${values.displayName}`,
    }, "visit { id }");
    expect(await whereHeld(values.realName)).toEqual(expect.arrayContaining(["person.real_name", "key_household.needs"]));
    expect(await whereHeld(values.displayName)).toEqual(expect.arrayContaining(["household_visit.findings", "household_visit.follow_up"]));

    await as(holder, "erasePerson", "ErasePersonInput", { actingOrganizationId: org[ISSUER], personId: grandmother }, "person { id }");
    for (const value of Object.values(values)) expect([value, await whereHeld(value)]).toEqual([value, []]);
    const { body } = await server.graphql<{ keyHousehold: { needs: string; memberCount: number; members: { id: string }[]; visits: { nodes: { findings: string | null }[] } } }>(
      `query ($id: ID!) { keyHousehold(id: $id) { needs memberCount members { id } visits { nodes { findings } } } }`, { id: household.id }, holder,
    );
    expect(body.data!.keyHousehold).toEqual({ needs: "***年事已高，需要送餐", memberCount: 1, members: [{ id: maid }], visits: { nodes: [{ findings: null }, { findings: "***說腿疼" }] } });
  });
});
