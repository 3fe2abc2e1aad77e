import { MigrationInterface, QueryRunner } from "typeorm";

export class Activities1795895000000 implements MigrationInterface {
  name = "Activities1795895000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE activity (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        project_id uuid REFERENCES project (id),
        -- A VOLUNTEERS need of the project the activity serves: its confirmed sign-ups count as pledged toward it.
        need_id uuid REFERENCES resource_need (id),
        kind varchar(24) NOT NULL CHECK (kind IN ('VOLUNTEER_SERVICE', 'CULTURAL', 'PARTY_EDUCATION', 'HEALTH_TALK', 'LEGAL_EDUCATION', 'ENVIRONMENT', 'SPORTS', 'OTHER')),
        title varchar(200) NOT NULL CHECK (btrim(title) <> ''),
        description text,
        area_code varchar(32) NOT NULL REFERENCES area (code),
        place varchar(300),
        status varchar(16) NOT NULL CHECK (status IN ('DRAFT', 'PUBLISHED', 'COMPLETED', 'CANCELLED')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT activity_need_within_project CHECK (need_id IS NULL OR project_id IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX activity_need_idx ON activity (need_id) WHERE need_id IS NOT NULL`);
    await db.query(`CREATE INDEX activity_organization_idx ON activity (organization_id, created_at, id)`);

    await db.query(`
      CREATE TABLE activity_shift (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        activity_id uuid NOT NULL REFERENCES activity (id),
        starts_at timestamptz(3) NOT NULL,
        ends_at timestamptz(3) NOT NULL,
        capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
        required_skills varchar(16)[] NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT activity_shift_ends_after_start CHECK (ends_at > starts_at)
      )`);
    await db.query(`CREATE INDEX activity_shift_activity_idx ON activity_shift (activity_id, starts_at, id)`);

    // A sign-up is CONFIRMED (holds a place), WAITLISTED (in line, by created_at) or CANCELLED; hours are in hundredths of an hour.
    await db.query(`
      CREATE TABLE shift_sign_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shift_id uuid NOT NULL REFERENCES activity_shift (id),
        person_id uuid NOT NULL REFERENCES person (id),
        status varchar(16) NOT NULL CHECK (status IN ('CONFIRMED', 'WAITLISTED', 'CANCELLED')),
        checked_in_at timestamptz(3),
        checked_out_at timestamptz(3),
        hours numeric(6, 2) CHECK (hours > 0),
        verified_at timestamptz(3),
        verified_by_organization_id uuid REFERENCES organization (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT shift_sign_up_verified_has_hours CHECK (verified_at IS NULL OR (hours IS NOT NULL AND status = 'CONFIRMED')),
        CONSTRAINT shift_sign_up_out_after_in CHECK (checked_out_at IS NULL OR (checked_in_at IS NOT NULL AND checked_out_at >= checked_in_at))
      )`);
    // One live sign-up per person and shift; a cancelled one may be followed by a new one.
    await db.query(`CREATE UNIQUE INDEX shift_sign_up_once_per_shift ON shift_sign_up (shift_id, person_id) WHERE status <> 'CANCELLED'`);
    await db.query(`CREATE INDEX shift_sign_up_shift_idx ON shift_sign_up (shift_id, status, created_at, id)`);
    await db.query(`CREATE INDEX shift_sign_up_person_idx ON shift_sign_up (person_id, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["shift_sign_up", "activity_shift", "activity"]) await db.query(`DROP TABLE ${table}`);
  }
}
