import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * At commit each pending event is placed by its own key. Before, the commit trigger looked for every
 * pending (negative) position with `position < 0`; with stale statistics (a server without
 * autovacuum) the planner chose a full scan: 16 ms at 24,000 events, at every commit, most of a
 * pledge's database time (bench, 2026-12-05). Deferred row triggers fire in the order their rows were
 * written, so positions are still drawn in that order; readers are woken once per event with its
 * position. `down` restores the earlier body as 1795870000000 wrote it: a migration keeps its own copy.
 */
export class EventPlacedByKey1795999000000 implements MigrationInterface {
  name = "EventPlacedByKey1795999000000";

  async up(db: QueryRunner): Promise<void> {
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

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION place_pending_events() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        pending bigint;
        drawn bigint;
      BEGIN
        FOR pending IN SELECT position FROM event WHERE position < 0 ORDER BY position DESC LOOP
          drawn := next_event_position();
          UPDATE event SET position = drawn WHERE position = pending;
        END LOOP;
        IF drawn IS NOT NULL THEN
          PERFORM pg_notify('cogov_events', drawn::text);
        END IF;
        RETURN NULL;
      END $$`);
  }
}
