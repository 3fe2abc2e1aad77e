import { t, Text } from "../i18n/text";
import { DomainError } from "../services/errors";

/** Calendar dates, or times with their offset (a time without one would be read in the server's own zone). */
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

/**
 * The query string of an export, read strictly: every mistake is a BAD_USER_INPUT error that names the
 * parameter, so a caller never gets a file filtered differently from what it asked for.
 */
export class ExportParameters {
  private readonly values = new Map<string, string>();

  constructor(query: Record<string, unknown>, allowed: readonly string[]) {
    for (const [name, value] of Object.entries(query)) {
      if (!allowed.includes(name)) throw badInput(t("export.unknownParameter", { name, allowed: allowed.join(", ") }));
      // The query parser gives an array for a repeated name.
      if (typeof value !== "string") throw badInput(t("export.repeatedParameter", { name }));
      this.values.set(name, value);
    }
  }

  text(name: string): string | undefined {
    return this.values.get(name);
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw badInput(t("input.required", { field: name }));
    return value;
  }

  /** One of `allowed`. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : allowedValue(name, value, allowed);
  }

  /** `hxl=1` asks for the HXL hashtag row; `hxl=0`, or no hxl, for none. */
  hxl(): boolean {
    return this.oneOf("hxl", ["0", "1"]) === "1";
  }

  /** Comma-separated values, each one of `allowed`. */
  list<T extends string>(name: string, allowed: readonly T[]): T[] | undefined {
    return this.values.get(name)?.split(",").map((value) => allowedValue(name, value.trim(), allowed));
  }

  time(name: string): Date | undefined {
    const value = this.values.get(name);
    return value === undefined ? undefined : parseTime(name, value);
  }

  requiredTime(name: string): Date {
    return parseTime(name, this.required(name));
  }
}

/** `from` before `to` when both are given, and at most `maxDays` apart when there is a limit. */
export function checkInterval(from: Date | undefined, to: Date | undefined, maxDays?: number): void {
  if (!from || !to) return;
  if (from >= to) throw badInput(t("export.fromNotBeforeTo", { from: from.toISOString(), to: to.toISOString() }));
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  if (maxDays !== undefined && days > maxDays) throw badInput(t("export.spanTooLong", { days: Math.round(days * 10) / 10, max: maxDays }));
}

function allowedValue<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw badInput(t("export.notAllowedValue", { name, value, allowed: allowed.join(", ") }));
  return value as T;
}

function parseTime(name: string, value: string): Date {
  const match = ISO_TIME.exec(value);
  const time = new Date(value);
  if (!match || Number.isNaN(time.getTime()) || !realCalendarTime(match)) throw badInput(t("export.notATime", { name, value }));
  return time;
}

/** Date parsing rolls 2026-02-30 over into March; a real date reads back the same, and clocks stop at 23:59. */
function realCalendarTime([, year, month, day, hour = "0", minute = "0", second = "0", offsetHours = "0", offsetMinutes = "0"]: RegExpExecArray): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const sameDay = date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
  return sameDay && Number(hour) < 24 && Number(minute) < 60 && Number(second) < 60 && Number(offsetHours) < 24 && Number(offsetMinutes) < 60;
}

function badInput(text: Text): DomainError {
  return new DomainError("BAD_USER_INPUT", text);
}
