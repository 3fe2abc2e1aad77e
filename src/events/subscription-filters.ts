import { Event, EventType } from "../entities/event";
import { URGENCY_LEVEL, Urgency } from "../entities/resource-need";
import { AlertScope, AlertSeverity, SEVERITY_RANK } from "../entities/alert";
import { canSeeAlert, readsProject } from "../auth/read-policy";
import type { Viewer } from "../auth/viewer";
import { WebhookEndpoint, WebhookEventType } from "../entities/webhook-endpoint";
import { areasOverlap } from "../services/area.service";
import { requestEventMatcher } from "../services/community/requests/resident-request-reads";
import { householdVisitEventMatcher } from "../services/community/households/household-reads";
import { committeeEventMatcher } from "../services/mediation/mediation-events";

export interface NeedStreamFilter {
  /** This area and every area below it. */
  areaCode?: string | null;
  categories?: string[] | null;
  urgencyAtLeast?: Urgency | null;
  projectId?: string | null;
}

export interface PledgeStreamFilter {
  projectId?: string | null;
  organizationId?: string | null;
}

/** An event of a DRAFT project reaches only its readers then (events written before they were kept: its lead). */
function visible(event: Event, viewerOrganizations: string[]): boolean {
  const { projectStatus, draftReaders, leadOrganizationId } = event.attributes as { projectStatus?: string; draftReaders?: string[]; leadOrganizationId?: string };
  return projectStatus === undefined || readsProject(projectStatus, draftReaders ?? [leadOrganizationId ?? ""], viewerOrganizations);
}

/** Matched in memory against what the event row carries; no query per subscriber. */
export function needEventMatcher(types: EventType[], filter: NeedStreamFilter, viewerOrganizations: string[]): (event: Event) => boolean {
  const level = filter.urgencyAtLeast ? URGENCY_LEVEL[filter.urgencyAtLeast] : undefined;
  return (event) =>
    types.includes(event.type) &&
    visible(event, viewerOrganizations) &&
    (!filter.areaCode || (event.areaCode ?? "").startsWith(filter.areaCode)) &&
    (!filter.categories?.length || filter.categories.includes(event.attributes.category as string)) &&
    (level === undefined || URGENCY_LEVEL[event.attributes.urgency as Urgency] >= level) &&
    (!filter.projectId || event.projectId === filter.projectId);
}

export function pledgeEventMatcher(filter: PledgeStreamFilter, viewerOrganizations: string[]): (event: Event) => boolean {
  return (event) =>
    event.type === EventType.PLEDGE_CHANGED &&
    visible(event, viewerOrganizations) &&
    (!filter.projectId || event.projectId === filter.projectId) &&
    (!filter.organizationId || event.organizationId === filter.organizationId);
}

/** Invitations to these organisations; the invitee reads its DRAFT project, so `visible` holds once invited. */
export function invitationEventMatcher(organizations: string[]): (event: Event) => boolean {
  return (event) => event.type === EventType.INVITATION_RECEIVED && organizations.includes(event.organizationId ?? "") && visible(event, organizations);
}

export interface ActivityStreamFilter {
  /** This area and every area below it. */
  areaCode?: string | null;
  kinds?: string[] | null;
}

/** Activities published or closed (`types`), of those the viewer reads. */
export function activityEventMatcher(types: EventType[], filter: ActivityStreamFilter, viewerOrganizations: string[]): (event: Event) => boolean {
  return (event) =>
    types.includes(event.type) &&
    visible(event, viewerOrganizations) &&
    (!filter.areaCode || (event.areaCode ?? "").startsWith(filter.areaCode)) &&
    (!filter.kinds?.length || filter.kinds.includes(event.attributes.kind as string));
}

export interface ShiftStreamFilter {
  /** This area and every area below it. */
  areaCode?: string | null;
  activityId?: string | null;
}

/** Shifts filling, waitlists forming and places freeing, of activities the viewer reads. */
export function shiftPlacesEventMatcher(filter: ShiftStreamFilter, viewerOrganizations: string[]): (event: Event) => boolean {
  return (event) =>
    event.type === EventType.SHIFT_PLACES_CHANGED &&
    visible(event, viewerOrganizations) &&
    (!filter.areaCode || (event.areaCode ?? "").startsWith(filter.areaCode)) &&
    (!filter.activityId || event.attributes.activityId === filter.activityId);
}

/** Sign-ups of the viewer's organisations' activities (of one activity, if given): an organiser follows them live. */
export function signUpEventMatcher(activityId: string | null, viewerOrganizations: string[]): (event: Event) => boolean {
  return (event) =>
    event.type === EventType.SIGN_UP_CHANGED &&
    viewerOrganizations.includes(event.organizationId ?? "") &&
    (!activityId || event.attributes.activityId === activityId);
}

export interface ProposalStreamFilter {
  councilId?: string | null;
  proposalId?: string | null;
}

