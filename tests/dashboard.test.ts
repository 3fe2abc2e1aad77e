import { randomUUID } from "node:crypto";
import { toGlobalId } from "../src/schema/global-id";
import { startTestServer, TestServer } from "./support/test-server";

/**
 * Every dashboard and indicator figure, recomputed by brute force from the rows of a random data set
 * and compared with what the API answers. The generator is seeded, so a failure repeats.
 */

let seed = 20261127;
/** A small deterministic generator (mulberry32): the same data on every run. */
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
const between = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));

const DAY = 86_400_000;
const START = Date.parse("2026-03-01T00:00:00Z");
const SPAN_DAYS = 60;
const at = () => new Date(START + Math.floor(random() * SPAN_DAYS * DAY));
const after = (time: Date, maxDays: number) => new Date(time.getTime() + Math.floor(random() * maxDays * DAY));

interface Organization { id: string; kind: string; area_code: string }
interface Project { id: string; title: string; category: string; status: string; area_code: string; lead_organization_id: string; created_at: Date }
interface Partnership { id: string; project_id: string; organization_id: string; role: string; status: string; created_at: Date }
interface Need {
  id: string; project_id: string; posted_by_organization_id: string; category: string; title: string; quantity: number; unit: string; urgency: string;
  needed_by: Date; area_code: string; status: string; pledged_quantity: number; accepted_quantity: number; delivered_quantity: number; remaining_quantity: number; created_at: Date;
}
interface StatusChange { need_id: string; from_status: string | null; to_status: string; reason: string; changed_at: Date }
interface Pledge { id: string; need_id: string; organization_id: string; quantity: number; accepted_quantity: number | null; status: string; expected_delivery: Date | null; created_at: Date }
interface Delivery { id: string; pledge_id: string; quantity: number; recorded_by_organization_id: string; delivered_at: Date }

interface Person { id: string; label: string; display_name: string }
interface Activity { id: string; organization_id: string; project_id: string | null; kind: string; title: string; area_code: string; status: string; created_at: Date }
interface Shift { id: string; activity_id: string; starts_at: Date; ends_at: Date; capacity: number }
interface SignUp { id: string; shift_id: string; person_id: string; status: string; hours: number | null; verified_at: Date | null; verified_by_organization_id: string | null }
interface Account { id: string; kind: string; person_id: string | null; organization_id: string | null }
interface Entry { id: string; kind: string; from_account_id: string; to_account_id: string; points: number; sign_up_id: string | null; reverses_entry_id: string | null; organization_id: string | null; created_at: Date }
interface Reward { id: string; organization_id: string; name: string; points_price: number; stock: number }
interface Redemption { id: string; reward_id: string; person_id: string; entry_id: string; created_at: Date }

let server: TestServer;
let organizations: Organization[];
let areaCodes: string[];
const rows = { projects: [] as Project[], partnerships: [] as Partnership[], needs: [] as Need[], changes: [] as StatusChange[], pledges: [] as Pledge[], deliveries: [] as Delivery[] };
const volunteering = {
  people: [] as Person[], activities: [] as Activity[], shifts: [] as Shift[], signUps: [] as SignUp[], accounts: [] as Account[], entries: [] as Entry[], rewards: [] as Reward[], redemptions: [] as Redemption[],
};

