import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Area } from "../../entities/area";
import { Person } from "../../entities/community/person";
import { MediationAssignment } from "../../entities/mediation/mediation-assignment";
import { MediationCase, MediationStatus } from "../../entities/mediation/mediation-case";
import { MediationParty } from "../../entities/mediation/mediation-party";
import { PartyActKind } from "../../entities/mediation/mediation-party-act";
import { MediationSession } from "../../entities/mediation/mediation-session";
import { Mediator } from "../../entities/mediation/mediator";
import { Organization } from "../../entities/organization";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../../schema/global-id";
import {
  AddMediatorInput, AddMediatorPayload, AgreeToMediationExtensionInput, AgreeToMediationExtensionPayload, AnswerMediationInput, AnswerMediationPayload, AssignMediatorInput, AssignMediatorPayload,
  ConcludeMediationInput, ConcludeMediationPayload, DeclareMediatorRelationInput, DeclareMediatorRelationPayload, DeclineMediationCaseInput, DeclineMediationCasePayload, FileMediationCaseInput,
  FileMediationCasePayload, MediationCaseConnection, MediationPartyInput, ProposeMediationExtensionInput, ProposeMediationExtensionPayload, ProposeMediationTermsInput, ProposeMediationTermsPayload,
  RecordMediationSessionInput, RecordMediationSessionPayload, RequestMediatorReplacementInput, RequestMediatorReplacementPayload, SignMediationAgreementInput, SignMediationAgreementPayload,
  WithdrawMediationCaseInput, WithdrawMediationCasePayload,
} from "../../schema/mediation/mediation.types";
import { payloadOf } from "../../schema/user-error";
import type { PartyFields } from "../../services/mediation/mediation.service";
import { daysAfter, isOverdue, JUDICIAL_CONFIRMATION_DAYS, mediationClock } from "../../services/mediation/mediation-lifecycle";
import { acting } from "../project.resolver";

const caseKey = (id: string) => inputKeyOf(id, "MediationCase", "caseId");
const partyKey = (id: string) => inputKeyOf(id, "MediationParty", "partyId");
const personKey = (id: string, field: string) => inputKeyOf(id, "Person", field);

function partyFieldsOf(party: MediationPartyInput | null | undefined, field: string): PartyFields {
  return {
    personId: party?.personId ? personKey(party.personId, `${field}.personId`) : null,
    organizationId: party?.organizationId ? inputKeyOf(party.organizationId, "Organization", `${field}.organizationId`) : null,
  };
}

@Resolver(() => MediationCase)
export class MediationCaseResolver {
  @Query(() => MediationCase, { nullable: true, description: "A mediation case by id: only to its committee's admins, its assigned mediators and its parties; null to everyone else." })
  mediationCase(@Arg("id", () => ID, { description: "The global ID of the MediationCase." }) id: string, @Ctx() { loaders, services, viewer }: Context): Promise<MediationCase | null> {
    return services.mediationReads.findVisible(viewer, loaders, keyOf(id, "MediationCase"));
  }

