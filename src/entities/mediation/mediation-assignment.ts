import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A mediator assigned to a case; ended when replaced. */
@Entity("mediation_assignment")
@ObjectType("MediationAssignment", { simpleResolvers: true, description: "A mediator assigned to a case." })
export class MediationAssignment {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "case_id", type: "uuid" })
  caseId: string;

  @Column({ name: "mediator_person_id", type: "uuid" })
  mediatorPersonId: string;

  @Field(() => Date, { nullable: true, description: "When the mediator was replaced; null while assigned." })
  @Column({ name: "ended_at", type: "timestamptz", precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ name: "replacement_requested_by_party_id", type: "uuid", nullable: true })
  replacementRequestedByPartyId: string | null;

  @Column({ name: "replacement_reason", type: "varchar", length: 1000, nullable: true })
  replacementReason: string | null;

  @Column({ name: "replacement_requested_at", type: "timestamptz", precision: 3, nullable: true })
  replacementRequestedAt: Date | null;

  @Field(() => Date, { description: "When the mediator was assigned." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