/** People serving on shifts of the area's activities, the points their verified hours earned, rewards redeemed, and some of both reversed. */
function generateVolunteering(): void {
  const v = volunteering;
  for (let i = 0; i < 40; i++) v.people.push({ id: randomUUID(), label: `dash-${i}-${randomUUID().slice(0, 8)}`, display_name: `志願者${i}` });
  const personAccount = new Map(v.people.map((person) => [person.id, { id: randomUUID(), kind: "PERSON", person_id: person.id, organization_id: null }]));
  const pool = new Map(organizations.map((organization) => [organization.id, { id: randomUUID(), kind: "POOL", person_id: null, organization_id: organization.id }]));
  v.accounts.push(...personAccount.values(), ...pool.values());
  const entry = (kind: string, from: string, to: string, points: number, created_at: Date, extra: Partial<Entry> = {}): Entry => {
    const row = { id: randomUUID(), kind, from_account_id: from, to_account_id: to, points, sign_up_id: null, reverses_entry_id: null, organization_id: null, created_at, ...extra };
    v.entries.push(row);
    return row;
  };
  for (let i = 0; i < 40; i++) {
    v.activities.push({
      id: randomUUID(), organization_id: pick(organizations).id, project_id: random() < 0.4 ? pick(rows.projects).id : null,
      kind: pick(["VOLUNTEER_SERVICE", "CULTURAL", "HEALTH_TALK", "ENVIRONMENT"]), title: `活動${i}`, area_code: pick(areaCodes), status: pick(["PUBLISHED", "COMPLETED", "CANCELLED"]), created_at: at(),
    });
  }
  for (const activity of v.activities) {
    for (let k = between(1, 3); k > 0; k--) {
      const starts_at = at();
      const shift = { id: randomUUID(), activity_id: activity.id, starts_at, ends_at: new Date(starts_at.getTime() + 3 * 3_600_000), capacity: 10 };
      v.shifts.push(shift);
      for (const person of [...v.people].sort(() => random() - 0.5).slice(0, between(0, 8))) {
        const status = pick(["CONFIRMED", "CONFIRMED", "CONFIRMED", "WAITLISTED", "CANCELLED"]);
        const hours = status === "CONFIRMED" && random() < 0.8 ? between(25, 300) / 100 : null;
        const verified = hours !== null && random() < 0.8;
        const signUp = { id: randomUUID(), shift_id: shift.id, person_id: person.id, status, hours, verified_at: verified ? after(starts_at, 3) : null, verified_by_organization_id: verified ? activity.organization_id : null };
        v.signUps.push(signUp);
        if (verified && random() < 0.85) {
          entry("EARN", pool.get(activity.organization_id)!.id, personAccount.get(person.id)!.id, between(1, 60), signUp.verified_at!, { sign_up_id: signUp.id, organization_id: activity.organization_id });
        }
      }
    }
  }
  for (let i = 0; i < 8; i++) v.rewards.push({ id: randomUUID(), organization_id: pick(organizations).id, name: `獎品${i}`, points_price: between(5, 40), stock: 100 });
  for (let i = 0; i < 60; i++) {
    const reward = pick(v.rewards);
    const person = pick(v.people);
    const created_at = at();
    const redeemed = entry("REDEEM", personAccount.get(person.id)!.id, pool.get(reward.organization_id)!.id, reward.points_price, created_at, { organization_id: reward.organization_id });
    v.redemptions.push({ id: randomUUID(), reward_id: reward.id, person_id: person.id, entry_id: redeemed.id, created_at });
  }
  for (const original of v.entries.filter(() => random() < 0.2)) {
    entry("REVERSAL", original.to_account_id, original.from_account_id, original.points, after(original.created_at, 5), { reverses_entry_id: original.id, organization_id: original.organization_id });
  }
}

