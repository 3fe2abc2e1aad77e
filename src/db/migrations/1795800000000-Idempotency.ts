import { MigrationInterface, QueryRunner } from "typeorm";

export class Idempotency1795800000000 implements MigrationInterface {
  name = "Idempotency1795800000000";

  async up(db: QueryRunner): Promise<void> {
    // A row is written in the mutation's own transaction, so a key marks a change that was made, once;
    // the answer is added when it has been sent, and returned to every retry of the same request.
    await db.query(`
      CREATE TABLE idempotency_key (
        scope varchar(200) NOT NULL,
        key varchar(100) NOT NULL,
        fingerprint char(64) NOT NULL,
        response jsonb,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await db.query(`CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_key`);
  }
}
