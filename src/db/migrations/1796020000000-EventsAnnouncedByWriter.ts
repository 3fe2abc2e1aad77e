import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Positions are still drawn at commit, but the database no longer NOTIFYs there: a NOTIFY holds one lock for
 * the whole cluster from commit to the transaction's end, so event-writing commits queued one behind another.
 * The instance that wrote the events wakes readers once they committed (src/events/event-announcer.ts).
 * `down` restores 1795999000000's body.
 */
export class EventsAnnouncedByWriter1796020000000 implements MigrationInterface {
  name = "EventsAnnouncedByWriter1796020000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION place_pending_events() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        drawn bigint := next_event_position();
      BEGIN
        UPDATE event SET position = drawn WHERE position = NEW.position;
        RETURN NULL;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION place_pending_events() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        drawn bigint := next_event_position();
      BEGIN
        UPDATE event SET position = drawn WHERE position = NEW.position;
        PERFORM pg_notify('cogov_events', drawn::text);
        RETURN NULL;
      END $$`);
  }
}