  @Query(() => MediationCaseConnection, { description: "A mediation committee's cases, newest first: all to its admins, their own to its mediators, none to anyone else." })
  async mediationCases(
    @Arg("committeeId", () => ID, { description: "The global ID of the mediation committee (an Organization)." }) committeeId: string,
    @Arg("overdueOnly", () => Boolean, { defaultValue: false, description: "Only ACCEPTED or IN_MEDIATION cases past their deadline: the committee's overdue list." }) overdueOnly: boolean,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders, services, viewer }: Context,
  ) {
    return MediationCaseConnection.of(await services.mediationReads.page(viewer, loaders, keyOf(committeeId, "Organization", "committeeId"), overdueOnly, pageArgs(page)));
  }

  @Query(() => [Mediator], { name: "mediators", description: "A mediation committee's roster of mediators, oldest first: to its admins; empty to everyone else." })
  mediatorRoster(@Arg("committeeId", () => ID, { description: "The global ID of the mediation committee (an Organization)." }) committeeId: string, @Ctx() { loaders, services, viewer }: Context): Promise<Mediator[]> {
    return services.mediationReads.roster(viewer, loaders, keyOf(committeeId, "Organization", "committeeId"));
  }

  @Mutation(() => AddMediatorPayload, { description: "Puts a person who consented to the committee on its roster of mediators. ADMIN of the mediation committee; not API keys." })
  addMediator(@Arg("input", () => AddMediatorInput, { description: "What `addMediator` needs; each field is described on the input type." }) input: AddMediatorInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediator", () => services.mediation.addMediator(viewer, acting(input.actingOrganizationId), personKey(input.personId, "personId")));
  }

  @Mutation(() => DeclareMediatorRelationPayload, { description: "Records a relation a mediator declared to a person or organisation: they are never assigned to that party's cases. ADMIN of the mediation committee; not API keys." })
  declareMediatorRelation(@Arg("input", () => DeclareMediatorRelationInput, { description: "What `declareMediatorRelation` needs; each field is described on the input type." }) input: DeclareMediatorRelationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediator", () =>
      services.mediation.declareMediatorRelation(viewer, acting(input.actingOrganizationId), personKey(input.personId, "personId"), partyFieldsOf(input.related, "related"), input.note),
    );
  }

  @Mutation(() => FileMediationCasePayload, { description: "Files a dispute as APPLIED; it is ACCEPTED when every party agrees to mediation. ADMIN of the mediation committee; not API keys." })
  fileMediationCase(@Arg("input", () => FileMediationCaseInput, { description: "What `fileMediationCase` needs; each field is described on the input type." }) input: FileMediationCaseInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () =>
      services.mediation.fileCase(viewer, acting(input.actingOrganizationId), {
        category: input.category,
        summary: input.summary,
        areaCode: input.areaCode,
        applicants: (input.applicants ?? []).map((party, index) => partyFieldsOf(party, `applicants.${index}`)),
        respondents: (input.respondents ?? []).map((party, index) => partyFieldsOf(party, `respondents.${index}`)),
      }),
    );
  }

  @Mutation(() => DeclineMediationCasePayload, { description: "Declines an APPLIED case, with the reason. ADMIN of the mediation committee; not API keys." })
  declineMediationCase(@Arg("input", () => DeclineMediationCaseInput, { description: "What `declineMediationCase` needs; each field is described on the input type." }) input: DeclineMediationCaseInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () => services.mediation.declineCase(viewer, acting(input.actingOrganizationId), caseKey(input.caseId), input.reason));
  }

  @Mutation(() => AssignMediatorPayload, { description: "Assigns a mediator of the roster with no conflict of interest (a party, a declared relation, a shared organisation, a shared key household), replacing another if asked. ADMIN of the mediation committee; not API keys." })
  assignMediator(@Arg("input", () => AssignMediatorInput, { description: "What `assignMediator` needs; each field is described on the input type." }) input: AssignMediatorInput, @Ctx() { services, viewer }: Context) {
    const replacing = input.replacingPersonId ? personKey(input.replacingPersonId, "replacingPersonId") : null;
    return payloadOf("assignment", () => services.mediation.assignMediator(viewer, acting(input.actingOrganizationId), caseKey(input.caseId), personKey(input.personId, "personId"), replacing));
  }

  @Mutation(() => AnswerMediationPayload, { description: "Your party agrees to mediation or refuses it (then the case is DECLINED). The party itself: the person, or an ADMIN of the organisation; not API keys." })
  answerMediation(@Arg("input", () => AnswerMediationInput, { description: "What `answerMediation` needs; each field is described on the input type." }) input: AnswerMediationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () => services.mediation.answer(viewer, caseKey(input.caseId), partyKey(input.partyId), input.agree));
  }

  @Mutation(() => RecordMediationSessionPayload, { description: "Records a session; the first one moves an ACCEPTED case IN_MEDIATION. An assigned mediator or an ADMIN of the committee; not API keys." })
  recordMediationSession(@Arg("input", () => RecordMediationSessionInput, { description: "What `recordMediationSession` needs; each field is described on the input type." }) input: RecordMediationSessionInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("session", () =>
      services.mediation.recordSession(viewer, caseKey(input.caseId), {
        heldAt: input.heldAt,
        place: input.place,
        notes: input.notes,
        attendeePartyIds: (input.attendeePartyIds ?? []).map((id, index) => inputKeyOf(id, "MediationParty", `attendeePartyIds.${index}`)),
      }),
    );
  }

  @Mutation(() => ProposeMediationTermsPayload, { description: "Puts terms to the parties for signing. An assigned mediator or an ADMIN of the committee; not API keys." })
  proposeAgreementTerms(@Arg("input", () => ProposeMediationTermsInput, { description: "What `proposeAgreementTerms` needs; each field is described on the input type." }) input: ProposeMediationTermsInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () => services.mediation.proposeTerms(viewer, caseKey(input.caseId), input.terms));
  }

  @Mutation(() => SignMediationAgreementPayload, { description: "Your party signs the current terms. The party itself; not API keys." })
  signMediationAgreement(@Arg("input", () => SignMediationAgreementInput, { description: "What `signMediationAgreement` needs; each field is described on the input type." }) input: SignMediationAgreementInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () => services.mediation.sign(viewer, caseKey(input.caseId), partyKey(input.partyId)));
  }

  @Mutation(() => ProposeMediationExtensionPayload, { description: "Proposes to extend the 30-day time limit; it moves when every party agrees. An assigned mediator or an ADMIN of the committee; not API keys." })
  proposeMediationExtension(@Arg("input", () => ProposeMediationExtensionInput, { description: "What `proposeMediationExtension` needs; each field is described on the input type." }) input: ProposeMediationExtensionInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () => services.mediation.proposeExtension(viewer, caseKey(input.caseId), input.days));
  }

  @Mutation(() => AgreeToMediationExtensionPayload, { description: "Your party agrees to the proposed extension. The party itself; not API keys." })
  agreeToMediationExtension(@Arg("input", () => AgreeToMediationExtensionInput, { description: "What `agreeToMediationExtension` needs; each field is described on the input type." }) input: AgreeToMediationExtensionInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () => services.mediation.agreeToExtension(viewer, caseKey(input.caseId), partyKey(input.partyId)));
  }

  @Mutation(() => ConcludeMediationPayload, { description: "Ends mediation: AGREEMENT once every party signed the current terms, or NO_AGREEMENT with a referral. An assigned mediator or an ADMIN of the committee; not API keys." })
  concludeMediation(@Arg("input", () => ConcludeMediationInput, { description: "What `concludeMediation` needs; each field is described on the input type." }) input: ConcludeMediationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () => services.mediation.conclude(viewer, caseKey(input.caseId), input.outcome, input.referral ?? null, input.referralNote));
  }

  @Mutation(() => WithdrawMediationCasePayload, { description: "Your party withdraws before mediation concludes. The party itself; not API keys." })
  withdrawMediationCase(@Arg("input", () => WithdrawMediationCaseInput, { description: "What `withdrawMediationCase` needs; each field is described on the input type." }) input: WithdrawMediationCaseInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("mediationCase", () => services.mediation.withdraw(viewer, caseKey(input.caseId), partyKey(input.partyId)));
  }

  @Mutation(() => RequestMediatorReplacementPayload, { description: "Your party asks the committee to replace an assigned mediator; its ADMIN then assigns another. The party itself; not API keys." })
  requestMediatorReplacement(@Arg("input", () => RequestMediatorReplacementInput, { description: "What `requestMediatorReplacement` needs; each field is described on the input type." }) input: RequestMediatorReplacementInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("assignment", () =>
      services.mediation.requestReplacement(viewer, caseKey(input.caseId), partyKey(input.partyId), inputKeyOf(input.assignmentId, "MediationAssignment", "assignmentId"), input.reason),
    );
  }

  @FieldResolver(() => ID, { description: "The MediationCase's opaque global ID, for `node(id:)`." })
  id(@Root() mediationCase: MediationCase): string {
    return toGlobalId("MediationCase", mediationCase.id);
  }

  @FieldResolver(() => Organization, { description: "The mediation committee handling it." })
  committee(@Root() mediationCase: MediationCase, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(mediationCase.committeeId);
  }

  @FieldResolver(() => Area, { description: "The area the dispute is in." })
  area(@Root() mediationCase: MediationCase, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(mediationCase.areaCode);
  }

  @FieldResolver(() => [MediationParty], { description: "Applicants first, then respondents, as filed." })
  parties(@Root() mediationCase: MediationCase, @Ctx() { loaders }: Context): Promise<MediationParty[]> {
    return loaders.partiesOfCase.load(mediationCase.id);
  }

  @FieldResolver(() => [MediationAssignment], { description: "The mediators assigned now, first assigned first." })
  async mediators(@Root() mediationCase: MediationCase, @Ctx() { loaders }: Context): Promise<MediationAssignment[]> {
    return (await loaders.assignmentsOfCase.load(mediationCase.id)).filter((assignment) => assignment.endedAt === null);
  }

  @FieldResolver(() => [MediationSession], { description: "Sessions, earliest first." })
  sessions(@Root() mediationCase: MediationCase, @Ctx() { loaders }: Context): Promise<MediationSession[]> {
    return loaders.sessionsOfCase.load(mediationCase.id);
  }

  @FieldResolver(() => Boolean, { description: "ACCEPTED or IN_MEDIATION past its deadline." })
  overdue(@Root() mediationCase: MediationCase): boolean {
    return isOverdue(mediationCase.status, mediationCase.dueAt, mediationClock.now());
  }

  @FieldResolver(() => Date, { nullable: true, description: "For an AGREEMENT: the last day the parties may jointly ask a court to confirm it (司法確認), 30 days after it was concluded." })
  judicialConfirmationDueAt(@Root() mediationCase: MediationCase): Date | null {
    return mediationCase.status === MediationStatus.AGREEMENT && mediationCase.closedAt ? daysAfter(mediationCase.closedAt, JUDICIAL_CONFIRMATION_DAYS) : null;
  }
}

