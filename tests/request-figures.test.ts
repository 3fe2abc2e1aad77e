import { randomUUID } from "node:crypto";
import { demoActivityId } from "../src/db/demo/volunteering-demo";
import { demoServiceId } from "../src/db/demo/service-directory-demo";
import { keyOf, toGlobalId } from "../src/schema/global-id";
import { startTestServer, TestServer } from "./support/test-server";

/**
 * The dashboard's requests and satisfaction blocks and the request indicators, recomputed by brute force from
 * the rows of a random data set (requests with their histories, ratings) and compared with what the API answers.
 * Request milestones come from the history through the database's trigger, as in production. Seeded: a failure repeats.
 */

let seed = 20261205;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
const HOUR = 3_600_000;
const START = Date.parse("2026-03-01T00:00:00Z");
const SPAN_DAYS = 60;
const at = () => new Date(START + Math.floor(random() * SPAN_DAYS * 24 * HOUR));
const later = (time: Date, maxHours: number) => new Date(time.getTime() + 1 + Math.floor(random() * maxHours * HOUR));

const CATEGORIES = ["MEDICAL", "ELDER_CARE", "ENVIRONMENT", "SAFETY", "NEIGHBOURHOOD_DISPUTE", "PROPERTY_MANAGEMENT", "INFRASTRUCTURE"];
const OPEN = ["SUBMITTED", "TRANSFERRED", "ACCEPTED", "ASSIGNED", "IN_PROGRESS", "REOPENED"];

interface Request {
  id: string; category: string; description: string; area_code: string; urgency: string; preferred_contact: string; contact_value: string; contact_consented_at: Date;
  identity_visible_to_handler: boolean; handling_organization_id: string; status: string; resolved_at: Date | null; overdue_since: Date | null; created_at: Date;
}
interface Step { id: string; request_id: string; kind: string; from_status: string | null; to_status: string; handling_organization_id: string; occurred_at: Date }
interface Rating {
  id: string; subject_kind: string; request_id: string | null; service_id: string | null; session_date: string | null; activity_id: string | null; organization_id: string;
  area_code: string; category: string | null; rater_person_id: string | null; stars: number; channel: string; entered_by_organization_id: string | null; rated_at: Date;
}

let server: TestServer;
let organizations: string[];
let areaCodes: string[];
const requests: Request[] = [];
const steps: Step[] = [];
const ratings: Rating[] = [];

/** A request's history: filed, perhaps transferred, accepted (again after a transfer), escalated, resolved, reopened and resolved again, closed. */
function generateRequests(): void {
  for (let i = 0; i < 160; i++) {
    const created = at();
    const request: Request = {
      id: randomUUID(), category: pick(CATEGORIES), description: `訴求${i}`, area_code: pick(areaCodes), urgency: "NORMAL", preferred_contact: "PHONE", contact_value: "13800001111",
      contact_consented_at: created, identity_visible_to_handler: true, handling_organization_id: pick(organizations), status: "SUBMITTED", resolved_at: null, overdue_since: null, created_at: created,
    };
    let time = created;
    const history: [string, string][] = [["FILED", "SUBMITTED"]];
    const move = (kind: string, to: string, maxHours: number) => {
      time = later(time, maxHours);
      steps.push({ id: randomUUID(), request_id: request.id, kind, from_status: history.at(-1)![1], to_status: to, handling_organization_id: request.handling_organization_id, occurred_at: time });
      history.push([kind, to]);
    };
    steps.push({ id: randomUUID(), request_id: request.id, kind: "FILED", from_status: null, to_status: "SUBMITTED", handling_organization_id: request.handling_organization_id, occurred_at: created });
    if (random() < 0.15) move("STATUS_CHANGED", "TRANSFERRED", 30);
    if (random() < 0.2) {
      move("ESCALATED", history.at(-1)![1], 48);
      request.overdue_since = time;
    }
    const roll = random();
    if (roll < 0.1) move("STATUS_CHANGED", "REJECTED", 20);
    else if (roll < 0.85) {
      move("STATUS_CHANGED", "ACCEPTED", 40);
      if (random() < 0.1) {
        move("STATUS_CHANGED", "TRANSFERRED", 10);
        move("STATUS_CHANGED", "ACCEPTED", 10);
      }
      request.overdue_since = null;
      if (random() < 0.2) {
        move("ESCALATED", "ACCEPTED", 200);
        request.overdue_since = time;
      }
      if (random() < 0.7) {
        move("STATUS_CHANGED", "IN_PROGRESS", 24);
        move("STATUS_CHANGED", "RESOLVED", 200);
        request.overdue_since = null;
        if (random() < 0.3) {
          move("STATUS_CHANGED", "REOPENED", 100);
          if (random() < 0.5) move("STATUS_CHANGED", "RESOLVED", 100);
        }
        if (history.at(-1)![1] === "RESOLVED" && random() < 0.5) move("STATUS_CHANGED", "CLOSED", 100);
      }
    }
    request.status = history.at(-1)![1];
    const resolutions = steps.filter((step) => step.request_id === request.id && step.to_status === "RESOLVED" && step.kind === "STATUS_CHANGED");
    request.resolved_at = ["RESOLVED", "CLOSED"].includes(request.status) ? resolutions.at(-1)!.occurred_at : null;
    requests.push(request);
  }
}