function generate(): void {
  for (let i = 0; i < 40; i++) {
    const created_at = at();
    rows.projects.push({
      id: randomUUID(), title: `專案${i}`, category: pick(["HEALTH", "LEGAL_AID", "EMERGENCY", "ELDERLY_CARE", "OTHER"]),
      status: pick(["DRAFT", "OPEN", "ACTIVE", "COMPLETED", "CANCELLED"]), area_code: pick(areaCodes), lead_organization_id: pick(organizations).id, created_at,
    });
  }
  for (const project of rows.projects) {
    rows.partnerships.push({ id: randomUUID(), project_id: project.id, organization_id: project.lead_organization_id, role: "LEAD", status: "ACTIVE", created_at: project.created_at });
    const others = organizations.filter((organization) => organization.id !== project.lead_organization_id).sort(() => random() - 0.5).slice(0, between(0, 4));
    for (const organization of others) {
      rows.partnerships.push({ id: randomUUID(), project_id: project.id, organization_id: organization.id, role: pick(["PARTNER", "SPONSOR", "SUPPORTER"]), status: pick(["INVITED", "ACTIVE", "DECLINED", "LEFT"]), created_at: at() });
    }
  }
  for (let i = 0; i < 500; i++) {
    const project = pick(rows.projects);
    const quantity = between(1, 200) / (random() < 0.3 ? 2 : 1);
    const accepted = Math.round(random() * quantity * 100) / 100;
    const delivered = Math.round(random() * accepted * 100) / 100;
    const created_at = at();
    rows.needs.push({
      id: randomUUID(), project_id: project.id, posted_by_organization_id: random() < 0.7 ? project.lead_organization_id : pick(organizations).id,
      category: pick(["VOLUNTEERS", "FUNDS", "MATERIALS", "MEDICAL_STAFF", "FOOD", "SHELTER"]), title: `需求${i}`, quantity, unit: "件",
      urgency: pick(["CRITICAL", "HIGH", "NORMAL", "LOW"]), needed_by: after(created_at, 20), area_code: pick(areaCodes),
      status: pick(["OPEN", "PARTIALLY_PLEDGED", "FULLY_PLEDGED", "FULFILLED", "CANCELLED", "EXPIRED"]),
      pledged_quantity: accepted, accepted_quantity: accepted, delivered_quantity: delivered, remaining_quantity: Math.round((quantity - accepted) * 100) / 100, created_at,
    });
  }
  for (const need of rows.needs) {
    // Changes arrive in any order: the need keeps the earliest time it reached a status.
    for (let k = between(0, 3); k > 0; k--) {
      rows.changes.push({ need_id: need.id, from_status: null, to_status: pick(["PARTIALLY_PLEDGED", "FULLY_PLEDGED", "FULFILLED", "OPEN"]), reason: "test", changed_at: after(need.created_at, 5) });
    }
  }
  const live = new Set(rows.projects.filter((project) => project.status !== "DRAFT").map((project) => project.id));
  const pledgeable = rows.needs.filter((need) => live.has(need.project_id));
  for (let i = 0; i < 1_500; i++) {
    const need = pick(pledgeable);
    const quantity = between(1, 50);
    const status = pick(["OFFERED", "ACCEPTED", "DELIVERED", "DECLINED", "WITHDRAWN"]);
    const created_at = at();
    rows.pledges.push({
      id: randomUUID(), need_id: need.id, organization_id: pick(organizations).id, quantity, status,
      accepted_quantity: status === "ACCEPTED" || status === "DELIVERED" ? between(1, quantity) : null,
      expected_delivery: random() < 0.5 ? after(created_at, 10) : null, created_at,
    });
  }
  for (const pledge of rows.pledges.filter((p) => p.accepted_quantity !== null)) {
    for (let k = between(0, 2); k > 0; k--) {
      rows.deliveries.push({ id: randomUUID(), pledge_id: pledge.id, quantity: between(1, 10), recorded_by_organization_id: pledge.organization_id, delivered_at: after(pledge.created_at, 15) });
    }
  }
}

async function insert(table: string, values: object[]): Promise<void> {
  const columns = Object.keys(values[0]);
  await server.dataSource.query(`INSERT INTO ${table} (${columns.join(", ")}) SELECT ${columns.join(", ")} FROM json_populate_recordset(NULL::${table}, $1)`, [JSON.stringify(values)]);
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  // Demo areas and organisations stay; everything they did makes way for the random data.
  await server.dataSource.query(
    "TRUNCATE project, partnership, resource_need, resource_need_status_change, pledge, delivery, alert_need, activity, activity_shift, shift_sign_up, points_entry, reward_redemption, reward, points_account, resident_request_step, resident_request CASCADE",
  );
  organizations = await server.dataSource.query("SELECT id, kind, area_code FROM organization");
  areaCodes = (await server.dataSource.query("SELECT code FROM area WHERE code LIKE '510107%'")).map((row: { code: string }) => row.code);
  generate();
  await insert("project", rows.projects);
  await insert("partnership", rows.partnerships);
  await insert("resource_need", rows.needs);
  await insert("resource_need_status_change", rows.changes);
  await insert("pledge", rows.pledges);
  await insert("delivery", rows.deliveries);
  generateVolunteering();
  for (const [table, values] of [
    ["person", volunteering.people], ["activity", volunteering.activities], ["activity_shift", volunteering.shifts], ["shift_sign_up", volunteering.signUps],
    ["points_account", volunteering.accounts], ["points_entry", volunteering.entries], ["reward", volunteering.rewards], ["reward_redemption", volunteering.redemptions],
  ] as const) {
    await insert(table, values);
  }
});
afterAll(() => server.close());

