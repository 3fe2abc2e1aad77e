import { DataSource } from "typeorm";
import { Organization, OrganizationKind } from "../entities/organization";
import { ProjectCategory, ProjectStatus } from "../entities/project";
import { NeedCategory, NeedStatus, Urgency } from "../entities/resource-need";
import { MediationCategory, MediationStatus } from "../entities/mediation/mediation-case";
import { COMMUNITY_CODE_LENGTH } from "../auth/person-privacy";
import { t } from "../i18n/text";
import { AreaService } from "./area.service";
import { DomainError } from "./errors";
import { HANDLED_REQUESTS, RATINGS_RECEIVED, REQUEST_FIGURES, REQUEST_INDICATOR_COLUMNS, RequestFigures, SATISFACTION_FIGURES, SatisfactionFigures } from "./community/feedback/request-figures";
import { ORGANIZED_SERVICE, VOLUNTEER_SERIES, VOLUNTEER_TOTALS, VolunteerBucket, VolunteerTotals } from "./community/volunteer-figures";

/** The longest period one dashboard or indicator query covers: a year of daily buckets at most. */
export const MAX_PERIOD_DAYS = 366;
export const MAX_TOP_CONTRIBUTORS = 50;

/** An area (and everything below it) over [from, to). Needs of DRAFT projects are never counted: dashboards are public. */
export interface Scope {
  areaCode: string;
  from: Date;
  to: Date;
}

export interface Count<K> {
  key: K;
  count: number;
}

