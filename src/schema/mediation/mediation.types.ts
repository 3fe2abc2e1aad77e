import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { MediationAssignment } from "../../entities/mediation/mediation-assignment";
import { MediationCase, MediationCategory, MediationReferral, MediationStatus } from "../../entities/mediation/mediation-case";
import { MediationSession } from "../../entities/mediation/mediation-session";
import { Mediator } from "../../entities/mediation/mediator";
import { Connection } from "../connection";
import { MutationInput } from "../mutation-input";
import { Payload } from "../user-error";

export const MediationCaseConnection = Connection("MediationCase", MediationCase);
export type MediationCaseConnection = InstanceType<typeof MediationCaseConnection>;

@InputType("MediationPartyInput", { description: "Exactly one of personId (a person who gave the committee their consent) and organizationId." })
export class MediationPartyInput {
  @Field(() => ID, { nullable: true, description: "The global ID of a person who is a party." })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: "The global ID of an organisation that is a party." })
  organizationId?: string | null;
}

@InputType("AddMediatorInput", { description: "What `addMediator` takes." })
export class AddMediatorInput extends MutationInput {
  @Field(() => ID, { description: "The mediation committee; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "A person who gave the committee their consent." })
  personId: string;
}

@InputType("DeclareMediatorRelationInput", { description: "What `declareMediatorRelation` takes." })
export class DeclareMediatorRelationInput extends MutationInput {
  @Field(() => ID, { description: "The mediation committee; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The mediator (a person on the roster)." })
  personId: string;

  @Field(() => MediationPartyInput, { description: "Whom the mediator is related to: a person or an organisation." })
  related: MediationPartyInput;

  @Field(() => String, { nullable: true, description: "The relation in words (kin, neighbour, employer); up to 300 characters." })
  note?: string | null;
}

@InputType("FileMediationCaseInput", { description: "What `fileMediationCase` takes." })
export class FileMediationCaseInput extends MutationInput {
  @Field(() => ID, { description: "The mediation committee; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => MediationCategory, { description: "What kind of dispute it is." })
  category: MediationCategory;

  @Field(() => String, { description: "What the dispute is about; 1 to 5,000 characters. Seen only by those involved." })
  summary: string;

  @Field(() => String, { description: "Code of the area where the dispute arose." })
  areaCode: string;

  @Field(() => [MediationPartyInput], { description: "Who asked for mediation: at least one." })
  applicants: MediationPartyInput[];

  @Field(() => [MediationPartyInput], { description: "The other side: at least one; at most 20 parties in all." })
  respondents: MediationPartyInput[];
}

@InputType("DeclineMediationCaseInput", { description: "What `declineMediationCase` takes." })
export class DeclineMediationCaseInput extends MutationInput {
  @Field(() => ID, { description: "The mediation committee; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the case." })
  caseId: string;

  @Field(() => String, { description: "Why the committee does not take the case up; up to 1,000 characters." })
  reason: string;
}

@InputType("AssignMediatorInput", { description: "What `assignMediator` takes." })
export class AssignMediatorInput extends MutationInput {
  @Field(() => ID, { description: "The mediation committee; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the case." })
  caseId: string;

  @Field(() => ID, { description: "A person on the roster with no conflict of interest in the case." })
  personId: string;

  @Field(() => ID, { nullable: true, description: "A mediator of the case this one replaces (the person's id): their assignment ends." })
  replacingPersonId?: string | null;
}

/** A party acting on a case: the person themselves, or an ADMIN of the organisation. */
@InputType()
abstract class PartyStepInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the case." })
  caseId: string;

  @Field(() => ID, { description: "The party you answer for: yourself, or an organisation you are an ADMIN of." })
  partyId: string;
}

@InputType("AnswerMediationInput", { description: "What `answerMediation` takes." })
export class AnswerMediationInput extends PartyStepInput {
  @Field(() => Boolean, { description: "true: the party agrees to mediation; false: it refuses, and the case is DECLINED." })
  agree: boolean;
}

@InputType("SignMediationAgreementInput", { description: "What `signMediationAgreement` takes." })
export class SignMediationAgreementInput extends PartyStepInput {}

@InputType("AgreeToMediationExtensionInput", { description: "What `agreeToMediationExtension` takes." })
export class AgreeToMediationExtensionInput extends PartyStepInput {}

@InputType("WithdrawMediationCaseInput", { description: "What `withdrawMediationCase` takes." })
export class WithdrawMediationCaseInput extends PartyStepInput {}

@InputType("RequestMediatorReplacementInput", { description: "What `requestMediatorReplacement` takes." })
export class RequestMediatorReplacementInput extends PartyStepInput {
  @Field(() => ID, { description: "The assignment of the mediator to replace." })
  assignmentId: string;

  @Field(() => String, { description: "Why; up to 1,000 characters. Seen by the committee's admins and your party only." })
  reason: string;
}

@InputType("RecordMediationSessionInput", { description: "What `recordMediationSession` takes." })
export class RecordMediationSessionInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the case." })
  caseId: string;

  @Field(() => Date, { description: "When the session was held." })
  heldAt: Date;

  @Field(() => String, { description: "Where; 1 to 300 characters." })
  place: string;

  @Field(() => [ID], { nullable: true, description: "The parties who came." })
  attendeePartyIds?: string[] | null;

  @Field(() => String, { nullable: true, description: "The mediators' notes, up to 10,000 characters: never shown to the parties." })
  notes?: string | null;
}

@InputType("ProposeMediationTermsInput", { description: "What `proposeAgreementTerms` takes." })
export class ProposeMediationTermsInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the case." })
  caseId: string;

  @Field(() => String, { description: "The terms, 1 to 10,000 characters; signatures of earlier terms no longer count." })
  terms: string;
}

@InputType("ProposeMediationExtensionInput", { description: "What `proposeMediationExtension` takes." })
export class ProposeMediationExtensionInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the case." })
  caseId: string;

