import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Activity, ActivityKind, ActivityStatus } from "../entities/community/activity";
import { ActivityShift } from "../entities/community/activity-shift";
import { ShiftPlacesChange } from "../events/outbox";
import { ShiftSignUp, SignUpStatus } from "../entities/community/shift-sign-up";
import { NeedCategory, NeedStatus, ResourceNeed, Urgency } from "../entities/resource-need";
import { Partnership } from "../entities/partnership";
import { Pledge, PledgeStatus } from "../entities/pledge";
import { AlertCategory, AlertSeverity, AlertStatus } from "../entities/alert";
import { DomainError } from "../services/errors";
import { t } from "../i18n/text";

export enum NeedEventKind {
  POSTED = "POSTED",
  UPDATED = "UPDATED",
}
registerEnumType(NeedEventKind, {
  name: "NeedEventKind",
  description: "What happened to a need.",
  valuesConfig: {
    POSTED: { description: "The need was posted." },
    UPDATED: { description: "The need changed: its fields, figures or status." },
  },
});

@ObjectType("NeedChange", { simpleResolvers: true, description: "A need's figures and status as one event left them." })
export class NeedChange {
  @Field(() => NeedStatus, { description: "The need's status." })
  status: NeedStatus;

  @Field(() => Float, { description: "How much was needed." })
  quantity: number;

  @Field(() => Float, { description: "Offered, accepted and delivered pledges together." })
  pledgedQuantity: number;

  @Field(() => Float, { description: "What accepted pledges committed." })
  acceptedQuantity: number;

  @Field(() => Float, { description: "What had been delivered." })
  deliveredQuantity: number;

  @Field(() => Float, { description: "What could still be accepted." })
  remainingQuantity: number;

  @Field(() => Date, { description: "When the change was made." })
  occurredAt: Date;
}

@ObjectType("PledgeChange", { simpleResolvers: true, description: "A pledge as one event left it, and who changed it." })
export class PledgeChange {
  @Field(() => PledgeStatus, { description: "The pledge's status." })
  status: PledgeStatus;

  @Field(() => Float, { description: "What the organisation offered." })
  quantity: number;

  @Field(() => Float, { nullable: true, description: "What the project accepted; null until accepted, and after a decline or withdrawal." })
  acceptedQuantity: number | null;

  @Field(() => Float, { description: "What had been delivered on the pledge." })
  deliveredQuantity: number;

  @Field(() => Boolean, { description: "Whether the acceptance was provisional (EDXL-RM)." })
  provisional: boolean;

  /** Resolved to `actingOrganization` by its loader. */
  actingOrganizationId: string | null;

  @Field(() => Date, { description: "When the change was made." })
  occurredAt: Date;
}

@ObjectType("NeedEvent", { simpleResolvers: true, description: "A need as it is now, and what this event changed, at its place in the event stream." })
export class NeedEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => NeedEventKind, { description: "Whether the need was posted or changed." })
  kind: NeedEventKind;

  @Field(() => ResourceNeed, { nullable: true, description: "null when it is no longer visible to you." })
  need: ResourceNeed | null;

  @Field(() => NeedChange, { nullable: true, description: "What this event changed, as it was at that moment, also when replayed (`need` is the need as it is now). null for events recorded before events kept their change." })
  change: NeedChange | null;
}

@ObjectType("PledgeEvent", { simpleResolvers: true, description: "A pledge as it is now, and what this event changed, at its place in the event stream." })
export class PledgeEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => Pledge, { nullable: true, description: "The pledge as it is now; null when it is no longer visible to you." })
  pledge: Pledge | null;

  @Field(() => PledgeChange, { nullable: true, description: "What this event changed, as it was at that moment, also when replayed (`pledge` is the pledge as it is now). null for events recorded before events kept their change." })
  change: PledgeChange | null;
}

@InputType("NeedSubscriptionFilter", { description: "Which needs `needAnnounced` and `needUpdated` send." })
export class NeedSubscriptionFilter {
  @Field(() => String, { nullable: true, description: "Needs in this area or any area below it." })
  areaCode?: string | null;

  @Field(() => [NeedCategory], { nullable: true, description: "Only needs in these categories; any when omitted." })
  categories?: NeedCategory[] | null;

  @Field(() => Urgency, { nullable: true, description: "This urgency or a more urgent one." })
  urgencyAtLeast?: Urgency | null;

  @Field(() => ID, { nullable: true, description: "Only needs of this project (its global ID)." })
  projectId?: string | null;
}

@InputType("PledgeSubscriptionFilter", { description: "Which pledges' changes `pledgeChanged` sends." })
export class PledgeSubscriptionFilter {
  @Field(() => ID, { nullable: true, description: "Only pledges to needs of this project (its global ID)." })
  projectId?: string | null;

  @Field(() => ID, { nullable: true, description: "Pledges made by this organisation." })
  organizationId?: string | null;
}

