import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import { PointsAccount } from "../../entities/community/points-account";
import { PointsEntry } from "../../entities/community/points-entry";
import { PointsRule } from "../../entities/community/points-rule";
import { Reward } from "../../entities/community/reward";
import { RewardRedemption } from "../../entities/community/reward-redemption";
import { Organization } from "../../entities/organization";
import { MAX_PAGE_SIZE } from "../../db/keyset-page";
import type { Context } from "../../schema/context";
import { inputKeyOf, toGlobalId } from "../../schema/global-id";
import { MyData } from "../../schema/community/person.types";
import {
  CreateRewardInput, CreateRewardPayload, FundPointsPoolInput, FundPointsPoolPayload, LedgerPageArgs, PointsEntryConnection, RedeemRewardInput, RedeemRewardPayload, ReversePointsEntryInput,
  ReversePointsEntryPayload, SetPointsRuleInput, SetPointsRulePayload,
} from "../../schema/community/points.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";

@Resolver(() => PointsEntry)
export class PointsResolver {
  @Mutation(() => SetPointsRulePayload, { description: "Sets the points an hour of verified service earns at your activities of one kind. ADMIN of the acting organisation; not API keys." })
  setPointsRule(@Arg("input", () => SetPointsRuleInput, { description: "What `setPointsRule` needs; each field is described on the input type." }) input: SetPointsRuleInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("rule", () => services.points.setPointsRule(viewer, acting(input.actingOrganizationId), input.kind, input.pointsPerHour));
  }

  @Mutation(() => FundPointsPoolPayload, { description: "Issues points into an organisation's pool. ADMIN of a VERIFIED street office or Party committee; not API keys." })
  fundPointsPool(@Arg("input", () => FundPointsPoolInput, { description: "What `fundPointsPool` needs; each field is described on the input type." }) input: FundPointsPoolInput, @Ctx() { services, viewer }: Context) {
    const organizationId = () => inputKeyOf(input.organizationId, "Organization", "organizationId");
    return payloadOf("entry", () => services.points.fundPool(viewer, acting(input.actingOrganizationId), organizationId(), input.points, input.reason ?? null));
  }

  @Mutation(() => CreateRewardPayload, { description: "Adds a reward to your catalogue. ADMIN of the acting organisation; not API keys." })
  createReward(@Arg("input", () => CreateRewardInput, { description: "What `createReward` needs; each field is described on the input type." }) input: CreateRewardInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("reward", () => services.points.createReward(viewer, acting(input.actingOrganizationId), input.name, input.pointsPrice, input.stock));
  }

  @Mutation(() => RedeemRewardPayload, { description: "Redeems your points for a reward in stock; the points go to the organisation's pool. Any signed-in person who registered." })
  redeemReward(@Arg("input", () => RedeemRewardInput, { description: "What `redeemReward` needs; each field is described on the input type." }) input: RedeemRewardInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("redemption", () => services.points.redeem(viewer, inputKeyOf(input.rewardId, "Reward", "rewardId")));
  }

  @Mutation(() => ReversePointsEntryPayload, { description: "Reverses an entry with a reason, as a new entry moving its points back; a reversal is never reversed. ADMIN of an organisation on either side; not API keys." })
  reversePointsEntry(@Arg("input", () => ReversePointsEntryInput, { description: "What `reversePointsEntry` needs; each field is described on the input type." }) input: ReversePointsEntryInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("entry", () => services.points.reverse(viewer, acting(input.actingOrganizationId), inputKeyOf(input.entryId, "PointsEntry", "entryId"), input.reason));
  }

  @FieldResolver(() => ID, { description: "The PointsEntry's opaque global ID, for `node(id:)`." })
  id(@Root() entry: PointsEntry): string {
    return toGlobalId("PointsEntry", entry.id);
  }

  @FieldResolver(() => String, { description: "The account the points left: a person's pseudonymous label, or an organisation's name." })
  async from(@Root() entry: PointsEntry, @Ctx() { loaders, services }: Context): Promise<string> {
    return services.points.holderLabel(loaders, (await loaders.pointsAccount.load(entry.fromAccountId))!);
  }

  @FieldResolver(() => String, { description: "The account the points went to, named as `from` is." })
  async to(@Root() entry: PointsEntry, @Ctx() { loaders, services }: Context): Promise<string> {
    return services.points.holderLabel(loaders, (await loaders.pointsAccount.load(entry.toAccountId))!);
  }

