import { DataSource, EntityManager, In } from "typeorm";
import { actFor, REQUIRE } from "../../auth/policy";
import type { Viewer } from "../../auth/viewer";
import type { Council } from "../../entities/community/council";
import { CouncilMeeting, MeetingStatus } from "../../entities/community/council-meeting";
import { Proposal, ProposalStatus } from "../../entities/community/proposal";
import { AmendmentStatus, ProposalAmendment } from "../../entities/community/proposal-amendment";
import { Vote, VoteChoice } from "../../entities/community/vote";
import { proposalEvent, recordEvents } from "../../events/outbox";
import { t } from "../../i18n/text";
import { audit } from "../audit";
import { UserErrorCode } from "../errors";
import { inTransaction, refuse } from "../input-rules";
import { actingPerson, requireConvener, lockProposal, moveProposal, requireSeat, requireStatus } from "./council-access";
import { decide, quorumMet } from "./proposal-lifecycle";

/** Counted votes; for a decided proposal as recorded at the close, for an open vote as the rows say now. */
export interface Tally {
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
  present: number;
  eligible: number;
}

// The count, from the rows: a closed secret vote's from its unlinked ballots.
const COUNT_SQL = (table: "vote" | "ballot") =>
  `SELECT count(*) FILTER (WHERE choice = 'FOR')::int AS "votesFor", count(*) FILTER (WHERE choice = 'AGAINST')::int AS "votesAgainst",
          count(*) FILTER (WHERE choice = 'ABSTAIN')::int AS abstentions
   FROM ${table} WHERE proposal_id = $1`;

/**
 * Votes. Each vote takes the proposal's row in share mode, so votes run side by side while closing (which takes it
 * exclusively) waits for those under way and every later vote finds it closed; the unique (proposal, member) row
 * makes a second vote a change of the first. A secret vote's choices leave the vote rows at the close, in the
 * closing transaction, for ballot rows that name no voter.
 */
export class VoteService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The convener opens the vote of an IN_DEBATE proposal at a sitting in session whose agenda holds it, with no
   * amendment unanswered. Members in term and those of them present are fixed now; without a quorum it does not open.
   */
  async open(viewer: Viewer, actingId: string, proposalId: string, meetingId: string, secret: boolean): Promise<Proposal> {
    const actor = actFor(viewer, actingId, REQUIRE.councilSittings);
    return inTransaction(this.dataSource, async (manager) => {
      const locked = await lockProposal(manager, proposalId, "write");
      const { proposal, council } = locked;
      requireConvener(council, actingId);
      requireStatus(proposal, [ProposalStatus.IN_DEBATE]);
      const sitting = await sittingFor(manager, council, proposal.id, meetingId);
      if (await manager.existsBy(ProposalAmendment, { proposalId: proposal.id, status: In([AmendmentStatus.PROPOSED, AmendmentStatus.VOTING]) })) refuse("proposalId", UserErrorCode.INVALID_TRANSITION, t("proposal.amendmentsUnanswered"));
      const { meeting, eligible, present } = await requireQuorum(manager, council, sitting);
      return moveProposal(manager, actor, locked, ProposalStatus.VOTING, "openVoting", (row) => Object.assign(row, { secret, votingMeetingId: meeting.id, eligibleCount: eligible, presentCount: present }));
    });
  }

  /** A member in term and present at the sitting votes, or changes their vote, until the vote closes. */
  async cast(viewer: Viewer, proposalId: string, choice: VoteChoice): Promise<Vote> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "proposalId");
      const { proposal, council } = await lockProposal(manager, proposalId, "read");
      const seat = await requireSeat(manager, council, person.id, "proposalId");
      requireStatus(proposal, [ProposalStatus.VOTING]);
      if (proposal.stageEndsAt!.getTime() <= Date.now()) refuse("proposalId", UserErrorCode.OUT_OF_RANGE, t("council.voteTimeOver", { endedAt: proposal.stageEndsAt!.toISOString() }));
      const [present] = await manager.query(`SELECT 1 FROM meeting_attendance WHERE meeting_id = $1 AND member_id = $2`, [proposal.votingMeetingId, seat.id]);
      if (!present) refuse("proposalId", UserErrorCode.NOT_PERMITTED, t("council.notPresent"));
      const [row]: { id: string; changed: boolean }[] = await manager.query(
        `INSERT INTO vote AS v (proposal_id, member_id, choice) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT vote_once_per_member DO UPDATE
           SET choice = EXCLUDED.choice, changes = v.changes + (v.choice IS DISTINCT FROM EXCLUDED.choice)::int, updated_at = now()
         RETURNING v.id, (v.xmax <> 0) AS changed`,
        [proposal.id, seat.id, choice],
      );
      // A secret vote's audit entry records that the member voted, never how.
      const after = { proposalId: proposal.id, memberId: seat.id, ...(proposal.secret ? {} : { choice }) };
      await audit(manager, actor, { action: row.changed ? "changeVote" : "castVote", entityType: "Vote", entityId: row.id, before: null, after });
      if (!proposal.secret) await recordEvents(manager, [proposalEvent(proposal, council, "VOTE")]);
      return manager.findOneByOrFail(Vote, { id: row.id });
    });
  }

  /**
   * The convener closes the vote: the count comes from the rows, the council's majority rule decides against the
   * members present (decide), and the result is kept with the proposal. A secret vote's choices move to ballots here.
   */
  async close(viewer: Viewer, actingId: string, proposalId: string): Promise<Proposal> {
    const actor = actFor(viewer, actingId, REQUIRE.councilSittings);
    return inTransaction(this.dataSource, async (manager) => {
      const locked = await lockProposal(manager, proposalId, "write");
      const { proposal, council } = locked;
      requireConvener(council, actingId);
      requireStatus(proposal, [ProposalStatus.VOTING]);
      if (proposal.secret) await unlinkChoices(manager, proposal.id);
      const [tally]: Omit<Tally, "present" | "eligible">[] = await manager.query(COUNT_SQL(proposal.secret ? "ballot" : "vote"), [proposal.id]);
      const outcome = decide(tally.votesFor, proposal.presentCount!, council.majorityRule);
      return moveProposal(manager, actor, locked, outcome, "closeVote", (row) =>
        Object.assign(row, { votesFor: tally.votesFor, votesAgainst: tally.votesAgainst, votesAbstain: tally.abstentions, decidedAt: new Date() }),
      );
    });
  }

  /** The tally the viewer may see: an open vote's as it stands, a secret one's only once closed. */
  async tallyOf(proposal: Proposal): Promise<Tally | null> {
    const present = proposal.presentCount ?? 0;
    const eligible = proposal.eligibleCount ?? 0;
    if (proposal.status === ProposalStatus.PASSED || proposal.status === ProposalStatus.REJECTED) {
      return { votesFor: proposal.votesFor!, votesAgainst: proposal.votesAgainst!, abstentions: proposal.votesAbstain!, present, eligible };
    }
    if (proposal.status !== ProposalStatus.VOTING || proposal.secret) return null;
    const [counted]: Omit<Tally, "present" | "eligible">[] = await this.dataSource.query(COUNT_SQL("vote"), [proposal.id]);
    return { ...counted, present, eligible };
  }

  /** A vote's choice as the viewer may see it: an open vote's to anyone; a secret one's to its voter until it closes. */
  choiceFor(vote: Vote, proposal: Proposal, voterUserId: string | null, viewer: Viewer): VoteChoice | null {
    if (!proposal.secret) return vote.choice;
    return viewer.kind === "user" && voterUserId === viewer.user.id ? vote.choice : null;
  }
}

