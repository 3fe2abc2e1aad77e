import { EntityManager } from "typeorm";
import { CaseInvolvement, showsMediation } from "../../auth/mediation-privacy";
import type { Viewer } from "../../auth/viewer";
import { Event, EventType } from "../../entities/event";
import { MediationCase } from "../../entities/mediation/mediation-case";
import { mediationCaseEvent, recordEvents } from "../../events/outbox";

/** Who may read the case when the event was written, as ids: the event reaches them and nobody else. */
interface EventReaders {
  /** For a party's own step (a replacement request), the party: the step then reaches whom that field does. */
  aboutPartyId?: string;
  mediatorPersonIds: string[];
  parties: { id: string; personId: string | null; organizationId: string | null }[];
}

/**
 * Records a step of the case with, beside its status, the ids of those involved at that moment (its parties and the
 * mediators assigned now), read in the step's transaction: a subscriber's match then needs no query, and a mediator
 * replaced later does not hear of the case's later steps. Ids only, never a name or the dispute's content.
 */
export async function announceCase(manager: EntityManager, mediationCase: MediationCase, step: string, aboutPartyId?: string): Promise<void> {
  const parties: EventReaders["parties"] = await manager.query(
    `SELECT id, person_id AS "personId", organization_id AS "organizationId" FROM mediation_party WHERE case_id = $1 ORDER BY created_at, id`,
    [mediationCase.id],
  );
  const mediators: { id: string }[] = await manager.query(`SELECT mediator_person_id AS id FROM mediation_assignment WHERE case_id = $1 AND ended_at IS NULL`, [mediationCase.id]);
  const event = mediationCaseEvent(mediationCase, step);
  const readers: EventReaders = { mediatorPersonIds: mediators.map((row) => row.id), parties, ...(aboutPartyId ? { aboutPartyId } : {}) };
  await recordEvents(manager, [{ ...event, attributes: { ...event.attributes, ...readers } }]);
}

// The one party step another party and the mediators do not see.
const PARTY_STEP_FIELD = "replacementRequest";

/** Whether the event's case is one `viewer` read when it happened, by the table in auth/mediation-privacy.ts; optionally one case only. */
export function mediationEventMatcher(viewer: Viewer, personId: string | null, caseId: string | null): (event: Event) => boolean {
  return (event) => {
    if (event.type !== EventType.MEDIATION_CASE_CHANGED || (caseId !== null && event.entityId !== caseId)) return false;
    const { mediatorPersonIds, parties, aboutPartyId } = event.attributes as Partial<EventReaders>;
    const involvement: CaseInvolvement = { committeeId: event.organizationId ?? "", mediatorPersonIds: mediatorPersonIds ?? [], parties: parties ?? [] };
    return aboutPartyId ? showsMediation(PARTY_STEP_FIELD, { viewer, personId }, involvement, aboutPartyId) : showsMediation("case", { viewer, personId }, involvement);
  };
}

/** A committee's own webhook endpoints hear of its cases' steps: ids, step and status only. */
export function committeeEventMatcher(committeeId: string): (event: Event) => boolean {
  return (event) => event.type === EventType.MEDIATION_CASE_CHANGED && event.organizationId === committeeId;
}
