import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

/**
 * An organisation holds a person's data: for what, and since the person agreed when. One row per
 * organisation and person; a withdrawal keeps the row (with `withdrawnAt`), a new consent reopens it.
 */
@Entity("person_consent")
@ObjectType("PersonConsent", { simpleResolvers: true, description: "An organisation's consent to hold a person's data: its purpose, and when it was given or withdrawn." })
export class PersonConsent {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "person_id", type: "uuid" })
  personId: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => String, { description: "What the organisation uses the data for, as the person agreed to it." })
  @Column({ type: "varchar", length: 300 })
  purpose: string;

  @Field(() => Date, { description: "When the person agreed (last, if they agreed again after withdrawing)." })
  @Column({ name: "consented_at", type: "timestamptz", precision: 3 })
  consentedAt: Date;

  @Field(() => Date, { nullable: true, description: "When the consent was withdrawn; null while it holds." })
  @Column({ name: "withdrawn_at", type: "timestamptz", precision: 3, nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
