import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { mutate, organizationIds } from "../support/collaboration";
import { subscriberCount } from "../support/subscriptions";
import { startTestServer, TestServer } from "../support/test-server";

/** Debian's chromium package; .ci/run installs it when absent. */
const CHROMIUM = "/usr/bin/chromium";

let server: TestServer;
let browser: Browser;
let page: Page;
let org: Record<string, string>;
/** What the page asked for: every HTTP request, every WebSocket, and what was refused for leaving this server. */
const requested: string[] = [];
const sockets: string[] = [];
const refused: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium).`);
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, ["qinggang-lin-party-committee", "qinggang-lin-health-station"]);
  browser = await chromium.launch({ executablePath: CHROMIUM });
  const context = await browser.newContext({ serviceWorkers: "block" });
  const local = new URL(server.url).host;
  // The network is this server only: anything else is aborted and recorded.
  await context.route("**/*", (route) => {
    if (new URL(route.request().url()).host === local) return route.continue();
    refused.push(route.request().url());
    return route.abort("blockedbyclient");
  });
  await context.routeWebSocket(/.*/, (socket) => {
    if (new URL(socket.url()).host === local) return socket.connectToServer();
    refused.push(socket.url());
    return socket.close();
  });
  // Whatever the Content-Security-Policy blocks, before any request is made.
  await context.addInitScript(`window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (event) => window.cspViolations.push(event.effectiveDirective + " " + event.blockedURI));`);
  page = await context.newPage();
  page.on("request", (request) => requested.push(request.url()));
  page.on("websocket", (socket) => sockets.push(socket.url()));
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => message.type() === "error" && pageErrors.push(message.text()));
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Sets a GraphiQL editor's text through its CodeMirror, as typing would. */
const setEditor = (selector: string, text: string) => page.evaluate(`document.querySelector(${JSON.stringify(`${selector} .CodeMirror`)}).CodeMirror.setValue(${JSON.stringify(text)})`);

/** An expression's value in the page once `accept` takes it (page.evaluate is exempt from the page's CSP; waitForFunction's string form is not). */
async function until<T>(expression: string, accept: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = (await page.evaluate(expression)) as T;
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Puts an operation in the query editor, and waits until GraphiQL has read it (it does so 100 ms after the
 * last edit, and stores it): run sooner, it would still take the old operation for a query, not a subscription.
 */
async function enterOperation(text: string): Promise<void> {
  await setEditor(".graphiql-query-editor", text);
  await until<string | null>(`localStorage.getItem("graphiql:query")`, (stored) => stored === text);
}

/** The result pane's JSON, once it contains `expected`. */
async function resultContaining(expected: string): Promise<unknown> {
  const text = await until<string>(`document.querySelector(".result-window .CodeMirror")?.CodeMirror.getValue() ?? ""`, (value) => value.includes(expected));
  return text ? JSON.parse(text) : text;
}

const run = () => page.click(".graphiql-execute-button");

describe("GraphiQL in a real browser, with no network beyond this server", () => {
  it("loads at /graphql from this server's own files", async () => {
    const response = await page.goto(server.url);
    expect(response!.status()).toBe(200);
    await page.waitForSelector(".graphiql-query-editor .CodeMirror");
    expect(requested.map((url) => new URL(url).pathname)).toEqual(
      expect.arrayContaining(["/graphql", "/explorer/react.production.min.js", "/explorer/graphiql.min.js", "/explorer/graphiql.min.css", "/explorer/explorer.js"]),
    );
  });

  it("runs a query with the token given in the headers editor", async () => {
    const { authorization } = await server.asAdminOf(org["qinggang-lin-party-committee"]);
    await page.getByText("Headers", { exact: true }).click();
    await setEditor(".graphiql-editor-tool .graphiql-editor:not(.hidden)", JSON.stringify({ Authorization: authorization }));
    await enterOperation("{ me { user { email } } }");
    await run();
    expect(await resultContaining("email")).toMatchObject({ data: { me: { user: { email: "admin@qinggang-lin-party-committee.example.org" } } } });
  });

  it("runs a subscription over graphql-ws with that token, and shows an event a mutation over HTTP causes", async () => {
    // Invitations reach only the invited organisation's members: the event arriving proves the token went along.
    await enterOperation("subscription { invitationReceived { partnership { role status project { title } } } }");
    await run();
    await subscriberCount(server.events, 1);
    expect(server.events.subscriberCount).toBe(1);
    const { project } = await mutate<{ project: { id: string } }>(
      server,
      "createProject",
      "CreateProjectInput",
      { actingOrganizationId: org["qinggang-lin-health-station"], title: "社區健康講座", category: "HEALTH", areaCode: "510107021001", startsOn: "2026-12-01", endsOn: "2026-12-31" },
      "project { id }",
    );
    await mutate(server, "invitePartner", "InvitePartnerInput", { actingOrganizationId: org["qinggang-lin-health-station"], projectId: project.id, organizationId: org["qinggang-lin-party-committee"], role: "PARTNER" }, "partnership { id }");
    expect(await resultContaining("社區健康講座")).toEqual({
      data: { invitationReceived: { partnership: { role: "PARTNER", status: "INVITED", project: { title: "社區健康講座" } } } },
    });
    expect(sockets).toEqual([server.url.replace(/^http/, "ws")]);
  });

  it("asked nothing of any other host, broke no rule of its Content-Security-Policy, and logged no error", async () => {
    const local = new URL(server.url).host;
    expect(requested.filter((url) => !url.startsWith("data:") && new URL(url).host !== local)).toEqual([]);
    expect(refused).toEqual([]);
    expect(await page.evaluate("window.cspViolations")).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it("is guarded by its Content-Security-Policy: a script or a fetch from another host is blocked before any request", async () => {
    await page.evaluate(`document.head.append(Object.assign(document.createElement("script"), { src: "https://cdn.example.org/sandbox.js" }));
      fetch("https://fonts.example.org/font.css").catch(() => undefined);`);
    expect(await until<string[]>("window.cspViolations", (violations) => violations.length === 2)).toEqual(
      expect.arrayContaining(["script-src-elem https://cdn.example.org/sandbox.js", "connect-src https://fonts.example.org/font.css"]),
    );
    expect(refused).toEqual([]);
  });
});
