import { EntityManager } from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity";
import { Event, EventType } from "../entities/event";
import type { Pledge } from "../entities/pledge";
import type { Project } from "../entities/project";
import type { ResourceNeed } from "../entities/resource-need";

/** The channel NOTIFY wakes readers on; the payload says nothing, the table says everything. */
export const EVENT_CHANNEL = "cogov_events";

// One lock for all writers of events: taken just before the insert and held until commit.
const POSITION_LOCK = 7_041_993;

export type NewEvent = Pick<Event, "type" | "entityType" | "entityId"> & Partial<Pick<Event, "areaCode" | "projectId" | "organizationId" | "attributes">>;

/**
 * Writes events in the caller's transaction. Positions come from the sequence while the lock is
 * held, and the lock lasts until the transaction ends, so events commit in position order: no
 * reader that has passed a position will later see a smaller one appear.
 */
export async function recordEvents(manager: EntityManager, events: NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  // Who may see an event depends on its project (a DRAFT shows only to its lead): recorded with it.
  const projectIds = [...new Set(events.map((event) => event.projectId).filter((id): id is string => !!id))];
  const projects: { id: string; status: string; lead: string }[] = projectIds.length
    ? await manager.query(`SELECT id, status, lead_organization_id AS lead FROM project WHERE id = ANY($1)`, [projectIds])
    : [];
  const byId = new Map(projects.map((project) => [project.id, project]));
  await manager.query("SELECT pg_advisory_xact_lock($1)", [POSITION_LOCK]);
  await manager.insert(
    Event,
    // TypeORM's partial-entity type cannot follow a jsonb column typed as a record.
    events.map((event) => {
      const project = event.projectId ? byId.get(event.projectId) : undefined;
      const visibility = project ? { projectStatus: project.status, leadOrganizationId: project.lead } : {};
      return { areaCode: null, projectId: null, organizationId: null, ...event, attributes: { ...event.attributes, ...visibility } };
    }) as QueryDeepPartialEntity<Event>[],
  );
  await manager.query("SELECT pg_notify($1, '')", [EVENT_CHANNEL]);
}

/** A need's event, with what subscribers filter needs on. */
export function needEvent(type: EventType.NEED_POSTED | EventType.NEED_UPDATED, need: ResourceNeed): NewEvent {
  return {
    type,
    entityType: "ResourceNeed",
    entityId: need.id,
    areaCode: need.areaCode,
    projectId: need.projectId,
    organizationId: need.postedByOrganizationId,
    attributes: { category: need.category, urgency: need.urgency, status: need.status },
  };
}

/** A pledge's event, placed in its need's area and project. */
export function pledgeEvent(pledge: Pledge, need: ResourceNeed): NewEvent {
  return {
    type: EventType.PLEDGE_CHANGED,
    entityType: "Pledge",
    entityId: pledge.id,
    areaCode: need.areaCode,
    projectId: need.projectId,
    organizationId: pledge.organizationId,
    attributes: { needId: need.id, status: pledge.status },
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
