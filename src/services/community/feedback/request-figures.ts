import { COMMUNITY_CODE_LENGTH } from "../../../auth/person-privacy";
import type { FeedbackChannel, FeedbackSubjectKind } from "../../../entities/community/feedback";
import type { RequestCategory, RequestStatus } from "../../../entities/community/resident-request";
import { OPEN_REQUEST_STATUSES } from "../requests/request-lifecycle";

/** Hours from filing to a milestone, over the requests that reached it. */
export interface Hours {
  count: number;
  median: number | null;
  p90: number | null;
}

/** How requests were handled: times to accept and resolve, the share that went overdue, the share of resolved ones reopened. */
export interface RequestHandling {
  requests: number;
  hoursToAccept: Hours;
  hoursToResolve: Hours;
  overdueShare: number | null;
  reopenRate: number | null;
}

export interface RequestFigures {
  total: number;
  overdueNow: number;
  byStatus: { key: RequestStatus; count: number }[];
  overall: RequestHandling;
  byCategory: (RequestHandling & { category: RequestCategory })[];
  byArea: (RequestHandling & { areaCode: string })[];
}

export interface Satisfaction {
  ratings: number;
  meanStars: number | null;
}

export interface SatisfactionFigures extends Satisfaction {
  byStars: { stars: number; count: number }[];
  byChannel: { channel: FeedbackChannel; count: number }[];
  bySubjectKind: (Satisfaction & { subjectKind: FeedbackSubjectKind })[];
  byCategory: (Satisfaction & { category: RequestCategory })[];
  byService: (Satisfaction & { serviceId: string })[];
  byArea: (Satisfaction & { areaCode: string })[];
}

const OPEN = OPEN_REQUEST_STATUSES.map((status) => `'${status}'`).join(", ");
const hours = (milestone: string) => `extract(epoch FROM ${milestone} - created_at) / 3600`;
const percentiles = (milestone: string, name: string) =>
  `count(${milestone}) AS ${name}_count, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${hours(milestone)}) AS ${name}_median, percentile_cont(0.9) WITHIN GROUP (ORDER BY ${hours(milestone)}) AS ${name}_p90`;

/**
 * The handling aggregates of a set of requests (columns created_at, first_accepted_at, resolved_at, first_overdue_at,
 * reopened): the time to resolve runs to the latest resolution; a request "ever resolved" is resolved now or was reopened.
 */
export const HANDLING_AGGREGATES = `count(*) AS requests, ${percentiles("first_accepted_at", "accept")}, ${percentiles("resolved_at", "resolve")},
  count(*) FILTER (WHERE first_overdue_at IS NOT NULL) AS overdue, count(*) FILTER (WHERE reopened) AS reopened,
  count(*) FILTER (WHERE reopened OR resolved_at IS NOT NULL) AS ever_resolved`;

const handlingJson = (row: string) => `json_build_object('requests', ${row}.requests,
  'hoursToAccept', json_build_object('count', ${row}.accept_count, 'median', ${row}.accept_median, 'p90', ${row}.accept_p90),
  'hoursToResolve', json_build_object('count', ${row}.resolve_count, 'median', ${row}.resolve_median, 'p90', ${row}.resolve_p90),
  'overdueShare', ${row}.overdue::float8 / nullif(${row}.requests, 0), 'reopenRate', ${row}.reopened::float8 / nullif(${row}.ever_resolved, 0))`;

/**
 * Requests filed in the area ($1, a LIKE prefix) during [$2, $3), statuses as they are now: one index range,
 * aggregated at once overall, by category and by community (grids fold into theirs) with GROUPING SETS.
 */
export const REQUEST_FIGURES = `
  WITH scoped AS MATERIALIZED (
    SELECT category, status, left(area_code, ${COMMUNITY_CODE_LENGTH}) AS community, created_at, first_accepted_at, resolved_at, first_overdue_at, reopened, overdue_since
    FROM resident_request WHERE area_code LIKE $1 AND created_at >= $2 AND created_at < $3),
  grouped AS (
    SELECT GROUPING(category) AS no_category, GROUPING(community) AS no_community, category, community, ${HANDLING_AGGREGATES}
    FROM scoped GROUP BY GROUPING SETS ((), (category), (community)))
  SELECT (SELECT count(*)::int FROM scoped) AS total,
         (SELECT count(*)::int FROM scoped WHERE overdue_since IS NOT NULL AND status IN (${OPEN})) AS "overdueNow",
         (SELECT coalesce(json_agg(json_build_object('key', status, 'count', c) ORDER BY status COLLATE "C"), '[]') FROM (SELECT status, count(*) AS c FROM scoped GROUP BY status) s) AS "byStatus",
         -- The empty grouping set yields its row even when no request was filed.
         (SELECT ${handlingJson("g")} FROM grouped g WHERE no_category = 1 AND no_community = 1) AS overall,
         (SELECT coalesce(json_agg((${handlingJson("g")})::jsonb || jsonb_build_object('category', g.category) ORDER BY g.category COLLATE "C"), '[]') FROM grouped g WHERE no_category = 0) AS "byCategory",
         (SELECT coalesce(json_agg((${handlingJson("g")})::jsonb || jsonb_build_object('areaCode', g.community) ORDER BY g.community COLLATE "C"), '[]') FROM grouped g WHERE no_community = 0) AS "byArea"`;