@ObjectType("InvitationEvent", { simpleResolvers: true, description: "An organisation invited to a project, at its place in the event stream." })
export class InvitationEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => Partnership, { nullable: true, description: "The invitation as it is now (accepted, declined...); null when it is no longer visible to you." })
  partnership: Partnership | null;
}

@InputType("InvitationSubscriptionFilter", { description: "Which invitations `invitationReceived` sends." })
export class InvitationSubscriptionFilter {
  @Field(() => ID, { nullable: true, description: "Invitations to this organisation, which you must belong to; without it, to any of yours." })
  organizationId?: string | null;
}

@ObjectType("ActivityEvent", { simpleResolvers: true, description: "An activity opened to sign-ups, or closed (completed or cancelled), at its place in the event stream." })
export class ActivityEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => ActivityStatus, { description: "The status this event left the activity in, also when replayed." })
  status: ActivityStatus;

  @Field(() => Activity, { nullable: true, description: "The activity as it is now; null when it is no longer visible to you." })
  activity: Activity | null;
}

@InputType("ActivitySubscriptionFilter", { description: "Which activities' events `activityPublished` and `activityClosed` send." })
export class ActivitySubscriptionFilter {
  @Field(() => String, { nullable: true, description: "Activities in this area or any area below it." })
  areaCode?: string | null;

  @Field(() => [ActivityKind], { nullable: true, description: "Only activities of these kinds; any when omitted." })
  kinds?: ActivityKind[] | null;
}

registerEnumType(ShiftPlacesChange, {
  name: "ShiftPlacesChange",
  description: "What happened to a shift's places.",
  valuesConfig: {
    FILLED: { description: "The last place was taken: the next to sign up waits in line." },
    WAITLIST_FORMED: { description: "The first person joined the waitlist of a full shift." },
    PLACE_FREED: { description: "A full shift has a place again (nobody waited for it)." },
  },
});

@ObjectType("ShiftPlacesEvent", { simpleResolvers: true, description: "A shift filled, its waitlist formed, or a full shift freed a place, at its place in the event stream. Counts only: nobody's name." })
export class ShiftPlacesEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => ShiftPlacesChange, { description: "What happened to the shift's places." })
  change: ShiftPlacesChange;

  @Field(() => Int, { description: "The shift's places when the change happened." })
  capacity: number;

  @Field(() => Int, { description: "Confirmed sign-ups the change left, also when replayed." })
  confirmedCount: number;

  @Field(() => Int, { description: "People waiting the change left, also when replayed." })
  waitlistCount: number;

  @Field(() => ActivityShift, { nullable: true, description: "The shift as it is now; null when it is no longer visible to you." })
  shift: ActivityShift | null;
}

@InputType("ShiftSubscriptionFilter", { description: "Which shifts `shiftPlacesChanged` follows." })
export class ShiftSubscriptionFilter {
  @Field(() => String, { nullable: true, description: "Shifts of activities in this area or any area below it." })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Shifts of this activity." })
  activityId?: string | null;
}

@ObjectType("SignUpEvent", { simpleResolvers: true, description: "A sign-up made, waitlisted, promoted or cancelled, at its place in the event stream." })
export class SignUpEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => SignUpStatus, { description: "The status this event left the sign-up in, also when replayed." })
  status: SignUpStatus;

  @Field(() => ShiftSignUp, { nullable: true, description: "The sign-up as it is now." })
  signUp: ShiftSignUp | null;
}

@InputType("SignUpSubscriptionFilter", { description: "Which sign-ups' changes `signUpChanged` sends." })
export class SignUpSubscriptionFilter {
  @Field(() => ID, { nullable: true, description: "Sign-ups of this activity; without it, of every activity your organisations hold." })
  activityId?: string | null;
}

@InputType("AlertSubscriptionFilter", { description: "Which alerts `alertIssued` sends." })
export class AlertSubscriptionFilter {
  @Field(() => String, { nullable: true, description: "Alerts whose areas overlap this area: contain it or lie within it." })
  areaCode?: string | null;

  @Field(() => AlertSeverity, { nullable: true, description: "This severity or a graver one." })
  severityAtLeast?: AlertSeverity | null;

  @Field(() => [AlertCategory], { nullable: true, description: "Only alerts with one of these categories; any when omitted." })
  categories?: AlertCategory[] | null;

  @Field(() => [AlertStatus], { nullable: true, description: "Only alerts with these statuses; any when omitted." })
  statuses?: AlertStatus[] | null;
}

/** Event cursors: opaque, base64url of "Event:<position>". */
export function eventCursor(position: string): string {
  return Buffer.from(`Event:${position}`, "utf8").toString("base64url");
}

export function positionOfCursor(cursor: string): bigint {
  const match = /^Event:(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new DomainError("BAD_USER_INPUT", t("events.notACursor", { cursor }));
  return BigInt(match[1]);
}
