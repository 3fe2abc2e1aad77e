import type { Person } from "../entities/community/person";
import { canAdminister } from "./policy";
import { organizationsOf } from "./read-policy";
import type { Viewer } from "./viewer";

/*
 * Who reads which of a person's fields: the one home of the rule (README "Who reads a person's data";
 * tests/person-privacy.test.ts checks it field by reader, over HTTP and on a WebSocket).
 *
 * Public (whoever may name the person): label, displayName, skills, languages, erasedAt.
 * Personal, by reader:
 *   SELF          the person, signed in to the account linked to them
 *   HOLDER_ADMIN  an ADMIN or OWNER of an organisation holding the person's consent
 *   HOLDER        any other member, API key or webhook of such an organisation
 *   SIGNED_IN     any other signed-in person, API key or webhook
 *   ANONYMOUS     no credentials; also every reader of a Person resolved by federation reference
 *
 * Council seats, votes and debate comments show their Person through this table too: seating someone needs
 * their consent to the convener, so the convener's admins read a member's real name and phone, and the public
 * reads the display name.
 */
export type PersonReader = "SELF" | "HOLDER_ADMIN" | "HOLDER" | "SIGNED_IN" | "ANONYMOUS";

/**
 * `full` as stored; `masked` a part of it (phone 138****5678, home area its community); `hidden` null;
 * `public` in full when the person agreed to public recognition (`publicRecognition`), else hidden.
 */
export type Shown = "full" | "masked" | "public" | "hidden";

export type PersonalField =
  | "realName" | "phone" | "homeArea" | "about" | "isPartyMember" | "partyRegistration" | "consents" | "teams"
  | "recognition" | "publicRecognition" | "volunteerRecord";

export const PERSON_FIELD_RULES: Record<PersonalField, Record<PersonReader, Shown>> = {
  // Names and numbers that identify someone outside Cogov: only those the person gave them to.
  realName: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "hidden", SIGNED_IN: "hidden", ANONYMOUS: "hidden" },
  phone: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "masked", SIGNED_IN: "masked", ANONYMOUS: "hidden" },
  // Where someone lives: the grid to those holding the data, the community (thousands of homes) to others who sign in.
  homeArea: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "full", SIGNED_IN: "masked", ANONYMOUS: "hidden" },
  about: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "full", SIGNED_IN: "hidden", ANONYMOUS: "hidden" },
  // Political affiliation and employer: the organisations the person works with, no one else.
  isPartyMember: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "full", SIGNED_IN: "hidden", ANONYMOUS: "hidden" },
  partyRegistration: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "full", SIGNED_IN: "hidden", ANONYMOUS: "hidden" },
  // Consents and teams: all to the person; `masked` is those of the reader's own organisations.
  consents: { SELF: "full", HOLDER_ADMIN: "masked", HOLDER: "hidden", SIGNED_IN: "hidden", ANONYMOUS: "hidden" },
  teams: { SELF: "full", HOLDER_ADMIN: "masked", HOLDER: "masked", SIGNED_IN: "masked", ANONYMOUS: "hidden" },
  // Cumulative verified hours and stars: to the organisations the person serves with; to everyone once they agreed.
  recognition: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "full", SIGNED_IN: "public", ANONYMOUS: "public" },
  publicRecognition: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "hidden", SIGNED_IN: "hidden", ANONYMOUS: "hidden" },
  // The service record (every activity, date and verifier): a certificate's content, for the person and those who certify it.
  volunteerRecord: { SELF: "full", HOLDER_ADMIN: "full", HOLDER: "hidden", SIGNED_IN: "hidden", ANONYMOUS: "hidden" },
};

const BY_REFERENCE = Symbol("resolved by federation reference");

/** The person as another subgraph gets it by reference: only its public fields show, whoever asks. */
export function byReference(person: Person): Person {
  return Object.assign(Object.create(Object.getPrototypeOf(person) as object) as Person, person, { [BY_REFERENCE]: true });
}

/** Which reader the viewer is for a person, given the organisations holding the person's consent now. */
export function personReaderOf(viewer: Viewer, person: Person, holders: readonly string[]): PersonReader {
  if (viewer.kind === "anonymous" || (person as Person & { [BY_REFERENCE]?: true })[BY_REFERENCE]) return "ANONYMOUS";
  if (viewer.kind === "user" && person.userId !== null && viewer.user.id === person.userId) return "SELF";
  if (holders.some((id) => canAdminister(viewer, id))) return "HOLDER_ADMIN";
  if (organizationsOf(viewer).some((id) => holders.includes(id))) return "HOLDER";
  return "SIGNED_IN";
}

/** How the reader sees `field` of `person`: `public` settled by the person's own choice. */
export function shown(field: PersonalField, reader: PersonReader, person?: Pick<Person, "publicRecognition">): Exclude<Shown, "public"> {
  const rule = PERSON_FIELD_RULES[field][reader];
  if (rule !== "public") return rule;
  return person?.publicRecognition ? "full" : "hidden";
}

/**
 * The reader kind of each row of a statement, computed in SQL by personReaderOf's rule (less federation, which
 * never reads rows): `person` is the alias of the person table; parameters `$n` hold the viewer's user id, the
 * organisations they administer, and the organisations they read for. Exports mask with it, row by row.
 */
export function personReaderSql(person: string, [user, administered, member]: [number, number, number]): string {
  const holds = (organizations: number) =>
    `EXISTS (SELECT 1 FROM person_consent held WHERE held.person_id = ${person}.id AND held.withdrawn_at IS NULL AND held.organization_id = ANY($${organizations}::uuid[]))`;
  return `CASE WHEN ${person}.user_id IS NOT NULL AND ${person}.user_id = $${user}::uuid THEN 'SELF'
    WHEN ${holds(administered)} THEN 'HOLDER_ADMIN' WHEN ${holds(member)} THEN 'HOLDER' ELSE 'SIGNED_IN' END`;
}

/** The parameters personReaderSql reads, for a signed-in viewer. */
export function personReaderParameters(viewer: Viewer): [string | null, string[], string[]] {
  const organizations = organizationsOf(viewer);
  return [viewer.kind === "user" ? viewer.user.id : null, organizations.filter((id) => canAdminister(viewer, id)), organizations];
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

/** Codes of areas down to the community level: a grid's code is its community's and three more digits. */
export const COMMUNITY_CODE_LENGTH = 12;
