import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

export enum AmendmentStatus {
  PROPOSED = "PROPOSED",
  ACCEPTED = "ACCEPTED",
  REJECTED = "REJECTED",
}
registerEnumType(AmendmentStatus, {
  name: "AmendmentStatus",
  description: "Where an amendment to a proposal stands.",
  valuesConfig: {
    PROPOSED: { description: "Awaiting the proposer's answer; voting cannot open while one waits." },
    ACCEPTED: { description: "The proposer took it: its text is now the proposal's." },
    REJECTED: { description: "The proposer declined it." },
  },
});

/** A member's proposed new text for a proposal, during debate. */
@Entity("proposal_amendment")
@ObjectType("ProposalAmendment", { implements: Node, simpleResolvers: true, description: "A member's proposed new text for a proposal during its debate, and the proposer's answer." })
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

  @Field(() => AmendmentStatus, { description: "Whether the amendment is proposed, accepted or rejected." })
  @Column({ type: "varchar", length: 16 })
  status: AmendmentStatus;

  @Field(() => Date, { description: "When the amendment was proposed (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
