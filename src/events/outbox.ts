import { EntityManager } from "typeorm";
import { IS_DRAFT_READER_SQL } from "../auth/read-policy";
import { Event, EventType } from "../entities/event";
import { eventsWritten } from "./event-announcer";
import type { Activity } from "../entities/community/activity";
import type { Council } from "../entities/community/council";
import type { Proposal } from "../entities/community/proposal";
import type { ActivityShift } from "../entities/community/activity-shift";
import type { ShiftSignUp } from "../entities/community/shift-sign-up";
import type { ResidentRequest } from "../entities/community/resident-request";
import type { Feedback } from "../entities/community/feedback";
import type { RequestStepKind } from "../entities/community/resident-request-step";
import type { MediationCase } from "../entities/mediation/mediation-case";
import type { HouseholdVisit } from "../entities/community/household-visit";
import type { KeyHousehold } from "../entities/community/key-household";
import type { Partnership } from "../entities/partnership";
import type { Pledge, PledgeStatus } from "../entities/pledge";
import type { Project } from "../entities/project";
import type { NeedStatus, ResourceNeed } from "../entities/resource-need";

/** The channel on which the instance that wrote events wakes the others' readers, once they committed; the table says everything. */
export const EVENT_CHANNEL = "cogov_events";

export type NewEvent = Pick<Event, "type" | "entityType" | "entityId"> & Partial<Pick<Event, "areaCode" | "projectId" | "organizationId" | "attributes">>;

// Who may see an event depends on its project (a DRAFT shows only to its readers): recorded with it, read by the
// statement that writes the event. `p` is the event's project, or a null row.
const VISIBILITY_SQL = `CASE WHEN p.id IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('projectStatus', p.status, 'leadOrganizationId', p.lead_organization_id)
  || CASE WHEN p.status = 'DRAFT' THEN jsonb_build_object('draftReaders',
       to_jsonb(ARRAY(SELECT organization_id FROM partnership "reader" WHERE "reader"."project_id" = p.id AND ${IS_DRAFT_READER_SQL})::text[]))
     ELSE '{}'::jsonb END END`;

/**
 * An INSERT of the events `rows` yields (ord, type, entity_type, entity_id, area_code, project_id, organization_id,
 * attributes), in `ord` order, each with its project's visibility: a statement, or a data-modifying CTE of a
 * mutation's one locked statement, so the outbox costs no round trip of its own.
 */
export function insertEventsSql(rows: string): string {
  return `INSERT INTO event (type, entity_type, entity_id, area_code, project_id, organization_id, attributes)
    SELECT e.type, e.entity_type, e.entity_id, e.area_code, e.project_id, e.organization_id, e.attributes || ${VISIBILITY_SQL}
    FROM (${rows}) AS e LEFT JOIN project p ON p.id = e.project_id ORDER BY e.ord`;
}

/** `rows` for insertEventsSql from parameter $`parameter`, eventsParameter's JSON; `where` may hold them back. */
export function eventRowsSql(parameter: number, where = "TRUE"): string {
  return `SELECT r.ord, r.type, r.entity_type, r.entity_id, r.area_code, r.project_id, r.organization_id, coalesce(r.attributes, '{}'::jsonb) AS attributes
    FROM jsonb_to_recordset($${parameter}::jsonb) AS r(ord int, type text, entity_type text, entity_id uuid, area_code text, project_id uuid, organization_id uuid, attributes jsonb)
    WHERE ${where}`;
}

/** Events as one JSON parameter for eventRowsSql, numbered from `first` in the order given. */
export function eventsParameter(events: NewEvent[], first = 1): string {
  return JSON.stringify(
    events.map((event, i) => ({
      ord: first + i,
      type: event.type,
      entity_type: event.entityType,
      entity_id: event.entityId,
      area_code: event.areaCode ?? null,
      project_id: event.projectId ?? null,
      organization_id: event.organizationId ?? null,
      attributes: event.attributes ?? {},
    })),
  );
}

/**
 * Writes events in the caller's transaction, in one statement. Writers do not wait for each other: positions are
 * drawn at commit under a shared lock held to its end, and readers stop below the lowest position still so held
 * (event-reader.ts), so no reader that has passed a position will later see a smaller one appear. Readers are
 * woken once it commits (event-announcer.ts).
 */
export async function recordEvents(manager: EntityManager, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await manager.query(insertEventsSql(eventRowsSql(1)), [eventsParameter(events)]);
  eventsWritten(manager);
}

// A need's figures as an event records them (needEvent), as plain JSON numbers.
const needAttributesSql = (n: string) => `jsonb_build_object('category', ${n}.category, 'urgency', ${n}.urgency, 'status', ${n}.status,
  'quantity', ${n}.quantity::float8, 'pledgedQuantity', ${n}.pledged_quantity::float8, 'acceptedQuantity', ${n}.accepted_quantity::float8,
  'deliveredQuantity', ${n}.delivered_quantity::float8, 'remainingQuantity', ${n}.remaining_quantity::float8)`;

