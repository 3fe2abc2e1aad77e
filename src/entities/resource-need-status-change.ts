import { Field, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { NeedStatus } from "./resource-need";

@Entity("resource_need_status_change")
@ObjectType("NeedStatusChange", { simpleResolvers: true, description: "One step in a need's life, with why it happened." })
export class ResourceNeedStatusChange {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Column({ name: "need_id", type: "uuid" })
  needId: string;

  @Field(() => NeedStatus, { nullable: true, description: "null when the need was posted." })
  @Column({ name: "from_status", type: "varchar", length: 20, nullable: true })
  fromStatus: NeedStatus | null;

  @Field(() => NeedStatus, { description: "The status the need moved to." })
  @Column({ name: "to_status", type: "varchar", length: 20 })
  toStatus: NeedStatus;

  @Field(() => String, { description: "Why the status changed, in words." })
  @Column({ type: "varchar", length: 300 })
  reason: string;

  @Field(() => Date, { description: "When the status changed (UTC, ISO 8601)." })
  @Column({ name: "changed_at", type: "timestamptz", precision: 3, default: () => "now()" })
  changedAt: Date;
}
