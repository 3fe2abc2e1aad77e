import { MigrationInterface, QueryRunner } from "typeorm";

export class Identity1795750000000 implements MigrationInterface {
  name = "Identity1795750000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL CHECK (email = lower(email) AND email LIKE '%_@_%'),
        display_name varchar(100) NOT NULL CHECK (btrim(display_name) <> ''),
        password_hash varchar(200),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT app_user_email_key UNIQUE (email)
      )`);

    await db.query(`
      CREATE TABLE membership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organization (id),
        role varchar(16) NOT NULL CHECK (role IN ('OWNER', 'ADMIN', 'COORDINATOR', 'MEMBER')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT membership_once_per_organization UNIQUE (user_id, organization_id)
      )`);
    await db.query(`CREATE INDEX membership_organization_idx ON membership (organization_id, created_at, id)`);

    // Keys are looked up by their public id; only a hash of the secret part is kept.
    await db.query(`
      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        public_id varchar(16) NOT NULL UNIQUE,
        secret_hash varchar(64) NOT NULL,
        organization_id uuid NOT NULL REFERENCES organization (id),
        name varchar(100) NOT NULL CHECK (btrim(name) <> ''),
        scopes varchar(16)[] NOT NULL CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['read', 'write:needs', 'write:pledges', 'alerts']::varchar(16)[]),
        created_by_user_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        last_used_at timestamptz(3),
        revoked_at timestamptz(3)
      )`);
    await db.query(`CREATE INDEX api_key_organization_idx ON api_key (organization_id, created_at, id)`);

    await db.query(`
      CREATE TABLE audit_entry (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz(3) NOT NULL DEFAULT now(),
        organization_id uuid REFERENCES organization (id),
        actor_user_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        actor_api_key_id uuid REFERENCES api_key (id),
        action varchar(64) NOT NULL,
        entity_type varchar(32) NOT NULL,
        entity_id varchar(64) NOT NULL,
        before jsonb,
        after jsonb,
        request_id varchar(100)
      )`);
    await db.query(`CREATE INDEX audit_entry_organization_idx ON audit_entry (organization_id, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["audit_entry", "api_key", "membership", "app_user"]) await db.query(`DROP TABLE ${table}`);
  }
}
