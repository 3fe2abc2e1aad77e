import { randomInt } from "node:crypto";
import { EntityManager } from "typeorm";
import { AreaLevel } from "../../entities/area";
import { Person, Skill } from "../../entities/community/person";
import { Organization } from "../../entities/organization";
import { t } from "../../i18n/text";
import { InputCheck, UserErrorCode } from "../errors";
import { findArea, requireFields, text } from "../input-rules";

/** Values a caller sets on a profile; `undefined` leaves a field as it is, `null` clears it. */
export interface ProfileFields {
  displayName?: string | null;
  realName?: string | null;
  phone?: string | null;
  homeAreaCode?: string | null;
  skills?: Skill[] | null;
  languages?: string[] | null;
  isPartyMember?: boolean | null;
  partyRegistration?: PartyRegistrationFields | null;
  about?: string | null;
  /** Whether the person agreed to be shown by name, with hours and stars, on leaderboards and to everyone. */
  publicRecognition?: boolean | null;
}

export interface PartyRegistrationFields {
  /** The employer organisation's key. */
  employerOrganizationId: string;
  reportingAreaCode: string;
}

const LIMITS = { displayName: 50, realName: 100, about: 500, languages: 10 };
// Mainland mobile numbers, the kind volunteers are reached on: 11 digits from 13x to 19x; +86 and separators allowed.
const MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;
const LANGUAGE_TAG = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/;
// Crockford-style letters and digits, without ones that are read alike (0/O, 1/I/L).
const LABEL_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A new pseudonym, 志願者-XXXXXX; the label's unique constraint catches the rare repeat. */
export function newLabel(): string {
  return `志願者-${Array.from({ length: 6 }, () => LABEL_ALPHABET[randomInt(LABEL_ALPHABET.length)]).join("")}`;
}

/** Checks `fields` and copies the valid ones onto `person`; every mistake is added to `check`. */
export async function applyProfile(manager: EntityManager, check: InputCheck, person: Person, fields: ProfileFields, creating: boolean): Promise<void> {
  requireFields(check, fields, ["displayName"], creating);
  requireFields(check, fields, ["skills", "languages", "isPartyMember", "publicRecognition"], false);
  for (const key of ["displayName", "realName", "about"] as const) {
    if (fields[key] !== undefined) person[key] = text(check, key, fields[key], LIMITS[key], key === "displayName");
  }
  if (fields.phone !== undefined) person.phone = phoneOf(check, fields.phone);
  if (fields.homeAreaCode !== undefined) {
    person.homeAreaCode = fields.homeAreaCode === null ? null : ((await findArea(manager, check, "homeAreaCode", fields.homeAreaCode))?.code ?? null);
  }
  if (fields.skills != null) person.skills = [...new Set(fields.skills)];
  if (fields.languages != null) person.languages = languagesOf(check, fields.languages);
  if (fields.isPartyMember != null) person.isPartyMember = fields.isPartyMember;
  if (fields.publicRecognition != null) person.publicRecognition = fields.publicRecognition;
  if (fields.partyRegistration !== undefined) await applyPartyRegistration(manager, check, person, fields.partyRegistration);
  // Registration is for Party members only; ceasing to be one clears it.
  if (fields.isPartyMember === false && fields.partyRegistration === undefined) {
    person.partyEmployerOrganizationId = null;
    person.partyReportingAreaCode = null;
  }
  if (!person.isPartyMember && person.partyEmployerOrganizationId !== null && !check.has("partyRegistration")) {
    check.add("partyRegistration", UserErrorCode.INVALID, t("person.registrationNeedsPartyMember"));
  }
}

function phoneOf(check: InputCheck, value: string | null): string | null {
  if (value === null || value.trim() === "") return null;
  const digits = MOBILE.exec(value.replace(/[\s-]/g, ""))?.[1];
  if (!digits) check.add("phone", UserErrorCode.INVALID, t("person.phoneInvalid"));
  return digits ?? null;
}

/** BCP 47 tags, each once, at most ten; a mistake is reported on `languages`. */
export function languagesOf(check: InputCheck, tags: string[]): string[] {
  const languages = [...new Set(tags.map((tag) => tag.trim()))];
  const wrong = languages.find((tag) => !LANGUAGE_TAG.test(tag));
  if (wrong !== undefined) check.add("languages", UserErrorCode.INVALID, t("person.languageInvalid", { tag: wrong.slice(0, 40) }));
  else if (languages.length > LIMITS.languages) check.add("languages", UserErrorCode.OUT_OF_RANGE, t("person.tooManyLanguages", { max: LIMITS.languages }));
  return languages;
}

/** The employer must be a registered organisation and the reporting area a community. */
async function applyPartyRegistration(manager: EntityManager, check: InputCheck, person: Person, registration: PartyRegistrationFields | null): Promise<void> {
  if (registration === null) {
    person.partyEmployerOrganizationId = null;
    person.partyReportingAreaCode = null;
    return;
  }
  const employer = await manager.findOneBy(Organization, { id: registration.employerOrganizationId });
  if (!employer) check.add("partyRegistration", UserErrorCode.NOT_FOUND, t("person.employerNotFound"));
  const area = await findArea(manager, check, "partyRegistration", registration.reportingAreaCode);
  if (area && area.level !== AreaLevel.COMMUNITY) check.add("partyRegistration", UserErrorCode.INVALID, t("person.reportToCommunity", { code: area.code }));
  person.partyEmployerOrganizationId = registration.employerOrganizationId;
  person.partyReportingAreaCode = registration.reportingAreaCode;
}

/** What the audit log keeps of a person: never a personal value, only which personal fields hold one. */
export function auditRecord(person: Person): Record<string, unknown> {
  const personal = (["displayName", "realName", "phone", "homeAreaCode", "about", "partyEmployerOrganizationId"] as const).filter((key) => person[key] !== null);
  return {
    id: person.id,
    label: person.label,
    skills: person.skills,
    languages: person.languages,
    publicRecognition: person.publicRecognition,
    userId: person.userId,
    registeredByOrganizationId: person.registeredByOrganizationId,
    erasedAt: person.erasedAt,
    personalFieldsHeld: personal,
  };
}
