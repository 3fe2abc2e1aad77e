import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../schema/node";
import { NeedCategory, Urgency } from "./resource-need";

/** What an endpoint can be sent: the subscriptions' events, under Standard Webhooks type names. */
export enum WebhookEventType {
  NEED_ANNOUNCED = "NEED_ANNOUNCED",
  NEED_UPDATED = "NEED_UPDATED",
  PLEDGE_CHANGED = "PLEDGE_CHANGED",
  ALERT_ISSUED = "ALERT_ISSUED",
  INVITATION_RECEIVED = "INVITATION_RECEIVED",
  ACTIVITY_PUBLISHED = "ACTIVITY_PUBLISHED",
  SIGN_UP_CHANGED = "SIGN_UP_CHANGED",
  PROPOSAL_CHANGED = "PROPOSAL_CHANGED",
  REQUEST_CHANGED = "REQUEST_CHANGED",
  ACTIVITY_CLOSED = "ACTIVITY_CLOSED",
  SHIFT_PLACES_CHANGED = "SHIFT_PLACES_CHANGED",
  FEEDBACK_RECEIVED = "FEEDBACK_RECEIVED",
  // Stored in varchar(20): shorter than their events' names (HOUSEHOLD_VISIT_…, MEDIATION_CASE_…).
  VISIT_RECORDED = "VISIT_RECORDED",
  VISIT_OVERDUE = "VISIT_OVERDUE",
  MEDIATION_CHANGED = "MEDIATION_CHANGED",
}
registerEnumType(WebhookEventType, {
  name: "WebhookEventType",
  description: "A kind of event a webhook endpoint can be sent.",
  valuesConfig: {
    NEED_ANNOUNCED: { description: "A need is posted (`need.announced`), as the needAnnounced subscription." },
    NEED_UPDATED: { description: "A need changes (`need.updated`), as the needUpdated subscription." },
    PLEDGE_CHANGED: { description: "A pledge is made or changes (`pledge.changed`), as the pledgeChanged subscription." },
    ALERT_ISSUED: { description: "An alert message is issued, updated or cancelled (`alert.issued`), as the alertIssued subscription." },
    INVITATION_RECEIVED: { description: "The endpoint's organisation is invited to a project (`invitation.received`), as the invitationReceived subscription." },
    ACTIVITY_PUBLISHED: { description: "An activity opens to sign-ups (`activity.published`), as the activityPublished subscription; filtered by `areaCode`." },
    SIGN_UP_CHANGED: { description: "A sign-up to one of the endpoint's organisation's activities changes (`sign_up.changed`), as the signUpChanged subscription." },
    PROPOSAL_CHANGED: { description: "A council proposal moves, is debated or amended, or an open vote changes (`proposal.changed`), as the proposalChanged subscription; filtered by `areaCode`." },
    REQUEST_CHANGED: { description: "A resident's request the endpoint's organisation handles (or was escalated to) is filed, moves, escalates or is linked (`request.changed`), as the requestChanged subscription; never with the requester's identity." },
    ACTIVITY_CLOSED: { description: "A published activity is completed or cancelled (`activity.closed`), as the activityClosed subscription; filtered by `areaCode`." },
    FEEDBACK_RECEIVED: {
      description: "A resident rates (or rates again) the endpoint's organisation: a request it handled, a session of its service, an activity it organised (`feedback.received`), as the feedbackReceived subscription; never with the comment or the rater.",
    },
    VISIT_RECORDED: {
      description: "A visit to a key household the endpoint's organisation keeps is recorded (`household_visit.recorded`), as the householdVisitChanged subscription; filtered by `areaCode`. Needs and findings show as \"***\", people not at all.",
    },
    VISIT_OVERDUE: { description: "A planned visit to a key household the endpoint's organisation keeps passed its due date (`household_visit.overdue`), as VISIT_RECORDED." },
    SHIFT_PLACES_CHANGED: {
      description: "A shift fills, its waitlist forms, or a full shift frees a place (`shift.places_changed`), as the shiftPlacesChanged subscription; filtered by `areaCode`.",
    },
    MEDIATION_CHANGED: {
      description: "A step in a case of the endpoint's organisation, a mediation committee (`mediation_case.changed`): the case's id, the step and the status only, never the parties or the dispute.",
    },
  },
});

/** Which events of the chosen types an endpoint gets; stored as given, ids as database keys. */
@ObjectType("WebhookFilter", { simpleResolvers: true, description: "Needs must match all that is set; pledges only `projectId`; alerts only `areaCode`." })
export class WebhookFilter {
  @Field(() => String, { nullable: true, description: "Needs in this area and every area below it; alerts whose areas overlap it (contain it or lie within it)." })
  areaCode?: string | null;

  @Field(() => [NeedCategory], { nullable: true, description: "Only needs in these categories; any when null." })
  categories?: NeedCategory[] | null;

  @Field(() => Urgency, { nullable: true, description: "Only needs at least this urgent; any when null." })
  urgencyAtLeast?: Urgency | null;

  /** The project's key; shown as a global ID by the resolver. */
  projectId?: string | null;
}

@Entity("webhook_endpoint")
@ObjectType("WebhookEndpoint", { implements: Node, simpleResolvers: true, description: "Where an organisation has events sent: signed HTTP POSTs, retried until they succeed or run out of attempts." })
export class WebhookEndpoint {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => String, { description: "Where events are POSTed." })
  @Column({ type: "varchar", length: 2000 })
  url: string;

  @Field(() => String, { nullable: true, description: "What the endpoint is for, in the admin's words; null when not given." })
  @Column({ type: "varchar", length: 200, nullable: true })
  description: string | null;

  @Field(() => [WebhookEventType], { description: "The kinds of events sent to it." })
  @Column({ name: "event_types", type: "varchar", length: 20, array: true })
  eventTypes: WebhookEventType[];

  @Field(() => WebhookFilter, { description: "Which events of those kinds are sent (by area, need category, urgency or project)." })
  @Column({ type: "jsonb", default: {} })
  filter: WebhookFilter;

  /** The HMAC key (`whsec_` and base64), sealed by a SecretBox (auth/secret-box.ts): shown in clear only when the endpoint is created or its secret rotated. */
  @Column({ type: "varchar", length: 200 })
  secret: string;

  /** The sealed secret a rotation replaced: deliveries are signed with it as well until `previousSecretExpiresAt`. */
  @Column({ name: "previous_secret", type: "varchar", length: 200, nullable: true })
  previousSecret: string | null;

  @Field(() => Date, { nullable: true, description: "After rotateWebhookSecret: until when deliveries carry a signature with the previous secret as well; null when none is kept." })
  @Column({ name: "previous_secret_expires_at", type: "timestamptz", precision: 3, nullable: true })
  previousSecretExpiresAt: Date | null;

  @Field(() => Boolean, { description: "Inactive endpoints are sent nothing; events in the meantime are skipped." })
  @Column({ type: "boolean", default: true })
  active: boolean;

  /** The last event matched for this endpoint (bigint as a string). */
  @Column({ type: "bigint" })
  position: string;

  @Column({ name: "created_by_user_id", type: "uuid", nullable: true })
  createdByUserId: string | null;

  @Field(() => Date, { description: "When the endpoint was registered (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: "When the endpoint last changed (UTC, ISO 8601)." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
