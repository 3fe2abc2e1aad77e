import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The commit trigger no longer NOTIFYs. PostgreSQL lets one notifying transaction commit at a time (it
 * holds a lock on the database from before the commit record to the end of its flush), so every writer
 * queued there: 385 pledges a second, 494 without it (bench, 2026-12-06). Instead it tells the writing
 * connection, with a NOTICE of SQLSTATE ZEV01 whose detail is the position drawn; the instance wakes
 * its own readers once that transaction has committed and announces the position to the others on its
 * LISTEN connection (src/events/event-stream.ts). `down` restores 1795999000000's body.
 */
export class EventsAnnouncedAfterCommit1796100000000 implements MigrationInterface {
  name = "EventsAnnouncedAfterCommit1796100000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION place_pending_events() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        drawn bigint := next_event_position();
      BEGIN
        UPDATE event SET position = drawn WHERE position = NEW.position;
        RAISE NOTICE USING MESSAGE = 'event placed at ' || drawn, DETAIL = drawn::text, ERRCODE = 'ZEV01';
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
