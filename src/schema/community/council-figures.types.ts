import { Field, Float, Int, ObjectType } from "type-graphql";

@ObjectType("CouncilStatistics", { simpleResolvers: true, description: "How councils worked over the period: counts and shares computed from their proposals and sittings, nothing about any member's vote." })
export class CouncilStatistics {
  @Field(() => Int, { description: "Proposals submitted to the councils in the period (members' proposals and residents' petitions)." })
  proposalsSubmitted: number;

  @Field(() => Int, { description: "Proposals whose vote closed PASSED in the period." })
  proposalsPassed: number;

  @Field(() => Int, { description: "Proposals whose vote closed REJECTED in the period (ties included)." })
  proposalsRejected: number;

  @Field(() => Int, { description: "Sittings scheduled in the period that opened (attendance recorded)." })
  meetingsHeld: number;

  @Field(() => Float, { nullable: true, description: "Members present over members in term, summed over the sittings held; null when none was held." })
  attendanceRate: number | null;

  @Field(() => Float, { nullable: true, description: "Share of the sittings held whose attendance met their council's quorum; null when none was held." })
  quorumMetShare: number | null;

  @Field(() => Float, { nullable: true, description: "Median days from submission to the close of the vote, over the proposals decided in the period; null when none was." })
  medianDaysToDecision: number | null;
}
