import { isWorkday } from "chinese-days";
import { RequestCategory } from "../../../entities/community/resident-request";
import { utcOffsetHours } from "../service-schedule-rules";

/**
 * Which days are working days: `CN`, mainland China's official calendar (public holidays off, the weekends
 * worked in their lieu on; Monday to Friday in years not yet announced), or plain `WEEKDAYS`.
 */
export const WORKING_CALENDARS = ["CN", "WEEKDAYS"] as const;
export type WorkingCalendar = (typeof WORKING_CALENDARS)[number];

/** How long a handler has, and in which time zone and calendar its working days are counted. */
export interface RequestTimeLimits {
  /** An IANA time zone; the calendar's days are that zone's days. */
  timeZone: string;
  calendar: WorkingCalendar;
  /** Working days to resolve a request of each category, counted from the day after it is accepted. */
  resolveWorkingDays: Record<RequestCategory, number>;
}

/** Hours the handling organisation has to accept (or reject, or transfer) a request it received. */
export const ACCEPT_WITHIN_HOURS = 24;
/** Days after resolution in which the requester may reopen a request. */
export const REOPEN_WITHIN_DAYS = 7;
/** Hours after escalating to the street that a request still overdue goes on to the district. */
export const ESCALATE_AGAIN_AFTER_HOURS = 72;

/** The default limits: urgent matters first (safety in two working days), advice and care in five, building work in ten. */
export const DEFAULT_REQUEST_TIME_LIMITS: RequestTimeLimits = {
  timeZone: "Asia/Shanghai",
  calendar: "CN",
  resolveWorkingDays: {
    MEDICAL: 3, LEGAL_AID: 5, EMPLOYMENT: 10, ELDER_CARE: 3, DISABILITY_SUPPORT: 3, CHILD_CARE: 5, PSYCHOLOGICAL_SUPPORT: 3, CULTURAL: 10,
    ENVIRONMENT: 5, SAFETY: 2, NEIGHBOURHOOD_DISPUTE: 10, PROPERTY_MANAGEMENT: 5, INFRASTRUCTURE: 10, OTHER: 5,
  },
};

const DAY_MS = 24 * 3_600_000;

/** The calendar date (as a UTC midnight) and weekday of `at` in `timeZone`. */
function localDay(at: Date, timeZone: string): Date {
  const shifted = new Date(at.getTime() + utcOffsetHours(timeZone, at) * 3_600_000);
  return new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate()));
}

/** Whether `day` (a calendar date as a UTC midnight) is a working day in `calendar`. */
function isWorkingDay(day: Date, calendar: WorkingCalendar): boolean {
  if (calendar === "CN") return isWorkday(day.toISOString().slice(0, 10));
  const weekday = day.getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The end of the `days`-th working day after the day of `from`, in the limits' time zone and calendar:
 * accepted on a Friday with 2 days, due at the end of Tuesday, local time (in an ordinary week).
 */
export function resolveDeadline(from: Date, days: number, { timeZone, calendar }: Pick<RequestTimeLimits, "timeZone" | "calendar">): Date {
  let day = localDay(from, timeZone);
  for (let counted = 0; counted < days; ) {
    day = new Date(day.getTime() + DAY_MS);
    if (isWorkingDay(day, calendar)) counted += 1;
  }
  // The local midnight that ends that day, as an instant.
  const end = new Date(day.getTime() + DAY_MS);
  return new Date(end.getTime() - utcOffsetHours(timeZone, end) * 3_600_000);
}

/** Reads `ENVIRONMENT=5,SAFETY=2` over the defaults; throws a message naming what is wrong. */
export function parseResolveDays(value: string | undefined): Record<RequestCategory, number> {
  const days = { ...DEFAULT_REQUEST_TIME_LIMITS.resolveWorkingDays };
  for (const pair of (value ?? "").split(",").map((part) => part.trim()).filter(Boolean)) {
    const [category, count] = pair.split("=").map((part) => part.trim());
    if (!(category in days)) throw new Error(`${category} is not a request category (${Object.keys(days).join(", ")})`);
    if (!/^\d{1,2}$/.test(count ?? "") || Number(count) < 1) throw new Error(`${category}: the working days must be a whole number from 1 to 99, not "${count ?? ""}"`);
    days[category as RequestCategory] = Number(count);
  }
  return days;
}
