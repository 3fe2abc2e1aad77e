import { DataSource } from "typeorm";
import { areaRows, INSERT_AREAS } from "./dataset-sql";

/** Activities the generator makes have titles that start so; nothing else does. */
export const RECOGNITION_TITLE = "志願服務記錄 #";

export interface RecognitionSize {
  people: number;
  activities: number;
  shiftsPerActivity: number;
  signUpsPerShift: number;
}

/** 100,000 verified sign-ups with their EARN entries (one in 20 reversed): the leaderboards' data. */
export const LEADERBOARD_SIZE: RecognitionSize = { people: 5_000, activities: 2_000, shiftsPerActivity: 5, signUpsPerShift: 10 };

const KINDS = ["VOLUNTEER_SERVICE", "CULTURAL", "PARTY_EDUCATION", "HEALTH_TALK", "LEGAL_EDUCATION", "ENVIRONMENT", "SPORTS", "OTHER"];

/**
 * Loads verified service for leaderboards in SQL: people (one in three agreed to public recognition), COMPLETED
 * activities of the database's organisations spread over its communities and grids, shifts over the year before
 * `until`, verified sign-ups of 0.5–4 hours each earning 10 points an hour from the organiser's pool (funded by
 * its own issuer account), one EARN in 20 reversed, balances set to their sums. With `benchAreas` the bench's area tree
 * (10 districts, 300 communities, 1,200 grids) is added first, so an area holds the share of activities a real one
 * would. Returns the rows made.
 */