/**
 * Ratings of things in the area ($1) given (or last changed) during [$2, $3): counts and mean stars, overall and by
 * stars, channel, kind of thing, request category, service and community, in one pass with GROUPING SETS.
 */
export const SATISFACTION_FIGURES = `
  WITH scoped AS MATERIALIZED (
    SELECT subject_kind, category, service_id, left(area_code, ${COMMUNITY_CODE_LENGTH}) AS community, stars, channel
    FROM feedback WHERE area_code LIKE $1 AND rated_at >= $2 AND rated_at < $3),
  grouped AS (
    SELECT GROUPING(subject_kind) AS a, GROUPING(category) AS b, GROUPING(service_id) AS c, GROUPING(community) AS d, GROUPING(stars) AS e, GROUPING(channel) AS f,
           subject_kind, category, service_id, community, stars, channel, count(*)::int AS ratings, avg(stars)::float8 AS mean
    FROM scoped GROUP BY GROUPING SETS ((), (subject_kind), (category), (service_id), (community), (stars), (channel)))
  SELECT (SELECT ratings FROM grouped WHERE a + b + c + d + e + f = 6) AS ratings,
         (SELECT mean FROM grouped WHERE a + b + c + d + e + f = 6) AS "meanStars",
         (SELECT coalesce(json_agg(json_build_object('stars', stars, 'count', ratings) ORDER BY stars), '[]') FROM grouped WHERE e = 0) AS "byStars",
         (SELECT coalesce(json_agg(json_build_object('channel', channel, 'count', ratings) ORDER BY channel COLLATE "C"), '[]') FROM grouped WHERE f = 0) AS "byChannel",
         (SELECT coalesce(json_agg(json_build_object('subjectKind', subject_kind, 'ratings', ratings, 'meanStars', mean) ORDER BY subject_kind COLLATE "C"), '[]') FROM grouped WHERE a = 0) AS "bySubjectKind",
         (SELECT coalesce(json_agg(json_build_object('category', category, 'ratings', ratings, 'meanStars', mean) ORDER BY category COLLATE "C"), '[]') FROM grouped WHERE b = 0 AND category IS NOT NULL) AS "byCategory",
         (SELECT coalesce(json_agg(json_build_object('serviceId', service_id, 'ratings', ratings, 'meanStars', mean) ORDER BY ratings DESC, service_id), '[]') FROM grouped WHERE c = 0 AND service_id IS NOT NULL) AS "byService",
         (SELECT coalesce(json_agg(json_build_object('areaCode', community, 'ratings', ratings, 'meanStars', mean) ORDER BY community COLLATE "C"), '[]') FROM grouped WHERE d = 0) AS "byArea"`;

/** The indicators' CTEs over organisations $1 and [$2, $3): requests they handle now, filed in the period, and ratings they received in it. */
export const HANDLED_REQUESTS = `
  SELECT handling_organization_id AS id, ${HANDLING_AGGREGATES}
  FROM resident_request WHERE handling_organization_id = ANY($1) AND created_at >= $2 AND created_at < $3 GROUP BY 1`;
export const RATINGS_RECEIVED = `
  SELECT organization_id AS id, count(*) AS c, avg(stars) AS mean FROM feedback WHERE organization_id = ANY($1) AND rated_at >= $2 AND rated_at < $3 GROUP BY 1`;
/** The indicators' columns from those CTEs, aliased `handled` and `rated`. */
export const REQUEST_INDICATOR_COLUMNS = `
  coalesce(handled.requests, 0)::int AS "requestsHandled", handled.accept_median::float8 AS "medianHoursToAccept", handled.accept_p90::float8 AS "p90HoursToAccept",
  handled.resolve_median::float8 AS "medianHoursToResolve", handled.resolve_p90::float8 AS "p90HoursToResolve",
  (handled.overdue::float8 / nullif(handled.requests, 0)) AS "overdueShare", (handled.reopened::float8 / nullif(handled.ever_resolved, 0)) AS "reopenRate",
  coalesce(rated.c, 0)::int AS "ratingsReceived", rated.mean::float8 AS "meanStars"`;
