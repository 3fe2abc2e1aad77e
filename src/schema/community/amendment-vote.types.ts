import { Field, ID, InputType } from "type-graphql";
import { VoteChoice } from "../../entities/community/vote";
import { MutationInput } from "../mutation-input";

@InputType("OpenAmendmentVoteInput", { description: "Puts a PROPOSED amendment to the council's vote instead of the proposer's answer." })
export class OpenAmendmentVoteInput extends MutationInput {
  @Field(() => ID, { description: "The convener; you act as its COORDINATOR or above." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "A PROPOSED amendment of a proposal IN_DEBATE, within its debate time." })
  amendmentId: string;

  @Field(() => ID, { description: "A sitting in session whose agenda holds the proposal; its attendance fixes the quorum and who votes." })
  meetingId: string;
}

@InputType("CastAmendmentVoteInput", { description: "Cast, or change, your vote on an amendment until its vote closes." })
export class CastAmendmentVoteInput extends MutationInput {
  @Field(() => ID, { description: "An amendment under vote (VOTING)." })
  amendmentId: string;

  @Field(() => VoteChoice, { description: "FOR, AGAINST or ABSTAIN." })
  choice: VoteChoice;
}

@InputType("CloseAmendmentVoteInput", { description: "Closes an amendment's vote: counted from the votes, decided by the council's majority rule against the members present." })
export class CloseAmendmentVoteInput extends MutationInput {
  @Field(() => ID, { description: "The convener; you act as its COORDINATOR or above." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "An amendment under vote (VOTING)." })
  amendmentId: string;
}