// ---- brute force ----

interface Scope { areaCode: string; from: Date; to: Date }
const inPeriod = (time: Date, scope: Scope) => time >= scope.from && time < scope.to;
const inArea = (code: string, scope: Scope) => code.startsWith(scope.areaCode);
const projectOf = (id: string) => rows.projects.find((project) => project.id === id)!;
const needOf = (id: string) => rows.needs.find((need) => need.id === id)!;
const pledgeOf = (id: string) => rows.pledges.find((pledge) => pledge.id === id)!;

function countBy<T>(items: T[], key: (item: T) => string, name: string): Record<string, string | number>[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.keys()].sort().map((value) => ({ [name]: value, count: counts.get(value)! }));
}

/** PostgreSQL's percentile_cont: linear interpolation between the nearest ranks. */
function percentile(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function durations(needs: Need[], statuses: string[]) {
  const seconds = needs.flatMap((need) => {
    const reached = rows.changes.filter((change) => change.need_id === need.id && statuses.includes(change.to_status)).map((change) => change.changed_at.getTime());
    return reached.length ? [(Math.min(...reached) - need.created_at.getTime()) / 1000] : [];
  });
  return { count: seconds.length, medianSeconds: percentile(seconds, 0.5), p90Seconds: percentile(seconds, 0.9) };
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

function expectedDashboard(scope: Scope, bucket: (time: Date) => number) {
  const needs = rows.needs.filter((need) => inArea(need.area_code, scope) && inPeriod(need.created_at, scope) && projectOf(need.project_id).status !== "DRAFT");
  const pledges = rows.pledges.filter((pledge) => inArea(needOf(pledge.need_id).area_code, scope) && inPeriod(pledge.created_at, scope));
  const deliveries = rows.deliveries.filter((delivery) => inArea(needOf(pledgeOf(delivery.pledge_id).need_id).area_code, scope) && inPeriod(delivery.delivered_at, scope));
  const projects = rows.projects.filter((project) => inArea(project.area_code, scope) && inPeriod(project.created_at, scope) && project.status !== "DRAFT");
  const active = new Set([
    ...needs.map((need) => need.posted_by_organization_id),
    ...pledges.map((pledge) => pledge.organization_id),
    ...deliveries.map((delivery) => pledgeOf(delivery.pledge_id).organization_id),
  ]);
  const contributors = new Map<string, { deliveries: number; deliveredQuantity: number; needs: Set<string> }>();
  for (const delivery of deliveries) {
    const pledge = pledgeOf(delivery.pledge_id);
    const entry = contributors.get(pledge.organization_id) ?? { deliveries: 0, deliveredQuantity: 0, needs: new Set<string>() };
    entry.deliveries += 1;
    entry.deliveredQuantity += delivery.quantity;
    entry.needs.add(pledge.need_id);
    contributors.set(pledge.organization_id, entry);
  }
  const top = [...contributors.entries()]
    .sort(([a, x], [b, y]) => y.deliveries - x.deliveries || y.deliveredQuantity - x.deliveredQuantity || (a < b ? -1 : 1))
    .slice(0, 50)
    .map(([id, entry]) => ({ organization: { id: toGlobalId("Organization", id) }, deliveries: entry.deliveries, deliveredQuantity: entry.deliveredQuantity, needsServed: entry.needs.size }));
  const series = new Map<number, { needsPosted: number; pledgesMade: number; deliveries: number }>();
  for (let time = bucket(scope.from); time <= bucket(new Date(scope.to.getTime() - 1)); time = nextBucket(time, bucket)) {
    series.set(time, { needsPosted: 0, pledgesMade: 0, deliveries: 0 });
  }
  for (const need of needs) series.get(bucket(need.created_at))!.needsPosted += 1;
  for (const pledge of pledges) series.get(bucket(pledge.created_at))!.pledgesMade += 1;
  for (const delivery of deliveries) series.get(bucket(delivery.delivered_at))!.deliveries += 1;
  return {
    needs: {
      total: needs.length,
      byStatus: countBy(needs, (need) => need.status, "status"),
      byCategory: countBy(needs, (need) => need.category, "category"),
      byUrgency: countBy(needs, (need) => need.urgency, "urgency"),
      openCritical: needs.filter((need) => need.urgency === "CRITICAL" && ["OPEN", "PARTIALLY_PLEDGED"].includes(need.status)).length,
      fillRate: mean(needs.map((need) => need.accepted_quantity / need.quantity)),
      deliveryRate: mean(needs.map((need) => need.delivered_quantity / need.quantity)),
      timeToFullyPledged: durations(needs, ["FULLY_PLEDGED", "FULFILLED"]),
      timeToFulfilled: durations(needs, ["FULFILLED"]),
    },
    organizations: {
      activeByKind: countBy(organizations.filter((organization) => active.has(organization.id)), (organization) => organization.kind, "kind"),
      topContributors: top,
    },
    projects: { byStatus: countBy(projects, (project) => project.status, "status"), byCategory: countBy(projects, (project) => project.category, "category") },
    timeSeries: [...series.entries()].map(([start, counts]) => ({ start: new Date(start).toISOString(), ...counts })),
  };
}

const activityOf = (id: string) => volunteering.activities.find((activity) => activity.id === id)!;
const shiftOf = (id: string) => volunteering.shifts.find((shift) => shift.id === id)!;
const standing = (entry: Entry) => !volunteering.entries.some((row) => row.reverses_entry_id === entry.id);
const outsideDraftProjects = (activity: Activity) => activity.project_id === null || projectOf(activity.project_id).status !== "DRAFT";
/** Verified sign-ups on shifts that started in the period, with the points they earned (unless reversed). */
function servedIn(scope: Scope, activityMatches: (activity: Activity) => boolean) {
  return volunteering.signUps
    .filter((signUp) => {
      const shift = shiftOf(signUp.shift_id);
      const activity = activityOf(shift.activity_id);
      return signUp.verified_at !== null && inPeriod(shift.starts_at, scope) && activityMatches(activity) && outsideDraftProjects(activity);
    })
    .map((signUp) => {
      const earned = volunteering.entries.find((entry) => entry.sign_up_id === signUp.id && standing(entry));
      const shift = shiftOf(signUp.shift_id);
      return { person: signUp.person_id, hours: signUp.hours!, points: earned?.points ?? 0, kind: activityOf(shift.activity_id).kind, at: shift.starts_at };
    });
}
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const people = (served: { person: string }[]) => new Set(served.map((row) => row.person)).size;

function expectedVolunteers(scope: Scope, bucket: (time: Date) => number) {
  const served = servedIn(scope, (activity) => inArea(activity.area_code, scope));
  const areaOf = (organizationId: string) => organizations.find((organization) => organization.id === organizationId)!.area_code;
  const redeemed = volunteering.redemptions
    .filter((redemption) => {
      const entry = volunteering.entries.find((row) => row.id === redemption.entry_id)!;
      const reward = volunteering.rewards.find((row) => row.id === redemption.reward_id)!;
      return inPeriod(redemption.created_at, scope) && inArea(areaOf(reward.organization_id), scope) && standing(entry);
    })
    .map((redemption) => ({ points: volunteering.entries.find((row) => row.id === redemption.entry_id)!.points, at: redemption.created_at }));
  const kinds = [...new Set(served.map((row) => row.kind))].sort();
  const series = new Map<number, { served: typeof served; redeemed: typeof redeemed }>();
  for (let time = bucket(scope.from); time <= bucket(new Date(scope.to.getTime() - 1)); time = nextBucket(time, bucket)) series.set(time, { served: [], redeemed: [] });
  for (const row of served) series.get(bucket(row.at))!.served.push(row);
  for (const row of redeemed) series.get(bucket(row.at))!.redeemed.push(row);
  return {
    volunteers: {
      activeVolunteers: people(served),
      hoursServed: sum(served.map((row) => row.hours)),
      servicesVerified: served.length,
      pointsEarned: sum(served.map((row) => row.points)),
      pointsRedeemed: sum(redeemed.map((row) => row.points)),
      redemptions: redeemed.length,
      byKind: kinds.map((kind) => {
        const ofKind = served.filter((row) => row.kind === kind);
        return { kind, activeVolunteers: people(ofKind), hoursServed: sum(ofKind.map((row) => row.hours)), pointsEarned: sum(ofKind.map((row) => row.points)) };
      }),
    },
    volunteerSeries: [...series.entries()].map(([start, inBucket]) => ({
      start: new Date(start).toISOString(),
      activeVolunteers: people(inBucket.served),
      hoursServed: sum(inBucket.served.map((row) => row.hours)),
      pointsEarned: sum(inBucket.served.map((row) => row.points)),
      pointsRedeemed: sum(inBucket.redeemed.map((row) => row.points)),
    })),
  };
}

/** The start of the bucket after the one starting at `start`. */
function nextBucket(start: number, bucket: (time: Date) => number): number {
  let time = start + DAY;
  while (bucket(new Date(time)) === start) time += DAY;
  return bucket(new Date(time));
}

const utcDay = (time: Date) => Math.floor(time.getTime() / DAY) * DAY;
/** Weeks from Monday in Asia/Shanghai (UTC+8 all year). */
const shanghaiWeek = (time: Date) => {
  const local = time.getTime() + 8 * 3_600_000;
  const day = Math.floor(local / DAY);
  const monday = day - ((new Date(day * DAY).getUTCDay() + 6) % 7);
  return monday * DAY - 8 * 3_600_000;
};

function expectedIndicators(organizationId: string, from: Date, to: Date) {
  const scope = { areaCode: "", from, to };
  const posted = rows.needs.filter((need) => need.posted_by_organization_id === organizationId && inPeriod(need.created_at, scope) && projectOf(need.project_id).status !== "DRAFT");
  const made = rows.pledges.filter((pledge) => pledge.organization_id === organizationId && inPeriod(pledge.created_at, scope));
  const delivered = made.filter((pledge) => pledge.status === "DELIVERED");
  const onTime = delivered.filter((pledge) => {
    const times = rows.deliveries.filter((delivery) => delivery.pledge_id === pledge.id).map((delivery) => delivery.delivered_at.getTime());
    return times.length > 0 && Math.max(...times) <= (pledge.expected_delivery ?? needOf(pledge.need_id).needed_by).getTime();
  });
  const organized = servedIn(scope, (activity) => activity.organization_id === organizationId);
  return {
    organization: { id: toGlobalId("Organization", organizationId) },
    projectsLed: rows.projects.filter((project) => project.lead_organization_id === organizationId && project.status !== "DRAFT" && inPeriod(project.created_at, scope)).length,
    projectsJoined: rows.partnerships.filter((p) => p.organization_id === organizationId && p.role !== "LEAD" && ["ACTIVE", "LEFT"].includes(p.status) && inPeriod(p.created_at, scope)).length,
    needsPosted: posted.length,
    needsFilled: posted.filter((need) => ["FULLY_PLEDGED", "FULFILLED"].includes(need.status)).length,
    pledgesMade: made.length,
    pledgesDelivered: delivered.length,
    onTimeDeliveryRate: delivered.length ? onTime.length / delivered.length : null,
    hoursOrganized: sum(organized.map((row) => row.hours)),
    volunteersEngaged: people(organized),
  };
}

// ---- the API ----

const DASHBOARD = `query ($areaCode: String!, $from: DateTime!, $to: DateTime!, $interval: ActivityInterval!, $timeZone: String!) {
  dashboard(areaCode: $areaCode, from: $from, to: $to) {
    needs {
      total byStatus { status count } byCategory { category count } byUrgency { urgency count } openCritical fillRate deliveryRate
      timeToFullyPledged { count medianSeconds p90Seconds } timeToFulfilled { count medianSeconds p90Seconds }
    }
    organizations { activeByKind { kind count } topContributors(first: 50) { organization { id } deliveries deliveredQuantity needsServed } }
    projects { byStatus { status count } byCategory { category count } }
    timeSeries(interval: $interval, timeZone: $timeZone) { start needsPosted pledgesMade deliveries }
    volunteers { activeVolunteers hoursServed servicesVerified pointsEarned pointsRedeemed redemptions byKind { kind activeVolunteers hoursServed pointsEarned } }
    volunteerSeries(interval: $interval, timeZone: $timeZone) { start activeVolunteers hoursServed pointsEarned pointsRedeemed }
  }
}`;

/** Floats as the database computes them may differ from JavaScript's in the last bits. */
function rounded(value: unknown): unknown {
  if (typeof value === "number") return Math.round(value * 1e6) / 1e6;
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rounded(inner)]));
  return value;
}

