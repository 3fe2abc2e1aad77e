import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/** Every address the page's markup loads: scripts, stylesheets, icons, images, frames. */
function referencesOf(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']*)["']/gi)].map((match) => match[1]);
}

describe("the GraphQL explorer page, served from this server alone", () => {
  it("answers a browser at /graphql with GraphiQL whose markup names no other host", async () => {
    const response = await fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<div id="graphiql">');
    const references = referencesOf(html);
    expect(references.length).toBeGreaterThanOrEqual(5);
    // Relative paths, or inline data; never a scheme, a host or a protocol-relative //host.
    for (const reference of references) expect([reference, /^(data:|[a-z0-9][\w./-]*$)/i.test(reference) && !reference.startsWith("//")]).toEqual([reference, true]);
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z0-9-]+\.[a-z]/i);
  });

  it("serves every asset the page references, and its styles load nothing from elsewhere", async () => {
    const html = await (await fetch(server.url, { headers: { accept: BROWSER_ACCEPT } })).text();
    const assets = referencesOf(html).filter((reference) => !reference.startsWith("data:"));
    expect(assets).toEqual(expect.arrayContaining(["explorer/graphiql.min.js", "explorer/graphiql.min.css", "explorer/explorer.js"]));
    for (const asset of assets) {
      const response = await fetch(new URL(asset, server.url));
      const body = await response.text();
      expect([asset, response.status, response.headers.get("content-type")?.split(";")[0]]).toEqual([asset, 200, asset.endsWith(".css") ? "text/css" : "text/javascript"]);
      expect([asset, body.length > 10]).toEqual([asset, true]);
      // A stylesheet could pull fonts or images from a CDN (url(...), @import); these only inline them.
      if (asset.endsWith(".css")) {
        const loads = [...body.matchAll(/url\(\s*["']?([^"')]*)/g)].map((match) => match[1]).filter((target) => !target.startsWith("data:"));
        expect([asset, loads, /@import/.test(body)]).toEqual([asset, [], false]);
      }
    }
  });

  it("sends a browser at /graphql/ to /graphql, where the page's relative assets resolve", async () => {
    const response = await fetch(`${server.url}/?tab=1`, { headers: { accept: BROWSER_ACCEPT }, redirect: "manual" });
    expect([response.status, response.headers.get("location")]).toEqual([301, "/graphql?tab=1"]);
    const followed = await fetch(`${server.url}/`, { headers: { accept: BROWSER_ACCEPT } });
    expect([followed.status, followed.url, (await followed.text()).includes('<div id="graphiql">')]).toEqual([200, server.url, true]);
  });

  it("guards the page with a Content-Security-Policy that allows only this server", async () => {
    const response = await fetch(server.url, { headers: { accept: BROWSER_ACCEPT } });
    const policy = Object.fromEntries(
      response.headers
        .get("content-security-policy")!
        .split(";")
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...sources]) => [name, sources]),
    );
    for (const directive of ["default-src", "script-src", "style-src", "connect-src"]) expect([directive, policy[directive]]).toEqual([directive, ["'self'"]]);
    for (const directive of ["font-src", "img-src"]) expect([directive, policy[directive]]).toEqual([directive, ["'self'", "data:"]]);
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("leaves /graphql to GraphQL clients: POST, and GET from clients that do not prefer HTML", async () => {
    const post = await server.graphql(`{ __typename }`);
    expect(post.body.data).toEqual({ __typename: "Query" });
    const get = await fetch(`${server.url}?query=${encodeURIComponent("{ __typename }")}`, { headers: { accept: "application/json", "apollo-require-preflight": "true" } });
    expect(await get.json()).toMatchObject({ data: { __typename: "Query" } });
    const bare = await fetch(server.url);
    expect([bare.status, bare.headers.get("content-type")]).toEqual([400, expect.stringMatching(/^application\/json/)]);
  });

  it("refuses a subscription sent over HTTP (as GraphiQL would if run before it re-read its editor) with a coded 400, not a fault", async () => {
    const refused = await server.graphql(`subscription { needAnnounced { cursor } }`, {}, { "accept-language": "zh-Hant" });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining("WebSocket"), extensions: { code: "BAD_USER_INPUT" } })]);
    expect(refused.body.errors![0].message).toMatch(/訂閱/);
  });
});
