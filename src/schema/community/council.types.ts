import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Council, MajorityRule } from "../../entities/community/council";
import { CouncilMeeting } from "../../entities/community/council-meeting";
import { CouncilMember } from "../../entities/community/council-member";
import { Proposal, ProposalCategory, ProposalStatus } from "../../entities/community/proposal";
import { ProposalAmendment } from "../../entities/community/proposal-amendment";
import { ProposalComment } from "../../entities/community/proposal-comment";
import { Vote, VoteChoice } from "../../entities/community/vote";
import { Connection } from "../connection";
import { MutationInput } from "../mutation-input";
import { Payload } from "../user-error";

export const ProposalConnection = Connection("Proposal", Proposal);
export type ProposalConnection = InstanceType<typeof ProposalConnection>;
export const CouncilMemberConnection = Connection("CouncilMember", CouncilMember);
export const VoteConnection = Connection("Vote", Vote);

export enum ProposalChangeKind {
  STATUS = "STATUS",
  COMMENT = "COMMENT",
  AMENDMENT = "AMENDMENT",
  VOTE = "VOTE",
}
registerEnumType(ProposalChangeKind, {
  name: "ProposalChangeKind",
  description: "What happened to a proposal.",
  valuesConfig: {
    STATUS: { description: "It moved along its lifecycle, or its project started." },
    COMMENT: { description: "Someone commented in its debate." },
    AMENDMENT: { description: "An amendment was proposed or answered." },
    VOTE: { description: "A vote was cast or changed in an open (not secret) vote; secret votes are never announced." },
  },
});

@ObjectType("VoteTally", { simpleResolvers: true, description: "Votes counted from the rows; the decision applies the council's majority rule to the members present." })
export class VoteTally {
  @Field(() => Int, { description: "Votes in favour." })
  votesFor: number;

  @Field(() => Int, { description: "Votes against." })
  votesAgainst: number;

  @Field(() => Int, { description: "Members who abstained." })
  abstentions: number;

  @Field(() => Int, { description: "Members present at the sitting when voting opened: the base of the majority." })
  present: number;

  @Field(() => Int, { description: "Members in term when voting opened: the base of the quorum." })
  eligible: number;
}

@ObjectType("ProposalEvent", { simpleResolvers: true, description: "A proposal's change, at its place in the event stream." })
export class ProposalEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => ProposalChangeKind, { description: "What happened to the proposal." })
  change: ProposalChangeKind;

  @Field(() => ProposalStatus, { description: "The status this event left the proposal in, also when replayed." })
  status: ProposalStatus;

  @Field(() => Proposal, { nullable: true, description: "The proposal as it is now." })
  proposal: Proposal | null;
}

@InputType("ProposalSubscriptionFilter", { description: "Which proposals' changes `proposalChanged` sends." })
export class ProposalSubscriptionFilter {
  @Field(() => ID, { nullable: true, description: "Proposals of this council." })
  councilId?: string | null;

  @Field(() => ID, { nullable: true, description: "This proposal only." })
  proposalId?: string | null;
}

