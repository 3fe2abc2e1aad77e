import fc from "fast-check";
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";
import { buildFederatedSchema } from "../src/schema/build-schema";
import { startTestServer, TestServer } from "./support/test-server";

/**
 * Whatever anyone sends, the server answers with a coded refusal or a result, never a 5xx or an
 * INTERNAL_SERVER_ERROR. Every argument of every query and mutation, read from the schema itself, gets
 * random and hostile values (NUL, lone surrogates, U+FFFE, bidi marks, huge and odd numbers, wrong types),
 * as variables and as literals, anonymously and as a demo admin; the REST routes get the same in their
 * paths and query strings. A fixed seed keeps CI repeatable: HOSTILE_SEED and HOSTILE_RUNS explore more.
 */
const SEED = Number(process.env.HOSTILE_SEED ?? 20261104);
const RUNS = Number(process.env.HOSTILE_RUNS ?? 300);

let server: TestServer;
let schema: GraphQLSchema;
let adminHeaders: Record<string, string>;
/** Global IDs of demo objects of each kind, so some calls get past "no such ID" into the rules. */
let knownIds: string[] = [];

beforeAll(async () => {
  // A budget no run exhausts: a RATE_LIMITED answer would hide what the request would have met.
  server = await startTestServer({ demoData: true, config: { pointsPerMinute: 100_000_000, anonymousPointsPerMinute: 100_000_000 } });
  schema = await buildFederatedSchema();
  const { body } = await server.graphql<Record<string, { nodes: { id: string }[] }>>(
    `{ organizations(first: 3) { nodes { id } } projects(first: 3) { nodes { id } } needs(first: 3) { nodes { id } }
       alerts(first: 3) { nodes { id } } areas(first: 3) { nodes { id } } }`,
  );
  knownIds = Object.values(body.data!).flatMap((list) => list.nodes.map((node) => node.id));
  const partyCommittee = await server.graphql<{ organization: { id: string } }>(`{ organization(slug: "qinggang-lin-party-committee") { id } }`);
  adminHeaders = await server.asAdminOf(partyCommittee.body.data!.organization.id);
  // The admin's own organisation and account, so mutations acting for it get past authorization into the rules.
  const admin = await server.graphql<{ me: { user: { id: string } } }>(`{ me { user { id } } }`, {}, adminHeaders);
  knownIds.push(partyCommittee.body.data!.organization.id, admin.body.data!.me.user.id);
}, 120_000);
afterAll(() => server.close());

// Characters that have broken servers: NUL and other controls, lone surrogates, non-characters, bidi and
// zero-width marks, line separators, quoting and pattern characters, XML specials, astral characters.
const HOSTILE_CHARACTERS = [
  "\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\ud800", "\udfff", "\ufffe", "\uffff", "\ufeff",
  "\u200b", "\u200f", "\u202e", "\u2066", "\u2028", "'", '"', "\\", "%", "_", "*", "<", "&", "]]>", "\r\n",
  "字", "😀", "e\u0301",
];
const hostileString = fc.oneof(
  fc.string({ unit: fc.oneof(fc.constantFrom(...HOSTILE_CHARACTERS), fc.string({ unit: "binary", maxLength: 1 })), maxLength: 20 }),
  fc.string({ maxLength: 10 }),
  fc.constantFrom("", " ", "0000-01-01", "-200000-01-01T00:00:00Z", "9999-12-31", "510107", "null", "x".repeat(5_000), "a\u0000b"),
);
const hugeNumber = fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324, -0, 0.001, 1.005, -1);
/** Any JSON value, for arguments sent values of the wrong type. */
const wrongType = fc.oneof(fc.boolean(), fc.integer(), hugeNumber, hostileString, fc.constant([]), fc.constant({}), fc.constant(null));

