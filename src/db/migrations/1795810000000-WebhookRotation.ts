import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookRotation1795810000000 implements MigrationInterface {
  name = "WebhookRotation1795810000000";

  async up(db: QueryRunner): Promise<void> {
    // After a rotation deliveries are signed with the replaced secret too, until it expires.
    await db.query(`
      ALTER TABLE webhook_endpoint
        ADD COLUMN previous_secret varchar(60),
        ADD COLUMN previous_secret_expires_at timestamptz(3),
        ADD CONSTRAINT webhook_endpoint_previous_secret_expires CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))`);
    // A redelivered delivery gets one attempt, not a new series of retries.
    await db.query(`ALTER TABLE webhook_delivery ADD COLUMN redelivered_at timestamptz(3)`);
    // The retention sweep looks for finished deliveries by age.
    await db.query(`CREATE INDEX webhook_delivery_finished_idx ON webhook_delivery (created_at) WHERE status <> 'PENDING'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX webhook_delivery_finished_idx`);
    await db.query(`ALTER TABLE webhook_delivery DROP COLUMN redelivered_at`);
    await db.query(`ALTER TABLE webhook_endpoint DROP CONSTRAINT webhook_endpoint_previous_secret_expires, DROP COLUMN previous_secret_expires_at, DROP COLUMN previous_secret`);
  }
}
