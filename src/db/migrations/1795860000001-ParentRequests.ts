import { MigrationInterface, QueryRunner } from "typeorm";

export class ParentRequests1795860000001 implements MigrationInterface {
  name = "ParentRequests1795860000001";

  async up(db: QueryRunner): Promise<void> {
    // Naming a parent asks its admins first; existing links were made before consent existed and stay.
    await db.query(`ALTER TABLE organization ADD COLUMN requested_parent_id uuid REFERENCES organization(id) ON DELETE SET NULL`);
    await db.query(`CREATE INDEX organization_requested_parent_idx ON organization (requested_parent_id) WHERE requested_parent_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organization DROP COLUMN requested_parent_id`);
  }
}
