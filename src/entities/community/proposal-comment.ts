import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A resident's word during a proposal's debate. */
@Entity("proposal_comment")
@ObjectType("ProposalComment", { simpleResolvers: true, description: "A comment made during a proposal's debate." })
export class ProposalComment {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "proposal_id", type: "uuid" })
  proposalId: string;

  @Column({ name: "person_id", type: "uuid" })
  personId: string;

  @Field(() => String, { description: "What the comment says (up to 2,000 characters)." })
  @Column({ type: "varchar", length: 2000 })
  body: string;

  @Field(() => Date, { description: "When the comment was made (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