/** What a party agreed to in the case's current round. */
async function hasActed(loaders: Context["loaders"], party: MediationParty, act: PartyActKind, round: (mediationCase: MediationCase) => number): Promise<boolean> {
  const mediationCase = (await loaders.mediationCase.load(party.caseId))!;
  return (await loaders.actsOfCase.load(party.caseId)).some((row) => row.partyId === party.id && row.act === act && row.round === round(mediationCase));
}

@Resolver(() => MediationParty)
export class MediationPartyResolver {
  @FieldResolver(() => ID, { description: "The MediationParty's opaque global ID, for `node(id:)`." })
  id(@Root() party: MediationParty): string {
    return toGlobalId("MediationParty", party.id);
  }

  @FieldResolver(() => String, { description: "The name the party goes by: a person's display name (their label once erased), an organisation's name." })
  async name(@Root() party: MediationParty, @Ctx() { loaders }: Context): Promise<string> {
    if (party.organizationId) return (await loaders.organization.load(party.organizationId))?.name ?? "";
    const person = (await loaders.person.load(party.personId!))!;
    return person.displayName ?? person.label;
  }

  @FieldResolver(() => Person, { nullable: true, description: "A person party's record: to the person, the committee's admins and the mediators; null to the other parties (their contact is not theirs to see)." })
  async person(@Root() party: MediationParty, @Ctx() { loaders, services, viewer }: Context): Promise<Person | null> {
    if (!party.personId) return null;
    const mediationCase = (await loaders.mediationCase.load(party.caseId))!;
    return (await services.mediationReads.shows("partyPerson", viewer, loaders, mediationCase, party.id)) ? loaders.person.load(party.personId) : null;
  }

