import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

/** A person's redemption of a reward, paid by one REDEEM entry. */
@Entity("reward_redemption")
@ObjectType("RewardRedemption", { simpleResolvers: true, description: "A reward redeemed, and the entry that paid for it." })
export class RewardRedemption {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "reward_id", type: "uuid" })
  rewardId: string;

  @Column({ name: "person_id", type: "uuid" })
  personId: string;

  @Column({ name: "entry_id", type: "uuid" })
  entryId: string;

  @Field(() => Date, { description: "When the reward was redeemed (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
