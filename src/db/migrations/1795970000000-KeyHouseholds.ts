import { MigrationInterface, QueryRunner } from "typeorm";

const STEP_KINDS = ["FILED", "STATUS_CHANGED", "ESCALATED", "LINKED"];

/**
 * Key-group households (重點人群走訪): an organisation's register of households by code and area, their members
 * (persons who consented to it), planned and recorded visits; and residents' requests referred to mediation.
 */
export class KeyHouseholds1795970000000 implements MigrationInterface {
  name = "KeyHouseholds1795970000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE key_household (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        code varchar(32) NOT NULL CHECK (code ~ '^[A-Za-z0-9][-_A-Za-z0-9]{0,31}$'),
        area_code varchar(32) NOT NULL REFERENCES area (code),
        groups varchar(16)[] NOT NULL CHECK (cardinality(groups) BETWEEN 1 AND 7),
        needs text CHECK (char_length(needs) <= 2000),
        visit_every_days integer NOT NULL CHECK (visit_every_days BETWEEN 1 AND 366),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT key_household_code_once UNIQUE (organization_id, code)
      )`);
    // Supervisors read the households of their area.
    await db.query(`CREATE INDEX key_household_area_idx ON key_household (area_code varchar_pattern_ops)`);

    await db.query(`
      CREATE TABLE key_household_member (
        household_id uuid NOT NULL REFERENCES key_household (id),
        person_id uuid NOT NULL REFERENCES person (id),
        PRIMARY KEY (household_id, person_id)
      )`);
    // Erasure and mediation's conflict check look a person's households up.
    await db.query(`CREATE INDEX key_household_member_person_idx ON key_household_member (person_id)`);

    await db.query(`
      CREATE TABLE household_visit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        household_id uuid NOT NULL REFERENCES key_household (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        due_on date,
        visited_at timestamptz(3),
        visitor_person_ids uuid[] NOT NULL DEFAULT '{}',
        findings text CHECK (char_length(findings) <= 5000),
        follow_up text CHECK (char_length(follow_up) <= 2000),
        request_id uuid REFERENCES resident_request (id),
        recorded_by_user_id uuid REFERENCES app_user (id),
        overdue_announced_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT household_visit_planned_or_made CHECK (due_on IS NOT NULL OR visited_at IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX household_visit_household_idx ON household_visit (household_id, created_at, id)`);
    // At most one visit planned and not yet made per household.
    await db.query(`CREATE UNIQUE INDEX household_visit_one_plan ON household_visit (household_id) WHERE visited_at IS NULL`);
    // The overdue lists: plans not yet made, by due date.
    await db.query(`CREATE INDEX household_visit_due_idx ON household_visit (due_on, id) WHERE visited_at IS NULL`);

    await db.query(`
      CREATE TABLE request_mediation_referral (
        request_id uuid PRIMARY KEY REFERENCES resident_request (id),
        case_id uuid NOT NULL REFERENCES mediation_case (id),
        committee_id uuid NOT NULL REFERENCES organization (id),
        referred_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT request_mediation_referral_case_once UNIQUE (case_id)
      )`);
    await db.query(`ALTER TABLE resident_request_step DROP CONSTRAINT resident_request_step_kind_check`);
    await db.query(`ALTER TABLE resident_request_step ADD CONSTRAINT resident_request_step_kind_check CHECK (kind IN (${[...STEP_KINDS, "REFERRED"].map((kind) => `'${kind}'`).join(", ")}))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM resident_request_step WHERE kind = 'REFERRED'`);
    await db.query(`ALTER TABLE resident_request_step DROP CONSTRAINT resident_request_step_kind_check`);
    await db.query(`ALTER TABLE resident_request_step ADD CONSTRAINT resident_request_step_kind_check CHECK (kind IN (${STEP_KINDS.map((kind) => `'${kind}'`).join(", ")}))`);
    for (const table of ["request_mediation_referral", "household_visit", "key_household_member", "key_household"]) await db.query(`DROP TABLE ${table}`);
  }
}
