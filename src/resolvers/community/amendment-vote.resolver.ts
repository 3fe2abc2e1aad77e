import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { CouncilMeeting } from "../../entities/community/council-meeting";
import { ProposalAmendment } from "../../entities/community/proposal-amendment";
import { CastAmendmentVoteInput, CloseAmendmentVoteInput, OpenAmendmentVoteInput } from "../../schema/community/amendment-vote.types";
import { AmendmentPayload, VoteTally } from "../../schema/community/council.types";
import type { Context } from "../../schema/context";
import { inputKeyOf } from "../../schema/global-id";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";

const amendmentKey = (id: string) => inputKeyOf(id, "ProposalAmendment", "amendmentId");

/** An amendment put to the council's vote: always an open vote, under the same rules as a proposal's. */
@Resolver(() => ProposalAmendment)
export class AmendmentVoteResolver {
  @Mutation(() => AmendmentPayload, {
    description: "Puts a PROPOSED amendment to the vote of the members present at a sitting in session that has the proposal on its agenda and a quorum; the proposer's answer is then no longer taken. COORDINATOR of the convener; not API keys.",
  })
  openAmendmentVote(@Arg("input", () => OpenAmendmentVoteInput, { description: "The amendment and the sitting." }) input: OpenAmendmentVoteInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("amendment", () => services.amendmentVotes.open(viewer, acting(input.actingOrganizationId), amendmentKey(input.amendmentId), inputKeyOf(input.meetingId, "CouncilMeeting", "meetingId")));
  }

  @Mutation(() => AmendmentPayload, { description: "Votes on an amendment under vote, or changes your vote, until it closes: one vote per member. A member in term present at the sitting." })
  castAmendmentVote(@Arg("input", () => CastAmendmentVoteInput, { description: "The amendment and your choice." }) input: CastAmendmentVoteInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("amendment", () => services.amendmentVotes.cast(viewer, amendmentKey(input.amendmentId), input.choice));
  }

  @Mutation(() => AmendmentPayload, { description: "Closes an amendment's vote; carried, its text becomes the proposal's. COORDINATOR of the convener; not API keys." })
  closeAmendmentVote(@Arg("input", () => CloseAmendmentVoteInput, { description: "The amendment." }) input: CloseAmendmentVoteInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("amendment", () => services.amendmentVotes.close(viewer, acting(input.actingOrganizationId), amendmentKey(input.amendmentId)));
  }

  @FieldResolver(() => VoteTally, { nullable: true, description: "The count of its vote: live while it runs (amendment votes are open), as recorded once closed; null if it was never put to a vote." })
  tally(@Root() amendment: ProposalAmendment, @Ctx() { services }: Context): Promise<VoteTally | null> {
    return services.amendmentVotes.tallyOf(amendment);
  }

  @FieldResolver(() => CouncilMeeting, { nullable: true, description: "The sitting that holds, or held, its vote." })
  votingMeeting(@Root() amendment: ProposalAmendment, @Ctx() { loaders }: Context): Promise<CouncilMeeting | null> {
    return amendment.votingMeetingId ? loaders.councilMeeting.load(amendment.votingMeetingId) : Promise.resolve(null);
  }
}
