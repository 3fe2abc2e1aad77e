import { DataSource, EntityManager, QueryFailedError } from "typeorm";
import { Area } from "../entities/area";
import { Organization } from "../entities/organization";
import { currentRequestScope } from "../db/request-scope";
import { t, Text } from "../i18n/text";
import { DomainError, FieldProblem, InputCheck, UserErrorCode, UserInputError } from "./errors";
import { IDEMPOTENCY_KEY_TAKEN, recordIdempotencyKey } from "./idempotency";

/**
 * Characters XML 1.0 cannot hold (§2.2: C0 controls but tab, newline and return; lone surrogates; U+FFFE,
 * U+FFFF). Text is published as XML (CAP documents, the Atom feed), where one of them breaks the whole feed.
 */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/u;

/** Reports text holding a character XML cannot carry, naming it (U+0001) since it is often invisible. */
function xmlCharacters(check: InputCheck, key: string, value: string): void {
  const found = NOT_XML_CHARACTER.exec(value)?.[0];
  if (found === undefined) return;
  const character = `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  check.add(key, UserErrorCode.INVALID, t("input.notXmlCharacter", { field: key, character }));
}

/**
 * Trims a text field; blank optional text becomes null. Reports blank required text, text over `limit`,
 * and characters XML cannot carry.
 */
export function text(check: InputCheck, key: string, value: string | null | undefined, limit: number, required: boolean): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  if (trimmed === "") {
    if (required) check.add(key, UserErrorCode.BLANK, t("input.blank", { field: key }));
    return null;
  }
  const length = [...trimmed].length;
  if (length > limit) check.add(key, UserErrorCode.TOO_LONG, t("input.tooLong", { field: key, length, limit }));
  xmlCharacters(check, key, trimmed);
  return trimmed;
}

/** Reports required fields that are missing (when creating) or set to null. */
export function requireFields<T extends object>(check: InputCheck, fields: T, keys: (keyof T & string)[], creating: boolean): void {
  for (const key of keys) {
    if (fields[key] === null || (creating && fields[key] === undefined)) check.add(key, UserErrorCode.REQUIRED, t("input.required", { field: key }));
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
      check.add(key, UserErrorCode.OUT_OF_RANGE, t("input.degreesOutOfRange", { field: key, limit: ranges[key], value }));
    } else target[key] = value;
  }
  if (!check.has("latitude") && !check.has("longitude") && (target.latitude === null) !== (target.longitude === null)) {
    const missing = target.latitude === null ? "latitude" : "longitude";
    check.add(missing, UserErrorCode.REQUIRED, t("input.coordinatesTogether"));
  }
}

export const MAX_QUANTITY = 1_000_000_000;

/** A positive quantity with at most two decimals, in hundredths so sums stay exact. */
export function quantityInCents(check: InputCheck, key: string, value: number | null | undefined): number | undefined {
  if (value == null) return undefined;
  const cents = Math.round(value * 100);
  if (!Number.isFinite(value) || value <= 0 || value > MAX_QUANTITY) {
    check.add(key, UserErrorCode.OUT_OF_RANGE, t("input.quantityOutOfRange", { field: key, max: MAX_QUANTITY, value }));
  } else if (Math.abs(cents - value * 100) > 1e-6) {
    check.add(key, UserErrorCode.INVALID, t("input.tooManyDecimals", { field: key, value }));
  } else return cents;
  return undefined;
}

export const cents = (value: number): number => Math.round(value * 100);
export const fromCents = (value: number): number => value / 100;

/** The area with `code`, or a NOT_FOUND problem on `key`. */
export async function findArea(manager: EntityManager, check: InputCheck, key: string, code: string): Promise<Area | null> {
  const area = /^[0-9A-Za-z]{1,32}$/.test(code) ? await manager.findOneBy(Area, { code }) : null;
  if (!area) check.add(key, UserErrorCode.NOT_FOUND, t("area.unknownCode", { code }));
  return area;
}

/** The organisation a mutation acts for; nothing else can be checked without it. */
export async function actingOrganization(manager: EntityManager, id: string): Promise<Organization> {
  const organization = await manager.findOneBy(Organization, { id });
  if (!organization) refuse("actingOrganizationId", UserErrorCode.NOT_FOUND, t("organization.actingNotFound"));
  return organization;
}

/** A refusal about one input field, as a thrown userError. */
export function refuse(field: string, code: UserErrorCode, text: Text): never {
  throw new UserInputError([new FieldProblem(field, code, text)]);
}

// SQLSTATE 40P01 (deadlock) and 40001 (serialization failure): PostgreSQL rolled the transaction back
// for meeting another one, such as two owners demoting each other; run again, it usually passes.
const RETRIED_SQLSTATE = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;
// A change that met another one between its checks and its write: rare, as only a change of what was checked counts.
const ATTEMPTS_AFTER_CHANGES = 5;

/**
 * Thrown by a write that checked what it read without a lock and found it changed by the time it took the
 * lock (a guarded UPDATE that updated nothing): the transaction runs again, its checks reading afresh.
 */
export class ChangedMeanwhile extends Error {
  constructor() {
    super("What the checks read changed before the write; the transaction runs again.");
  }
}

/** What the database function changed_meanwhile() raises: ChangedMeanwhile, found by the statement itself. */
const CHANGED_MEANWHILE_SQLSTATE = "ZCM01";

const LOCKS_BEFORE_CHECKS = "cogov.locksBeforeChecks";

/**
 * Whether this run of a transaction locks what it checks before checking: the last run after
 * ChangedMeanwhile does, so that a need busy with concurrent changes still takes this one.
 */
export function locksBeforeChecks(manager: EntityManager): boolean {
  return manager.queryRunner?.data[LOCKS_BEFORE_CHECKS] === true;
}

/** A unique constraint whose violation is the caller's mistake: a userError on `field`. */
export interface UniqueRule {
  constraint: string;
  field: string;
  text: Text;
}

/**
 * Runs `work` in one transaction, with the request's idempotency key if it sent a new one; a unique
 * violation on a rule's `constraint` becomes a userError on its `field`. A transaction PostgreSQL rolled back for
 * a deadlock runs again, twice at most, then answers a retryable CONFLICT; one that found what it checked
 * changed (ChangedMeanwhile) runs again, the last of five times locking before its checks (locksBeforeChecks).
 */
export function inTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, unique?: UniqueRule | UniqueRule[]): Promise<T> {
  return runChange(dataSource, work, unique, false);
}

/**
 * As inTransaction, for `work` that reads without locks and then writes in one statement, which checks again
 * what was read: that statement is then its own transaction, sparing the BEGIN and COMMIT round trips. It runs in
 * a transaction when the request's idempotency key must be recorded with it, and on the run that locks first.
 */
export function inOneStatement<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, unique?: UniqueRule | UniqueRule[]): Promise<T> {
  return runChange(dataSource, work, unique, true);
}

async function runChange<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, unique: UniqueRule | UniqueRule[] | undefined, oneStatement: boolean): Promise<T> {
  const uniques = unique === undefined ? [] : Array.isArray(unique) ? unique : [unique];
  for (let attempt = 1; ; attempt++) {
    const claim = currentRequestScope()?.idempotency;
    const recorded = claim?.recorded;
    try {
      if (oneStatement && (!claim || claim.recorded) && attempt < ATTEMPTS_AFTER_CHANGES) return await work(dataSource.manager);
      return await dataSource.transaction(async (manager) => {
        if (attempt === ATTEMPTS_AFTER_CHANGES) manager.queryRunner!.data[LOCKS_BEFORE_CHECKS] = true;
        const result = await work(manager);
        await recordIdempotencyKey(manager, result);
        return result;
      });
    } catch (error) {
      // The key's row went with the rolled-back transaction.
      if (claim) claim.recorded = recorded!;
      const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
      const changedMeanwhile = error instanceof ChangedMeanwhile || driverError?.code === CHANGED_MEANWHILE_SQLSTATE;
      if (changedMeanwhile && attempt < ATTEMPTS_AFTER_CHANGES) continue;
      if (RETRIED_SQLSTATE.has(driverError?.code ?? "") || changedMeanwhile) {
        if (attempt < ATTEMPTS) continue;
        throw new DomainError("CONFLICT", t("request.concurrentChange"), { retryAfterSeconds: 1 });
      }
      const taken = driverError?.code === "23505" ? uniques.find((rule) => rule.constraint === driverError.constraint) : undefined;
      if (taken) refuse(taken.field, UserErrorCode.TAKEN, taken.text);
      if (driverError?.code === "23505" && driverError.constraint === IDEMPOTENCY_KEY_TAKEN) throw new DomainError("CONFLICT", t("idempotency.inProgress"));
      throw error;
    }
  }
}
