import { MigrationInterface, QueryRunner } from "typeorm";

export class Recognition1795910000000 implements MigrationInterface {
  name = "Recognition1795910000000";

  async up(db: QueryRunner): Promise<void> {
    // Shown by name on leaderboards and to every reader only when the person agreed (PIPL: a separate consent).
    await db.query(`ALTER TABLE person ADD COLUMN public_recognition boolean NOT NULL DEFAULT false`);
    // A person's service record and cumulative hours: their verified sign-ups in the order verified.
    await db.query(`CREATE INDEX shift_sign_up_verified_of_person_idx ON shift_sign_up (person_id, verified_at, id) INCLUDE (hours) WHERE verified_at IS NOT NULL`);
    // Leaderboards: the verified sign-ups of the shifts an area and a period pick, read from the index alone.
    await db.query(`CREATE INDEX shift_sign_up_verified_of_shift_idx ON shift_sign_up (shift_id) INCLUDE (person_id, hours, id) WHERE verified_at IS NOT NULL`);
    // Each sign-up's points on a leaderboard, and their reversal, from the index alone.
    await db.query(`CREATE INDEX points_entry_earned_points_idx ON points_entry (sign_up_id) INCLUDE (points, id) WHERE kind = 'EARN'`);
    await db.query(`CREATE INDEX points_entry_reversal_points_idx ON points_entry (reverses_entry_id) INCLUDE (points) WHERE kind = 'REVERSAL'`);
    await db.query(`CREATE INDEX activity_area_idx ON activity (area_code varchar_pattern_ops)`);
    await db.query(`CREATE INDEX activity_shift_starts_idx ON activity_shift (starts_at) INCLUDE (activity_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX activity_shift_starts_idx`);
    await db.query(`DROP INDEX activity_area_idx`);
    await db.query(`DROP INDEX points_entry_reversal_points_idx`);
    await db.query(`DROP INDEX points_entry_earned_points_idx`);
    await db.query(`DROP INDEX shift_sign_up_verified_of_shift_idx`);
    await db.query(`DROP INDEX shift_sign_up_verified_of_person_idx`);
    await db.query(`ALTER TABLE person DROP COLUMN public_recognition`);
  }
}
