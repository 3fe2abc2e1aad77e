import { EntityManager } from "typeorm";
import { signedInUser } from "../../auth/policy";
import { organizationsOf } from "../../auth/read-policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { Council } from "../../entities/community/council";
import { CouncilMember } from "../../entities/community/council-member";
import { Person } from "../../entities/community/person";
import { Proposal, ProposalStatus } from "../../entities/community/proposal";
import { AmendmentStatus, ProposalAmendment } from "../../entities/community/proposal-amendment";
import { t } from "../../i18n/text";
import { audit, snapshot } from "../audit";
import { UserErrorCode } from "../errors";
import { refuse } from "../input-rules";
import { recordEvents, proposalEvent } from "../../events/outbox";
import { PROPOSAL_TRANSITIONS, stageEndsAt } from "./proposal-lifecycle";

/** The council, or NOT_FOUND on `field`. */
export async function findCouncil(manager: EntityManager, councilId: string, field: string): Promise<Council> {
  const council = await manager.findOneBy(Council, { id: councilId });
  if (!council) refuse(field, UserErrorCode.NOT_FOUND, t("council.notFound"));
  return council;
}

/** Refuses a convener's step by anyone acting for another organisation than the one convening `council`. */
export function requireConvener(council: Council, actingId: string): void {
  if (council.conveningOrganizationId !== actingId) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("council.onlyConvener", { council: council.name }));
}

/** The signed-in person acting for themselves, and their registered Person. */
export async function actingPerson(manager: EntityManager, viewer: Viewer, field: string): Promise<{ actor: Actor; person: Person }> {
  const { user } = signedInUser(viewer);
  const person = await manager.findOneBy(Person, { userId: user.id });
  if (!person) refuse(field, UserErrorCode.NOT_FOUND, t("person.notRegistered"));
  return { actor: { organizationId: null, userId: user.id, apiKeyId: null }, person };
}

/** The person's seat on the council in term today, or null. */
export async function seatInTerm(manager: EntityManager, councilId: string, personId: string): Promise<CouncilMember | null> {
  return manager
    .createQueryBuilder(CouncilMember, "member")
    .where(`"member"."council_id" = :councilId AND "member"."seat_person_id" = :personId`, { councilId, personId })
    .andWhere(`current_date BETWEEN "member"."term_starts_on" AND "member"."term_ends_on"`)
    .getOne();
}

/** The person's seat in term, or NOT_PERMITTED: only members do this. */
export async function requireSeat(manager: EntityManager, council: Council, personId: string, field: string): Promise<CouncilMember> {
  const seat = await seatInTerm(manager, council.id, personId);
  if (!seat) refuse(field, UserErrorCode.NOT_PERMITTED, t("council.notMember", { council: council.name }));
  return seat;
}

/** The proposal locked (`write` for moves, `read` for votes, which then run side by side), or NOT_FOUND. */
export async function lockProposal(manager: EntityManager, proposalId: string, mode: "write" | "read", field = "proposalId"): Promise<{ proposal: Proposal; council: Council }> {
  const proposal = await manager.findOne(Proposal, { where: { id: proposalId }, lock: { mode: mode === "write" ? "pessimistic_write" : "pessimistic_read" } });
  if (!proposal) refuse(field, UserErrorCode.NOT_FOUND, t("proposal.notFound"));
  return { proposal, council: await manager.findOneByOrFail(Council, { id: proposal.councilId }) };
}

/** Whether the person wrote the proposal: its member proposer, or the resident who started its petition. */
export async function isAuthor(manager: EntityManager, proposal: Proposal, personId: string): Promise<boolean> {
  if (proposal.petitionerPersonId !== null) return proposal.petitionerPersonId === personId;
  const proposer = await manager.findOneByOrFail(CouncilMember, { id: proposal.proposerMemberId! });
  return proposer.seatPersonId === personId;
}

export async function requireAuthor(manager: EntityManager, proposal: Proposal, personId: string): Promise<void> {
  if (!(await isAuthor(manager, proposal, personId))) refuse("proposalId", UserErrorCode.NOT_PERMITTED, t("proposal.onlyAuthor"));
}

/** Refuses a step the proposal's status does not allow, naming what it is. */
export function requireStatus(proposal: Proposal, allowed: ProposalStatus[], field = "proposalId"): void {
  if (!allowed.includes(proposal.status)) refuse(field, UserErrorCode.INVALID_TRANSITION, t("proposal.wrongStatus", { status: proposal.status, allowed }));
}

/** Refuses a step after the current stage's time box ended. */
export function requireWithinStage(proposal: Proposal, field = "proposalId"): void {
  if (proposal.stageEndsAt !== null && proposal.stageEndsAt.getTime() <= Date.now()) {
    refuse(field, UserErrorCode.OUT_OF_RANGE, t("proposal.stageOver", { status: proposal.status, endedAt: proposal.stageEndsAt.toISOString() }));
  }
}

/**
 * Moves the proposal along PROPOSAL_TRANSITIONS, starting the new stage's time box; audited, and announced once
 * past DRAFT. `change` sets what else the step writes on the row.
 */
export async function moveProposal(
  manager: EntityManager,
  actor: Actor,
  { proposal, council }: { proposal: Proposal; council: Council },
  status: ProposalStatus,
  action: string,
  change: (proposal: Proposal) => void = () => undefined,
): Promise<Proposal> {
  const allowed = PROPOSAL_TRANSITIONS[proposal.status];
  if (!allowed.includes(status)) refuse("proposalId", UserErrorCode.INVALID_TRANSITION, t("proposal.transitionNotAllowed", { status: proposal.status, requested: status, allowed: allowed.length ? allowed : "—" }));
  const before = snapshot(proposal);
  proposal.status = status;
  proposal.stageEndsAt = stageEndsAt(status, council, new Date());
  change(proposal);
  const saved = await manager.save(proposal);
  await audit(manager, actor, { action, entityType: "Proposal", entityId: saved.id, before, after: saved });
  await recordEvents(manager, [proposalEvent(saved, council, "STATUS")]);
  return saved;
}

/** Whether the viewer reads the proposal: past DRAFT, anyone; a DRAFT, the convener's members and its author. */
export function readsDraft(viewer: Viewer, council: Council, authorUserId: string | null): boolean {
  return organizationsOf(viewer).includes(council.conveningOrganizationId) || (viewer.kind === "user" && authorUserId !== null && viewer.user.id === authorUserId);
}

/**
 * Settles an amendment, answered by its author or decided by the council's vote (`action` says which): accepted,
 * its text becomes the proposal's; either way audited and announced. `change` sets what else the step records.
 */
export async function settleAmendment(
  manager: EntityManager,
  actor: Actor,
  { proposal, council, amendment }: { proposal: Proposal; council: Council; amendment: ProposalAmendment },
  accepted: boolean,
  action: string,
  change: Partial<ProposalAmendment> = {},
): Promise<ProposalAmendment> {
  const before = snapshot(amendment);
  Object.assign(amendment, change, { status: accepted ? AmendmentStatus.ACCEPTED : AmendmentStatus.REJECTED });
  const saved = await manager.save(amendment);
  await audit(manager, actor, { action, entityType: "ProposalAmendment", entityId: saved.id, before, after: saved });
  if (accepted) {
    const proposalBefore = snapshot(proposal);
    proposal.body = amendment.body;
    await manager.save(proposal);
    await audit(manager, actor, { action: "amendProposal", entityType: "Proposal", entityId: proposal.id, before: proposalBefore, after: proposal });
  }
  await recordEvents(manager, [proposalEvent(proposal, council, "AMENDMENT")]);
  return saved;
}
