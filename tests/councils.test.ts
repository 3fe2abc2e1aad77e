import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { MajorityRule } from "../src/entities/community/council";
import { ProposalStatus } from "../src/entities/community/proposal";
import { decide, PROPOSAL_TRANSITIONS, quorumMet } from "../src/services/community/proposal-lifecycle";
import { keyOf } from "../src/schema/global-id";
import { inHours, mutationsAs, organizationIds } from "./support/collaboration";
import { CONVENER, councilScenario, Seated } from "./support/councils";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let convener: Record<string, string>;
const HEALTH = "qinggang-lin-health-station";

const { as, problems } = mutationsAs(() => server);
const scenario = councilScenario(() => server, () => ({ id: org[CONVENER], headers: convener }));

const sittings = () => ({ actingOrganizationId: org[CONVENER] });

async function proposal(author: Seated, councilId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const { proposal } = await as<{ proposal: { id: string; status: string } }>(author.headers, "createProposal", "CreateProposalInput", {
    councilId, title: "老舊小區加裝電梯", body: "為3棟、5棟加裝電梯，費用由政府補貼和居民分攤。", category: "INFRASTRUCTURE", ...extra,
  }, "proposal { id status }");
  expect(proposal.status).toBe("DRAFT");
  return proposal.id;
}

/** A proposal of `author` seconded by `seconder`, in debate. */
async function inDebate(author: Seated, seconder: Seated, councilId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const proposalId = await proposal(author, councilId, extra);
  await as(author.headers, "submitProposal", "SubmitProposalInput", { proposalId }, "proposal { status }");
  await as(seconder.headers, "secondProposal", "SecondProposalInput", { proposalId }, "proposal { status }");
  await as(convener, "openDebate", "OpenDebateInput", { ...sittings(), proposalId }, "proposal { status }");
  return proposalId;
}

/** A sitting with `proposalIds` on its agenda and `present` recorded as attending. */
async function sitting(councilId: string, proposalIds: string[], present: Seated[]): Promise<string> {
  const { meeting } = await as<{ meeting: { id: string } }>(convener, "scheduleMeeting", "ScheduleMeetingInput", {
    ...sittings(), councilId, title: "第三季度議事會", scheduledAt: inHours(1), place: "青杠林社區黨群服務中心", proposalIds,
  }, "meeting { id }");
  await as(convener, "recordAttendance", "RecordAttendanceInput", { ...sittings(), meetingId: meeting.id, memberIds: present.map((member) => member.memberId) }, "meeting { status }");
  return meeting.id;
}

const vote = (member: Seated, proposalId: string, choice: string) => as<{ vote: { choice: string | null; changes: number } }>(member.headers, "castVote", "CastVoteInput", { proposalId, choice }, "vote { choice changes }");

async function read<T>(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<T> {
  const { body } = await server.graphql<T>(query, variables, headers);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

const TALLY = "tally { votesFor votesAgainst abstentions present eligible }";

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [CONVENER, HEALTH]);
  convener = await server.asAdminOf(org[CONVENER]);
});
afterAll(() => server.close());

