import { Field, Float, ID, InputType, Int, ObjectType } from "type-graphql";
import { RequestRoutingRule } from "../../entities/community/request-routing-rule";
import { ContactChannel, RequestCategory, RequestStatus, ResidentRequest } from "../../entities/community/resident-request";
import { RequestStepKind } from "../../entities/community/resident-request-step";
import { NeedCategory, Urgency } from "../../entities/resource-need";
import { Connection } from "../connection";
import { MutationInput } from "../mutation-input";
import { Payload } from "../user-error";

export const ResidentRequestConnection = Connection("ResidentRequest", ResidentRequest);
export type ResidentRequestConnection = InstanceType<typeof ResidentRequestConnection>;

@InputType("ResidentRequestFilter", { description: "Every field narrows the list of requests you may read (your own, your organisations' and those you supervise)." })
export class ResidentRequestFilterInput {
  @Field(() => [RequestStatus], { nullable: true, description: "Only requests in these statuses; any when omitted." })
  statuses?: RequestStatus[] | null;

  @Field(() => [RequestCategory], { nullable: true, description: "Only requests in these categories; any when omitted." })
  categories?: RequestCategory[] | null;

  @Field(() => String, { nullable: true, description: "Requests in this area or below it." })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Requests this organisation handles now." })
  handlingOrganizationId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only open requests past a time limit: a supervisor's overdue list." })
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Only requests you filed yourself." })
  mine?: boolean | null;
}

@ObjectType("ResidentRequestCount", { simpleResolvers: true, description: "How many requests of a category are in a status: anonymised, for anyone." })
export class ResidentRequestCount {
  @Field(() => RequestCategory, { description: "The requests' category." })
  category: RequestCategory;

  @Field(() => RequestStatus, { description: "The requests' status." })
  status: RequestStatus;

  @Field(() => Int, { description: "How many requests have this category and status." })
  count: number;
}

@InputType("FileResidentRequestInput", { description: "A resident files a request themself (signed in, or anonymously with a contact), or a member of an intake organisation enters it for them." })
export class FileResidentRequestInput extends MutationInput {
  @Field(() => ID, { nullable: true, description: "Entering it for a resident: your Party or government organisation or service centre; you act as a member. Leave out when filing yourself." })
  actingOrganizationId?: string | null;

  @Field(() => ID, { nullable: true, description: "Entering it for a resident the acting organisation holds consent of: that person." })
  onBehalfOfPersonId?: string | null;

  @Field(() => RequestCategory, { description: "What the request is about." })
  category: RequestCategory;

  @Field(() => String, { description: "What the matter is: 1 to 2,000 characters." })
  description: string;

  @Field(() => String, { description: "Code of the area it is in (a grid, a community): it decides who handles it." })
  areaCode: string;

  @Field(() => String, { nullable: true, description: "Where, in words; up to 300 characters." })
  place?: string | null;

  @Field(() => Urgency, { description: "How urgent the request is." })
  urgency: Urgency;

  @Field(() => ContactChannel, { description: "How to reach the requester. IN_APP only for a known person (signed in and registered, or entered for one)." })
  preferredContact: ContactChannel;

  @Field(() => String, { nullable: true, description: "The number, address or WeChat id for preferredContact; required unless IN_APP." })
  contactValue?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Must be true with a contactValue: the requester agrees it is kept to handle this request (and erased with them)." })
  consentToKeepContact?: boolean | null;

  @Field(() => Boolean, { description: "Whether the handling organisation's members may see who you are and your contact. False: nobody but you sees them." })
  identityVisibleToHandler: boolean;
}

@InputType("ChangeResidentRequestStatusInput", {
  description: "The handler (actingOrganizationId, as COORDINATOR) accepts, starts, resolves, closes or rejects; the requester (signed in, no actingOrganizationId) closes or reopens within 7 days of resolution.",
})
export class ChangeResidentRequestStatusInput extends MutationInput {
  @Field(() => ID, { nullable: true, description: "The handling organisation; leave out when acting as the requester." })
  actingOrganizationId?: string | null;

  @Field(() => ID, { description: "The global ID of the request." })
  requestId: string;

  @Field(() => RequestStatus, { description: "ACCEPTED, IN_PROGRESS, RESOLVED, CLOSED or REJECTED (handler); CLOSED or REOPENED (requester)." })
  status: RequestStatus;

  @Field(() => String, { nullable: true, description: "Why: required to reject and to reopen; up to 1,000 characters." })
  reason?: string | null;
}

@InputType("AssignResidentRequestInput", { description: "Exactly one of personId (on the handler's team roster) and teamId (a volunteer team)." })
export class AssignResidentRequestInput extends MutationInput {
  @Field(() => ID, { description: "The handling organisation." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the request." })
  requestId: string;

  @Field(() => ID, { nullable: true, description: "A person on the handler's team roster." })
  personId?: string | null;

  @Field(() => ID, { nullable: true, description: "A VOLUNTEER_TEAM organisation." })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: "Why, kept in the request's history." })
  reason?: string | null;
}

