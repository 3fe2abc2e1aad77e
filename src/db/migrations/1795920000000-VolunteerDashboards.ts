import { MigrationInterface, QueryRunner } from "typeorm";

export class VolunteerDashboards1795920000000 implements MigrationInterface {
  name = "VolunteerDashboards1795920000000";

  async up(db: QueryRunner): Promise<void> {
    // Dashboards find an area's activities by code prefix (then their shifts and sign-ups by the existing indexes).
    await db.query(`CREATE INDEX activity_area_idx ON activity (area_code varchar_pattern_ops)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX activity_area_idx`);
  }
}
