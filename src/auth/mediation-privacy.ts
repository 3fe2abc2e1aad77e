import { canAdminister } from "./policy";
import type { Viewer } from "./viewer";

/*
 * Who reads what of a mediation case: the one home of the rule (README "People's mediation";
 * tests/mediation-privacy.test.ts checks it field by reader). People only: API keys and webhooks read no case.
 *
 *   COMMITTEE_ADMIN  an ADMIN or OWNER of the committee handling the case
 *   MEDIATOR         a mediator assigned to the case now (a replaced one no longer reads it)
 *   THIS_PARTY       the party the field is about: the person, or an ADMIN of the organisation
 *   OTHER_PARTY      another party of the same case
 *   OUTSIDER         everyone else, keys and anonymous callers: the case does not exist for them
 *                    (they read anonymised counts in dashboard.mediation and organizationIndicators)
 *
 * What a party may not see: another party's person record (their contact, home area, real name — only
 * the name they go by), the mediators' session notes (caucus notes stay with the mediators), another
 * party's request to replace a mediator, and the mediators' person records (only their names).
 */
export type MediationReader = "COMMITTEE_ADMIN" | "MEDIATOR" | "THIS_PARTY" | "OTHER_PARTY" | "OUTSIDER";

export type MediationField =
  /** Category, summary, area, status, dates, deadlines, decline reason, referral, terms. */
  | "case"
  /** A party's role and the name it goes by; whether it consented, agreed to extend, signed. */
  | "party"
  /** A person party's Person (its fields then follow auth/person-privacy.ts). */
  | "partyPerson"
  /** A mediator's name and assignment dates. */
  | "mediator"
  /** A mediator's Person. */
  | "mediatorPerson"
  /** A replacement request: who asked, why. */
  | "replacementRequest"
  /** Sessions' date, place and attendees. */
  | "session"
  | "sessionNotes";

export const MEDIATION_FIELD_RULES: Record<MediationField, Record<MediationReader, boolean>> = {
  case: { COMMITTEE_ADMIN: true, MEDIATOR: true, THIS_PARTY: true, OTHER_PARTY: true, OUTSIDER: false },
  party: { COMMITTEE_ADMIN: true, MEDIATOR: true, THIS_PARTY: true, OTHER_PARTY: true, OUTSIDER: false },
  partyPerson: { COMMITTEE_ADMIN: true, MEDIATOR: true, THIS_PARTY: true, OTHER_PARTY: false, OUTSIDER: false },
  mediator: { COMMITTEE_ADMIN: true, MEDIATOR: true, THIS_PARTY: true, OTHER_PARTY: true, OUTSIDER: false },
  mediatorPerson: { COMMITTEE_ADMIN: true, MEDIATOR: true, THIS_PARTY: false, OTHER_PARTY: false, OUTSIDER: false },
  replacementRequest: { COMMITTEE_ADMIN: true, MEDIATOR: false, THIS_PARTY: true, OTHER_PARTY: false, OUTSIDER: false },
  session: { COMMITTEE_ADMIN: true, MEDIATOR: true, THIS_PARTY: true, OTHER_PARTY: true, OUTSIDER: false },
  sessionNotes: { COMMITTEE_ADMIN: true, MEDIATOR: true, THIS_PARTY: false, OTHER_PARTY: false, OUTSIDER: false },
};

/** Who is involved in a case, as ids: enough to tell any viewer's reader. */
export interface CaseInvolvement {
  committeeId: string;
  /** Person ids of the mediators assigned now. */
  mediatorPersonIds: readonly string[];
  parties: readonly { id: string; personId: string | null; organizationId: string | null }[];
}

/** The viewer as a person: their account's Person id, if they registered one. */
export interface ViewerPerson {
  viewer: Viewer;
  personId: string | null;
}

/** The parties the viewer answers for: their own person, and organisations they are an ADMIN of. */
export function partiesOf({ viewer, personId }: ViewerPerson, involvement: CaseInvolvement): string[] {
  if (viewer.kind !== "user") return [];
  return involvement.parties
    .filter((party) => (party.personId !== null && party.personId === personId) || (party.organizationId !== null && canAdminister(viewer, party.organizationId)))
    .map((party) => party.id);
}

/** The viewer's strongest standing in the case, for case-wide fields; `aboutPartyId` names the party a party-scoped field is about. */
export function mediationReaderOf(reader: ViewerPerson, involvement: CaseInvolvement, aboutPartyId?: string): MediationReader {
  const { viewer, personId } = reader;
  if (viewer.kind !== "user") return "OUTSIDER";
  if (canAdminister(viewer, involvement.committeeId)) return "COMMITTEE_ADMIN";
  if (personId !== null && involvement.mediatorPersonIds.includes(personId)) return "MEDIATOR";
  const own = partiesOf(reader, involvement);
  if (own.length === 0) return "OUTSIDER";
  return aboutPartyId === undefined || own.includes(aboutPartyId) ? "THIS_PARTY" : "OTHER_PARTY";
}

/** Whether `reader` sees `field` (of the party `aboutPartyId`, for party-scoped fields). */
export function showsMediation(field: MediationField, reader: ViewerPerson, involvement: CaseInvolvement, aboutPartyId?: string): boolean {
  return MEDIATION_FIELD_RULES[field][mediationReaderOf(reader, involvement, aboutPartyId)];
}
