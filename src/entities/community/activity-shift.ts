import { Field, Int, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../../schema/node";
import { Skill } from "./person";

/** A period of an activity with its own places: sign-ups beyond `capacity` wait in line. */
@Entity("activity_shift")
@ObjectType("ActivityShift", { implements: Node, simpleResolvers: true, description: "A shift of an activity: when, how many places, which skills it takes." })
export class ActivityShift {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "activity_id", type: "uuid" })
  activityId: string;

  @Field(() => Date, { description: "When the shift starts (UTC, ISO 8601)." })
  @Column({ name: "starts_at", type: "timestamptz", precision: 3 })
  startsAt: Date;

  @Field(() => Date, { description: "When the shift ends (UTC, ISO 8601)." })
  @Column({ name: "ends_at", type: "timestamptz", precision: 3 })
  endsAt: Date;

  @Field(() => Int, { description: "How many people the shift takes; later sign-ups are waitlisted." })
  @Column({ type: "integer" })
  capacity: number;

  @Field(() => [Skill], { description: "Skills every person signing up must have." })
  @Column({ name: "required_skills", type: "varchar", length: 16, array: true, default: () => "'{}'" })
  requiredSkills: Skill[];

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
