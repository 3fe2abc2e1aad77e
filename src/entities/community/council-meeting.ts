import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

export enum MeetingStatus {
  SCHEDULED = "SCHEDULED",
  IN_SESSION = "IN_SESSION",
  ADJOURNED = "ADJOURNED",
}
registerEnumType(MeetingStatus, {
  name: "MeetingStatus",
  description: "Where a council meeting is in its life.",
  valuesConfig: {
    SCHEDULED: { description: "Called, not yet sitting." },
    IN_SESSION: { description: "Sitting: attendance is recorded, votes may be held." },
    ADJOURNED: { description: "Over; its minutes are recorded." },
  },
});

/** A sitting of a council with an agenda of proposals; attendance fixes who may vote at it and the quorum. */
@Entity("council_meeting")
@ObjectType("CouncilMeeting", { implements: Node, simpleResolvers: true, description: "A sitting of a council: its agenda, attendance, minutes and the decisions taken at it." })
export class CouncilMeeting {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "council_id", type: "uuid" })
  councilId: string;

  @Field(() => String, { description: "The meeting's title." })
  @Column({ type: "varchar", length: 200 })
  title: string;

  @Field(() => Date, { description: "When the meeting is scheduled to start (UTC, ISO 8601)." })
  @Column({ name: "scheduled_at", type: "timestamptz", precision: 3 })
  scheduledAt: Date;

  @Field(() => String, { nullable: true, description: "Where the meeting is held; null when not given." })
  @Column({ type: "varchar", length: 300, nullable: true })
  place: string | null;

  @Field(() => MeetingStatus, { description: "Where the meeting is in its life." })
  @Column({ type: "varchar", length: 16 })
  status: MeetingStatus;

  @Field(() => String, { nullable: true, description: "The minutes (會議紀要), recorded when it adjourns." })
  @Column({ type: "text", nullable: true })
  minutes: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
