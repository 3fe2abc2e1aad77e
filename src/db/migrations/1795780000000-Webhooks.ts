import { MigrationInterface, QueryRunner } from "typeorm";

export class Webhooks1795780000000 implements MigrationInterface {
  name = "Webhooks1795780000000";

  async up(db: QueryRunner): Promise<void> {
    // `position` is how far the dispatcher has matched the event stream for this endpoint: the
    // endpoint's own cursor, so deliveries survive restarts and any instance can carry on.
    await db.query(`
      CREATE TABLE webhook_endpoint (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        url varchar(2000) NOT NULL,
        description varchar(200),
        event_types varchar(20)[] NOT NULL CHECK (cardinality(event_types) > 0),
        filter jsonb NOT NULL DEFAULT '{}',
        secret varchar(60) NOT NULL,
        active boolean NOT NULL DEFAULT true,
        position bigint NOT NULL,
        created_by_user_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webhook_endpoint_organization_idx ON webhook_endpoint (organization_id, created_at, id)`);
    await db.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
        event_position bigint NOT NULL REFERENCES event (position),
        event_type varchar(20) NOT NULL,
        status varchar(10) NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
        attempt_count integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz(3),
        body text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT webhook_delivery_once UNIQUE (endpoint_id, event_position),
        CONSTRAINT webhook_delivery_due_when_pending CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'PENDING'`);
    await db.query(`CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, created_at, id)`);
    await db.query(`
      CREATE TABLE webhook_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id uuid NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
        number integer NOT NULL,
        started_at timestamptz(3) NOT NULL,
        duration_ms integer NOT NULL,
        response_status integer,
        error varchar(500),
        succeeded boolean NOT NULL,
        CONSTRAINT webhook_attempt_once UNIQUE (delivery_id, number)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["webhook_attempt", "webhook_delivery", "webhook_endpoint"]) await db.query(`DROP TABLE ${table}`);
  }
}
