import { SignJWT } from "jose";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let areaId: string;
let nameCursor: string;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  const { body } = await server.graphql<{ area: { id: string }; organizations: { pageInfo: { endCursor: string } } }>(
    `{ area(code: "510107") { id } organizations(first: 1) { pageInfo { endCursor } } }`,
  );
  areaId = body.data!.area.id;
  nameCursor = body.data!.organizations.pageInfo.endCursor;
});
afterAll(() => server.close());

const foreignUuid = Buffer.from("Volunteer:00000000-0000-4000-8000-000000000000").toString("base64url");

describe("bad input gets a coded error that names the problem", () => {
  it.each([
    ["malformed GraphQL", `{ organizations(`, {}, "GRAPHQL_PARSE_FAILED", /Syntax Error/],
    ["an unknown field", `{ organizations { nodes { colour } } }`, {}, "GRAPHQL_VALIDATION_FAILED", /colour/],
    ["a wrong argument type", `{ organizations(first: "ten") { nodes { id } } }`, {}, "GRAPHQL_VALIDATION_FAILED", /Int/],
    ["a wrong variable type", `query ($n: Int) { organizations(first: $n) { nodes { id } } }`, { n: "ten" }, "BAD_USER_INPUT", /\$n/],
    ["an unknown enum value", `{ organizations(filter: { kinds: [SPACESHIP] }) { nodes { id } } }`, {}, "GRAPHQL_VALIDATION_FAILED", /SPACESHIP/],
    ["a global ID we did not issue", `{ organization(id: "not-an-id") { id } }`, {}, "BAD_USER_INPUT", /not an ID issued by this API/],
    ["the ID of an unknown type", `query ($id: ID!) { node(id: $id) { id } }`, { id: foreignUuid }, "BAD_USER_INPUT", /not an ID issued/],
    ["first over 100", `{ organizations(first: 1000) { nodes { id } } }`, {}, "BAD_USER_INPUT", /first must be from 0 to 100; it was 1000/],
    ["a negative first", `{ organizations(first: -1) { nodes { id } } }`, {}, "BAD_USER_INPUT", /first must be from 0 to 100/],
    ["first and last together", `{ organizations(first: 1, last: 1) { nodes { id } } }`, {}, "BAD_USER_INPUT", /either first or last/],
    ["a cursor we did not issue", `{ organizations(after: "bm90IG91cnM") { nodes { id } } }`, {}, "BAD_USER_INPUT", /not a cursor issued by this list/],
    ["an over-long search", `query ($s: String) { organizations(filter: { search: $s }) { nodes { id } } }`, { s: "字".repeat(101) }, "BAD_USER_INPUT", /longer than 100/],
    ["an unknown area code", `{ organizations(filter: { areaCode: "999999" }) { nodes { id } } }`, {}, "BAD_USER_INPUT", /no area has the code "999999"/],
    ["both id and slug", `{ organization(id: "x", slug: "y") { id } }`, {}, "BAD_USER_INPUT", /either id or slug/],
    ["too many node IDs", `query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(101).fill("x") }, "BAD_USER_INPUT", /at most 100/],
  ])("%s", async (_case, query, variables, code, message) => {
    const { body } = await server.graphql(query, variables);
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors!;
    expect(error.extensions?.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.extensions).not.toHaveProperty("stacktrace");
  });

  it("refuses the ID of an Area where an Organization is expected", async () => {
    const { body } = await server.graphql(`query ($id: ID!) { organization(id: $id) { id } }`, { id: areaId });
    expect(body.errors![0]).toMatchObject({ message: expect.stringContaining("is the ID of an Area, not of an Organization"), extensions: { code: "BAD_USER_INPUT" } });
  });

  it("refuses a cursor issued for another order", async () => {
    const { body } = await server.graphql(`query ($after: String) { organizations(after: $after, orderBy: { field: CREATED_AT }) { nodes { id } } }`, { after: nameCursor });
    expect(body.errors![0]).toMatchObject({ message: expect.stringMatching(/cursor for the order NAME.*orders by CREATED_AT/), extensions: { code: "BAD_USER_INPUT" } });
  });

  it("refuses a body over the size limit with 413", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ organizations { nodes { id } } }`, variables: { padding: "x".repeat(1_100_000) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: "The request body is larger than 1000000 bytes.", extensions: { code: "PAYLOAD_TOO_LARGE" } }] });
  });

  it("refuses a body that is not JSON", async () => {
    const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: "{ not json" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe("BAD_REQUEST");
  });

  it("refuses credentials it never issued with 401", async () => {
    const { status, body } = await server.graphql(`{ organizations { nodes { id } } }`, {}, { authorization: "Bearer forged" });
    expect(status).toBe(401);
    expect(body.errors![0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("keeps serving after all of that", async () => {
    const { body } = await server.graphql<{ organizations: { totalCount: number } }>(`{ organizations { totalCount } }`);
    expect(body.data!.organizations.totalCount).toBeGreaterThan(15);
  });
});

describe("hostile input a probe sent gets a coded refusal, never a 500 or INTERNAL_SERVER_ERROR", () => {
  const signUp = `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } userErrors { field code } } }`;
  const newAccount = (email: string) => ({ email, displayName: "Probe", password: "a long password" });
  const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString("base64url");
  let adminHeaders: Record<string, string>;
  let organizationId: string;
  beforeAll(async () => {
    const { body } = await server.graphql<{ organization: { id: string } }>(`{ organization(slug: "qinggang-lin-party-committee") { id } }`);
    organizationId = body.data!.organization.id;
    adminHeaders = await server.asAdminOf(organizationId);
  });

  function expectRefused(response: { status: number; body: { errors?: { extensions?: Record<string, unknown> }[] } }, code: string) {
    expect(response.status).toBeLessThan(500);
    expect(response.body.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  }

  it("refuses a NUL byte in an idempotency key", async () => {
    expectRefused(await server.graphql(signUp, { input: { ...newAccount("nul-key@example.org"), idempotencyKey: "key\u0000" } }), "BAD_USER_INPUT");
  });

  it("refuses variables nested too deeply to fingerprint for an idempotency key", async () => {
    const depth = 20_000;
    const input = JSON.stringify({ ...newAccount("deep@example.org"), idempotencyKey: "deep-variables" });
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: `{"query":${JSON.stringify(signUp)},"variables":{"input":${input},"unused":${"[".repeat(depth)}${"]".repeat(depth)}}}`,
    });
    expectRefused({ status: response.status, body: (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] } }, "BAD_USER_INPUT");
  });

  it("answers a CAP identifier with a NUL byte without a 500", async () => {
    const response = await fetch(new URL("/cap/alerts/%00.xml", server.url));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BAD_USER_INPUT");
  });

  it.each([
    ["no subject", {}],
    ["a subject that is not a user id", { sub: "not-a-uuid" }],
  ])("refuses a signed token with %s as unauthenticated", async (_case, claims) => {
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("cogov")
      .setAudience("cogov-api")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode(server.jwtSecret));
    const response = await server.graphql(`{ organizations(first: 1) { totalCount } }`, {}, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.body.errors![0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it.each([
    ["a row key of another table's kind", ["NAME", "x", "123"]],
    ["a NUL byte in its key", ["NAME", "a\u0000", "00000000-0000-4000-8000-000000000000"]],
  ])("refuses a forged cursor with %s", async (_case, parts) => {
    expectRefused(await server.graphql(`query ($after: String) { organizations(after: $after) { nodes { id } } }`, { after: cursorOf(parts) }), "BAD_USER_INPUT");
  });

  it("refuses a forged cursor whose time PostgreSQL cannot hold", async () => {
    const after = cursorOf(["CREATED_AT", "-200000-01-01T00:00:00.000Z", "00000000-0000-4000-8000-000000000000"]);
    expectRefused(await server.graphql(`query ($after: String) { organizations(after: $after, orderBy: { field: CREATED_AT }) { nodes { id } } }`, { after }), "BAD_USER_INPUT");
  });

  it("refuses a NUL byte in a search", async () => {
    expectRefused(await server.graphql(`query ($s: String) { organizations(filter: { search: $s }) { nodes { id } } }`, { s: "社區\u0000" }), "BAD_USER_INPUT");
  });

  it("reports a NUL byte in a text field as a userError on that field", async () => {
    const { status, body } = await server.graphql<{ signUp: { userErrors: unknown[] } }>(signUp, { input: { ...newAccount("nul-name@example.org"), displayName: "Pro\u0000be" } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data!.signUp.userErrors).toEqual([{ field: ["input", "displayName"], code: "INVALID" }]);
  });

  it("reports a start date PostgreSQL cannot hold as a userError", async () => {
    const { body } = await server.graphql<{ createProject: { userErrors: unknown[] } }>(
      `mutation ($input: CreateProjectInput!) { createProject(input: $input) { project { id } userErrors { field code } } }`,
      { input: { actingOrganizationId: organizationId, title: "Year zero", category: "OTHER", areaCode: "510107", startsOn: "0000-01-01" } },
      adminHeaders,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.createProject.userErrors).toEqual([{ field: ["input", "startsOn"], code: "INVALID" }]);
  });

  it.each([
    ["a type that is no entity", { __typename: "User", id: "x" }],
    ["a type the schema lacks", { __typename: "Nothing", id: "x" }],
    ["an id that is not a string", { __typename: "Organization", id: 5 }],
    ["no id", { __typename: "Organization" }],
  ])("refuses an entity representation with %s", async (_case, representation) => {
    const { status, body } = await server.graphql(`query ($r: [_Any!]!) { _entities(representations: $r) { __typename } }`, { r: [representation] });
    expect(status).toBeLessThan(500);
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });

  it("refuses a persisted query whose hash does not match it", async () => {
    const response = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }", extensions: { persistedQuery: { version: 1, sha256Hash: "0".repeat(64) } } }),
    });
    const body = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    expectRefused({ status: response.status, body }, "BAD_USER_INPUT");
  });

  it("lets two owners demote each other at once without an internal error", async () => {
    const owners: { id: string; headers: Record<string, string> }[] = [];
    for (const email of ["owner-a@example.org", "owner-b@example.org"]) {
      const { body } = await server.graphql<{ signUp: { user: { id: string } } }>(signUp, { input: newAccount(email) });
      const userId = Buffer.from(body.data!.signUp.user.id, "base64url").toString().split(":")[1];
      await server.dataSource.query(`INSERT INTO membership (user_id, organization_id, role) SELECT $1, organization_id, 'OWNER' FROM membership LIMIT 1`, [userId]);
      owners.push({ id: userId, headers: { authorization: `Bearer ${await server.signIn(email, "a long password")}` } });
    }
    const [{ organization_id: organization }] = await server.dataSource.query(`SELECT organization_id FROM membership WHERE user_id = $1`, [owners[0].id]);
    const acting = Buffer.from(`Organization:${organization}`).toString("base64url");
    const demote = `mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { membership { role } userErrors { code } } }`;
    const codes: unknown[] = [];
    for (let round = 0; round < 8; round++) {
      await server.dataSource.query(`UPDATE membership SET role = 'OWNER' WHERE user_id = ANY($1)`, [owners.map((owner) => owner.id)]);
      const answers = await Promise.all(
        owners.map((owner, index) =>
          server.graphql(demote, { input: { actingOrganizationId: acting, userId: Buffer.from(`User:${owners[1 - index].id}`).toString("base64url"), role: "MEMBER" } }, owner.headers),
        ),
      );
      codes.push(...answers.flatMap((answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code)));
      expect(answers.map((answer) => answer.status).filter((status) => status >= 500)).toEqual([]);
    }
    expect(codes).not.toContain("INTERNAL_SERVER_ERROR");
  });
});
