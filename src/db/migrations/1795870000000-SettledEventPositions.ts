import { MigrationInterface, QueryRunner } from "typeorm";

// Event positions' shared advisory locks are keyed above this, apart from the application's other advisory locks.
const LOCK_BASE = "4611686018427387904";

export class SettledEventPositions1795870000000 implements MigrationInterface {
  name = "SettledEventPositions1795870000000";

  async up(db: QueryRunner): Promise<void> {
    // Writers no longer queue on one lock; instead a transaction that draws positions announces, until
    // it ends, that positions from the sequence's next value up may still appear: a shared lock (which
    // blocks nobody) keyed on that value, taken before the first is drawn. Once per transaction,
    // remembered in a transaction-local setting that a rolled-back savepoint undoes with it.
    await db.query(`
      CREATE FUNCTION next_event_position() RETURNS bigint LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('cogov.event_position_held', true) IS DISTINCT FROM 'yes' THEN
          PERFORM pg_advisory_xact_lock_shared(${LOCK_BASE} + CASE WHEN is_called THEN last_value + 1 ELSE last_value END) FROM event_position_seq;
          PERFORM set_config('cogov.event_position_held', 'yes', true);
        END IF;
        RETURN nextval('event_position_seq');
      END $$`);
    // An event is written with a pending (negative) position and drawn its place at commit, in the
    // order written, so the lock lasts from commit to its end, not across the rest of the transaction's
    // round trips; then readers are woken (channel of src/events/outbox.ts) with the last position.
    await db.query(`CREATE SEQUENCE event_pending_position_seq`);
    await db.query(`ALTER TABLE event ALTER COLUMN position SET DEFAULT -nextval('event_pending_position_seq')`);
    await db.query(`
      CREATE FUNCTION place_pending_events() RETURNS trigger LANGUAGE plpgsql AS $$
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
    await db.query(`
      CREATE CONSTRAINT TRIGGER event_placed_at_commit AFTER INSERT ON event DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW WHEN (NEW.position < 0) EXECUTE FUNCTION place_pending_events()`);
    // Positions below the answer are settled: drawn before the sequence was read here, by transactions
    // that no longer hold their lock, so have ended, visible to any later statement. In this order:
    // a writer that locks after the lock table was read draws a position above the value read first.
    // Relies on the sequence's cache of 1 (each draw moves last_value), as bigserial makes it.
    await db.query(`
      CREATE FUNCTION settled_event_position() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        drawn bigint;
        held bigint;
      BEGIN
        SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO drawn FROM event_position_seq;
        SELECT min(((classid::bigint << 32) | objid::bigint) - ${LOCK_BASE}) INTO held FROM pg_locks
        WHERE locktype = 'advisory' AND objsubid = 1 AND mode = 'ShareLock' AND classid::bigint >= ${LOCK_BASE} >> 32
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database());
        RETURN least(drawn + 1, held);
      END $$`);
    // A read up to the settled position in one round trip: its query's snapshot is taken after the position is.
    await db.query(`
      CREATE FUNCTION settled_events(after bigint, most integer) RETURNS SETOF event LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        below bigint := settled_event_position();
      BEGIN
        RETURN QUERY SELECT * FROM event WHERE position > after AND position < below ORDER BY position LIMIT most;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION settled_events(bigint, integer)`);
    await db.query(`DROP TRIGGER event_placed_at_commit ON event`);
    await db.query(`ALTER TABLE event ALTER COLUMN position SET DEFAULT nextval('event_position_seq')`);
    await db.query(`DROP FUNCTION place_pending_events()`);
    await db.query(`DROP SEQUENCE event_pending_position_seq`);
    await db.query(`DROP FUNCTION settled_event_position()`);
    await db.query(`DROP FUNCTION next_event_position()`);
  }
}
