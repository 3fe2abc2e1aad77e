import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../../schema/node";

export enum PointsEntryKind {
  FUND = "FUND",
  EARN = "EARN",
  REDEEM = "REDEEM",
  REVERSAL = "REVERSAL",
}
registerEnumType(PointsEntryKind, {
  name: "PointsEntryKind",
  description: "Why points moved.",
  valuesConfig: {
    FUND: { description: "An issuer funds an organisation's pool." },
    EARN: { description: "Verified hours pay a volunteer from the organiser's pool, by its rule." },
    REDEEM: { description: "A volunteer pays for a reward into the organisation's pool." },
    REVERSAL: { description: "Undoes an entry, moving its points back; never itself reversed." },
  },
});

/** One movement of points from one account to another; never changed or deleted (a trigger refuses it). */
@Entity("points_entry")
@ObjectType("PointsEntry", { implements: Node, simpleResolvers: true, description: "One movement of points from one account to another. Entries are never changed; a reversal is a new entry." })
export class PointsEntry {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => PointsEntryKind, { description: "Why the points moved." })
  @Column({ type: "varchar", length: 8 })
  kind: PointsEntryKind;

  @Column({ name: "from_account_id", type: "uuid" })
  fromAccountId: string;

  @Column({ name: "to_account_id", type: "uuid" })
  toAccountId: string;

  @Field(() => Int, { description: "How many points moved; entries are never changed, a mistake is undone by a reversing entry." })
  @Column({ type: "integer" })
  points: number;

  @Column({ name: "sign_up_id", type: "uuid", nullable: true })
  signUpId: string | null;

  @Column({ name: "reverses_entry_id", type: "uuid", nullable: true })
  reversesEntryId: string | null;

  @Field(() => String, { nullable: true, description: "Why, as the organisation wrote it (reversals always say)." })
  @Column({ type: "varchar", length: 500, nullable: true })
  reason: string | null;

  /** The organisation that made the entry (for a redemption, the reward's). */
  @Column({ name: "organization_id", type: "uuid", nullable: true })
  organizationId: string | null;

  @Field(() => Date, { description: "When the entry was written (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
