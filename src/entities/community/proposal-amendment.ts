import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

export enum AmendmentStatus {
  PROPOSED = "PROPOSED",
  VOTING = "VOTING",
  ACCEPTED = "ACCEPTED",
  REJECTED = "REJECTED",
}
registerEnumType(AmendmentStatus, {
  name: "AmendmentStatus",
  description: "Where an amendment to a proposal stands.",
  valuesConfig: {
    PROPOSED: { description: "Awaiting the proposer's answer or the convener's call to vote; the proposal's vote cannot open while one waits." },
    VOTING: { description: "Put to the vote of the members present at a sitting; the proposal's vote cannot open until it closes." },
    ACCEPTED: { description: "The proposer took it, or the council voted it in: its text is now the proposal's." },
    REJECTED: { description: "The proposer declined it, or the council's vote did not carry it." },
  },
});

/** A member's proposed new text for a proposal, during debate. */
@Entity("proposal_amendment")
@ObjectType("ProposalAmendment", { implements: Node, simpleResolvers: true, description: "A member's proposed new text for a proposal during its debate, and the proposer's answer or the council's vote on it." })
export class ProposalAmendment {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "proposal_id", type: "uuid" })
  proposalId: string;

  @Column({ name: "member_id", type: "uuid" })
  memberId: string;

  @Field(() => String, { description: "The text the proposal would read." })
  @Column({ type: "text" })
  body: string;

  @Field(() => AmendmentStatus, { description: "Where it stands: awaiting an answer, under vote, accepted or rejected." })
  @Column({ type: "varchar", length: 16 })
  status: AmendmentStatus;

  @Column({ name: "voting_meeting_id", type: "uuid", nullable: true })
  votingMeetingId: string | null;

  /** Members in term and members present when its vote opened: the bases of the quorum and the majority. */
  @Column({ name: "eligible_count", type: "integer", nullable: true })
  eligibleCount: number | null;

  @Column({ name: "present_count", type: "integer", nullable: true })
  presentCount: number | null;

  /** The count at the close, from the vote rows. */
  @Column({ name: "votes_for", type: "integer", nullable: true })
  votesFor: number | null;

  @Column({ name: "votes_against", type: "integer", nullable: true })
  votesAgainst: number | null;

  @Column({ name: "votes_abstain", type: "integer", nullable: true })
  votesAbstain: number | null;

  @Column({ name: "decided_at", type: "timestamptz", precision: 3, nullable: true })
  decidedAt: Date | null;

  @Field(() => Date, { description: "When the amendment was proposed (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
