import { execute, parse, type DocumentNode, type GraphQLSchema } from "graphql";
import { EventType, type Event } from "../entities/event";
import { WebhookEventType } from "../entities/webhook-endpoint";

/** The webhook type each stream event goes out as; events not listed are not sent. */
export const WEBHOOK_TYPE_OF_EVENT: Partial<Record<EventType, WebhookEventType>> = {
  [EventType.NEED_POSTED]: WebhookEventType.NEED_ANNOUNCED,
  [EventType.NEED_UPDATED]: WebhookEventType.NEED_UPDATED,
  [EventType.PLEDGE_CHANGED]: WebhookEventType.PLEDGE_CHANGED,
  [EventType.ALERT_ISSUED]: WebhookEventType.ALERT_ISSUED,
  [EventType.INVITATION_RECEIVED]: WebhookEventType.INVITATION_RECEIVED,
  [EventType.ACTIVITY_PUBLISHED]: WebhookEventType.ACTIVITY_PUBLISHED,
  [EventType.SIGN_UP_CHANGED]: WebhookEventType.SIGN_UP_CHANGED,
  [EventType.PROPOSAL_CHANGED]: WebhookEventType.PROPOSAL_CHANGED,
  [EventType.REQUEST_CHANGED]: WebhookEventType.REQUEST_CHANGED,
  [EventType.ACTIVITY_CLOSED]: WebhookEventType.ACTIVITY_CLOSED,
  [EventType.SHIFT_PLACES_CHANGED]: WebhookEventType.SHIFT_PLACES_CHANGED,
  [EventType.FEEDBACK_RECEIVED]: WebhookEventType.FEEDBACK_RECEIVED,
  [EventType.HOUSEHOLD_VISIT_RECORDED]: WebhookEventType.VISIT_RECORDED,
  [EventType.HOUSEHOLD_VISIT_OVERDUE]: WebhookEventType.VISIT_OVERDUE,
  [EventType.MEDIATION_CASE_CHANGED]: WebhookEventType.MEDIATION_CHANGED,
};

const HOUSEHOLD_VISIT = parse(`subscription { householdVisitChanged { cursor kind visit {
  id dueOn visitedAt daysOverdue findings followUp household { id code groups needs visitEveryDays area { code name } organization { id name } }
} } }`);

const NEED = `id title category urgency status quantity unit pledgedQuantity acceptedQuantity deliveredQuantity remainingQuantity neededBy address
  area { code name } project { id title status } postedBy { id name } createdAt updatedAt`;
const NEED_CHANGE = "status quantity pledgedQuantity acceptedQuantity deliveredQuantity remainingQuantity occurredAt";

