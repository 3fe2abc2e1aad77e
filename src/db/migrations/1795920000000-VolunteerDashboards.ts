import { MigrationInterface, QueryRunner } from "typeorm";

export class VolunteerDashboards1795920000000 implements MigrationInterface {
  name = "VolunteerDashboards1795920000000";

  async up(db: QueryRunner): Promise<void> {
    // Dashboards find an area's activities by code prefix (then their shifts and sign-ups by the existing indexes).
    await db.query(`CREATE INDEX activity_area_idx ON activity (area_code varchar_pattern_ops)`);
    // The points a sign-up earned, read from the index alone: dashboards look them up once per verified sign-up.
    await db.query(`CREATE INDEX points_entry_earned_points_idx ON points_entry (sign_up_id) INCLUDE (id, points) WHERE sign_up_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX points_entry_earned_points_idx`);
    await db.query(`DROP INDEX activity_area_idx`);
  }
}
