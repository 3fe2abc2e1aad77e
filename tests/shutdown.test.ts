import { randomBytes } from "node:crypto";
import { start } from "./support/processes";
import { createTestDatabase } from "./support/test-server";

const DRAIN_MS = 2_000;

let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function readiness(base: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, body: await response.json() };
}

describe("SIGTERM behind a load balancer", () => {
  it("answers /readyz 503 draining for COGOV_SHUTDOWN_DRAIN_MS while still serving requests, then exits 0", async () => {
    const server = await start({ DATABASE_URL: database.url, COGOV_JWT_SECRET: randomBytes(32).toString("hex"), COGOV_SHUTDOWN_DRAIN_MS: String(DRAIN_MS) });
    const base = server.url.replace(/\/graphql$/, "");
    expect(await readiness(base)).toEqual({ status: 200, body: { status: "ready", database: "ok", eventStream: "listening" } });

    const signalled = Date.now();
    server.child.kill("SIGTERM");
    let ready = await readiness(base);
    while (ready.status === 200 && Date.now() - signalled < DRAIN_MS) ready = await readiness(base);
    expect(ready).toEqual({ status: 503, body: { status: "draining", database: "ok", eventStream: "listening" } });

    // Late in the drain, a request the load balancer still sends is served.
    await new Promise((resolve) => setTimeout(resolve, DRAIN_MS / 2));
    const query = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    expect({ status: query.status, body: await query.json() }).toMatchObject({ status: 200, body: { data: { __typename: "Query" } } });

    expect(await server.exited).toBe(0);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(DRAIN_MS);
    expect(server.log()).toContain('"msg":"stopped"');
  });
});
