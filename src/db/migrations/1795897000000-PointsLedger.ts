import { MigrationInterface, QueryRunner } from "typeorm";

export class PointsLedger1795897000000 implements MigrationInterface {
  name = "PointsLedger1795897000000";

  async up(db: QueryRunner): Promise<void> {
    // `balance` caches the sum of the account's entries (to minus from), kept in the entry's transaction; only an
    // issuer's account, where points come from, goes below zero.
    await db.query(`
      CREATE TABLE points_account (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(8) NOT NULL CHECK (kind IN ('PERSON', 'POOL', 'ISSUER')),
        person_id uuid REFERENCES person (id),
        organization_id uuid REFERENCES organization (id),
        balance bigint NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT points_account_one_holder CHECK ((kind = 'PERSON') = (person_id IS NOT NULL) AND (kind = 'PERSON') = (organization_id IS NULL)),
        CONSTRAINT points_account_never_negative CHECK (kind = 'ISSUER' OR balance >= 0)
      )`);
    await db.query(`CREATE UNIQUE INDEX points_account_of_person ON points_account (person_id) WHERE kind = 'PERSON'`);
    await db.query(`CREATE UNIQUE INDEX points_account_of_organization ON points_account (organization_id, kind) WHERE kind <> 'PERSON'`);

    await db.query(`
      CREATE TABLE points_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(8) NOT NULL CHECK (kind IN ('FUND', 'EARN', 'REDEEM', 'REVERSAL')),
        from_account_id uuid NOT NULL REFERENCES points_account (id),
        to_account_id uuid NOT NULL REFERENCES points_account (id),
        points integer NOT NULL CHECK (points > 0),
        sign_up_id uuid REFERENCES shift_sign_up (id),
        reverses_entry_id uuid REFERENCES points_entry (id),
        reason varchar(500),
        organization_id uuid REFERENCES organization (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT points_entry_between_two CHECK (from_account_id <> to_account_id),
        CONSTRAINT points_entry_reversal_names_entry CHECK ((kind = 'REVERSAL') = (reverses_entry_id IS NOT NULL)),
        CONSTRAINT points_entry_earned_for_hours CHECK ((kind = 'EARN') = (sign_up_id IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX points_entry_reversed_once ON points_entry (reverses_entry_id)`);
    await db.query(`CREATE UNIQUE INDEX points_entry_earned_once ON points_entry (sign_up_id)`);
    await db.query(`CREATE INDEX points_entry_from_idx ON points_entry (from_account_id, created_at, id)`);
    await db.query(`CREATE INDEX points_entry_to_idx ON points_entry (to_account_id, created_at, id)`);
    // An entry is never changed or deleted: a mistake is corrected by a reversal, a new entry.
    await db.query(`
      CREATE FUNCTION points_entry_unchangeable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'points entries are never changed or deleted; reverse one instead';
      END $$`);
    await db.query(`CREATE TRIGGER points_entry_unchangeable BEFORE UPDATE OR DELETE ON points_entry FOR EACH ROW EXECUTE FUNCTION points_entry_unchangeable()`);

    await db.query(`
      CREATE TABLE points_rule (
        organization_id uuid NOT NULL REFERENCES organization (id),
        activity_kind varchar(24) NOT NULL,
        points_per_hour integer NOT NULL CHECK (points_per_hour BETWEEN 0 AND 1000),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, activity_kind)
      )`);

    await db.query(`
      CREATE TABLE reward (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        name varchar(100) NOT NULL CHECK (btrim(name) <> ''),
        points_price integer NOT NULL CHECK (points_price > 0),
        stock integer NOT NULL CHECK (stock >= 0),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX reward_organization_idx ON reward (organization_id, created_at, id)`);

    await db.query(`
      CREATE TABLE reward_redemption (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reward_id uuid NOT NULL REFERENCES reward (id),
        person_id uuid NOT NULL REFERENCES person (id),
        entry_id uuid NOT NULL REFERENCES points_entry (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT reward_redemption_one_entry UNIQUE (entry_id)
      )`);
    await db.query(`CREATE INDEX reward_redemption_reward_idx ON reward_redemption (reward_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["reward_redemption", "reward", "points_rule", "points_entry", "points_account"]) await db.query(`DROP TABLE ${table}`);
    await db.query(`DROP FUNCTION points_entry_unchangeable()`);
  }
}