describe("the rules a vote is decided by", () => {
  it("walks every proposal move of the lifecycle table to an end", () => {
    const reached = new Set<ProposalStatus>([ProposalStatus.DRAFT]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const from of [...reached]) {
        for (const to of PROPOSAL_TRANSITIONS[from].filter((next) => !reached.has(next))) {
          reached.add(to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual(Object.values(ProposalStatus).sort());
    expect(PROPOSAL_TRANSITIONS.VOTING).not.toContain(ProposalStatus.WITHDRAWN);
    for (const end of [ProposalStatus.PASSED, ProposalStatus.REJECTED, ProposalStatus.WITHDRAWN]) expect(PROPOSAL_TRANSITIONS[end]).toEqual([]);
  });

  it("applies quorum and majority in integers: a tie is rejected, two thirds exactly passes", () => {
    expect([quorumMet(3, 6, 50), quorumMet(2, 6, 50), quorumMet(4, 6, 67), quorumMet(5, 6, 67), quorumMet(0, 0, 1)]).toEqual([true, false, false, true, false]);
    expect([decide(2, 4, MajorityRule.SIMPLE), decide(3, 4, MajorityRule.SIMPLE), decide(3, 5, MajorityRule.SIMPLE)]).toEqual(["REJECTED", "PASSED", "PASSED"]);
    expect([decide(4, 6, MajorityRule.TWO_THIRDS), decide(3, 5, MajorityRule.TWO_THIRDS), decide(6, 9, MajorityRule.TWO_THIRDS)]).toEqual(["PASSED", "REJECTED", "PASSED"]);
  });
});

describe("a council decides to install elevators, in an open vote, and starts the project", () => {
  it("takes the proposal from draft to decision, with its debate, amendment, quorum and vote, and the project it starts", async () => {
    const { id: councilId, areaCode } = await scenario.council();
    const [a, b, c, d, e] = await scenario.seated(councilId, areaCode, 6);
    const proposalId = await proposal(a, councilId, { leadOrganizationId: org[CONVENER], partnerOrganizationIds: [org[HEALTH]] });
    // A DRAFT is its author's and the convener's; the public does not see it yet.
    expect((await read<{ proposal: unknown }>(`query ($id: ID!) { proposal(id: $id) { id } }`, { id: proposalId })).proposal).toBeNull();
    expect(await problems(b.headers, "submitProposal", "SubmitProposalInput", { proposalId })).toEqual([["input.proposalId", "NOT_PERMITTED"]]);
    await as(a.headers, "submitProposal", "SubmitProposalInput", { proposalId }, "proposal { status }");
    expect(await problems(a.headers, "secondProposal", "SecondProposalInput", { proposalId })).toEqual([["input.proposalId", "NOT_PERMITTED"]]);
    await as(b.headers, "secondProposal", "SecondProposalInput", { proposalId }, "proposal { status }");
    expect(await problems(c.headers, "commentOnProposal", "CommentOnProposalInput", { proposalId, body: "支持" })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);
    await as(convener, "openDebate", "OpenDebateInput", { ...sittings(), proposalId }, "proposal { status }");

    await as(c.headers, "commentOnProposal", "CommentOnProposalInput", { proposalId, body: "低樓層住戶的分攤比例要說清楚。" }, "comment { body }");
    const { amendment } = await as<{ amendment: { id: string } }>(b.headers, "proposeAmendment", "ProposeAmendmentInput", { proposalId, body: "為3棟、5棟加裝電梯；低樓層住戶少分攤。" }, "amendment { id }");
    const meetingId = await sitting(councilId, [proposalId], [a, b]);
    expect(await problems(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: false })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);
    expect(await problems(b.headers, "answerAmendment", "AnswerAmendmentInput", { amendmentId: amendment.id, accept: true })).toEqual([["input.proposalId", "NOT_PERMITTED"]]);
    await as(a.headers, "answerAmendment", "AnswerAmendmentInput", { amendmentId: amendment.id, accept: true }, "amendment { status }");
    // Two of six present: no quorum (50%), and the proposal stays in debate.
    expect(await problems(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: false })).toEqual([["input.meetingId", "QUORUM_NOT_MET"]]);
    await as(convener, "recordAttendance", "RecordAttendanceInput", { ...sittings(), meetingId, memberIds: [a, b, c, d].map((m) => m.memberId) }, "meeting { status }");
    await as(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: false }, "proposal { status }");
    expect(await problems(convener, "recordAttendance", "RecordAttendanceInput", { ...sittings(), meetingId, memberIds: [a.memberId] })).toEqual([["input.meetingId", "INVALID_TRANSITION"]]);
    expect(await problems(c.headers, "proposeAmendment", "ProposeAmendmentInput", { proposalId, body: "再改" })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);
    expect(await problems(a.headers, "withdrawProposal", "WithdrawProposalInput", { proposalId })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);

    await vote(a, proposalId, "FOR");
    await vote(b, proposalId, "FOR");
    await vote(c, proposalId, "AGAINST");
    // Absent, and not a member at all: neither votes.
    expect(await problems(e.headers, "castVote", "CastVoteInput", { proposalId, choice: "FOR" })).toEqual([["input.proposalId", "NOT_PERMITTED"]]);
    const [outsider] = await scenario.consentingResidents(1, areaCode);
    expect(await problems(outsider.headers, "castVote", "CastVoteInput", { proposalId, choice: "FOR" })).toEqual([["input.proposalId", "NOT_PERMITTED"]]);
    // An open vote's count is public while it runs.
    const live = await read<{ proposal: { tally: unknown; votes: { choice: string }[] } }>(`query ($id: ID!) { proposal(id: $id) { ${TALLY} votes { choice } } }`, { id: proposalId });
    expect(live.proposal.tally).toEqual({ votesFor: 2, votesAgainst: 1, abstentions: 0, present: 4, eligible: 6 });
    expect((await vote(c, proposalId, "FOR")).vote).toEqual({ choice: "FOR", changes: 1 });
    await as(convener, "closeVote", "CloseVoteInput", { ...sittings(), proposalId }, "proposal { status }");
    expect(await problems(c.headers, "castVote", "CastVoteInput", { proposalId, choice: "AGAINST" })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);

    // The public sees the decision with its tally; 3 FOR of 4 present is more than half.
    const decided = await read<{ node: { proposals: { nodes: { id: string; status: string; body: string; tally: unknown }[] } } }>(
      `query ($id: ID!) { node(id: $id) { ... on Council { proposals(statuses: [PASSED]) { nodes { id status body ${TALLY} } } } } }`,
      { id: councilId },
    );
    expect(decided.node.proposals.nodes).toEqual([{ id: proposalId, status: "PASSED", body: "為3棟、5棟加裝電梯；低樓層住戶少分攤。", tally: { votesFor: 3, votesAgainst: 0, abstentions: 0, present: 4, eligible: 6 } }]);

    expect(await problems(await server.asAdminOf(org[HEALTH]), "startProjectFromProposal", "StartProjectFromProposalInput", { actingOrganizationId: org[HEALTH], proposalId })).toEqual([["input.actingOrganizationId", "NOT_PERMITTED"]]);
    const started = await as<{ proposal: { project: { status: string; lead: { id: string }; partners: { nodes: { status: string; organization: { id: string } }[] } } } }>(
      convener, "startProjectFromProposal", "StartProjectFromProposalInput", { actingOrganizationId: org[CONVENER], proposalId },
      "proposal { project { status lead { id } partners(statuses: [ACTIVE, INVITED]) { nodes { status organization { id } } } } }",
    );
    expect(started.proposal.project.status).toBe("DRAFT");
    expect(started.proposal.project.partners.nodes).toContainEqual({ status: "INVITED", organization: { id: org[HEALTH] } });
    expect(await problems(convener, "startProjectFromProposal", "StartProjectFromProposalInput", { actingOrganizationId: org[CONVENER], proposalId })).toEqual([["input.proposalId", "TAKEN"]]);

    await as(convener, "recordMinutes", "RecordMinutesInput", { ...sittings(), meetingId, minutes: "會議通過加裝電梯議題，由社區黨委牽頭實施。" }, "meeting { status }");
    const minutes = await read<{ node: { status: string; decisions: { id: string }[]; attendance: { id: string }[] } }>(`query ($id: ID!) { node(id: $id) { ... on CouncilMeeting { status decisions { id } attendance { id } } } }`, { id: meetingId });
    expect(minutes.node).toMatchObject({ status: "ADJOURNED", decisions: [{ id: proposalId }] });
    expect(minutes.node.attendance).toHaveLength(4);

    const audited: { action: string }[] = await server.dataSource.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [keyOf(proposalId, "Proposal")]);
    expect(audited.map((row) => row.action)).toEqual(["createProposal", "submitProposal", "secondProposal", "openDebate", "amendProposal", "openVoting", "closeVote", "startProjectFromProposal"]);
  });

  it("rejects a tie, and lets an open vote's followers hear it live, votes included", async () => {
    const { id: councilId, areaCode } = await scenario.council();
    const members = await scenario.seated(councilId, areaCode, 4);
    const proposalId = await inDebate(members[0], members[1], councilId, { title: "停車管理規約", category: "COMMUNITY_RULES" });
    const socket = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const followed = collect<{ change: string; status: string; proposal: { tally: { votesFor: number } | null } }>(
        socket, `subscription ($councilId: ID!) { proposalChanged(filter: { councilId: $councilId }) { change status proposal { tally { votesFor } } } }`, { councilId }, "proposalChanged",
      );
      await subscriberCount(server.events, 1);
      const meetingId = await sitting(councilId, [proposalId], members);
      await as(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: false }, "proposal { status }");
      for (const [index, member] of members.entries()) await vote(member, proposalId, index < 2 ? "FOR" : "AGAINST");
      const { proposal } = await as<{ proposal: { status: string } }>(convener, "closeVote", "CloseVoteInput", { ...sittings(), proposalId }, `proposal { status }`);
      expect(proposal.status).toBe("REJECTED");
      const events = await followed.waitFor(6);
      expect(events.map((event) => [event.change, event.status])).toEqual([["STATUS", "VOTING"], ["VOTE", "VOTING"], ["VOTE", "VOTING"], ["VOTE", "VOTING"], ["VOTE", "VOTING"], ["STATUS", "REJECTED"]]);
      followed.stop();
    } finally {
      await socket.dispose();
    }
  });
});

