import { Column, Entity, PrimaryColumn } from "typeorm";

export enum EventType {
  NEED_POSTED = "NEED_POSTED",
  NEED_UPDATED = "NEED_UPDATED",
  PLEDGE_CHANGED = "PLEDGE_CHANGED",
  PROJECT_STATUS_CHANGED = "PROJECT_STATUS_CHANGED",
  /** An alert message: a new alert, an update or a cancel. */
  ALERT_ISSUED = "ALERT_ISSUED",
  /** An organisation is invited to a project; its `organizationId` is the invitee. */
  INVITATION_RECEIVED = "INVITATION_RECEIVED",
  /** An activity opens to sign-ups; its `organizationId` is the organiser. */
  ACTIVITY_PUBLISHED = "ACTIVITY_PUBLISHED",
  /** A sign-up is made, waitlisted, promoted or cancelled; its `organizationId` is the organiser, who alone hears of it. */
  SIGN_UP_CHANGED = "SIGN_UP_CHANGED",
  /** A council proposal past DRAFT moves, is debated, amended or (an open vote) voted on; its `organizationId` is the convener. */
  PROPOSAL_CHANGED = "PROPOSAL_CHANGED",
  /** A resident's request is filed, moves, escalates or is linked; its `organizationId` is the handling organisation. */
  REQUEST_CHANGED = "REQUEST_CHANGED",
  /** A published activity is completed or cancelled; its `organizationId` is the organiser. */
  ACTIVITY_CLOSED = "ACTIVITY_CLOSED",
  /** A shift fills, its waitlist forms, or a full shift frees a place; placed in its activity's area and project. */
  SHIFT_PLACES_CHANGED = "SHIFT_PLACES_CHANGED",
  /** A step in a mediation case; it carries only ids (of the committee, the parties and the mediators), the step and the status: nothing of the dispute. */
  MEDIATION_CASE_CHANGED = "MEDIATION_CASE_CHANGED",
  /** A resident rates (or rates again) a request, a service session or an activity; its `organizationId` is the rated organisation. */
  FEEDBACK_RECEIVED = "FEEDBACK_RECEIVED",
  /** A visit to a key household is recorded; its `organizationId` is the holding organisation. Ids, area and groups only: no needs, findings or people. */
  HOUSEHOLD_VISIT_RECORDED = "HOUSEHOLD_VISIT_RECORDED",
  /** A planned visit to a key household passed its due date unmade (announced once by the sweep); as discreet as HOUSEHOLD_VISIT_RECORDED. */
  HOUSEHOLD_VISIT_OVERDUE = "HOUSEHOLD_VISIT_OVERDUE",
}

/** One change anyone may follow, at its place in the stream. */
@Entity("event")
export class Event {
  /** Drawn at commit, under the transaction's shared lock (negative until then, see the migration); bigint, kept as a string: positions may pass 2^53. */
  @PrimaryColumn({ type: "bigint", default: () => "-nextval('event_pending_position_seq')" })
  position: string;

  @Column({ type: "varchar", length: 32 })
  type: EventType;

  @Column({ name: "entity_type", type: "varchar", length: 32 })
  entityType: string;

  @Column({ name: "entity_id", type: "uuid" })
  entityId: string;

  /** What subscribers filter on, copied so filters match without loading the object. */
  @Column({ name: "area_code", type: "varchar", length: 32, nullable: true })
  areaCode: string | null;

  @Column({ name: "project_id", type: "uuid", nullable: true })
  projectId: string | null;

  @Column({ name: "organization_id", type: "uuid", nullable: true })
  organizationId: string | null;

  @Column({ type: "jsonb", default: {} })
  attributes: Record<string, unknown>;

  @Column({ name: "occurred_at", type: "timestamptz", precision: 3, default: () => "now()" })
  occurredAt: Date;
}
