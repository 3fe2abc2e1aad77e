import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { getIntrospectionQuery, GraphQLError, GraphQLSchema, parse, validate } from "graphql";
import { buildFederatedSchema } from "../src/schema/build-schema";
import { checkQueryLimits, executionArgsWithinLimits, measureQuery, queryLimitsPlugin } from "../src/schema/query-cost";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestServer, TestServer } from "./support/test-server";

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildFederatedSchema();
});

/** The measure of a document that must be valid on the real schema, so no test measures a typo. */
function measure(query: string, variables?: Record<string, unknown>, operationName?: string) {
  const document = parse(query);
  expect(validate(schema, document).map((error) => error.message)).toEqual([]);
  return measureQuery(schema, document, variables, operationName);
}

describe("the cost of a query", () => {
  it("charges 1 for an object and nothing for its scalars and enums", () => {
    expect(measure(`{ organization(slug: "a") { id name kind createdAt } }`)).toEqual({ cost: 1, depth: 2 });
    expect(measure(`{ organization(slug: "a") { name area { name parent { code } } } }`)).toEqual({ cost: 3, depth: 4 });
  });

  it("charges a connection 1 plus its page size, and what each item selects once per item", () => {
    // 20 is the page size when neither first nor last is given.
    expect(measure(`{ organizations { nodes { name } } }`)).toEqual({ cost: 1 + 20, depth: 3 });
    expect(measure(`{ organizations(first: 10) { nodes { name area { name } } } }`).cost).toBe(1 + 10 + 10 * 1);
    expect(measure(`{ organizations(last: 4) { nodes { area { name } parent { name } } } }`).cost).toBe(1 + 4 + 4 * 2);
    expect(measure(`{ organizations(first: 0) { nodes { area { name } } } }`).cost).toBe(1);
  });

  it("counts a page size above 100 as asked, though the resolver refuses it", () => {
    expect(measure(`{ needs(first: 500) { nodes { project { title } } } }`).cost).toBe(1 + 500 + 500 * 1);
  });

  it("charges edges { node } as nodes, pageInfo once, and totalCount as a page of 20", () => {
    const throughEdges = measure(`{ organizations(first: 10) { edges { cursor node { area { name } } } } }`);
    const throughNodes = measure(`{ organizations(first: 10) { nodes { area { name } } } }`);
    expect(throughEdges.cost).toBe(throughNodes.cost);
    expect(throughEdges.depth).toBe(throughNodes.depth + 1);
    expect(measure(`{ organizations(first: 50) { totalCount pageInfo { hasNextPage endCursor } } }`).cost).toBe(1 + 50 + 20 + 1);
  });

  it("multiplies connections nested in connections", () => {
    const query = `{
      organizations(first: 10) {
        nodes { name children(first: 5) { nodes { name area { name } } } }
      }
    }`;
    const children = 1 + 5 + 5 * 1;
    expect(measure(query)).toEqual({ cost: 1 + 10 + 10 * children, depth: 6 });

    const threeDeep = `{ projects(first: 10) { nodes { needs(first: 10) { nodes { pledges(first: 10) { nodes { organization { name } } } } } } } }`;
    const pledges = 1 + 10 + 10 * 1;
    const needs = 1 + 10 + 10 * pledges;
    expect(measure(threeDeep)).toEqual({ cost: 1 + 10 + 10 * needs, depth: 8 });
  });

  it("multiplies other lists of objects by 10", () => {
    const query = `{
      need(id: "x") {
        statusHistory { reason toStatus }
        pledges(first: 3) { nodes { deliveries { quantity recordedBy { name } } } }
      }
    }`;
    const statusHistory = 1 + 10 * 0;
    const deliveries = 1 + 10 * 1;
    expect(measure(query).cost).toBe(1 + statusHistory + (1 + 3 + 3 * deliveries));
  });

  it("reads page sizes, ids and @skip/@include from variables, with their defaults", () => {
    const query = `query Page($n: Int = 3, $withArea: Boolean!) {
      organizations(first: $n) { nodes { name area @include(if: $withArea) { name } } }
    }`;
    expect(measure(query, { n: 7, withArea: true }).cost).toBe(1 + 7 + 7 * 1);
    expect(measure(query, { withArea: true }).cost).toBe(1 + 3 + 3 * 1);
    expect(measure(query, { n: 7, withArea: false }).cost).toBe(1 + 7);
    expect(measure(query, { n: null, withArea: true }).cost).toBe(1 + 20 + 20 * 1);
  });

  it("measures one parsed document again for each page size, number of ids and @include its variables give, as a server that keeps documents does", () => {
    const document = parse(`query ($first: Int, $ids: [ID!]!, $withArea: Boolean!, $slug: String) {
      organizations(first: $first) { nodes { name area @include(if: $withArea) { name } } }
      nodes(ids: $ids) { id }
      organization(slug: $slug) { name }
    }`);
    expect(validate(schema, document)).toEqual([]);
    const cost = (variables: Record<string, unknown>) => measureQuery(schema, document, variables).cost;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
    const first = cost({ first: 10, ids: ids(2), withArea: true, slug: "a" });
    expect(cost({ first: 10, ids: ids(2), withArea: true, slug: "b" })).toBe(first);
    expect(cost({ first: 10, ids: ["x", "y"], withArea: true, slug: "a" })).toBe(first);
    expect(cost({ first: 30, ids: ids(2), withArea: true, slug: "a" })).toBe(first + 20 + 20);
    expect(cost({ first: 10, ids: ids(5), withArea: true, slug: "a" })).toBeGreaterThan(first);
    expect(cost({ first: 10, ids: ids(2), withArea: false, slug: "a" })).toBe(first - 10);
    expect(measureQuery(schema, document, { first: "ten", ids: ids(2), withArea: true })).toEqual({ cost: 0, depth: 0 });
    expect(cost({ first: 10, ids: ids(2), withArea: true, slug: "a" })).toBe(first);
  });

  it("measures nothing when the variables do not fit, since execution then runs nothing", () => {
    expect(measure(`query($n: Int!) { organizations(first: $n) { nodes { name } } }`, {})).toEqual({ cost: 0, depth: 0 });
    expect(measure(`query($n: Int!) { organizations(first: $n) { nodes { name } } }`, { n: "many" })).toEqual({ cost: 0, depth: 0 });
  });

  it("follows fragments and inline fragments as if written out", () => {
    const written = measure(`{ organizations(first: 10) { nodes { name area { name } parent { name area { code } } } } }`);
    const withFragments = measure(`
      query { organizations(first: 10) { ...page } }
      fragment page on OrganizationConnection { nodes { ...organization ... on Organization { parent { ...organization } } } }
      fragment organization on Organization { name area { ...area } }
      fragment area on Area { name code }
    `);
    expect(withFragments).toEqual(written);
    expect(written).toEqual({ cost: 1 + 10 + 10 * (1 + 1 + 1), depth: 5 });
  });

  it("merges a field selected twice under one name, as execution does, and counts aliases apart", () => {
    const once = measure(`{ organizations(first: 10) { nodes { area { name } } } }`).cost;
    expect(measure(`{ organizations(first: 10) { nodes { area { name } } nodes { area { code } } } }`).cost).toBe(once);
    expect(measure(`{ a: organizations(first: 10) { nodes { area { name } } } b: organizations(first: 10) { nodes { area { name } } } }`).cost).toBe(2 * once);
  });

  it("charges a scalar selected under several names 1 for each name after its first, like the object it repeats", () => {
    expect(measure(`{ organization(slug: "a") { name short: name description summary: description } }`)).toEqual({ cost: 1 + 2, depth: 2 });
    expect(measure(`{ organizations(first: 10) { nodes { name __typename kind: __typename } } }`).cost).toBe(1 + 10 + 10 * 1);
  });

  it("charges nodes(ids:) per id, at the dearest type an id may be", () => {
    const query = `query($ids: [ID!]!) {
      nodes(ids: $ids) {
        id
        ... on Organization { area { name } }
        ... on Project { area { name } lead { name } }
      }
    }`;
    expect(measure(query, { ids: ["a", "b", "c"] })).toEqual({ cost: 1 + 3 + 3 * 2, depth: 3 });
    expect(measure(query, { ids: ["a"] }).cost).toBe(1 + 1 + 1 * 2);
    expect(measure(`{ node(id: "a") { ... on Organization { area { name } } ... on Area { parent { name } children(first: 5) { totalCount } } } }`).cost).toBe(
      1 + (1 + (1 + 5 + 20)),
    );
  });

  it("charges _entities per representation", () => {
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Organization { name area { name } } ... on ResourceNeed { title } }
    }`;
    const representations = [1, 2, 3, 4].map((n) => ({ __typename: "Organization", id: `id-${n}` }));
    expect(measure(query, { representations })).toEqual({ cost: 1 + 4 + 4 * 1, depth: 3 });
  });

  it("adds 10 for every mutation field", () => {
    const create = `createOrganization(input: { kind: NGO, name: "n", slug: "n", areaCode: "1" }) { organization { id name } userErrors { field message } }`;
    const payload = 1 + 1 + (1 + 10 * 0);
    expect(measure(`mutation { ${create} }`).cost).toBe(10 + payload);
    expect(measure(`mutation { a: ${create} b: ${create} }`).cost).toBe(2 * (10 + payload));
    // The same selection in a query costs no extra.
    expect(measure(`{ organization(slug: "n") { area { name } } }`).cost).toBe(2);
  });

  it("charges 100 and counts no depth for reading the schema, and nothing for __typename", () => {
    expect(measure(`{ __typename }`)).toEqual({ cost: 0, depth: 0 });
    expect(measure(getIntrospectionQuery())).toEqual({ cost: 100, depth: 0 });
    expect(measure(`{ _service { sdl } }`)).toEqual({ cost: 100, depth: 0 });
    expect(measure(`{ organizations(first: 2) { __typename nodes { __typename } } }`)).toEqual({ cost: 1 + 2, depth: 2 });
  });

  it("measures the operation the request names", () => {
    const document = `query Small { organization(slug: "a") { name } } query Large { organizations(first: 100) { nodes { area { name } } } }`;
    expect(measure(document, {}, "Small").cost).toBe(1);
    expect(measure(document, {}, "Large").cost).toBe(1 + 100 + 100);
  });

  it("refuses to expand fragments without end instead of spending the server on it", () => {
    // Each fragment selects the next one twice: 2^30 fields once expanded, in a few hundred bytes.
    const levels = 30;
    const fragments = Array.from({ length: levels }, (_, n) =>
      n + 1 < levels ? `fragment f${n} on Organization { a: parent { ...f${n + 1} } b: parent { ...f${n + 1} } }` : `fragment f${n} on Organization { name }`,
    );
    const document = parse(`{ organization(slug: "a") { ...f0 } } ${fragments.join(" ")}`);
    // Measuring all 2^30 fields would outlast the test's timeout: the refusal has to come early.
    const refusal = captureError(() => measureQuery(schema, document));
    expect(refusal.extensions.code).toBe("QUERY_TOO_COMPLEX");
    expect(refusal.message).toMatch(/more than 20,000 fields/);
  });
});

describe("the limits", () => {
  const limits = { maxCost: 1000, maxDepth: 6 };

  it("let an operation within them through with its measure", () => {
    expect(checkQueryLimits(schema, parse(`{ organizations(first: 10) { nodes { name } } }`), {}, limits)).toEqual({ cost: 11, depth: 3 });
  });

  it("refuse a query over the cost, saying its cost, the limit and what to do", () => {
    const refusal = captureError(() => checkQueryLimits(schema, parse(`{ organizations(first: 100) { nodes { children(first: 100) { totalCount } } } }`), {}, limits));
    expect(refusal.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", cost: 1 + 100 + 100 * (101 + 20), maxCost: 1000 });
    expect(refusal.message).toBe("This query would cost 12,201 points; the limit is 1,000. Ask for fewer items (first/last) or fewer nested lists.");
  });

  it("refuse a query over the depth, also when the depth hides in fragments", () => {
    const deep = `{ organization(slug: "a") { ...parents } } fragment parents on Organization { parent { parent { parent { parent { parent { name } } } } } }`;
    const refusal = captureError(() => checkQueryLimits(schema, parse(deep), {}, limits));
    expect(refusal.extensions).toEqual({ code: "QUERY_TOO_COMPLEX", depth: 7, maxDepth: 6 });
    expect(refusal.message).toMatch(/nests fields 7 deep; the limit is 6\./);
  });
});

describe("the Apollo Server plugin", () => {
  let server: ApolloServer;
  const onMeasured = jest.fn(() => ({ remaining: 42 }));
  beforeAll(async () => {
    server = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled(), queryLimitsPlugin({ maxCost: 500, maxDepth: 5, onMeasured })] });
    await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => onMeasured.mockClear());

  async function send(query: string, variables?: Record<string, unknown>) {
    const response = await server.executeOperation({ query, variables });
    if (response.body.kind !== "single") throw new Error("expected a single result");
    return { status: response.http.status, result: response.body.singleResult };
  }

  it("runs an operation within the limits and returns its cost in extensions", async () => {
    const { result } = await send(`{ __typename }`);
    expect(result.data).toEqual({ __typename: "Query" });
    expect(result.extensions).toEqual({ cost: { requested: 0, limit: 500, remaining: 42 } });
    expect(onMeasured).toHaveBeenCalledWith(expect.objectContaining({ operationName: null }), { cost: 0, depth: 0 });
  });

  it("refuses an operation over the cost before it runs, with HTTP 400", async () => {
    // No context is given: a resolver that ran would fail with INTERNAL_SERVER_ERROR instead.
    const { status, result } = await send(`query($n: Int) { needs(first: $n) { nodes { pledges(first: 50) { totalCount } } } }`, { n: 10 });
    expect(status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: "This query would cost 721 points; the limit is 500. Ask for fewer items (first/last) or fewer nested lists.",
        extensions: { code: "QUERY_TOO_COMPLEX", cost: 721, maxCost: 500 },
      }),
    ]);
    expect(result.extensions).toBeUndefined();
    expect(onMeasured).not.toHaveBeenCalled();
  });

  it("refuses an operation over the depth before it runs", async () => {
    const { status, result } = await send(`{ organization(slug: "a") { parent { parent { parent { parent { name } } } } } }`);
    expect(status).toBe(400);
    expect(result.errors?.[0].extensions).toEqual({ code: "QUERY_TOO_COMPLEX", depth: 6, maxDepth: 5 });
  });

  it("refuses the operation when onMeasured throws, with the status the error carries", async () => {
    onMeasured.mockImplementationOnce(() => {
      throw new GraphQLError("no", { extensions: { code: "RATE_LIMITED", http: { status: 429 } } });
    });
    const { status, result } = await send(`{ __typename }`);
    expect(status).toBe(429);
    expect(result.errors?.[0].extensions?.code).toBe("RATE_LIMITED");
    expect(result.data).toBeUndefined();
  });
});

describe("WebSocket operations (graphql-ws onSubscribe)", () => {
  const limits = { maxCost: 100, maxDepth: 5 };

  it("come back as execution arguments with their measure when within the limits", () => {
    const checked = executionArgsWithinLimits(schema, { query: `query($n: Int) { organizations(first: $n) { nodes { name } } }`, variables: { n: 5 } }, limits);
    if (!("args" in checked)) throw new Error(`refused: ${checked.errors.map((error) => error.message).join(" ")}`);
    expect(checked.measure).toEqual({ cost: 6, depth: 3 });
    expect(checked.args.schema).toBe(schema);
    expect(checked.args.variableValues).toEqual({ n: 5 });
  });

  it("are refused with errors, not thrown, when over a limit, unparsable or invalid", () => {
    const over = executionArgsWithinLimits(schema, { query: `{ organizations(first: 100) { nodes { area { name } } } }` }, limits);
    expect("errors" in over && over.errors.map((error) => error.extensions)).toEqual([{ code: "QUERY_TOO_COMPLEX", cost: 201, maxCost: 100 }]);
    const unparsable = executionArgsWithinLimits(schema, { query: `{ organizations(` }, limits);
    expect("errors" in unparsable && unparsable.errors[0].message).toMatch(/^Syntax Error/);
    const invalid = executionArgsWithinLimits(schema, { query: `{ organizations { nope } }` }, limits);
    expect("errors" in invalid && invalid.errors[0].message).toMatch(/Cannot query field "nope"/);
  });
});

describe("what one anonymous request may make the server do, through the real endpoint", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const aliases = (count: number, field: string) => `{ ${Array.from({ length: count }, (_, n) => `a${n}: ${field}`).join(" ")} }`;

  it("answers one introspection, as Apollo Sandbox sends it, and one _service { sdl }, for 100 points each", async () => {
    const introspection = await server.graphql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery());
    expect(introspection.status).toBe(200);
    expect(introspection.body.data!.__schema.types.length).toBeGreaterThan(50);
    expect(introspection.body.extensions!.cost).toMatchObject({ requested: 100 });
    const sdl = await server.graphql<{ _service: { sdl: string } }>(`{ _service { sdl } }`);
    expect(sdl.body.data!._service.sdl).toContain("type Query");
  });

  it("refuses 150 aliases of __schema (21 MB of answer once) before anything runs", async () => {
    const { status, body } = await server.graphql(aliases(150, "__schema { types { name fields { name type { name } } } }"));
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0]).toMatchObject({ message: expect.stringContaining("reads the schema more than once (a1 is a second"), extensions: { code: "QUERY_TOO_COMPLEX" } });
  });

  it("refuses reading the schema twice by other means, and introspection that lists members within members", async () => {
    for (const query of [
      `{ _service { sdl } __schema { queryType { name } } }`,
      aliases(2, `_service { sdl }`),
      aliases(2, `__type(name: "Query") { name }`),
      `query { ...a ...b } fragment a on Query { x: __schema { description } } fragment b on Query { y: __schema { description } }`,
    ]) {
      const { status, body } = await server.graphql(query);
      expect([status, body.errors?.[0].extensions?.code]).toEqual([400, "QUERY_TOO_COMPLEX"]);
    }
    const nested = await server.graphql(`{ __schema { types { fields { type { fields { name } } } } } }`);
    expect(nested.status).toBe(400);
    expect(nested.body.errors![0].message).toBe(
      "This introspection lists a type's members (fields) inside another type's members; list each type's members once, under __schema.types.",
    );
  });

  // 19,990 names of one organisation's description (5,000 characters) answered 100 MB in 3 s to a 389 KB request for 1 point.
  const repeatedText = `{ organization(slug: "anyone") { ${Array.from({ length: 19_990 }, (_, n) => `a${n}: description`).join(" ")} } }`;
  const tooManyNames = "This query selects Organization.description under 19,990 names (aliases) in one place; the limit is 10. Select each field once and repeat its value on your side.";

  it("refuses one text selected under thousands of names before anything runs, and takes a few names at a point each", async () => {
    const { status, body } = await server.graphql(repeatedText);
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors![0]).toMatchObject({ message: tooManyNames, extensions: { code: "QUERY_TOO_COMPLEX", names: 19_990, maxNames: 10 } });
    for (const query of [aliases(11, "__typename"), `{ __schema { types { ${Array.from({ length: 11 }, (_, n) => `a${n}: name`).join(" ")} } } }`]) {
      const refused = await server.graphql(query);
      expect([refused.status, refused.body.errors?.[0].extensions?.code]).toEqual([400, "QUERY_TOO_COMPLEX"]);
    }
    const realistic = await server.graphql(`{ organizations(first: 5) { nodes { id name title: name description summary: description } } }`);
    expect(realistic.status).toBe(200);
    expect(realistic.body.errors).toBeUndefined();
    expect(realistic.body.extensions!.cost).toMatchObject({ requested: 1 + 5 + 5 * 2 });
  });

  it("refuses the same over a WebSocket", async () => {
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const errors = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: repeatedText }, { next: (value) => resolve(value.errors), error: resolve, complete: () => resolve(undefined) });
      });
      expect(errors).toEqual([expect.objectContaining({ message: tooManyNames, extensions: expect.objectContaining({ code: "QUERY_TOO_COMPLEX" }) })]);
    } finally {
      await client.dispose();
    }
  });

  it("runs at most 100 counts (totalCount) in one request, and charges each list counted as a page", async () => {
    const hundred = await server.graphql(aliases(100, "organizations(first: 0) { totalCount }"));
    expect(hundred.status).toBe(200);
    expect(hundred.body.extensions!.cost).toMatchObject({ requested: 100 * (1 + 20) });
    // A count inside a page is one statement for all the page's items, and costs 20 per item.
    const nested = await server.graphql(`{ areas(first: 100) { nodes { children(first: 0) { totalCount } } } }`);
    expect(nested.status).toBe(200);
    expect(nested.body.extensions!.cost).toMatchObject({ requested: 1 + 100 + 100 * (1 + 20) });
    const { status, body } = await server.graphql(aliases(101, "organizations(first: 0) { totalCount }"));
    expect(status).toBe(400);
    expect(body.errors![0]).toMatchObject({
      message: "This query asks for totalCount in 101 places; the limit is 100 per request. Ask for totalCount on fewer lists.",
      extensions: { code: "QUERY_TOO_COMPLEX", counts: 101, maxCounts: 100 },
    });
  });

  it("refuses a request that hashes more than one password (aliased signUps, or a signUp with a signIn) before any runs", async () => {
    const signUp = (n: number) => `s${n}: signUp(input: { email: "burst-${n}@example.org", displayName: "Burst", password: "a long password" }) { user { id } }`;
    const burst = await server.graphql(`mutation { ${Array.from({ length: 25 }, (_, n) => signUp(n)).join(" ")} }`);
    expect(burst.status).toBe(400);
    expect(burst.body.errors![0]).toMatchObject({
      message: "This request signs up or signs in more than once; send one signUp or signIn per request.",
      extensions: { code: "QUERY_TOO_COMPLEX" },
    });
    const mixed = await server.graphql(`mutation { ${signUp(99)} signIn(input: { email: "burst-99@example.org", password: "a long password" }) { token } }`);
    expect(mixed.body.errors![0].extensions!.code).toBe("QUERY_TOO_COMPLEX");
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM app_user WHERE email LIKE 'burst-%'`);
    expect(count).toBe(0);
    const one = await server.graphql<{ s0: { user: { id: string } } }>(`mutation { ${signUp(0)} }`);
    expect(one.body.data!.s0.user.id).toEqual(expect.any(String));
  });
});

function captureError(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error("expected a GraphQLError");
}
