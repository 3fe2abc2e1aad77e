import { EntityManager } from "typeorm";
import { t, Text } from "../../i18n/text";

/*
 * When a mediator may not mediate a case (回避): they are a party; they declared a relation to a party (a person or
 * an organisation); or they share an organisation with a party — a party organisation itself, or one where a person
 * party serves on a team or holds a membership — other than the committee itself; or they live in a key household
 * (any organisation's register) with a person party.
 */
const CONFLICTS = `
  WITH parties AS (SELECT person_id, organization_id FROM mediation_party WHERE case_id = $1),
  mediator_organizations AS (
    SELECT organization_id FROM team_membership WHERE person_id = $2
    UNION SELECT m.organization_id FROM membership m JOIN person p ON p.user_id = m.user_id WHERE p.id = $2),
  party_organizations AS (
    SELECT organization_id FROM parties WHERE organization_id IS NOT NULL
    UNION SELECT tm.organization_id FROM team_membership tm JOIN parties ON parties.person_id = tm.person_id
    UNION SELECT m.organization_id FROM membership m JOIN person p ON p.user_id = m.user_id JOIN parties ON parties.person_id = p.id)
  SELECT EXISTS (SELECT 1 FROM parties WHERE person_id = $2) AS "isParty",
         EXISTS (SELECT 1 FROM mediator_relation r WHERE r.mediator_person_id = $2
                 AND (r.related_person_id IN (SELECT person_id FROM parties WHERE person_id IS NOT NULL)
                      OR r.related_organization_id IN (SELECT organization_id FROM parties WHERE organization_id IS NOT NULL))) AS "declared",
         EXISTS (SELECT 1 FROM key_household_member mine JOIN key_household_member theirs ON theirs.household_id = mine.household_id
                 WHERE mine.person_id = $2 AND theirs.person_id IN (SELECT person_id FROM parties WHERE person_id IS NOT NULL)) AS "household",
         (SELECT o.name FROM organization o
          WHERE o.id IN (SELECT organization_id FROM mediator_organizations INTERSECT SELECT organization_id FROM party_organizations) AND o.id <> $3
          ORDER BY o.name LIMIT 1) AS "shared"`;

/** Why the person may not mediate the case, or null when nothing relates them to a party. */
export async function conflictOf(manager: EntityManager, caseId: string, personId: string, committeeId: string): Promise<Text | null> {
  const [row]: [{ isParty: boolean; declared: boolean; household: boolean; shared: string | null }] = await manager.query(CONFLICTS, [caseId, personId, committeeId]);
  if (row.isParty) return t("mediation.conflictParty");
  if (row.declared) return t("mediation.conflictDeclared");
  if (row.household) return t("mediation.conflictHousehold");
  if (row.shared) return t("mediation.conflictOrganization", { organization: row.shared });
  return null;
}
