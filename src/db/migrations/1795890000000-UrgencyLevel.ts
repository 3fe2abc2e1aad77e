import { MigrationInterface, QueryRunner } from "typeorm";

export class UrgencyLevel1795890000000 implements MigrationInterface {
  name = "UrgencyLevel1795890000000";

  async up(db: QueryRunner): Promise<void> {
    // Needs order by a level that grows with urgency (LOW 0 … CRITICAL 3), so that DESC means most
    // urgent first as it means most or latest first in every other order; urgency_rank counted the
    // other way. Dropping it drops its index.
    await db.query(`ALTER TABLE resource_need DROP COLUMN urgency_rank`);
    await db.query(`
      ALTER TABLE resource_need ADD COLUMN urgency_level smallint NOT NULL GENERATED ALWAYS AS (
        CASE urgency WHEN 'CRITICAL' THEN 3 WHEN 'HIGH' THEN 2 WHEN 'NORMAL' THEN 1 ELSE 0 END
      ) STORED`);
    await db.query(`CREATE INDEX resource_need_urgency_idx ON resource_need (urgency_level, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE resource_need DROP COLUMN urgency_level`);
    await db.query(`
      ALTER TABLE resource_need ADD COLUMN urgency_rank smallint GENERATED ALWAYS AS (
        CASE urgency WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'NORMAL' THEN 2 ELSE 3 END
      ) STORED`);
    await db.query(`CREATE INDEX resource_need_urgency_idx ON resource_need (urgency_rank, id)`);
  }
}
