import { MigrationInterface, QueryRunner } from "typeorm";

export class CouncilFigures1795980000001 implements MigrationInterface {
  name = "CouncilFigures1795980000001";

  async up(db: QueryRunner): Promise<void> {
    // When a proposal went to its council: the start of "days from submission to decision". Proposals submitted
    // before this column take the time of their submitProposal audit entry.
    await db.query(`ALTER TABLE proposal ADD COLUMN submitted_at timestamptz(3)`);
    await db.query(`
      UPDATE proposal p SET submitted_at = a.at
      FROM (SELECT entity_id, min(occurred_at) AS at FROM audit_entry WHERE action = 'submitProposal' AND entity_type = 'Proposal' GROUP BY entity_id) a
      WHERE a.entity_id = p.id::text`);
    await db.query(`UPDATE proposal SET submitted_at = created_at WHERE submitted_at IS NULL AND status <> 'DRAFT' AND NOT (status = 'WITHDRAWN' AND seconder_member_id IS NULL AND stage_ends_at IS NULL)`);
    // Council figures read each council's proposals submitted, and decided, in a period: one index range each.
    await db.query(`CREATE INDEX proposal_submitted_idx ON proposal (council_id, submitted_at) WHERE submitted_at IS NOT NULL`);
    await db.query(`CREATE INDEX proposal_decided_idx ON proposal (council_id, decided_at) WHERE decided_at IS NOT NULL`);
    await db.query(`CREATE INDEX council_convener_idx ON council (convening_organization_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX council_convener_idx`);
    await db.query(`DROP INDEX proposal_decided_idx`);
    await db.query(`DROP INDEX proposal_submitted_idx`);
    await db.query(`ALTER TABLE proposal DROP COLUMN submitted_at`);
  }
}
