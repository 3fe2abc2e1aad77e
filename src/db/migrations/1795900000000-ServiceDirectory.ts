import { MigrationInterface, QueryRunner } from "typeorm";

export class ServiceDirectory1795900000000 implements MigrationInterface {
  name = "ServiceDirectory1795900000000";

  async up(db: QueryRunner): Promise<void> {
    // Services, their places and their hours, in the shape of Open Referral HSDS 3.0 (service, location,
    // service_at_location, schedule); ids are uuids, as HSDS's API hands them out.
    await db.query(`
      CREATE TABLE service (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        name varchar(200) NOT NULL CHECK (btrim(name) <> ''),
        description text,
        status varchar(20) NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE', 'DEFUNCT', 'TEMPORARILY_CLOSED')),
        categories varchar(24)[] NOT NULL CHECK (cardinality(categories) > 0),
        target_groups varchar(16)[] NOT NULL CHECK (cardinality(target_groups) > 0),
        eligibility text,
        is_free boolean NOT NULL,
        fees_description text,
        cost_options jsonb NOT NULL DEFAULT '[]',
        languages varchar(35)[] NOT NULL DEFAULT '{}',
        contact_name varchar(100),
        contact_phone varchar(32),
        contact_email varchar(254),
        url varchar(300),
        retired_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        -- Searched as the other tables are (services/text-search.ts): folded to Simplified Chinese.
        search_text text GENERATED ALWAYS AS (cogov_fold_script(name || ' ' || coalesce(description, ''))) STORED
      )`);
    await db.query(`CREATE INDEX service_organization_idx ON service (organization_id)`);
    await db.query(`CREATE INDEX service_public_name_idx ON service (name, id) WHERE status = 'ACTIVE' AND retired_at IS NULL`);
    await db.query(`CREATE INDEX service_categories_idx ON service USING gin (categories)`);
    await db.query(`CREATE INDEX service_target_groups_idx ON service USING gin (target_groups)`);
    await db.query(`CREATE INDEX service_search_idx ON service USING gin (cogov_bigrams(search_text))`);

    await db.query(`
      CREATE TABLE service_location (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        name varchar(200) NOT NULL CHECK (btrim(name) <> ''),
        address varchar(300) NOT NULL CHECK (btrim(address) <> ''),
        area_code varchar(32) NOT NULL REFERENCES area (code),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        accessibility text,
        retired_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((latitude IS NULL) = (longitude IS NULL))
      )`);
    await db.query(`CREATE INDEX service_location_organization_idx ON service_location (organization_id)`);
    await db.query(`CREATE INDEX service_location_area_idx ON service_location (area_code text_pattern_ops)`);
    await db.query(`CREATE INDEX service_location_point_idx ON service_location (latitude, longitude)`);

    await db.query(`
      CREATE TABLE service_at_location (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES service (id),
        location_id uuid NOT NULL REFERENCES service_location (id),
        -- Where the place stands in the service's list, as the organisation last gave it.
        position smallint NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT service_at_location_once UNIQUE (service_id, location_id)
      )`);
    await db.query(`CREATE INDEX service_at_location_location_idx ON service_at_location (location_id)`);

    // A schedule recurs WEEKLY (byday: MO, TU…) or MONTHLY (bymonthday: 1, -1…, or byday: 1SA, -1FR), or is one
    // session on a date (freq NULL). Hours are local to the IANA time zone; a session ends the day it starts.
    await db.query(`
      CREATE TABLE service_schedule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES service (id),
        location_id uuid REFERENCES service_location (id),
        freq varchar(8) CHECK (freq IN ('WEEKLY', 'MONTHLY')),
        byday varchar(4)[] NOT NULL DEFAULT '{}',
        bymonthday smallint[] NOT NULL DEFAULT '{}',
        session_date date,
        opens_at time(0) NOT NULL,
        closes_at time(0) NOT NULL,
        valid_from date,
        valid_to date,
        timezone varchar(64) NOT NULL,
        description varchar(300),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (opens_at < closes_at),
        CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to),
        CHECK ((freq IS NULL) = (session_date IS NOT NULL)),
        CHECK (freq IS NULL OR cardinality(byday) + cardinality(bymonthday) > 0)
      )`);
    await db.query(`CREATE INDEX service_schedule_service_idx ON service_schedule (service_id)`);

    // What a local date is called in recurrence rules: its weekday (TU), its weekday counted from the start and the
    // end of the month (2TU, -3TU), and its day of the month counted both ways (12, -19).
    await db.query(`
      CREATE FUNCTION cogov_day_names(day date) RETURNS varchar[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT ARRAY[weekday, ((extract(day FROM day)::int + 6) / 7)::text || weekday,
                     '-' || ((last_day - extract(day FROM day)::int) / 7 + 1)::text || weekday]::varchar[]
        FROM (SELECT (ARRAY['SU','MO','TU','WE','TH','FR','SA'])[extract(dow FROM day)::int + 1] AS weekday,
                     extract(day FROM (date_trunc('month', day) + interval '1 month - 1 day'))::int AS last_day) AS named
      $$`);
    await db.query(`
      CREATE FUNCTION cogov_month_days(day date) RETURNS smallint[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT ARRAY[extract(day FROM day)::int, extract(day FROM day)::int - last_day - 1]::smallint[]
        FROM (SELECT extract(day FROM (date_trunc('month', day) + interval '1 month - 1 day'))::int AS last_day) AS named
      $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION cogov_month_days(date)`);
    await db.query(`DROP FUNCTION cogov_day_names(date)`);
    for (const table of ["service_schedule", "service_at_location", "service_location", "service"]) await db.query(`DROP TABLE ${table}`);
  }
}
