import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { MEDIATION_FIELD_RULES, MediationField, MediationReader } from "../src/auth/mediation-privacy";
import { mutationsAs, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

// Who reads what of a mediation case, field by reader, over HTTP and on a WebSocket (auth/mediation-privacy.ts).
let server: TestServer;
const { as } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

type Reader = "mediator" | "committee admin" | "party 王" | "party 李" | "admin of the property company (a party)" | "member of another organisation" | "the committee's API key" | "anonymous";
const READERS: Reader[] = ["mediator", "committee admin", "party 王", "party 李", "admin of the property company (a party)", "member of another organisation", "the committee's API key", "anonymous"];
const credentials = {} as Record<Reader, Record<string, string>>;

/** How each reader stands toward the case, and toward 王's party (the one party-scoped fields are read about). */
const STANDING: Record<Reader, { inCase: MediationReader; aboutWang: MediationReader }> = {
  mediator: { inCase: "MEDIATOR", aboutWang: "MEDIATOR" },
  "committee admin": { inCase: "COMMITTEE_ADMIN", aboutWang: "COMMITTEE_ADMIN" },
  "party 王": { inCase: "THIS_PARTY", aboutWang: "THIS_PARTY" },
  "party 李": { inCase: "THIS_PARTY", aboutWang: "OTHER_PARTY" },
  "admin of the property company (a party)": { inCase: "THIS_PARTY", aboutWang: "OTHER_PARTY" },
  "member of another organisation": { inCase: "OUTSIDER", aboutWang: "OUTSIDER" },
  "the committee's API key": { inCase: "OUTSIDER", aboutWang: "OUTSIDER" },
  anonymous: { inCase: "OUTSIDER", aboutWang: "OUTSIDER" },
};

const QUERY = `query ($id: ID!) { mediationCase(id: $id) {
  summary category status terms
  parties { name role person { id phone } }
  mediators { name person { id } replacementReason }
  sessions { place notes }
} }`;

interface Seen {
  summary: string;
  parties: { name: string; person: { id: string; phone: string | null } | null }[];
  mediators: { name: string; person: { id: string } | null; replacementReason: string | null }[];
  sessions: { place: string; notes: string | null }[];
}

/** What each field of the matrix reads as, from a reader's answer; undefined when the case is not there at all. */
function fieldsOf(seen: Seen | null): Record<MediationField, unknown> | undefined {
  if (!seen) return undefined;
  const wang = seen.parties.find((party) => party.name === "王大姐")!;
  return {
    case: seen.summary,
    party: wang.name,
    partyPerson: wang.person?.id ?? null,
    mediator: seen.mediators[0].name,
    mediatorPerson: seen.mediators[0].person?.id ?? null,
    replacementRequest: seen.mediators[0].replacementReason,
    session: seen.sessions[0].place,
    sessionNotes: seen.sessions[0].notes,
  };
}

let caseId: string;
const FULL: Record<MediationField, unknown> = {} as Record<MediationField, unknown>;

async function resident(name: string, committeeId: string): Promise<{ headers: Record<string, string>; personId: string }> {
  const email = `${unique("resident")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  const headers = bearer(await server.signIn(email, "long enough password"));
  const { person } = await as<{ person: { id: string } }>(headers, "registerMyself", "RegisterMyselfInput", { displayName: name, phone: "13800138000" }, "person { id }");
  await as(headers, "grantConsent", "GrantConsentInput", { organizationId: committeeId, purpose: "人民調解" }, "consent { purpose }");
  return { headers, personId: person.id };
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  const org = await organizationIds(server, ["jinhua-property", "shujin-construction"]);
  const chairEmail = `${unique("chair")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email: chairEmail, displayName: "主任", password: "long enough password" }, "user { id }");
  const admin = bearer(await server.signIn(chairEmail, "long enough password"));
  const committeeId = (await as<{ organization: { id: string } }>(admin, "createOrganization", "CreateOrganizationInput", {
    kind: "MEDIATION_COMMITTEE", name: "青杠林社區人民調解委員會", slug: unique("mediation"), areaCode: "510107021001",
  }, "organization { id }")).organization.id;
  const wang = await resident("王大姐", committeeId);
  const li = await resident("李先生", committeeId);
  const mediator = await resident("張調解員", committeeId);
  await as(admin, "addMediator", "AddMediatorInput", { actingOrganizationId: committeeId, personId: mediator.personId }, "mediator { id }");
  const { mediationCase } = await as<{ mediationCase: { id: string; parties: { id: string; name: string }[] } }>(admin, "fileMediationCase", "FileMediationCaseInput", {
    actingOrganizationId: committeeId, category: "NEIGHBOURS", summary: "樓上漏水", areaCode: "510107021001",
    applicants: [{ personId: wang.personId }], respondents: [{ personId: li.personId }, { organizationId: org["jinhua-property"] }],
  }, "mediationCase { id parties { id name } }");
  caseId = mediationCase.id;
  const party = (name: string) => mediationCase.parties.find((row) => row.name === name)!.id;
  const propertyAdmin = await server.asAdminOf(org["jinhua-property"]);
  for (const [headers, partyId] of [[wang.headers, party("王大姐")], [li.headers, party("李先生")], [propertyAdmin, party("錦華物業管理有限公司")]] as const) {
    await as(headers, "answerMediation", "AnswerMediationInput", { caseId, partyId, agree: true }, "mediationCase { id }");
  }
  const { assignment } = await as<{ assignment: { id: string } }>(admin, "assignMediator", "AssignMediatorInput", { actingOrganizationId: committeeId, caseId, personId: mediator.personId }, "assignment { id }");
  await as(mediator.headers, "recordMediationSession", "RecordMediationSessionInput", { caseId, heldAt: new Date().toISOString(), place: "社區調解室", notes: "單獨約談：王大姐可接受分期賠償" }, "session { id }");
  await as(wang.headers, "requestMediatorReplacement", "RequestMediatorReplacementInput", { caseId, partyId: party("王大姐"), assignmentId: assignment.id, reason: "希望換女性調解員" }, "assignment { id }");
  const key = await as<{ secret: string }>(admin, "createApiKey", "CreateApiKeyInput", { actingOrganizationId: committeeId, name: "只讀", scopes: ["READ"] }, "secret");
  Object.assign(credentials, {
    mediator: mediator.headers,
    "committee admin": admin,
    "party 王": wang.headers,
    "party 李": li.headers,
    "admin of the property company (a party)": propertyAdmin,
    "member of another organisation": await server.asAdminOf(org["shujin-construction"]),
    "the committee's API key": bearer(key.secret),
    anonymous: {},
  });
  Object.assign(FULL, { case: "樓上漏水", party: "王大姐", partyPerson: wang.personId, mediator: "張調解員", mediatorPerson: mediator.personId, replacementRequest: "希望換女性調解員", session: "社區調解室", sessionNotes: "單獨約談：王大姐可接受分期賠償" });
});
afterAll(() => server.close());

