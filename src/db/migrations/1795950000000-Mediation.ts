import { MigrationInterface, QueryRunner } from "typeorm";

const KINDS = [
  "PARTY_COMMITTEE", "PARTY_BRANCH", "GOVERNMENT_AGENCY", "NGO", "ENTERPRISE", "CLINIC",
  "LEGAL_AID", "RESIDENT_GROUP", "VOLUNTEER_TEAM", "SERVICE_CENTER", "PROPERTY_MANAGEMENT", "OTHER",
];

/** People's mediation (人民調解): committees, their mediators, and cases with parties, what each party agreed to, and sessions. */
export class Mediation1795950000000 implements MigrationInterface {
  name = "Mediation1795950000000";

  async up(db: QueryRunner): Promise<void> {
    // No kind held a people's mediation committee: it is neither legal aid nor a resident group.
    await db.query(`ALTER TABLE organization DROP CONSTRAINT organization_kind_check`);
    await db.query(`ALTER TABLE organization ADD CONSTRAINT organization_kind_check CHECK (kind IN (${[...KINDS, "MEDIATION_COMMITTEE"].map((kind) => `'${kind}'`).join(", ")}))`);

    await db.query(`
      CREATE TABLE mediator (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        person_id uuid NOT NULL REFERENCES person (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT mediator_once_per_committee UNIQUE (organization_id, person_id)
      )`);
    await db.query(`CREATE INDEX mediator_person_idx ON mediator (person_id)`);

    // A relation a mediator declared (kin, friend, employer…): to a person or to an organisation.
    await db.query(`
      CREATE TABLE mediator_relation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organization (id),
        mediator_person_id uuid NOT NULL REFERENCES person (id),
        related_person_id uuid REFERENCES person (id),
        related_organization_id uuid REFERENCES organization (id),
        note varchar(300),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT mediator_relation_one_side CHECK ((related_person_id IS NULL) <> (related_organization_id IS NULL))
      )`);
    await db.query(`CREATE INDEX mediator_relation_mediator_idx ON mediator_relation (mediator_person_id)`);

    await db.query(`
      CREATE TABLE mediation_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        committee_id uuid NOT NULL REFERENCES organization (id),
        category varchar(24) NOT NULL CHECK (category IN ('NEIGHBOURS', 'PROPERTY_MANAGEMENT', 'FAMILY', 'LABOUR', 'CONSUMER', 'OTHER')),
        summary text NOT NULL CHECK (btrim(summary) <> '' AND char_length(summary) <= 5000),
        area_code varchar(32) NOT NULL REFERENCES area (code),
        status varchar(16) NOT NULL CHECK (status IN ('APPLIED', 'ACCEPTED', 'DECLINED', 'IN_MEDIATION', 'AGREEMENT', 'NO_AGREEMENT', 'WITHDRAWN')),
        decline_reason varchar(1000),
        referral varchar(16) CHECK (referral IN ('COURT', 'ARBITRATION', 'OTHER_BODY')),
        referral_note varchar(1000),
        terms text CHECK (char_length(terms) <= 10000),
        -- Each new wording of the terms is a round of signatures; extensions likewise.
        terms_round integer NOT NULL DEFAULT 0,
        extension_round integer NOT NULL DEFAULT 0,
        extension_days integer CHECK (extension_days BETWEEN 1 AND 90),
        applied_at timestamptz(3) NOT NULL,
        accepted_at timestamptz(3),
        due_at timestamptz(3),
        closed_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT mediation_case_referral_only_without_agreement CHECK (referral IS NULL OR status = 'NO_AGREEMENT'),
        CONSTRAINT mediation_case_due_after_acceptance CHECK ((accepted_at IS NULL) = (due_at IS NULL))
      )`);
    await db.query(`CREATE INDEX mediation_case_committee_idx ON mediation_case (committee_id, applied_at, id)`);
    // The committee's open cases by deadline: its overdue list.
    await db.query(`CREATE INDEX mediation_case_due_idx ON mediation_case (committee_id, due_at) WHERE status IN ('ACCEPTED', 'IN_MEDIATION')`);
    // Indicators count closings; dashboards count applications in an area.
    await db.query(`CREATE INDEX mediation_case_closed_idx ON mediation_case (committee_id, closed_at) WHERE closed_at IS NOT NULL`);
    await db.query(`CREATE INDEX mediation_case_area_idx ON mediation_case (area_code varchar_pattern_ops, applied_at)`);

    await db.query(`
      CREATE TABLE mediation_party (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES mediation_case (id),
        role varchar(16) NOT NULL CHECK (role IN ('APPLICANT', 'RESPONDENT')),
        person_id uuid REFERENCES person (id),
        organization_id uuid REFERENCES organization (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT mediation_party_one_side CHECK ((person_id IS NULL) <> (organization_id IS NULL)),
        CONSTRAINT mediation_party_person_once UNIQUE (case_id, person_id),
        CONSTRAINT mediation_party_organization_once UNIQUE (case_id, organization_id)
      )`);
    await db.query(`CREATE INDEX mediation_party_person_idx ON mediation_party (person_id) WHERE person_id IS NOT NULL`);
    await db.query(`CREATE INDEX mediation_party_organization_idx ON mediation_party (organization_id) WHERE organization_id IS NOT NULL`);

    // What each party agreed to: to be mediated (or refused), to extend the time limit, the terms; once per round.
    await db.query(`
      CREATE TABLE mediation_party_act (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES mediation_case (id),
        party_id uuid NOT NULL REFERENCES mediation_party (id),
        act varchar(8) NOT NULL CHECK (act IN ('CONSENT', 'REFUSE', 'EXTEND', 'SIGN')),
        round integer NOT NULL DEFAULT 0,
        acted_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz(3) NOT NULL,
        CONSTRAINT mediation_party_act_once UNIQUE (party_id, act, round)
      )`);
    await db.query(`CREATE INDEX mediation_party_act_case_idx ON mediation_party_act (case_id, act, round)`);

    await db.query(`
      CREATE TABLE mediation_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES mediation_case (id),
        mediator_person_id uuid NOT NULL REFERENCES person (id),
        ended_at timestamptz(3),
        replacement_requested_by_party_id uuid REFERENCES mediation_party (id),
        replacement_reason varchar(1000),
        replacement_requested_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX mediation_assignment_once ON mediation_assignment (case_id, mediator_person_id) WHERE ended_at IS NULL`);
    await db.query(`CREATE INDEX mediation_assignment_person_idx ON mediation_assignment (mediator_person_id) WHERE ended_at IS NULL`);

    await db.query(`
      CREATE TABLE mediation_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES mediation_case (id),
        held_at timestamptz(3) NOT NULL,
        place varchar(300) NOT NULL,
        attendee_party_ids uuid[] NOT NULL DEFAULT '{}',
        attendee_mediator_ids uuid[] NOT NULL DEFAULT '{}',
        notes text CHECK (char_length(notes) <= 10000),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX mediation_session_case_idx ON mediation_session (case_id, held_at, id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["mediation_session", "mediation_assignment", "mediation_party_act", "mediation_party", "mediation_case", "mediator_relation", "mediator"]) await db.query(`DROP TABLE ${table}`);
    await db.query(`ALTER TABLE organization DROP CONSTRAINT organization_kind_check`);
    await db.query(`ALTER TABLE organization ADD CONSTRAINT organization_kind_check CHECK (kind IN (${KINDS.map((kind) => `'${kind}'`).join(", ")}))`);
  }
}
