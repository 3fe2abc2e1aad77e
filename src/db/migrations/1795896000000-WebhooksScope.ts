import { MigrationInterface, QueryRunner } from "typeorm";

const SCOPES_BEFORE = `ARRAY['read', 'write:needs', 'write:pledges', 'alerts']::varchar(16)[]`;

export class WebhooksScope1795896000000 implements MigrationInterface {
  name = "WebhooksScope1795896000000";

  async up(db: QueryRunner): Promise<void> {
    // Keys may manage their organisation's webhooks with the `webhooks` scope.
    await db.query(`ALTER TABLE api_key DROP CONSTRAINT api_key_scopes_check`);
    await db.query(`ALTER TABLE api_key ADD CONSTRAINT api_key_scopes_check CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write:needs', 'write:pledges', 'alerts', 'webhooks']::varchar(16)[])`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM api_key WHERE 'webhooks' = ANY (scopes)`);
    await db.query(`ALTER TABLE api_key DROP CONSTRAINT api_key_scopes_check`);
    await db.query(`ALTER TABLE api_key ADD CONSTRAINT api_key_scopes_check CHECK (cardinality(scopes) > 0 AND scopes <@ ${SCOPES_BEFORE})`);
  }
}
