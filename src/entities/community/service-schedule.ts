import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

/** HSDS 3.0's (iCal's) recurrence frequencies. */
export enum ScheduleFrequency {
  WEEKLY = "WEEKLY",
  MONTHLY = "MONTHLY",
}
registerEnumType(ScheduleFrequency, {
  name: "ScheduleFrequency",
  description: "How a schedule recurs (HSDS schedule.freq).",
  valuesConfig: {
    WEEKLY: { description: "Every week, on the weekdays given." },
    MONTHLY: { description: "Every month, on the weekdays or days of the month given." },
  },
});

/** PostgreSQL hands a time back as HH:MM:SS; schedules are kept to the minute. */
const HOURS_AND_MINUTES = { to: (value: string) => value, from: (value: string | null) => value?.slice(0, 5) ?? null };

/**
 * When a service is open (HSDS `schedule`): every week on `byday`, every month on `bymonthday` or on `byday`
 * with an ordinal (1SA, -1FR), or one session on `sessionDate`. Times and dates are local to `timezone`
 * (IANA); a session closes the day it opens.
 */
@Entity("service_schedule")
@ObjectType("ServiceSchedule", { implements: Node, simpleResolvers: true, description: "When a service is open, as an HSDS 3.0 schedule (iCal recurrence)." })
export class ServiceSchedule {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "service_id", type: "uuid" })
  serviceId: string;

  /** The place the hours hold at; null when they hold at every place of the service. */
  @Column({ name: "location_id", type: "uuid", nullable: true })
  locationId: string | null;

  @Field(() => ScheduleFrequency, { nullable: true, description: "Null for a one-off session on sessionDate." })
  @Column({ type: "varchar", length: 8, nullable: true })
  freq: ScheduleFrequency | null;

  @Field(() => [String], { description: "Weekdays (MO…SU); for MONTHLY also with an ordinal: 1SA is the first Saturday, -1FR the last Friday." })
  @Column({ type: "varchar", length: 4, array: true, default: () => "'{}'" })
  byday: string[];

  @Field(() => [Int], { description: "MONTHLY: days of the month, 1 to 31, or -1 to -31 counted from the month's end." })
  @Column({ type: "smallint", array: true, default: () => "'{}'" })
  bymonthday: number[];

  @Field(() => String, { nullable: true, description: "A one-off session's date (YYYY-MM-DD)." })
  @Column({ name: "session_date", type: "date", nullable: true })
  sessionDate: string | null;

  @Field(() => String, { description: "Local opening time, HH:MM." })
  @Column({ name: "opens_at", type: "time", precision: 0, transformer: HOURS_AND_MINUTES })
  opensAt: string;

  @Field(() => String, { description: "Local closing time, HH:MM, later than opensAt on the same day." })
  @Column({ name: "closes_at", type: "time", precision: 0, transformer: HOURS_AND_MINUTES })
  closesAt: string;

  @Field(() => String, { nullable: true, description: "First local date the schedule holds (YYYY-MM-DD)." })
  @Column({ name: "valid_from", type: "date", nullable: true })
  validFrom: string | null;

  @Field(() => String, { nullable: true, description: "Last local date the schedule holds (YYYY-MM-DD)." })
  @Column({ name: "valid_to", type: "date", nullable: true })
  validTo: string | null;

  @Field(() => String, { description: "IANA time zone of the times and dates, e.g. Asia/Shanghai." })
  @Column({ type: "varchar", length: 64 })
  timezone: string;

  @Field(() => String, { nullable: true, description: "The hours in words, e.g. for holidays; null when not given." })
  @Column({ type: "varchar", length: 300, nullable: true })
  description: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