describe("dashboard figures agree with a brute-force count of the rows", () => {
  const scopes: [string, Scope, "DAY" | "WEEK", string, (time: Date) => number][] = [
    ["the district over the whole data set, by day", { areaCode: "510107", from: new Date(START - 3 * DAY), to: new Date(START + (SPAN_DAYS + 20) * DAY) }, "DAY", "UTC", utcDay],
    ["a street over three weeks, by Shanghai week", { areaCode: "510107021", from: new Date(START + 10 * DAY + 5 * 3_600_000), to: new Date(START + 31 * DAY) }, "WEEK", "Asia/Shanghai", shanghaiWeek],
    ["a community over twenty days, by day", { areaCode: "510107021001", from: new Date(START + 20 * DAY), to: new Date(START + 40 * DAY + 7_000) }, "DAY", "UTC", utcDay],
  ];

  it.each(scopes)("%s", async (_name, scope, interval, timeZone, bucket) => {
    const expected = { ...expectedDashboard(scope, bucket), ...expectedVolunteers(scope, bucket) };
    // The data set must exercise every figure, or agreement proves little.
    expect(expected.needs.total).toBeGreaterThan(10);
    expect(expected.volunteers.byKind.length).toBeGreaterThan(1);
    expect(expected.volunteers.servicesVerified).toBeGreaterThan(2);
    expect(expected.volunteers.redemptions).toBeGreaterThan(0);
    expect(expected.needs.timeToFulfilled.count).toBeGreaterThan(1);
    expect(expected.organizations.topContributors.length).toBeGreaterThan(1);
    const { body } = await server.graphql(DASHBOARD, { areaCode: scope.areaCode, from: scope.from.toISOString(), to: scope.to.toISOString(), interval, timeZone });
    expect(body.errors).toBeUndefined();
    expect(rounded(body.data!.dashboard)).toEqual(rounded(expected));
  });

  it("agrees on every organisation's indicators, and compares peers of one kind", async () => {
    const from = new Date(START + 5 * DAY);
    const to = new Date(START + 45 * DAY);
    const fields = "organization { id } projectsLed projectsJoined needsPosted needsFilled pledgesMade pledgesDelivered onTimeDeliveryRate hoursOrganized volunteersEngaged";
    const expected = organizations.map((organization) => expectedIndicators(organization.id, from, to));
    expect(expected.filter((indicators) => indicators.volunteersEngaged > 1).length).toBeGreaterThan(1);
    // People serving several shifts are counted once.
    const served = servedIn({ areaCode: "", from, to }, () => true);
    expect(people(served)).toBeLessThan(served.length);
    expect(expected.some((indicators) => indicators.onTimeDeliveryRate !== null && indicators.projectsJoined > 0)).toBe(true);
    for (const indicators of expected) {
      const { body } = await server.graphql<{ organizationIndicators: unknown }>(`query ($id: ID!, $from: DateTime!, $to: DateTime!) { organizationIndicators(organizationId: $id, from: $from, to: $to) { ${fields} } }`, {
        id: indicators.organization.id, from: from.toISOString(), to: to.toISOString(),
      });
      expect(body.errors).toBeUndefined();
      expect(rounded(body.data!.organizationIndicators)).toEqual(rounded(indicators));
    }
    const kind = organizations[0].kind;
    const { body } = await server.graphql<{ organizationIndicatorsByKind: { organization: { id: string } }[] }>(
      `query ($kind: OrganizationKind!, $from: DateTime!, $to: DateTime!) { organizationIndicatorsByKind(kind: $kind, areaCode: "5101", from: $from, to: $to) { ${fields} } }`,
      { kind, from: from.toISOString(), to: to.toISOString() },
    );
    expect(body.errors).toBeUndefined();
    const peers = expected.filter((_, index) => organizations[index].kind === kind);
    const byId = (list: { organization: { id: string } }[]) => [...list].sort((a, b) => (a.organization.id < b.organization.id ? -1 : 1));
    expect(rounded(byId(body.data!.organizationIndicatorsByKind))).toEqual(rounded(byId(peers)));
  });
});