/** needEvent's row for insertEventsSql, from the need rows of `n` (a CTE of the statement that moved its figures). */
export function needEventRowSql(type: EventType.NEED_POSTED | EventType.NEED_UPDATED, n: string, ord: number): string {
  return `SELECT ${ord} AS ord, '${type}'::text AS type, 'ResourceNeed'::text AS entity_type, ${n}.id AS entity_id, ${n}.area_code::text AS area_code,
    ${n}.project_id AS project_id, ${n}.posted_by_organization_id AS organization_id, ${needAttributesSql(n)} AS attributes FROM ${n}`;
}

/** What a need's event changed, as it was then: kept with the event, since a replay reads the need as it is now. */
export interface NeedChange {
  status: NeedStatus;
  quantity: number;
  pledgedQuantity: number;
  acceptedQuantity: number;
  deliveredQuantity: number;
  remainingQuantity: number;
  occurredAt: Date;
}

/** What a pledge's event changed, as it was then; `actingOrganizationId` is who made the change. */
export interface PledgeChange {
  status: PledgeStatus;
  quantity: number;
  acceptedQuantity: number | null;
  deliveredQuantity: number;
  provisional: boolean;
  actingOrganizationId: string | null;
  occurredAt: Date;
}

/** A need's event, with what subscribers filter needs on and what it changed. */
export function needEvent(type: EventType.NEED_POSTED | EventType.NEED_UPDATED, need: ResourceNeed): NewEvent {
  return {
    type,
    entityType: "ResourceNeed",
    entityId: need.id,
    areaCode: need.areaCode,
    projectId: need.projectId,
    organizationId: need.postedByOrganizationId,
    attributes: {
      category: need.category,
      urgency: need.urgency,
      status: need.status,
      quantity: need.quantity,
      pledgedQuantity: need.pledgedQuantity,
      acceptedQuantity: need.acceptedQuantity,
      deliveredQuantity: need.deliveredQuantity,
      remainingQuantity: need.remainingQuantity,
    },
  };
}

/** A pledge's event, placed in its need's area and project, with what it changed and who changed it. */
export function pledgeEvent(pledge: Pledge, need: ResourceNeed, actingOrganizationId: string | null): NewEvent {
  return {
    type: EventType.PLEDGE_CHANGED,
    entityType: "Pledge",
    entityId: pledge.id,
    areaCode: need.areaCode,
    projectId: need.projectId,
    organizationId: pledge.organizationId,
    attributes: {
      needId: need.id,
      status: pledge.status,
      quantity: pledge.quantity,
      acceptedQuantity: pledge.acceptedQuantity,
      deliveredQuantity: pledge.deliveredQuantity,
      provisional: pledge.provisional,
      actingOrganizationId,
    },
  };
}

// Events recorded before changes were kept with them have a status but no quantities: they have no change.
const keepsItsChange = (event: Event) => typeof event.attributes.quantity === "number";

/** The change a need's event recorded; null for events recorded before changes were kept. */
export function needChangeOf(event: Event): NeedChange | null {
  if (!keepsItsChange(event)) return null;
  const { status, quantity, pledgedQuantity, acceptedQuantity, deliveredQuantity, remainingQuantity } = event.attributes as Omit<NeedChange, "occurredAt">;
  return { status, quantity, pledgedQuantity, acceptedQuantity, deliveredQuantity, remainingQuantity, occurredAt: event.occurredAt };
}

/** The change a pledge's event recorded; null for events recorded before changes were kept. */
export function pledgeChangeOf(event: Event): PledgeChange | null {
  if (!keepsItsChange(event)) return null;
  const { status, quantity, acceptedQuantity, deliveredQuantity, provisional, actingOrganizationId } = event.attributes as Omit<PledgeChange, "occurredAt">;
  return { status, quantity, acceptedQuantity, deliveredQuantity, provisional, actingOrganizationId: actingOrganizationId ?? null, occurredAt: event.occurredAt };
}

/** An invitation, placed in its project and addressed to the invited organisation. */
export function invitationEvent(partnership: Partnership, project: Project): NewEvent {
  return {
    type: EventType.INVITATION_RECEIVED,
    entityType: "Partnership",
    entityId: partnership.id,
    areaCode: project.areaCode,
    projectId: project.id,
    organizationId: partnership.organizationId,
    attributes: { role: partnership.role },
  };
}

/**
 * An activity opened to sign-ups (PUBLISHED), or closed (COMPLETED, CANCELLED), placed in its area (and project:
 * a DRAFT project's activity reaches its readers only); the status is kept, since a replay reads the activity as it is now.
 */
export function activityStatusEvent(activity: Activity): NewEvent {
  return {
    type: activity.status === "PUBLISHED" ? EventType.ACTIVITY_PUBLISHED : EventType.ACTIVITY_CLOSED,
    entityType: "Activity",
    entityId: activity.id,
    areaCode: activity.areaCode,
    projectId: activity.projectId,
    organizationId: activity.organizationId,
    attributes: { kind: activity.kind, status: activity.status },
  };
}

