import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE } from "../../auth/policy";
import type { Viewer } from "../../auth/viewer";
import type { Council } from "../../entities/community/council";
import { Proposal, ProposalStatus } from "../../entities/community/proposal";
import { AmendmentStatus, ProposalAmendment } from "../../entities/community/proposal-amendment";
import { VoteChoice } from "../../entities/community/vote";
import { proposalEvent, recordEvents } from "../../events/outbox";
import { t } from "../../i18n/text";
import { audit, snapshot } from "../audit";
import { UserErrorCode } from "../errors";
import { inTransaction, refuse } from "../input-rules";
import { actingPerson, lockProposal, requireConvener, requireSeat, requireStatus, requireWithinStage, settleAmendment } from "./council-access";
import { decide } from "./proposal-lifecycle";
import { requireQuorum, sittingFor, Tally } from "./vote.service";

const COUNT_SQL = `SELECT count(*) FILTER (WHERE choice = 'FOR')::int AS "votesFor", count(*) FILTER (WHERE choice = 'AGAINST')::int AS "votesAgainst",
                          count(*) FILTER (WHERE choice = 'ABSTAIN')::int AS abstentions
                   FROM amendment_vote WHERE amendment_id = $1`;

/**
 * An amendment the proposer has not taken, put to the council's vote: the same rules as a proposal's open vote (a
 * sitting in session with the proposal on its agenda and a quorum, members present vote once and may change it until
 * the close, the count from the rows, the council's majority rule against the members present). Carried, its text
 * becomes the proposal's. Locks: the proposal, then the amendment; casts share them, opening and closing take them.
 */
export class AmendmentVoteService {
  constructor(private readonly dataSource: DataSource) {}

  /** The convener puts a PROPOSED amendment of a proposal IN_DEBATE to the vote of the members present at a sitting. */
  async open(viewer: Viewer, actingId: string, amendmentId: string, meetingId: string): Promise<ProposalAmendment> {
    const actor = actFor(viewer, actingId, REQUIRE.councilSittings);
    return inTransaction(this.dataSource, async (manager) => {
      const { proposal, council, amendment } = await lockAmendment(manager, amendmentId, "write");
      requireConvener(council, actingId);
      requireStatus(proposal, [ProposalStatus.IN_DEBATE], "amendmentId");
      requireWithinStage(proposal, "amendmentId");
      if (amendment.status !== AmendmentStatus.PROPOSED) refuse("amendmentId", UserErrorCode.INVALID_TRANSITION, t("proposal.amendmentAnswered", { status: amendment.status }));
      const { meeting, eligible, present } = await requireQuorum(manager, council, await sittingFor(manager, council, proposal.id, meetingId));
      const before = snapshot(amendment);
      Object.assign(amendment, { status: AmendmentStatus.VOTING, votingMeetingId: meeting.id, eligibleCount: eligible, presentCount: present });
      const saved = await manager.save(amendment);
      await audit(manager, actor, { action: "openAmendmentVote", entityType: "ProposalAmendment", entityId: saved.id, before, after: saved });
      await recordEvents(manager, [proposalEvent(proposal, council, "AMENDMENT")]);
      return saved;
    });
  }

