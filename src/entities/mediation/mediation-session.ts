import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A mediation session: when, where, who came, and the mediators' notes. */
@Entity("mediation_session")
@ObjectType("MediationSession", { simpleResolvers: true, description: "A session held in a mediation case." })
export class MediationSession {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "case_id", type: "uuid" })
  caseId: string;

  @Field(() => Date, { description: "When the session was held (UTC, ISO 8601)." })
  @Column({ name: "held_at", type: "timestamptz", precision: 3 })
  heldAt: Date;

  @Field(() => String, { description: "Where the session was held." })
  @Column({ type: "varchar", length: 300 })
  place: string;

  @Column({ name: "attendee_party_ids", type: "uuid", array: true, default: () => "'{}'" })
  attendeePartyIds: string[];

  @Column({ name: "attendee_mediator_ids", type: "uuid", array: true, default: () => "'{}'" })
  attendeeMediatorIds: string[];

  /** The mediators' working notes: never shown to the parties. */
  @Column({ type: "text", nullable: true })
  notes: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
