import { DataSource, MoreThan } from "typeorm";
import { Event } from "../entities/event";

/** Events after `position`, in order, at most `limit`; positions are final once read (see outbox.ts). */
export function readEvents(dataSource: DataSource, position: string, limit: number): Promise<Event[]> {
  return dataSource.getRepository(Event).find({ where: { position: MoreThan(position) }, order: { position: "ASC" }, take: limit });
}
