import { MigrationInterface, QueryRunner } from "typeorm";

export class People1795880000000 implements MigrationInterface {
  name = "People1795880000000";

  async up(db: QueryRunner): Promise<void> {
    // A person's row is never deleted: erasure empties its personal columns and keeps id and label,
    // so what refers to the person later (points accounts, hours) keeps its sums under the pseudonym.
    await db.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        label varchar(32) NOT NULL,
        display_name varchar(50) CHECK (btrim(display_name) <> ''),
        real_name varchar(100),
        phone varchar(16),
        home_area_code varchar(32) REFERENCES area (code),
        skills varchar(16)[] NOT NULL DEFAULT '{}',
        languages varchar(35)[] NOT NULL DEFAULT '{}',
        is_party_member boolean NOT NULL DEFAULT false,
        party_employer_organization_id uuid REFERENCES organization (id),
        party_reporting_area_code varchar(32) REFERENCES area (code),
        about text,
        user_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        registered_by_organization_id uuid REFERENCES organization (id),
        erased_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT person_label_key UNIQUE (label),
        CONSTRAINT person_one_per_user UNIQUE (user_id),
        CONSTRAINT person_erased_holds_nothing CHECK (erased_at IS NULL OR (display_name IS NULL AND real_name IS NULL AND phone IS NULL AND about IS NULL)),
        CONSTRAINT person_named_until_erased CHECK (erased_at IS NOT NULL OR display_name IS NOT NULL)
      )`);

    await db.query(`
      CREATE TABLE person_consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        purpose varchar(300) NOT NULL CHECK (btrim(purpose) <> ''),
        consented_at timestamptz(3) NOT NULL,
        withdrawn_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT person_consent_once_per_organization UNIQUE (person_id, organization_id)
      )`);
    await db.query(`CREATE INDEX person_consent_organization_idx ON person_consent (organization_id) WHERE withdrawn_at IS NULL`);

    await db.query(`
      CREATE TABLE team_membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        role varchar(16) NOT NULL CHECK (role IN ('MEMBER', 'TEAM_LEADER')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT team_membership_once_per_team UNIQUE (person_id, organization_id)
      )`);
    await db.query(`CREATE INDEX team_membership_organization_idx ON team_membership (organization_id, created_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["team_membership", "person_consent", "person"]) await db.query(`DROP TABLE ${table}`);
  }
}