function scalarValue(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case "ID":
      return fc.oneof(
        fc.constantFrom(...knownIds),
        fc.constantFrom(...knownIds).map((id) => id.slice(0, -2)),
        hostileString.map((text) => Buffer.from(`Organization:${text}`).toString("base64url")),
        hostileString,
      );
    case "Int":
      return fc.oneof(fc.integer({ min: -5, max: 200 }), hugeNumber);
    case "Float":
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), hugeNumber);
    case "Boolean":
      return fc.boolean();
    case "DateTime":
      return fc.oneof(
        fc.date({ min: new Date("0000-01-01T00:00:00Z"), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((date) => date.toISOString()),
        fc.constantFrom("0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-02-30T00:00:00Z"),
        hostileString,
      );
    case "_Any":
      return fc.record({ __typename: fc.oneof(fc.constantFrom("Organization", "Area", "Project", "ResourceNeed", "Alert", "User", "Query"), hostileString), id: scalarValue("ID") }, { requiredKeys: [] });
    case "JSONObject":
      return fc.oneof(fc.object({ maxDepth: 2 }), fc.constant({ deep: JSON.parse("[".repeat(500) + "]".repeat(500)) }));
    default:
      return hostileString;
  }
}

/** A value for `type`: usually of its shape, sometimes null where it may not be, sometimes of another type. */
function valueFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  // Rare enough that most requests pass validation with one hostile value or more, and reach the resolvers.
  if (isNonNullType(type)) return fc.oneof({ arbitrary: valueFor(type.ofType, depth), weight: 60 }, { arbitrary: fc.constant(null), weight: 1 });
  const shaped = shapedValue(type, depth);
  return fc.oneof({ arbitrary: shaped, weight: 40 }, { arbitrary: fc.constant(null), weight: 4 }, { arbitrary: wrongType, weight: 1 });
}

function shapedValue(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return shapedValue(type.ofType, depth);
  if (isListType(type)) return fc.array(valueFor(type.ofType as GraphQLInputType, depth + 1), { maxLength: 3 });
  if (isEnumType(type)) return fc.oneof({ arbitrary: fc.constantFrom(...type.getValues().map((value) => value.name)), weight: 6 }, { arbitrary: hostileString, weight: 1 });
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant({});
    const fields = Object.values(type.getFields());
    const model = Object.fromEntries(fields.map((field) => [field.name, valueFor(field.type, depth + 1)]));
    return fc.record(model, { requiredKeys: fields.filter((field) => isNonNullType(field.type)).map((field) => field.name) });
  }
  return scalarValue(getNamedType(type).name);
}