export async function loadRecognitionData(dataSource: DataSource, size: RecognitionSize, until: Date, { benchAreas = true } = {}): Promise<Record<string, number>> {
  const { people, activities, shiftsPerActivity, signUpsPerShift } = size;
  return dataSource.transaction(async (manager) => {
    if (benchAreas) {
      const areas = areaRows();
      await manager.query(`${INSERT_AREAS} ON CONFLICT (code) DO NOTHING`, [areas.map((a) => a.code), areas.map((a) => a.name), areas.map((a) => a.level), areas.map((a) => a.parentCode)]);
    }
    const tag = Date.now().toString(36).toUpperCase().slice(-5);
    const persons: { id: string }[] = await manager.query(
      `INSERT INTO person (label, display_name, public_recognition)
       SELECT '志願者-' || $1 || lpad(n::text, 6, '0'), '志願者' || n, n % 3 = 0 FROM generate_series(1, $2) n RETURNING id`,
      [tag, people],
    );
    const made: { id: string }[] = await manager.query(
      `WITH orgs AS (SELECT array_agg(id ORDER BY id) AS ids FROM organization),
            areas AS (SELECT array_agg(code ORDER BY code) AS codes FROM area WHERE length(code) >= 12)
       INSERT INTO activity (organization_id, kind, title, area_code, status)
       SELECT orgs.ids[1 + n % cardinality(orgs.ids)], ($3::text[])[1 + n % 8], $1 || n, areas.codes[1 + (n * 7) % cardinality(areas.codes)], 'COMPLETED'
       FROM generate_series(1, $2) n, orgs, areas RETURNING id`,
      [RECOGNITION_TITLE, activities, KINDS],
    );
    await manager.query(
      `INSERT INTO activity_shift (activity_id, starts_at, ends_at, capacity)
       SELECT id, at, at + interval '4 hours', 100
       FROM (SELECT a.id, $3::timestamptz - random() * 365 * interval '1 day' AS at FROM unnest($1::uuid[]) AS a(id), generate_series(1, $2) k) s`,
      [made.map((row) => row.id), shiftsPerActivity, until],
    );
    // Each shift's people are distinct: steps of 997 never meet within ten sign-ups (997 is prime to the number of people).
    await manager.query(
      `WITH shifts AS (SELECT sh.id, sh.starts_at, row_number() OVER (ORDER BY sh.id) AS n, a.organization_id
                       FROM activity_shift sh JOIN activity a ON a.id = sh.activity_id WHERE a.id = ANY($1::uuid[])),
            people AS (SELECT $2::uuid[] AS ids)
       INSERT INTO shift_sign_up (shift_id, person_id, status, hours, verified_at, verified_by_organization_id, created_at)
       SELECT shifts.id, people.ids[1 + ((shifts.n * 37 + k * 997) % cardinality(people.ids))], 'CONFIRMED',
              round((0.5 + random() * 3.5)::numeric, 2), shifts.starts_at + interval '1 day', shifts.organization_id, shifts.starts_at - interval '1 day'
       FROM shifts, people, generate_series(1, $3) k`,
      [made.map((row) => row.id), persons.map((row) => row.id), signUpsPerShift],
    );
    await manager.query(
      `INSERT INTO points_account (kind, organization_id) SELECT kind, a.organization_id FROM (SELECT DISTINCT organization_id FROM activity WHERE id = ANY($1::uuid[])) a,
         (VALUES ('POOL'), ('ISSUER')) k(kind) ON CONFLICT DO NOTHING`,
      [made.map((row) => row.id)],
    );
    await manager.query(`INSERT INTO points_account (kind, person_id) SELECT 'PERSON', id FROM unnest($1::uuid[]) AS p(id) ON CONFLICT DO NOTHING`, [persons.map((row) => row.id)]);
    const [{ count: fund }] = await manager.query(
      `WITH needed AS (
         SELECT a.organization_id, sum(floor(s.hours * 10))::bigint AS points FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id JOIN activity a ON a.id = sh.activity_id
         WHERE a.id = ANY($1::uuid[]) GROUP BY a.organization_id), funded AS (
       INSERT INTO points_entry (kind, from_account_id, to_account_id, points, organization_id, reason, created_at)
       SELECT 'FUND', issuer.id, pool.id, needed.points, needed.organization_id, '志願服務積分', $2::timestamptz - interval '400 days'
       FROM needed JOIN points_account issuer ON issuer.organization_id = needed.organization_id AND issuer.kind = 'ISSUER'
                   JOIN points_account pool ON pool.organization_id = needed.organization_id AND pool.kind = 'POOL' RETURNING 1)
       SELECT count(*)::int AS count FROM funded`,
      [made.map((row) => row.id), until],
    );
    const [{ count: earned }] = await manager.query(
      `WITH earned AS (
       INSERT INTO points_entry (kind, from_account_id, to_account_id, points, sign_up_id, organization_id, created_at)
       SELECT 'EARN', pool.id, mine.id, floor(s.hours * 10)::int, s.id, a.organization_id, s.verified_at
       FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id JOIN activity a ON a.id = sh.activity_id
       JOIN points_account pool ON pool.organization_id = a.organization_id AND pool.kind = 'POOL'
       JOIN points_account mine ON mine.person_id = s.person_id AND mine.kind = 'PERSON'
       WHERE a.id = ANY($1::uuid[]) RETURNING 1) SELECT count(*)::int AS count FROM earned`,
      [made.map((row) => row.id)],
    );
    const [{ count: reversed }] = await manager.query(
      `WITH reversed AS (
       INSERT INTO points_entry (kind, from_account_id, to_account_id, points, reverses_entry_id, organization_id, reason, created_at)
       SELECT 'REVERSAL', e.to_account_id, e.from_account_id, e.points, e.id, e.organization_id, '時數登記錯誤', e.created_at + interval '1 hour'
       FROM points_entry e JOIN shift_sign_up s ON s.id = e.sign_up_id JOIN activity_shift sh ON sh.id = s.shift_id
       WHERE sh.activity_id = ANY($1::uuid[]) AND e.kind = 'EARN' AND abs(hashtext(e.id::text)) % 20 = 0 RETURNING 1)
       SELECT count(*)::int AS count FROM reversed`,
      [made.map((row) => row.id)],
    );
    await manager.query(
      `UPDATE points_account a SET balance = coalesce((SELECT sum(points) FROM points_entry WHERE to_account_id = a.id), 0) - coalesce((SELECT sum(points) FROM points_entry WHERE from_account_id = a.id), 0)
       WHERE a.person_id = ANY($1::uuid[]) OR a.organization_id IN (SELECT organization_id FROM activity WHERE id = ANY($2::uuid[]))`,
      [persons.map((row) => row.id), made.map((row) => row.id)],
    );
    return { person: persons.length, activity: made.length, activity_shift: made.length * shiftsPerActivity, shift_sign_up: made.length * shiftsPerActivity * signUpsPerShift, points_entry: fund + earned + reversed };
  });
}
