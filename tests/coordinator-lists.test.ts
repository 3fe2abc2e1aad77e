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

interface OffersPage {
  node: { offersAwaitingAnswer: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: { id: string }[] } };
}

/** Every offer in the list, walked a page of two at a time, as the organisation's admin (or `headers`). */
async function offersFor(organizationId: string, headers?: Record<string, string>): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const variables: Record<string, unknown> = { id: organizationId, first: 2, after };
    const { body } = await server.graphql<OffersPage>(OFFERS, variables, headers ?? (await server.asAdminOf(organizationId)));
    expect(body.errors).toBeUndefined();
    const { nodes, pageInfo }: OffersPage["node"]["offersAwaitingAnswer"] = body.data!.node.offersAwaitingAnswer;
    seen.push(...nodes.map((node) => node.id));
    if (!pageInfo.hasNextPage) return seen;
    after = pageInfo.endCursor;
  }
}

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
