import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { Area } from "../../entities/area";
import { Person } from "../../entities/community/person";
import { RequestRoutingRule } from "../../entities/community/request-routing-rule";
import { RequestStatus, ResidentRequest } from "../../entities/community/resident-request";
import { RequestStepKind, ResidentRequestStep } from "../../entities/community/resident-request-step";
import { Event } from "../../entities/event";
import { Organization } from "../../entities/organization";
import { Project } from "../../entities/project";
import { ResourceNeed } from "../../entities/resource-need";
import { liveViewerEvents } from "../../events/live-viewer-events";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../../schema/global-id";
import {
  AssignResidentRequestInput, AssignResidentRequestPayload, ChangeResidentRequestStatusInput, ChangeResidentRequestStatusPayload, FileResidentRequestInput, FileResidentRequestPayload,
  LinkResidentRequestToProjectInput, LinkResidentRequestToProjectPayload, PostNeedFromResidentRequestInput, PostNeedFromResidentRequestPayload, RemoveRequestRoutingRuleInput,
  RemoveRequestRoutingRulePayload, ResidentRequestConnection, ResidentRequestCount, ResidentRequestEvent, ResidentRequestFilterInput, ResidentRequestSubscriptionFilter,
  SetRequestRoutingRuleInput, SetRequestRoutingRulePayload, TransferResidentRequestInput, TransferResidentRequestPayload,
} from "../../schema/community/resident-request.types";
import { eventCursor } from "../../schema/subscription.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";
import { startingPoint } from "../event-subscription.resolver";
import { isOverdue } from "../../services/community/requests/request-lifecycle";

const requestKey = (id: string) => inputKeyOf(id, "ResidentRequest", "requestId");

@Resolver(() => ResidentRequest)
export class ResidentRequestResolver {
  @Query(() => ResidentRequest, { nullable: true, description: "A request by id: to its requester, its handler's members and keys, and its supervisors (README \"Residents' requests\")." })
  residentRequest(@Arg("id", () => ID, { description: "The global ID of the ResidentRequest." }) id: string, @Ctx() { loaders, services, viewer }: Context): Promise<ResidentRequest | null> {
    return services.requestReads.findVisible(viewer, loaders, keyOf(id, "ResidentRequest"));
  }

