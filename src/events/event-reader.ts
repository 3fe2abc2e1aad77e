import { DataSource, EntityManager } from "typeorm";
import { Event } from "../entities/event";

/**
 * The position below which the stream is settled: every event there has committed or never will
 * (src/db/migrations/1795870000000-SettledEventPositions.ts). Asked in a statement of its own, before
 * the read it bounds, so that read's snapshot sees every transaction that had ended by then.
 */
async function settledBelow(db: DataSource | EntityManager): Promise<string> {
  const [{ below }] = await db.query(`SELECT settled_event_position()::text AS below`);
  return below;
}

/** Settled events after `position`, in order, at most `limit`: once read, nothing can appear before them. Not for REPEATABLE READ transactions. */
export async function readEvents(db: DataSource | EntityManager, position: string, limit: number): Promise<Event[]> {
  const below = await settledBelow(db);
  return db
    .getRepository(Event)
    .createQueryBuilder("event")
    .where("event.position > :position AND event.position < :below", { position, below })
    .orderBy("event.position", "ASC")
    .limit(limit)
    .getMany();
}

/** The newest settled position: a reader starting there misses nothing that commits from now on. */
export async function latestEventPosition(db: DataSource | EntityManager): Promise<bigint> {
  const below = await settledBelow(db);
  const [{ head }] = await db.query(`SELECT coalesce(max(position), 0)::text AS head FROM event WHERE position < $1`, [below]);
  return BigInt(head);
}

/** Whether events past `position` have committed (settled or not yet): while some wait behind an earlier writer, a reader looks again soon. */
export async function eventsCommittedAfter(db: DataSource | EntityManager, position: bigint): Promise<boolean> {
  const [{ committed }] = await db.query(`SELECT EXISTS (SELECT 1 FROM event WHERE position > $1) AS committed`, [position.toString()]);
  return committed;
}
