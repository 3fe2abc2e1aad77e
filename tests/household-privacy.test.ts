import { HOUSEHOLD_FIELD_RULES } from "../src/auth/household-privacy";
import { mutationsAs, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
const { as } = mutationsAs(() => server);
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

const HOLDER = "qinggang-lin-party-committee";
const STREET = "qinggang-street-office";
const OTHER = "jinhua-property";

type Reader = "admin of the holder" | "member of the holder" | "key of the holder" | "supervisor (the street)" | "member of another organisation" | "key of another organisation" | "anonymous";
const READERS: Reader[] = ["admin of the holder", "member of the holder", "key of the holder", "supervisor (the street)", "member of another organisation", "key of another organisation", "anonymous"];
const credentials = {} as Record<Reader, Record<string, string>>;

const NEEDS = "獨居，患糖尿病，需要送餐";
const FINDINGS = "血糖偏高，已提醒覆診";
const FOLLOW_UP = "三天後電話回訪";
let householdId: string;
let residentId: string;
let visitorId: string;

interface Seen {
  code: string;
  area: { code: string };
  groups: string[];
  needs: string | null;
  memberCount: number;
  members: { id: string }[];
  visits: { nodes: { visitedAt: string | null; findings: string | null; followUp: string | null; visitors: { id: string }[] }[] };
}

const readKey = async (organizationId: string) =>
  bearer((await as<{ secret: string }>(await server.asAdminOf(organizationId), "createApiKey", "CreateApiKeyInput", { actingOrganizationId: organizationId, name: unique("key"), scopes: ["READ"] }, "secret")).secret);

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [HOLDER, STREET, OTHER]);
  const admin = await server.asAdminOf(org[HOLDER]);
  const person = async (name: string) =>
    (await as<{ person: { id: string } }>(admin, "registerPerson", "RegisterPersonInput", { actingOrganizationId: org[HOLDER], displayName: name, consent: { purpose: "走訪" } }, "person { id }")).person.id;
  residentId = await person("趙奶奶");
  visitorId = await person("網格員小周");
  householdId = (await as<{ household: { id: string } }>(admin, "registerKeyHousehold", "RegisterKeyHouseholdInput", {
    actingOrganizationId: org[HOLDER], code: "PRIV-0001", areaCode: "510107021001003", groups: ["ELDERLY"], needs: NEEDS, visitEveryDays: 7, memberPersonIds: [residentId],
  }, "household { id }")).household.id;
  await as(admin, "recordHouseholdVisit", "RecordHouseholdVisitInput", {
    actingOrganizationId: org[HOLDER], householdId, visitedAt: new Date(Date.now() - 3_600_000).toISOString(), visitorPersonIds: [visitorId], findings: FINDINGS, followUp: FOLLOW_UP,
  }, "visit { id }");
  const email = `${unique("member")}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: "社工", password: "long enough password" }, "user { id }");
  await as(admin, "addMember", "AddMemberInput", { actingOrganizationId: org[HOLDER], email, role: "MEMBER" }, "membership { role }");
  credentials["admin of the holder"] = admin;
  credentials["member of the holder"] = bearer(await server.signIn(email, "long enough password"));
  credentials["key of the holder"] = await readKey(org[HOLDER]);
  credentials["supervisor (the street)"] = await server.asAdminOf(org[STREET]);
  credentials["member of another organisation"] = await server.asAdminOf(org[OTHER]);
  credentials["key of another organisation"] = await readKey(org[OTHER]);
  credentials["anonymous"] = {};
});
afterAll(() => server.close());

const QUERY = `query ($id: ID!) { keyHousehold(id: $id) {
  code area { code } groups needs memberCount members { id } visits(first: 5) { nodes { visitedAt findings followUp visitors { id } } }
} }`;

/** What each reader should get, written out rather than read from the table, so a change to the table shows here. */
function expected(reader: Reader): Omit<Seen, "visits"> & { visits: { findings: string | null; followUp: string | null; visitors: { id: string }[] }[] } | null {
  const base = { code: "PRIV-0001", area: { code: "510107021001003" }, groups: ["ELDERLY"], memberCount: 1 };
  const planned = { findings: null, followUp: null, visitors: [] };
  switch (reader) {
    case "admin of the holder":
    case "member of the holder":
      return { ...base, needs: NEEDS, members: [{ id: residentId }], visits: [planned, { findings: FINDINGS, followUp: FOLLOW_UP, visitors: [{ id: visitorId }] }] };
    case "key of the holder":
      return { ...base, needs: "***", members: [], visits: [planned, { findings: "***", followUp: "***", visitors: [] }] };
    case "supervisor (the street)":
      return { ...base, needs: "***", members: [], visits: [planned, { findings: null, followUp: null, visitors: [] }] };
    default:
      return null;
  }
}

describe("who reads what of a key household", () => {
  it("has a rule for every field and reader", () => {
    expect(Object.keys(HOUSEHOLD_FIELD_RULES).sort()).toEqual(["findings", "household", "members", "needs", "visitors"]);
    for (const rules of Object.values(HOUSEHOLD_FIELD_RULES)) expect(Object.keys(rules).sort()).toEqual(["ANONYMOUS", "HOLDER_ADMIN", "HOLDER_KEY", "HOLDER_MEMBER", "OTHER", "SUPERVISOR"]);
  });

  it("answers each reader over HTTP, field by field", async () => {
    const seen = Object.fromEntries(
      await Promise.all(
        READERS.map(async (reader) => {
          const { body } = await server.graphql<{ keyHousehold: Seen | null }>(QUERY, { id: householdId }, credentials[reader]);
          expect(body.errors).toBeUndefined();
          const household = body.data!.keyHousehold;
          // Newest first: the next visit (planned, not made) and the one recorded.
          const shown = household && { ...household, visits: household.visits.nodes.map(({ visitedAt: _at, ...visit }) => visit) };
          return [reader, shown] as const;
        }),
      ),
    );
    expect(seen).toEqual(Object.fromEntries(READERS.map((reader) => [reader, expected(reader)])));
  });

  it("answers node(id) as keyHousehold, and keeps names out of the register's list for other organisations", async () => {
    for (const reader of READERS) {
      const { body } = await server.graphql<{ node: { code: string } | null }>(`query ($id: ID!) { node(id: $id) { ... on KeyHousehold { code } } }`, { id: householdId }, credentials[reader]);
      expect([reader, body.data?.node ?? null]).toEqual([reader, expected(reader) && { code: "PRIV-0001" }]);
    }
    const { body } = await server.graphql<{ keyHouseholds: { totalCount: number } }>(`query ($id: ID!) { keyHouseholds(organizationId: $id) { totalCount } }`, { id: org[HOLDER] }, credentials["member of another organisation"]);
    expect(body.data!.keyHouseholds.totalCount).toBe(0);
  });
});
