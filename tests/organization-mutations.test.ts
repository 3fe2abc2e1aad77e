import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

interface UserError {
  field: string[];
  code: string;
  message: string;
}
interface Payload {
  organization: { id: string; name: string; slug: string; parent: { name: string } | null; area: { code: string }; latitude: number | null; longitude: number | null } | null;
  userErrors: UserError[];
}

const FIELDS = `organization { id name slug parent { name } area { code } latitude longitude } userErrors { field code message }`;

async function mutate(mutation: "createOrganization" | "updateOrganization", input: Record<string, unknown>, headers: Record<string, string>): Promise<Payload> {
  const inputType = mutation === "createOrganization" ? "CreateOrganizationInput" : "UpdateOrganizationInput";
  const { body } = await server.graphql<Record<string, Payload>>(`mutation ($input: ${inputType}!) { ${mutation}(input: $input) { ${FIELDS} } }`, { input }, headers);
  expect(body.errors).toBeUndefined();
  return body.data![mutation];
}
/** Registered by the demo admin of the Party branch of 錦苑, who becomes the new organisation's owner. */
const create = async (input: Record<string, unknown>) => mutate("createOrganization", input, await registrar());
/** Changed by an admin of the organisation: its demo admin, or the registrar for ones made here. */
const update = async (input: Record<string, unknown>, headers?: Record<string, string>) =>
  mutate("updateOrganization", input, headers ?? (await server.asAdminOf(input.id as string)));
const registrar = async () => server.asAdminOf(await idOf("jinyuan-party-branch"));

async function organizationCount(): Promise<number> {
  const [{ count }] = await server.dataSource.query("SELECT count(*)::int AS count FROM organization");
  return count;
}

async function idOf(slug: string): Promise<string> {
  const { body } = await server.graphql<{ organization: { id: string } }>(`query ($slug: String!) { organization(slug: $slug) { id } }`, { slug });
  return body.data!.organization.id;
}

const valid = { kind: "VOLUNTEER_TEAM", name: "錦苑巾幗志願服務隊", slug: "jinyuan-women-volunteers", areaCode: "510107021002" };

