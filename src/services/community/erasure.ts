import { EntityManager, IsNull } from "typeorm";
import type { Actor } from "../../auth/viewer";
import { Person } from "../../entities/community/person";
import { PersonConsent } from "../../entities/community/person-consent";
import { ResidentRequest } from "../../entities/community/resident-request";
import { TeamMembership } from "../../entities/community/team-membership";
import { User } from "../../entities/user";
import { audit } from "../audit";
import { forgetInMediation } from "../mediation/mediation-erasure";
import { forgetInHouseholds } from "./households/household-erasure";
import { auditRecord } from "./person-profile";

/** What an account is called once the person it belonged to asked to be forgotten. */
export const ERASED_ACCOUNT_NAME = "Cogov 用戶";

/** Why a person was erased, as the audit log says it. */
export type ErasureReason = "consentWithdrawn" | "erasureRequested";

/**
 * Anonymises a person in the caller's transaction: the row keeps its id and label (and what later refers to it
 * keeps its sums), every personal value goes, from the person's row and from wherever a copy of it sits — the
 * linked account's name and that account's audit entries, the contact values on their requests, their ratings' comments, kept idempotent answers — and the link to the account
 * is cut, so the label leads back to no one. Consents stay as withdrawn; team memberships end; in mediation cases the
 * person stays a party under the label, and their names leave the cases' texts; they leave key households, and their
 * names leave those households' needs and visit findings.
 */
export async function erase(manager: EntityManager, actor: Actor, person: Person, reason: ErasureReason): Promise<Person> {
  const before = auditRecord(person);
  const account = person.userId ? await manager.findOneBy(User, { id: person.userId }) : null;
  const values = [person.displayName, person.realName, person.phone, person.about].filter((value): value is string => value !== null);
  if (account && values.includes(account.displayName)) {
    values.push(account.displayName);
    await manager.update(User, { id: account.id }, { displayName: ERASED_ACCOUNT_NAME });
  }
  // The contact values kept on the person's requests go too; the requests stay, under the person's label.
  const contacts: { contact_value: string }[] = await manager.query(
    `SELECT DISTINCT contact_value FROM resident_request WHERE requester_person_id = $1 AND contact_value IS NOT NULL`,
    [person.id],
  );
  values.push(...contacts.map((row) => row.contact_value));
  await manager.update(ResidentRequest, { requesterPersonId: person.id }, { contactValue: null, contactConsentedAt: null });
  // Their ratings' comments go; the stars stay in the figures, under the label.
  const comments: { comment: string }[] = await manager.query(`SELECT DISTINCT comment FROM feedback WHERE rater_person_id = $1 AND comment IS NOT NULL`, [person.id]);
  await manager.query(`UPDATE feedback SET comment = NULL WHERE rater_person_id = $1 AND comment IS NOT NULL`, [person.id]);
  const erasedAt = new Date();
  await manager.update(PersonConsent, { personId: person.id, withdrawnAt: IsNull() }, { withdrawnAt: erasedAt });
  await manager.delete(TeamMembership, { personId: person.id });
  Object.assign(person, {
    displayName: null, realName: null, phone: null, about: null, homeAreaCode: null, skills: [], languages: [],
    isPartyMember: false, publicRecognition: false, partyEmployerOrganizationId: null, partyReportingAreaCode: null, userId: null, erasedAt,
  });
  const saved = await manager.save(person);
  for (const value of new Set(values)) await forgetCopies(manager, value, account?.id ?? null);
  for (const { comment } of comments) await forgetCopies(manager, comment, null);
  await forgetInMediation(manager, person.id, [...new Set(values)]);
  await forgetInHouseholds(manager, person.id, [...new Set(values)]);
  await audit(manager, actor, { action: reason, entityType: "Person", entityId: person.id, before, after: auditRecord(saved) });
  return saved;
}

/**
 * Removes `value` where copies of it were kept: the audit entries of the account (its sign-up names it), and
 * idempotent answers (a retry is then answered from the person as it is now).
 */
async function forgetCopies(manager: EntityManager, value: string, accountId: string | null): Promise<void> {
  // Replacing inside the JSON text keeps it valid: the value is matched as it is printed there, and "***" needs no escaping.
  const printed = JSON.stringify(value).slice(1, -1);
  if (accountId) {
    await manager.query(
      `UPDATE audit_entry SET before = replace(before::text, $1, '***')::jsonb, after = replace(after::text, $1, '***')::jsonb
       WHERE entity_type = 'User' AND entity_id = $2 AND (strpos(before::text, $1) > 0 OR strpos(after::text, $1) > 0)`,
      [printed, accountId],
    );
  }
  await manager.query(`UPDATE idempotency_key SET response = NULL WHERE strpos(response::text, $1) > 0`, [printed]);
}