  @Field(() => Int, { description: "1 to 90 days more; the deadline moves when every party agrees." })
  days: number;
}

@InputType("ConcludeMediationInput", { description: "What `concludeMediation` takes." })
export class ConcludeMediationInput extends MutationInput {
  @Field(() => ID, { description: "The global ID of the case." })
  caseId: string;

  @Field(() => MediationStatus, { description: "AGREEMENT (every party signed the current terms) or NO_AGREEMENT." })
  outcome: MediationStatus;

  @Field(() => MediationReferral, { nullable: true, description: "With NO_AGREEMENT: where the parties are referred." })
  referral?: MediationReferral | null;

  @Field(() => String, { nullable: true, description: "The referral in words; up to 1,000 characters." })
  referralNote?: string | null;
}

@ObjectType("MediationCategoryCount", { simpleResolvers: true, description: "How many cases have one category." })
export class MediationCategoryCount {
  @Field(() => MediationCategory, { description: "The category." })
  category: MediationCategory;

  @Field(() => Int, { description: "How many cases have it." })
  count: number;
}

@ObjectType("MediationStatusCount", { simpleResolvers: true, description: "How many cases have one status." })
export class MediationStatusCount {
  @Field(() => MediationStatus, { description: "The status." })
  status: MediationStatus;

  @Field(() => Int, { description: "How many cases have it." })
  count: number;
}

@ObjectType("MediationAreaCount", { simpleResolvers: true, description: "How many cases are in one area." })
export class MediationAreaCount {
  @Field(() => String, { description: "A community's code: cases in its grids count toward it." })
  areaCode: string;

  @Field(() => Int, { description: "How many cases are in it." })
  count: number;
}

@ObjectType("MediationStatistics", { simpleResolvers: true, description: "Anonymised counts of the mediation cases filed in the area during the period: no case, party or text." })
export class MediationStatistics {
  @Field(() => Int, { description: "All cases counted." })
  total: number;

  @Field(() => [MediationCategoryCount], { description: "Cases by category." })
  byCategory: MediationCategoryCount[];

  @Field(() => [MediationStatusCount], { description: "By status: open ones and outcomes." })
  byStatus: MediationStatusCount[];

  @Field(() => [MediationAreaCount], { description: "Cases by area." })
  byArea: MediationAreaCount[];

  @Field(() => Int, { description: "Cases mediated to an end: AGREEMENT or NO_AGREEMENT." })
  handled: number;

  @Field(() => Float, { nullable: true, description: "AGREEMENT among those handled; null when none was." })
  agreementRate: number | null;

  @Field(() => Float, { nullable: true, description: "Median days from filing to conclusion of those handled." })
  medianDaysToClose: number | null;
}

export const AddMediatorPayload = Payload("AddMediatorPayload", "mediator", Mediator);
export const DeclareMediatorRelationPayload = Payload("DeclareMediatorRelationPayload", "mediator", Mediator);
export const FileMediationCasePayload = Payload("FileMediationCasePayload", "mediationCase", MediationCase);
export const DeclineMediationCasePayload = Payload("DeclineMediationCasePayload", "mediationCase", MediationCase);
export const AssignMediatorPayload = Payload("AssignMediatorPayload", "assignment", MediationAssignment);
export const AnswerMediationPayload = Payload("AnswerMediationPayload", "mediationCase", MediationCase);
export const SignMediationAgreementPayload = Payload("SignMediationAgreementPayload", "mediationCase", MediationCase);
export const AgreeToMediationExtensionPayload = Payload("AgreeToMediationExtensionPayload", "mediationCase", MediationCase);
export const WithdrawMediationCasePayload = Payload("WithdrawMediationCasePayload", "mediationCase", MediationCase);
export const RequestMediatorReplacementPayload = Payload("RequestMediatorReplacementPayload", "assignment", MediationAssignment);
export const RecordMediationSessionPayload = Payload("RecordMediationSessionPayload", "session", MediationSession);
export const ProposeMediationTermsPayload = Payload("ProposeMediationTermsPayload", "mediationCase", MediationCase);
export const ProposeMediationExtensionPayload = Payload("ProposeMediationExtensionPayload", "mediationCase", MediationCase);
export const ConcludeMediationPayload = Payload("ConcludeMediationPayload", "mediationCase", MediationCase);
