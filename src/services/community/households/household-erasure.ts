import { EntityManager } from "typeorm";

/**
 * A person leaves the key households of `organizationId` (every organisation's, when null) and the lists of who made
 * their visits: an organisation no longer holding their data keeps no link to them. Runs in the caller's transaction.
 */
export async function leaveHouseholds(manager: EntityManager, personId: string, organizationId: string | null): Promise<void> {
  await manager.query(
    `DELETE FROM key_household_member m USING key_household h WHERE h.id = m.household_id AND m.person_id = $1 AND ($2::uuid IS NULL OR h.organization_id = $2)`,
    [personId, organizationId],
  );
  await manager.query(
    `UPDATE household_visit SET visitor_person_ids = array_remove(visitor_person_ids, $1::uuid) WHERE $1::uuid = ANY(visitor_person_ids) AND ($2::uuid IS NULL OR organization_id = $2)`,
    [personId, organizationId],
  );
}

/**
 * On erasure, the values that named the person (names, phone) leave the needs of the households they lived in and the
 * findings and follow-ups of those households' visits, replaced by "***"; then they leave every household. Audit entries
 * never held those texts (households/household-rules.ts).
 */
export async function forgetInHouseholds(manager: EntityManager, personId: string, values: string[]): Promise<void> {
  const households: { id: string }[] = await manager.query(`SELECT household_id AS id FROM key_household_member WHERE person_id = $1`, [personId]);
  const ids = households.map((row) => row.id);
  for (const value of ids.length ? values : []) {
    await manager.query(`UPDATE key_household SET needs = replace(needs, $1, '***') WHERE id = ANY($2::uuid[]) AND strpos(needs, $1) > 0`, [value, ids]);
    await manager.query(
      `UPDATE household_visit SET findings = replace(findings, $1, '***'), follow_up = replace(follow_up, $1, '***')
       WHERE household_id = ANY($2::uuid[]) AND (strpos(findings, $1) > 0 OR strpos(follow_up, $1) > 0)`,
      [value, ids],
    );
  }
  await leaveHouseholds(manager, personId, null);
}
