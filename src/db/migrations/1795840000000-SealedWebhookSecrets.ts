import { MigrationInterface, QueryRunner } from "typeorm";

export class SealedWebhookSecrets1795840000000 implements MigrationInterface {
  name = "SealedWebhookSecrets1795840000000";

  async up(db: QueryRunner): Promise<void> {
    // Secrets are stored encrypted (about 110 characters). A migration has no key to seal the plain ones
    // already stored: the server does that when it starts (WebhookService.sealPlaintextSecrets).
    await db.query(`ALTER TABLE webhook_endpoint ALTER COLUMN secret TYPE varchar(200), ALTER COLUMN previous_secret TYPE varchar(200)`);
  }

  async down(db: QueryRunner): Promise<void> {
    // Fails (value too long) while sealed secrets are stored: the code before this could not open them.
    await db.query(`ALTER TABLE webhook_endpoint ALTER COLUMN secret TYPE varchar(60), ALTER COLUMN previous_secret TYPE varchar(60)`);
  }
}
