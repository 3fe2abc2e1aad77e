import { MajorityRule } from "../../entities/community/council";
import { ProposalStatus } from "../../entities/community/proposal";

/** Which step may follow which: the proposal state machine, the one place its moves are written. */
export const PROPOSAL_TRANSITIONS: Record<ProposalStatus, ProposalStatus[]> = {
  DRAFT: [ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN],
  SUBMITTED: [ProposalStatus.SECONDED, ProposalStatus.WITHDRAWN],
  SECONDED: [ProposalStatus.IN_DEBATE, ProposalStatus.WITHDRAWN],
  IN_DEBATE: [ProposalStatus.VOTING, ProposalStatus.WITHDRAWN],
  // Once members vote, only the count decides: a proposal is not withdrawn from under its vote.
  VOTING: [ProposalStatus.PASSED, ProposalStatus.REJECTED],
  PASSED: [],
  REJECTED: [],
  WITHDRAWN: [],
};

/** Proposals anyone may read; a DRAFT is for its proposer (and a petition's signers) and the convener. */
export const PUBLIC_PROPOSAL_STATUSES: ProposalStatus[] = Object.values(ProposalStatus).filter((status) => status !== ProposalStatus.DRAFT);

/** Proposals that can be put on a meeting's agenda. */
export const AGENDA_STATUSES = [ProposalStatus.SECONDED, ProposalStatus.IN_DEBATE];

/** Each stage's time box, from the council's settings; a stage without one has no deadline. */
export function stageEndsAt(status: ProposalStatus, council: { secondingDays: number; debateDays: number; votingHours: number }, from: Date): Date | null {
  const hours = status === ProposalStatus.SUBMITTED ? council.secondingDays * 24 : status === ProposalStatus.IN_DEBATE ? council.debateDays * 24 : status === ProposalStatus.VOTING ? council.votingHours : null;
  return hours === null ? null : new Date(from.getTime() + hours * 3_600_000);
}

/**
 * The quorum: members present at the voting meeting, against members in term when voting opens, in integers
 * (present × 100 ≥ quorumPercent × eligible), and never with nobody present. Without it voting does not open:
 * the proposal stays IN_DEBATE for a later sitting.
 */
export function quorumMet(present: number, eligible: number, quorumPercent: number): boolean {
  return present > 0 && present * 100 >= quorumPercent * eligible;
}

/**
 * The decision, from the counted votes and the members present when voting opened. SIMPLE: FOR × 2 > present;
 * TWO_THIRDS: FOR × 3 ≥ present × 2. Abstentions and members present who did not vote count as not FOR, so a tie
 * (FOR exactly half) is REJECTED.
 */
export function decide(votesFor: number, present: number, rule: MajorityRule): ProposalStatus.PASSED | ProposalStatus.REJECTED {
  const passed = rule === MajorityRule.SIMPLE ? votesFor * 2 > present : votesFor * 3 >= present * 2;
  return passed ? ProposalStatus.PASSED : ProposalStatus.REJECTED;
}