  @Query(() => ResidentRequestConnection, { description: "Requests you may read, newest first: your own, your organisations', and those in the areas your Party or government organisations supervise. `overdue: true` is a supervisor's overdue list." })
  async residentRequests(
    @Arg("filter", () => ResidentRequestFilterInput, { nullable: true, description: "Which requests to list; all the viewer may read when omitted." }) filter: ResidentRequestFilterInput | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders, services, viewer }: Context,
  ) {
    const handlingOrganizationId = filter?.handlingOrganizationId != null ? keyOf(filter.handlingOrganizationId, "Organization", "filter.handlingOrganizationId") : undefined;
    return ResidentRequestConnection.of(await services.requestReads.page(viewer, loaders, { ...filter, handlingOrganizationId }, pageArgs(page)));
  }

  @Query(() => [ResidentRequestCount], { description: "How many requests of each category are in each status in an area (and below it): anonymised counts, for anyone." })
  residentRequestCounts(@Arg("areaCode", () => String, { description: "The area's hierarchical division code; requests in it and the areas below it count." }) areaCode: string, @Ctx() { services }: Context): Promise<ResidentRequestCount[]> {
    return services.requestReads.counts(areaCode);
  }

  @Query(() => [RequestRoutingRule], { description: "The routing table's lines for areas holding `areaCode` or within it, longest area first: who handles which requests there. Public." })
  requestRoutingRules(@Arg("areaCode", () => String, { description: "The area's hierarchical division code." }) areaCode: string, @Ctx() { services }: Context): Promise<RequestRoutingRule[]> {
    return services.requestReads.routingRules(areaCode);
  }

  @Mutation(() => FileResidentRequestPayload, { description: "Files a request: anyone, signed in or not (anonymous requesters leave a contact); a member of an intake organisation may enter it for a resident. Not API keys." })
  fileResidentRequest(@Arg("input", () => FileResidentRequestInput, { description: "What `fileResidentRequest` needs; each field is described on the input type." }) input: FileResidentRequestInput, @Ctx() { services, viewer }: Context) {
    const { actingOrganizationId, onBehalfOfPersonId, idempotencyKey: _key, ...fields } = input;
    // Ids are read inside payloadOf: a malformed one is the caller's mistake, a userError.
    const filing = () => ({
      actingOrganizationId: actingOrganizationId ? acting(actingOrganizationId) : null,
      onBehalfOfPersonId: onBehalfOfPersonId ? inputKeyOf(onBehalfOfPersonId, "Person", "onBehalfOfPersonId") : null,
    });
    return payloadOf("request", () => services.requests.file(viewer, filing(), fields));
  }

  @Mutation(() => ChangeResidentRequestStatusPayload, { description: "Moves a request along its lifecycle: the handler's COORDINATOR accepts, starts, resolves, closes or rejects; the requester closes or reopens. Not API keys." })
  changeResidentRequestStatus(@Arg("input", () => ChangeResidentRequestStatusInput, { description: "What `changeResidentRequestStatus` needs; each field is described on the input type." }) input: ChangeResidentRequestStatusInput, @Ctx() { services, viewer }: Context) {
    const actingId = () => (input.actingOrganizationId ? acting(input.actingOrganizationId) : null);
    return payloadOf("request", () => services.requests.changeStatus(viewer, actingId(), requestKey(input.requestId), input.status, input.reason));
  }

  @Mutation(() => AssignResidentRequestPayload, { description: "Assigns (or reassigns) a request to a person on the handler's roster or to a volunteer team. COORDINATOR of the handler; not API keys." })
  assignResidentRequest(@Arg("input", () => AssignResidentRequestInput, { description: "What `assignResidentRequest` needs; each field is described on the input type." }) input: AssignResidentRequestInput, @Ctx() { services, viewer }: Context) {
    const assignee = () => ({
      personId: input.personId ? inputKeyOf(input.personId, "Person", "personId") : null,
      teamId: input.teamId ? inputKeyOf(input.teamId, "Organization", "teamId") : null,
    });
    return payloadOf("request", () => services.requests.assign(viewer, acting(input.actingOrganizationId), requestKey(input.requestId), assignee(), input.reason));
  }

  @Mutation(() => TransferResidentRequestPayload, { description: "Transfers a request to another organisation, with a reason kept in the history. COORDINATOR of the handler; not API keys." })
  transferResidentRequest(@Arg("input", () => TransferResidentRequestInput, { description: "What `transferResidentRequest` needs; each field is described on the input type." }) input: TransferResidentRequestInput, @Ctx() { services, viewer }: Context) {
    const to = () => inputKeyOf(input.organizationId, "Organization", "organizationId");
    return payloadOf("request", () => services.requests.transfer(viewer, acting(input.actingOrganizationId), requestKey(input.requestId), to(), input.reason));
  }

  @Mutation(() => LinkResidentRequestToProjectPayload, { description: "Links an accepted request to a project its handler leads or partners in. COORDINATOR of the handler; not API keys." })
  linkResidentRequestToProject(@Arg("input", () => LinkResidentRequestToProjectInput, { description: "What `linkResidentRequestToProject` needs; each field is described on the input type." }) input: LinkResidentRequestToProjectInput, @Ctx() { services, viewer }: Context) {
    const projectId = () => inputKeyOf(input.projectId, "Project", "projectId");
    return payloadOf("request", () => services.requests.linkToProject(viewer, acting(input.actingOrganizationId), requestKey(input.requestId), projectId(), null));
  }

  @Mutation(() => PostNeedFromResidentRequestPayload, { description: "Posts a need of a project from an accepted request and links them. COORDINATOR of the handler, an active partner of the project (or its key with write:needs, as postNeed)." })
  postNeedFromResidentRequest(@Arg("input", () => PostNeedFromResidentRequestInput, { description: "What `postNeedFromResidentRequest` needs; each field is described on the input type." }) input: PostNeedFromResidentRequestInput, @Ctx() { services, viewer }: Context) {
    const { actingOrganizationId, requestId, projectId, idempotencyKey: _key, ...need } = input;
    const project = () => inputKeyOf(projectId, "Project", "projectId");
    return payloadOf("request", () => services.requests.linkToProject(viewer, acting(actingOrganizationId), requestKey(requestId), project(), need));
  }

  @Mutation(() => SetRequestRoutingRulePayload, { description: "Sets where requests of a category in an area go. COORDINATOR of a verified Party or government organisation of the community or street; not API keys." })
  setRequestRoutingRule(@Arg("input", () => SetRequestRoutingRuleInput, { description: "What `setRequestRoutingRule` needs; each field is described on the input type." }) input: SetRequestRoutingRuleInput, @Ctx() { services, viewer }: Context) {
    const fields = () => ({ areaPrefix: input.areaPrefix, category: input.category, organizationId: inputKeyOf(input.organizationId, "Organization", "organizationId") });
    return payloadOf("rule", () => services.requests.setRoutingRule(viewer, acting(input.actingOrganizationId), fields()));
  }

  @Mutation(() => RemoveRequestRoutingRulePayload, { description: "Removes a line of the routing table; such requests go to the next longest match, or the area's Party organisation. For a COORDINATOR of a verified Party or government organisation of the community or street whose area holds the rule (people only, not API keys); refuses other organisations (NOT_PERMITTED), a rule outside its area (OUT_OF_RANGE) and an unknown rule (NOT_FOUND)." })
  removeRequestRoutingRule(@Arg("input", () => RemoveRequestRoutingRuleInput, { description: "What `removeRequestRoutingRule` needs; each field is described on the input type." }) input: RemoveRequestRoutingRuleInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("rule", () => services.requests.removeRoutingRule(viewer, acting(input.actingOrganizationId), inputKeyOf(input.ruleId, "RequestRoutingRule", "ruleId")));
  }

  @Subscription(() => ResidentRequestEvent, {
    description: "Requests as they are filed, move, escalate or are linked: those your organisations handle or were escalated to, and your own. With `after`, first the events since that cursor.",
    subscribe: ({ args, context }) => requestStream(context as Context, args as RequestStreamArgs),
  })
  async requestChanged(
    @Root() event: Event,
    @Arg("filter", () => ResidentRequestSubscriptionFilter, { nullable: true, description: "Which requests' changes to send; all the viewer may read when omitted." }) _filter: ResidentRequestSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the changes since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<ResidentRequestEvent> {
    context.useLoadersOf(event);
    const { step, status } = event.attributes as { step: RequestStepKind; status: RequestStatus };
    return { cursor: eventCursor(event.position), step, status, request: await context.services.requestReads.findVisible(context.viewer, context.loaders, event.entityId) };
  }

  @FieldResolver(() => ID, { description: "The ResidentRequest's opaque global ID, for `node(id:)`." })
  id(@Root() request: ResidentRequest): string {
    return toGlobalId("ResidentRequest", request.id);
  }

  @FieldResolver(() => Area, { description: "The area the request comes from." })
  area(@Root() request: ResidentRequest, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(request.areaCode);
  }

  @FieldResolver(() => Organization, { description: "The organisation handling it now." })
  handlingOrganization(@Root() request: ResidentRequest, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(request.handlingOrganizationId);
  }

  @FieldResolver(() => Person, { nullable: true, description: "Who filed it: to the requester, and to the handler's members if the requester allowed it; null to everyone else and for anonymous requests." })
  requester(@Root() request: ResidentRequest, @Ctx() { loaders, services, viewer }: Context): Promise<Person | null> {
    return services.requestReads.requesterOf(viewer, loaders, request);
  }

  @FieldResolver(() => String, { nullable: true, description: "The contact for preferredContact, by the same rule as requester." })
  contactValue(@Root() request: ResidentRequest, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    return services.requestReads.contactOf(viewer, loaders, request);
  }

  @FieldResolver(() => Boolean, { description: "Whether a time limit passed while it is still open." })
  overdue(@Root() request: ResidentRequest): boolean {
    return isOverdue(request);
  }

  @FieldResolver(() => Person, { nullable: true, description: "The person it is assigned to; personal fields by README \"Who reads a person's data\"." })
  assigneePerson(@Root() request: ResidentRequest, @Ctx() { loaders }: Context): Promise<Person | null> {
    return request.assigneePersonId ? loaders.person.load(request.assigneePersonId) : Promise.resolve(null);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The volunteer team it is assigned to." })
  assigneeTeam(@Root() request: ResidentRequest, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return request.assigneeTeamId ? loaders.organization.load(request.assigneeTeamId) : Promise.resolve(null);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The street's or district's organisation it was last escalated to." })
  escalatedTo(@Root() request: ResidentRequest, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return request.escalatedToOrganizationId ? loaders.organization.load(request.escalatedToOrganizationId) : Promise.resolve(null);
  }

  @FieldResolver(() => Project, { nullable: true, description: "The project it became work in, if you may see it." })
  project(@Root() request: ResidentRequest, @Ctx() { loaders, services, viewer }: Context): Promise<Project | null> {
    return request.projectId ? services.projects.findVisible(viewer, loaders, request.projectId) : Promise.resolve(null);
  }

  @FieldResolver(() => ResourceNeed, { nullable: true, description: "The need posted from it, if you may see it." })
  need(@Root() request: ResidentRequest, @Ctx() { loaders, services, viewer }: Context): Promise<ResourceNeed | null> {
    return request.needId ? services.needs.findVisible(viewer, loaders, request.needId) : Promise.resolve(null);
  }

  @FieldResolver(() => [ResidentRequestStep], { description: "Every step, oldest first: who (by organisation) did what, and why." })
  history(@Root() request: ResidentRequest, @Ctx() { loaders, services }: Context): Promise<ResidentRequestStep[]> {
    return services.requestReads.historyOf(loaders, request);
  }
}

@Resolver(() => ResidentRequestStep)
export class ResidentRequestStepResolver {
  @FieldResolver(() => Organization, { nullable: true, description: "The organisation that acted (for ESCALATED: was escalated to); null for the requester and the sweep." })
  organization(@Root() step: ResidentRequestStep, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return step.organizationId ? loaders.organization.load(step.organizationId) : Promise.resolve(null);
  }

  @FieldResolver(() => Organization, { description: "Who handled the request after the step." })
  handlingOrganization(@Root() step: ResidentRequestStep, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(step.handlingOrganizationId);
  }
}

@Resolver(() => RequestRoutingRule)
export class RequestRoutingRuleResolver {
  @FieldResolver(() => ID, { description: "The RequestRoutingRule's opaque global ID, for `node(id:)`." })
  id(@Root() rule: RequestRoutingRule): string {
    return toGlobalId("RequestRoutingRule", rule.id);
  }

  @FieldResolver(() => Organization, { description: "Where the requests go." })
  organization(@Root() rule: RequestRoutingRule, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(rule.organizationId);
  }

  @FieldResolver(() => Organization, { description: "The coordinating organisation that keeps this line." })
  keptBy(@Root() rule: RequestRoutingRule, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(rule.keptByOrganizationId);
  }
}

interface RequestStreamArgs {
  filter?: ResidentRequestSubscriptionFilter | null;
  after?: string | null;
}

async function requestStream(context: Context, args: RequestStreamArgs): Promise<AsyncIterable<Event>> {
  const handlingOrganizationId = args.filter?.handlingOrganizationId ? keyOf(args.filter.handlingOrganizationId, "Organization", "filter.handlingOrganizationId") : null;
  context.services.requestReads.requireRequestFollower(context.viewer);
  const after = await startingPoint(context, args.after);
  const filter = { handlingOrganizationId, mine: args.filter?.mine ?? null };
  const personId = await context.services.requestReads.personIdOf(context.viewer, context.loaders);
  return liveViewerEvents(context, after, (viewer) => context.services.requestReads.eventMatcher(viewer, personId, filter));
}
