import { EntityManager } from "typeorm";

/**
 * An erased person stays a party of their mediation cases under their label (the case and its counts stand), and the
 * values that named them (names, phone) leave the texts of those cases — summary, terms, reasons, session notes — and
 * those cases' audit entries, replaced by "***". Runs in the erasure's transaction.
 */
export async function forgetInMediation(manager: EntityManager, personId: string, values: string[]): Promise<void> {
  const cases: { id: string }[] = await manager.query(`SELECT DISTINCT case_id AS id FROM mediation_party WHERE person_id = $1`, [personId]);
  if (cases.length === 0 || values.length === 0) return;
  const ids = cases.map((row) => row.id);
  // Audit entries of the cases, and of their sessions and assignments (which hold notes and reasons).
  const entities: { id: string }[] = await manager.query(
    `SELECT id FROM mediation_session WHERE case_id = ANY($1::uuid[]) UNION ALL SELECT id FROM mediation_assignment WHERE case_id = ANY($1::uuid[])`,
    [ids],
  );
  const audited = [...ids, ...entities.map((row) => row.id)];
  for (const value of values) {
    const printed = JSON.stringify(value).slice(1, -1);
    await manager.query(
      `UPDATE mediation_case SET summary = replace(summary, $1, '***'), terms = replace(terms, $1, '***'), decline_reason = replace(decline_reason, $1, '***'),
              referral_note = replace(referral_note, $1, '***')
       WHERE id = ANY($2::uuid[])`,
      [value, ids],
    );
    await manager.query(`UPDATE mediation_session SET notes = replace(notes, $1, '***'), place = replace(place, $1, '***') WHERE case_id = ANY($2::uuid[])`, [value, ids]);
    await manager.query(`UPDATE mediation_assignment SET replacement_reason = replace(replacement_reason, $1, '***') WHERE case_id = ANY($2::uuid[])`, [value, ids]);
    await manager.query(
      `UPDATE audit_entry SET before = replace(before::text, $1, '***')::jsonb, after = replace(after::text, $1, '***')::jsonb
       WHERE entity_type LIKE 'Mediation%' AND (strpos(before::text, $1) > 0 OR strpos(after::text, $1) > 0)
         AND entity_id = ANY($2::text[])`,
      [printed, audited],
    );
  }
}
