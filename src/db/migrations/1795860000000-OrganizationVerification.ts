import { MigrationInterface, QueryRunner } from "typeorm";

export class OrganizationVerification1795860000000 implements MigrationInterface {
  name = "OrganizationVerification1795860000000";

  async up(db: QueryRunner): Promise<void> {
    // Existing organisations start UNVERIFIED: nobody vouched for them yet. The operator verifies the
    // roots (verify-organization <slug>), and they vouch for the rest; demo data is verified on seed.
    await db.query(`
      ALTER TABLE organization
        ADD COLUMN verification_status varchar(16) NOT NULL DEFAULT 'UNVERIFIED' CHECK (verification_status IN ('UNVERIFIED', 'VERIFIED')),
        ADD COLUMN verified_by_id uuid REFERENCES organization(id) ON DELETE SET NULL,
        ADD COLUMN verified_at timestamptz(3),
        ADD COLUMN verification_note text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organization DROP COLUMN verification_status, DROP COLUMN verified_by_id, DROP COLUMN verified_at, DROP COLUMN verification_note`);
  }
}
