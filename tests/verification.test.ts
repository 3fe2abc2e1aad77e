import { readFile } from "node:fs/promises";
import path from "node:path";
import { AreaLevel } from "../src/entities/area";
import { OrganizationKind } from "../src/entities/organization";
import { mayVouchFor, VOUCHING } from "../src/auth/vouching";
import { inHours, organizationIds, UserError } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asAdmin = async (slug: string) => bearer(await server.signIn(`admin@${slug}.example.org`));

interface Verification {
  status: string;
  verifiedAt: string | null;
  note: string | null;
  verifiedBy: { name: string } | null;
}
interface Payload {
  organization: { id: string; verification: Verification } | null;
  userErrors: UserError[];
}
const VERIFICATION = "verification { status verifiedAt note verifiedBy { name } }";

async function mutation(name: string, inputType: string, input: Record<string, unknown>, headers: Record<string, string>, selection = `organization { id ${VERIFICATION} }`) {
  const { body } = await server.graphql<Record<string, Payload>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
    { input },
    headers,
  );
  return body;
}

/** A person who signs up and registers an organisation of their own: it starts unverified. */
async function newcomerRegisters(kind: OrganizationKind, name: string, areaCode: string): Promise<{ id: string; headers: Record<string, string> }> {
  const email = `${unique("newcomer")}@example.org`;
  await mutation("signUp", "SignUpInput", { email, displayName: "新來的人", password: "long enough password" }, {}, "user { id }");
  const headers = bearer(await server.signIn(email, "long enough password"));
  const body = await mutation("createOrganization", "CreateOrganizationInput", { kind, name, slug: unique("org"), areaCode }, headers);
  const created = body.data!.createOrganization;
  expect(created.userErrors).toEqual([]);
  expect(created.organization!.verification).toEqual({ status: "UNVERIFIED", verifiedAt: null, note: null, verifiedBy: null });
  return { id: created.organization!.id, headers };
}

const verify = async (voucherSlug: string, organizationId: string, note: string | null = "核對了登記證書") =>
  (await mutation("verifyOrganization", "VerifyOrganizationInput", { actingOrganizationId: org[voucherSlug], organizationId, note }, await asAdmin(voucherSlug))).data!.verifyOrganization;

const publicActualAlert = (actingOrganizationId: string) => ({
  actingOrganizationId,
  status: "ACTUAL",
  scope: "PUBLIC",
  categories: ["SAFETY"],
  event: "緊急疏散",
  urgency: "IMMEDIATE",
  severity: "EXTREME",
  certainty: "OBSERVED",
  headline: "全市緊急疏散",
  expires: inHours(2),
  areas: [{ description: "青杠街道", areaCodes: ["510107021"] }],
});

async function issueAlert(actingOrganizationId: string, headers: Record<string, string>) {
  const body = await mutation("issueAlert", "AlertInput", publicActualAlert(actingOrganizationId), headers, "alert { id identifier }");
  expect(body.errors).toBeUndefined();
  return body.data!.issueAlert as unknown as { alert: { id: string; identifier: string } | null; userErrors: UserError[] };
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, ["wuhou-civil-affairs", "wuhou-civil-affairs", "qinggang-lin-party-committee", "jinyuan-party-branch", "nuanyang-social-work"]);
});
afterAll(() => server.close());