  @FieldResolver(() => Organization, { nullable: true, description: "An organisation party." })
  organization(@Root() party: MediationParty, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return party.organizationId ? loaders.organization.load(party.organizationId) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: "Agreed to mediation." })
  consented(@Root() party: MediationParty, @Ctx() { loaders }: Context): Promise<boolean> {
    return hasActed(loaders, party, PartyActKind.CONSENT, () => 0);
  }

  @FieldResolver(() => Boolean, { description: "Refused mediation." })
  refused(@Root() party: MediationParty, @Ctx() { loaders }: Context): Promise<boolean> {
    return hasActed(loaders, party, PartyActKind.REFUSE, () => 0);
  }

  @FieldResolver(() => Boolean, { description: "Signed the current terms." })
  signedTerms(@Root() party: MediationParty, @Ctx() { loaders }: Context): Promise<boolean> {
    return hasActed(loaders, party, PartyActKind.SIGN, (mediationCase) => mediationCase.termsRound);
  }

  @FieldResolver(() => Boolean, { description: "Agreed to the extension proposed now (or, once granted, to the last one)." })
  agreedToExtension(@Root() party: MediationParty, @Ctx() { loaders }: Context): Promise<boolean> {
    return hasActed(loaders, party, PartyActKind.EXTEND, (mediationCase) => mediationCase.extensionRound);
  }
}