describe("registering and updating organisations", () => {
  it("registers an organisation under a parent and finds it afterwards", async () => {
    const parentId = await idOf("jinyuan-party-branch");
    const result = await create({ ...valid, parentId, latitude: 30.6399, longitude: 104.049, website: "https://example.org/jinyuan", contactPhone: "+86 28-8555 2001" });
    expect(result.userErrors).toEqual([]);
    expect(result.organization).toMatchObject({ name: valid.name, slug: valid.slug, parent: { name: "錦苑社區黨支部" }, area: { code: "510107021002" } });
    const { body } = await server.graphql<{ organizations: { nodes: { slug: string }[] } }>(`{ organizations(filter: { search: "巾幗" }) { nodes { slug } } }`);
    expect(body.data!.organizations.nodes).toEqual([{ slug: valid.slug }]);
  });

  it("reports every broken rule at once and writes nothing", async () => {
    const before = await organizationCount();
    const result = await create({
      kind: "NGO",
      name: "   ",
      slug: "Not A Slug",
      areaCode: "999999",
      description: "長".repeat(5001),
      latitude: 91,
      longitude: 200,
      website: "ftp://example.org",
      contactPhone: "call me",
    });
    expect(result.organization).toBeNull();
    const problems = Object.fromEntries(result.userErrors.map((error) => [error.field.join("."), error.code]));
    expect(problems).toEqual({
      "input.name": "BLANK",
      "input.slug": "INVALID",
      "input.areaCode": "NOT_FOUND",
      "input.description": "TOO_LONG",
      "input.latitude": "OUT_OF_RANGE",
      "input.longitude": "OUT_OF_RANGE",
      "input.website": "INVALID",
      "input.contactPhone": "INVALID",
    });
    expect(result.userErrors.every((error) => error.message.length > 10)).toBe(true);
    expect(await organizationCount()).toBe(before);
  });

  it("refuses an over-long name, a taken slug, an unknown parent and half a location", async () => {
    const result = await create({
      ...valid,
      name: "名".repeat(201),
      slug: "qinggang-street-office",
      parentId: Buffer.from("Organization:00000000-0000-4000-8000-000000000000").toString("base64url"),
      latitude: 30.6,
    });
    const problems = Object.fromEntries(result.userErrors.map((error) => [error.field.join("."), error]));
    expect(problems["input.name"].code).toBe("TOO_LONG");
    expect(problems["input.name"].message).toContain("200");
    expect(problems["input.slug"]).toMatchObject({ code: "TAKEN" });
    expect(problems["input.slug"].message).toContain("青杠街道辦事處");
    expect(problems["input.parentId"].code).toBe("NOT_FOUND");
    expect(problems["input.longitude"].code).toBe("REQUIRED");
  });

  it("refuses a parentId that is the ID of another type", async () => {
    const { body } = await server.graphql<{ area: { id: string } }>(`{ area(code: "510107") { id } }`);
    const result = await create({ ...valid, slug: "another-slug", parentId: body.data!.area.id });
    expect(result.userErrors).toEqual([{ field: ["input", "parentId"], code: "INVALID", message: expect.stringContaining("an Area, not of an Organization") }]);
  });

  it("updates only the fields given, clears with null, and keeps the rest", async () => {
    const id = await idOf("lvya-environmental");
    const result = await update({ id, name: "綠芽環保公益協會（玉林）", latitude: null, longitude: null, parentId: null });
    expect(result.userErrors).toEqual([]);
    expect(result.organization).toMatchObject({ name: "綠芽環保公益協會（玉林）", slug: "lvya-environmental", latitude: null, longitude: null, parent: null });
    const cleared = await update({ id, name: null });
    expect(cleared.userErrors).toEqual([{ field: ["input", "name"], code: "REQUIRED", message: "name is required." }]);
  });

  it("refuses a parent that would make a cycle", async () => {
    const committee = await idOf("qinggang-lin-party-committee");
    const branch = await idOf("qinggang-lin-grid-1-party-branch");
    const self = await update({ id: committee, parentId: committee });
    expect(self.userErrors.map((error) => error.code)).toEqual(["CYCLE"]);
    const below = await update({ id: committee, parentId: branch });
    expect(below.userErrors).toEqual([{ field: ["input", "parentId"], code: "CYCLE", message: expect.stringContaining("青杠林社區第一網格黨支部") }]);
    const [{ parent_id: parentOfCommittee }] = await server.dataSource.query("SELECT parent_id FROM organization WHERE slug = 'qinggang-lin-party-committee'");
    expect(parentOfCommittee).toBeNull();
  });

  it("never closes a cycle when two moves race", async () => {
    const a = (await create({ ...valid, slug: "race-a", name: "甲" })).organization!.id;
    const b = (await create({ ...valid, slug: "race-b", name: "乙" })).organization!.id;
    const owner = await registrar();
    const results = await Promise.all([update({ id: a, parentId: b }, owner), update({ id: b, parentId: a }, owner)]);
    expect(results.filter((result) => result.userErrors.length === 0)).toHaveLength(1);
    expect(results.filter((result) => result.userErrors[0]?.code === "CYCLE")).toHaveLength(1);
  });

  it("gives one of two racing registrations of a slug a TAKEN error, not a failure", async () => {
    const attempts = await Promise.all(Array.from({ length: 6 }, (_, index) => create({ ...valid, slug: "contested-slug", name: `搶註${index}` })));
    expect(attempts.filter((attempt) => attempt.organization !== null)).toHaveLength(1);
    const refused = attempts.filter((attempt) => attempt.organization === null);
    expect(refused).toHaveLength(5);
    expect(refused.every((attempt) => attempt.userErrors[0].code === "TAKEN")).toBe(true);
  });

  it("refuses an unknown organisation without telling whether it exists, and a malformed id as a userError", async () => {
    // Nobody administers an organisation that does not exist, so the refusal comes first and says nothing more.
    const missing = Buffer.from("Organization:00000000-0000-4000-8000-000000000000").toString("base64url");
    const { body } = await server.graphql(`mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { userErrors { code } } }`, { input: { id: missing, name: "不存在" } }, await registrar());
    expect(body.errors![0].extensions!.code).toBe("FORBIDDEN");
    const malformed = await update({ id: "not-an-id", name: "不存在" }, await registrar());
    expect(malformed.userErrors[0]).toMatchObject({ field: ["input", "id"], code: "INVALID" });
  });
});
