import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { Area } from "../../entities/area";
import { Council } from "../../entities/community/council";
import { CouncilMeeting } from "../../entities/community/council-meeting";
import { CouncilMember } from "../../entities/community/council-member";
import { Person } from "../../entities/community/person";
import { Proposal, ProposalStatus } from "../../entities/community/proposal";
import { ProposalAmendment } from "../../entities/community/proposal-amendment";
import { ProposalComment } from "../../entities/community/proposal-comment";
import { Vote, VoteChoice } from "../../entities/community/vote";
import { Organization } from "../../entities/organization";
import { Project } from "../../entities/project";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../../schema/global-id";
import {
  AddCouncilMemberInput, AmendmentPayload, AnswerAmendmentInput, CastVoteInput, CloseVoteInput, CommentOnProposalInput, CommentPayload, CouncilMemberPayload, CouncilPayload,
  CouncilMemberConnection, CreateCouncilInput, CreateProposalInput, MeetingPayload, OpenDebateInput, OpenVotingInput, ProposalConnection, ProposalPayload, ProposeAmendmentInput, RecordAttendanceInput,
  RecordMinutesInput, ScheduleMeetingInput, SecondProposalInput, SignPetitionInput, StartProjectFromProposalInput, SubmitProposalInput, VoteConnection, VotePayload, VoteTally, WithdrawProposalInput,
} from "../../schema/community/council.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";

const councilKey = (id: string) => inputKeyOf(id, "Council", "councilId");
const proposalKey = (id: string) => inputKeyOf(id, "Proposal", "proposalId");
const meetingKey = (id: string) => inputKeyOf(id, "CouncilMeeting", "meetingId");
const organizationKey = (field: string) => (id: string) => inputKeyOf(id, "Organization", field);

@Resolver(() => Council)
export class CouncilResolver {
  @Query(() => Council, { nullable: true, description: "A council by id; anyone may read councils." })
  council(@Arg("id", () => ID, { description: "The global ID of the Council." }) id: string, @Ctx() { loaders }: Context): Promise<Council | null> {
    return loaders.council.load(keyOf(id, "Council"));
  }

  @Query(() => Council, { nullable: true, description: "The council of an area, by the area's code." })
  councilOfArea(@Arg("areaCode", () => String, { description: "The area's hierarchical division code." }) areaCode: string, @Ctx() { loaders }: Context): Promise<Council | null> {
    return loaders.councilOfArea.load(areaCode);
  }

  @Mutation(() => CouncilPayload, { description: "Sets up the council of an area. ADMIN of a VERIFIED Party organisation of that area or above it; not API keys." })
  createCouncil(@Arg("input", () => CreateCouncilInput, { description: "What `createCouncil` needs; each field is described on the input type." }) input: CreateCouncilInput, @Ctx() { services, viewer }: Context) {
    const { actingOrganizationId, idempotencyKey: _key, ...fields } = input;
    return payloadOf("council", () => services.councils.createCouncil(viewer, acting(actingOrganizationId), fields));
  }

  @Mutation(() => CouncilMemberPayload, { description: "Seats a resident representative, or an organisation with its delegate, for a term. ADMIN of the convener; not API keys." })
  addCouncilMember(@Arg("input", () => AddCouncilMemberInput, { description: "What `addCouncilMember` needs; each field is described on the input type." }) input: AddCouncilMemberInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("member", () =>
      services.councils.addMember(viewer, acting(input.actingOrganizationId), {
        councilId: councilKey(input.councilId), personId: inputKeyOf(input.personId, "Person", "personId"),
        organizationId: input.organizationId ? organizationKey("organizationId")(input.organizationId) : null, termStartsOn: input.termStartsOn, termEndsOn: input.termEndsOn,
      }),
    );
  }

  @Mutation(() => MeetingPayload, { description: "Calls a sitting with its agenda. COORDINATOR of the convener; not API keys." })
  scheduleMeeting(@Arg("input", () => ScheduleMeetingInput, { description: "What `scheduleMeeting` needs; each field is described on the input type." }) input: ScheduleMeetingInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("meeting", () =>
      services.councils.scheduleMeeting(viewer, acting(input.actingOrganizationId), {
        councilId: councilKey(input.councilId), title: input.title, scheduledAt: input.scheduledAt, place: input.place, proposalIds: input.proposalIds.map((id) => inputKeyOf(id, "Proposal", "proposalIds")),
      }),
    );
  }