/** The sitting in session, of the council, whose agenda holds the proposal: where a vote on it may open. */
export async function sittingFor(manager: EntityManager, council: Council, proposalId: string, meetingId: string): Promise<CouncilMeeting> {
  const meeting = await manager.findOne(CouncilMeeting, { where: { id: meetingId, councilId: council.id }, lock: { mode: "pessimistic_read" } });
  if (!meeting) refuse("meetingId", UserErrorCode.NOT_FOUND, t("council.meetingNotFound"));
  if (meeting.status !== MeetingStatus.IN_SESSION) refuse("meetingId", UserErrorCode.INVALID_TRANSITION, t("council.meetingNotInSession", { status: meeting.status }));
  const [onAgenda] = await manager.query(`SELECT 1 FROM meeting_agenda_item WHERE meeting_id = $1 AND proposal_id = $2`, [meeting.id, proposalId]);
  if (!onAgenda) refuse("meetingId", UserErrorCode.INVALID, t("council.notOnAgenda"));
  return meeting;
}

/** Members in term and those of them present at the sitting, now; QUORUM_NOT_MET unless the council's quorum is met. */
export async function requireQuorum(manager: EntityManager, council: Council, meeting: CouncilMeeting): Promise<{ meeting: CouncilMeeting; eligible: number; present: number }> {
  const [{ eligible, present }]: { eligible: number; present: number }[] = await manager.query(
    `SELECT count(*)::int AS eligible, count(a.member_id)::int AS present
     FROM council_member m LEFT JOIN meeting_attendance a ON a.member_id = m.id AND a.meeting_id = $2
     WHERE m.council_id = $1 AND current_date BETWEEN m.term_starts_on AND m.term_ends_on`,
    [council.id, meeting.id],
  );
  if (!quorumMet(present, eligible, council.quorumPercent)) refuse("meetingId", UserErrorCode.QUORUM_NOT_MET, t("council.noQuorum", { present, eligible, percent: council.quorumPercent }));
  return { meeting, eligible, present };
}

/**
 * Copies a secret vote's choices into ballot rows in random order, with no voter, time or sequence, then clears
 * them from the vote rows and forgets the idempotency answers that named a vote; all in the closing transaction.
 */
async function unlinkChoices(manager: EntityManager, proposalId: string): Promise<void> {
  await manager.query(`INSERT INTO ballot (proposal_id, choice) SELECT proposal_id, choice FROM vote WHERE proposal_id = $1 AND choice IS NOT NULL ORDER BY random()`, [proposalId]);
  await manager.query(`DELETE FROM idempotency_key WHERE result_type = 'Vote' AND result_id IN (SELECT id FROM vote WHERE proposal_id = $1)`, [proposalId]);
  await manager.query(`UPDATE vote SET choice = NULL WHERE proposal_id = $1`, [proposalId]);
}