describe("who an organisation is must be vouched for, not typed in", () => {
  it("the demo organisations arrive verified", async () => {
    const { body } = await server.graphql<{ organizations: { nodes: { slug: string; verification: Verification }[] } }>(
      `{ organizations(first: 100) { nodes { slug verification { status verifiedAt note verifiedBy { name } } } } }`,
    );
    const statuses = new Set(body.data!.organizations.nodes.filter((node) => !node.slug.startsWith("org-")).map((node) => node.verification.status));
    expect(statuses).toEqual(new Set(["VERIFIED"]));
  });

  it("anyone with an account who registers a 'government agency' cannot publish an official alert until the district vouches for it", async () => {
    const impostor = await newcomerRegisters(OrganizationKind.GOVERNMENT_AGENCY, "成都市應急管理局", "510107021");
    const refused = await issueAlert(impostor.id, impostor.headers);
    expect(refused.alert).toBeNull();
    expect(refused.userErrors).toEqual([
      { field: ["input", "actingOrganizationId"], code: "NOT_PERMITTED", message: "成都市應急管理局 is not verified yet; an organisation that may vouch for it must verify it before it can issue, update or cancel alerts." },
    ]);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM alert WHERE issuing_organization_id = (SELECT id FROM organization WHERE name = '成都市應急管理局')`);
    expect(count).toBe(0);
    expect(await (await fetch(`${server.url.replace(/\/graphql$/, "")}/cap/feed.atom`)).text()).not.toContain("全市緊急疏散");

    // The district's civil-affairs bureau checks who they are and vouches for the street's agency.
    const verified = await verify("wuhou-civil-affairs", impostor.id, "已核實為青杠街道應急辦");
    expect(verified.userErrors).toEqual([]);
    expect(verified.organization!.verification).toEqual({ status: "VERIFIED", verifiedAt: expect.any(String), note: "已核實為青杠街道應急辦", verifiedBy: { name: "武侯區民政局" } });
    const issued = await issueAlert(impostor.id, impostor.headers);
    expect(issued.userErrors).toEqual([]);
    expect(issued.alert).not.toBeNull();
  });

  it("a community's Party committee vouches for an NGO registered in its community, but not for one outside it", async () => {
    const inside = await newcomerRegisters(OrganizationKind.NGO, "青杠林鄰里互助會", "510107021001002");
    const outside = await newcomerRegisters(OrganizationKind.NGO, "錦苑鄰里互助會", "510107021002");

    const accepted = await verify("qinggang-lin-party-committee", inside.id);
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.organization!.verification).toMatchObject({ status: "VERIFIED", verifiedBy: { name: "中共青杠林社區委員會" }, note: "核對了登記證書" });

    const refused = await verify("qinggang-lin-party-committee", outside.id);
    expect(refused.organization).toBeNull();
    expect(refused.userErrors).toEqual([{ field: ["input", "organizationId"], code: "NOT_PERMITTED", message: expect.stringMatching(/^中共青杠林社區委員會 may not vouch for 錦苑鄰里互助會: /) }]);
    // Its own community's Party organisation may.
    expect((await verify("jinyuan-party-branch", outside.id)).userErrors).toEqual([]);

    // Nor does a community Party committee vouch for a government agency, even in its own community.
    const agency = await newcomerRegisters(OrganizationKind.GOVERNMENT_AGENCY, "青杠林社區居委會", "510107021001");
    expect((await verify("qinggang-lin-party-committee", agency.id)).userErrors.map((error) => error.code)).toEqual(["NOT_PERMITTED"]);
  });

  it("an unverified organisation cannot vouch, until it is verified itself", async () => {
    const committee = await newcomerRegisters(OrganizationKind.PARTY_COMMITTEE, "中共桂溪社區委員會", "510107021003");
    const ngo = await newcomerRegisters(OrganizationKind.NGO, "桂溪讀書會", "510107021003001");
    const vouch = () => mutation("verifyOrganization", "VerifyOrganizationInput", { actingOrganizationId: committee.id, organizationId: ngo.id, note: null }, committee.headers);

    const refused = (await vouch()).data!.verifyOrganization;
    expect(refused.userErrors).toEqual([
      { field: ["input", "actingOrganizationId"], code: "NOT_PERMITTED", message: "中共桂溪社區委員會 is not verified itself, so it cannot vouch for other organisations." },
    ]);

    expect((await verify("wuhou-civil-affairs", committee.id)).userErrors).toEqual([]);
    const accepted = (await vouch()).data!.verifyOrganization;
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.organization!.verification).toMatchObject({ status: "VERIFIED", verifiedBy: { name: "中共桂溪社區委員會" }, note: null });
  });

  it("only the vouching organisation's admins verify: its members are refused, and the organisation cannot vouch for itself", async () => {
    const ngo = await newcomerRegisters(OrganizationKind.NGO, "青杠林跑團", "510107021001");
    const coordinator = bearer(await server.signIn("coordinator@qinggang-lin-party-committee.example.org"));
    const asCoordinator = await mutation("verifyOrganization", "VerifyOrganizationInput", { actingOrganizationId: org["qinggang-lin-party-committee"], organizationId: ngo.id }, coordinator);
    expect(asCoordinator.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);
    const itself = await verify("qinggang-lin-party-committee", org["qinggang-lin-party-committee"]);
    expect(itself.userErrors.map((error) => error.code)).toEqual(["NOT_PERMITTED"]);
  });

  it("the voucher revokes a verification; it is audited, and the organisation loses its authority", async () => {
    const branch = await newcomerRegisters(OrganizationKind.PARTY_BRANCH, "青杠林第二網格黨支部", "510107021001002");
    expect((await verify("wuhou-civil-affairs", branch.id)).userErrors).toEqual([]);
    expect((await issueAlert(branch.id, branch.headers)).userErrors).toEqual([]);

    const revoke = () =>
      asAdmin("wuhou-civil-affairs").then((headers) =>
        mutation("revokeVerification", "RevokeVerificationInput", { actingOrganizationId: org["wuhou-civil-affairs"], organizationId: branch.id, note: "支部已撤銷" }, headers),
      );
    const revoked = (await revoke()).data!.revokeVerification;
    expect(revoked.userErrors).toEqual([]);
    expect(revoked.organization!.verification).toEqual({ status: "UNVERIFIED", verifiedAt: null, note: "支部已撤銷", verifiedBy: null });
    expect((await issueAlert(branch.id, branch.headers)).userErrors.map((error) => error.code)).toEqual(["NOT_PERMITTED"]);

    const again = (await revoke()).data!.revokeVerification;
    expect(again.userErrors).toEqual([{ field: ["input", "organizationId"], code: "INVALID_TRANSITION", message: "青杠林第二網格黨支部 is not verified, so there is no verification to revoke." }]);

    const entries = await server.dataSource.query(
      `SELECT action, after->>'verificationStatus' AS status FROM audit_entry WHERE entity_id = (SELECT id::text FROM organization WHERE name = '青杠林第二網格黨支部') AND action <> 'createOrganization' ORDER BY id`,
    );
    expect(entries).toEqual([
      { action: "verifyOrganization", status: "VERIFIED" },
      { action: "revokeVerification", status: "UNVERIFIED" },
    ]);
  });

  it("changing the kind, name or area of a verified organisation takes re-verification; other details do not", async () => {
    const ngo = await newcomerRegisters(OrganizationKind.NGO, "青杠林環保隊", "510107021001");
    expect((await verify("qinggang-lin-party-committee", ngo.id)).userErrors).toEqual([]);
    const update = async (fields: Record<string, unknown>) =>
      (await mutation("updateOrganization", "UpdateOrganizationInput", { id: ngo.id, ...fields }, ngo.headers)).data!.updateOrganization.organization!.verification.status;

    expect(await update({ description: "每週六清掃社區", kind: "NGO", name: " 青杠林環保隊 " })).toBe("VERIFIED");
    expect(await update({ kind: "GOVERNMENT_AGENCY" })).toBe("UNVERIFIED");
    expect((await issueAlert(ngo.id, ngo.headers)).userErrors.map((error) => error.code)).toEqual(["NOT_PERMITTED"]);

    const renamed = await newcomerRegisters(OrganizationKind.VOLUNTEER_TEAM, "青杠林巡邏隊", "510107021001");
    expect((await verify("qinggang-lin-party-committee", renamed.id)).userErrors).toEqual([]);
    const rename = await mutation("updateOrganization", "UpdateOrganizationInput", { id: renamed.id, name: "青杠街道辦事處" }, renamed.headers);
    expect(rename.data!.updateOrganization.organization!.verification.status).toBe("UNVERIFIED");
  });
});

describe("parent links need consent", () => {
  const PARENTS = `organization { id parent { name } requestedParent { name } } userErrors { field code message }`;
  const childrenOfCommittee = async () => {
    const { body } = await server.graphql<{ organizations: { nodes: { name: string }[] } }>(`query ($id: ID!) { organizations(first: 100, filter: { parentId: $id }) { nodes { name } } }`, {
      id: org["qinggang-lin-party-committee"],
    });
    return body.data!.organizations.nodes.map((node) => node.name);
  };
  const answer = async (organizationId: string, accept: boolean) =>
    (
      await mutation(
        "answerParentRequest",
        "AnswerParentRequestInput",
        { actingOrganizationId: org["qinggang-lin-party-committee"], organizationId, accept },
        await asAdmin("qinggang-lin-party-committee"),
        PARENTS,
      )
    ).data!.answerParentRequest as unknown as { organization: { parent: { name: string } | null; requestedParent: { name: string } | null } | null; userErrors: UserError[] };

  it("naming a parent asks its admins, and confers nothing until they accept", async () => {
    const team = await newcomerRegisters(OrganizationKind.VOLUNTEER_TEAM, "青杠林黨員先鋒隊", "510107021001");
    const asked = (await mutation("updateOrganization", "UpdateOrganizationInput", { id: team.id, parentId: org["qinggang-lin-party-committee"] }, team.headers, PARENTS)).data!.updateOrganization as unknown as {
      organization: { parent: unknown; requestedParent: unknown };
    };
    expect(asked.organization).toMatchObject({ parent: null, requestedParent: { name: "中共青杠林社區委員會" } });
    expect(await childrenOfCommittee()).not.toContain("青杠林黨員先鋒隊");

    const { body } = await server.graphql<{ organizations: { nodes: { name: string }[] } }>(`query ($id: ID!) { organizations(first: 100, filter: { requestedParentId: $id }) { nodes { name } } }`, {
      id: org["qinggang-lin-party-committee"],
    });
    expect(body.data!.organizations.nodes.map((node) => node.name)).toContain("青杠林黨員先鋒隊");

    const accepted = await answer(team.id, true);
    expect(accepted.userErrors).toEqual([]);
    expect(accepted.organization).toMatchObject({ parent: { name: "中共青杠林社區委員會" }, requestedParent: null });
    expect(await childrenOfCommittee()).toContain("青杠林黨員先鋒隊");
    expect((await answer(team.id, true)).userErrors.map((error) => error.code)).toEqual(["NOT_FOUND"]);
  });

  it("the parent's admins may refuse, and only they answer", async () => {
    const stranger = await newcomerRegisters(OrganizationKind.ENTERPRISE, "冒名下屬公司", "510107021001");
    await mutation("updateOrganization", "UpdateOrganizationInput", { id: stranger.id, parentId: org["qinggang-lin-party-committee"] }, stranger.headers, PARENTS);
    const itself = await mutation("answerParentRequest", "AnswerParentRequestInput", { actingOrganizationId: org["qinggang-lin-party-committee"], organizationId: stranger.id, accept: true }, stranger.headers, PARENTS);
    expect(itself.errors?.map((error) => error.extensions?.code)).toEqual(["FORBIDDEN"]);

    const refused = await answer(stranger.id, false);
    expect(refused.userErrors).toEqual([]);
    expect(refused.organization).toMatchObject({ parent: null, requestedParent: null });
    expect(await childrenOfCommittee()).not.toContain("冒名下屬公司");
  });
});

describe("the table of who vouches for whom", () => {
  const levels = Object.values(AreaLevel);
  const kinds = Object.values(OrganizationKind);
  // A made-up code per level, each inside the one before.
  const CODE: Record<AreaLevel, string> = { CITY: "5101", DISTRICT: "510107", STREET: "510107021", COMMUNITY: "510107021001", GRID: "510107021001001" };
  const placed = (kind: OrganizationKind, level: AreaLevel) => ({ kind, areaCode: CODE[level], areaLevel: level });

  it("never lets an organisation vouch for one of its own kind and level, so nobody vouches for themselves", () => {
    for (const kind of kinds) for (const level of levels) expect(mayVouchFor(placed(kind, level), placed(kind, level))).toBe(false);
  });

  it("gives every organisation of a street, community or grid someone who may vouch for it", () => {
    for (const kind of kinds) {
      for (const level of [AreaLevel.STREET, AreaLevel.COMMUNITY, AreaLevel.GRID]) {
        const vouchers = kinds.flatMap((voucherKind) => levels.filter((voucherLevel) => mayVouchFor(placed(voucherKind, voucherLevel), placed(kind, level))));
        // Street-level NGOs and the like are the exception: README says the operator verifies them.
        if (level === AreaLevel.STREET && ![OrganizationKind.PARTY_COMMITTEE, OrganizationKind.PARTY_BRANCH, OrganizationKind.GOVERNMENT_AGENCY].includes(kind)) continue;
        expect({ kind, level, vouched: vouchers.length > 0 }).toEqual({ kind, level, vouched: true });
      }
    }
  });

  it("never reaches outside the voucher's area", () => {
    const elsewhere = { kind: OrganizationKind.NGO, areaCode: "510107022001", areaLevel: AreaLevel.COMMUNITY };
    expect(mayVouchFor(placed(OrganizationKind.PARTY_COMMITTEE, AreaLevel.COMMUNITY), elsewhere)).toBe(false);
  });

  it("is the table README shows", async () => {
    const readme = await readFile(path.join(__dirname, "..", "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `VOUCHING\[(\d)\]` \| ([A-Z_, ]+) of a (\w+) \| ([A-Z_, ]+) of a ([\w, ]+) \|$/gm)];
    expect(rows.map(([, index, voucherKinds, voucherLevel, voucheeKinds, voucheeLevels]) => ({
      index: Number(index),
      voucher: { kinds: voucherKinds.split(", "), level: voucherLevel.toUpperCase() },
      vouchee: { kinds: voucheeKinds.split(", "), levels: voucheeLevels.split(/, | or /).map((level) => level.toUpperCase()) },
    }))).toEqual(VOUCHING.map((rule, index) => ({ index, voucher: { kinds: [...rule.voucher.kinds], level: rule.voucher.level }, vouchee: { kinds: [...rule.vouchee.kinds], levels: [...rule.vouchee.levels] } })));
  });
});
