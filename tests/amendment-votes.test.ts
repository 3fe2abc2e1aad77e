import { keyOf } from "../src/schema/global-id";
import { inHours, mutationsAs, organizationIds } from "./support/collaboration";
import { CONVENER, councilScenario, Seated } from "./support/councils";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let convener: Record<string, string>;

const { as, problems } = mutationsAs(() => server);
const scenario = councilScenario(() => server, () => ({ id: org[CONVENER], headers: convener }));
const sittings = () => ({ actingOrganizationId: org[CONVENER] });
const HEALTH = "qinggang-lin-health-station";
const TALLY = "tally { votesFor votesAgainst abstentions present eligible }";

/** A proposal of `author`'s, seconded by `seconder`, in debate. */
async function inDebate(author: Seated, seconder: Seated, councilId: string): Promise<string> {
  const { proposal } = await as<{ proposal: { id: string } }>(author.headers, "createProposal", "CreateProposalInput", {
    councilId, title: "小區停車管理規約", body: "每戶限停一輛車。", category: "COMMUNITY_RULES",
  }, "proposal { id }");
  await as(author.headers, "submitProposal", "SubmitProposalInput", { proposalId: proposal.id }, "proposal { status }");
  await as(seconder.headers, "secondProposal", "SecondProposalInput", { proposalId: proposal.id }, "proposal { status }");
  await as(convener, "openDebate", "OpenDebateInput", { ...sittings(), proposalId: proposal.id }, "proposal { status }");
  return proposal.id;
}

async function sitting(councilId: string, proposalIds: string[], present: Seated[]): Promise<string> {
  const { meeting } = await as<{ meeting: { id: string } }>(convener, "scheduleMeeting", "ScheduleMeetingInput", {
    ...sittings(), councilId, title: "停車規約專題會議", scheduledAt: inHours(1), proposalIds,
  }, "meeting { id }");
  await as(convener, "recordAttendance", "RecordAttendanceInput", { ...sittings(), meetingId: meeting.id, memberIds: present.map((member) => member.memberId) }, "meeting { status }");
  return meeting.id;
}

const amend = async (member: Seated, proposalId: string, body: string) =>
  (await as<{ amendment: { id: string } }>(member.headers, "proposeAmendment", "ProposeAmendmentInput", { proposalId, body }, "amendment { id }")).amendment.id;
const voteOn = (member: Seated, amendmentId: string, choice: string) => as(member.headers, "castAmendmentVote", "CastAmendmentVoteInput", { amendmentId, choice }, "amendment { status }");

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [CONVENER]);
  convener = await server.asAdminOf(org[CONVENER]);
});
afterAll(() => server.close());

