import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { HouseholdVisit } from "../../entities/community/household-visit";
import { KeyHousehold } from "../../entities/community/key-household";
import { ContactChannel, RequestCategory, ResidentRequest } from "../../entities/community/resident-request";
import { TargetGroup } from "../../entities/community/service";
import { Urgency } from "../../entities/resource-need";
import { Connection } from "../connection";
import { MediationPartyInput } from "../mediation/mediation.types";
import { MutationInput } from "../mutation-input";
import { Payload } from "../user-error";

export const KeyHouseholdConnection = Connection("KeyHousehold", KeyHousehold);
export type KeyHouseholdConnection = InstanceType<typeof KeyHouseholdConnection>;
export const HouseholdVisitConnection = Connection("HouseholdVisit", HouseholdVisit);
export type HouseholdVisitConnection = InstanceType<typeof HouseholdVisitConnection>;

@InputType("KeyHouseholdFilter", { description: "Every field narrows an organisation's register of key households." })
export class KeyHouseholdFilterInput {
  @Field(() => String, { nullable: true, description: "Households in this area or below it." })
  areaCode?: string | null;

  @Field(() => [TargetGroup], { nullable: true, description: "Households in any of these key groups." })
  groups?: TargetGroup[] | null;

  @Field(() => String, { nullable: true, description: "Households whose code starts with this." })
  codePrefix?: string | null;
}

@InputType("OverdueHouseholdVisitFilter", { description: "Every field narrows the overdue visits you may read." })
export class OverdueHouseholdVisitFilterInput {
  @Field(() => String, { nullable: true, description: "Visits to households in this area or below it." })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Visits to households this organisation keeps." })
  organizationId?: string | null;
}

