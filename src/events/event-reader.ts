import { DataSource, EntityManager, MoreThan } from "typeorm";
import { Event } from "../entities/event";

/** Events after `position`, in order, at most `limit`; positions are final once read (see outbox.ts). */
export function readEvents(db: DataSource | EntityManager, position: string, limit: number): Promise<Event[]> {
  return db.getRepository(Event).find({ where: { position: MoreThan(position) }, order: { position: "ASC" }, take: limit });
}
