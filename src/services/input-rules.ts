import { DataSource, EntityManager, QueryFailedError } from "typeorm";
import { Area } from "../entities/area";
import { Organization } from "../entities/organization";
import { InputCheck, UserErrorCode, UserInputError } from "./errors";

/** Trims a text field; blank optional text becomes null. Reports blank required text and text over `limit`. */
export function text(check: InputCheck, key: string, value: string | null | undefined, limit: number, required: boolean): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === "") {
    if (required) check.add(key, UserErrorCode.BLANK, `${key} cannot be blank.`);
    return null;
  }
  const length = [...trimmed].length;
  if (length > limit) check.add(key, UserErrorCode.TOO_LONG, `${key} is ${length} characters long; the limit is ${limit}.`);
  return trimmed;
}

/** Reports required fields that are missing (when creating) or set to null. */
export function requireFields<T extends object>(check: InputCheck, fields: T, keys: (keyof T & string)[], creating: boolean): void {
  for (const key of keys) {
    if (fields[key] === null || (creating && fields[key] === undefined)) check.add(key, UserErrorCode.REQUIRED, `${key} is required.`);
  }
}

interface Located {
  latitude: number | null;
  longitude: number | null;
}

/** Copies valid coordinates onto `target`; both or neither must be set. */
export function applyLocation(check: InputCheck, target: Located, fields: Partial<Located>): void {
  const ranges = { latitude: 90, longitude: 180 } as const;
  for (const key of ["latitude", "longitude"] as const) {
    const value = fields[key];
    if (value === undefined) continue;
    if (value !== null && (!Number.isFinite(value) || Math.abs(value) > ranges[key])) {
      check.add(key, UserErrorCode.OUT_OF_RANGE, `${key} must be from -${ranges[key]} to ${ranges[key]} degrees; it was ${value}.`);
    } else target[key] = value;
  }
  if (!check.has("latitude") && !check.has("longitude") && (target.latitude === null) !== (target.longitude === null)) {
    const missing = target.latitude === null ? "latitude" : "longitude";
    check.add(missing, UserErrorCode.REQUIRED, "Give latitude and longitude together, or clear both.");
  }
}

export const MAX_QUANTITY = 1_000_000_000;

/** A positive quantity with at most two decimals, in hundredths so sums stay exact. */
export function quantityInCents(check: InputCheck, key: string, value: number | null | undefined): number | undefined {
  if (value == null) return undefined;
  const cents = Math.round(value * 100);
  if (!Number.isFinite(value) || value <= 0 || value > MAX_QUANTITY) {
    check.add(key, UserErrorCode.OUT_OF_RANGE, `${key} must be above 0 and at most ${MAX_QUANTITY}; it was ${value}.`);
  } else if (Math.abs(cents - value * 100) > 1e-6) {
    check.add(key, UserErrorCode.INVALID, `${key} may have at most two decimals; it was ${value}.`);
  } else return cents;
  return undefined;
}

export const cents = (value: number): number => Math.round(value * 100);
export const fromCents = (value: number): number => value / 100;

/** The area with `code`, or a NOT_FOUND problem on `key`. */
export async function findArea(manager: EntityManager, check: InputCheck, key: string, code: string): Promise<Area | null> {
  const area = /^[0-9A-Za-z]{1,32}$/.test(code) ? await manager.findOneBy(Area, { code }) : null;
  if (!area) check.add(key, UserErrorCode.NOT_FOUND, `No area has the code "${code}".`);
  return area;
}

/** The organisation a mutation acts for; nothing else can be checked without it. */
export async function actingOrganization(manager: EntityManager, id: string): Promise<Organization> {
  const organization = await manager.findOneBy(Organization, { id });
  if (!organization) {
    throw new UserInputError([{ field: ["input", "actingOrganizationId"], code: UserErrorCode.NOT_FOUND, message: "No organization has the id given as actingOrganizationId." }]);
  }
  return organization;
}

/** A refusal about one input field, as a thrown userError. */
export function refuse(field: string, code: UserErrorCode, message: string): never {
  throw new UserInputError([{ field: ["input", field], code, message }]);
}

/** Runs `work` in one transaction; a unique violation on `constraint` becomes a userError on `field`. */
export async function inTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  unique?: { constraint: string; field: string; message: string },
): Promise<T> {
  try {
    return await dataSource.transaction(work);
  } catch (error) {
    const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
    if (unique && driverError?.code === "23505" && driverError.constraint === unique.constraint) refuse(unique.field, UserErrorCode.TAKEN, unique.message);
    throw error;
  }
}
