import { POOL_SIZE } from "../src/db/data-source";
import { startTestServer, TestServer } from "./support/test-server";

// Reads planned from the selection are named once their text recurs (src/db/prepared-statement.ts); what each
// pooled connection holds is read from PostgreSQL itself.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

/** The texts of the planned reads the pool's connections hold as named statements: as many queries at once as the pool holds take one connection each. */
async function namedReads(): Promise<string[]> {
  const held = await Promise.all(
    Array.from({ length: POOL_SIZE }, () =>
      server.dataSource.query(`SELECT statement, pg_sleep(0.05) FROM pg_prepared_statements WHERE statement LIKE 'SELECT json_build_object(%'`),
    ),
  );
  return [...new Set(held.flat().map((row: { statement: string }) => row.statement))];
}

async function ask(query: string) {
  const { body } = await server.graphql(query);
  expect(body.errors).toBeUndefined();
  return body.data;
}

it("names a planned read on its third asking, with the same answer as unnamed", async () => {
  const query = `{ needs(first: 5) { nodes { id title remainingQuantity } } }`;
  const first = await ask(query);
  await ask(query);
  expect(await namedReads()).toEqual([]);
  expect(await ask(query)).toEqual(first);
  expect(await ask(query)).toEqual(first);
  const named = await namedReads();
  expect(named).toHaveLength(1);
  expect(named[0]).toContain(`'remainingQuantity', "need"."remaining_quantity"`);
});

it("leaves reads by pattern unnamed: a generic plan cannot use the pattern's index", async () => {
  const before = await namedReads();
  for (let i = 0; i < 4; i++) await ask(`{ needs(first: 5, filter: { areaCode: "5101" }) { nodes { id title } } }`);
  expect(await namedReads()).toEqual(before);
});

it("names at most 32 read texts in a process, so what each connection keeps is bounded", async () => {
  const fields = ["title", "quantity", "unit", "status", "urgency", "category", "pledgedQuantity"];
  for (let mask = 1; mask <= 40; mask++) {
    const selection = fields.filter((_, bit) => mask & (1 << bit)).join(" ");
    for (let i = 0; i < 3; i++) await ask(`{ needs(first: 2) { nodes { id ${selection} } } }`);
  }
  expect(await namedReads()).toHaveLength(32);
});
