import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Residents' feedback on a resolved request, a service session or an activity, and the milestones of a
 * request that the indicators read (first acceptance, first time overdue, ever reopened), kept from its
 * history by a trigger so figures read one row per request.
 */
export class Feedback1795975000000 implements MigrationInterface {
  name = "Feedback1795975000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE resident_request ADD COLUMN first_accepted_at timestamptz(3), ADD COLUMN first_overdue_at timestamptz(3), ADD COLUMN reopened boolean NOT NULL DEFAULT false`);
    // Idempotent per step (least, or): reloading a history writes the same milestones.
    await db.query(`
      CREATE FUNCTION cogov_request_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE resident_request SET
          first_accepted_at = CASE WHEN NEW.kind = 'STATUS_CHANGED' AND NEW.to_status = 'ACCEPTED' THEN least(first_accepted_at, NEW.occurred_at) ELSE first_accepted_at END,
          first_overdue_at = CASE WHEN NEW.kind = 'ESCALATED' THEN least(first_overdue_at, NEW.occurred_at) ELSE first_overdue_at END,
          reopened = reopened OR (NEW.kind = 'STATUS_CHANGED' AND NEW.to_status = 'REOPENED')
        WHERE id = NEW.request_id AND ((NEW.kind = 'STATUS_CHANGED' AND NEW.to_status IN ('ACCEPTED', 'REOPENED')) OR NEW.kind = 'ESCALATED');
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER resident_request_step_milestones AFTER INSERT ON resident_request_step FOR EACH ROW EXECUTE FUNCTION cogov_request_milestones()`);
    await db.query(`
      UPDATE resident_request r SET first_accepted_at = m.accepted, first_overdue_at = m.overdue, reopened = m.reopened
      FROM (SELECT request_id, min(occurred_at) FILTER (WHERE kind = 'STATUS_CHANGED' AND to_status = 'ACCEPTED') AS accepted,
                   min(occurred_at) FILTER (WHERE kind = 'ESCALATED') AS overdue, bool_or(kind = 'STATUS_CHANGED' AND to_status = 'REOPENED') AS reopened
            FROM resident_request_step GROUP BY request_id) m
      WHERE m.request_id = r.id`);
    // The dashboard's requests block: one area's requests filed in a period, as one index range.
    await db.query(`CREATE INDEX resident_request_area_filed_idx ON resident_request (area_code text_pattern_ops, created_at)`);

    await db.query(`
      CREATE TABLE feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_kind varchar(16) NOT NULL CHECK (subject_kind IN ('REQUEST', 'SERVICE_SESSION', 'ACTIVITY')),
        request_id uuid REFERENCES resident_request (id),
        service_id uuid REFERENCES service (id),
        session_date date,
        activity_id uuid REFERENCES activity (id),
        organization_id uuid NOT NULL REFERENCES organization (id),
        area_code varchar(32) NOT NULL REFERENCES area (code),
        category varchar(24),
        rater_person_id uuid REFERENCES person (id),
        stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
        comment text CHECK (char_length(comment) <= 1000),
        channel varchar(16) NOT NULL CHECK (channel IN ('ONLINE', 'QUESTIONNAIRE', 'MEETING', 'PHONE')),
        entered_by_organization_id uuid REFERENCES organization (id),
        rated_at timestamptz(3) NOT NULL DEFAULT now(),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT feedback_subject_shape CHECK (
          (subject_kind = 'REQUEST' AND request_id IS NOT NULL AND service_id IS NULL AND activity_id IS NULL AND session_date IS NULL)
          OR (subject_kind = 'SERVICE_SESSION' AND service_id IS NOT NULL AND session_date IS NOT NULL AND request_id IS NULL AND activity_id IS NULL AND rater_person_id IS NOT NULL)
          OR (subject_kind = 'ACTIVITY' AND activity_id IS NOT NULL AND request_id IS NULL AND service_id IS NULL AND session_date IS NULL AND rater_person_id IS NOT NULL)),
        -- Offline channels are entered by the rated organisation's staff; online, by the resident.
        CONSTRAINT feedback_entered_offline CHECK ((channel = 'ONLINE') = (entered_by_organization_id IS NULL))
      )`);
    // One rating per requester per rated thing (a request has one requester); rating again changes it.
    await db.query(`CREATE UNIQUE INDEX feedback_request_once ON feedback (request_id) WHERE subject_kind = 'REQUEST'`);
    await db.query(`CREATE UNIQUE INDEX feedback_session_once ON feedback (service_id, session_date, rater_person_id) WHERE subject_kind = 'SERVICE_SESSION'`);
    await db.query(`CREATE UNIQUE INDEX feedback_activity_once ON feedback (activity_id, rater_person_id) WHERE subject_kind = 'ACTIVITY'`);
    await db.query(`CREATE INDEX feedback_area_rated_idx ON feedback (area_code text_pattern_ops, rated_at)`);
    await db.query(`CREATE INDEX feedback_organization_rated_idx ON feedback (organization_id, rated_at, id)`);
    await db.query(`CREATE INDEX feedback_rater_idx ON feedback (rater_person_id, rated_at, id) WHERE rater_person_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE feedback`);
    await db.query(`DROP INDEX resident_request_area_filed_idx`);
    await db.query(`DROP TRIGGER resident_request_step_milestones ON resident_request_step`);
    await db.query(`DROP FUNCTION cogov_request_milestones()`);
    await db.query(`ALTER TABLE resident_request DROP COLUMN first_accepted_at, DROP COLUMN first_overdue_at, DROP COLUMN reopened`);
  }
}
