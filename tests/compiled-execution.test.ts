import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { toGlobalId } from "../src/schema/global-id";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

// A query is run by graphql-js the first time it is asked and compiled by graphql-jit from the second
// (src/schema/compiled-execution.ts): each answer from the compiled path must equal graphql-js's.

const METRICS_TOKEN = "compiled-execution-metrics-token";
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { metricsToken: METRICS_TOKEN } });
});
afterAll(() => server.close());

/** What executed operations over HTTP (`cogov_graphql_executions_total`), or subscriptions' events. */
async function executions(metric = "cogov_graphql_executions_total"): Promise<Record<string, number>> {
  const text = await (await fetch(server.url.replace(/\/graphql$/, "/metrics"), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  const counts: Record<string, number> = { compiled: 0, "graphql-js": 0 };
  for (const [, name, executor, count] of text.matchAll(/^(\w+)\{executor="([^"]+)"\} (\d+)$/gm)) if (name === metric) counts[executor] = Number(count);
  return counts;
}

interface Case {
  name: string;
  query: string;
  variables?: () => Promise<Record<string, unknown>>;
  /** What the first answer must show, so that a case cannot pass by answering nothing. */
  shows: (body: { data?: unknown; errors?: { extensions?: { code?: string }; path?: unknown }[] }) => void;
}

const firstNeedId = async () => {
  const { body } = await server.graphql<{ needs: { nodes: { id: string }[] } }>(`{ needs(first: 1) { nodes { id } } }`);
  return body.data!.needs.nodes[0].id;
};

const CASES: Case[] = [
  {
    name: "nested lists, objects and a filtered, ordered connection (issue 12's Q1)",
    query: `query { needs(first: 50, filter: { statuses: [OPEN] }, orderBy: { field: NEEDED_BY, direction: ASC }) { nodes { id title neededBy project { title lead { name } } pledges(first: 10) { totalCount nodes { quantity organization { name } } } } } }`,
    shows: (body) => expect((body.data as { needs: { nodes: unknown[] } }).needs.nodes.length).toBeGreaterThan(0),
  },
  {
    name: "an interface by node(id:), fragments, aliases, __typename and @include",
    query: `query ($id: ID!, $withPledges: Boolean!) { first: node(id: $id) { __typename id ...Need } again: node(id: $id) { ... on ResourceNeed { quantity } } }
      fragment Need on ResourceNeed { title pledges(first: 2) @include(if: $withPledges) { nodes { status } } }`,
    variables: async () => ({ id: await firstNeedId(), withPledges: true }),
    shows: (body) => expect(body.data).toMatchObject({ first: { __typename: "ResourceNeed" }, again: { quantity: expect.any(Number) } }),
  },
  {
    name: "a refusal inside a resolver, with its path and code, beside data",
    query: `query ($person: ID!) { needs(first: 1) { totalCount } volunteerRecord(personId: $person) { verifiedHours } }`,
    variables: async () => ({ person: toGlobalId("Person", "6f1c0000-0000-4000-8000-000000000001") }),
    shows: (body) => expect(body.errors?.map((error) => [error.extensions?.code, error.path])).toEqual([["UNAUTHENTICATED", ["volunteerRecord"]]]),
  },
  {
    name: "an argument refused as bad input",
    query: `query ($id: ID!) { need(id: $id) { id } }`,
    variables: async () => ({ id: toGlobalId("Organization", "6f1c0000-0000-4000-8000-000000000001") }),
    shows: (body) => expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]),
  },
  {
    name: "variables that do not fit their types",
    query: `query ($first: Int) { needs(first: $first) { totalCount } }`,
    variables: async () => ({ first: "many" }),
    shows: (body) => expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]),
  },
  {
    name: "introspection",
    query: `{ __type(name: "ResourceNeed") { kind interfaces { name } fields { name type { kind } } } }`,
    shows: (body) => expect(body.data).toMatchObject({ __type: { kind: "OBJECT", interfaces: [{ name: "Node" }] } }),
  },
  {
    name: "federation's _service",
    query: `{ _service { sdl } }`,
    shows: (body) => expect((body.data as { _service: { sdl: string } })._service.sdl).toContain("type ResourceNeed"),
  },
];

