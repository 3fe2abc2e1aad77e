import { Arg, Ctx, FieldResolver, Query, Resolver, Root, Subscription } from "type-graphql";
import { Event, EventType } from "../entities/event";
import { Organization } from "../entities/organization";
import { liveViewerEvents } from "../events/live-viewer-events";
import { needChangeOf, pledgeChangeOf } from "../events/outbox";
import { AlertEvent } from "../schema/alert.types";
import { t } from "../i18n/text";
import type { Context } from "../schema/context";
import { keyOf } from "../schema/global-id";
import {
  eventCursor,
  NeedEvent,
  NeedEventKind,
  NeedSubscriptionFilter,
  PledgeChange,
  PledgeEvent,
  AlertSubscriptionFilter,
  PledgeSubscriptionFilter,
  InvitationEvent,
  InvitationSubscriptionFilter,
  positionOfCursor,
  ActivityEvent,
  ActivitySubscriptionFilter,
  SignUpEvent,
  SignUpSubscriptionFilter,
  ShiftPlacesEvent,
  ShiftSubscriptionFilter,
} from "../schema/subscription.types";
import { ActivityStatus } from "../entities/community/activity";
import type { ShiftPlacesChange } from "../events/outbox";
import { DomainError } from "../services/errors";
import { SignUpStatus } from "../entities/community/shift-sign-up";
import { ProposalStatus } from "../entities/community/proposal";
import { ProposalChangeKind, ProposalEvent, ProposalSubscriptionFilter } from "../schema/community/council.types";
import { proposalEventMatcher } from "../events/subscription-filters";

interface StreamArgs {
  filter?: (NeedSubscriptionFilter & PledgeSubscriptionFilter) | null;
  after?: string | null;
}

@Resolver()
export class EventSubscriptionResolver {
  @Query(() => String, {
    description:
      "The cursor of the newest event in the stream: subscribe with it as `after` to miss nothing that happens from now on. " +
      "Cursors are positions in one stream, usable as `after` by any subscription.",
  })
  async latestEventCursor(@Ctx() context: Context): Promise<string> {
    return eventCursor((await context.events.latestPosition()).toString());
  }

