import { MigrationInterface, QueryRunner } from "typeorm";

export class Events1795760000000 implements MigrationInterface {
  name = "Events1795760000000";

  async up(db: QueryRunner): Promise<void> {
    // The outbox. Positions were taken under one advisory lock held to commit, so they became visible
    // in order; since 1795870000000-SettledEventPositions they are drawn at commit under a shared lock and
    // readers stop below the lowest position a committing writer may still take: a reader at N still
    // never finds one below N.
    await db.query(`
      CREATE TABLE event (
        position bigserial PRIMARY KEY,
        type varchar(32) NOT NULL,
        entity_type varchar(32) NOT NULL,
        entity_id uuid NOT NULL,
        area_code varchar(32),
        project_id uuid,
        organization_id uuid,
        attributes jsonb NOT NULL DEFAULT '{}',
        occurred_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE event`);
  }
}
