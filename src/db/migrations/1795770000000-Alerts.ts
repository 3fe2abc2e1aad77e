import { MigrationInterface, QueryRunner } from "typeorm";

export class Alerts1795770000000 implements MigrationInterface {
  name = "Alerts1795770000000";

  async up(db: QueryRunner): Promise<void> {
    // CAP 1.2 alert messages. An Update or Cancel is a message of its own that references the one it
    // replaces, as CAP has it; the replaced one is then no longer current.
    await db.query(`
      CREATE TABLE alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        identifier varchar(100) NOT NULL UNIQUE,
        issuing_organization_id uuid NOT NULL REFERENCES organization (id),
        sent timestamptz(0) NOT NULL DEFAULT date_trunc('second', now()),
        status varchar(10) NOT NULL CHECK (status IN ('ACTUAL', 'EXERCISE', 'SYSTEM', 'TEST', 'DRAFT')),
        msg_type varchar(10) NOT NULL CHECK (msg_type IN ('ALERT', 'UPDATE', 'CANCEL')),
        scope varchar(10) NOT NULL CHECK (scope IN ('PUBLIC', 'RESTRICTED', 'PRIVATE')),
        restriction varchar(500),
        categories varchar(10)[] NOT NULL CHECK (cardinality(categories) > 0),
        event varchar(200) NOT NULL,
        urgency varchar(10) NOT NULL,
        severity varchar(10) NOT NULL,
        certainty varchar(10) NOT NULL,
        headline varchar(200),
        description text,
        instruction text,
        effective timestamptz(0),
        onset timestamptz(0),
        expires timestamptz(0),
        areas jsonb NOT NULL,
        area_codes varchar(32)[] NOT NULL,
        references_alert_id uuid REFERENCES alert (id),
        replaced_by_alert_id uuid REFERENCES alert (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT alert_restriction_when_restricted CHECK ((scope = 'RESTRICTED') = (restriction IS NOT NULL)),
        CONSTRAINT alert_references_when_update_or_cancel CHECK ((msg_type = 'ALERT') = (references_alert_id IS NULL))
      )`);
    await db.query(`CREATE INDEX alert_sent_idx ON alert (sent, id)`);
    await db.query(`CREATE INDEX alert_area_codes_idx ON alert USING gin (area_codes)`);
    await db.query(`
      CREATE TABLE alert_need (
        alert_id uuid NOT NULL REFERENCES alert (id),
        need_id uuid NOT NULL REFERENCES resource_need (id),
        PRIMARY KEY (alert_id, need_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE alert_need`);
    await db.query(`DROP TABLE alert`);
  }
}
