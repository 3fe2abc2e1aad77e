import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { Activity } from "../../entities/community/activity";
import { Feedback } from "../../entities/community/feedback";
import { ResidentRequest } from "../../entities/community/resident-request";
import { Service } from "../../entities/community/service";
import { Event } from "../../entities/event";
import { Organization } from "../../entities/organization";
import { liveViewerEvents } from "../../events/live-viewer-events";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../../schema/global-id";
import { FeedbackConnection, FeedbackEvent, FeedbackFilterInput, FeedbackSubscriptionFilter, GiveFeedbackInput, GiveFeedbackPayload } from "../../schema/community/feedback.types";
import { eventCursor } from "../../schema/subscription.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";
import { startingPoint } from "../event-subscription.resolver";

@Resolver(() => Feedback)
export class FeedbackResolver {
  @Query(() => FeedbackConnection, { description: "The ratings an organisation received, newest first: to its members (with comments) and its keys (without). Others read the dashboard's `satisfaction` figures." })
  async receivedFeedback(
    @Arg("organizationId", () => ID, { description: "One of your organisations." }) organizationId: string,
    @Arg("filter", () => FeedbackFilterInput, { nullable: true, description: "Narrows the list." }) filter: FeedbackFilterInput | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services, viewer }: Context,
  ) {
    const narrowed = {
      subjectKinds: filter?.subjectKinds,
      requestId: filter?.requestId != null ? keyOf(filter.requestId, "ResidentRequest", "filter.requestId") : null,
      serviceId: filter?.serviceId != null ? keyOf(filter.serviceId, "Service", "filter.serviceId") : null,
      activityId: filter?.activityId != null ? keyOf(filter.activityId, "Activity", "filter.activityId") : null,
    };
    return FeedbackConnection.of(await services.feedbackReads.received(viewer, keyOf(organizationId, "Organization", "organizationId"), narrowed, pageArgs(page)));
  }

  @Query(() => FeedbackConnection, { description: "Your own ratings, newest first (signed in, registered as a person); with comments." })
  async myFeedback(@Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { loaders, services, viewer }: Context) {
    return FeedbackConnection.of(await services.feedbackReads.mine(viewer, loaders, pageArgs(page)));
  }

  @Mutation(() => GiveFeedbackPayload, {
    description:
      "Rates a resolved request, a service session or an activity (1–5 stars). ONLINE: the resident themself, signed in; QUESTIONNAIRE, MEETING, PHONE: any member of the rated organisation, for a resident. " +
      "Not API keys. One rating per resident and thing: rating again changes it. Refuses (userErrors) an unresolved request, someone else's request, stars outside 1–5, a date without a session.",
  })
  giveFeedback(@Arg("input", () => GiveFeedbackInput, { description: "What `giveFeedback` needs; each field is described on the input type." }) input: GiveFeedbackInput, @Ctx() { services, viewer }: Context) {
    const { actingOrganizationId, onBehalfOfPersonId, requestId, serviceId, activityId, idempotencyKey: _key, ...fields } = input;
    // Ids are read inside payloadOf: a malformed one is the caller's mistake, a userError.
    const ids = () => ({
      actingOrganizationId: actingOrganizationId ? acting(actingOrganizationId) : null,
      onBehalfOfPersonId: onBehalfOfPersonId ? inputKeyOf(onBehalfOfPersonId, "Person", "onBehalfOfPersonId") : null,
      requestId: requestId ? inputKeyOf(requestId, "ResidentRequest", "requestId") : null,
      serviceId: serviceId ? inputKeyOf(serviceId, "Service", "serviceId") : null,
      activityId: activityId ? inputKeyOf(activityId, "Activity", "activityId") : null,
    });
    return payloadOf("feedback", () => services.feedback.give(viewer, { ...fields, ...ids() }));
  }

  @Subscription(() => FeedbackEvent, {
    description: "Ratings of your organisations as they are given or changed (members and keys of the rated organisation). With `after`, first the events since that cursor.",
    subscribe: ({ args, context }) => feedbackStream(context as Context, args as FeedbackStreamArgs),
  })
  async feedbackReceived(
    @Root() event: Event,
    @Arg("filter", () => FeedbackSubscriptionFilter, { nullable: true, description: "Narrows the ratings followed." }) _filter: FeedbackSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor of an event already seen: replay from right after it." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<FeedbackEvent> {
    context.useLoadersOf(event);
    const changed = Boolean((event.attributes as { changed?: boolean }).changed);
    return { cursor: eventCursor(event.position), changed, feedback: await context.services.feedbackReads.findVisible(context.viewer, context.loaders, event.entityId) };
  }

  @FieldResolver(() => ID, { description: "A global id." })
  id(@Root() feedback: Feedback): string {
    return toGlobalId("Feedback", feedback.id);
  }

  @FieldResolver(() => String, { nullable: true, description: "The rater's words: to the rater and the rated organisation's members; null to its keys and webhooks." })
  comment(@Root() feedback: Feedback, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    return services.feedbackReads.commentOf(viewer, loaders, feedback);
  }

  @FieldResolver(() => Organization, { description: "The organisation rated: the request's handler, the service's provider, the activity's organiser." })
  organization(@Root() feedback: Feedback, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(feedback.organizationId);
  }

  @FieldResolver(() => ResidentRequest, { nullable: true, description: "The request rated, if you may read it." })
  request(@Root() feedback: Feedback, @Ctx() { loaders, services, viewer }: Context): Promise<ResidentRequest | null> {
    return feedback.requestId ? services.requestReads.findVisible(viewer, loaders, feedback.requestId) : Promise.resolve(null);
  }

  @FieldResolver(() => Service, { nullable: true, description: "The service whose session (sessionDate) is rated, if you may see it." })
  service(@Root() feedback: Feedback, @Ctx() { loaders, services, viewer }: Context): Promise<Service | null> {
    return feedback.serviceId ? services.directory.findVisible(viewer, loaders, feedback.serviceId) : Promise.resolve(null);
  }

  @FieldResolver(() => Activity, { nullable: true, description: "The activity rated, if you may see it." })
  activity(@Root() feedback: Feedback, @Ctx() { loaders, services, viewer }: Context): Promise<Activity | null> {
    return feedback.activityId ? services.activities.findVisible(viewer, loaders, feedback.activityId) : Promise.resolve(null);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "For an offline rating, the organisation whose staff entered it; null online." })
  enteredBy(@Root() feedback: Feedback, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return feedback.enteredByOrganizationId ? loaders.organization.load(feedback.enteredByOrganizationId) : Promise.resolve(null);
  }
}

@Resolver(() => ResidentRequest)
export class ResidentRequestFeedbackResolver {
  @FieldResolver(() => Feedback, { nullable: true, description: "The requester's rating, once given: to the requester and the handler's members and keys (README \"Feedback\")." })
  feedback(@Root() request: ResidentRequest, @Ctx() { loaders, services, viewer }: Context): Promise<Feedback | null> {
    return services.feedbackReads.ofRequest(viewer, loaders, request.id);
  }
}

interface FeedbackStreamArgs {
  filter?: FeedbackSubscriptionFilter | null;
  after?: string | null;
}

async function feedbackStream(context: Context, args: FeedbackStreamArgs): Promise<AsyncIterable<Event>> {
  const organizationId = args.filter?.organizationId ? keyOf(args.filter.organizationId, "Organization", "filter.organizationId") : null;
  context.services.feedbackReads.requireFeedbackFollower(context.viewer, organizationId);
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, (viewer) => context.services.feedbackReads.eventMatcher(viewer, organizationId));
}
