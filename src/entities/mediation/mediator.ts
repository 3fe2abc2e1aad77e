import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A person on a mediation committee's roster of mediators (調解員). */
@Entity("mediator")
@ObjectType("Mediator", { simpleResolvers: true, description: "A person on a mediation committee's roster." })
export class Mediator {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Column({ name: "person_id", type: "uuid" })
  personId: string;

  @Field(() => Date, { description: "When the person joined the roster." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