@Resolver(() => MediationAssignment)
export class MediationAssignmentResolver {
  @FieldResolver(() => ID, { description: "The MediationAssignment's opaque global ID, for `node(id:)`." })
  id(@Root() assignment: MediationAssignment): string {
    return toGlobalId("MediationAssignment", assignment.id);
  }

  @FieldResolver(() => String, { description: "The mediator's display name (their label once erased)." })
  async name(@Root() assignment: MediationAssignment, @Ctx() { loaders }: Context): Promise<string> {
    const person = (await loaders.person.load(assignment.mediatorPersonId))!;
    return person.displayName ?? person.label;
  }

  @FieldResolver(() => Person, { nullable: true, description: "The mediator's record: to the committee's admins and the mediators; null to the parties." })
  async person(@Root() assignment: MediationAssignment, @Ctx() { loaders, services, viewer }: Context): Promise<Person | null> {
    const mediationCase = (await loaders.mediationCase.load(assignment.caseId))!;
    return (await services.mediationReads.shows("mediatorPerson", viewer, loaders, mediationCase)) ? loaders.person.load(assignment.mediatorPersonId) : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Why a party asked to replace this mediator: to the committee's admins and that party only." })
  async replacementReason(@Root() assignment: MediationAssignment, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    if (!assignment.replacementRequestedByPartyId) return null;
    const mediationCase = (await loaders.mediationCase.load(assignment.caseId))!;
    return (await services.mediationReads.shows("replacementRequest", viewer, loaders, mediationCase, assignment.replacementRequestedByPartyId)) ? assignment.replacementReason : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: "When a party asked to replace this mediator: to the committee's admins and that party only." })
  async replacementRequestedAt(@Root() assignment: MediationAssignment, @Ctx() { loaders, services, viewer }: Context): Promise<Date | null> {
    if (!assignment.replacementRequestedByPartyId) return null;
    const mediationCase = (await loaders.mediationCase.load(assignment.caseId))!;
    return (await services.mediationReads.shows("replacementRequest", viewer, loaders, mediationCase, assignment.replacementRequestedByPartyId)) ? assignment.replacementRequestedAt : null;
  }
}

@Resolver(() => MediationSession)
export class MediationSessionResolver {
  @FieldResolver(() => ID, { description: "The MediationSession's opaque global ID, for `node(id:)`." })
  id(@Root() session: MediationSession): string {
    return toGlobalId("MediationSession", session.id);
  }

  @FieldResolver(() => [MediationParty], { description: "The parties who came." })
  async attendees(@Root() session: MediationSession, @Ctx() { loaders }: Context): Promise<MediationParty[]> {
    return (await loaders.partiesOfCase.load(session.caseId)).filter((party) => session.attendeePartyIds.includes(party.id));
  }

  @FieldResolver(() => [MediationAssignment], { description: "The mediators assigned at the time." })
  async mediators(@Root() session: MediationSession, @Ctx() { loaders }: Context): Promise<MediationAssignment[]> {
    return (await loaders.assignmentsOfCase.load(session.caseId)).filter((assignment) => session.attendeeMediatorIds.includes(assignment.mediatorPersonId) && assignment.createdAt <= session.createdAt);
  }

  @FieldResolver(() => String, { nullable: true, description: "The mediators' notes: to the mediators and the committee's admins; null to the parties." })
  async notes(@Root() session: MediationSession, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    const mediationCase = (await loaders.mediationCase.load(session.caseId))!;
    return (await services.mediationReads.shows("sessionNotes", viewer, loaders, mediationCase)) ? session.notes : null;
  }
}

@Resolver(() => Mediator)
export class MediatorResolver {
  @FieldResolver(() => ID, { description: "The Mediator's opaque global ID, for `node(id:)`." })
  id(@Root() mediator: Mediator): string {
    return toGlobalId("Mediator", mediator.id);
  }

  @FieldResolver(() => Person, { description: "The person who serves as mediator." })
  person(@Root() mediator: Mediator, @Ctx() { loaders }: Context): Promise<Person | null> {
    return loaders.person.load(mediator.personId);
  }

  @FieldResolver(() => Organization, { description: "The committee." })
  committee(@Root() mediator: Mediator, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(mediator.organizationId);
  }
}