@InputType("RegisterKeyHouseholdInput", { description: "A household of a key group to put on the acting organisation's register: by code and area, never by name." })
export class RegisterKeyHouseholdInput extends MutationInput {
  @Field(() => ID, { description: "The organisation keeping the register; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { description: "Your own code for the household: 1 to 32 letters, digits, - and _, unique within your organisation. Never a name." })
  code: string;

  @Field(() => String, { description: "Code of the area it is in (a grid or a community)." })
  areaCode: string;

  @Field(() => [TargetGroup], { description: "The key groups it belongs to: at least one, not ALL_RESIDENTS." })
  groups: TargetGroup[];

  @Field(() => String, { nullable: true, description: "What it needs, in words; up to 2,000 characters. Shown in full only to your organisation's members." })
  needs?: string | null;

  @Field(() => Int, { description: "Visit it every this many days (1 to 366)." })
  visitEveryDays: number;

  @Field(() => [ID], { nullable: true, description: "Who lives there: persons who consented to your organisation holding their data (at most 20)." })
  memberPersonIds?: string[] | null;
}

@InputType("UpdateKeyHouseholdInput", { description: "Changes to a household of the register; fields left out stay as they are." })
export class UpdateKeyHouseholdInput extends MutationInput {
  @Field(() => ID, { description: "The organisation keeping the register; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The household." })
  householdId: string;

  @Field(() => String, { nullable: true, description: "A new code, unique within your organisation." })
  code?: string | null;

  @Field(() => String, { nullable: true, description: "The area it moved to." })
  areaCode?: string | null;

  @Field(() => [TargetGroup], { nullable: true, description: "The key groups, replacing those kept." })
  groups?: TargetGroup[] | null;

  @Field(() => String, { nullable: true, description: "What it needs now; null clears it." })
  needs?: string | null;

  @Field(() => Int, { nullable: true, description: "A new visit frequency in days (1 to 366); the visit already planned keeps its date." })
  visitEveryDays?: number | null;

  @Field(() => [ID], { nullable: true, description: "Who lives there now, replacing the list kept; [] empties it." })
  memberPersonIds?: string[] | null;
}

@InputType("PlanHouseholdVisitInput", { description: "Sets the date of a household's next visit." })
export class PlanHouseholdVisitInput extends MutationInput {
  @Field(() => ID, { description: "The organisation keeping the household; you act as any of its members." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The household." })
  householdId: string;

  @Field(() => String, { nullable: true, description: "The date (YYYY-MM-DD, today or later). Left out: the last visit's date plus the household's frequency, or today if that is past." })
  dueOn?: string | null;
}

@InputType("HouseholdVisitRequestInput", { description: "A resident's request to open from a visit's findings: filed by the holding organisation as fileResidentRequest files one entered for a resident, in the household's area." })
export class HouseholdVisitRequestInput {
  @Field(() => RequestCategory, { description: "What the request is about; it decides, with the area, who handles it." })
  category: RequestCategory;

  @Field(() => String, { nullable: true, description: "What the matter is (up to 2,000 characters); left out, the findings." })
  description?: string | null;

  @Field(() => Urgency, { description: "How urgent it is." })
  urgency: Urgency;

  @Field(() => ContactChannel, { description: "How to reach the household: IN_APP only when filed for a member who is a known person." })
  preferredContact: ContactChannel;

  @Field(() => String, { nullable: true, description: "The number, address or WeChat id for preferredContact; required unless IN_APP." })
  contactValue?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Must be true with a contactValue: the household agreed it is kept to handle the request." })
  consentToKeepContact?: boolean | null;

  @Field(() => Boolean, { description: "Whether the handling organisation's members may see who asked and how to reach them." })
  identityVisibleToHandler: boolean;

  @Field(() => ID, { nullable: true, description: "The member of the household it is filed for, if any." })
  onBehalfOfPersonId?: string | null;
}

@InputType("RecordHouseholdVisitInput", { description: "A visit made to a household: it takes the place of the visit planned, and the next one is planned by the household's frequency." })
export class RecordHouseholdVisitInput extends MutationInput {
  @Field(() => ID, { description: "The organisation keeping the household; you act as any of its members." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The household." })
  householdId: string;

  @Field(() => Date, { description: "When the visit was made; not in the future." })
  visitedAt: Date;

  @Field(() => [ID], { description: "Who made it: 1 to 10 persons who consented to your organisation holding their data." })
  visitorPersonIds: string[];

  @Field(() => String, { nullable: true, description: "What the visit found (up to 5,000 characters)." })
  findings?: string | null;

  @Field(() => String, { nullable: true, description: "The follow-up agreed (up to 2,000 characters)." })
  followUp?: string | null;

  @Field(() => HouseholdVisitRequestInput, { nullable: true, description: "Opens a resident's request from the findings, in the same step: your organisation must be one that enters requests for residents (a Party or government organisation, or a service centre)." })
  openRequest?: HouseholdVisitRequestInput | null;
}

@InputType("ReferResidentRequestToMediationInput", { description: "Refers an accepted neighbourhood-dispute or property-management request to a people's mediation committee." })
export class ReferResidentRequestToMediationInput extends MutationInput {
  @Field(() => ID, { description: "The organisation handling the request; you act as its COORDINATOR." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The request: NEIGHBOURHOOD_DISPUTE or PROPERTY_MANAGEMENT, accepted, not finished, not yet referred." })
  requestId: string;

  @Field(() => ID, { description: "The people's mediation committee (MEDIATION_COMMITTEE) to take it up." })
  committeeId: string;

  @Field(() => [MediationPartyInput], { nullable: true, description: "The other side, if known: organisations, or persons who consented to the committee (at most 19)." })
  respondents?: MediationPartyInput[] | null;
}

export const RegisterKeyHouseholdPayload = Payload("RegisterKeyHouseholdPayload", "household", KeyHousehold);
export const UpdateKeyHouseholdPayload = Payload("UpdateKeyHouseholdPayload", "household", KeyHousehold);
export const PlanHouseholdVisitPayload = Payload("PlanHouseholdVisitPayload", "visit", HouseholdVisit);
export const RecordHouseholdVisitPayload = Payload("RecordHouseholdVisitPayload", "visit", HouseholdVisit);
export const ReferResidentRequestToMediationPayload = Payload("ReferResidentRequestToMediationPayload", "request", ResidentRequest);

/** What happened to a household visit, as its event says. */
export enum HouseholdVisitEventKind {
  RECORDED = "RECORDED",
  OVERDUE = "OVERDUE",
}
registerEnumType(HouseholdVisitEventKind, {
  name: "HouseholdVisitEventKind",
  description: "What happened to a household visit.",
  valuesConfig: {
    RECORDED: { description: "A visit was made and recorded (HOUSEHOLD_VISIT_RECORDED)." },
    OVERDUE: { description: "A planned visit passed its due date unmade; announced once (HOUSEHOLD_VISIT_OVERDUE)." },
  },
});

@ObjectType("HouseholdVisitEvent", { simpleResolvers: true, description: "A household visit recorded or overdue, at its place in the event stream." })
export class HouseholdVisitEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => HouseholdVisitEventKind, { description: "What happened." })
  kind: HouseholdVisitEventKind;

  @Field(() => HouseholdVisit, { nullable: true, description: "The visit as it is now, shown by the household's privacy rules; null when you no longer read it." })
  visit: HouseholdVisit | null;
}

@InputType("HouseholdVisitSubscriptionFilter", { description: "Narrows the household visits followed." })
export class HouseholdVisitSubscriptionFilter {
  @Field(() => ID, { nullable: true, description: "Only visits to households this organisation keeps." })
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: "Only visits to households in this area or below it." })
  areaCode?: string | null;
}
