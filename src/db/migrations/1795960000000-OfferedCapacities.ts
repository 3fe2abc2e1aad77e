import { MigrationInterface, QueryRunner } from "typeorm";

export class OfferedCapacities1795960000000 implements MigrationInterface {
  name = "OfferedCapacities1795960000000";

  async up(db: QueryRunner): Promise<void> {
    // What an organisation says it can offer (a need category, where, how much), so coordinators find it
    // and it finds the needs it could fill.
    await db.query(`
      CREATE TABLE offered_capacity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
        category varchar(32) NOT NULL,
        area_code varchar(32) NOT NULL REFERENCES area (code),
        quantity numeric(14, 2) CHECK (quantity > 0),
        unit varchar(32),
        note varchar(200),
        -- The line's place in the declared list, which is the order it is shown in.
        position smallint NOT NULL CHECK (position >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((quantity IS NULL) = (unit IS NULL)),
        UNIQUE (organization_id, category, area_code)
      )`);
    await db.query(`CREATE INDEX offered_capacity_category_area_idx ON offered_capacity (category, area_code varchar_pattern_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE offered_capacity`);
  }
}
