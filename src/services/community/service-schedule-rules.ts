import { EntityManager } from "typeorm";
import { ScheduleFrequency, ServiceSchedule } from "../../entities/community/service-schedule";
import { t } from "../../i18n/text";
import { InputCheck, UserErrorCode } from "../errors";
import { text } from "../input-rules";

export interface ScheduleFields {
  freq?: ScheduleFrequency | null;
  byday?: string[] | null;
  bymonthday?: number[] | null;
  sessionDate?: string | null;
  opensAt?: string | null;
  closesAt?: string | null;
  validFrom?: string | null;
  validTo?: string | null;
  timezone?: string | null;
  description?: string | null;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The characters IANA zone names are made of; anything else is refused before the database is asked. */
const ZONE_NAME = /^[A-Za-z0-9_+\-/]{1,64}$/;
const WEEKDAY = /^(MO|TU|WE|TH|FR|SA|SU)$/;
const MONTHLY_DAY = /^(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/;

/** A calendar date YYYY-MM-DD between 1900 and 2199, or a problem on `field`. */
function dateOf(check: InputCheck, field: string, value: string | null | undefined): string | null | undefined {
  if (value == null) return value;
  const match = DATE.exec(value);
  const date = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (!match || !date || date.toISOString().slice(0, 10) !== value || date.getUTCFullYear() < 1900 || date.getUTCFullYear() > 2199) {
    check.add(field, UserErrorCode.INVALID, t("schedule.date", { field, value: value.slice(0, 40) }));
    return undefined;
  }
  return value;
}

/**
 * Applies schedule fields to `schedule` and checks the whole: freq or a one-off sessionDate; weekdays for
 * WEEKLY, weekdays (with ordinals) or month days for MONTHLY; a session closing later the same day (one past
 * midnight is refused: it is written as two); an IANA time zone PostgreSQL knows.
 */
export async function applySchedule(manager: EntityManager, check: InputCheck, schedule: ServiceSchedule, fields: ScheduleFields, creating: boolean): Promise<void> {
  for (const key of ["opensAt", "closesAt", "timezone"] as const) {
    if (fields[key] === null || (creating && fields[key] === undefined)) check.add(key, UserErrorCode.REQUIRED, t("input.required", { field: key }));
  }
  if (fields.freq !== undefined) schedule.freq = fields.freq;
  if (fields.byday !== undefined) schedule.byday = [...new Set(fields.byday ?? [])];
  if (fields.bymonthday !== undefined) schedule.bymonthday = [...new Set(fields.bymonthday ?? [])];
  const sessionDate = dateOf(check, "sessionDate", fields.sessionDate);
  if (sessionDate !== undefined) schedule.sessionDate = sessionDate;
  for (const key of ["validFrom", "validTo"] as const) {
    const value = dateOf(check, key, fields[key]);
    if (value !== undefined) schedule[key] = value;
  }
  for (const key of ["opensAt", "closesAt"] as const) {
    const value = fields[key];
    if (value == null) continue;
    if (TIME.test(value)) schedule[key] = value;
    else check.add(key, UserErrorCode.INVALID, t("schedule.time", { field: key, value: value.slice(0, 40) }));
  }
  if (fields.description !== undefined) schedule.description = text(check, "description", fields.description, 300, false);
  if (fields.timezone != null) {
    const known = ZONE_NAME.test(fields.timezone) ? await manager.query(`SELECT 1 FROM pg_timezone_names WHERE name = $1`, [fields.timezone]) : [];
    if (known.length === 0 || !intlKnows(fields.timezone)) check.add("timezone", UserErrorCode.INVALID, t("schedule.timezone", { timezone: fields.timezone.slice(0, 64) }));
    else schedule.timezone = fields.timezone;
  }
  checkRecurrence(check, schedule);
  if (!check.has("opensAt") && !check.has("closesAt") && schedule.opensAt && schedule.closesAt && schedule.closesAt <= schedule.opensAt) {
    check.add("closesAt", UserErrorCode.OUT_OF_RANGE, t("schedule.closesBeforeOpens", { opensAt: schedule.opensAt, closesAt: schedule.closesAt }));
  }
  if (!check.has("validFrom") && !check.has("validTo") && schedule.validFrom && schedule.validTo && schedule.validTo < schedule.validFrom) {
    check.add("validTo", UserErrorCode.OUT_OF_RANGE, t("schedule.validRange", { validFrom: schedule.validFrom, validTo: schedule.validTo }));
  }
}

function checkRecurrence(check: InputCheck, schedule: ServiceSchedule): void {
  const { freq, byday, bymonthday, sessionDate } = schedule;
  if ((freq === null) === (sessionDate === null) || (freq === null && byday.length + bymonthday.length > 0)) {
    check.add("freq", UserErrorCode.INVALID, t("schedule.freqOrSession"));
    return;
  }
  if (freq === null) return;
  const monthly = freq === ScheduleFrequency.MONTHLY;
  const wrongDay = byday.find((day) => !(monthly ? MONTHLY_DAY : WEEKDAY).test(day) || /^-?0/.test(day));
  if (wrongDay !== undefined) {
    const hint = monthly ? t("schedule.bydayOrdinalMonthly") : MONTHLY_DAY.test(wrongDay) ? t("schedule.bydayOrdinalWeekly") : "";
    check.add("byday", UserErrorCode.INVALID, t("schedule.byday", { value: wrongDay.slice(0, 10), monthly: hint }));
  }
  const wrongMonthDay = bymonthday.find((day) => !monthly || !Number.isInteger(day) || day === 0 || Math.abs(day) > 31);
  if (wrongMonthDay !== undefined) check.add("bymonthday", UserErrorCode.INVALID, t("schedule.bymonthday", { value: wrongMonthDay }));
  if (byday.length + (monthly ? bymonthday.length : 0) === 0) {
    check.add("byday", UserErrorCode.REQUIRED, t("schedule.noDays", { freq, orMonthDay: monthly ? t("schedule.orMonthDay") : "" }));
  }
}

function intlKnows(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the schedule (alias `alias`) is open at the instant `:openAt`: the instant is read as a local date
 * and time in the schedule's own time zone, then matched against its validity dates, hours and recurrence.
 */
export function openAtCondition(alias: string): string {
  const local = `(CAST(:openAt AS timestamptz) AT TIME ZONE "${alias}"."timezone")`;
  const day = `${local}::date`;
  const column = (name: string) => `"${alias}"."${name}"`;
  return `(
    (${column("valid_from")} IS NULL OR ${column("valid_from")} <= ${day})
    AND (${column("valid_to")} IS NULL OR ${column("valid_to")} >= ${day})
    AND ${local}::time >= ${column("opens_at")} AND ${local}::time < ${column("closes_at")}
    AND CASE ${column("freq")}
      WHEN 'WEEKLY' THEN ${column("byday")} && ARRAY[(cogov_day_names(${day}))[1]]
      WHEN 'MONTHLY' THEN ${column("byday")} && cogov_day_names(${day}) OR ${column("bymonthday")} && cogov_month_days(${day})
      ELSE ${column("session_date")} = ${day}
    END)`;
}

/** The UTC offset of a time zone, in hours, on a date (HSDS schedules carry an offset, not a zone name). */
export function utcOffsetHours(timezone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en", { timeZone: timezone, timeZoneName: "longOffset" }).formatToParts(at);
  const name = parts.find((part) => part.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) + Number(match[3]) / 60);
}
