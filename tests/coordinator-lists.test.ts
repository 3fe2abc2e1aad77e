import { DRAFT_READER_STATUSES } from "../src/auth/read-policy";
import { fromGlobalId, toGlobalId } from "../src/schema/global-id";
import { mutate, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

const DEFAULT_MAX_COST = 5_000;

let server: TestServer;
let committee: string;
let clinic: string;
let enterprise: string;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  ({
    "qinggang-lin-party-committee": committee,
    "qinggang-lin-health-station": clinic,
    "shujin-construction": enterprise,
  } = await organizationIds(server, ["qinggang-lin-party-committee", "qinggang-lin-health-station", "shujin-construction"]));
});
afterAll(() => server.close());

const OFFERS = `query ($id: ID!, $first: Int, $after: String) {
  node(id: $id) { ... on Organization {
    offersAwaitingAnswer(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id quantity note createdAt organization { name } need { title unit remainingQuantity project { title } } }
    }
  } }
}`;

interface IdPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: { id: string }[];
}

/** Every id of an organisation's list `field`, walked a page at a time, as the organisation's admin (or `headers`). */
async function walk(query: string, field: string, organizationId: string, headers?: Record<string, string>): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const variables: Record<string, unknown> = { id: organizationId, first: 2, after };
    const { body } = await server.graphql<{ node: Record<string, IdPage> }>(query, variables, headers ?? (await server.asAdminOf(organizationId)));
    expect(body.errors).toBeUndefined();
    const { nodes, pageInfo }: IdPage = body.data!.node[field];
    seen.push(...nodes.map((node) => node.id));
    if (!pageInfo.hasNextPage) return seen;
    after = pageInfo.endCursor;
  }
}

const offersFor = (organizationId: string, headers?: Record<string, string>) => walk(OFFERS, "offersAwaitingAnswer", organizationId, headers);

/** The same list recomputed from the rows: OFFERED pledges to needs the organisation posted or whose project it leads. */
async function offersInRows(organizationId: string): Promise<string[]> {
  const key = fromGlobalId(organizationId)!.key;
  const rows: { id: string }[] = await server.dataSource.query(
    `SELECT p.id FROM pledge p JOIN resource_need n ON n.id = p.need_id JOIN project pr ON pr.id = n.project_id
     WHERE p.status = 'OFFERED' AND (n.posted_by_organization_id = $1 OR pr.lead_organization_id = $1) ORDER BY p.created_at, p.id`,
    [key],
  );
  return rows.map((row) => toGlobalId("Pledge", row.id));
}

describe("the lists a coordinator works from", () => {
  it("lists the offers waiting for an organisation's answer, as its rows say, page by page", async () => {
    for (const organization of [committee, clinic, enterprise]) {
      expect(await offersFor(organization)).toEqual(await offersInRows(organization));
    }
    expect((await offersInRows(committee)).length).toBeGreaterThan(1);
    expect((await offersInRows(clinic)).length).toBeGreaterThan(0);
  });

  it("shows the list to the organisation's members only: empty for another organisation's admin and for anonymous callers", async () => {
    expect((await offersInRows(committee)).length).toBeGreaterThan(0);
    expect(await offersFor(committee, await server.asAdminOf(enterprise))).toEqual([]);
    expect(await offersFor(committee, {})).toEqual([]);
  });

  it("drops an offer from the list once it is answered", async () => {
    const [first] = await offersFor(clinic);
    expect(first).toBeDefined();
    const answered = await mutate<{ pledge: { status: string } }>(server, "declinePledge", "DeclinePledgeInput", { actingOrganizationId: clinic, pledgeId: first, reason: "名額已滿" }, "pledge { status }");
    expect(answered).toMatchObject({ pledge: { status: "DECLINED" }, userErrors: [] });
    const after = await offersFor(clinic);
    expect(after).not.toContain(first);
    expect(after).toEqual(await offersInRows(clinic));
  });

  it("costs each working list under the default limit with its usual page size", async () => {
    const headers = await server.asAdminOf(committee);
    const working = {
      offers: [OFFERS, { id: committee, first: 20 }],
      toDeliver: [
        `query ($id: ID!) { node(id: $id) { ... on Organization { pledges(statuses: [ACCEPTED], first: 20) { nodes { id quantity acceptedQuantity deliveredQuantity expectedDelivery need { title unit area { name } project { title } } } } } } }`,
        { id: enterprise },
      ],
    } as const;
    for (const [name, [query, variables]] of Object.entries(working)) {
      const { body } = await server.graphql<unknown>(query, variables, headers);
      expect({ name, errors: body.errors }).toEqual({ name, errors: undefined });
      const cost = (body.extensions as { cost: { requested: number } }).cost.requested;
      expect({ name, under: cost < DEFAULT_MAX_COST }).toEqual({ name, under: true });
    }
  });
});

const DECLARE = `mutation ($input: DeclareCapacitiesInput!) {
  declareCapacities(input: $input) { organization { capacities { category areaCode quantity unit note } } userErrors { field code message } }
}`;

