import { MigrationInterface, QueryRunner } from "typeorm";

export class RateBuckets1795820000000 implements MigrationInterface {
  name = "RateBuckets1795820000000";

  async up(db: QueryRunner): Promise<void> {
    // Points budgets and sign-in throttles, shared by every instance on the database. A bucket is the
    // moment it is full again; names are SHA-256 digests, so no email or address is kept. Unlogged: a
    // crash may forgive what was spent, and in exchange each charge writes no WAL.
    await db.query(`
      CREATE UNLOGGED TABLE rate_bucket (
        name bytea PRIMARY KEY,
        full_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE rate_bucket`);
  }
}
