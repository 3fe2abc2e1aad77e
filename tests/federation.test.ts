import { readFile } from "node:fs/promises";
import path from "node:path";
import { composeServices } from "@apollo/composition";
import { printSubgraphSchema } from "@apollo/subgraph";
import { DefinitionNode, Kind, parse, print } from "graphql";
import { buildFederatedSchema } from "../src/schema/build-schema";
import { startTestServer, TestServer } from "./support/test-server";

const SCHEMA_FILE = path.join(__dirname, "..", "schema.graphql");

let server: TestServer;
let committed: string;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  committed = await readFile(SCHEMA_FILE, "utf8");
});
afterAll(() => server.close());

/** Each named definition, printed; Query without the `_entities` and `_service` fields federation adds. */
function definitionsByName(sdl: string): Map<string, string> {
  const named = parse(sdl).definitions.filter((definition): definition is DefinitionNode & { name: { value: string } } => "name" in definition && !!definition.name);
  return new Map(
    named.map((definition) => {
      if (definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === "Query") {
        const fields = definition.fields?.filter((field) => !field.name.value.startsWith("_"));
        return [definition.name.value, print({ ...definition, fields })];
      }
      return [definition.name.value, print(definition)];
    }),
  );
}

describe("Cogov as a Federation 2 subgraph", () => {
  it("has schema.graphql equal to the schema the code builds (npm run schema:print rewrites it)", async () => {
    const printed = printSubgraphSchema(await buildFederatedSchema()).trimEnd() + "\n";
    expect(committed).toEqual(printed);
  });

  it("serves every type of schema.graphql, unchanged, through _service", async () => {
    const { body } = await server.graphql<{ _service: { sdl: string } }>(`{ _service { sdl } }`);
    // _service adds the federation definitions a gateway needs; ours must be in it as printed.
    const served = definitionsByName(body.data!._service.sdl);
    const ours = definitionsByName(committed);
    expect(ours.size).toBeGreaterThan(20);
    for (const [name, definition] of ours) expect(served.get(name)).toEqual(definition);
  });

  it("marks the entities with @key", () => {
    for (const type of ["Organization", "Area", "Project", "ResourceNeed", "Person"]) {
      expect(committed).toMatch(new RegExp(`type ${type} implements Node\\s+@key\\(fields: "id"\\)`));
    }
  });

  it("composes with a subgraph that extends Organization", () => {
    const reviews = parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])
      type Organization @key(fields: "id") {
        id: ID!
        rating: Float
      }
      type ResourceNeed @key(fields: "id") {
        id: ID!
        warehouseStock: Int
      }
      type PageInfo @shareable {
        hasNextPage: Boolean!
        hasPreviousPage: Boolean!
        startCursor: String
        endCursor: String
      }
      type Query {
        topRated: [Organization!]!
      }
    `);
    const result = composeServices([
      { name: "cogov", typeDefs: parse(committed), url: server.url },
      { name: "reviews", typeDefs: reviews, url: "http://127.0.0.1:1/graphql" },
    ]);
    expect(result.errors).toBeUndefined();
    expect(result.supergraphSdl).toContain("rating: Float");
    expect(result.supergraphSdl).toContain("warehouseStock: Int");
    expect(result.supergraphSdl).toContain("children(");
  });

  it("resolves references that another subgraph sends", async () => {
    const { body: listing } = await server.graphql<{ organization: { id: string }; area: { id: string }; needs: { nodes: { id: string; project: { id: string } }[] } }>(
      `{ organization(slug: "qinggang-lin-health-station") { id } area(code: "510107") { id } needs(first: 1, filter: { search: "防汛沙袋" }) { nodes { id project { id } } } }`,
    );
    const [need] = listing.data!.needs.nodes;
    const { body } = await server.graphql<{ _entities: ({ name: string } | null)[] }>(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Organization { name } ... on Area { name } ... on Project { title } ... on ResourceNeed { title } }
      }`,
      {
        representations: [
          { __typename: "Organization", id: listing.data!.organization.id },
          { __typename: "Area", id: listing.data!.area.id },
          { __typename: "Organization", id: Buffer.from("Organization:00000000-0000-4000-8000-000000000000").toString("base64url") },
          { __typename: "Project", id: need.project.id },
          { __typename: "ResourceNeed", id: need.id },
        ],
      },
    );
    expect(body.data!._entities).toEqual([{ name: "青杠林社區衛生服務站" }, { name: "武侯區" }, null, { title: "暴雨應急" }, { title: "防汛沙袋" }]);
  });

  it("resolves people by reference to their public fields only", async () => {
    const people: { id: string; label: string }[] = await server.dataSource.query(`SELECT id, label FROM person ORDER BY label LIMIT 20`);
    const teamAdmin = { authorization: `Bearer ${await server.signIn("admin@qinggang-lin-party-volunteers.example.org")}` };
    const { body } = await server.graphql<{ _entities: { label: string; realName: string | null; phone: string | null; isPartyMember: boolean | null }[] }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { label realName phone isPartyMember } } }`,
      { representations: people.map(({ id }) => ({ __typename: "Person", id: Buffer.from(`Person:${id}`).toString("base64url") })) },
      teamAdmin,
    );
    expect(people).toHaveLength(20);
    // Even the admin of the team holding most of them gets no personal field through a reference.
    expect(body.data!._entities).toEqual(people.map(({ label }) => ({ label, realName: null, phone: null, isPartyMember: null })));
  });

  it("answers a malformed reference with an error of its own, and the others still resolve", async () => {
    const { body: listing } = await server.graphql<{ organization: { id: string } }>(`{ organization(slug: "qinggang-lin-health-station") { id } }`);
    for (const typename of ["Organization", "Area", "Project", "ResourceNeed", "Alert", "Person"]) {
      const { body } = await server.graphql<{ _entities: ({ name: string } | null)[] }>(
        `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Organization { name } } }`,
        { representations: [{ __typename: typename, id: "not-a-global-id" }, { __typename: "Organization", id: listing.data!.organization.id }] },
      );
      expect(body.data!._entities).toEqual([null, { name: "青杠林社區衛生服務站" }]);
      expect(body.errors).toEqual([expect.objectContaining({ path: ["_entities", 0], extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }) })]);
    }
  });
});