describe("an amendment put to the council's vote", () => {
  it("is decided by the members present under the council's quorum and majority, one changeable vote each, and carried becomes the text", async () => {
    const { id: councilId, areaCode } = await scenario.council();
    const [a, b, c, d, e] = await scenario.seated(councilId, areaCode, 5);
    const proposalId = await inDebate(a, b, councilId);
    const amendmentId = await amend(b, proposalId, "每戶限停一輛車；訪客車輛限停兩小時。");
    const meetingId = await sitting(councilId, [proposalId], [a, b]);
    // Two of five present: no quorum (50%), and the amendment stays PROPOSED.
    expect(await problems(convener, "openAmendmentVote", "OpenAmendmentVoteInput", { ...sittings(), amendmentId, meetingId })).toEqual([["input.meetingId", "QUORUM_NOT_MET"]]);
    await as(convener, "recordAttendance", "RecordAttendanceInput", { ...sittings(), meetingId, memberIds: [a, b, c, d].map((m) => m.memberId) }, "meeting { status }");
    expect(await problems(c.headers, "castAmendmentVote", "CastAmendmentVoteInput", { amendmentId, choice: "FOR" })).toEqual([["input.amendmentId", "INVALID_TRANSITION"]]);
    const opened = await as<{ amendment: { status: string; tally: unknown } }>(convener, "openAmendmentVote", "OpenAmendmentVoteInput", { ...sittings(), amendmentId, meetingId }, `amendment { status ${TALLY} }`);
    expect(opened.amendment).toEqual({ status: "VOTING", tally: { votesFor: 0, votesAgainst: 0, abstentions: 0, present: 4, eligible: 5 } });
    expect(await problems(convener, "openAmendmentVote", "OpenAmendmentVoteInput", { ...sittings(), amendmentId, meetingId })).toEqual([["input.amendmentId", "INVALID_TRANSITION"]]);
    // Under vote, the proposer's answer is no longer taken, and the proposal's own vote waits for it.
    expect(await problems(a.headers, "answerAmendment", "AnswerAmendmentInput", { amendmentId, accept: false })).toEqual([["input.amendmentId", "INVALID_TRANSITION"]]);
    expect(await problems(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: false })).toEqual([["input.proposalId", "INVALID_TRANSITION"]]);
    expect(await problems(convener, "recordMinutes", "RecordMinutesInput", { ...sittings(), meetingId, minutes: "散會" })).toEqual([["input.meetingId", "INVALID_TRANSITION"]]);

    await voteOn(a, amendmentId, "AGAINST");
    await voteOn(c, amendmentId, "AGAINST");
    // Many connections change votes at once: still one row per member, the last choice counted.
    await Promise.all([...Array.from({ length: 6 }, () => voteOn(b, amendmentId, "FOR")), ...Array.from({ length: 6 }, () => voteOn(d, amendmentId, "ABSTAIN"))]);
    await voteOn(c, amendmentId, "FOR");
    await voteOn(d, amendmentId, "FOR");
    // Absent, and not a member at all: neither votes.
    expect(await problems(e.headers, "castAmendmentVote", "CastAmendmentVoteInput", { amendmentId, choice: "FOR" })).toEqual([["input.amendmentId", "NOT_PERMITTED"]]);
    const [outsider] = await scenario.consentingResidents(1, areaCode);
    expect(await problems(outsider.headers, "castAmendmentVote", "CastAmendmentVoteInput", { amendmentId, choice: "FOR" })).toEqual([["input.amendmentId", "NOT_PERMITTED"]]);
    const query = `query ($id: ID!) { node(id: $id) { ... on ProposalAmendment { status ${TALLY} } } }`;
    const live = await server.graphql<{ node: { tally: unknown } }>(query, { id: amendmentId });
    expect(live.body.data!.node.tally).toEqual({ votesFor: 3, votesAgainst: 1, abstentions: 0, present: 4, eligible: 5 });

    const closed = await as<{ amendment: { status: string; tally: unknown } }>(convener, "closeAmendmentVote", "CloseAmendmentVoteInput", { ...sittings(), amendmentId }, `amendment { status ${TALLY} }`);
    expect(closed.amendment).toEqual({ status: "ACCEPTED", tally: { votesFor: 3, votesAgainst: 1, abstentions: 0, present: 4, eligible: 5 } });
    // The count is the rows': one per member, with the last choice each made.
    const rows: { member_id: string; choice: string; changes: number }[] = await server.dataSource.query(`SELECT member_id, choice, changes FROM amendment_vote WHERE amendment_id = $1`, [keyOf(amendmentId, "ProposalAmendment")]);
    expect(rows.map((row) => row.choice).sort()).toEqual(["AGAINST", "FOR", "FOR", "FOR"]);
    expect(rows.find((row) => row.member_id === keyOf(d.memberId, "CouncilMember"))!.changes).toBe(1);
    const { body } = await server.graphql<{ proposal: { body: string } }>(`query ($id: ID!) { proposal(id: $id) { body } }`, { id: proposalId });
    expect(body.data!.proposal.body).toBe("每戶限停一輛車；訪客車輛限停兩小時。");
    // Voting twice after the close, closing twice: refused, naming what was wrong.
    expect(await problems(c.headers, "castAmendmentVote", "CastAmendmentVoteInput", { amendmentId, choice: "AGAINST" })).toEqual([["input.amendmentId", "INVALID_TRANSITION"]]);
    expect(await problems(convener, "closeAmendmentVote", "CloseAmendmentVoteInput", { ...sittings(), amendmentId })).toEqual([["input.amendmentId", "INVALID_TRANSITION"]]);
    expect(await problems(a.headers, "answerAmendment", "AnswerAmendmentInput", { amendmentId, accept: true })).toEqual([["input.amendmentId", "INVALID_TRANSITION"]]);
    // With every amendment decided, the proposal's own vote opens.
    await as(convener, "openVoting", "OpenVotingInput", { ...sittings(), proposalId, meetingId, secret: false }, "proposal { status }");

    const audited: { action: string }[] = await server.dataSource.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [keyOf(amendmentId, "ProposalAmendment")]);
    expect(audited.map((row) => row.action)).toEqual(["proposeAmendment", "openAmendmentVote", "closeAmendmentVote"]);
  });

  it("rejects a tie under a simple majority, counts two thirds exactly, and refuses another council's convener and unknown ids", async () => {
    const simple = await scenario.council();
    const [a, b, c, d] = await scenario.seated(simple.id, simple.areaCode, 4);
    const proposalId = await inDebate(a, b, simple.id);
    const tied = await amend(c, proposalId, "每戶限停兩輛車。");
    const meetingId = await sitting(simple.id, [proposalId], [a, b, c, d]);
    await as(convener, "openAmendmentVote", "OpenAmendmentVoteInput", { ...sittings(), amendmentId: tied, meetingId }, "amendment { status }");
    for (const [member, choice] of [[a, "AGAINST"], [b, "AGAINST"], [c, "FOR"], [d, "FOR"]] as const) await voteOn(member, tied, choice);
    const outcome = await as<{ amendment: { status: string } }>(convener, "closeAmendmentVote", "CloseAmendmentVoteInput", { ...sittings(), amendmentId: tied }, "amendment { status }");
    expect(outcome.amendment.status).toBe("REJECTED");
    const { body } = await server.graphql<{ proposal: { body: string } }>(`query ($id: ID!) { proposal(id: $id) { body } }`, { id: proposalId });
    expect(body.data!.proposal.body).toBe("每戶限停一輛車。");

    const strict = await scenario.council({ majorityRule: "TWO_THIRDS" });
    const members = await scenario.seated(strict.id, strict.areaCode, 6);
    const strictProposal = await inDebate(members[0], members[1], strict.id);
    const twoThirds = await amend(members[2], strictProposal, "每戶限停一輛車，殘障車位另計。");
    const strictMeeting = await sitting(strict.id, [strictProposal], members);
    expect(await problems(convener, "openAmendmentVote", "OpenAmendmentVoteInput", { ...sittings(), amendmentId: twoThirds, meetingId })).toEqual([["input.meetingId", "NOT_FOUND"]]);
    await as(convener, "openAmendmentVote", "OpenAmendmentVoteInput", { ...sittings(), amendmentId: twoThirds, meetingId: strictMeeting }, "amendment { status }");
    for (const [index, member] of members.entries()) await voteOn(member, twoThirds, index < 4 ? "FOR" : "AGAINST");
    const carried = await as<{ amendment: { status: string } }>(convener, "closeAmendmentVote", "CloseAmendmentVoteInput", { ...sittings(), amendmentId: twoThirds }, "amendment { status }");
    expect(carried.amendment.status).toBe("ACCEPTED");

    const { [HEALTH]: healthId } = await organizationIds(server, [HEALTH]);
    const health = await server.asAdminOf(healthId);
    const another = await amend(members[3], strictProposal, "再修正。");
    expect(await problems(health, "openAmendmentVote", "OpenAmendmentVoteInput", { actingOrganizationId: healthId, amendmentId: another, meetingId: strictMeeting })).toEqual([["input.actingOrganizationId", "NOT_PERMITTED"]]);
    // Once the debate's time box ends, no amendment goes to the vote.
    await server.dataSource.query(`UPDATE proposal SET stage_ends_at = now() - interval '1 minute' WHERE id = $1`, [keyOf(strictProposal, "Proposal")]);
    expect(await problems(convener, "openAmendmentVote", "OpenAmendmentVoteInput", { ...sittings(), amendmentId: another, meetingId: strictMeeting })).toEqual([["input.amendmentId", "OUT_OF_RANGE"]]);
    expect(await problems(members[0].headers, "castAmendmentVote", "CastAmendmentVoteInput", { amendmentId: proposalId, choice: "FOR" })).toEqual([["input.amendmentId", "INVALID"]]);
  });
});
