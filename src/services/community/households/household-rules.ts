import { EntityManager } from "typeorm";
import type { HouseholdVisit } from "../../../entities/community/household-visit";
import type { KeyHousehold } from "../../../entities/community/key-household";
import { t } from "../../../i18n/text";
import { MASKED_TEXT } from "../../../auth/household-privacy";
import { snapshot } from "../../audit";
import { InputCheck, UserErrorCode } from "../../errors";

/** Whether `value` is a date as YYYY-MM-DD, one the calendar has. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Today's date (YYYY-MM-DD) in the time zone visits are planned in, by the database's clock. */
export async function localToday(manager: EntityManager, timeZone: string): Promise<string> {
  const [{ today }]: { today: string }[] = await manager.query(`SELECT (now() AT TIME ZONE $1)::date::text AS today`, [timeZone]);
  return today;
}

/** The date the household's next visit is due: its latest visit's date plus its frequency; today when it was never visited. */
export async function nextDueOn(manager: EntityManager, household: Pick<KeyHousehold, "id" | "visitEveryDays">, timeZone: string): Promise<string> {
  const [{ due }]: { due: string }[] = await manager.query(
    `SELECT coalesce((max(visited_at) AT TIME ZONE $2)::date + $3::int, (now() AT TIME ZONE $2)::date)::text AS due FROM household_visit WHERE household_id = $1`,
    [household.id, timeZone, household.visitEveryDays],
  );
  return due;
}

/** Reports the ids that are not persons the organisation holds consent of now (erased ones included). */
export async function heldPeople(manager: EntityManager, check: InputCheck, key: string, organizationId: string, personIds: string[]): Promise<void> {
  if (personIds.length === 0) return;
  const [{ held }]: { held: number }[] = await manager.query(
    `SELECT count(DISTINCT p.id)::int AS held FROM person p JOIN person_consent c ON c.person_id = p.id
     WHERE p.id = ANY($1::uuid[]) AND c.organization_id = $2 AND c.withdrawn_at IS NULL AND p.erased_at IS NULL`,
    [personIds, organizationId],
  );
  if (held !== personIds.length) check.add(key, UserErrorCode.NOT_FOUND, t("household.personNotHeld"));
}

/** A household as the audit log keeps it: never its needs (erasure need not look there). */
export function householdAuditRecord(household: KeyHousehold): Record<string, unknown> {
  const record = snapshot(household)!;
  record.needs = household.needs === null ? null : MASKED_TEXT;
  return record;
}

/** A visit as the audit log keeps it: never what it found or agreed. */
export function visitAuditRecord(visit: HouseholdVisit): Record<string, unknown> {
  const record = snapshot(visit)!;
  for (const field of ["findings", "followUp"] as const) record[field] = visit[field] === null ? null : MASKED_TEXT;
  return record;
}
