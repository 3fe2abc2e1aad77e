import { MigrationInterface, QueryRunner } from "typeorm";

export class Councils1795940000000 implements MigrationInterface {
  name = "Councils1795940000000";

  async up(db: QueryRunner): Promise<void> {
    // One council per area, convened by that area's Party organisation; its rules are columns so votes apply them exactly.
    await db.query(`
      CREATE TABLE council (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        area_code varchar(32) NOT NULL UNIQUE REFERENCES area (code),
        convening_organization_id uuid NOT NULL REFERENCES organization (id),
        name varchar(100) NOT NULL CHECK (btrim(name) <> ''),
        quorum_percent integer NOT NULL CHECK (quorum_percent BETWEEN 1 AND 100),
        majority_rule varchar(16) NOT NULL CHECK (majority_rule IN ('SIMPLE', 'TWO_THIRDS')),
        petition_signatures integer NOT NULL CHECK (petition_signatures BETWEEN 1 AND 100000),
        seconding_days integer NOT NULL CHECK (seconding_days BETWEEN 1 AND 365),
        debate_days integer NOT NULL CHECK (debate_days BETWEEN 1 AND 365),
        voting_hours integer NOT NULL CHECK (voting_hours BETWEEN 1 AND 720),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    // A seat: a resident representative (person_id), or an organisation with its one delegate; seat_person_id is who sits and votes.
    await db.query(`
      CREATE TABLE council_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        council_id uuid NOT NULL REFERENCES council (id),
        kind varchar(16) NOT NULL CHECK (kind IN ('RESIDENT', 'ORGANIZATION')),
        organization_id uuid REFERENCES organization (id),
        seat_person_id uuid NOT NULL REFERENCES person (id),
        term_starts_on date NOT NULL,
        term_ends_on date NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT council_member_term_order CHECK (term_ends_on >= term_starts_on),
        CONSTRAINT council_member_kind_shape CHECK ((kind = 'ORGANIZATION') = (organization_id IS NOT NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX council_member_one_seat_per_person ON council_member (council_id, seat_person_id)`);
    await db.query(`CREATE UNIQUE INDEX council_member_one_seat_per_organization ON council_member (council_id, organization_id) WHERE organization_id IS NOT NULL`);
    await db.query(`CREATE INDEX council_member_person_idx ON council_member (seat_person_id)`);

    await db.query(`
      CREATE TABLE council_meeting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        council_id uuid NOT NULL REFERENCES council (id),
        title varchar(200) NOT NULL CHECK (btrim(title) <> ''),
        scheduled_at timestamptz(3) NOT NULL,
        place varchar(300),
        status varchar(16) NOT NULL CHECK (status IN ('SCHEDULED', 'IN_SESSION', 'ADJOURNED')),
        minutes text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX council_meeting_council_idx ON council_meeting (council_id, scheduled_at, id)`);

    await db.query(`
      CREATE TABLE proposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        council_id uuid NOT NULL REFERENCES council (id),
        title varchar(200) NOT NULL CHECK (btrim(title) <> ''),
        body text NOT NULL CHECK (btrim(body) <> ''),
        category varchar(24) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'SECONDED', 'IN_DEBATE', 'VOTING', 'PASSED', 'REJECTED', 'WITHDRAWN')),
        proposer_member_id uuid REFERENCES council_member (id),
        -- A residents' joint petition: the resident who started it; it goes ahead with enough signatures.
        petitioner_person_id uuid REFERENCES person (id),
        seconder_member_id uuid REFERENCES council_member (id),
        lead_organization_id uuid REFERENCES organization (id),
        partner_organization_ids uuid[] NOT NULL DEFAULT '{}',
        stage_ends_at timestamptz(3),
        secret boolean,
        voting_meeting_id uuid REFERENCES council_meeting (id),
        eligible_count integer,
        present_count integer,
        votes_for integer,
        votes_against integer,
        votes_abstain integer,
        decided_at timestamptz(3),
        project_id uuid UNIQUE REFERENCES project (id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT proposal_one_origin CHECK ((proposer_member_id IS NULL) <> (petitioner_person_id IS NULL)),
        CONSTRAINT proposal_decided_has_tally CHECK (status NOT IN ('PASSED', 'REJECTED') OR (votes_for IS NOT NULL AND decided_at IS NOT NULL)),
        CONSTRAINT proposal_project_when_passed CHECK (project_id IS NULL OR status = 'PASSED')
      )`);
    await db.query(`CREATE INDEX proposal_council_idx ON proposal (council_id, created_at, id)`);

    await db.query(`
      CREATE TABLE meeting_agenda_item (
        meeting_id uuid NOT NULL REFERENCES council_meeting (id),
        proposal_id uuid NOT NULL REFERENCES proposal (id),
        position integer NOT NULL,
        PRIMARY KEY (meeting_id, proposal_id)
      )`);
    await db.query(`CREATE INDEX meeting_agenda_item_proposal_idx ON meeting_agenda_item (proposal_id)`);
    await db.query(`
      CREATE TABLE meeting_attendance (
        meeting_id uuid NOT NULL REFERENCES council_meeting (id),
        member_id uuid NOT NULL REFERENCES council_member (id),
        PRIMARY KEY (meeting_id, member_id)
      )`);

    await db.query(`
      CREATE TABLE petition_signature (
        proposal_id uuid NOT NULL REFERENCES proposal (id),
        person_id uuid NOT NULL REFERENCES person (id),
        signed_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (proposal_id, person_id)
      )`);
    await db.query(`
      CREATE TABLE proposal_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposal (id),
        person_id uuid NOT NULL REFERENCES person (id),
        body varchar(2000) NOT NULL CHECK (btrim(body) <> ''),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX proposal_comment_proposal_idx ON proposal_comment (proposal_id, created_at, id)`);
    await db.query(`
      CREATE TABLE proposal_amendment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposal (id),
        member_id uuid NOT NULL REFERENCES council_member (id),
        body text NOT NULL CHECK (btrim(body) <> ''),
        status varchar(16) NOT NULL CHECK (status IN ('PROPOSED', 'ACCEPTED', 'REJECTED')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX proposal_amendment_proposal_idx ON proposal_amendment (proposal_id, created_at, id)`);

    // Who voted, one row per member and proposal. A secret vote's choice leaves this table when the vote closes (for ballot).
    await db.query(`
      CREATE TABLE vote (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposal (id),
        member_id uuid NOT NULL REFERENCES council_member (id),
        choice varchar(8) CHECK (choice IN ('FOR', 'AGAINST', 'ABSTAIN')),
        changes integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT vote_once_per_member UNIQUE (proposal_id, member_id)
      )`);
    // A closed secret vote's choices: no voter, no time, no order, so none can be linked back to a vote row.
    await db.query(`
      CREATE TABLE ballot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL REFERENCES proposal (id),
        choice varchar(8) NOT NULL CHECK (choice IN ('FOR', 'AGAINST', 'ABSTAIN'))
      )`);
    await db.query(`CREATE INDEX ballot_proposal_idx ON ballot (proposal_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ["ballot", "vote", "proposal_amendment", "proposal_comment", "petition_signature", "meeting_attendance", "meeting_agenda_item", "proposal", "council_meeting", "council_member", "council"]) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