interface Declared {
  declareCapacities: { organization: { capacities: Record<string, unknown>[] } | null; userErrors: { field: string[]; code: string; message: string }[] };
}

async function declare(organizationId: string, capacities: Record<string, unknown>[]): Promise<Declared["declareCapacities"]> {
  const { body } = await server.graphql<Declared>(DECLARE, { input: { actingOrganizationId: organizationId, capacities } }, await server.asAdminOf(organizationId));
  expect(body.errors).toBeUndefined();
  return body.data!.declareCapacities;
}

const COULD_FILL = `query ($id: ID!, $first: Int, $after: String) {
  node(id: $id) { ... on Organization { needsItCouldFill(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id } } } }
}`;

const needsCouldFill = (organizationId: string) => walk(COULD_FILL, "needsItCouldFill", organizationId);

/** Recomputed from the rows: open needs of projects the organisation may see, matching a capacity line, not its own; most urgent first. */
async function couldFillInRows(organizationId: string): Promise<string[]> {
  const key = fromGlobalId(organizationId)!.key;
  const rows: { id: string }[] = await server.dataSource.query(
    `SELECT n.id FROM resource_need n JOIN project pr ON pr.id = n.project_id
     WHERE n.status IN ('OPEN', 'PARTIALLY_PLEDGED') AND n.posted_by_organization_id <> $1
       AND (pr.status <> 'DRAFT' OR EXISTS (SELECT 1 FROM partnership r WHERE r.project_id = pr.id AND r.organization_id = $1 AND r.status = ANY($2)))
       AND EXISTS (SELECT 1 FROM offered_capacity c WHERE c.organization_id = $1 AND c.category = n.category AND starts_with(n.area_code, c.area_code))
     ORDER BY n.urgency_level DESC, n.id DESC`,
    [key, DRAFT_READER_STATUSES],
  );
  return rows.map((row) => toGlobalId("ResourceNeed", row.id));
}

describe("what an organisation can offer, and the needs it could fill", () => {
  it("replaces the organisation's declared capacities and lists the open needs they match, as the rows say", async () => {
    expect(await needsCouldFill(enterprise)).toEqual([]);
    const declared = await declare(enterprise, [
      { category: "MATERIALS", areaCode: "510107021", quantity: 500, unit: "袋", note: "工地倉庫" },
      { category: "VOLUNTEERS", areaCode: "510107021001" },
    ]);
    expect(declared).toEqual({
      organization: {
        capacities: [
          { category: "MATERIALS", areaCode: "510107021", quantity: 500, unit: "袋", note: "工地倉庫" },
          { category: "VOLUNTEERS", areaCode: "510107021001", quantity: null, unit: null, note: null },
        ],
      },
      userErrors: [],
    });
    const expected = await couldFillInRows(enterprise);
    expect(expected.length).toBeGreaterThan(1);
    expect(await needsCouldFill(enterprise)).toEqual(expected);

    const narrowed = await declare(enterprise, [{ category: "VOLUNTEERS", areaCode: "510107021001" }]);
    expect(narrowed.organization!.capacities).toHaveLength(1);
    expect(await needsCouldFill(enterprise)).toEqual(await couldFillInRows(enterprise));
    expect((await needsCouldFill(enterprise)).length).toBeLessThan(expected.length);

    expect((await declare(enterprise, [])).organization!.capacities).toEqual([]);
    expect(await needsCouldFill(enterprise)).toEqual([]);
  });

  it("answers every bad line with a userError on its field and changes nothing", async () => {
    await declare(clinic, [{ category: "MEDICAL_STAFF", areaCode: "510107021" }]);
    const refused = await declare(clinic, [
      { category: "FOOD", areaCode: "999999" },
      { category: "SHELTER", areaCode: "510107021", quantity: 10 },
      { category: "SHELTER", areaCode: "510107021", unit: "床位" },
      { category: "FOOD", areaCode: "510107021", quantity: -1, unit: "份" },
    ]);
    expect(refused.organization).toBeNull();
    expect(refused.userErrors.map(({ field, code }) => [field.join("."), code]).sort()).toEqual(
      [
        ["input.capacities.0.areaCode", "NOT_FOUND"],
        ["input.capacities.1.unit", "REQUIRED"],
        ["input.capacities.2.areaCode", "TAKEN"],
        ["input.capacities.2.quantity", "REQUIRED"],
        ["input.capacities.3.quantity", "OUT_OF_RANGE"],
      ].sort(),
    );
    const tooMany = await declare(clinic, Array.from({ length: 21 }, (_, index) => ({ category: "FOOD", areaCode: `510107021${String(index).padStart(3, "0")}` })));
    expect(tooMany.userErrors.map(({ field, code }) => [field.join("."), code])).toContainEqual(["input.capacities", "TOO_LONG"]);
    const { body } = await server.graphql<{ node: { capacities: { category: string }[] } }>(`query ($id: ID!) { node(id: $id) { ... on Organization { capacities { category } } } }`, { id: clinic });
    expect(body.data!.node.capacities).toEqual([{ category: "MEDICAL_STAFF" }]);
  });
});