/** Seconds from a need's posting to a status; null figures when no need got there. */
export interface Durations {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface NeedFigures {
  total: number;
  byStatus: Count<NeedStatus>[];
  byCategory: Count<NeedCategory>[];
  byUrgency: Count<Urgency>[];
  openCritical: number;
  fillRate: number | null;
  deliveryRate: number | null;
  timeToFullyPledged: Durations;
  timeToFulfilled: Durations;
}

export interface Contributor {
  organizationId: string;
  deliveries: number;
  deliveredQuantity: number;
  needsServed: number;
}

export interface ProjectFigures {
  byStatus: Count<ProjectStatus>[];
  byCategory: Count<ProjectCategory>[];
}

export type BucketSize = "day" | "week";

export interface ActivityBucket {
  start: Date;
  needsPosted: number;
  pledgesMade: number;
  deliveries: number;
}

export interface Indicators {
  organizationId: string;
  projectsLed: number;
  projectsJoined: number;
  needsPosted: number;
  needsFilled: number;
  pledgesMade: number;
  pledgesDelivered: number;
  onTimeDeliveryRate: number | null;
  hoursOrganized: number;
  volunteersEngaged: number;
  mediationCasesHandled: number;
  mediationAgreementRate: number | null;
  mediationMedianDaysToClose: number | null;
  requestsHandled: number;
  medianHoursToAccept: number | null;
  p90HoursToAccept: number | null;
  medianHoursToResolve: number | null;
  p90HoursToResolve: number | null;
  overdueShare: number | null;
  reopenRate: number | null;
  ratingsReceived: number;
  meanStars: number | null;
  from: Date;
  to: Date;
}

/** Anonymised counts of mediation cases: categories, statuses, communities and outcomes, never a case. */
export interface MediationFigures {
  total: number;
  byCategory: Count<MediationCategory>[];
  byStatus: Count<MediationStatus>[];
  byArea: Count<string>[];
  handled: number;
  agreementRate: number | null;
  medianDaysToClose: number | null;
}

// Every statement takes $1 = area code prefix pattern, $2 = from, $3 = to. Pledges and deliveries carry
// their need's area (kept by the database), so each set below is a range of one index. Pledges exist
// only for needs of projects past DRAFT (pledge.service refuses others), so only needs check the project.

/** Needs posted in the area during the period, of projects past DRAFT. */
const NEEDS_IN_SCOPE = `
  SELECT n.* FROM resource_need n JOIN project p ON p.id = n.project_id AND p.status <> 'DRAFT'
  WHERE n.area_code LIKE $1 AND n.created_at >= $2 AND n.created_at < $3`;

/** Pledges made to the area's needs during the period. */
const PLEDGES_IN_SCOPE = `SELECT * FROM pledge WHERE area_code LIKE $1 AND created_at >= $2 AND created_at < $3`;

/** Deliveries for the area's needs during the period; each carries its pledge's organisation and need. */
const DELIVERIES_IN_SCOPE = `SELECT * FROM delivery WHERE area_code LIKE $1 AND delivered_at >= $2 AND delivered_at < $3`;

/** `[{ key, count }]` of `scoped` by a column, in code order (the C collation: the same on every database). */
const counts = (column: string) => `(SELECT coalesce(json_agg(json_build_object('key', ${column}, 'count', c) ORDER BY ${column} COLLATE "C"), '[]') FROM (SELECT ${column}, count(*) AS c FROM scoped GROUP BY ${column}) g)`;

/** Seconds from posting to `milestone` (a column of the need), over the needs that reached it. */
const durations = (milestone: string) => `(
  SELECT json_build_object('count', count(*), 'medianSeconds', percentile_cont(0.5) WITHIN GROUP (ORDER BY s), 'p90Seconds', percentile_cont(0.9) WITHIN GROUP (ORDER BY s))
  FROM (SELECT extract(epoch FROM ${milestone} - created_at)::float8 AS s FROM scoped WHERE ${milestone} IS NOT NULL) reached)`;

const NEED_FIGURES = `
  WITH scoped AS MATERIALIZED (${NEEDS_IN_SCOPE})
  SELECT (SELECT count(*)::int FROM scoped) AS total,
         ${counts("status")} AS "byStatus",
         ${counts("category")} AS "byCategory",
         ${counts("urgency")} AS "byUrgency",
         (SELECT count(*)::int FROM scoped WHERE urgency = 'CRITICAL' AND status IN ('OPEN', 'PARTIALLY_PLEDGED')) AS "openCritical",
         -- Units differ between needs (people, sandbags, yuan), so each need weighs the same: the mean of its own ratio.
         (SELECT avg(accepted_quantity / quantity)::float8 FROM scoped) AS "fillRate",
         (SELECT avg(delivered_quantity / quantity)::float8 FROM scoped) AS "deliveryRate",
         ${durations("fully_pledged_at")} AS "timeToFullyPledged",
         ${durations("fulfilled_at")} AS "timeToFulfilled"`;

/** Organisations that posted a need, pledged or delivered in the area during the period, by kind. */
const ACTIVE_ORGANIZATIONS = `
  WITH active AS (
    SELECT posted_by_organization_id AS organization_id FROM (${NEEDS_IN_SCOPE}) posted
    UNION SELECT organization_id FROM (${PLEDGES_IN_SCOPE}) pledged
    UNION SELECT organization_id FROM (${DELIVERIES_IN_SCOPE}) delivered)
  SELECT o.kind AS key, count(*)::int AS count FROM active JOIN organization o ON o.id = active.organization_id GROUP BY o.kind ORDER BY o.kind COLLATE "C"`;

/** Who delivered most in the area during the period: by deliveries, then quantity. $4 = how many. */
const TOP_CONTRIBUTORS = `
  SELECT organization_id AS "organizationId", count(*)::int AS deliveries, sum(quantity)::float8 AS "deliveredQuantity",
         count(DISTINCT need_id)::int AS "needsServed"
  FROM (${DELIVERIES_IN_SCOPE}) delivered
  GROUP BY organization_id ORDER BY deliveries DESC, "deliveredQuantity" DESC, organization_id LIMIT $4`;

/** Projects of the area created during the period, past DRAFT. */
const PROJECT_FIGURES = `
  WITH scoped AS MATERIALIZED (
    SELECT * FROM project WHERE area_code LIKE $1 AND created_at >= $2 AND created_at < $3 AND status <> 'DRAFT')
  SELECT ${counts("status")} AS "byStatus", ${counts("category")} AS "byCategory"`;

/** Needs posted, pledges made and deliveries per bucket, empty buckets included. $4 = day|week, $5 = time zone. */
// One stream of stamped rows joined to the buckets once: three joins of grouped sets made PostgreSQL
// estimate millions of rows, and a plan that dear gets JIT-compiled (200 ms, for 20 ms of work).
const ACTIVITY_SERIES = `
  WITH buckets AS (
    SELECT generate_series(date_trunc($4, $2::timestamptz AT TIME ZONE $5), ($3::timestamptz - interval '1 microsecond') AT TIME ZONE $5, ('1 ' || $4)::interval) AS start),
  stamped AS (
    SELECT 'posted' AS what, created_at AS at FROM (${NEEDS_IN_SCOPE}) n
    UNION ALL SELECT 'pledged', created_at FROM (${PLEDGES_IN_SCOPE}) pl
    UNION ALL SELECT 'delivered', delivered_at FROM (${DELIVERIES_IN_SCOPE}) d)
  SELECT (buckets.start AT TIME ZONE $5) AS start, count(*) FILTER (WHERE what = 'posted')::int AS "needsPosted",
         count(*) FILTER (WHERE what = 'pledged')::int AS "pledgesMade", count(*) FILTER (WHERE what = 'delivered')::int AS deliveries
  FROM buckets LEFT JOIN stamped ON date_trunc($4, stamped.at AT TIME ZONE $5) = buckets.start
  GROUP BY buckets.start ORDER BY buckets.start`;

/**
 * Evaluation indicators of organisations over [$2, $3), $1 = their ids. A pledge is on time when its
 * last delivery came by its expected delivery, or by the need's deadline when none was promised.
 */
const INDICATORS = `
  WITH orgs AS (SELECT unnest($1::uuid[]) AS id),
  led AS (SELECT lead_organization_id AS id, count(*) AS c FROM project
          WHERE lead_organization_id = ANY($1) AND status <> 'DRAFT' AND created_at >= $2 AND created_at < $3 GROUP BY 1),
  joined AS (SELECT organization_id AS id, count(*) AS c FROM partnership
             WHERE organization_id = ANY($1) AND role <> 'LEAD' AND status IN ('ACTIVE', 'LEFT') AND created_at >= $2 AND created_at < $3 GROUP BY 1),
  posted AS (SELECT n.posted_by_organization_id AS id, count(*) AS c, count(*) FILTER (WHERE n.status IN ('FULLY_PLEDGED', 'FULFILLED')) AS filled
             FROM resource_need n JOIN project p ON p.id = n.project_id AND p.status <> 'DRAFT'
             WHERE n.posted_by_organization_id = ANY($1) AND n.created_at >= $2 AND n.created_at < $3 GROUP BY 1),
  pledged AS (
    SELECT pl.organization_id AS id, count(*) AS c, count(*) FILTER (WHERE pl.status = 'DELIVERED') AS delivered,
           count(*) FILTER (WHERE pl.status = 'DELIVERED' AND last_delivery.at <= coalesce(pl.expected_delivery, n.needed_by)) AS on_time
    FROM pledge pl JOIN resource_need n ON n.id = pl.need_id
    LEFT JOIN LATERAL (SELECT max(d.delivered_at) AS at FROM delivery d WHERE d.pledge_id = pl.id) last_delivery ON pl.status = 'DELIVERED'
    WHERE pl.organization_id = ANY($1) AND pl.created_at >= $2 AND pl.created_at < $3 GROUP BY 1),
  served AS (${ORGANIZED_SERVICE}),
  mediated AS (
    SELECT committee_id AS id, count(*) AS c, count(*) FILTER (WHERE status = 'AGREEMENT') AS agreed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - applied_at) / 86400) AS median_days
    FROM mediation_case WHERE committee_id = ANY($1) AND status IN ('AGREEMENT', 'NO_AGREEMENT') AND closed_at >= $2 AND closed_at < $3 GROUP BY 1),
  handled AS (${HANDLED_REQUESTS}),
  rated AS (${RATINGS_RECEIVED})
  SELECT orgs.id AS "organizationId", coalesce(led.c, 0)::int AS "projectsLed", coalesce(joined.c, 0)::int AS "projectsJoined",
         coalesce(posted.c, 0)::int AS "needsPosted", coalesce(posted.filled, 0)::int AS "needsFilled",
         coalesce(pledged.c, 0)::int AS "pledgesMade", coalesce(pledged.delivered, 0)::int AS "pledgesDelivered",
         (pledged.on_time::float8 / nullif(pledged.delivered, 0)) AS "onTimeDeliveryRate",
         coalesce(served.hours, 0)::float8 AS "hoursOrganized", coalesce(served.people, 0)::int AS "volunteersEngaged",
         coalesce(mediated.c, 0)::int AS "mediationCasesHandled", (mediated.agreed::float8 / nullif(mediated.c, 0)) AS "mediationAgreementRate",
         mediated.median_days::float8 AS "mediationMedianDaysToClose", ${REQUEST_INDICATOR_COLUMNS}
  FROM orgs LEFT JOIN led USING (id) LEFT JOIN joined USING (id) LEFT JOIN posted USING (id) LEFT JOIN pledged USING (id) LEFT JOIN served USING (id) LEFT JOIN mediated USING (id)
    LEFT JOIN handled USING (id) LEFT JOIN rated USING (id)`;

/** Mediation cases filed in the area during the period, counted without a trace of any case: grids fold into their community. */
const MEDIATION_FIGURES = `
  WITH scoped AS (
    SELECT category, status, left(area_code, ${COMMUNITY_CODE_LENGTH}) AS community, applied_at, closed_at
    FROM mediation_case WHERE area_code LIKE $1 AND applied_at >= $2 AND applied_at < $3),
  handled AS (SELECT * FROM scoped WHERE status IN ('AGREEMENT', 'NO_AGREEMENT'))
  SELECT (SELECT count(*)::int FROM scoped) AS total, ${counts("category")} AS "byCategory", ${counts("status")} AS "byStatus", ${counts("community")} AS "byArea",
         (SELECT count(*)::int FROM handled) AS handled,
         (SELECT (count(*) FILTER (WHERE status = 'AGREEMENT'))::float8 / nullif(count(*), 0) FROM handled) AS "agreementRate",
         (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - applied_at) / 86400)::float8 FROM handled) AS "medianDaysToClose"`;

/** Figures for dashboards and evaluations, each block one SQL statement: the database aggregates, not TypeScript. */
export class DashboardService {
  private knownTimeZones: Promise<Set<string>> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly areas: AreaService,
  ) {}

