import { DataSource, EntityManager } from "typeorm";
import { prepared, runPrepared } from "../db/prepared-statement";
import { Event } from "../entities/event";

/*
 * Reads stop below the settled position: every event there has committed or never will
 * (src/db/migrations/1795870000000-SettledEventPositions.ts). It is asked before the read it bounds,
 * in a statement of its own, so that read's snapshot sees every transaction that had ended by then.
 */

// Asked at every wake-up of every instance: named, so each connection plans them once.
const READ_EVENTS_SQL = prepared(`SELECT position::text, type, entity_type AS "entityType", entity_id AS "entityId", area_code AS "areaCode",
    project_id AS "projectId", organization_id AS "organizationId", attributes, occurred_at AS "occurredAt"
  FROM settled_events($1, $2)`);
const EVENTS_COMMITTED_AFTER_SQL = prepared(`SELECT coalesce((SELECT max(position) FROM event) > $1, false) AS committed`);

/** Settled events after `position`, in order, at most `limit`: once read, nothing can appear before them. Not for REPEATABLE READ transactions. */
export async function readEvents(db: DataSource | EntityManager, position: string, limit: number): Promise<Event[]> {
  const rows = await runPrepared<Event>(db, READ_EVENTS_SQL, [position, limit]);
  return rows.map((row) => Object.assign(new Event(), row));
}

/** The newest settled position: a reader starting there misses nothing that commits from now on. */
export async function latestEventPosition(db: DataSource | EntityManager): Promise<bigint> {
  const [{ below }] = await db.query(`SELECT settled_event_position()::text AS below`);
  const [{ head }] = await db.query(`SELECT coalesce(max(position), 0)::text AS head FROM event WHERE position < $1`, [below]);
  return BigInt(head);
}

/**
 * Whether events past `position` have committed (settled or not yet): while some wait behind an earlier writer, a
 * reader looks again soon. Asked as the highest position, which is one probe of the key's index whatever the
 * planner knows of the table; `EXISTS (… position > $1)` was planned as a full scan on a table not yet analysed.
 */
export async function eventsCommittedAfter(db: DataSource | EntityManager, position: bigint): Promise<boolean> {
  const [{ committed }] = await runPrepared<{ committed: boolean }>(db, EVENTS_COMMITTED_AFTER_SQL, [position.toString()]);
  return committed;
}
