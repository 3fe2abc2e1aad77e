import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { ActivityKind } from "./activity";

/** How many points an hour of verified service earns at an organisation's activities of one kind. */
@Entity("points_rule")
@ObjectType("PointsRule", { simpleResolvers: true, description: "Points an hour of verified service earns at the organisation's activities of one kind." })
export class PointsRule {
  @PrimaryColumn({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => ActivityKind, { description: "The kind of activity the rule prices." })
  @PrimaryColumn({ name: "activity_kind", type: "varchar", length: 24 })
  activityKind: ActivityKind;

  @Field(() => Int, { description: "Points earned for each verified hour of that kind of activity." })
  @Column({ name: "points_per_hour", type: "integer" })
  pointsPerHour: number;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
