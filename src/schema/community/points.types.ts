import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { ActivityKind } from "../../entities/community/activity";
import { PointsEntry } from "../../entities/community/points-entry";
import { PointsRule } from "../../entities/community/points-rule";
import { Reward } from "../../entities/community/reward";
import { RewardRedemption } from "../../entities/community/reward-redemption";
import { Connection } from "../connection";
import { MutationInput } from "../mutation-input";
import { Payload } from "../user-error";

export const PointsEntryConnection = Connection("PointsEntry", PointsEntry);

/** A ledger is read newest first and forward only, as a statement is. */
@ArgsType()
export class LedgerPageArgs {
  @Field(() => Int, { nullable: true, description: "Return the first n entries after `after` (0 to 100; 20 when not given)." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "A cursor from this list's edges." })
  after?: string | null;
}

@InputType("SetPointsRuleInput", { description: "What `setPointsRule` takes." })
export class SetPointsRuleInput extends MutationInput {
  @Field(() => ID, { description: "The organisation whose activities earn by the rule; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ActivityKind, { description: "The kind of activity the rule prices." })
  kind: ActivityKind;

  @Field(() => Int, { description: "0 to 1000 points for each verified hour; 0 stops earning." })
  pointsPerHour: number;
}

@InputType("FundPointsPoolInput", { description: "What `fundPointsPool` takes." })
export class FundPointsPoolInput extends MutationInput {
  @Field(() => ID, { description: "The issuer: a VERIFIED street office (GOVERNMENT_AGENCY) or PARTY_COMMITTEE; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The organisation whose pool receives the points (the issuer's own too)." })
  organizationId: string;

  @Field(() => Int, { description: "1 to 1,000,000." })
  points: number;

  @Field(() => String, { nullable: true, description: "Up to 500 characters." })
  reason?: string | null;
}

@InputType("CreateRewardInput", { description: "What `createReward` takes." })
export class CreateRewardInput extends MutationInput {
  @Field(() => ID, { description: "The organisation whose catalogue holds the reward; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { description: "1 to 100 characters." })
  name: string;

  @Field(() => Int, { description: "1 to 1,000,000 points." })
  pointsPrice: number;

  @Field(() => Int, { description: "0 to 100,000 in stock." })
  stock: number;
}

@InputType("RedeemRewardInput", { description: "What `redeemReward` takes." })
export class RedeemRewardInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the reward." })
  rewardId: string;
}

@InputType("ReversePointsEntryInput", { description: "What `reversePointsEntry` takes." })
export class ReversePointsEntryInput extends MutationInput {
  @Field(() => ID, { description: "An organisation on either side of the entry; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the entry to reverse." })
  entryId: string;

  @Field(() => String, { description: "Why; 1 to 500 characters." })
  reason: string;
}

export const SetPointsRulePayload = Payload("SetPointsRulePayload", "rule", PointsRule);
export const FundPointsPoolPayload = Payload("FundPointsPoolPayload", "entry", PointsEntry);
export const CreateRewardPayload = Payload("CreateRewardPayload", "reward", Reward);
export const RedeemRewardPayload = Payload("RedeemRewardPayload", "redemption", RewardRedemption);
export const ReversePointsEntryPayload = Payload("ReversePointsEntryPayload", "entry", PointsEntry);