function generateRatings(people: string[]): void {
  const rate = (fields: Partial<Rating>): void => {
    const channel = pick(["ONLINE", "ONLINE", "QUESTIONNAIRE", "MEETING", "PHONE"]);
    ratings.push({
      id: randomUUID(), request_id: null, service_id: null, session_date: null, activity_id: null, category: null, subject_kind: "REQUEST", organization_id: pick(organizations),
      area_code: pick(areaCodes), rater_person_id: pick(people), stars: 1 + Math.floor(random() * 5), channel, entered_by_organization_id: null, rated_at: at(), ...fields,
    } as Rating);
    const rating = ratings.at(-1)!;
    if (channel !== "ONLINE") rating.entered_by_organization_id = rating.organization_id;
  };
  for (const request of requests.filter((row) => ["RESOLVED", "CLOSED"].includes(row.status) && random() < 0.8)) {
    rate({ subject_kind: "REQUEST", request_id: request.id, organization_id: request.handling_organization_id, area_code: request.area_code, category: request.category, rater_person_id: null });
  }
  people.forEach((person, i) => {
    for (let day = 0; day < 3; day++) rate({ subject_kind: "SERVICE_SESSION", service_id: demoServiceId(1 + ((i + day) % 9)), session_date: `2026-03-${String(10 + day).padStart(2, "0")}`, rater_person_id: person });
    rate({ subject_kind: "ACTIVITY", activity_id: demoActivityId(1 + (i % 5)), rater_person_id: person });
  });
}

async function insert(table: string, values: object[]): Promise<void> {
  const columns = Object.keys(values[0]);
  await server.dataSource.query(`INSERT INTO ${table} (${columns.join(", ")}) SELECT ${columns.join(", ")} FROM json_populate_recordset(NULL::${table}, $1)`, [JSON.stringify(values)]);
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  await server.dataSource.query("TRUNCATE feedback, resident_request_step, resident_request CASCADE");
  organizations = (await server.dataSource.query("SELECT id FROM organization WHERE area_code LIKE '510107%' ORDER BY id")).map((row: { id: string }) => row.id);
  areaCodes = (await server.dataSource.query("SELECT code FROM area WHERE code LIKE '510107%' ORDER BY code")).map((row: { code: string }) => row.code);
  const people: string[] = [];
  for (let i = 0; i < 30; i++) people.push(randomUUID());
  await insert("person", people.map((id, i) => ({ id, label: `figures-${i}-${id.slice(0, 8)}`, display_name: `居民${i}` })));
  generateRequests();
  await insert("resident_request", requests);
  // The history inserted last, in one statement: the trigger keeps the milestones as each step arrives.
  await insert("resident_request_step", steps);
  generateRatings(people);
  await insert("feedback", ratings);
});
afterAll(() => server.close());

// ---- brute force ----

interface Scope { areaCode: string; from: Date; to: Date }
const inScope = (code: string, time: Date, scope: Scope) => code.startsWith(scope.areaCode) && time >= scope.from && time < scope.to;

function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
const hours = (values: number[]) => ({ count: values.length, median: percentile(values, 0.5), p90: percentile(values, 0.9) });

