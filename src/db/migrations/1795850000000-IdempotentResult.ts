import { MigrationInterface, QueryRunner } from "typeorm";

export class IdempotentResult1795850000000 implements MigrationInterface {
  name = "IdempotentResult1795850000000";

  async up(db: QueryRunner): Promise<void> {
    // The object a mutation returned, written with its key in the same transaction: if the answer
    // cannot be kept after the commit, a retry answers again from this object instead of being stuck.
    await db.query(`ALTER TABLE idempotency_key ADD COLUMN result_type varchar(64), ADD COLUMN result_id uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE idempotency_key DROP COLUMN result_type, DROP COLUMN result_id`);
  }
}