@InputType("TransferResidentRequestInput", { description: "What `transferResidentRequest` takes." })
export class TransferResidentRequestInput extends MutationInput {
  @Field(() => ID, { description: "The handling organisation." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the request." })
  requestId: string;

  @Field(() => ID, { description: "The organisation that should handle it instead; it has 24 hours to accept." })
  organizationId: string;

  @Field(() => String, { description: "Why it belongs there; kept in the history." })
  reason: string;
}

@InputType("LinkResidentRequestToProjectInput", { description: "What `linkResidentRequestToProject` takes." })
export class LinkResidentRequestToProjectInput extends MutationInput {
  @Field(() => ID, { description: "The handling organisation: the project's lead or an active partner." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the request." })
  requestId: string;

  @Field(() => ID, { description: "The global ID of the project." })
  projectId: string;
}

@InputType("PostNeedFromResidentRequestInput", { description: "Posts a need of a project from the request and links both; the need's description is the request's unless given." })
export class PostNeedFromResidentRequestInput extends MutationInput {
  @Field(() => ID, { description: "The handling organisation: an active partner of the project." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the request." })
  requestId: string;

  @Field(() => ID, { description: "The global ID of the project the need belongs to." })
  projectId: string;

  @Field(() => NeedCategory, { description: "What kind of thing is needed." })
  category: NeedCategory;

  @Field(() => String, { description: "The need's title." })
  title: string;

  @Field(() => String, { nullable: true, description: "What is needed, in more words; the request's description when omitted." })
  description?: string | null;

  @Field(() => Float, { description: "Above 0, at most two decimals." })
  quantity: number;

  @Field(() => String, { description: "What the quantity counts, e.g. 袋, 人, 床位." })
  unit: string;

  @Field(() => Urgency, { description: "How urgent the need is." })
  urgency: Urgency;

  @Field(() => Date, { description: "A time still to come." })
  neededBy: Date;
}

@InputType("SetRequestRoutingRuleInput", { description: "Requests of `category` filed in `areaPrefix` or below go to `organizationId`; replaces the line for the same area and category." })
export class SetRequestRoutingRuleInput extends MutationInput {
  @Field(() => ID, { description: "A verified Party or government organisation of a community or street; you act as its COORDINATOR." })
  actingOrganizationId: string;

  @Field(() => String, { description: "An area within the acting organisation's." })
  areaPrefix: string;

  @Field(() => RequestCategory, { description: "The category of requests to route." })
  category: RequestCategory;

  @Field(() => ID, { description: "The global ID of the organisation the requests go to." })
  organizationId: string;
}

@InputType("RemoveRequestRoutingRuleInput", { description: "What `removeRequestRoutingRule` takes." })
export class RemoveRequestRoutingRuleInput extends MutationInput {
  @Field(() => ID, { description: "As for setRequestRoutingRule." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the rule." })
  ruleId: string;
}

@ObjectType("ResidentRequestEvent", { simpleResolvers: true, description: "A request filed, moved, escalated or linked, at its place in the event stream." })
export class ResidentRequestEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => RequestStepKind, { description: "What happened to the request." })
  step: RequestStepKind;

  @Field(() => RequestStatus, { description: "The status this event left the request in, also when replayed." })
  status: RequestStatus;

  @Field(() => ResidentRequest, { nullable: true, description: "The request as it is now; null when you no longer read it (transferred away)." })
  request: ResidentRequest | null;
}

@InputType("ResidentRequestSubscriptionFilter", { description: "Which requests' changes `requestChanged` sends." })
export class ResidentRequestSubscriptionFilter {
  @Field(() => ID, { nullable: true, description: "Requests this organisation (one of yours) handles, or was escalated to." })
  handlingOrganizationId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only the requests you filed yourself." })
  mine?: boolean | null;
}

export const FileResidentRequestPayload = Payload("FileResidentRequestPayload", "request", ResidentRequest);
export const ChangeResidentRequestStatusPayload = Payload("ChangeResidentRequestStatusPayload", "request", ResidentRequest);
export const AssignResidentRequestPayload = Payload("AssignResidentRequestPayload", "request", ResidentRequest);
export const TransferResidentRequestPayload = Payload("TransferResidentRequestPayload", "request", ResidentRequest);
export const LinkResidentRequestToProjectPayload = Payload("LinkResidentRequestToProjectPayload", "request", ResidentRequest);
export const PostNeedFromResidentRequestPayload = Payload("PostNeedFromResidentRequestPayload", "request", ResidentRequest);
export const SetRequestRoutingRulePayload = Payload("SetRequestRoutingRulePayload", "rule", RequestRoutingRule);
export const RemoveRequestRoutingRulePayload = Payload("RemoveRequestRoutingRulePayload", "rule", RequestRoutingRule);
