import { Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";
import { numeric } from "../numeric";

export enum SignUpStatus {
  CONFIRMED = "CONFIRMED",
  WAITLISTED = "WAITLISTED",
  CANCELLED = "CANCELLED",
}
registerEnumType(SignUpStatus, {
  name: "SignUpStatus",
  description: "Where a sign-up to a shift stands.",
  valuesConfig: {
    CONFIRMED: { description: "Holds a place on the shift." },
    WAITLISTED: { description: "Waits for a place; the first in line is confirmed when one frees." },
    CANCELLED: { description: "Cancelled by the person before the shift started." },
  },
});

/** A person's sign-up to a shift, and the hours they served there once the organiser records and verifies them. */
@Entity("shift_sign_up")
@ObjectType("ShiftSignUp", { implements: Node, simpleResolvers: true, description: "A person's sign-up to a shift: place, check-in and check-out, hours served and their verification." })
export class ShiftSignUp {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "shift_id", type: "uuid" })
  shiftId: string;

  @Column({ name: "person_id", type: "uuid" })
  personId: string;

  @Field(() => SignUpStatus, { description: "Whether the sign-up holds a place, waits for one, or was cancelled." })
  @Column({ type: "varchar", length: 16 })
  status: SignUpStatus;

  @Field(() => Date, { nullable: true, description: "When the person checked in (UTC, ISO 8601); null until then." })
  @Column({ name: "checked_in_at", type: "timestamptz", precision: 3, nullable: true })
  checkedInAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When the person checked out (UTC, ISO 8601); null until then." })
  @Column({ name: "checked_out_at", type: "timestamptz", precision: 3, nullable: true })
  checkedOutAt: Date | null;

  @Field(() => Float, { nullable: true, description: "Hours served, as the organiser recorded them (to the hundredth)." })
  @Column({ type: "numeric", precision: 6, scale: 2, nullable: true, transformer: numeric })
  hours: number | null;

  @Field(() => Date, { nullable: true, description: "When the organiser verified the hours; verified hours no longer change." })
  @Column({ name: "verified_at", type: "timestamptz", precision: 3, nullable: true })
  verifiedAt: Date | null;

  @Column({ name: "verified_by_organization_id", type: "uuid", nullable: true })
  verifiedByOrganizationId: string | null;

  @Field(() => Date, { description: "When the person signed up (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