  /** A member in term, present at the sitting, votes on the amendment or changes their vote until it closes. */
  async cast(viewer: Viewer, amendmentId: string, choice: VoteChoice): Promise<ProposalAmendment> {
    return inTransaction(this.dataSource, async (manager) => {
      const { actor, person } = await actingPerson(manager, viewer, "amendmentId");
      const { proposal, council, amendment } = await lockAmendment(manager, amendmentId, "read");
      const seat = await requireSeat(manager, council, person.id, "amendmentId");
      if (amendment.status !== AmendmentStatus.VOTING) refuse("amendmentId", UserErrorCode.INVALID_TRANSITION, t("amendment.notUnderVote", { status: amendment.status }));
      const [present] = await manager.query(`SELECT 1 FROM meeting_attendance WHERE meeting_id = $1 AND member_id = $2`, [amendment.votingMeetingId, seat.id]);
      if (!present) refuse("amendmentId", UserErrorCode.NOT_PERMITTED, t("council.notPresent"));
      const [row]: { id: string; changed: boolean }[] = await manager.query(
        `INSERT INTO amendment_vote AS v (amendment_id, member_id, choice) VALUES ($1, $2, $3)
         ON CONFLICT ON CONSTRAINT amendment_vote_once_per_member DO UPDATE
           SET choice = EXCLUDED.choice, changes = v.changes + (v.choice IS DISTINCT FROM EXCLUDED.choice)::int, updated_at = now()
         RETURNING v.id, (v.xmax <> 0) AS changed`,
        [amendment.id, seat.id, choice],
      );
      await audit(manager, actor, { action: row.changed ? "changeAmendmentVote" : "castAmendmentVote", entityType: "AmendmentVote", entityId: row.id, before: null, after: { amendmentId: amendment.id, memberId: seat.id, choice } });
      await recordEvents(manager, [proposalEvent(proposal, council, "VOTE")]);
      return amendment;
    });
  }

  /** The convener closes the amendment's vote: counted from the rows and decided by the council's majority rule. */
  async close(viewer: Viewer, actingId: string, amendmentId: string): Promise<ProposalAmendment> {
    const actor = actFor(viewer, actingId, REQUIRE.councilSittings);
    return inTransaction(this.dataSource, async (manager) => {
      const { proposal, council, amendment } = await lockAmendment(manager, amendmentId, "write");
      requireConvener(council, actingId);
      if (amendment.status !== AmendmentStatus.VOTING) refuse("amendmentId", UserErrorCode.INVALID_TRANSITION, t("amendment.notUnderVote", { status: amendment.status }));
      const [tally]: Omit<Tally, "present" | "eligible">[] = await manager.query(COUNT_SQL, [amendment.id]);
      const carried = decide(tally.votesFor, amendment.presentCount!, council.majorityRule) === ProposalStatus.PASSED;
      const decided = { votesFor: tally.votesFor, votesAgainst: tally.votesAgainst, votesAbstain: tally.abstentions, decidedAt: new Date() };
      return settleAmendment(manager, actor, { proposal, council, amendment }, carried, "closeAmendmentVote", decided);
    });
  }

  /** The amendment's count: as recorded at the close, live while its (always open) vote runs, null if never voted on. */
  async tallyOf(amendment: ProposalAmendment): Promise<Tally | null> {
    if (amendment.presentCount === null) return null;
    const base = { present: amendment.presentCount, eligible: amendment.eligibleCount! };
    if (amendment.decidedAt !== null) return { votesFor: amendment.votesFor!, votesAgainst: amendment.votesAgainst!, abstentions: amendment.votesAbstain!, ...base };
    const [counted]: Omit<Tally, "present" | "eligible">[] = await this.dataSource.query(COUNT_SQL, [amendment.id]);
    return { ...counted, ...base };
  }
}

/** The amendment with its proposal and council, the proposal locked first, or NOT_FOUND on amendmentId. */
async function lockAmendment(manager: EntityManager, amendmentId: string, mode: "write" | "read"): Promise<{ proposal: Proposal; council: Council; amendment: ProposalAmendment }> {
  const unlocked = await manager.findOneBy(ProposalAmendment, { id: amendmentId });
  if (!unlocked) refuse("amendmentId", UserErrorCode.NOT_FOUND, t("proposal.amendmentNotFound"));
  const { proposal, council } = await lockProposal(manager, unlocked.proposalId, mode, "amendmentId");
  const amendment = await manager.findOneOrFail(ProposalAmendment, { where: { id: amendmentId }, lock: { mode: mode === "write" ? "pessimistic_write" : "pessimistic_read" } });
  return { proposal, council, amendment };
}