  @Subscription(() => NeedEvent, {
    description: "Needs as they are posted. With `after`, first the ones posted since that cursor.",
    subscribe: ({ args, context }) => needStream(context as Context, args as StreamArgs, [EventType.NEED_POSTED]),
  })
  needAnnounced(
    @Root() event: Event,
    @Arg("filter", () => NeedSubscriptionFilter, { nullable: true, description: "Which needs to send; all the viewer may read when omitted." }) _filter: NeedSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<NeedEvent> {
    return needEventOf(event, context);
  }

  @Subscription(() => NeedEvent, {
    description: "Needs as they change: figures, status, expiry, cancellation. With `after`, first the changes since that cursor.",
    subscribe: ({ args, context }) => needStream(context as Context, args as StreamArgs, [EventType.NEED_UPDATED]),
  })
  needUpdated(
    @Root() event: Event,
    @Arg("filter", () => NeedSubscriptionFilter, { nullable: true, description: "Which needs' changes to send; all the viewer may read when omitted." }) _filter: NeedSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<NeedEvent> {
    return needEventOf(event, context);
  }

  @Subscription(() => PledgeEvent, {
    description: "Pledges as they are made and answered, withdrawn or delivered.",
    subscribe: ({ args, context }) => pledgeStream(context as Context, args as StreamArgs),
  })
  async pledgeChanged(
    @Root() event: Event,
    @Arg("filter", () => PledgeSubscriptionFilter, { nullable: true, description: "Which pledges' changes to send; all the viewer may read when omitted." }) _filter: PledgeSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<PledgeEvent> {
    context.useLoadersOf(event);
    return { cursor: eventCursor(event.position), pledge: await context.loaders.pledge.load(event.entityId), change: pledgeChangeOf(event) };
  }

  @Subscription(() => InvitationEvent, {
    description: "Invitations of your organisations to projects, so an invitee learns of one (also to a DRAFT project) without a phone call.",
    subscribe: ({ args, context }) => invitationStream(context as Context, args as InvitationStreamArgs),
  })
  async invitationReceived(
    @Root() event: Event,
    @Arg("filter", () => InvitationSubscriptionFilter, { nullable: true, description: "Which invitations to send; those of all the viewer's organisations when omitted." }) _filter: InvitationSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<InvitationEvent> {
    context.useLoadersOf(event);
    return { cursor: eventCursor(event.position), partnership: await context.services.projects.findVisiblePartnership(context.viewer, context.loaders, event.entityId) };
  }
}

@Resolver()
export class ActivitySubscriptionResolver {
  @Subscription(() => ActivityEvent, {
    description: "Activities as they open to sign-ups (DRAFT projects' only to their readers). With `after`, first the ones since that cursor.",
    subscribe: ({ args, context }) => activityStream(context as Context, args as ActivityStreamArgs, EventType.ACTIVITY_PUBLISHED),
  })
  activityPublished(
    @Root() event: Event,
    @Arg("filter", () => ActivitySubscriptionFilter, { nullable: true, description: "Which activities' events to send; all the viewer may read when omitted." }) _filter: ActivitySubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<ActivityEvent> {
    return activityEventOf(event, context);
  }

  @Subscription(() => ActivityEvent, {
    description: "Published activities as they are completed or cancelled (DRAFT projects' only to their readers). With `after`, first the ones since that cursor.",
    subscribe: ({ args, context }) => activityStream(context as Context, args as ActivityStreamArgs, EventType.ACTIVITY_CLOSED),
  })
  activityClosed(
    @Root() event: Event,
    @Arg("filter", () => ActivitySubscriptionFilter, { nullable: true, description: "Which activities' events to send; all the viewer may read when omitted." }) _filter: ActivitySubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<ActivityEvent> {
    return activityEventOf(event, context);
  }

  @Subscription(() => ShiftPlacesEvent, {
    description:
      "Shifts as they fill, as their waitlists form, and as a full shift frees a place, of activities you may read: volunteers learn a place is free, organisers that a shift is full. Counts only.",
    subscribe: ({ args, context }) => shiftPlacesStream(context as Context, args as ShiftStreamArgs),
  })
  async shiftPlacesChanged(
    @Root() event: Event,
    @Arg("filter", () => ShiftSubscriptionFilter, { nullable: true, description: "Which shifts to follow; all the viewer may read when omitted." }) _filter: ShiftSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<ShiftPlacesEvent> {
    context.useLoadersOf(event);
    const { change, capacity, confirmedCount, waitlistCount } = event.attributes as { change: ShiftPlacesChange; capacity: number; confirmedCount: number; waitlistCount: number };
    const shift = await context.services.activities.findVisibleShift(context.viewer, context.loaders, event.entityId);
    return { cursor: eventCursor(event.position), change, capacity, confirmedCount, waitlistCount, shift };
  }

  @Subscription(() => SignUpEvent, {
    description: "Sign-ups to your organisations' activities as they are made, waitlisted, promoted or cancelled: an organiser follows a shift filling. Members, keys and webhooks of the organiser only.",
    subscribe: ({ args, context }) => signUpStream(context as Context, args as SignUpStreamArgs),
  })
  async signUpChanged(
    @Root() event: Event,
    @Arg("filter", () => SignUpSubscriptionFilter, { nullable: true, description: "Which sign-ups' changes to send; all the viewer may read when omitted." }) _filter: SignUpSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<SignUpEvent> {
    context.useLoadersOf(event);
    return { cursor: eventCursor(event.position), status: event.attributes.status as SignUpStatus, signUp: await context.loaders.shiftSignUp.load(event.entityId) };
  }
}

@Resolver()
export class ProposalSubscriptionResolver {
  @Subscription(() => ProposalEvent, {
    description: "Council proposals as they move, are debated and amended, and as open votes are cast: residents follow them live. Anyone; secret votes are never announced.",
    subscribe: ({ args, context }) => proposalStream(context as Context, args as ProposalStreamArgs),
  })
  async proposalChanged(
    @Root() event: Event,
    @Arg("filter", () => ProposalSubscriptionFilter, { nullable: true, description: "Which proposals' changes to send; all the viewer may read when omitted." }) _filter: ProposalSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<ProposalEvent> {
    context.useLoadersOf(event);
    return {
      cursor: eventCursor(event.position),
      change: event.attributes.change as ProposalChangeKind,
      status: event.attributes.status as ProposalStatus,
      proposal: await context.services.proposals.findVisible(context.viewer, context.loaders, event.entityId),
    };
  }
}

interface ProposalStreamArgs {
  filter?: ProposalSubscriptionFilter | null;
  after?: string | null;
}

async function proposalStream(context: Context, args: ProposalStreamArgs): Promise<AsyncIterable<Event>> {
  const councilId = args.filter?.councilId ? keyOf(args.filter.councilId, "Council", "filter.councilId") : null;
  const proposalId = args.filter?.proposalId ? keyOf(args.filter.proposalId, "Proposal", "filter.proposalId") : null;
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, () => proposalEventMatcher({ councilId, proposalId }));
}

interface ActivityStreamArgs {
  filter?: ActivitySubscriptionFilter | null;
  after?: string | null;
}

async function activityStream(context: Context, args: ActivityStreamArgs, type: EventType): Promise<AsyncIterable<Event>> {
  const filter = args.filter ?? {};
  if (filter.areaCode) await context.services.areas.require(filter.areaCode, "filter.areaCode");
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, (viewer) => context.services.activities.eventMatcher(viewer, [type], filter));
}

/** Events recorded before the status was kept with them were all publications. */
async function activityEventOf(event: Event, context: Context): Promise<ActivityEvent> {
  context.useLoadersOf(event);
  const status = (event.attributes.status as ActivityStatus | undefined) ?? ActivityStatus.PUBLISHED;
  return { cursor: eventCursor(event.position), status, activity: await context.services.activities.findVisible(context.viewer, context.loaders, event.entityId) };
}

interface ShiftStreamArgs {
  filter?: ShiftSubscriptionFilter | null;
  after?: string | null;
}

async function shiftPlacesStream(context: Context, args: ShiftStreamArgs): Promise<AsyncIterable<Event>> {
  const filter = args.filter ?? {};
  if (filter.areaCode) await context.services.areas.require(filter.areaCode, "filter.areaCode");
  const activityId = filter.activityId ? keyOf(filter.activityId, "Activity", "filter.activityId") : null;
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, (viewer) => context.services.activities.shiftPlacesEventMatcher(viewer, { areaCode: filter.areaCode, activityId }));
}

interface SignUpStreamArgs {
  filter?: SignUpSubscriptionFilter | null;
  after?: string | null;
}

async function signUpStream(context: Context, args: SignUpStreamArgs): Promise<AsyncIterable<Event>> {
  const activityId = args.filter?.activityId ? keyOf(args.filter.activityId, "Activity", "filter.activityId") : null;
  context.services.activities.requireSignUpReader(context.viewer);
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, (viewer) => context.services.activities.signUpEventMatcher(viewer, activityId));
}

@Resolver(() => PledgeChange)
export class PledgeChangeResolver {
  @FieldResolver(() => Organization, { nullable: true, description: "The organisation that made the change; null where it is not known." })
  async actingOrganization(@Root() change: PledgeChange, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return change.actingOrganizationId ? loaders.organization.load(change.actingOrganizationId) : null;
  }
}

@Resolver()
export class AlertSubscriptionResolver {
  @Subscription(() => AlertEvent, {
    description: "Alert messages as they are issued, updated or cancelled; restricted ones only to those allowed to see them.",
    subscribe: ({ args, context }) => alertStream(context as Context, args as AlertStreamArgs),
  })
  async alertIssued(
    @Root() event: Event,
    @Arg("filter", () => AlertSubscriptionFilter, { nullable: true, description: "Which alerts to send; all the viewer may read when omitted." }) _filter: AlertSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor from an earlier event: first sends the events since it, then live ones; only live ones when omitted." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<AlertEvent> {
    context.useLoadersOf(event);
    return { cursor: eventCursor(event.position), alert: await context.loaders.alert.load(event.entityId) };
  }
}

interface InvitationStreamArgs {
  filter?: InvitationSubscriptionFilter | null;
  after?: string | null;
}

async function invitationStream(context: Context, args: InvitationStreamArgs): Promise<AsyncIterable<Event>> {
  const organizationId = args.filter?.organizationId ? keyOf(args.filter.organizationId, "Organization", "filter.organizationId") : null;
  context.services.projects.requireInvitationReader(context.viewer, organizationId);
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, (viewer) => context.services.projects.invitationEventMatcher(viewer, organizationId));
}

interface AlertStreamArgs {
  filter?: AlertSubscriptionFilter | null;
  after?: string | null;
}

async function alertStream(context: Context, args: AlertStreamArgs): Promise<AsyncIterable<Event>> {
  const filter = args.filter ?? {};
  if (filter.areaCode) await context.services.areas.require(filter.areaCode, "filter.areaCode");
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, (viewer) => context.services.alerts.eventMatcher(viewer, filter));
}

/** Each event carries the object as it is now, and what the event changed as it was then. */
async function needEventOf(event: Event, context: Context): Promise<NeedEvent> {
  context.useLoadersOf(event);
  return {
    cursor: eventCursor(event.position),
    kind: event.type === EventType.NEED_POSTED ? NeedEventKind.POSTED : NeedEventKind.UPDATED,
    need: await context.services.needs.findVisible(context.viewer, context.loaders, event.entityId),
    change: needChangeOf(event),
  };
}

async function needStream(context: Context, args: StreamArgs, types: EventType[]): Promise<AsyncIterable<Event>> {
  const filter = args.filter ?? {};
  if (filter.areaCode) await context.services.areas.require(filter.areaCode, "filter.areaCode");
  const projectId = filter.projectId ? keyOf(filter.projectId, "Project", "filter.projectId") : null;
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, (viewer) => context.services.needs.eventMatcher(viewer, types, { ...filter, projectId }));
}

async function pledgeStream(context: Context, args: StreamArgs): Promise<AsyncIterable<Event>> {
  const filter = args.filter ?? {};
  const projectId = filter.projectId ? keyOf(filter.projectId, "Project", "filter.projectId") : null;
  const organizationId = filter.organizationId ? keyOf(filter.organizationId, "Organization", "filter.organizationId") : null;
  const after = await startingPoint(context, args.after);
  return liveViewerEvents(context, after, (viewer) => context.services.pledges.eventMatcher(viewer, { projectId, organizationId }));
}

/** A cursor up to the committed head: another instance may have issued it before this one has read that far. */
export async function startingPoint(context: Context, cursor: string | null | undefined): Promise<bigint | undefined> {
  if (cursor == null) return undefined;
  const position = positionOfCursor(cursor);
  if (position > context.events.position && position > (await context.events.latestPosition())) {
    throw new DomainError("BAD_USER_INPUT", t("events.cursorAhead", { cursor }));
  }
  return position;
}
