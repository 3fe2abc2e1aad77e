import { MigrationInterface, QueryRunner } from "typeorm";

const CATEGORIES = `'MEDICAL', 'LEGAL_AID', 'EMPLOYMENT', 'ELDER_CARE', 'DISABILITY_SUPPORT', 'CHILD_CARE', 'PSYCHOLOGICAL_SUPPORT', 'CULTURAL',
  'ENVIRONMENT', 'SAFETY', 'NEIGHBOURHOOD_DISPUTE', 'PROPERTY_MANAGEMENT', 'INFRASTRUCTURE', 'OTHER'`;
const STATUSES = `'SUBMITTED', 'ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'RESOLVED', 'CLOSED', 'REJECTED', 'TRANSFERRED', 'REOPENED'`;

export class ResidentRequests1795930000000 implements MigrationInterface {
  name = "ResidentRequests1795930000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE request_routing_rule (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        area_prefix varchar(32) NOT NULL REFERENCES area (code),
        category varchar(24) NOT NULL CHECK (category IN (${CATEGORIES})),
        organization_id uuid NOT NULL REFERENCES organization (id),
        kept_by_organization_id uuid NOT NULL REFERENCES organization (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT request_routing_rule_once UNIQUE (area_prefix, category)
      )`);

    await db.query(`
      CREATE TABLE resident_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        category varchar(24) NOT NULL CHECK (category IN (${CATEGORIES})),
        description text NOT NULL CHECK (btrim(description) <> ''),
        area_code varchar(32) NOT NULL REFERENCES area (code),
        place varchar(300),
        urgency varchar(16) NOT NULL CHECK (urgency IN ('CRITICAL', 'HIGH', 'NORMAL', 'LOW')),
        preferred_contact varchar(16) NOT NULL CHECK (preferred_contact IN ('PHONE', 'SMS', 'EMAIL', 'WECHAT', 'IN_APP')),
        contact_value varchar(100),
        contact_consented_at timestamptz(3),
        identity_visible_to_handler boolean NOT NULL,
        requester_person_id uuid REFERENCES person (id),
        filed_by_organization_id uuid REFERENCES organization (id),
        handling_organization_id uuid NOT NULL REFERENCES organization (id),
        routing_rule_id uuid REFERENCES request_routing_rule (id) ON DELETE SET NULL,
        status varchar(16) NOT NULL CHECK (status IN (${STATUSES})),
        assignee_person_id uuid REFERENCES person (id),
        assignee_team_id uuid REFERENCES organization (id),
        project_id uuid REFERENCES project (id),
        need_id uuid REFERENCES resource_need (id),
        accept_by timestamptz(3),
        resolve_by timestamptz(3),
        resolved_at timestamptz(3),
        overdue_since timestamptz(3),
        escalation_level smallint NOT NULL DEFAULT 0 CHECK (escalation_level BETWEEN 0 AND 2),
        escalated_to_organization_id uuid REFERENCES organization (id),
        escalated_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        -- Minimal data: a contact value is kept only with the requester's consent.
        CONSTRAINT resident_request_contact_consented CHECK (contact_value IS NULL OR contact_consented_at IS NOT NULL),
        -- Someone must be reachable: the known person, or a contact channel.
        CONSTRAINT resident_request_reachable CHECK (requester_person_id IS NOT NULL OR contact_value IS NOT NULL)
      )`);
    await db.query(`CREATE INDEX resident_request_handler_idx ON resident_request (handling_organization_id, created_at, id)`);
    await db.query(`CREATE INDEX resident_request_requester_idx ON resident_request (requester_person_id, created_at, id) WHERE requester_person_id IS NOT NULL`);
    await db.query(`CREATE INDEX resident_request_area_idx ON resident_request (area_code text_pattern_ops, status)`);
    // The sweep's candidates: requests still open, by the deadline that matters for their status.
    await db.query(`CREATE INDEX resident_request_accept_due_idx ON resident_request (accept_by) WHERE status IN ('SUBMITTED', 'TRANSFERRED')`);
    await db.query(`CREATE INDEX resident_request_resolve_due_idx ON resident_request (resolve_by) WHERE status IN ('ACCEPTED', 'ASSIGNED', 'IN_PROGRESS', 'REOPENED')`);

    await db.query(`
      CREATE TABLE resident_request_step (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES resident_request (id),
        kind varchar(16) NOT NULL CHECK (kind IN ('FILED', 'STATUS_CHANGED', 'ESCALATED', 'LINKED')),
        from_status varchar(16) CHECK (from_status IN (${STATUSES})),
        to_status varchar(16) NOT NULL CHECK (to_status IN (${STATUSES})),
        handling_organization_id uuid NOT NULL REFERENCES organization (id),
        organization_id uuid REFERENCES organization (id),
        actor_user_id uuid REFERENCES app_user (id) ON DELETE SET NULL,
        reason text,
        occurred_at timestamptz(3) NOT NULL
      )`);
    await db.query(`CREATE INDEX resident_request_step_request_idx ON resident_request_step (request_id, occurred_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["resident_request_step", "resident_request", "request_routing_rule"]) await db.query(`DROP TABLE ${table}`);
  }
}