function expected(reader: Reader): Record<MediationField, unknown> | undefined {
  const { inCase, aboutWang } = STANDING[reader];
  if (!MEDIATION_FIELD_RULES.case[inCase]) return undefined;
  const partyScoped: MediationField[] = ["partyPerson", "replacementRequest"];
  return Object.fromEntries(
    (Object.keys(MEDIATION_FIELD_RULES) as MediationField[]).map((field) => [field, MEDIATION_FIELD_RULES[field][partyScoped.includes(field) ? aboutWang : inCase] ? FULL[field] : null]),
  ) as Record<MediationField, unknown>;
}

describe("a mediation case, field by reader", () => {
  it.each(READERS)("over HTTP, as %s", async (reader) => {
    const { body } = await server.graphql<{ mediationCase: Seen | null }>(QUERY, { id: caseId }, credentials[reader]);
    expect(body.errors).toBeUndefined();
    expect(fieldsOf(body.data!.mediationCase)).toEqual(expected(reader));
  });

  it.each(READERS)("on a WebSocket, as %s", async (reader) => {
    const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: credentials[reader] });
    try {
      const result = await new Promise<{ data?: { mediationCase: Seen | null } | null; errors?: unknown }>((resolve, reject) => {
        let last: { data?: { mediationCase: Seen | null } | null; errors?: unknown } = {};
        client.subscribe<{ mediationCase: Seen | null }>({ query: QUERY, variables: { id: caseId } }, { next: (value) => (last = value as typeof last), error: reject, complete: () => resolve(last) });
      });
      expect(result.errors).toBeUndefined();
      expect(fieldsOf(result.data!.mediationCase ?? null)).toEqual(expected(reader));
    } finally {
      await client.dispose();
    }
  });

  it("shows another party's phone to nobody but the committee's admins and the party itself", async () => {
    const phones = await Promise.all(
      READERS.map(async (reader) => {
        const { body } = await server.graphql<{ mediationCase: Seen | null }>(QUERY, { id: caseId }, credentials[reader]);
        return [reader, body.data!.mediationCase?.parties.find((party) => party.name === "王大姐")!.person?.phone ?? null] as const;
      }),
    );
    // The committee holds 王's consent (full); the mediator reads her as any signed-in person does (masked).
    expect(Object.fromEntries(phones)).toEqual({
      mediator: "138****8000",
      "committee admin": "13800138000",
      "party 王": "13800138000",
      "party 李": null,
      "admin of the property company (a party)": null,
      "member of another organisation": null,
      "the committee's API key": null,
      anonymous: null,
    });
  });

  it("keeps a case out of node(id) for outsiders, as mediationCase does", async () => {
    const { body } = await server.graphql<{ node: { id: string } | null }>(`query ($id: ID!) { node(id: $id) { id } }`, { id: caseId }, credentials["member of another organisation"]);
    expect(body.data!.node).toBeNull();
    const { body: mine } = await server.graphql<{ node: { id: string } | null }>(`query ($id: ID!) { node(id: $id) { id } }`, { id: caseId }, credentials["party 李"]);
    expect(mine.data!.node).toEqual({ id: caseId });
  });
});