describe("a secret vote", () => {
  it("records who voted, shows no running count, and leaves no link from a voter to a choice once it closes", async () => {
    const { id: councilId, areaCode } = await scenario.council({ majorityRule: "TWO_THIRDS" });
    const members = await scenario.seated(councilId, areaCode, 6);
    const proposalId = await inDebate(members[0], members[1], councilId);
    const meetingId = await sitting(councilId, [proposalId], members);
    await as(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: true }, "proposal { status }");
    const choices = ["FOR", "FOR", "FOR", "FOR", "AGAINST", "ABSTAIN"];
    for (const index of members.keys()) {
      const { body } = await server.graphql<{ castVote: { vote: { choice: string } } }>(
        `mutation ($input: CastVoteInput!) { castVote(input: $input) { vote { choice } userErrors { code } } }`,
        { input: { proposalId, choice: choices[index], idempotencyKey: `secret-${index}` } },
        members[index].headers,
      );
      expect(body.data!.castVote.vote.choice).toBe(choices[index]);
    }
    const query = `query ($id: ID!) { proposal(id: $id) { ${TALLY} votes { choice member { id } } } }`;
    // Nobody sees a running count; each voter sees only their own choice.
    for (const headers of [{}, convener, members[0].headers]) expect((await read<{ proposal: { tally: unknown } }>(query, { id: proposalId }, headers)).proposal.tally).toBeNull();
    const seenByFirst = (await read<{ proposal: { votes: { choice: string | null; member: { id: string } }[] } }>(query, { id: proposalId }, members[0].headers)).proposal.votes;
    expect(seenByFirst.map((row) => (row.member.id === members[0].memberId ? row.choice : row.choice ?? "hidden"))).toEqual(["FOR", "hidden", "hidden", "hidden", "hidden", "hidden"]);
    const audits: { count: number }[] = await server.dataSource.query(`SELECT count(*)::int AS count FROM audit_entry WHERE entity_type = 'Vote' AND after ? 'choice' AND after->>'proposalId' = $1`, [keyOf(proposalId, "Proposal")]);
    expect(audits[0].count).toBe(0);

    const { proposal } = await as<{ proposal: { status: string; tally: unknown } }>(convener, "closeVote", "CloseVoteInput", { ...sittings(), proposalId }, `proposal { status ${TALLY} }`);
    // 4 FOR of 6 present is exactly two thirds.
    expect(proposal).toEqual({ status: "PASSED", tally: { votesFor: 4, votesAgainst: 1, abstentions: 1, present: 6, eligible: 6 } });
    const key = keyOf(proposalId, "Proposal");
    const [linked]: { choices: number; voters: number; ballots: number; kept: number }[] = await server.dataSource.query(
      `SELECT (SELECT count(choice)::int FROM vote WHERE proposal_id = $1) AS choices, (SELECT count(*)::int FROM vote WHERE proposal_id = $1) AS voters,
              (SELECT count(*)::int FROM ballot WHERE proposal_id = $1) AS ballots,
              (SELECT count(*)::int FROM idempotency_key WHERE result_type = 'Vote' AND result_id IN (SELECT id FROM vote WHERE proposal_id = $1)) AS kept`,
      [key],
    );
    expect(linked).toEqual({ choices: 0, voters: 6, ballots: 6, kept: 0 });
    const after = (await read<{ proposal: { votes: { choice: string | null }[] } }>(query, { id: proposalId }, members[0].headers)).proposal.votes;
    expect(after.map((row) => row.choice)).toEqual([null, null, null, null, null, null]);
    // The retried request no longer finds its first answer: it runs again, and the vote is closed.
    const { body } = await server.graphql<{ castVote: { userErrors: { code: string }[] } }>(
      `mutation ($input: CastVoteInput!) { castVote(input: $input) { vote { choice } userErrors { code } } }`,
      { input: { proposalId, choice: "FOR", idempotencyKey: "secret-0" } },
      members[0].headers,
    );
    expect(body.data!.castVote.userErrors).toEqual([{ code: "INVALID_TRANSITION" }]);
  });
});