  @FieldResolver(() => PointsEntry, { nullable: true, description: "For a reversal, the entry it undid." })
  reverses(@Root() entry: PointsEntry, @Ctx() { loaders }: Context): Promise<PointsEntry | null> {
    return entry.reversesEntryId ? loaders.pointsEntry.load(entry.reversesEntryId) : Promise.resolve(null);
  }
}

@Resolver(() => PointsAccount)
export class PointsAccountResolver {
  @FieldResolver(() => String, { description: "A person's pseudonymous label (never their name), or the organisation's name." })
  holder(@Root() account: PointsAccount, @Ctx() { loaders, services }: Context): Promise<string> {
    return services.points.holderLabel(loaders, account);
  }

  @FieldResolver(() => [PointsEntry], { description: `The newest entries to or from the account, newest first; at most ${MAX_PAGE_SIZE}.`, deprecationReason: "Use `ledgerEntries`, a Relay connection." })
  entries(@Root() account: PointsAccount, @Arg("first", () => Int, { defaultValue: 20, description: "How many of the newest entries to return." }) first: number, @Ctx() { loaders }: Context): Promise<PointsEntry[]> {
    return loaders.entriesOfAccount({ first: Math.max(0, Math.min(first, MAX_PAGE_SIZE)) }).load(account.id);
  }

  @FieldResolver(() => PointsEntryConnection, { description: "Every entry to or from the account, newest first, a page at a time (first, after); whoever may read the account reads them." })
  async ledgerEntries(@Root() account: PointsAccount, @Args(() => LedgerPageArgs) page: LedgerPageArgs, @Ctx() { loaders }: Context) {
    return PointsEntryConnection.of(await loaders.ledgerEntriesOfAccount({ first: page.first, after: page.after }).load(account.id));
  }
}

@Resolver(() => Reward)
export class RewardResolver {
  @FieldResolver(() => ID, { description: "The Reward's opaque global ID, for `node(id:)`." })
  id(@Root() reward: Reward): string {
    return toGlobalId("Reward", reward.id);
  }

  @FieldResolver(() => Organization, { description: "Whose catalogue it is in." })
  organization(@Root() reward: Reward, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(reward.organizationId);
  }
}

@Resolver(() => RewardRedemption)
export class RewardRedemptionResolver {
  @FieldResolver(() => Reward, { description: "The reward redeemed." })
  reward(@Root() redemption: RewardRedemption, @Ctx() { loaders }: Context): Promise<Reward | null> {
    return loaders.reward.load(redemption.rewardId);
  }

  @FieldResolver(() => PointsEntry, { description: "The entry that paid for it." })
  entry(@Root() redemption: RewardRedemption, @Ctx() { loaders }: Context): Promise<PointsEntry | null> {
    return loaders.pointsEntry.load(redemption.entryId);
  }
}

@Resolver(() => Organization)
export class OrganizationPointsResolver {
  @FieldResolver(() => PointsAccount, { nullable: true, description: "The organisation's points pool. Its own members, keys and webhooks only; null for others, and before its first entry." })
  pointsPool(@Root() organization: Organization, @Ctx() { loaders, services, viewer }: Context): Promise<PointsAccount | null> {
    return services.points.poolFor(viewer, loaders, organization.id);
  }

  @FieldResolver(() => [PointsRule], { description: "Points an hour of verified service earns at its activities, by kind." })
  pointsRules(@Root() organization: Organization, @Ctx() { loaders }: Context): Promise<PointsRule[]> {
    return loaders.pointsRulesOfOrganization.load(organization.id);
  }

  @FieldResolver(() => [Reward], { description: "Its reward catalogue, oldest first." })
  rewards(@Root() organization: Organization, @Ctx() { loaders }: Context): Promise<Reward[]> {
    return loaders.rewardsOfOrganization.load(organization.id);
  }
}

@Resolver(() => MyData)
export class MyPointsResolver {
  @FieldResolver(() => PointsAccount, { nullable: true, description: "Your points account: balance and entries; null before your first points." })
  points(@Root() data: MyData, @Ctx() { loaders }: Context): Promise<PointsAccount | null> {
    return data.person ? loaders.pointsAccountOfPerson.load(data.person.id) : Promise.resolve(null);
  }
}