/** Council proposals past DRAFT: public, like the council's decisions, so anyone may follow them. */
export function proposalEventMatcher(filter: ProposalStreamFilter): (event: Event) => boolean {
  return (event) =>
    event.type === EventType.PROPOSAL_CHANGED &&
    (!filter.councilId || event.attributes.councilId === filter.councilId) &&
    (!filter.proposalId || event.entityId === filter.proposalId);
}

export interface AlertStreamFilter {
  areaCode?: string | null;
  severityAtLeast?: AlertSeverity | null;
  categories?: string[] | null;
  statuses?: string[] | null;
}

/** Alerts whose areas overlap the area (contain it or lie within it), of those the viewer may see (read-policy's `canSeeAlert`). */
export function alertEventMatcher(filter: AlertStreamFilter, viewer: Viewer): (event: Event) => boolean {
  const rank = filter.severityAtLeast ? SEVERITY_RANK[filter.severityAtLeast] : undefined;
  return (event) => {
    if (event.type !== EventType.ALERT_ISSUED) return false;
    const { scope, severity, categories, status, areaCodes } = event.attributes as { scope: AlertScope; severity: AlertSeverity; categories: string[]; status: string; areaCodes: string[] };
    const allowed = canSeeAlert(viewer, { scope, issuingOrganizationId: event.organizationId ?? "" });
    return (
      allowed &&
      (!filter.areaCode || areaCodes.some((code) => areasOverlap(code, filter.areaCode!))) &&
      (rank === undefined || SEVERITY_RANK[severity] <= rank) &&
      (!filter.categories?.length || categories.some((category) => filter.categories!.includes(category))) &&
      (!filter.statuses?.length || filter.statuses.includes(status))
    );
  };
}

/** The events an organisation's endpoint is sent: its types and filter, read as the organisation reads. */
export function webhookEventMatcher(endpoint: Pick<WebhookEndpoint, "organizationId" | "eventTypes" | "filter">, verified: boolean): (event: Event) => boolean {
  const organizations = [endpoint.organizationId];
  const { areaCode, categories, urgencyAtLeast, projectId } = endpoint.filter;
  const needFilter = { areaCode, categories, urgencyAtLeast, projectId };
  const matchers = endpoint.eventTypes.map((type) => {
    switch (type) {
      case WebhookEventType.NEED_ANNOUNCED:
        return needEventMatcher([EventType.NEED_POSTED], needFilter, organizations);
      case WebhookEventType.NEED_UPDATED:
        return needEventMatcher([EventType.NEED_UPDATED], needFilter, organizations);
      case WebhookEventType.PLEDGE_CHANGED:
        return pledgeEventMatcher({ projectId }, organizations);
      case WebhookEventType.ALERT_ISSUED:
        return alertEventMatcher({ areaCode }, { kind: "organization", organizationId: endpoint.organizationId, verified: new Set(verified ? [endpoint.organizationId] : []) });
      case WebhookEventType.INVITATION_RECEIVED:
        return invitationEventMatcher(organizations);
      case WebhookEventType.ACTIVITY_PUBLISHED:
        return activityEventMatcher([EventType.ACTIVITY_PUBLISHED], { areaCode }, organizations);
      case WebhookEventType.ACTIVITY_CLOSED:
        return activityEventMatcher([EventType.ACTIVITY_CLOSED], { areaCode }, organizations);
      case WebhookEventType.SHIFT_PLACES_CHANGED:
        return shiftPlacesEventMatcher({ areaCode }, organizations);
      case WebhookEventType.SIGN_UP_CHANGED:
        return signUpEventMatcher(null, organizations);
      case WebhookEventType.PROPOSAL_CHANGED: {
        const inArea = proposalEventMatcher({});
        return (event: Event) => inArea(event) && (!areaCode || (event.areaCode ?? "").startsWith(areaCode));
      }
      case WebhookEventType.REQUEST_CHANGED:
        return requestEventMatcher({}, organizations, null);
      case WebhookEventType.FEEDBACK_RECEIVED:
        return feedbackEventMatcher(null, organizations);
      case WebhookEventType.VISIT_RECORDED:
      case WebhookEventType.VISIT_OVERDUE: {
        const visits = householdVisitEventMatcher({ areaCode }, organizations);
        const wanted = type === WebhookEventType.VISIT_RECORDED ? EventType.HOUSEHOLD_VISIT_RECORDED : EventType.HOUSEHOLD_VISIT_OVERDUE;
        return (event: Event) => event.type === wanted && visits(event);
      }
      case WebhookEventType.MEDIATION_CHANGED:
        return committeeEventMatcher(endpoint.organizationId);
    }
  });
  return (event) => matchers.some((matches) => matches(event));
}

/** Ratings of the viewer's organisations (or of one of them): an event reaches the rated organisation only. */
export function feedbackEventMatcher(organizationId: string | null, viewerOrganizations: readonly string[]): (event: Event) => boolean {
  return (event) =>
    event.type === EventType.FEEDBACK_RECEIVED && viewerOrganizations.includes(event.organizationId ?? "") && (organizationId === null || event.organizationId === organizationId);
}