describe("thousands of votes at once", () => {
  it("counts every vote once under concurrent casts and changes from many connections, equal to a recount", async () => {
    const { id: councilId, areaCode } = await scenario.council();
    const members = await scenario.seated(councilId, areaCode, 60);
    const proposalIds: string[] = [];
    for (let index = 0; index < 10; index++) proposalIds.push(await inDebate(members[0], members[1], councilId, { title: `第${index + 1}號議題` }));
    const meetingId = await sitting(councilId, proposalIds, members);
    for (const [index, proposalId] of proposalIds.entries()) {
      await as(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: index % 2 === 1 }, "proposal { status }");
    }
    const CHOICES = ["FOR", "AGAINST", "ABSTAIN"];
    // Each member casts, then changes, each proposal's vote in turn (their own order is known, so is their final choice);
    // meanwhile every other member does the same, and every tenth pair also sends a burst of four identical casts at once.
    const expected = new Map<string, string>();
    const work: (() => Promise<void>)[] = [];
    let requests = 0;
    const send = async (member: Seated, proposalId: string, choice: string) => {
      requests += 1;
      const { body } = await server.graphql<{ castVote: { userErrors: unknown[] } }>(`mutation ($input: CastVoteInput!) { castVote(input: $input) { userErrors { code } } }`, { input: { proposalId, choice } }, member.headers);
      if (body.errors || body.data!.castVote.userErrors.length) throw new Error(JSON.stringify(body));
    };
    for (const [m, member] of members.entries()) {
      for (const [p, proposalId] of proposalIds.entries()) {
        const first = CHOICES[(m + p) % 3];
        const final = CHOICES[(m * 7 + p * 3) % 3];
        expected.set(`${member.memberId}|${proposalId}`, final);
        work.push(async () => {
          if ((m + p) % 10 === 0) await Promise.all([0, 1, 2, 3].map(() => send(member, proposalId, first)));
          else await send(member, proposalId, first);
          await send(member, proposalId, final);
        });
      }
    }
    const queue = work.sort(() => Math.random() - 0.5);
    await Promise.all(Array.from({ length: 32 }, async () => { for (let job = queue.pop(); job; job = queue.pop()) await job(); }));
    expect(requests).toBeGreaterThan(1200);

    // A recount from the rows, against what each member last chose; one row per member and proposal.
    const rows: { proposal_id: string; member_id: string; choice: string; n: number }[] = await server.dataSource.query(
      `SELECT proposal_id, member_id, choice, count(*) OVER (PARTITION BY proposal_id, member_id)::int AS n FROM vote WHERE proposal_id = ANY($1::uuid[])`,
      [proposalIds.map((id) => keyOf(id, "Proposal"))],
    );
    expect(rows).toHaveLength(members.length * proposalIds.length);
    expect(rows.every((row) => row.n === 1)).toBe(true);
    const byKey = new Map(members.map((member) => [keyOf(member.memberId, "CouncilMember"), member.memberId]));
    for (const row of rows) expect([row.choice, byKey.get(row.member_id)]).toEqual([expected.get(`${byKey.get(row.member_id)}|${proposalIds.find((id) => keyOf(id, "Proposal") === row.proposal_id)}`), byKey.get(row.member_id)]);

    for (const proposalId of proposalIds) {
      const want = { FOR: 0, AGAINST: 0, ABSTAIN: 0 };
      for (const member of members) want[expected.get(`${member.memberId}|${proposalId}`) as keyof typeof want] += 1;
      const { proposal } = await as<{ proposal: { status: string; tally: { votesFor: number; votesAgainst: number; abstentions: number } } }>(
        convener, "closeVote", "CloseVoteInput", { ...sittings(), proposalId }, `proposal { status ${TALLY} }`,
      );
      expect(proposal.tally).toEqual({ votesFor: want.FOR, votesAgainst: want.AGAINST, abstentions: want.ABSTAIN, present: 60, eligible: 60 });
      expect(proposal.status).toBe(want.FOR * 2 > 60 ? "PASSED" : "REJECTED");
    }
  }, 180_000);
});