describe("compiled queries answer exactly as graphql-js does", () => {
  it.each(CASES)("$name", async ({ query, variables, shows }) => {
    const values = variables ? await variables() : {};
    const before = await executions();
    const [first, second, third] = [await server.graphql(query, values), await server.graphql(query, values), await server.graphql(query, values)];
    const after = await executions();
    shows(first.body);
    const answer = (response: typeof first) => ({ status: response.status, data: response.body.data, errors: response.body.errors });
    expect(answer(second)).toEqual(answer(first));
    expect(answer(third)).toEqual(answer(first));
    // Variables refused before execution are always worded by graphql-js; every other case runs compiled after the first time.
    const refusedVariables = first.body.data === undefined;
    expect([after.compiled - before.compiled, after["graphql-js"] - before["graphql-js"]]).toEqual(refusedVariables ? [0, 3] : [2, 1]);
  });

  it("runs mutations on graphql-js, however often they are sent", async () => {
    const before = await executions();
    for (let i = 0; i < 3; i++) {
      const { body } = await server.graphql<{ signIn: { token: string | null } }>(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, {
        input: { email: "nobody@example.org", password: "not-a-password-0" },
      });
      expect(body.data?.signIn.token).toBeNull();
    }
    const after = await executions();
    expect([after.compiled - before.compiled, after["graphql-js"] - before["graphql-js"]]).toEqual([0, 3]);
  });
});

describe("subscriptions' events are compiled from the second, and answer as graphql-js does", () => {
  const EVENTS = `subscription ($projectId: ID!) {
    needAnnounced(filter: { projectId: $projectId }) { __typename cursor kind need { id title ...Figures project { title lead { name contactPhone } } } change { status } }
  }
  fragment Figures on ResourceNeed { quantity remainingQuantity urgency }`;
  interface Announced {
    cursor: string;
    need: { title: string; project: { lead: { name: string; contactPhone: string | null } } };
  }

  it("runs an operation's first event on graphql-js and the next ones compiled, with the same answer for the same event", async () => {
    const committee = (await organizationIds(server, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
    const { body } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
    const projectId = body.data!.projects.nodes[0].id;
    const post = (title: string) =>
      mutate(server, "postNeed", "PostNeedInput", { actingOrganizationId: committee, projectId, category: "MATERIALS", title, quantity: 4, unit: "件", urgency: "HIGH", neededBy: inHours(5) }, "need { id }");
    const anonymous = () => createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    const clients = [anonymous(), anonymous()];
    const before = await executions("cogov_subscription_executions_total");

    const early = collect<Announced>(clients[0], EVENTS, { projectId }, "needAnnounced");
    await subscriberCount(server.events, 1);
    await post("編譯前的帳篷");
    await early.waitFor(1);
    // The same selection in an operation of its own (named): its first event, the second need, runs on graphql-js.
    const late = collect<Announced>(clients[1], EVENTS.replace("subscription (", "subscription Late ("), { projectId }, "needAnnounced");
    await subscriberCount(server.events, 2);
    await post("編譯後的睡袋");
    await post("編譯後的手電筒");
    await Promise.all([early.waitFor(3), late.waitFor(2)]);
    const after = await executions("cogov_subscription_executions_total");
    await Promise.all(clients.map((client) => client.dispose()));

    expect([...early.errors, ...late.errors]).toEqual([]);
    expect(early.received.map((event) => event.need.title)).toEqual(["編譯前的帳篷", "編譯後的睡袋", "編譯後的手電筒"]);
    // The lead's phone stays masked for an anonymous reader on either path.
    expect(early.received[0].need.project.lead).toEqual({ name: expect.any(String), contactPhone: null });
    // early: graphql-js, compiled, compiled; late: graphql-js, compiled.
    expect([after.compiled - before.compiled, after["graphql-js"] - before["graphql-js"]]).toEqual([3, 2]);
    // The second need: compiled for early, graphql-js for late.
    expect(late.received).toEqual(early.received.slice(1));
  });
});
