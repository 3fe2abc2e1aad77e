import type { KeyHousehold } from "../entities/community/key-household";
import type { Organization } from "../entities/organization";
import { canAdminister } from "./policy";
import { organizationsOf } from "./read-policy";
import type { Viewer } from "./viewer";
import { AUTHORITY_KINDS } from "./vouching";

/*
 * Who reads what of a key household and its visits: the one home of the rule (README "Household visits";
 * tests/household-privacy.test.ts checks it field by reader over HTTP). A household is a code and an area: no name
 * leaves the holding organisation, and people are linked only as Persons, whose own fields follow person-privacy.ts.
 *
 *   HOLDER_ADMIN   an ADMIN or OWNER of the organisation keeping the household on its register
 *   HOLDER_MEMBER  any other member of it (the grid workers and volunteers who visit)
 *   HOLDER_KEY     an API key or webhook of it: software reads no one's needs or findings
 *   SUPERVISOR     members and keys of a Party or government organisation whose area holds the household's
 *   OTHER          anyone else signed in, and every other organisation's key
 *   ANONYMOUS      no credentials
 */
export type HouseholdReader = "HOLDER_ADMIN" | "HOLDER_MEMBER" | "HOLDER_KEY" | "SUPERVISOR" | "OTHER" | "ANONYMOUS";

/** `full` as stored; `masked` "***" in place of the text (there is some, not what); `hidden` null or empty. */
export type HouseholdShown = "full" | "masked" | "hidden";

export type HouseholdField =
  /** The household at all: code, area, groups, visit frequency, holding organisation; its visits' dates. */
  | "household"
  /** What the household needs, in words. */
  | "needs"
  /** The Persons living in it. */
  | "members"
  /** What a visit found and the follow-up agreed. */
  | "findings"
  /** The Persons who made a visit. */
  | "visitors";

export const HOUSEHOLD_FIELD_RULES: Record<HouseholdField, Record<HouseholdReader, HouseholdShown>> = {
  household: { HOLDER_ADMIN: "full", HOLDER_MEMBER: "full", HOLDER_KEY: "full", SUPERVISOR: "full", OTHER: "hidden", ANONYMOUS: "hidden" },
  // Supervisors see that needs are recorded (to follow up an overdue visit), not what they are.
  needs: { HOLDER_ADMIN: "full", HOLDER_MEMBER: "full", HOLDER_KEY: "masked", SUPERVISOR: "masked", OTHER: "hidden", ANONYMOUS: "hidden" },
  members: { HOLDER_ADMIN: "full", HOLDER_MEMBER: "full", HOLDER_KEY: "hidden", SUPERVISOR: "hidden", OTHER: "hidden", ANONYMOUS: "hidden" },
  findings: { HOLDER_ADMIN: "full", HOLDER_MEMBER: "full", HOLDER_KEY: "masked", SUPERVISOR: "hidden", OTHER: "hidden", ANONYMOUS: "hidden" },
  visitors: { HOLDER_ADMIN: "full", HOLDER_MEMBER: "full", HOLDER_KEY: "hidden", SUPERVISOR: "hidden", OTHER: "hidden", ANONYMOUS: "hidden" },
};

export const MASKED_TEXT = "***";

/** Which reader the viewer is for a household, given the organisations it reads for (with their kinds and areas). */
export function householdReaderOf(
  viewer: Viewer,
  household: Pick<KeyHousehold, "organizationId" | "areaCode">,
  viewerOrganizations: readonly Pick<Organization, "id" | "kind" | "areaCode">[],
): HouseholdReader {
  if (viewer.kind === "anonymous") return "ANONYMOUS";
  if (organizationsOf(viewer).includes(household.organizationId)) {
    if (viewer.kind !== "user") return "HOLDER_KEY";
    return canAdminister(viewer, household.organizationId) ? "HOLDER_ADMIN" : "HOLDER_MEMBER";
  }
  if (supervisesHousehold(household, viewerOrganizations)) return "SUPERVISOR";
  return "OTHER";
}

/** The Party and government organisations over the household's area. */
export function supervisesHousehold(household: Pick<KeyHousehold, "areaCode">, organizations: readonly Pick<Organization, "kind" | "areaCode">[]): boolean {
  return organizations.some((organization) => AUTHORITY_KINDS.includes(organization.kind) && household.areaCode.startsWith(organization.areaCode));
}

/** A text field as the reader sees it. */
export function shownText(field: HouseholdField, reader: HouseholdReader, value: string | null): string | null {
  const rule = HOUSEHOLD_FIELD_RULES[field][reader];
  if (rule === "full" || value === null) return rule === "hidden" ? null : value;
  return rule === "masked" ? MASKED_TEXT : null;
}

/** Whether the reader sees the field at all (lists of Persons: shown in full or not at all). */
export function showsHousehold(field: HouseholdField, reader: HouseholdReader): boolean {
  return HOUSEHOLD_FIELD_RULES[field][reader] !== "hidden";
}
