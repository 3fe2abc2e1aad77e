import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { corsOrigins: ["https://dashboard.example.org"] } });
});
afterAll(() => server.close());

const base = () => server.url.replace(/\/graphql$/, "");
const wsUrl = () => server.url.replace(/^http/, "ws");

describe("the HTTP server", () => {
  it("answers /healthz while the process lives and /readyz when the database is migrated", async () => {
    const health = await fetch(`${base()}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: "ready", database: "ok", eventStream: "listening" });
  });

  it("echoes a caller's request id, or makes one", async () => {
    const given = await server.graphql(`{ __typename }`, {}, { "x-request-id": "dashboard-42" });
    expect(given.headers.get("x-request-id")).toBe("dashboard-42");
    const made = await server.graphql(`{ __typename }`);
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("allows cross-origin calls only from configured origins", async () => {
    const allowed = await fetch(server.url, { method: "OPTIONS", headers: { origin: "https://dashboard.example.org", "access-control-request-method": "POST" } });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://dashboard.example.org");
    const other = await fetch(server.url, { method: "OPTIONS", headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("keeps CSRF prevention on: a simple cross-site GET is refused", async () => {
    const response = await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("CSRF");
  });
});

describe("GraphQL over WebSocket on the same path", () => {
  it("runs an operation through a graphql-ws client", async () => {
    const client = createClient({ url: wsUrl(), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const result = await new Promise<{ data?: { organization: { name: string } } }>((resolve, reject) => {
        let received: { data?: { organization: { name: string } } } = {};
        client.subscribe<{ organization: { name: string } }>(
          { query: `{ organization(slug: "wuhou-legal-aid-qinggang") { name } }` },
          { next: (value) => (received = value as typeof received), error: reject, complete: () => resolve(received) },
        );
      });
      expect(result.data!.organization.name).toBe("武侯區法律援助中心青杠工作站");
    } finally {
      await client.dispose();
    }
  });

  it("closes with 4403 Forbidden when connection_init carries credentials it does not accept", async () => {
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => {
      const client = createClient({
        url: wsUrl(),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        connectionParams: { authorization: "Bearer forged" },
        on: { closed: (event) => resolve(event as { code: number; reason: string }) },
        onNonLazyError: () => undefined,
      });
      void client;
    });
    expect(closed.code).toBe(4403);
    expect(closed.reason).toBe("Forbidden");
  });
});

describe("faults", () => {
  it("hides what went wrong from the client unless debug is on", async () => {
    const broken = await startTestServer();
    const debugging = await startTestServer({ config: { debug: true } });
    try {
      for (const target of [broken, debugging]) await target.dataSource.query("DROP TABLE organization CASCADE");
      const hidden = await broken.graphql(`{ organizations { nodes { id } } }`);
      expect(hidden.body.errors![0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      expect(hidden.body.errors![0].message).not.toContain("organization");
      const shown = await debugging.graphql(`{ organizations { nodes { id } } }`);
      expect(shown.body.errors![0].message).toContain("relation \"organization\" does not exist");
      expect(shown.body.errors![0].extensions!.stacktrace).toBeDefined();
    } finally {
      await broken.close();
      await debugging.close();
    }
  });

  it("reports not ready while the database is not migrated", async () => {
    const unmigrated = await startTestServer({ migrate: false });
    try {
      const ready = await fetch(`${unmigrated.url.replace(/\/graphql$/, "")}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: "unavailable", database: "not migrated", eventStream: "listening" });
    } finally {
      await unmigrated.close();
    }
  });
});
