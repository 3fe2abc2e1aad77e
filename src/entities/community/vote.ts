import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export enum VoteChoice {
  FOR = "FOR",
  AGAINST = "AGAINST",
  ABSTAIN = "ABSTAIN",
}
registerEnumType(VoteChoice, {
  name: "VoteChoice",
  description: "How a council member votes.",
  valuesConfig: { FOR: { description: "贊成." }, AGAINST: { description: "反對." }, ABSTAIN: { description: "棄權." } },
});

/**
 * That a member voted on a proposal, one row each. A secret vote's `choice` is null once it closes: the
 * choices were moved, unlinked, into the ballot table in the closing transaction.
 */
@Entity("vote")
@ObjectType("Vote", { simpleResolvers: true, description: "A member's vote. In a secret vote the choice shows only to the voter while it is open, and to nobody once it closes." })
export class Vote {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "proposal_id", type: "uuid" })
  proposalId: string;

  @Column({ name: "member_id", type: "uuid" })
  memberId: string;

  @Column({ type: "varchar", length: 8, nullable: true })
  choice: VoteChoice | null;

  @Field(() => Int, { description: "How many times the voter changed it." })
  @Column({ type: "integer", default: 0 })
  changes: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