/** What happened to a shift's places. */
export enum ShiftPlacesChange {
  FILLED = "FILLED",
  WAITLIST_FORMED = "WAITLIST_FORMED",
  PLACE_FREED = "PLACE_FREED",
}

/** A shift's places as a change left them: whoever reads the activity may follow them (counts only, no person). */
export function shiftPlacesEvent(
  change: ShiftPlacesChange,
  places: { shift: ActivityShift; activity: Activity; confirmedCount: number; waitlistCount: number },
): NewEvent {
  const { shift, activity } = places;
  return {
    type: EventType.SHIFT_PLACES_CHANGED,
    entityType: "ActivityShift",
    entityId: shift.id,
    areaCode: activity.areaCode,
    projectId: activity.projectId,
    organizationId: activity.organizationId,
    attributes: { change, activityId: activity.id, kind: activity.kind, capacity: shift.capacity, confirmedCount: places.confirmedCount, waitlistCount: places.waitlistCount },
  };
}

/** A sign-up as the change left it; only the organiser's members and endpoints hear of it. */
export function signUpEvent(signUp: ShiftSignUp, activity: Activity): NewEvent {
  return {
    type: EventType.SIGN_UP_CHANGED,
    entityType: "ShiftSignUp",
    entityId: signUp.id,
    areaCode: activity.areaCode,
    organizationId: activity.organizationId,
    attributes: { activityId: activity.id, shiftId: signUp.shiftId, status: signUp.status },
  };
}

/**
 * A request as a step left it. Who hears of it is decided from what the row carries (subscription-filters.ts):
 * the handling organisation, the supervisor it escalated to, and the requester's person.
 */
export function requestEvent(request: ResidentRequest, step: RequestStepKind): NewEvent {
  return {
    type: EventType.REQUEST_CHANGED,
    entityType: "ResidentRequest",
    entityId: request.id,
    areaCode: request.areaCode,
    organizationId: request.handlingOrganizationId,
    attributes: {
      step,
      status: request.status,
      category: request.category,
      requesterPersonId: request.requesterPersonId,
      escalatedToOrganizationId: request.escalatedToOrganizationId,
      escalationLevel: request.escalationLevel,
    },
  };
}

/** A step in a mediation case, addressed to its committee: ids, the step and the status only, as a case is discreet (auth/mediation-privacy.ts). */
export function mediationCaseEvent(mediationCase: MediationCase, step: string): NewEvent {
  return {
    type: EventType.MEDIATION_CASE_CHANGED,
    entityType: "MediationCase",
    entityId: mediationCase.id,
    organizationId: mediationCase.committeeId,
    attributes: { step, status: mediationCase.status },
  };
}

/**
 * A visit to a key household recorded, or a planned one overdue, addressed to the holding organisation and placed in the
 * household's area: ids, groups and dates only, never the household's code, needs, findings or people.
 */
export function householdVisitEvent(kind: "RECORDED" | "OVERDUE", visit: HouseholdVisit, household: KeyHousehold): NewEvent {
  return {
    type: kind === "RECORDED" ? EventType.HOUSEHOLD_VISIT_RECORDED : EventType.HOUSEHOLD_VISIT_OVERDUE,
    entityType: "HouseholdVisit",
    entityId: visit.id,
    areaCode: household.areaCode,
    organizationId: household.organizationId,
    attributes: { householdId: household.id, groups: household.groups, dueOn: visit.dueOn, requestOpened: visit.requestId !== null },
  };
}

export function projectStatusEvent(project: Project): NewEvent {
  return {
    type: EventType.PROJECT_STATUS_CHANGED,
    entityType: "Project",
    entityId: project.id,
    areaCode: project.areaCode,
    projectId: project.id,
    organizationId: project.leadOrganizationId,
    attributes: { status: project.status },
  };
}

/** What a proposal's event says changed: its status, its debate, or (open votes only) its count. */
export type ProposalChangeKind = "STATUS" | "COMMENT" | "AMENDMENT" | "VOTE";

/** A proposal's change, placed in its council's area; a secret vote's votes are never announced. */
export function proposalEvent(proposal: Proposal, council: Council, change: ProposalChangeKind): NewEvent {
  return {
    type: EventType.PROPOSAL_CHANGED,
    entityType: "Proposal",
    entityId: proposal.id,
    areaCode: council.areaCode,
    organizationId: council.conveningOrganizationId,
    attributes: { councilId: council.id, status: proposal.status, change },
  };
}

/** A rating given or changed, addressed to the rated organisation: what is rated and the stars, never the comment or the rater. */
export function feedbackEvent(feedback: Feedback, changed: boolean): NewEvent {
  return {
    type: EventType.FEEDBACK_RECEIVED,
    entityType: "Feedback",
    entityId: feedback.id,
    areaCode: feedback.areaCode,
    organizationId: feedback.organizationId,
    attributes: { subjectKind: feedback.subjectKind, stars: feedback.stars, changed },
  };
}
