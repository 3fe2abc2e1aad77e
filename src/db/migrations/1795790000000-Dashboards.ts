import { MigrationInterface, QueryRunner } from "typeorm";

export class Dashboards1795790000000 implements MigrationInterface {
  name = "Dashboards1795790000000";

  async up(db: QueryRunner): Promise<void> {
    // A district's dashboard reads the pledges and deliveries of its needs in a period. Found through
    // the needs, that is a join over every pledge; with the need's area copied onto each pledge and
    // delivery it is a range of one index. The database keeps the copies, whoever writes the rows.
    await db.query(`ALTER TABLE pledge ADD COLUMN area_code varchar(32)`);
    await db.query(`UPDATE pledge SET area_code = need.area_code FROM resource_need need WHERE need.id = pledge.need_id`);
    await db.query(`ALTER TABLE pledge ALTER COLUMN area_code SET NOT NULL`);
    await db.query(`ALTER TABLE delivery ADD COLUMN area_code varchar(32)`);
    await db.query(`UPDATE delivery SET area_code = pledge.area_code FROM pledge WHERE pledge.id = delivery.pledge_id`);
    await db.query(`ALTER TABLE delivery ALTER COLUMN area_code SET NOT NULL`);
    await db.query(`
      CREATE FUNCTION cogov_pledge_area() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.area_code := (SELECT area_code FROM resource_need WHERE id = NEW.need_id);
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER pledge_area BEFORE INSERT OR UPDATE OF need_id ON pledge FOR EACH ROW EXECUTE FUNCTION cogov_pledge_area()`);
    await db.query(`
      CREATE FUNCTION cogov_delivery_area() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.area_code := (SELECT area_code FROM pledge WHERE id = NEW.pledge_id);
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER delivery_area BEFORE INSERT OR UPDATE OF pledge_id ON delivery FOR EACH ROW EXECUTE FUNCTION cogov_delivery_area()`);
    await db.query(`
      CREATE FUNCTION cogov_need_area_moved() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE pledge SET area_code = NEW.area_code WHERE need_id = NEW.id;
        UPDATE delivery SET area_code = NEW.area_code WHERE pledge_id IN (SELECT id FROM pledge WHERE need_id = NEW.id);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER resource_need_area_moved AFTER UPDATE OF area_code ON resource_need
      FOR EACH ROW WHEN (OLD.area_code IS DISTINCT FROM NEW.area_code) EXECUTE FUNCTION cogov_need_area_moved()`);

    // When a need was first fully pledged and first fulfilled, kept on the need so that time-to-fill
    // figures do not join the whole status history.
    await db.query(`ALTER TABLE resource_need ADD COLUMN fully_pledged_at timestamptz(3), ADD COLUMN fulfilled_at timestamptz(3)`);
    await db.query(`
      UPDATE resource_need need SET fully_pledged_at = reached.fully_pledged_at, fulfilled_at = reached.fulfilled_at
      FROM (SELECT need_id, min(changed_at) FILTER (WHERE to_status IN ('FULLY_PLEDGED', 'FULFILLED')) AS fully_pledged_at,
                   min(changed_at) FILTER (WHERE to_status = 'FULFILLED') AS fulfilled_at
            FROM resource_need_status_change GROUP BY need_id) reached
      WHERE reached.need_id = need.id`);
    await db.query(`
      CREATE FUNCTION cogov_need_milestone() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.to_status IN ('FULLY_PLEDGED', 'FULFILLED') THEN
          -- least() skips nulls: the earliest change wins, in whatever order the rows arrive.
          UPDATE resource_need SET fully_pledged_at = least(fully_pledged_at, NEW.changed_at),
                                   fulfilled_at = CASE WHEN NEW.to_status = 'FULFILLED' THEN least(fulfilled_at, NEW.changed_at) ELSE fulfilled_at END
          WHERE id = NEW.need_id;
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER resource_need_milestone AFTER INSERT ON resource_need_status_change FOR EACH ROW EXECUTE FUNCTION cogov_need_milestone()`);

    await db.query(`DROP INDEX resource_need_area_idx`);
    await db.query(`CREATE INDEX resource_need_area_created_idx ON resource_need (area_code varchar_pattern_ops, created_at)`);
    await db.query(`CREATE INDEX resource_need_posted_by_idx ON resource_need (posted_by_organization_id, created_at)`);
    await db.query(`CREATE INDEX pledge_area_created_idx ON pledge (area_code varchar_pattern_ops, created_at)`);
    await db.query(`CREATE INDEX delivery_area_delivered_idx ON delivery (area_code varchar_pattern_ops, delivered_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX delivery_area_delivered_idx`);
    await db.query(`DROP INDEX pledge_area_created_idx`);
    await db.query(`DROP INDEX resource_need_posted_by_idx`);
    await db.query(`DROP INDEX resource_need_area_created_idx`);
    await db.query(`CREATE INDEX resource_need_area_idx ON resource_need (area_code varchar_pattern_ops)`);
    await db.query(`DROP TRIGGER resource_need_milestone ON resource_need_status_change`);
    await db.query(`DROP FUNCTION cogov_need_milestone()`);
    await db.query(`ALTER TABLE resource_need DROP COLUMN fully_pledged_at, DROP COLUMN fulfilled_at`);
    await db.query(`DROP TRIGGER resource_need_area_moved ON resource_need`);
    await db.query(`DROP FUNCTION cogov_need_area_moved()`);
    await db.query(`DROP TRIGGER delivery_area ON delivery`);
    await db.query(`DROP FUNCTION cogov_delivery_area()`);
    await db.query(`DROP TRIGGER pledge_area ON pledge`);
    await db.query(`DROP FUNCTION cogov_pledge_area()`);
    await db.query(`ALTER TABLE delivery DROP COLUMN area_code`);
    await db.query(`ALTER TABLE pledge DROP COLUMN area_code`);
  }
}