  @Mutation(() => MeetingPayload, { description: "Records who is present (the whole list) and opens the sitting; not while one of its votes is open. COORDINATOR of the convener; not API keys." })
  recordAttendance(@Arg("input", () => RecordAttendanceInput, { description: "What `recordAttendance` needs; each field is described on the input type." }) input: RecordAttendanceInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("meeting", () => {
      const memberIds = input.memberIds.map((id) => inputKeyOf(id, "CouncilMember", "memberIds"));
      return services.councils.recordAttendance(viewer, acting(input.actingOrganizationId), meetingKey(input.meetingId), memberIds);
    });
  }

  @Mutation(() => MeetingPayload, { description: "Records the minutes and adjourns the sitting, once none of its votes is open. COORDINATOR of the convener; not API keys." })
  recordMinutes(@Arg("input", () => RecordMinutesInput, { description: "What `recordMinutes` needs; each field is described on the input type." }) input: RecordMinutesInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("meeting", () => services.councils.recordMinutes(viewer, acting(input.actingOrganizationId), meetingKey(input.meetingId), input.minutes));
  }

  @FieldResolver(() => ID, { description: "The Council's opaque global ID, for `node(id:)`." })
  id(@Root() council: Council): string {
    return toGlobalId("Council", council.id);
  }

  @FieldResolver(() => Area, { description: "The area the council serves." })
  area(@Root() council: Council, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(council.areaCode);
  }

  @FieldResolver(() => Organization, { description: "The Party organisation that convenes it." })
  convener(@Root() council: Council, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(council.conveningOrganizationId);
  }

  @FieldResolver(() => [CouncilMember], { description: "Every seat, past and present, earliest term first.", deprecationReason: "Use `seats`, a Relay connection." })
  members(@Root() council: Council, @Ctx() { loaders }: Context): Promise<CouncilMember[]> {
    return loaders.membersOfCouncil.load(council.id);
  }

  @FieldResolver(() => CouncilMemberConnection, { description: "Every seat, past and present (see `inTerm`), in the order they were filled. Anyone may read them; a seated person's personal fields show by the privacy rules." })
  async seats(@Root() council: Council, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { loaders }: Context) {
    return CouncilMemberConnection.of(await loaders.seatsOfCouncil(pageArgs(page)).load(council.id));
  }

  @FieldResolver(() => [CouncilMeeting], { description: "Its sittings, earliest first." })
  meetings(@Root() council: Council, @Ctx() { loaders }: Context): Promise<CouncilMeeting[]> {
    return loaders.meetingsOfCouncil.load(council.id);
  }

  @FieldResolver(() => ProposalConnection, { description: "Its proposals, newest first: past DRAFT to anyone (statuses: [PASSED] lists its decisions), DRAFTs to the convener's members." })
  async proposals(
    @Root() council: Council,
    @Arg("statuses", () => [ProposalStatus], { nullable: true, description: "Only proposals in these statuses; all when omitted." }) statuses: ProposalStatus[] | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services, viewer }: Context,
  ) {
    return ProposalConnection.of(await services.proposals.page(viewer, council, statuses, pageArgs(page)));
  }
}

@Resolver(() => CouncilMember)
export class CouncilMemberResolver {
  @FieldResolver(() => ID, { description: "The CouncilMember's opaque global ID, for `node(id:)`." })
  id(@Root() member: CouncilMember): string {
    return toGlobalId("CouncilMember", member.id);
  }

  @FieldResolver(() => Council, { description: "The council the member sits on." })
  council(@Root() member: CouncilMember, @Ctx() { loaders }: Context): Promise<Council | null> {
    return loaders.council.load(member.councilId);
  }

  @FieldResolver(() => Person, { description: "Who sits: the resident, or the organisation's delegate. Real name and phone show by the rules of README \"Who reads a person's data\"." })
  person(@Root() member: CouncilMember, @Ctx() { loaders }: Context): Promise<Person | null> {
    return loaders.person.load(member.seatPersonId);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "For an organisation's seat, the organisation." })
  organization(@Root() member: CouncilMember, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return member.organizationId ? loaders.organization.load(member.organizationId) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: "Whether today is within the term." })
  inTerm(@Root() member: CouncilMember): boolean {
    const today = new Date().toISOString().slice(0, 10);
    return member.termStartsOn <= today && today <= member.termEndsOn;
  }
}

@Resolver(() => CouncilMeeting)
export class CouncilMeetingResolver {
  @FieldResolver(() => ID, { description: "The CouncilMeeting's opaque global ID, for `node(id:)`." })
  id(@Root() meeting: CouncilMeeting): string {
    return toGlobalId("CouncilMeeting", meeting.id);
  }

  @FieldResolver(() => Council, { description: "The council that meets." })
  council(@Root() meeting: CouncilMeeting, @Ctx() { loaders }: Context): Promise<Council | null> {
    return loaders.council.load(meeting.councilId);
  }