/** `value` written as a GraphQL literal of `type`; enum values bare, strings JSON-quoted (a lone surrogate's escape fails to parse, as it should). */
function literal(value: unknown, type: GraphQLInputType): string {
  if (value === null || value === undefined) return "null";
  const inner = isNonNullType(type) ? type.ofType : type;
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, isListType(inner) ? inner.ofType : inner)).join(", ")}]`;
  if (typeof value === "object") {
    const fields = isInputObjectType(inner) ? inner.getFields() : {};
    const entries = Object.entries(value).map(([key, item]) => `${/^[_A-Za-z]\w*$/.test(key) ? key : "_"}: ${literal(item, fields[key]?.type ?? inner)}`);
    return `{ ${entries.join(", ")} }`;
  }
  if (isEnumType(inner) && typeof value === "string" && /^[_A-Za-z]\w*$/.test(value)) return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "0";
  return JSON.stringify(value);
}

/** The scalar fields of what a root field returns, and the __typename of its objects: enough to run their resolvers. */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const type = getNamedType(field.type);
  if (isLeafType(type)) return "";
  if (!isObjectType(type)) return "{ __typename }";
  const callable = Object.values(type.getFields()).filter((child) => child.args.every((argument) => !isNonNullType(argument.type)));
  const children = callable.map((child) => (isLeafType(getNamedType(child.type)) ? child.name : `${child.name} { __typename }`));
  return `{ __typename ${children.join(" ")} }`;
}

interface Call {
  operation: "query" | "mutation";
  /** The root field's name, so a counterexample reads short. */
  field: string;
  args: Record<string, unknown>;
  asLiterals: boolean;
  asAdmin: boolean;
}

function rootFields(operation: "query" | "mutation"): GraphQLField<unknown, unknown>[] {
  const root = operation === "query" ? schema.getQueryType() : schema.getMutationType();
  return Object.values(root!.getFields());
}

function callOf(operation: "query" | "mutation"): fc.Arbitrary<Call> {
  const perField = rootFields(operation).map((field) =>
    fc.record({
      operation: fc.constant(operation),
      field: fc.constant(field.name),
      args: fc.record(Object.fromEntries(field.args.map((argument) => [argument.name, valueFor(argument.type)])), { requiredKeys: [] }),
      asLiterals: fc.boolean(),
      asAdmin: fc.boolean(),
    }),
  );
  return fc.oneof(...perField);
}

function requestOf({ operation, field: name, args, asLiterals }: Call): { query: string; variables: Record<string, unknown> } {
  const field = rootFields(operation).find((candidate) => candidate.name === name)!;
  const given = field.args.filter((argument) => argument.name in args);
  const typeOf = (argument: GraphQLArgument) => argument.type;
  if (asLiterals) {
    const list = given.map((argument) => `${argument.name}: ${literal(args[argument.name], typeOf(argument))}`).join(", ");
    return { query: `${operation} { ${field.name}${list ? `(${list})` : ""} ${selectionOf(field)} }`, variables: {} };
  }
  const declarations = given.map((argument) => `$${argument.name}: ${String(argument.type)}`).join(", ");
  const list = given.map((argument) => `${argument.name}: $${argument.name}`).join(", ");
  return {
    query: `${operation}${declarations ? `(${declarations})` : ""} { ${field.name}${list ? `(${list})` : ""} ${selectionOf(field)} }`,
    variables: Object.fromEntries(given.map((argument) => [argument.name, args[argument.name]])),
  };
}

/** What went wrong with an answer: a 5xx, an INTERNAL_SERVER_ERROR, or a stack let out; empty when the server held. */
function faultsOf(status: number, body: unknown): string[] {
  const faults = status >= 500 ? [`HTTP ${status}`] : [];
  const errors = (body as { errors?: { message: string; extensions?: { code?: string; stacktrace?: unknown } }[] } | null)?.errors ?? [];
  for (const error of errors) {
    if (error.extensions?.code === "INTERNAL_SERVER_ERROR") faults.push(`INTERNAL_SERVER_ERROR: ${error.message}`);
    if (error.extensions?.stacktrace !== undefined) faults.push(`a stack trace: ${error.message}`);
  }
  return faults;
}

async function send(call: Call): Promise<string[]> {
  const { query, variables } = requestOf(call);
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...(call.asAdmin ? adminHeaders : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // A body that is not JSON is only a fault when its status says so.
  }
  return faultsOf(response.status, body);
}

const property = { seed: SEED, numRuns: RUNS };
// About 20 ms a run here; generous, so that longer explorations are not cut short.
const TIMEOUT_MS = 60_000 + RUNS * 100;

describe("hostile input never reaches a 5xx or an INTERNAL_SERVER_ERROR", () => {
  it.each(["query", "mutation"] as const)("at every argument of every %s", async (operation) => {
    await fc.assert(
      fc.asyncProperty(callOf(operation), async (call) => {
        const faults = await send(call);
        if (faults.length > 0) throw new Error(`${faults.join("; ")}\n${JSON.stringify(requestOf(call))}`);
      }),
      property,
    );
  }, TIMEOUT_MS);

  const routeValue = fc.oneof(hostileString, fc.constantFrom("510107", "2026-01-01T00:00:00Z", "FOOD,SHELTER", "CRITICAL", "week", "1"));
  const rawEscape = fc.constantFrom("%00", "%E0%A4%A", "%", "%zz", "%C0%AE", "%ED%A0%80", "..%2F..%2Fetc%2Fpasswd");
  const pathPart = fc.oneof(routeValue.map((value) => encodeURIComponent(value.replace(/[\ud800-\udfff]/g, "?"))), rawEscape);
  const queryString = fc
    .array(fc.tuple(fc.constantFrom("areaCode", "categories", "urgencyAtLeast", "statuses", "projectId", "neededBefore", "from", "to", "period", "hxl", "x", "page", "per_page", "search", "organization_id"), pathPart), { maxLength: 5 })
    .map((pairs) => pairs.map(([name, value]) => `${name}=${value}`).join("&"));
  const route = fc.oneof(
    pathPart.map((identifier) => `/cap/alerts/${identifier}.xml`),
    queryString.map((query) => `/cap/feed.atom?${query}`),
    queryString.map((query) => `/exports/needs.csv?${query}`),
    queryString.map((query) => `/exports/3w.csv?${query}`),
    queryString.map((query) => `/readyz?${query}`),
    queryString.map((query) => `/hsds/services?${query}`),
    queryString.map((query) => `/hsds/organizations?${query}`),
    queryString.map((query) => `/hsds/service_at_locations?${query}`),
    pathPart.map((identifier) => `/hsds/services/${identifier}`),
    pathPart.map((identifier) => `/hsds/organizations/${identifier}`),
    queryString.map((query) => `/healthz?${query}`),
  );

  const envelope = fc.record({
    method: fc.constantFrom("POST", "GET"),
    contentType: fc.constantFrom("application/json", "application/json; charset=latin1", "application/json; charset=utf-16", "text/plain", "application/graphql", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"),
    encoding: fc.constantFrom(undefined, "gzip", "deflate", "br", "bogus", "identity"),
    body: fc.oneof(
      fc.constant(JSON.stringify({ query: "{ organizations(first: 1) { totalCount } }" })),
      fc.record({ query: fc.oneof(hostileString, fc.constant("{ __typename }")), variables: fc.oneof(wrongType, fc.object({ maxDepth: 2 })), operationName: fc.oneof(hostileString, wrongType) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      hostileString,
    ),
  });

  it("at /graphql with odd bodies, charsets and encodings", async () => {
    await fc.assert(
      fc.asyncProperty(envelope, async ({ method, contentType, encoding, body }) => {
        const headers: Record<string, string> = { "content-type": contentType, "apollo-require-preflight": "true", ...(encoding ? { "content-encoding": encoding } : {}) };
        const url = method === "GET" ? `${server.url}?query=${encodeURIComponent(body.replace(/[\ud800-\udfff]/g, "?"))}` : server.url;
        const response = await fetch(url, { method, headers, body: method === "POST" ? body : undefined });
        const text = await response.text();
        if (response.status >= 500) throw new Error(`HTTP ${response.status} for ${method} ${contentType} ${encoding}: ${text.slice(0, 300)}`);
        expect(text).not.toMatch(/at .+\.(ts|js):\d+|node_modules|\/work\/|INTERNAL_SERVER_ERROR/);
      }),
      { ...property, numRuns: Math.ceil(RUNS / 3) },
    );
  }, TIMEOUT_MS);

  it("at the REST routes' paths and query strings", async () => {
    await fc.assert(
      fc.asyncProperty(route, fc.boolean(), fc.constantFrom("en", "zh-Hant", "zh-TW;q=0.9", "xx-\u00ff", "*"), async (path, asAdmin, language) => {
        const response = await fetch(new URL(path, server.url), { headers: { "accept-language": language, ...(asAdmin ? adminHeaders : {}) } });
        const text = await response.text();
        if (response.status >= 500) throw new Error(`HTTP ${response.status} for ${path}: ${text.slice(0, 300)}`);
        expect(text).not.toMatch(/at .+\.(ts|js):\d+|node_modules|\/work\//);
      }),
      { ...property, numRuns: Math.ceil(RUNS / 3) },
    );
  }, TIMEOUT_MS);
});