describe("every wrong step is answered clearly", () => {
  it("refuses councils, seats, petitions and steps out of turn or out of time", async () => {
    const health = await server.asAdminOf(org[HEALTH]);
    const area = await scenario.freshArea();
    const councilInput = { name: "議事會", areaCode: area, quorumPercent: 50, majorityRule: "SIMPLE", petitionSignatures: 2, secondingDays: 7, debateDays: 7, votingHours: 24 };
    expect(await problems(health, "createCouncil", "CreateCouncilInput", { ...councilInput, actingOrganizationId: org[HEALTH] })).toEqual([["input.actingOrganizationId", "NOT_PERMITTED"]]);
    expect(await problems(convener, "createCouncil", "CreateCouncilInput", { ...councilInput, actingOrganizationId: org[CONVENER], quorumPercent: 0, votingHours: 1000, name: " " })).toEqual([
      ["input.name", "BLANK"], ["input.quorumPercent", "OUT_OF_RANGE"], ["input.votingHours", "OUT_OF_RANGE"],
    ]);
    expect(await problems(convener, "createCouncil", "CreateCouncilInput", { ...councilInput, actingOrganizationId: org[CONVENER], areaCode: "510107021002" })).toEqual([["input.areaCode", "NOT_PERMITTED"]]);
    await as(convener, "createCouncil", "CreateCouncilInput", { ...councilInput, actingOrganizationId: org[CONVENER] }, "council { id }");
    expect(await problems(convener, "createCouncil", "CreateCouncilInput", { ...councilInput, actingOrganizationId: org[CONVENER] })).toEqual([["input.areaCode", "TAKEN"]]);

    const { id: councilId, areaCode } = await scenario.council({ petitionSignatures: 2 });
    const [a, b] = await scenario.seated(councilId, areaCode, 2);
    expect(await problems(convener, "addCouncilMember", "AddCouncilMemberInput", { ...sittings(), councilId, personId: a.personId, termStartsOn: "2026-01-01", termEndsOn: "2027-01-01" })).toEqual([["input.personId", "TAKEN"]]);
    const [unconsented] = await scenario.consentingResidents(1, areaCode);
    await server.dataSource.query(`UPDATE person_consent SET withdrawn_at = now() WHERE person_id = $1`, [keyOf(unconsented.personId, "Person")]);
    expect(await problems(convener, "addCouncilMember", "AddCouncilMemberInput", { ...sittings(), councilId, personId: unconsented.personId, termStartsOn: "2026-13-01", termEndsOn: "2025-01-01" })).toEqual([
      ["input.personId", "NOT_PERMITTED"], ["input.termStartsOn", "INVALID"],
    ]);

    // A petition: residents of the area only, once each, and enough of them before it goes to the council.
    const [resident, neighbour, stranger] = await scenario.consentingResidents(3, areaCode);
    await server.dataSource.query(`UPDATE person SET home_area_code = NULL WHERE id = $1`, [keyOf(stranger.personId, "Person")]);
    const { proposal: petition } = await as<{ proposal: { id: string; byPetition: boolean; proposer: null } }>(resident.headers, "createProposal", "CreateProposalInput", {
      councilId, title: "增設充電樁", body: "在停車場增設電動車充電樁。", category: "INFRASTRUCTURE", byPetition: true,
    }, "proposal { id byPetition proposer { id } }");
    expect(petition).toMatchObject({ byPetition: true, proposer: null });
    expect(await problems(stranger.headers, "createProposal", "CreateProposalInput", { councilId, title: "x", body: "y", category: "OTHER", byPetition: true })).toEqual([["input.byPetition", "NOT_PERMITTED"]]);
    expect(await problems(stranger.headers, "createProposal", "CreateProposalInput", { councilId, title: "x", body: "y", category: "OTHER" })).toEqual([["input.councilId", "NOT_PERMITTED"]]);
    expect(await problems(resident.headers, "submitProposal", "SubmitProposalInput", { proposalId: petition.id })).toEqual([["input.proposalId", "OUT_OF_RANGE"]]);
    expect(await problems(resident.headers, "signPetition", "SignPetitionInput", { proposalId: petition.id })).toEqual([["input.proposalId", "TAKEN"]]);
    expect(await problems(stranger.headers, "signPetition", "SignPetitionInput", { proposalId: petition.id })).toEqual([["input.proposalId", "NOT_PERMITTED"]]);
    await as(neighbour.headers, "signPetition", "SignPetitionInput", { proposalId: petition.id }, "proposal { signatureCount }");
    await as(resident.headers, "submitProposal", "SubmitProposalInput", { proposalId: petition.id }, "proposal { status }");

    // The seconding time box: once it ends, nobody seconds.
    await server.dataSource.query(`UPDATE proposal SET stage_ends_at = now() - interval '1 minute' WHERE id = $1`, [keyOf(petition.id, "Proposal")]);
    expect(await problems(a.headers, "secondProposal", "SecondProposalInput", { proposalId: petition.id })).toEqual([["input.proposalId", "OUT_OF_RANGE"]]);
    expect(await problems(a.headers, "castVote", "CastVoteInput", { proposalId: petition.id, choice: "FOR" })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);
    await as(resident.headers, "withdrawProposal", "WithdrawProposalInput", { proposalId: petition.id }, "proposal { status }");
    expect(await problems(resident.headers, "withdrawProposal", "WithdrawProposalInput", { proposalId: petition.id })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);

    // The debate's and the vote's time boxes.
    const proposalId = await inDebate(a, b, councilId);
    await server.dataSource.query(`UPDATE proposal SET stage_ends_at = now() - interval '1 minute' WHERE id = $1`, [keyOf(proposalId, "Proposal")]);
    expect(await problems(b.headers, "commentOnProposal", "CommentOnProposalInput", { proposalId, body: "晚了" })).toEqual([["input.proposalId", "OUT_OF_RANGE"]]);
    expect(await problems(b.headers, "proposeAmendment", "ProposeAmendmentInput", { proposalId, body: "晚了" })).toEqual([["input.proposalId", "OUT_OF_RANGE"]]);
    const meetingId = await sitting(councilId, [proposalId], [a, b]);
    await as(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: false }, "proposal { status }");
    await server.dataSource.query(`UPDATE proposal SET stage_ends_at = now() - interval '1 minute' WHERE id = $1`, [keyOf(proposalId, "Proposal")]);
    expect(await problems(a.headers, "castVote", "CastVoteInput", { proposalId, choice: "FOR" })).toEqual([["input.proposalId", "OUT_OF_RANGE"]]);
    expect(await problems(convener, "recordMinutes", "RecordMinutesInput", { ...sittings(), meetingId, minutes: "散會" })).toEqual([["input.meetingId", "INVALID_TRANSITION"]]);
    // Nobody voted: 0 FOR of 2 present.
    expect((await as<{ proposal: { status: string } }>(convener, "closeVote", "CloseVoteInput", { ...sittings(), proposalId }, "proposal { status }")).proposal.status).toBe("REJECTED");
    expect(await problems(convener, "closeVote", "CloseVoteInput", { ...sittings(), proposalId })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);
    // Another organisation's coordinators do not run this council's sittings.
    expect(await problems(health, "openDebate", "OpenDebateInput", { actingOrganizationId: org[HEALTH], proposalId })).toEqual([["input.actingOrganizationId", "NOT_PERMITTED"]]);
  });
});

