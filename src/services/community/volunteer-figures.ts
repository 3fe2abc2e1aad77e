import type { ActivityKind } from "../../entities/community/activity";

// Statements over a dashboard's scope: $1 = area code prefix pattern, $2 = from, $3 = to. Aggregates only:
// no person's id, name or hours leave the database, as dashboards are public.

/** What volunteers did in the area during the period, or of one activity kind. */
export interface VolunteerFigures {
  activeVolunteers: number;
  hoursServed: number;
  pointsEarned: number;
}

export interface VolunteerKindFigures extends VolunteerFigures {
  kind: ActivityKind;
}

export interface VolunteerTotals extends VolunteerFigures {
  servicesVerified: number;
  pointsRedeemed: number;
  redemptions: number;
  byKind: VolunteerKindFigures[];
}

export interface VolunteerBucket {
  start: Date;
  activeVolunteers: number;
  hoursServed: number;
  pointsEarned: number;
  pointsRedeemed: number;
}

/** An activity of a DRAFT project is not counted, as the project's needs are not: dashboards are public. */
const NOT_IN_DRAFT_PROJECT = `NOT EXISTS (SELECT 1 FROM project p WHERE p.id = a.project_id AND p.status = 'DRAFT')`;

/** An entry that no reversal has undone. */
const STANDS = (entry: string) => `NOT EXISTS (SELECT 1 FROM points_entry r WHERE r.reverses_entry_id = ${entry}.id)`;

/**
 * The verified sign-ups of activities `a`: on shifts that started during the period. Each activity's shifts and each
 * shift's sign-ups are found through their indexes (OFFSET 0 keeps the planner from hashing the whole tables instead,
 * which it prefers for a district's tenth of a city): a dashboard's cost grows with its area, not with the city.
 */
const VERIFIED_SIGN_UPS = `
  CROSS JOIN LATERAL (SELECT sh.id, sh.starts_at FROM activity_shift sh WHERE sh.activity_id = a.id AND sh.starts_at >= $2 AND sh.starts_at < $3 OFFSET 0) sh
  CROSS JOIN LATERAL (SELECT s.id, s.person_id, s.hours FROM shift_sign_up s WHERE s.shift_id = sh.id AND s.status = 'CONFIRMED' AND s.verified_at IS NOT NULL OFFSET 0) s`;

/**
 * Service verified in the area during the period, with the points each sign-up earned (unless reversed), looked up by
 * sign-up. `kind = 'EARN'` says what the ledger's check already holds, so the earned-points index (partial) serves it.
 */
export const SERVED_IN_SCOPE = `
  SELECT s.person_id, s.hours, a.kind, sh.starts_at AS at,
         coalesce((SELECT earned.points FROM points_entry earned WHERE earned.sign_up_id = s.id AND earned.kind = 'EARN' AND ${STANDS("earned")}), 0) AS points
  FROM activity a ${VERIFIED_SIGN_UPS}
  WHERE a.area_code LIKE $1 AND ${NOT_IN_DRAFT_PROJECT}`;

/** Rewards redeemed during the period at organisations of the area, unless reversed. */
export const REDEEMED_IN_SCOPE = `
  SELECT e.points, rr.created_at AS at
  FROM organization o
  JOIN reward rw ON rw.organization_id = o.id
  JOIN reward_redemption rr ON rr.reward_id = rw.id AND rr.created_at >= $2 AND rr.created_at < $3
  CROSS JOIN LATERAL (SELECT e.points FROM points_entry e WHERE e.id = rr.entry_id AND ${STANDS("e")} OFFSET 0) e
  WHERE o.area_code LIKE $1`;

export const VOLUNTEER_TOTALS = `
  WITH served AS MATERIALIZED (${SERVED_IN_SCOPE}), redeemed AS MATERIALIZED (${REDEEMED_IN_SCOPE})
  SELECT (SELECT count(DISTINCT person_id)::int FROM served) AS "activeVolunteers",
         (SELECT coalesce(sum(hours), 0)::float8 FROM served) AS "hoursServed",
         (SELECT count(*)::int FROM served) AS "servicesVerified",
         (SELECT coalesce(sum(points), 0)::int FROM served) AS "pointsEarned",
         (SELECT coalesce(sum(points), 0)::int FROM redeemed) AS "pointsRedeemed",
         (SELECT count(*)::int FROM redeemed) AS redemptions,
         (SELECT coalesce(json_agg(json_build_object('kind', kind, 'activeVolunteers', people, 'hoursServed', hours, 'pointsEarned', points) ORDER BY kind COLLATE "C"), '[]')
          FROM (SELECT kind, count(DISTINCT person_id)::int AS people, sum(hours)::float8 AS hours, sum(points)::int AS points FROM served GROUP BY kind) g) AS "byKind"`;

/** Per day or week of the period, empty buckets included: $4 = day|week, $5 = time zone. Service counts at its shift's start. */
export const VOLUNTEER_SERIES = `
  WITH buckets AS (
    SELECT generate_series(date_trunc($4, $2::timestamptz AT TIME ZONE $5), ($3::timestamptz - interval '1 microsecond') AT TIME ZONE $5, ('1 ' || $4)::interval) AS start),
  stamped AS (
    SELECT 'served' AS what, person_id, hours, points, at FROM (${SERVED_IN_SCOPE}) s
    UNION ALL SELECT 'redeemed', NULL, NULL, points, at FROM (${REDEEMED_IN_SCOPE}) r)
  SELECT (buckets.start AT TIME ZONE $5) AS start,
         count(DISTINCT person_id)::int AS "activeVolunteers",
         coalesce(sum(hours), 0)::float8 AS "hoursServed",
         coalesce(sum(points) FILTER (WHERE what = 'served'), 0)::int AS "pointsEarned",
         coalesce(sum(points) FILTER (WHERE what = 'redeemed'), 0)::int AS "pointsRedeemed"
  FROM buckets LEFT JOIN stamped ON date_trunc($4, stamped.at AT TIME ZONE $5) = buckets.start
  GROUP BY buckets.start ORDER BY buckets.start`;

/** Per organisation ($1 = ids), service verified on its activities' shifts that started in [$2, $3). */
export const ORGANIZED_SERVICE = `
  SELECT a.organization_id AS id, sum(s.hours) AS hours, count(DISTINCT s.person_id) AS people
  FROM activity a ${VERIFIED_SIGN_UPS}
  WHERE a.organization_id = ANY($1) AND ${NOT_IN_DRAFT_PROJECT}
  GROUP BY 1`;