  @FieldResolver(() => [Proposal], { description: "The agenda, in order." })
  async agenda(@Root() meeting: CouncilMeeting, @Ctx() { loaders }: Context): Promise<Proposal[]> {
    const ids = await loaders.agendaOfMeeting.load(meeting.id);
    return (await Promise.all(ids.map((id) => loaders.proposal.load(id)))).filter((proposal): proposal is Proposal => proposal !== null);
  }

  @FieldResolver(() => [CouncilMember], { description: "Members recorded present: they alone vote at this sitting, and their number fixes the quorum." })
  async attendance(@Root() meeting: CouncilMeeting, @Ctx() { loaders }: Context): Promise<CouncilMember[]> {
    const ids = await loaders.attendanceOfMeeting.load(meeting.id);
    return (await Promise.all(ids.map((id) => loaders.councilMember.load(id)))).filter((member): member is CouncilMember => member !== null);
  }

  @FieldResolver(() => [Proposal], { description: "The decisions taken at it, each with its vote's tally." })
  async decisions(@Root() meeting: CouncilMeeting, @Ctx() { loaders }: Context): Promise<Proposal[]> {
    const ids = await loaders.decisionsOfMeeting.load(meeting.id);
    return (await Promise.all(ids.map((id) => loaders.proposal.load(id)))).filter((proposal): proposal is Proposal => proposal !== null);
  }
}

@Resolver(() => Proposal)
export class ProposalResolver {
  @Query(() => Proposal, { nullable: true, description: "A proposal by id; a DRAFT only to its author and the convener's members." })
  proposal(@Arg("id", () => ID, { description: "The global ID of the Proposal." }) id: string, @Ctx() { loaders, services, viewer }: Context): Promise<Proposal | null> {
    return services.proposals.findVisible(viewer, loaders, keyOf(id, "Proposal"));
  }

