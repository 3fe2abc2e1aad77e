import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { anonymousPointsPerMinute: 300, maxQueryDepth: 8 } });
});
afterAll(() => server.close());

describe("limits through the real endpoints", () => {
  it("reports each request's cost in extensions.cost", async () => {
    const { body } = await server.graphql(`{ organizations(first: 10) { nodes { name area { name } } } }`, {}, { "x-forwarded-for": "198.51.100.1" });
    expect(body.extensions!.cost).toEqual({ requested: 21, limit: 5000, budgetRemaining: 279, budgetPerMinute: 300 });
  });

  it("refuses a query over the cost limit before it runs, saying by how much", async () => {
    const { status, body } = await server.graphql(`{ organizations(first: 100) { nodes { children(first: 100) { nodes { name } } } } }`);
    expect(status).toBe(400);
    expect(body.errors![0]).toMatchObject({ message: expect.stringContaining("10,201 points; the limit is 5,000"), extensions: { code: "QUERY_TOO_COMPLEX" } });
    expect(body.data).toBeUndefined();
  });

  it("refuses a query nested deeper than the limit", async () => {
    const { body } = await server.graphql(`{ organization(slug: "qinggang-lin-grid-1-party-branch") { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } }`);
    expect(body.errors![0].extensions!.code).toBe("QUERY_TOO_COMPLEX");
    expect(body.errors![0].message).toMatch(/nests fields 10 deep; the limit is 8/);
  });

  it("stops an anonymous client that spends its points for the minute, with 429 and Retry-After", async () => {
    // 127 points. Every anonymous request here comes from one address, so one bucket: after the first test's 21,
    // two fit in 300 and leave 25, which pay for this test's sign-in and the next one's (12 each), and a third
    // would need 20 s of refill, however slow the machine.
    const query = `{ organizations(first: 63) { nodes { name area { name } } } }`;
    const responses: Awaited<ReturnType<TestServer["graphql"]>>[] = [];
    for (let i = 0; i < 4; i++) responses.push(await server.graphql(query));
    expect(responses[0].body.extensions!.cost).toMatchObject({ requested: 127 });
    expect(responses.map((response) => response.status)).toEqual([200, 200, 429, 429]);
    const last = responses[3];
    expect(last.body.errors![0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    // A signed-in caller has a budget of its own.
    const token = await server.signIn("admin@nuanyang-social-work.example.org");
    expect((await server.graphql(query, {}, { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it("applies the same limits to operations over WebSocket, closing nothing", async () => {
    const token = await server.signIn("admin@lvya-environmental.example.org");
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
    const run = (query: string) =>
      new Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }>((resolve) => {
        let value = {};
        client.subscribe({ query }, { next: (v) => (value = v), error: (errors) => resolve({ errors: errors as { extensions?: { code?: string } }[] }), complete: () => resolve(value) });
      });
    try {
      const refused = await run(`{ organizations(first: 100) { nodes { children(first: 100) { nodes { name } } } } }`);
      expect(refused.errors![0].extensions!.code).toBe("QUERY_TOO_COMPLEX");
      const fine = await run(`{ organizations(first: 1) { nodes { name } } }`);
      expect(fine.data).toBeDefined();
    } finally {
      await client.dispose();
    }
  });
});

describe("request errors over WebSocket", () => {
  it("codes a variable that does not fit as BAD_USER_INPUT, as over HTTP", async () => {
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<{ errors?: { extensions?: { code?: string } }[] }>((resolve) => {
        let value = {};
        client.subscribe(
          { query: `query ($n: Int) { organizations(first: $n) { nodes { name } } }`, variables: { n: "ten" } },
          { next: (v) => (value = v), error: (errors) => resolve({ errors: errors as { extensions?: { code?: string } }[] }), complete: () => resolve(value) },
        );
      });
      expect(result.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    } finally {
      await client.dispose();
    }
  });
});