/** How a set of requests was handled, from their histories alone. */
function handling(set: Request[]) {
  const stepsOf = (request: Request) => steps.filter((step) => step.request_id === request.id);
  const since = (request: Request, time: Date) => (time.getTime() - request.created_at.getTime()) / HOUR;
  const accepted = set.flatMap((request) => {
    const first = stepsOf(request).filter((step) => step.kind === "STATUS_CHANGED" && step.to_status === "ACCEPTED").sort((a, b) => a.occurred_at.getTime() - b.occurred_at.getTime())[0];
    return first ? [since(request, first.occurred_at)] : [];
  });
  const resolved = set.filter((request) => request.resolved_at).map((request) => since(request, request.resolved_at!));
  const overdue = set.filter((request) => stepsOf(request).some((step) => step.kind === "ESCALATED")).length;
  const reopened = set.filter((request) => stepsOf(request).some((step) => step.to_status === "REOPENED")).length;
  const everResolved = set.filter((request) => stepsOf(request).some((step) => step.to_status === "RESOLVED")).length;
  return {
    requests: set.length, hoursToAccept: hours(accepted), hoursToResolve: hours(resolved),
    overdueShare: set.length ? overdue / set.length : null, reopenRate: everResolved ? reopened / everResolved : null,
  };
}

function groups<T>(items: T[], key: (item: T) => string | null): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) map.set(k, [...(map.get(k) ?? []), item]);
  }
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function expectedRequests(scope: Scope) {
  const set = requests.filter((request) => inScope(request.area_code, request.created_at, scope));
  return {
    total: set.length,
    overdueNow: set.filter((request) => request.overdue_since && OPEN.includes(request.status)).length,
    byStatus: groups(set, (request) => request.status).map(([status, rows]) => ({ status, count: rows.length })),
    overall: handling(set),
    byCategory: groups(set, (request) => request.category).map(([category, rows]) => ({ category, ...handling(rows) })),
    byArea: groups(set, (request) => request.area_code.slice(0, 12)).map(([areaCode, rows]) => ({ areaCode, ...handling(rows) })),
  };
}

function expectedSatisfaction(scope: Scope) {
  const set = ratings.filter((rating) => inScope(rating.area_code, rating.rated_at, scope));
  const figures = (rows: Rating[]) => ({ ratings: rows.length, meanStars: mean(rows.map((row) => row.stars)) });
  const byService = groups(set, (rating) => rating.service_id).map(([id, rows]) => ({ service: { id: toGlobalId("Service", id) }, ...figures(rows) }));
  return {
    ...figures(set),
    byStars: groups(set, (rating) => String(rating.stars)).map(([stars, rows]) => ({ stars: Number(stars), count: rows.length })),
    byChannel: groups(set, (rating) => rating.channel).map(([channel, rows]) => ({ channel, count: rows.length })),
    bySubjectKind: groups(set, (rating) => rating.subject_kind).map(([subjectKind, rows]) => ({ subjectKind, ...figures(rows) })),
    byCategory: groups(set, (rating) => rating.category).map(([category, rows]) => ({ category, ...figures(rows) })),
    byService: byService.sort((a, b) => b.ratings - a.ratings || (a.service.id < b.service.id ? -1 : 1)),
    byArea: groups(set, (rating) => rating.area_code.slice(0, 12)).map(([areaCode, rows]) => ({ areaCode, ...figures(rows) })),
  };
}

/** Numbers to 9 significant digits: float8 arithmetic in the database and in JavaScript differ in the last places. */
function rounded(value: unknown): unknown {
  if (typeof value === "number") return Number(value.toPrecision(9));
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)]));
  return value;
}

const HANDLING = "requests hoursToAccept { count median p90 } hoursToResolve { count median p90 } overdueShare reopenRate";
const DASHBOARD = `query ($areaCode: String!, $from: DateTime!, $to: DateTime!) { dashboard(areaCode: $areaCode, from: $from, to: $to) {
  requests { total overdueNow byStatus { status count } overall { ${HANDLING} } byCategory { category ${HANDLING} } byArea { areaCode ${HANDLING} } }
  satisfaction { ratings meanStars byStars { stars count } byChannel { channel count } bySubjectKind { subjectKind ratings meanStars }
    byCategory { category ratings meanStars } byService { service { id } ratings meanStars } byArea { areaCode ratings meanStars } } } }`;