describe("members' personal data", () => {
  it("shows a seated resident's real name and phone only as the privacy table says", async () => {
    const { id: councilId, areaCode } = await scenario.council();
    const [member] = await scenario.seated(councilId, areaCode, 1);
    const query = `query ($id: ID!) { node(id: $id) { ... on Council { members { person { displayName realName phone } } } } }`;
    const [anonymous] = (await read<{ node: { members: { person: { realName: string | null; phone: string | null } }[] } }>(query, { id: councilId })).node.members;
    expect(anonymous.person).toMatchObject({ realName: null, phone: null });
    const [holder] = (await read<{ node: { members: { person: { realName: string | null; phone: string | null } }[] } }>(query, { id: councilId }, convener)).node.members;
    expect(holder.person.realName).toMatch(/^王/);
    expect(holder.person.phone).toBe("13800138000");
    const [self] = (await read<{ node: { members: { person: { phone: string | null } }[] } }>(query, { id: councilId }, member.headers)).node.members;
    expect(self.person.phone).toBe("13800138000");
  });
});

describe("the demo council, as other subgraphs see it", () => {
  it("resolves councils and proposals by reference, a DRAFT only for those who may read it", async () => {
    const { body } = await server.graphql<{ councilOfArea: { id: string; name: string; proposals: { nodes: { id: string; title: string; status: string; tally: unknown }[] } } }>(
      `{ councilOfArea(areaCode: "510107021001") { id name proposals { nodes { id title status ${TALLY} } } } }`,
    );
    const demo = body.data!.councilOfArea;
    expect(demo.name).toBe("青杠林社區居民議事會");
    expect(demo.proposals.nodes.map((row) => [row.title, row.status, row.tally])).toEqual([
      ["小區停車管理規約", "VOTING", { votesFor: 2, votesAgainst: 1, abstentions: 0, present: 6, eligible: 8 }],
      ["老舊小區加裝電梯", "PASSED", { votesFor: 6, votesAgainst: 1, abstentions: 1, present: 8, eligible: 8 }],
    ]);
    const { id: councilId, areaCode } = await scenario.council();
    const [author] = await scenario.seated(councilId, areaCode, 1);
    const draftId = await proposal(author, councilId);
    const representations = [{ __typename: "Council", id: demo.id }, { __typename: "Proposal", id: demo.proposals.nodes[1].id }, { __typename: "Proposal", id: draftId }];
    const entities = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Council { name } ... on Proposal { title } } }`;
    expect((await read<{ _entities: unknown[] }>(entities, { representations }))._entities).toEqual([{ name: "青杠林社區居民議事會" }, { title: "老舊小區加裝電梯" }, null]);
    expect((await read<{ _entities: unknown[] }>(entities, { representations }, author.headers))._entities[2]).toEqual({ title: "老舊小區加裝電梯" });
  });
});
