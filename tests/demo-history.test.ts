import { loadDemoData } from "../src/db/demo/load-demo-data";
import { startTestServer, TestServer } from "./support/test-server";

/** The demo's 90 days of history: what a dashboard and the indicators show on first start. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true, demoHistory: true });
});
afterAll(() => server.close());

const DAY = 86_400_000;
const period = (days: number) => ({ from: new Date(Date.now() - days * DAY).toISOString(), to: new Date().toISOString() });

interface Dashboard {
  dashboard: {
    needs: { total: number; byStatus: { status: string; count: number }[]; fillRate: number | null; timeToFulfilled: { count: number } };
    projects: { byStatus: { status: string; count: number }[] };
    timeSeries: { start: string; needsPosted: number; pledgesMade: number; deliveries: number }[];
  };
}

it("gives the district's 30-day dashboard activity on many days: needs posted, pledges made and deliveries", async () => {
  const { body } = await server.graphql<Dashboard>(
    `query ($from: DateTime!, $to: DateTime!) { dashboard(areaCode: "510107", from: $from, to: $to) {
      needs { total byStatus { status count } fillRate timeToFulfilled { count } }
      projects { byStatus { status count } }
      timeSeries(interval: DAY, timeZone: "Asia/Shanghai") { start needsPosted pledgesMade deliveries } } }`,
    period(30),
  );
  expect(body.errors).toBeUndefined();
  const { timeSeries, needs } = body.data!.dashboard;
  expect(timeSeries.length).toBeGreaterThanOrEqual(30);
  const busy = (field: "needsPosted" | "pledgesMade" | "deliveries") => timeSeries.filter((day) => day[field] > 0).length;
  expect(timeSeries.filter((day) => day.needsPosted + day.pledgesMade + day.deliveries > 0).length).toBeGreaterThanOrEqual(15);
  expect(busy("needsPosted")).toBeGreaterThanOrEqual(5);
  expect(busy("pledgesMade")).toBeGreaterThanOrEqual(5);
  expect(busy("deliveries")).toBeGreaterThanOrEqual(5);
  const statuses = new Map(needs.byStatus.map(({ status, count }) => [status, count]));
  expect(statuses.get("FULFILLED")).toBeGreaterThan(0);
  expect(needs.fillRate).toBeGreaterThan(0);
  expect(needs.timeToFulfilled.count).toBeGreaterThan(0);
});

it("has completed projects, expired needs, and declined and withdrawn pledges over 90 days", async () => {
  const { body } = await server.graphql<Dashboard>(
    `query ($from: DateTime!, $to: DateTime!) { dashboard(areaCode: "510107", from: $from, to: $to) { needs { total byStatus { status count } fillRate timeToFulfilled { count } } projects { byStatus { status count } } timeSeries { start needsPosted pledgesMade deliveries } } }`,
    period(95),
  );
  const { projects, needs } = body.data!.dashboard;
  expect(projects.byStatus.find((row) => row.status === "COMPLETED")?.count).toBeGreaterThanOrEqual(5);
  expect(needs.byStatus.find((row) => row.status === "EXPIRED")?.count).toBeGreaterThan(0);
  const [pledges] = await server.dataSource.query(
    `SELECT count(*) FILTER (WHERE status = 'DECLINED')::int AS declined, count(*) FILTER (WHERE status = 'WITHDRAWN')::int AS withdrawn
     FROM pledge WHERE id::text LIKE 'c0940000-0000-4000-8000-00000000%' AND created_at < now() - interval '1 day'`,
  );
  expect(pledges.declined).toBeGreaterThan(0);
  expect(pledges.withdrawn).toBeGreaterThan(0);
});

it("gives the indicators of the organisations that took part: needs filled, pledges delivered, some late", async () => {
  const { body } = await server.graphql<{ organizationIndicatorsByKind: { organization: { name: string }; pledgesMade: number; pledgesDelivered: number; onTimeDeliveryRate: number | null; needsFilled: number; projectsLed: number }[] }>(
    `query ($from: DateTime!, $to: DateTime!) { organizationIndicatorsByKind(areaCode: "510107", kind: VOLUNTEER_TEAM, from: $from, to: $to) {
      organization { name } pledgesMade pledgesDelivered onTimeDeliveryRate needsFilled projectsLed } }`,
    period(90),
  );
  expect(body.errors).toBeUndefined();
  const teams = body.data!.organizationIndicatorsByKind;
  expect(teams.length).toBeGreaterThanOrEqual(2);
  for (const team of teams) {
    expect(team.pledgesMade).toBeGreaterThan(0);
    expect(team.pledgesDelivered).toBeGreaterThan(0);
  }
  // Over all who delivered: on time mostly, late sometimes.
  const [rates] = await server.dataSource.query(
    `SELECT count(*) FILTER (WHERE d.delivered_at <= p.expected_delivery)::int AS on_time, count(*) FILTER (WHERE d.delivered_at > p.expected_delivery)::int AS late
     FROM delivery d JOIN pledge p ON p.id = d.pledge_id WHERE p.status = 'DELIVERED'`,
  );
  expect(rates.on_time).toBeGreaterThan(rates.late);
  expect(rates.late).toBeGreaterThan(0);
});

it("tells the same story on every load: the history is drawn from a fixed seed", async () => {
  const story = () => server.dataSource.query(
    `SELECT n.title, n.status, n.quantity::text, extract(epoch FROM n.created_at - (SELECT min(created_at) FROM project WHERE id::text LIKE 'c0920000-0000-4000-8000-0000000010%'))::text AS after_first,
            (SELECT string_agg(p.status || ':' || p.quantity, ',' ORDER BY p.id) FROM pledge p WHERE p.need_id = n.id) AS pledges
     FROM resource_need n JOIN project pr ON pr.id = n.project_id WHERE pr.id::text LIKE 'c0920000-0000-4000-8000-0000000010%' ORDER BY n.id`,
  );
  const first = await story();
  expect(first.length).toBeGreaterThanOrEqual(30);
  await loadDemoData(server.dataSource);
  expect(await story()).toEqual(first);
});
