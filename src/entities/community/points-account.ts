import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum PointsAccountKind {
  PERSON = "PERSON",
  POOL = "POOL",
  ISSUER = "ISSUER",
}
registerEnumType(PointsAccountKind, {
  name: "PointsAccountKind",
  description: "Whose points account it is.",
  valuesConfig: {
    PERSON: { description: "A volunteer's points, earned and redeemed." },
    POOL: { description: "An organisation's pool: funded by an issuer, paid out for verified hours, paid into by redemptions." },
    ISSUER: { description: "Where points come from: a street office or community Party committee; its balance is minus what it issued." },
  },
});

/** An account of the points ledger; its balance is the sum of its entries (`balance` caches it, checked by tests). */
@Entity("points_account")
@ObjectType("PointsAccount", { simpleResolvers: true, description: "An account of the volunteer points ledger. Its balance is the sum of its entries." })
export class PointsAccount {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => PointsAccountKind, { description: "Whose account it is: a person's, an organisation's pool or an issuer's." })
  @Column({ type: "varchar", length: 8 })
  kind: PointsAccountKind;

  @Column({ name: "person_id", type: "uuid", nullable: true })
  personId: string | null;

  @Column({ name: "organization_id", type: "uuid", nullable: true })
  organizationId: string | null;

  /** Points held: entries to the account minus entries from it. */
  @Field(() => Number, { description: "The account's balance in points: the sum of its entries (negative for an issuer)." })
  @Column({ type: "bigint", transformer: { to: (value: number) => value, from: (value: string) => Number(value) } })
  balance: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
