import { readFile } from "node:fs/promises";
import path from "node:path";
import { DocumentNode, GraphQLSchema, Kind, parse, validate } from "graphql";
import { buildFederatedSchema } from "../src/schema/build-schema";

/**
 * Every GraphQL block of README parses; a block of operations validates, each operation against the schema the
 * server serves; a block of schema (another subgraph's, in the federation section) only parses.
 */
let schema: GraphQLSchema;
let blocks: { line: number; text: string }[];

beforeAll(async () => {
  schema = await buildFederatedSchema();
  const readme = await readFile(path.join(__dirname, "..", "README.md"), "utf8");
  blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => ({ line: readme.slice(0, match.index).split("\n").length, text: match[1] }));
});

/** Each operation with the block's fragments, alone: a block may hold several anonymous operations, each run on its own. */
function operationsOf(document: DocumentNode): DocumentNode[] {
  const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION);
  return document.definitions
    .filter((definition) => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => ({ kind: Kind.DOCUMENT, definitions: [operation, ...fragments] }));
}

it("has GraphQL blocks, and each block of operations is one the schema accepts", () => {
  expect(blocks.length).toBeGreaterThanOrEqual(20);
  const problems = blocks.flatMap(({ line, text }) => {
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (error) {
      return [`README.md:${line}: ${(error as Error).message}`];
    }
    const executable = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION || definition.kind === Kind.FRAGMENT_DEFINITION);
    if (executable.length === 0) return [];
    if (executable.length < document.definitions.length) return [`README.md:${line}: a block mixes operations with schema definitions`];
    return operationsOf(document).flatMap((operation) => validate(schema, operation).map((error) => `README.md:${line}: ${error.message}`));
  });
  expect(problems).toEqual([]);
});
