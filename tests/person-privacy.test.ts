import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { PERSON_FIELD_RULES } from "../src/auth/person-privacy";
import { organizationIds, UserError } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

async function as<T>(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>, selection: string): Promise<T> {
  const { body } = await server.graphql<Record<string, T & { userErrors: UserError[] }>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
    { input },
    headers,
  );
  expect([name, body.errors, body.data?.[name].userErrors]).toEqual([name, undefined, []]);
  return body.data![name];
}

async function newAccount(name: string): Promise<{ email: string; headers: Record<string, string> }> {
  const email = `${unique("person")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: name, password: "long enough password" }, "user { id }");
  return { email, headers: bearer(await server.signIn(email, "long enough password")) };
}

const readKey = async (organizationId: string) =>
  bearer((await as<{ secret: string }>(await server.asAdminOf(organizationId), "createApiKey", "CreateApiKeyInput", { actingOrganizationId: organizationId, name: unique("key"), scopes: ["READ"] }, "secret")).secret);

type Reader = "the person" | "admin of a holding organisation" | "member of a holding organisation" | "key of a holding organisation" | "member of another organisation" | "key of another organisation" | "anonymous";
const READERS: Reader[] = ["the person", "admin of a holding organisation", "member of a holding organisation", "key of a holding organisation", "member of another organisation", "key of another organisation", "anonymous"];
const credentials = {} as Record<Reader, Record<string, string>>;

const TEAM = "qinggang-lin-party-volunteers";
const OTHER_TEAM = "guixi-student-volunteers";
const PHONE = "13900135678";
let personId: string;

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { wsCredentialCheckMs: 200 } });
  org = await organizationIds(server, [TEAM, OTHER_TEAM, "jinhua-property", "shujin-construction"]);
  // A resident registers, consents to two teams and serves in both.
  const person = await newAccount("蘇明");
  credentials["the person"] = person.headers;
  personId = (await as<{ person: { id: string } }>(person.headers, "registerMyself", "RegisterMyselfInput", {
    displayName: "蘇明", realName: "蘇明遠", phone: "139 0013 5678", homeAreaCode: "510107021001002", skills: ["DRIVING"], languages: ["zh", "yue"],
    isPartyMember: true, partyRegistration: { employerOrganizationId: org["shujin-construction"], reportingAreaCode: "510107021001" }, about: "晚上七點後有空",
  }, "person { id }")).person.id;
  for (const [slug, purpose] of [[TEAM, "排班與聯絡"], [OTHER_TEAM, "大學生志願服務聯絡"]]) {
    await as(person.headers, "grantConsent", "GrantConsentInput", { organizationId: org[slug], purpose }, "consent { purpose }");
    await as(await server.asAdminOf(org[slug]), "addTeamMember", "AddTeamMemberInput", { actingOrganizationId: org[slug], personId }, "teamMembership { role }");
  }
  credentials["admin of a holding organisation"] = await server.asAdminOf(org[TEAM]);
  const member = await newAccount("隊員");
  await as(await server.asAdminOf(org[TEAM]), "addMember", "AddMemberInput", { actingOrganizationId: org[TEAM], email: member.email, role: "MEMBER" }, "membership { role }");
  credentials["member of a holding organisation"] = member.headers;
  credentials["key of a holding organisation"] = await readKey(org[TEAM]);
  credentials["member of another organisation"] = await server.asAdminOf(org["jinhua-property"]);
  credentials["key of another organisation"] = await readKey(org["jinhua-property"]);
  credentials["anonymous"] = {};
  // 2.5 hours served with the team and verified: what `verifiedHours` and `stars` show.
  await server.dataSource.query(
    `WITH a AS (INSERT INTO activity (organization_id, kind, title, area_code, status) VALUES ($1, 'ENVIRONMENT', '河道清潔', '510107021001', 'COMPLETED') RETURNING id),
          sh AS (INSERT INTO activity_shift (activity_id, starts_at, ends_at, capacity) SELECT id, now() - interval '5 hours', now() - interval '1 hour', 10 FROM a RETURNING id)
     INSERT INTO shift_sign_up (shift_id, person_id, status, hours, verified_at, verified_by_organization_id) SELECT id, $2, 'CONFIRMED', 2.5, now(), $1 FROM sh`,
    [Buffer.from(org[TEAM], "base64url").toString().split(":")[1], Buffer.from(personId, "base64url").toString().split(":")[1]],
  );
});
afterAll(() => server.close());

const PERSON = `query ($id: ID!) {
  person(id: $id) {
    displayName label skills languages realName phone homeArea { code } about isPartyMember
    partyRegistration { employer { slug } reportingArea { code } }
    consents { purpose organization { slug } }
    teams { role organization { slug } }
    verifiedHours stars publicRecognition
  }
}`;

interface Seen {
  displayName: string;
  label: string;
  skills: string[];
  languages: string[];
  realName: string | null;
  phone: string | null;
  homeArea: { code: string } | null;
  about: string | null;
  isPartyMember: boolean | null;
  partyRegistration: { employer: { slug: string }; reportingArea: { code: string } } | null;
  consents: { purpose: string; organization: { slug: string } }[];
  teams: { role: string; organization: { slug: string } }[];
  verifiedHours: number | null;
  stars: number | null;
  publicRecognition: boolean | null;
}

const team = (slug: string) => ({ role: "MEMBER", organization: { slug } });
const FULL = {
  realName: "蘇明遠",
  phone: PHONE,
  homeArea: { code: "510107021001002" },
  about: "晚上七點後有空",
  isPartyMember: true,
  partyRegistration: { employer: { slug: "shujin-construction" }, reportingArea: { code: "510107021001" } },
};
const HIDDEN = { realName: null, phone: null, homeArea: null, about: null, isPartyMember: null, partyRegistration: null };
/** The person served 2.5 verified hours with the team and has not agreed to public recognition. */
const RECOGNISED = { verifiedHours: 2.5, stars: 0, publicRecognition: false };
const UNRECOGNISED = { verifiedHours: null, stars: null, publicRecognition: null };
const PERSONAL: Record<Reader, Omit<Seen, "displayName" | "label" | "skills" | "languages">> = {
  "the person": { ...FULL, ...RECOGNISED, consents: [{ purpose: "排班與聯絡", organization: { slug: TEAM } }, { purpose: "大學生志願服務聯絡", organization: { slug: OTHER_TEAM } }], teams: [team(TEAM), team(OTHER_TEAM)] },
  "admin of a holding organisation": { ...FULL, ...RECOGNISED, consents: [{ purpose: "排班與聯絡", organization: { slug: TEAM } }], teams: [team(TEAM)] },
  "member of a holding organisation": { ...FULL, ...RECOGNISED, publicRecognition: null, realName: null, phone: "139****5678", consents: [], teams: [team(TEAM)] },
  "key of a holding organisation": { ...FULL, ...RECOGNISED, publicRecognition: null, realName: null, phone: "139****5678", consents: [], teams: [team(TEAM)] },
  "member of another organisation": { ...HIDDEN, ...UNRECOGNISED, phone: "139****5678", homeArea: { code: "510107021001" }, consents: [], teams: [] },
  "key of another organisation": { ...HIDDEN, ...UNRECOGNISED, phone: "139****5678", homeArea: { code: "510107021001" }, consents: [], teams: [] },
  anonymous: { ...HIDDEN, ...UNRECOGNISED, consents: [], teams: [] },
};

function expected(reader: Reader, label: string): Seen {
  return { displayName: "蘇明", label, skills: ["DRIVING"], languages: ["zh", "yue"], ...PERSONAL[reader] };
}

async function labelOf(): Promise<string> {
  const { body } = await server.graphql<{ person: { label: string } }>(`query ($id: ID!) { person(id: $id) { label } }`, { id: personId });
  return body.data!.person.label;
}

describe("a person's data shows to each reader by the rules of auth/person-privacy.ts", () => {
  it("has a rule for every personal field and reader, and the table below covers them", () => {
    expect(Object.keys(PERSON_FIELD_RULES).sort()).toEqual([
      "about", "consents", "homeArea", "isPartyMember", "partyRegistration", "phone", "publicRecognition", "realName", "recognition", "teams", "volunteerRecord",
    ]);
    for (const rules of Object.values(PERSON_FIELD_RULES)) expect(Object.keys(rules).sort()).toEqual(["ANONYMOUS", "HOLDER", "HOLDER_ADMIN", "SELF", "SIGNED_IN"]);
  });

  it("answers each reader over HTTP", async () => {
    const label = await labelOf();
    const seen = Object.fromEntries(
      await Promise.all(
        READERS.map(async (reader) => {
          const { body } = await server.graphql<{ person: Seen }>(PERSON, { id: personId }, credentials[reader]);
          expect(body.errors).toBeUndefined();
          return [reader, body.data!.person] as const;
        }),
      ),
    );
    expect(seen).toEqual(Object.fromEntries(READERS.map((reader) => [reader, expected(reader, label)])));
  });

  it("answers each reader alike on a WebSocket", async () => {
    const label = await labelOf();
    const seen = Object.fromEntries(
      await Promise.all(
        READERS.map(async (reader) => {
          const client = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: credentials[reader] });
          try {
            const result = await new Promise<{ data?: { person: Seen } | null; errors?: unknown }>((resolve, reject) => {
              let last: { data?: { person: Seen } | null; errors?: unknown } = {};
              client.subscribe<{ person: Seen }>({ query: PERSON, variables: { id: personId } }, { next: (value) => (last = value as typeof last), error: reject, complete: () => resolve(last) });
            });
            expect(result.errors).toBeUndefined();
            return [reader, result.data!.person] as const;
          } finally {
            await client.dispose();
          }
        }),
      ),
    );
    expect(seen).toEqual(Object.fromEntries(READERS.map((reader) => [reader, expected(reader, label)])));
  });

  it("shows a team's roster to its own members and keys only", async () => {
    const query = `query ($team: ID!) { organization(id: $team) { teamMembers(first: 100) { totalCount nodes { role person { label } } } } }`;
    const counts = Object.fromEntries(
      await Promise.all(
        READERS.map(async (reader) => {
          const { body } = await server.graphql<{ organization: { teamMembers: { totalCount: number; nodes: { person: { label: string } }[] } } }>(query, { team: org[TEAM] }, credentials[reader]);
          expect(body.errors).toBeUndefined();
          const roster = body.data!.organization.teamMembers;
          return [reader, roster.totalCount > 0 && roster.nodes.length === Math.min(roster.totalCount, 100)] as const;
        }),
      ),
    );
    expect(counts).toEqual({
      "the person": false,
      "admin of a holding organisation": true,
      "member of a holding organisation": true,
      "key of a holding organisation": true,
      "member of another organisation": false,
      "key of another organisation": false,
      anonymous: false,
    });
  });

  it("shows hours and stars to every reader once the person agrees to public recognition, and hides them again when they take it back", async () => {
    const recognitionSeen = async () =>
      Object.fromEntries(
        await Promise.all(
          READERS.map(async (reader) => {
            const { body } = await server.graphql<{ person: Pick<Seen, "verifiedHours" | "stars" | "publicRecognition"> }>(`query ($id: ID!) { person(id: $id) { verifiedHours stars publicRecognition } }`, { id: personId }, credentials[reader]);
            return [reader, body.data!.person] as const;
          }),
        ),
      );
    await as(credentials["the person"], "updateMyProfile", "UpdateMyProfileInput", { publicRecognition: true }, "person { id }");
    const agreed = await recognitionSeen();
    await as(credentials["the person"], "updateMyProfile", "UpdateMyProfileInput", { publicRecognition: false }, "person { id }");
    const choice = (reader: Reader) => (["the person", "admin of a holding organisation"].includes(reader) ? true : null);
    expect(agreed).toEqual(Object.fromEntries(READERS.map((reader) => [reader, { verifiedHours: 2.5, stars: 0, publicRecognition: choice(reader) }])));
    const withdrawn = await recognitionSeen();
    expect(withdrawn).toEqual(Object.fromEntries(READERS.map((reader) => [reader, { verifiedHours: PERSONAL[reader].verifiedHours, stars: PERSONAL[reader].stars, publicRecognition: PERSONAL[reader].publicRecognition }])));
  });

  it("gives another subgraph only public fields, whoever asks through it", async () => {
    const { body } = await server.graphql<{ _entities: Partial<Seen>[] }>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { displayName skills realName phone about homeArea { code } consents { purpose } teams { role } } } }`,
      { representations: [{ __typename: "Person", id: personId }] },
      credentials["admin of a holding organisation"],
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!._entities).toEqual([{ displayName: "蘇明", skills: ["DRIVING"], realName: null, phone: null, about: null, homeArea: null, consents: [], teams: [] }]);
  });
});
