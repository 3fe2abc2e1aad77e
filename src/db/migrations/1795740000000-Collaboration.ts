import { MigrationInterface, QueryRunner } from "typeorm";

export class Collaboration1795740000000 implements MigrationInterface {
  name = "Collaboration1795740000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE project (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title varchar(200) NOT NULL CHECK (btrim(title) <> ''),
        summary text CHECK (char_length(summary) <= 5000),
        category varchar(32) NOT NULL CHECK (category IN (
          'HEALTH', 'LEGAL_AID', 'ELDERLY_CARE', 'CHILDREN_AND_YOUTH', 'ENVIRONMENT', 'EMERGENCY',
          'NEIGHBOURHOOD_SAFETY', 'CULTURE', 'EMPLOYMENT', 'COMMUNITY_BUILDING', 'OTHER'
        )),
        status varchar(16) NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'OPEN', 'ACTIVE', 'COMPLETED', 'CANCELLED')),
        area_code varchar(32) NOT NULL REFERENCES area (code),
        lead_organization_id uuid NOT NULL REFERENCES organization (id),
        starts_on date,
        ends_on date,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT project_dates_in_order CHECK (ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on)
      )`);
    await db.query(`CREATE INDEX project_title_idx ON project (title, id)`);
    await db.query(`CREATE INDEX project_created_at_idx ON project (created_at, id)`);
    await db.query(`CREATE INDEX project_area_idx ON project (area_code varchar_pattern_ops)`);
    await db.query(`CREATE INDEX project_lead_idx ON project (lead_organization_id)`);
    await db.query(`CREATE INDEX project_search_idx ON project USING gin (cogov_bigrams(title || ' ' || coalesce(summary, '')))`);

    await db.query(`
      CREATE TABLE partnership (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        role varchar(16) NOT NULL CHECK (role IN ('LEAD', 'PARTNER', 'SPONSOR', 'SUPPORTER')),
        status varchar(16) NOT NULL CHECK (status IN ('INVITED', 'ACTIVE', 'DECLINED', 'LEFT')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT partnership_once_per_project UNIQUE (project_id, organization_id)
      )`);
    await db.query(`CREATE INDEX partnership_project_idx ON partnership (project_id, created_at, id)`);
    await db.query(`CREATE INDEX partnership_organization_idx ON partnership (organization_id, created_at, id)`);

    // Figures derived from pledge rows are stored for reading and sorting, and recomputed from
    // those rows under the need's row lock in every transaction that changes a pledge.
    await db.query(`
      CREATE TABLE resource_need (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL REFERENCES project (id),
        posted_by_organization_id uuid NOT NULL REFERENCES organization (id),
        category varchar(32) NOT NULL CHECK (category IN (
          'VOLUNTEERS', 'FUNDS', 'MATERIALS', 'MEDICAL_SUPPLIES', 'MEDICAL_STAFF', 'LEGAL_EXPERTS',
          'VENUE', 'TRANSPORT', 'FOOD', 'SHELTER', 'OTHER'
        )),
        title varchar(200) NOT NULL CHECK (btrim(title) <> ''),
        description text CHECK (char_length(description) <= 5000),
        quantity numeric(14, 2) NOT NULL CHECK (quantity > 0),
        unit varchar(32) NOT NULL CHECK (btrim(unit) <> ''),
        urgency varchar(16) NOT NULL CHECK (urgency IN ('CRITICAL', 'HIGH', 'NORMAL', 'LOW')),
        urgency_rank smallint GENERATED ALWAYS AS (
          CASE urgency WHEN 'CRITICAL' THEN 0 WHEN 'HIGH' THEN 1 WHEN 'NORMAL' THEN 2 ELSE 3 END
        ) STORED,
        needed_by timestamptz(3) NOT NULL,
        area_code varchar(32) NOT NULL REFERENCES area (code),
        address varchar(300),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        status varchar(20) NOT NULL DEFAULT 'OPEN' CHECK (status IN (
          'OPEN', 'PARTIALLY_PLEDGED', 'FULLY_PLEDGED', 'FULFILLED', 'CANCELLED', 'EXPIRED'
        )),
        pledged_quantity numeric(14, 2) NOT NULL DEFAULT 0,
        accepted_quantity numeric(14, 2) NOT NULL DEFAULT 0,
        delivered_quantity numeric(14, 2) NOT NULL DEFAULT 0,
        remaining_quantity numeric(14, 2) NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT resource_need_location_pair CHECK ((latitude IS NULL) = (longitude IS NULL)),
        CONSTRAINT resource_need_accepted_within_quantity CHECK (accepted_quantity <= quantity),
        CONSTRAINT resource_need_remaining CHECK (remaining_quantity = quantity - accepted_quantity)
      )`);
    await db.query(`CREATE INDEX resource_need_project_idx ON resource_need (project_id, created_at, id)`);
    await db.query(`CREATE INDEX resource_need_urgency_idx ON resource_need (urgency_rank, id)`);
    await db.query(`CREATE INDEX resource_need_needed_by_idx ON resource_need (needed_by, id)`);
    await db.query(`CREATE INDEX resource_need_created_at_idx ON resource_need (created_at, id)`);
    await db.query(`CREATE INDEX resource_need_remaining_idx ON resource_need (remaining_quantity, id)`);
    await db.query(`CREATE INDEX resource_need_area_idx ON resource_need (area_code varchar_pattern_ops)`);
    await db.query(`CREATE INDEX resource_need_location_idx ON resource_need (latitude, longitude) WHERE latitude IS NOT NULL`);
    await db.query(`
      CREATE INDEX resource_need_due_idx ON resource_need (needed_by)
      WHERE status IN ('OPEN', 'PARTIALLY_PLEDGED', 'FULLY_PLEDGED')`);
    await db.query(`CREATE INDEX resource_need_search_idx ON resource_need USING gin (cogov_bigrams(title || ' ' || coalesce(description, '')))`);

    await db.query(`
      CREATE TABLE resource_need_status_change (
        id bigserial PRIMARY KEY,
        need_id uuid NOT NULL REFERENCES resource_need (id),
        from_status varchar(20),
        to_status varchar(20) NOT NULL,
        reason varchar(300) NOT NULL,
        changed_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX resource_need_status_change_need_idx ON resource_need_status_change (need_id, id)`);

    await db.query(`
      CREATE TABLE pledge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        need_id uuid NOT NULL REFERENCES resource_need (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        quantity numeric(14, 2) NOT NULL CHECK (quantity > 0),
        accepted_quantity numeric(14, 2) CHECK (accepted_quantity > 0 AND accepted_quantity <= quantity),
        delivered_quantity numeric(14, 2) NOT NULL DEFAULT 0 CHECK (delivered_quantity >= 0),
        status varchar(16) NOT NULL DEFAULT 'OFFERED' CHECK (status IN ('OFFERED', 'ACCEPTED', 'DELIVERED', 'DECLINED', 'WITHDRAWN')),
        provisional boolean NOT NULL DEFAULT false,
        response_reason varchar(500),
        note varchar(1000),
        available_from timestamptz(3),
        expected_delivery timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT pledge_delivered_within_accepted CHECK (delivered_quantity <= coalesce(accepted_quantity, 0)),
        CONSTRAINT pledge_accepted_when_committed CHECK ((status IN ('ACCEPTED', 'DELIVERED')) = (accepted_quantity IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX pledge_need_idx ON pledge (need_id, created_at, id)`);
    await db.query(`CREATE INDEX pledge_organization_idx ON pledge (organization_id, created_at, id)`);

    await db.query(`
      CREATE TABLE delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pledge_id uuid NOT NULL REFERENCES pledge (id),
        quantity numeric(14, 2) NOT NULL CHECK (quantity > 0),
        note varchar(1000),
        recorded_by_organization_id uuid NOT NULL REFERENCES organization (id),
        delivered_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX delivery_pledge_idx ON delivery (pledge_id, delivered_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["delivery", "pledge", "resource_need_status_change", "resource_need", "partnership", "project"]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