/** Each type's `data` is what its subscription sends with this selection: one shape for both ways of following. */
const PAYLOADS: Record<WebhookEventType, { name: string; field: string; document: DocumentNode }> = {
  [WebhookEventType.NEED_ANNOUNCED]: { name: "need.announced", field: "needAnnounced", document: parse(`subscription { needAnnounced { cursor kind need { ${NEED} } change { ${NEED_CHANGE} } } }`) },
  [WebhookEventType.NEED_UPDATED]: { name: "need.updated", field: "needUpdated", document: parse(`subscription { needUpdated { cursor kind need { ${NEED} } change { ${NEED_CHANGE} } } }`) },
  [WebhookEventType.PLEDGE_CHANGED]: {
    name: "pledge.changed",
    field: "pledgeChanged",
    document: parse(`subscription { pledgeChanged { cursor pledge {
      id status quantity acceptedQuantity deliveredQuantity provisional note expectedDelivery organization { id name } need { id title unit } createdAt updatedAt
    } change { status quantity acceptedQuantity deliveredQuantity provisional actingOrganization { id name } occurredAt } } }`),
  },
  [WebhookEventType.ALERT_ISSUED]: {
    name: "alert.issued",
    field: "alertIssued",
    document: parse(`subscription { alertIssued { cursor alert {
      id identifier sent status msgType scope categories event urgency severity certainty headline description instruction effective onset expires
      issuer { id name } references { id identifier }
    } } }`),
  },
  [WebhookEventType.ACTIVITY_PUBLISHED]: {
    name: "activity.published",
    field: "activityPublished",
    document: parse(`subscription { activityPublished { cursor activity {
      id kind title description place status area { code name } organizer { id name } project { id title } shifts { id startsAt endsAt capacity requiredSkills confirmedCount waitlistCount } createdAt
    } } }`),
  },
  [WebhookEventType.ACTIVITY_CLOSED]: {
    name: "activity.closed",
    field: "activityClosed",
    document: parse(`subscription { activityClosed { cursor status activity { id kind title status area { code name } organizer { id name } project { id title } } } }`),
  },
  [WebhookEventType.SHIFT_PLACES_CHANGED]: {
    name: "shift.places_changed",
    field: "shiftPlacesChanged",
    document: parse(`subscription { shiftPlacesChanged { cursor change capacity confirmedCount waitlistCount shift {
      id startsAt endsAt capacity confirmedCount waitlistCount activity { id kind title area { code name } organizer { id name } }
    } } }`),
  },
  [WebhookEventType.SIGN_UP_CHANGED]: {
    name: "sign_up.changed",
    field: "signUpChanged",
    document: parse(`subscription { signUpChanged { cursor status signUp { id status person { id label displayName } shift { id startsAt confirmedCount waitlistCount activity { id title } } createdAt } } }`),
  },
  [WebhookEventType.PROPOSAL_CHANGED]: {
    name: "proposal.changed",
    field: "proposalChanged",
    document: parse(`subscription { proposalChanged { cursor change status proposal {
      id title category status secret stageEndsAt decidedAt council { id name } tally { votesFor votesAgainst abstentions present eligible } project { id title status }
    } } }`),
  },
  [WebhookEventType.REQUEST_CHANGED]: {
    name: "request.changed",
    field: "requestChanged",
    document: parse(`subscription { requestChanged { cursor step status request {
      id category description place urgency status overdue acceptBy resolveBy resolvedAt area { code name } handlingOrganization { id name } escalatedTo { id name } createdAt updatedAt
    } } }`),
  },
  [WebhookEventType.FEEDBACK_RECEIVED]: {
    name: "feedback.received",
    field: "feedbackReceived",
    document: parse(`subscription { feedbackReceived { cursor changed feedback {
      id subjectKind stars comment channel sessionDate ratedAt createdAt request { id category } service { id name } activity { id title } organization { id name }
    } } }`),
  },
  [WebhookEventType.VISIT_RECORDED]: { name: "household_visit.recorded", field: "householdVisitChanged", document: HOUSEHOLD_VISIT },
  [WebhookEventType.VISIT_OVERDUE]: { name: "household_visit.overdue", field: "householdVisitChanged", document: HOUSEHOLD_VISIT },
  // Ids, step and status: the case itself resolves for people only, so an endpoint gets nothing of the dispute.
  [WebhookEventType.MEDIATION_CHANGED]: {
    name: "mediation_case.changed",
    field: "mediationCaseChanged",
    document: parse(`subscription { mediationCaseChanged { cursor caseId step status } }`),
  },
  [WebhookEventType.INVITATION_RECEIVED]: {
    name: "invitation.received",
    field: "invitationReceived",
    document: parse(`subscription { invitationReceived { cursor partnership {
      id role status organization { id name } project { id title summary category status startsOn endsOn lead { id name } } createdAt
    } } }`),
  },
};

/** The JSON body of a delivery, as Standard Webhooks lays it out: `type`, `timestamp` and `data`. */
export async function webhookBody(schema: GraphQLSchema, contextValue: unknown, type: WebhookEventType, event: Event): Promise<string> {
  const payload = PAYLOADS[type];
  const result = await execute({ schema, document: payload.document, rootValue: event, contextValue });
  if (result.errors?.length) throw new Error(`the ${payload.name} payload could not be made: ${result.errors[0].message}`, { cause: result.errors[0] });
  return JSON.stringify({ type: payload.name, timestamp: event.occurredAt.toISOString(), data: result.data![payload.field] });
}
