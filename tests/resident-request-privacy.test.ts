import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { READS_REQUEST, SEES_REQUESTER } from "../src/auth/request-privacy";
import { mutationsAs, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
const { as } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

const HANDLER = "qinggang-lin-party-committee";
const STREET = "qinggang-street-office";
const OTHER = "jinhua-property";

type Reader = "the requester" | "member of the handler" | "admin of the handler" | "key of the handler" | "supervisor (the street)" | "member of another organisation" | "key of another organisation" | "anonymous";
const READERS: Reader[] = ["the requester", "member of the handler", "admin of the handler", "key of the handler", "supervisor (the street)", "member of another organisation", "key of another organisation", "anonymous"];
const credentials = {} as Record<Reader, Record<string, string>>;

interface Seen {
  id: string;
  description: string;
  requester: { id: string } | null;
  contactValue: string | null;
}

let requesterPersonId: string;
/** Filed by the same resident: one shown to the handler, one kept from it. */
const requests = {} as Record<"shown" | "kept", string>;
const PHONE = "13900135678";

async function newAccount(): Promise<{ email: string; headers: Record<string, string> }> {
  const email = `${unique("person")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: "測試", password: "long enough password" }, "user { id }");
  return { email, headers: bearer(await server.signIn(email, "long enough password")) };
}

const readKey = async (organizationId: string) =>
  bearer((await as<{ secret: string }>(await server.asAdminOf(organizationId), "createApiKey", "CreateApiKeyInput", { actingOrganizationId: organizationId, name: unique("key"), scopes: ["READ"] }, "secret")).secret);

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [HANDLER, STREET, OTHER]);
  const requester = await newAccount();
  credentials["the requester"] = requester.headers;
  requesterPersonId = (await as<{ person: { id: string } }>(requester.headers, "registerMyself", "RegisterMyselfInput", { displayName: "周先生" }, "person { id }")).person.id;
  for (const [name, identityVisibleToHandler] of [["shown", true], ["kept", false]] as const) {
    const { request } = await as<{ request: { id: string } }>(requester.headers, "fileResidentRequest", "FileResidentRequestInput", {
      category: "OTHER", description: `樓下商鋪油煙（${name}）`, areaCode: "510107021001002", urgency: "NORMAL", preferredContact: "PHONE", contactValue: PHONE, consentToKeepContact: true, identityVisibleToHandler,
    }, "request { id }");
    requests[name] = request.id;
  }
  const member = await newAccount();
  await as(await server.asAdminOf(org[HANDLER]), "addMember", "AddMemberInput", { actingOrganizationId: org[HANDLER], email: member.email, role: "MEMBER" }, "membership { role }");
  credentials["member of the handler"] = member.headers;
  credentials["admin of the handler"] = await server.asAdminOf(org[HANDLER]);
  credentials["key of the handler"] = await readKey(org[HANDLER]);
  credentials["supervisor (the street)"] = await server.asAdminOf(org[STREET]);
  credentials["member of another organisation"] = await server.asAdminOf(org[OTHER]);
  credentials["key of another organisation"] = await readKey(org[OTHER]);
  credentials["anonymous"] = {};
});
afterAll(() => server.close());

const QUERY = `query ($id: ID!) { residentRequest(id: $id) { id description requester { id } contactValue } }`;

/** What each reader should get, written out: the request or nothing, and who filed it or nothing. */
function expected(reader: Reader, which: "shown" | "kept"): Seen | null {
  const request = { id: requests[which], description: `樓下商鋪油煙（${which}）` };
  const identity = { requester: { id: requesterPersonId }, contactValue: PHONE };
  const none = { requester: null, contactValue: null };
  switch (reader) {
    case "the requester":
      return { ...request, ...identity };
    case "member of the handler":
    case "admin of the handler":
      return { ...request, ...(which === "shown" ? identity : none) };
    case "key of the handler":
    case "supervisor (the street)":
      return { ...request, ...none };
    default:
      return null;
  }
}

describe("who sees a resident's request and who filed it", () => {
  it("has a rule for every reader", () => {
    const readers = ["ANONYMOUS", "HANDLER_KEY", "HANDLER_MEMBER", "OTHER", "REQUESTER", "SUPERVISOR"];
    expect(Object.keys(READS_REQUEST).sort()).toEqual(readers);
    expect(Object.keys(SEES_REQUESTER).sort()).toEqual(readers);
  });

  it.each(["shown", "kept"] as const)("answers each reader over HTTP (identity %s)", async (which) => {
    const seen = Object.fromEntries(
      await Promise.all(
        READERS.map(async (reader) => {
          const { body } = await server.graphql<{ residentRequest: Seen | null }>(QUERY, { id: requests[which] }, credentials[reader]);
          expect(body.errors).toBeUndefined();
          return [reader, body.data!.residentRequest] as const;
        }),
      ),
    );
    expect(seen).toEqual(Object.fromEntries(READERS.map((reader) => [reader, expected(reader, which)])));
  });

  it.each(["shown", "kept"] as const)("answers each reader alike on a WebSocket (identity %s)", async (which) => {
    const seen = Object.fromEntries(
      await Promise.all(
        READERS.map(async (reader) => {
          const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: credentials[reader] });
          try {
            const result = await new Promise<{ data?: { residentRequest: Seen | null } | null; errors?: unknown }>((resolve, reject) => {
              let last: { data?: { residentRequest: Seen | null } | null; errors?: unknown } = {};
              client.subscribe({ query: QUERY, variables: { id: requests[which] } }, { next: (value) => (last = value as typeof last), error: reject, complete: () => resolve(last) });
            });
            expect(result.errors).toBeUndefined();
            return [reader, result.data!.residentRequest] as const;
          } finally {
            await client.dispose();
          }
        }),
      ),
    );
    expect(seen).toEqual(Object.fromEntries(READERS.map((reader) => [reader, expected(reader, which)])));
  });

  it("lists to each reader the requests it reads, and refuses the anonymous list", async () => {
    const listed = Object.fromEntries(
      await Promise.all(
        READERS.map(async (reader) => {
          const { body } = await server.graphql<{ residentRequests: { nodes: Seen[] } }>(`{ residentRequests(filter: { categories: [OTHER] }, first: 10) { nodes { id description requester { id } contactValue } } }`, {}, credentials[reader]);
          if (reader === "anonymous") return [reader, body.errors![0].extensions!.code as string] as const;
          expect(body.errors).toBeUndefined();
          return [reader, body.data!.residentRequests.nodes.sort((a, b) => a.description.localeCompare(b.description))] as const;
        }),
      ),
    );
    const both = (reader: Reader) => [expected(reader, "kept"), expected(reader, "shown")].filter((seen) => seen !== null);
    expect(listed).toEqual(Object.fromEntries(READERS.map((reader) => [reader, reader === "anonymous" ? "UNAUTHENTICATED" : both(reader)])));
  });

  it("gives the public anonymised counts only", async () => {
    const { body } = await server.graphql<{ residentRequestCounts: { category: string; status: string; count: number }[] }>(`{ residentRequestCounts(areaCode: "510107021001") { category status count } }`);
    expect(body.data!.residentRequestCounts.filter((row) => row.category === "OTHER")).toEqual([{ category: "OTHER", status: "SUBMITTED", count: 2 }]);
    expect(JSON.stringify(body)).not.toContain(PHONE);
  });
});