@InputType("CreateCouncilInput", { description: "What `createCouncil` takes." })
export class CreateCouncilInput extends MutationInput {
  @Field(() => ID, { description: "The convening Party organisation (VERIFIED); you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { description: "1 to 100 characters." })
  name: string;

  @Field(() => String, { description: "The council's area: the convener's own area or one within it; one council per area." })
  areaCode: string;

  @Field(() => Int, { description: "1 to 100: members present needed to vote, as a percentage of members in term." })
  quorumPercent: number;

  @Field(() => MajorityRule, { description: "How many votes in favour a proposal needs to pass." })
  majorityRule: MajorityRule;

  @Field(() => Int, { description: "1 to 100,000 residents' signatures for a joint petition." })
  petitionSignatures: number;

  @Field(() => Int, { description: "1 to 365." })
  secondingDays: number;

  @Field(() => Int, { description: "1 to 365." })
  debateDays: number;

  @Field(() => Int, { description: "1 to 720." })
  votingHours: number;
}

@InputType("AddCouncilMemberInput", { description: "What `addCouncilMember` takes." })
export class AddCouncilMemberInput extends MutationInput {
  @Field(() => ID, { description: "The convener; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the council." })
  councilId: string;

  @Field(() => ID, { description: "The resident representative, or the organisation's delegate; they must have consented to the convener holding their data." })
  personId: string;

  @Field(() => ID, { nullable: true, description: "For an organisation's seat: the organisation (one delegate each)." })
  organizationId?: string | null;

  @Field(() => String, { description: "YYYY-MM-DD." })
  termStartsOn: string;

  @Field(() => String, { description: "YYYY-MM-DD, on or after termStartsOn." })
  termEndsOn: string;
}

@InputType("ScheduleMeetingInput", { description: "What `scheduleMeeting` takes." })
export class ScheduleMeetingInput extends MutationInput {
  @Field(() => ID, { description: "The convener; you act as its COORDINATOR or above." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the council." })
  councilId: string;

  @Field(() => String, { description: "1 to 200 characters." })
  title: string;

  @Field(() => Date, { description: "When the meeting starts." })
  scheduledAt: Date;

  @Field(() => String, { nullable: true, description: "Up to 300 characters." })
  place?: string | null;

  @Field(() => [ID], { description: "The agenda: up to 50 SECONDED or IN_DEBATE proposals of the council, in order." })
  proposalIds: string[];
}

@InputType("RecordAttendanceInput", { description: "The whole list of members present; it opens the sitting." })
export class RecordAttendanceInput extends MutationInput {
  @Field(() => ID, { description: "The convener." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the meeting." })
  meetingId: string;

  @Field(() => [ID], { description: "Council members present (CouncilMember ids), up to 1,000." })
  memberIds: string[];
}

@InputType("RecordMinutesInput", { description: "What `recordMinutes` takes." })
export class RecordMinutesInput extends MutationInput {
  @Field(() => ID, { description: "The convener." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the meeting." })
  meetingId: string;

  @Field(() => String, { description: "1 to 20,000 characters; the sitting adjourns." })
  minutes: string;
}

@InputType("CreateProposalInput", { description: "What `createProposal` takes." })
export class CreateProposalInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the council the proposal is put to." })
  councilId: string;

  @Field(() => String, { description: "1 to 200 characters." })
  title: string;

  @Field(() => String, { description: "1 to 20,000 characters." })
  body: string;

  @Field(() => ProposalCategory, { description: "What the proposal is about." })
  category: ProposalCategory;

  @Field(() => Boolean, { nullable: true, description: "A residents' joint petition, started by you as a resident of the council's area; otherwise you propose as a member in term." })
  byPetition?: boolean | null;

  @Field(() => ID, { nullable: true, description: "The organisation that would lead the project if it passes." })
  leadOrganizationId?: string | null;

  @Field(() => [ID], { nullable: true, description: "Up to 20 organisations invited as partners of that project." })
  partnerOrganizationIds?: string[] | null;
}

@InputType()
abstract class ProposalStepInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the proposal." })
  proposalId: string;
}

@InputType("SignPetitionInput", { description: "What `signPetition` takes." })
export class SignPetitionInput extends ProposalStepInput {}

@InputType("SubmitProposalInput", { description: "What `submitProposal` takes." })
export class SubmitProposalInput extends ProposalStepInput {}

@InputType("SecondProposalInput", { description: "What `secondProposal` takes." })
export class SecondProposalInput extends ProposalStepInput {}

@InputType("WithdrawProposalInput", { description: "What `withdrawProposal` takes." })
export class WithdrawProposalInput extends ProposalStepInput {}

@InputType()
abstract class ConvenerStepInput extends ProposalStepInput {
  @Field(() => ID, { description: "The convener; you act as its COORDINATOR or above." })
  actingOrganizationId: string;
}

@InputType("OpenDebateInput", { description: "What `openDebate` takes." })
export class OpenDebateInput extends ConvenerStepInput {}

@InputType("CloseVoteInput", { description: "What `closeVote` takes." })
export class CloseVoteInput extends ConvenerStepInput {}

@InputType("OpenVotingInput", { description: "What `openVoting` takes." })
export class OpenVotingInput extends ConvenerStepInput {
  @Field(() => ID, { description: "A sitting in session whose agenda holds the proposal; its attendance fixes the quorum and who votes." })
  meetingId: string;

  @Field(() => Boolean, { description: "A secret vote: who voted is recorded, how is not, and no tally shows until it closes." })
  secret: boolean;
}

@InputType("StartProjectFromProposalInput", { description: "What `startProjectFromProposal` takes." })
export class StartProjectFromProposalInput extends ProposalStepInput {
  @Field(() => ID, { description: "The lead organisation the proposal names; you act as its COORDINATOR or above." })
  actingOrganizationId: string;
}

@InputType("CommentOnProposalInput", { description: "What `commentOnProposal` takes." })
export class CommentOnProposalInput extends ProposalStepInput {
  @Field(() => String, { description: "1 to 2,000 characters." })
  body: string;
}

@InputType("ProposeAmendmentInput", { description: "What `proposeAmendment` takes." })
export class ProposeAmendmentInput extends ProposalStepInput {
  @Field(() => String, { description: "The whole new text; 1 to 20,000 characters." })
  body: string;
}

@InputType("AnswerAmendmentInput", { description: "What `answerAmendment` takes." })
export class AnswerAmendmentInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the amendment." })
  amendmentId: string;

  @Field(() => Boolean, { description: "true: its text becomes the proposal's; false: declined." })
  accept: boolean;
}

@InputType("CastVoteInput", { description: "Cast, or change, your vote until it closes." })
export class CastVoteInput extends ProposalStepInput {
  @Field(() => VoteChoice, { description: "For, against or abstain." })
  choice: VoteChoice;
}

export const CouncilPayload = Payload("CreateCouncilPayload", "council", Council);
export const CouncilMemberPayload = Payload("AddCouncilMemberPayload", "member", CouncilMember);
export const MeetingPayload = Payload("CouncilMeetingPayload", "meeting", CouncilMeeting);
export const ProposalPayload = Payload("ProposalPayload", "proposal", Proposal);
export const CommentPayload = Payload("CommentOnProposalPayload", "comment", ProposalComment);
export const AmendmentPayload = Payload("ProposalAmendmentPayload", "amendment", ProposalAmendment);
export const VotePayload = Payload("CastVotePayload", "vote", Vote);