  /** Checks the area and the period before any figure is computed. */
  async scope(areaCode: string, from: Date, to: Date): Promise<Scope> {
    checkPeriod(from, to);
    await this.areas.require(areaCode, "areaCode");
    return { areaCode, from, to };
  }

  async needFigures(scope: Scope): Promise<NeedFigures> {
    const [row] = await this.dataSource.query(NEED_FIGURES, parameters(scope));
    return row;
  }

  async mediationFigures(scope: Scope): Promise<MediationFigures> {
    const [row] = await this.dataSource.query(MEDIATION_FIGURES, parameters(scope));
    return row;
  }

  /** Residents' requests filed in the area: counts, and how they were handled overall, by category and by community. */
  async requestFigures(scope: Scope): Promise<RequestFigures> {
    const [row] = await this.dataSource.query(REQUEST_FIGURES, parameters(scope));
    return row;
  }

  /** Residents' ratings of the area's requests, service sessions and activities: counts and mean stars only. */
  async satisfactionFigures(scope: Scope): Promise<SatisfactionFigures> {
    const [row] = await this.dataSource.query(SATISFACTION_FIGURES, parameters(scope));
    return row;
  }

  activeOrganizations(scope: Scope): Promise<Count<OrganizationKind>[]> {
    return this.dataSource.query(ACTIVE_ORGANIZATIONS, parameters(scope));
  }

