import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

async function read<T>(query: string, variables: Record<string, unknown>): Promise<T> {
  const { body } = await server.graphql<T>(query, variables);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

interface Paged {
  totalCount: number;
  edges: { cursor: string; node: { id?: string; member?: { id: string } } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every item of a connection, two at a time, following endCursor. */
async function walk(query: string, pick: (data: never) => Paged): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = pick(await read<never>(query, { after }));
    ids.push(...page.edges.map((edge) => edge.node.id ?? edge.node.member!.id));
    if (!page.pageInfo.hasNextPage) return { ids, total: page.totalCount };
    after = page.pageInfo.endCursor;
  }
  throw new Error("the connection did not end");
}

describe("council seats and votes as Relay connections", () => {
  it("pages the demo council's seats and an open vote's votes, holding what the deprecated lists hold", async () => {
    const PAGE = "totalCount pageInfo { hasNextPage endCursor }";
    const seats = await walk(
      `query ($after: String) { councilOfArea(areaCode: "510107021001") { seats(first: 2, after: $after) { ${PAGE} edges { cursor node { id } } } } }`,
      (data: { councilOfArea: { seats: Paged } }) => data.councilOfArea.seats,
    );
    const { councilOfArea } = await read<{ councilOfArea: { members: { id: string }[]; proposals: { nodes: { id: string; title: string }[] } } }>(
      `{ councilOfArea(areaCode: "510107021001") { members { id } proposals { nodes { id title } } } }`, {},
    );
    expect(seats.ids.length).toBeGreaterThanOrEqual(8);
    expect(seats.total).toBe(councilOfArea.members.length);
    expect([...seats.ids].sort()).toEqual(councilOfArea.members.map((member) => member.id).sort());
    expect(new Set(seats.ids).size).toBe(seats.ids.length);

    const parking = councilOfArea.proposals.nodes.find((proposal) => proposal.title === "小區停車管理規約")!;
    const votes = await walk(
      `query ($after: String) { proposal(id: "${parking.id}") { votesCast(first: 2, after: $after) { ${PAGE} edges { cursor node { member { id } } } } } }`,
      (data: { proposal: { votesCast: Paged } }) => data.proposal.votesCast,
    );
    const listed = await read<{ proposal: { votes: { member: { id: string }; choice: string | null }[] } }>(`query ($id: ID!) { proposal(id: $id) { votes { member { id } choice } } }`, { id: parking.id });
    expect(votes.ids).toEqual(listed.proposal.votes.map((vote) => vote.member.id));
    expect(votes.total).toBe(3);
  });
});
