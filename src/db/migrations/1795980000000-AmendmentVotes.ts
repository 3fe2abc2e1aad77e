import { MigrationInterface, QueryRunner } from "typeorm";

export class AmendmentVotes1795980000000 implements MigrationInterface {
  name = "AmendmentVotes1795980000000";

  async up(db: QueryRunner): Promise<void> {
    // An amendment the proposer does not take may be put to the council's vote: the sitting, its quorum base and the
    // count at the close are kept with the amendment, as a proposal keeps its own.
    await db.query(`ALTER TABLE proposal_amendment DROP CONSTRAINT proposal_amendment_status_check`);
    await db.query(`
      ALTER TABLE proposal_amendment
        ADD CONSTRAINT proposal_amendment_status_known CHECK (status IN ('PROPOSED', 'VOTING', 'ACCEPTED', 'REJECTED')),
        ADD COLUMN voting_meeting_id uuid REFERENCES council_meeting (id),
        ADD COLUMN eligible_count integer,
        ADD COLUMN present_count integer,
        ADD COLUMN votes_for integer,
        ADD COLUMN votes_against integer,
        ADD COLUMN votes_abstain integer,
        ADD COLUMN decided_at timestamptz(3),
        ADD CONSTRAINT proposal_amendment_vote_fixed CHECK ((voting_meeting_id IS NULL) = (present_count IS NULL) AND (present_count IS NULL) = (eligible_count IS NULL))`);
    // One vote per member and amendment, changed in place until the vote closes.
    await db.query(`
      CREATE TABLE amendment_vote (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        amendment_id uuid NOT NULL REFERENCES proposal_amendment (id),
        member_id uuid NOT NULL REFERENCES council_member (id),
        choice varchar(8) NOT NULL CHECK (choice IN ('FOR', 'AGAINST', 'ABSTAIN')),
        changes integer NOT NULL DEFAULT 0,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT amendment_vote_once_per_member UNIQUE (amendment_id, member_id)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE amendment_vote`);
    await db.query(`UPDATE proposal_amendment SET status = 'PROPOSED' WHERE status = 'VOTING'`);
    await db.query(`
      ALTER TABLE proposal_amendment DROP CONSTRAINT proposal_amendment_vote_fixed, DROP CONSTRAINT proposal_amendment_status_known,
        DROP COLUMN voting_meeting_id, DROP COLUMN eligible_count, DROP COLUMN present_count, DROP COLUMN votes_for, DROP COLUMN votes_against,
        DROP COLUMN votes_abstain, DROP COLUMN decided_at,
        ADD CONSTRAINT proposal_amendment_status_check CHECK (status IN ('PROPOSED', 'ACCEPTED', 'REJECTED'))`);
  }
}
