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