describe("bad dashboard input", () => {
  const dashboard = (variables: Record<string, unknown>, selection = "needs { total }") =>
    server.graphql(`query ($areaCode: String!, $from: DateTime!, $to: DateTime!) { dashboard(areaCode: $areaCode, from: $from, to: $to) { ${selection} } }`, {
      areaCode: "510107", from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z", ...variables,
    });
  const codeAndMessage = (body: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => [body.errors?.[0]?.extensions?.code, body.errors?.[0]?.message];

  it.each([
    ["from after to", { from: "2026-04-02T00:00:00Z" }, /from \(2026-04-02T00:00:00.000Z\) must be before to/],
    ["from equal to to", { to: "2026-03-01T00:00:00Z" }, /must be before to/],
    ["a period over the limit", { from: "2025-01-01T00:00:00Z" }, /spans 455 days; ask for at most 366/],
    ["an unknown area", { areaCode: "999999" }, /areaCode: no area has the code "999999"/],
  ])("refuses %s", async (_name, variables, message) => {
    const { body } = await dashboard(variables);
    const [code, text] = codeAndMessage(body);
    expect(code).toBe("BAD_USER_INPUT");
    expect(text).toMatch(message);
  });

  it("refuses an unknown time zone and a top list out of range", async () => {
    const zone = await dashboard({}, `timeSeries(timeZone: "Mars/Olympus") { start }`);
    expect(codeAndMessage(zone.body)).toEqual(["BAD_USER_INPUT", expect.stringMatching(/"Mars\/Olympus" is not a time zone/)]);
    const top = await dashboard({}, `organizations { topContributors(first: 500) { deliveries } }`);
    expect(codeAndMessage(top.body)).toEqual(["BAD_USER_INPUT", expect.stringMatching(/first is 500; ask for 1 to 50/)]);
  });

  it("refuses indicators for an organisation that does not exist or an ID of another type", async () => {
    const query = `query ($id: ID!) { organizationIndicators(organizationId: $id, from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z") { needsPosted } }`;
    const missing = toGlobalId("Organization", randomUUID());
    expect(codeAndMessage((await server.graphql(query, { id: missing })).body)).toEqual(["BAD_USER_INPUT", `No organisation has the id ${missing}.`]);
    expect(codeAndMessage((await server.graphql(query, { id: toGlobalId("Project", randomUUID()) })).body)[0]).toBe("BAD_USER_INPUT");
  });
});