  topContributors(scope: Scope, first: number): Promise<Contributor[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_TOP_CONTRIBUTORS) {
      throw new DomainError("BAD_USER_INPUT", t("dashboard.firstOutOfRange", { first, max: MAX_TOP_CONTRIBUTORS }));
    }
    return this.dataSource.query(TOP_CONTRIBUTORS, [...parameters(scope), first]);
  }

  async projectFigures(scope: Scope): Promise<ProjectFigures> {
    const [row] = await this.dataSource.query(PROJECT_FIGURES, parameters(scope));
    return row;
  }

  async activitySeries(scope: Scope, size: BucketSize, timeZone: string): Promise<ActivityBucket[]> {
    await this.requireTimeZone(timeZone);
    return this.dataSource.query(ACTIVITY_SERIES, [...parameters(scope), size, timeZone]);
  }

  /** Volunteers' verified service, the points it earned and the points redeemed: aggregates only. */
  async volunteerTotals(scope: Scope): Promise<VolunteerTotals> {
    const [row] = await this.dataSource.query(VOLUNTEER_TOTALS, parameters(scope));
    return row;
  }

  async volunteerSeries(scope: Scope, size: BucketSize, timeZone: string): Promise<VolunteerBucket[]> {
    await this.requireTimeZone(timeZone);
    return this.dataSource.query(VOLUNTEER_SERIES, [...parameters(scope), size, timeZone]);
  }

  private async requireTimeZone(timeZone: string): Promise<void> {
    if (!(await this.timeZones()).has(timeZone)) throw new DomainError("BAD_USER_INPUT", t("dashboard.unknownTimeZone", { timeZone }));
  }

  /** The database's time zone names, read once: reading them costs ~10 ms. */
  private timeZones(): Promise<Set<string>> {
    this.knownTimeZones ??= this.dataSource.query(`SELECT name FROM pg_timezone_names`).then(
      (rows: { name: string }[]) => new Set(rows.map((row) => row.name)),
      (error: unknown) => {
        this.knownTimeZones = undefined;
        throw error;
      },
    );
    return this.knownTimeZones;
  }

  /** One organisation's indicators; `askedAs` is its id as the caller wrote it, for the refusal. */
  async indicatorsOf(organizationId: string, askedAs: string, from: Date, to: Date): Promise<Indicators> {
    if (!(await this.dataSource.getRepository(Organization).existsBy({ id: organizationId }))) {
      throw new DomainError("BAD_USER_INPUT", t("dashboard.organizationNotFound", { id: askedAs }));
    }
    const [indicators] = await this.indicators([organizationId], from, to);
    return indicators;
  }

  /** Indicators of each organisation, in the order given (ids known to exist). */
  async indicators(organizationIds: string[], from: Date, to: Date): Promise<Indicators[]> {
    checkPeriod(from, to);
    const rows: Omit<Indicators, "from" | "to">[] = await this.dataSource.query(INDICATORS, [organizationIds, from, to]);
    return rows.map((row) => ({ ...row, from, to }));
  }

  /** Organisations of one kind in an area (and below), by name: the peers an organisation is compared with. */
  async peers(kind: OrganizationKind, areaCode: string): Promise<string[]> {
    await this.areas.require(areaCode, "areaCode");
    const rows: { id: string }[] = await this.dataSource.query(`SELECT id FROM organization WHERE kind = $1 AND area_code LIKE $2 ORDER BY name, id`, [kind, `${areaCode}%`]);
    return rows.map((row) => row.id);
  }
}

function parameters(scope: Scope): [string, Date, Date] {
  return [`${scope.areaCode}%`, scope.from, scope.to];
}

export function checkPeriod(from: Date, to: Date): void {
  if (from.getTime() >= to.getTime()) throw new DomainError("BAD_USER_INPUT", t("dashboard.fromAfterTo", { from: from.toISOString(), to: to.toISOString() }));
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  if (days > MAX_PERIOD_DAYS) throw new DomainError("BAD_USER_INPUT", t("dashboard.periodTooLong", { days: Math.ceil(days), max: MAX_PERIOD_DAYS }));
}
