import { MigrationInterface, QueryRunner } from "typeorm";

export class Registry1795700000000 implements MigrationInterface {
  name = "Registry1795700000000";

  async up(db: QueryRunner): Promise<void> {
    // Two-character pieces of a text: a GIN index over them finds any substring of two or more
    // characters, which Chinese words (醫療, 法律) need and trigram indexes do not give.
    await db.query(`
      CREATE FUNCTION cogov_bigrams(document text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT substr(lower(document), i, 2)), '{}')
        FROM generate_series(1, char_length(document) - 1) AS i
      $$`);

    await db.query(`
      CREATE TABLE area (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(32) NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Za-z]+$'),
        name varchar(100) NOT NULL CHECK (btrim(name) <> ''),
        level varchar(16) NOT NULL CHECK (level IN ('CITY', 'DISTRICT', 'STREET', 'COMMUNITY', 'GRID')),
        parent_code varchar(32) REFERENCES area (code),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT area_code_extends_parent CHECK (
          parent_code IS NULL OR (starts_with(code, parent_code) AND code <> parent_code)
        )
      )`);
    await db.query(`CREATE INDEX area_parent_idx ON area (parent_code, code, id)`);
    await db.query(`CREATE INDEX area_code_prefix_idx ON area (code varchar_pattern_ops)`);

    await db.query(`
      CREATE TABLE organization (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(32) NOT NULL CHECK (kind IN (
          'PARTY_COMMITTEE', 'PARTY_BRANCH', 'GOVERNMENT_AGENCY', 'NGO', 'ENTERPRISE', 'CLINIC',
          'LEGAL_AID', 'RESIDENT_GROUP', 'VOLUNTEER_TEAM', 'SERVICE_CENTER', 'PROPERTY_MANAGEMENT', 'OTHER'
        )),
        name varchar(200) NOT NULL CHECK (btrim(name) <> ''),
        slug varchar(64) NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
        description text CHECK (char_length(description) <= 5000),
        area_code varchar(32) NOT NULL REFERENCES area (code),
        parent_id uuid REFERENCES organization (id),
        address varchar(300),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        contact_phone varchar(32),
        website varchar(300),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT organization_location_pair CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CONSTRAINT organization_not_own_parent CHECK (parent_id <> id)
      )`);
    await db.query(`CREATE INDEX organization_name_idx ON organization (name, id)`);
    await db.query(`CREATE INDEX organization_created_at_idx ON organization (created_at, id)`);
    await db.query(`CREATE INDEX organization_parent_name_idx ON organization (parent_id, name, id)`);
    await db.query(`CREATE INDEX organization_parent_created_at_idx ON organization (parent_id, created_at, id)`);
    await db.query(`CREATE INDEX organization_area_idx ON organization (area_code varchar_pattern_ops)`);
    await db.query(`
      CREATE INDEX organization_search_idx ON organization
      USING gin (cogov_bigrams(name || ' ' || coalesce(description, '')))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE organization`);
    await db.query(`DROP TABLE area`);
    await db.query(`DROP FUNCTION cogov_bigrams(text)`);
  }
}