const SCOPES: [string, Scope][] = [
  ["the district, the whole span", { areaCode: "510107", from: new Date(START - 86_400_000), to: new Date(START + (SPAN_DAYS + 30) * 86_400_000) }],
  ["the street, the first month", { areaCode: "510107021", from: new Date(START), to: new Date(START + 30 * 86_400_000) }],
  ["one community, ten days", { areaCode: "510107021001", from: new Date(START + 20 * 86_400_000), to: new Date(START + 30 * 86_400_000) }],
  ["a period with nothing in it", { areaCode: "510107", from: new Date(START - 40 * 86_400_000), to: new Date(START - 30 * 86_400_000) }],
];

it("generated histories of every shape", () => {
  const statuses = new Set(requests.map((request) => request.status));
  expect([...statuses].sort()).toEqual(expect.arrayContaining(["ACCEPTED", "CLOSED", "REJECTED", "REOPENED", "RESOLVED", "SUBMITTED"]));
  expect(steps.some((step) => step.kind === "ESCALATED")).toBe(true);
  expect(ratings.map((rating) => rating.subject_kind)).toEqual(expect.arrayContaining(["REQUEST", "SERVICE_SESSION", "ACTIVITY"]));
});

it.each(SCOPES)("answers the dashboard's requests and satisfaction for %s as brute force does", async (_name, scope) => {
  const { body } = await server.graphql<{ dashboard: { requests: unknown; satisfaction: unknown } }>(DASHBOARD, { areaCode: scope.areaCode, from: scope.from.toISOString(), to: scope.to.toISOString() });
  expect(body.errors).toBeUndefined();
  expect(rounded(body.data!.dashboard.requests)).toEqual(rounded(expectedRequests(scope)));
  expect(rounded(body.data!.dashboard.satisfaction)).toEqual(rounded(expectedSatisfaction(scope)));
});

it("answers every organisation's request indicators as brute force does", async () => {
  const scope = SCOPES[1][1];
  const kinds: { kind: string }[] = await server.dataSource.query(`SELECT DISTINCT kind FROM organization WHERE area_code LIKE '510107%' ORDER BY kind`);
  const answered: Record<string, unknown>[] = [];
  for (const { kind } of kinds) {
    const { body } = await server.graphql<{ organizationIndicatorsByKind: Record<string, unknown>[] }>(
      `query ($kind: OrganizationKind!, $from: DateTime!, $to: DateTime!) { organizationIndicatorsByKind(kind: $kind, areaCode: "510107", from: $from, to: $to) {
        organization { id } requestsHandled medianHoursToAccept p90HoursToAccept medianHoursToResolve p90HoursToResolve overdueShare reopenRate ratingsReceived meanStars } }`,
      { kind, from: scope.from.toISOString(), to: scope.to.toISOString() },
    );
    expect(body.errors).toBeUndefined();
    answered.push(...body.data!.organizationIndicatorsByKind);
  }
  expect(answered).toHaveLength(organizations.length);
  const ids = answered.map((row) => keyOf((row.organization as { id: string }).id, "Organization"));
  const expected = answered.map((row, i) => {
    const handled = requests.filter((request) => request.handling_organization_id === ids[i] && request.created_at >= scope.from && request.created_at < scope.to);
    const figures = handling(handled);
    const received = ratings.filter((rating) => rating.organization_id === ids[i] && rating.rated_at >= scope.from && rating.rated_at < scope.to);
    return {
      organization: row.organization, requestsHandled: handled.length, medianHoursToAccept: figures.hoursToAccept.median, p90HoursToAccept: figures.hoursToAccept.p90,
      medianHoursToResolve: figures.hoursToResolve.median, p90HoursToResolve: figures.hoursToResolve.p90, overdueShare: figures.overdueShare, reopenRate: figures.reopenRate,
      ratingsReceived: received.length, meanStars: mean(received.map((rating) => rating.stars)),
    };
  });
  expect(rounded(answered)).toEqual(rounded(expected));
  expect(expected.filter((row) => row.requestsHandled > 0 && row.ratingsReceived > 0).length).toBeGreaterThan(3);
});