  @Mutation(() => ProposalPayload, { description: "Writes a DRAFT proposal, as a member in term, or starts a residents' joint petition as a resident of the area (byPetition). Any signed-in person who registered." })
  createProposal(@Arg("input", () => CreateProposalInput, { description: "What `createProposal` needs; each field is described on the input type." }) input: CreateProposalInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () =>
      services.proposals.create(viewer, {
        councilId: councilKey(input.councilId), title: input.title, body: input.body, category: input.category, byPetition: input.byPetition,
        leadOrganizationId: input.leadOrganizationId ? organizationKey("leadOrganizationId")(input.leadOrganizationId) : null,
        partnerOrganizationIds: (input.partnerOrganizationIds ?? []).map(organizationKey("partnerOrganizationIds")),
      }),
    );
  }

  @Mutation(() => ProposalPayload, { description: "Signs a DRAFT joint petition, once, as a resident of the council's area. Any signed-in person who registered." })
  signPetition(@Arg("input", () => SignPetitionInput, { description: "What `signPetition` needs; each field is described on the input type." }) input: SignPetitionInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () => services.proposals.signPetition(viewer, proposalKey(input.proposalId)));
  }

  @Mutation(() => ProposalPayload, { description: "Submits your DRAFT (a petition with enough signatures) to the council. Its author only." })
  submitProposal(@Arg("input", () => SubmitProposalInput, { description: "What `submitProposal` needs; each field is described on the input type." }) input: SubmitProposalInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () => services.proposals.submit(viewer, proposalKey(input.proposalId)));
  }

  @Mutation(() => ProposalPayload, { description: "Seconds a SUBMITTED proposal within its seconding time. Another member in term." })
  secondProposal(@Arg("input", () => SecondProposalInput, { description: "What `secondProposal` needs; each field is described on the input type." }) input: SecondProposalInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () => services.proposals.second(viewer, proposalKey(input.proposalId)));
  }

  @Mutation(() => ProposalPayload, { description: "Withdraws your proposal before its vote. Its author only." })
  withdrawProposal(@Arg("input", () => WithdrawProposalInput, { description: "What `withdrawProposal` needs; each field is described on the input type." }) input: WithdrawProposalInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () => services.proposals.withdraw(viewer, proposalKey(input.proposalId)));
  }

  @Mutation(() => ProposalPayload, { description: "Opens the debate of a SECONDED proposal. COORDINATOR of the convener; not API keys." })
  openDebate(@Arg("input", () => OpenDebateInput, { description: "What `openDebate` needs; each field is described on the input type." }) input: OpenDebateInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () => services.proposals.openDebate(viewer, acting(input.actingOrganizationId), proposalKey(input.proposalId)));
  }

  @Mutation(() => CommentPayload, { description: "Comments during a proposal's debate. Any signed-in person who registered." })
  commentOnProposal(@Arg("input", () => CommentOnProposalInput, { description: "What `commentOnProposal` needs; each field is described on the input type." }) input: CommentOnProposalInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("comment", () => services.proposals.comment(viewer, proposalKey(input.proposalId), input.body));
  }

  @Mutation(() => AmendmentPayload, { description: "Proposes new text during a proposal's debate. A member in term." })
  proposeAmendment(@Arg("input", () => ProposeAmendmentInput, { description: "What `proposeAmendment` needs; each field is described on the input type." }) input: ProposeAmendmentInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("amendment", () => services.proposals.proposeAmendment(viewer, proposalKey(input.proposalId), input.body));
  }

  @Mutation(() => AmendmentPayload, { description: "Accepts or declines an amendment during the debate. The proposal's author only." })
  answerAmendment(@Arg("input", () => AnswerAmendmentInput, { description: "What `answerAmendment` needs; each field is described on the input type." }) input: AnswerAmendmentInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("amendment", () => services.proposals.answerAmendment(viewer, inputKeyOf(input.amendmentId, "ProposalAmendment", "amendmentId"), input.accept));
  }

  @Mutation(() => ProposalPayload, { description: "Opens the vote at a sitting in session, secret or open, when its attendance makes a quorum. COORDINATOR of the convener; not API keys." })
  openVoting(@Arg("input", () => OpenVotingInput, { description: "What `openVoting` needs; each field is described on the input type." }) input: OpenVotingInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () => services.votes.open(viewer, acting(input.actingOrganizationId), proposalKey(input.proposalId), meetingKey(input.meetingId), input.secret));
  }

  @Mutation(() => VotePayload, { description: "Votes FOR, AGAINST or ABSTAIN, or changes your vote, until the vote closes. A member in term present at the sitting." })
  castVote(@Arg("input", () => CastVoteInput, { description: "What `castVote` needs; each field is described on the input type." }) input: CastVoteInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("vote", () => services.votes.cast(viewer, proposalKey(input.proposalId), input.choice));
  }

  @Mutation(() => ProposalPayload, { description: "Closes the vote: PASSED or REJECTED under the council's majority rule. COORDINATOR of the convener; not API keys." })
  closeVote(@Arg("input", () => CloseVoteInput, { description: "What `closeVote` needs; each field is described on the input type." }) input: CloseVoteInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () => services.votes.close(viewer, acting(input.actingOrganizationId), proposalKey(input.proposalId)));
  }

  @Mutation(() => ProposalPayload, { description: "Starts the project a PASSED proposal names, with its partners invited. COORDINATOR of the lead organisation it names; not API keys." })
  startProjectFromProposal(@Arg("input", () => StartProjectFromProposalInput, { description: "What `startProjectFromProposal` needs; each field is described on the input type." }) input: StartProjectFromProposalInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("proposal", () => services.proposals.startProject(viewer, acting(input.actingOrganizationId), proposalKey(input.proposalId)));
  }

  @FieldResolver(() => ID, { description: "The Proposal's opaque global ID, for `node(id:)`." })
  id(@Root() proposal: Proposal): string {
    return toGlobalId("Proposal", proposal.id);
  }

  @FieldResolver(() => Council, { description: "The council the proposal is put to." })
  council(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<Council | null> {
    return loaders.council.load(proposal.councilId);
  }

  @FieldResolver(() => CouncilMember, { nullable: true, description: "The member who proposed it; null for a residents' joint petition." })
  proposer(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<CouncilMember | null> {
    return proposal.proposerMemberId ? loaders.councilMember.load(proposal.proposerMemberId) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: "Whether residents put it by joint petition." })
  byPetition(@Root() proposal: Proposal): boolean {
    return proposal.petitionerPersonId !== null;
  }

  @FieldResolver(() => Int, { description: "Residents' signatures of a petition (0 for a member's proposal)." })
  signatureCount(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<number> {
    return loaders.signaturesOfProposal.load(proposal.id);
  }

  @FieldResolver(() => CouncilMember, { nullable: true, description: "The council member who seconded the proposal; null until seconded." })
  seconder(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<CouncilMember | null> {
    return proposal.seconderMemberId ? loaders.councilMember.load(proposal.seconderMemberId) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: "Whether the current stage's time box has ended without it moving on." })
  overdue(@Root() proposal: Proposal): boolean {
    return proposal.stageEndsAt !== null && proposal.stageEndsAt.getTime() <= Date.now();
  }

  @FieldResolver(() => [ProposalAmendment], { description: "Amendments moved to the proposal." })
  amendments(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<ProposalAmendment[]> {
    return loaders.amendmentsOfProposal.load(proposal.id);
  }

  @FieldResolver(() => [ProposalComment], { description: "The debate, earliest first." })
  comments(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<ProposalComment[]> {
    return loaders.commentsOfProposal.load(proposal.id);
  }

  @FieldResolver(() => [Vote], { description: "Who voted, in the order they first voted; how shows only for open votes (a secret vote's voter sees their own until it closes).", deprecationReason: "Use `votesCast`, a Relay connection." })
  votes(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<Vote[]> {
    return loaders.votesOfProposal.load(proposal.id);
  }

  @FieldResolver(() => VoteConnection, { description: "Who voted, in the order they first voted; how shows only for open votes (a secret vote's voter sees their own until it closes, then nobody does)." })
  async votesCast(@Root() proposal: Proposal, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { loaders }: Context) {
    return VoteConnection.of(await loaders.votesCastOnProposal(pageArgs(page)).load(proposal.id));
  }

  @FieldResolver(() => VoteTally, { nullable: true, description: "The count: live for an open vote, only after closing for a secret one; null before voting." })
  tally(@Root() proposal: Proposal, @Ctx() { services }: Context): Promise<VoteTally | null> {
    return services.votes.tallyOf(proposal);
  }

  @FieldResolver(() => CouncilMeeting, { nullable: true, description: "The sitting that holds, or held, its vote." })
  votingMeeting(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<CouncilMeeting | null> {
    return proposal.votingMeetingId ? loaders.councilMeeting.load(proposal.votingMeetingId) : Promise.resolve(null);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The organisation named to lead its project." })
  leadOrganization(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return proposal.leadOrganizationId ? loaders.organization.load(proposal.leadOrganizationId) : Promise.resolve(null);
  }

  @FieldResolver(() => [Organization], { description: "The organisations named as its project's partners." })
  async partnerOrganizations(@Root() proposal: Proposal, @Ctx() { loaders }: Context): Promise<Organization[]> {
    return (await Promise.all(proposal.partnerOrganizationIds.map((id) => loaders.organization.load(id)))).filter((organization): organization is Organization => organization !== null);
  }

  @FieldResolver(() => Project, { nullable: true, description: "The project it started, and so its progress (status, needs), if the viewer may see it." })
  project(@Root() proposal: Proposal, @Ctx() { loaders, services, viewer }: Context): Promise<Project | null> {
    return proposal.projectId ? services.projects.findVisible(viewer, loaders, proposal.projectId) : Promise.resolve(null);
  }
}

@Resolver(() => Vote)
export class VoteResolver {
  @FieldResolver(() => CouncilMember, { description: "The council member who voted." })
  member(@Root() vote: Vote, @Ctx() { loaders }: Context): Promise<CouncilMember | null> {
    return loaders.councilMember.load(vote.memberId);
  }

  @FieldResolver(() => VoteChoice, { nullable: true, description: "How: for an open vote, to anyone; for a secret one, to its voter until it closes, then to nobody." })
  async choice(@Root() vote: Vote, @Ctx() { loaders, services, viewer }: Context): Promise<VoteChoice | null> {
    const proposal = (await loaders.proposal.load(vote.proposalId))!;
    if (!proposal.secret) return vote.choice;
    const member = (await loaders.councilMember.load(vote.memberId))!;
    const voter = await loaders.person.load(member.seatPersonId);
    return services.votes.choiceFor(vote, proposal, voter?.userId ?? null, viewer);
  }
}

@Resolver(() => ProposalAmendment)
export class ProposalAmendmentResolver {
  @FieldResolver(() => ID, { description: "The ProposalAmendment's opaque global ID, for `node(id:)`." })
  id(@Root() amendment: ProposalAmendment): string {
    return toGlobalId("ProposalAmendment", amendment.id);
  }

  @FieldResolver(() => CouncilMember, { description: "The member who proposed it." })
  member(@Root() amendment: ProposalAmendment, @Ctx() { loaders }: Context): Promise<CouncilMember | null> {
    return loaders.councilMember.load(amendment.memberId);
  }
}

@Resolver(() => ProposalComment)
export class ProposalCommentResolver {
  @FieldResolver(() => Person, { description: "Who spoke; personal fields show by the rules of README \"Who reads a person's data\"." })
  author(@Root() comment: ProposalComment, @Ctx() { loaders }: Context): Promise<Person | null> {
    return loaders.person.load(comment.personId);
  }
}
