import type { DataSource } from "typeorm";

/** How a set of councils worked over a period: proposals in and out, their sittings' attendance, the time to decide. */
export interface CouncilFigures {
  proposalsSubmitted: number;
  proposalsPassed: number;
  proposalsRejected: number;
  meetingsHeld: number;
  /** Members present over members in term, summed over the sittings held; null without one. */
  attendanceRate: number | null;
  /** Sittings whose attendance met their council's quorum, over the sittings held; null without one. */
  quorumMetShare: number | null;
  medianDaysToDecision: number | null;
}

/**
 * The figures per key of the councils `councils` selects (columns `id`, `key`), over [$2, $3). Each set is one index
 * range per council: proposals by (council, submitted_at) and (council, decided_at), sittings by (council, scheduled_at).
 * A sitting is held once opened (IN_SESSION or ADJOURNED); its members in term are those on the day it was scheduled.
 */
const figuresOf = (councils: string) => `
  WITH councils AS MATERIALIZED (${councils}),
  submitted AS (SELECT c.key, count(*) AS n FROM councils c JOIN proposal p ON p.council_id = c.id AND p.submitted_at >= $2 AND p.submitted_at < $3 GROUP BY c.key),
  decided AS (
    SELECT c.key, count(*) FILTER (WHERE p.status = 'PASSED') AS passed, count(*) FILTER (WHERE p.status = 'REJECTED') AS rejected,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.decided_at - p.submitted_at) / 86400) AS median_days
    FROM councils c JOIN proposal p ON p.council_id = c.id AND p.decided_at >= $2 AND p.decided_at < $3 GROUP BY c.key),
  sittings AS (
    SELECT c.key, m.present, m.eligible, (m.present > 0 AND m.present * 100 >= c.quorum_percent * m.eligible) AS quorate
    FROM councils c JOIN LATERAL (
      SELECT (SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = cm.id) AS present,
             (SELECT count(*) FROM council_member s WHERE s.council_id = c.id AND cm.scheduled_at::date BETWEEN s.term_starts_on AND s.term_ends_on) AS eligible
      FROM council_meeting cm WHERE cm.council_id = c.id AND cm.scheduled_at >= $2 AND cm.scheduled_at < $3 AND cm.status IN ('IN_SESSION', 'ADJOURNED')) m ON true),
  held AS (SELECT key, count(*) AS n, sum(present)::float8 / nullif(sum(eligible), 0) AS attendance, avg(quorate::int)::float8 AS quorate FROM sittings GROUP BY key),
  keys AS (SELECT DISTINCT key FROM councils UNION SELECT unnest($4::text[]))
  SELECT keys.key, coalesce(submitted.n, 0)::int AS "proposalsSubmitted", coalesce(decided.passed, 0)::int AS "proposalsPassed", coalesce(decided.rejected, 0)::int AS "proposalsRejected",
         coalesce(held.n, 0)::int AS "meetingsHeld", held.attendance AS "attendanceRate", held.quorate AS "quorumMetShare", decided.median_days::float8 AS "medianDaysToDecision"
  FROM keys LEFT JOIN submitted USING (key) LEFT JOIN decided USING (key) LEFT JOIN held USING (key)`;

/** Councils of an area and below: $1 = the area code prefix pattern. */
const OF_AREA = figuresOf(`SELECT id, quorum_percent, '' AS key FROM council WHERE area_code LIKE $1`);
/** Councils each organisation convenes: $1 = the organisations' ids. */
const OF_CONVENERS = figuresOf(`SELECT id, quorum_percent, convening_organization_id::text AS key FROM council WHERE convening_organization_id = ANY($1::uuid[])`);

type Row = CouncilFigures & { key: string };

/** Council figures for dashboards; the area and period come checked (DashboardService.scope). */
export class CouncilFiguresService {
  constructor(private readonly dataSource: DataSource) {}

  /** The councils' figures of an area (and below) over [from, to), in one statement. */
  async ofArea(scope: { areaCode: string; from: Date; to: Date }): Promise<CouncilFigures> {
    const [row]: Row[] = await this.dataSource.query(OF_AREA, [`${scope.areaCode}%`, scope.from, scope.to, [""]]);
    return row;
  }
}

/** Each organisation's figures for the councils it convenes over [from, to), in the order given, in one statement. */
export async function councilFiguresOfConveners(dataSource: DataSource, organizationIds: readonly string[], from: Date, to: Date): Promise<CouncilFigures[]> {
  const rows: Row[] = await dataSource.query(OF_CONVENERS, [[...organizationIds], from, to, [...organizationIds]]);
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return organizationIds.map((id) => byKey.get(id)!);
}
