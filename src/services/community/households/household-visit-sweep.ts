import { DataSource, In } from "typeorm";
import { HouseholdVisit } from "../../../entities/community/household-visit";
import { KeyHousehold } from "../../../entities/community/key-household";
import { householdVisitEvent, recordEvents } from "../../../events/outbox";

const BATCH = 100;

/**
 * Announces each planned visit that passed its due date unmade, once (HOUSEHOLD_VISIT_OVERDUE). The overdue lists do
 * not depend on it: they compare due dates in SQL. Rows are taken FOR UPDATE SKIP LOCKED, so two instances never
 * announce one visit twice.
 */
export async function sweepOverdueVisits(dataSource: DataSource, timeZone: string): Promise<number> {
  let announced = 0;
  for (;;) {
    const batch = await dataSource.transaction(async (manager) => {
      const due = await manager
        .createQueryBuilder(HouseholdVisit, "visit")
        .where(`"visit"."visited_at" IS NULL AND "visit"."overdue_announced_at" IS NULL AND "visit"."due_on" < (now() AT TIME ZONE :timeZone)::date`, { timeZone })
        .orderBy(`"visit"."id"`)
        .limit(BATCH)
        .setLock("pessimistic_write")
        .setOnLocked("skip_locked")
        .getMany();
      if (due.length === 0) return 0;
      await manager.query(`UPDATE household_visit SET overdue_announced_at = now() WHERE id = ANY($1::uuid[])`, [due.map((visit) => visit.id)]);
      const households = new Map((await manager.findBy(KeyHousehold, { id: In([...new Set(due.map((visit) => visit.householdId))]) })).map((row) => [row.id, row]));
      await recordEvents(manager, due.map((visit) => householdVisitEvent("OVERDUE", visit, households.get(visit.householdId)!)));
      return due.length;
    });
    announced += batch;
    if (batch < BATCH) return announced;
  }
}
