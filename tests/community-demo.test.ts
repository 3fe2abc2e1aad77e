import { startTestServer, TestServer } from "./support/test-server";

// What a first start shows of the council, mediation and recognition: the demo data issues 13 and 15 ask for.
let server: TestServer;
const COMMITTEE = "qinggang-lin-mediation-committee";
const DAY = 86_400_000;

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

async function read<T>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<T> {
  const { body } = await server.graphql<T>(query, variables, headers);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

interface DemoCase {
  id: string;
  status: string;
  category: string;
  summary: string;
  closedAt: string | null;
  judicialConfirmationDueAt: string | null;
  referral: string | null;
  overdue: boolean;
  parties: { role: string; signedTerms: boolean; organization: { name: string } | null }[];
}

describe("the demo data of the council and of people's mediation", () => {
  it("holds the committee's cases in every state, among them a noise dispute settled by agreement and a leak referred to court", async () => {
    const { organization: organizationBySlug } = await read<{ organization: { id: string; kind: string } }>(`{ organization(slug: "${COMMITTEE}") { id kind } }`);
    expect(organizationBySlug.kind).toBe("MEDIATION_COMMITTEE");
    const admin = await server.asAdminOf(organizationBySlug.id);
    const query = `query ($id: ID!) { mediationCases(committeeId: $id, first: 50) { nodes {
      id status category summary closedAt judicialConfirmationDueAt referral overdue parties { role signedTerms organization { name } } } } }`;
    const cases = (await read<{ mediationCases: { nodes: DemoCase[] } }>(query, { id: organizationBySlug.id }, admin)).mediationCases.nodes;
    expect([...new Set(cases.map((row) => row.status))].sort()).toEqual(["ACCEPTED", "AGREEMENT", "APPLIED", "DECLINED", "IN_MEDIATION", "NO_AGREEMENT", "WITHDRAWN"]);
    const noise = cases.find((row) => row.status === "AGREEMENT")!;
    expect(noise.summary).toMatch(/夜間/);
    expect(noise.parties.every((party) => party.signedTerms)).toBe(true);
    expect(new Date(noise.judicialConfirmationDueAt!).getTime() - new Date(noise.closedAt!).getTime()).toBe(30 * DAY);
    expect(new Date(noise.judicialConfirmationDueAt!).getTime()).toBeGreaterThan(Date.now());
    const referred = cases.find((row) => row.status === "NO_AGREEMENT")!;
    expect(referred).toMatchObject({ referral: "COURT", category: "PROPERTY_MANAGEMENT" });
    expect(referred.parties.map((party) => party.organization?.name ?? null)).toContain("錦華物業管理有限公司");
    expect(cases.filter((row) => row.overdue).map((row) => row.status)).toEqual(["IN_MEDIATION"]);
    // Nobody else reads a case; the dashboard counts them.
    expect((await read<{ mediationCase: unknown }>(`query ($id: ID!) { mediationCase(id: $id) { id } }`, { id: noise.id })).mediationCase).toBeNull();
    const { dashboard } = await read<{ dashboard: { mediation: { total: number; handled: number } } }>(
      `query ($from: DateTime!, $to: DateTime!) { dashboard(areaCode: "510107021001", from: $from, to: $to) { mediation { total handled } } }`,
      { from: new Date(Date.now() - 90 * DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() },
    );
    expect(dashboard.mediation.total).toBeGreaterThanOrEqual(7);
    expect(dashboard.mediation.handled).toBeGreaterThanOrEqual(2);
  });

  it("shows the council's passed elevator proposal with the project it started, the open parking vote, and the council's figures", async () => {
    const { councilOfArea } = await read<{ councilOfArea: { name: string; proposals: { nodes: { title: string; status: string; submittedAt: string | null; project: { title: string; status: string } | null }[] } } }>(
      `{ councilOfArea(areaCode: "510107021001") { name proposals { nodes { title status submittedAt project { title status } } } } }`,
    );
    expect(councilOfArea.name).toBe("青杠林社區居民議事會");
    const byTitle = new Map(councilOfArea.proposals.nodes.map((row) => [row.title, row]));
    expect(byTitle.get("老舊小區加裝電梯")).toMatchObject({ status: "PASSED", project: { title: "老舊小區加裝電梯", status: "ACTIVE" } });
    expect(byTitle.get("小區停車管理規約")).toMatchObject({ status: "VOTING" });
    const { dashboard } = await read<{ dashboard: { council: { proposalsSubmitted: number; proposalsPassed: number; meetingsHeld: number; medianDaysToDecision: number } } }>(
      `query ($from: DateTime!, $to: DateTime!) { dashboard(areaCode: "510107021001", from: $from, to: $to) { council { proposalsSubmitted proposalsPassed meetingsHeld medianDaysToDecision } } }`,
      { from: new Date(Date.now() - 100 * DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() },
    );
    expect(dashboard.council.proposalsSubmitted).toBeGreaterThanOrEqual(2);
    expect(dashboard.council.proposalsPassed).toBeGreaterThanOrEqual(1);
    expect(dashboard.council.meetingsHeld).toBeGreaterThanOrEqual(2);
  });

  it("names on the leaderboard the volunteers who agreed to public recognition, and no one else", async () => {
    const { leaderboard } = await read<{ leaderboard: { name: string | null; person: { id: string } | null }[] }>(
      `query ($from: DateTime!, $to: DateTime!) { leaderboard(metric: HOURS, areaCode: "510107", from: $from, to: $to, first: 50) { name } }`,
      { from: new Date(Date.now() - 60 * DAY).toISOString(), to: new Date(Date.now() + DAY).toISOString() },
    );
    const named = leaderboard.map((entry) => entry.name).filter((name): name is string => name !== null);
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((name) => ["王建國", "楊曉峰", "小劉"].includes(name))).toBe(true);
  });
});
