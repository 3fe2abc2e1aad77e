import { organizationIds, mutationsAs } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let station: Record<string, string>;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${(counter += 1)}`;

const STATION = "qinggang-lin-health-station";
const LEGAL = "wuhou-legal-aid-qinggang";
/** The Party service centre of 青杠林, where a resident stands. */
const HERE = { lat: 30.6433, lng: 104.0451 };

const { call, as, problems } = mutationsAs(() => server);

/** Names of the services `filter` finds for `headers` (anonymous by default), sorted. */
async function found(filter: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string[]> {
  const { body } = await server.graphql<{ services: { nodes: { name: string }[] } }>(`query ($filter: ServiceFilterInput) { services(filter: $filter, first: 100) { nodes { name } } }`, { filter }, headers);
  expect(body.errors).toBeUndefined();
  return body.data!.services.nodes.map((service) => service.name).sort();
}

/** A new service of the health station, at a new place of its own, with one schedule. */
async function stationService(name: string, schedule: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<{ serviceId: string; scheduleId: string }> {
  const { location } = await as<{ location: { id: string } }>(station, "createServiceLocation", "CreateServiceLocationInput", {
    actingOrganizationId: org[STATION], name: unique("診室"), address: "青杠林路20號二樓", areaCode: "510107021001002", latitude: 30.6441, longitude: 104.046,
  }, "location { id }");
  const { service } = await as<{ service: { id: string } }>(station, "createService", "CreateServiceInput", {
    actingOrganizationId: org[STATION], name, categories: ["MEDICAL"], targetGroups: ["ELDERLY"], isFree: true, locationIds: [location.id], ...extra,
  }, "service { id }");
  const added = await as<{ schedule: { id: string } }>(station, "addServiceSchedule", "AddServiceScheduleInput", { actingOrganizationId: org[STATION], serviceId: service.id, ...schedule }, "schedule { id }");
  return { serviceId: service.id, scheduleId: added.schedule.id };
}

beforeAll(async () => {
  // debug puts each request's SQL statement count into `extensions.sqlStatements`.
  server = await startTestServer({ demoData: true, config: { debug: true } });
  org = await organizationIds(server, [STATION, LEGAL, "shujin-construction"]);
  station = await server.asAdminOf(org[STATION]);
});
afterAll(() => server.close());

describe("what is open now near me for elderly residents", () => {
  // 2026-12-08 is a Tuesday; 01:00 UTC is 09:00 in Chengdu (Asia/Shanghai).
  it("answers, at a fixed instant, with the services open within a kilometre for the elderly", async () => {
    expect(await found({ targetGroups: ["ELDERLY"], near: { ...HERE, radiusKm: 1 }, openAt: "2026-12-08T01:00:00Z" })).toEqual(["社區義診", "長者日間照料"]);
    // At noon the canteen opens at both its places; the clinic session is over.
    expect(await found({ targetGroups: ["ELDERLY"], near: { ...HERE, radiusKm: 1 }, openAt: "2026-12-08T04:30:00Z" })).toEqual(["老年助餐", "長者日間照料"]);
    // At 22:00 local nothing for the elderly is open.
    expect(await found({ targetGroups: ["ELDERLY"], openAt: "2026-12-08T14:00:00Z" })).toEqual([]);
  });

  it("matches place and hours at the same place: the canteen in 錦苑 is open at noon, but not within 200 m of 青杠林", async () => {
    expect(await found({ categories: ["ELDER_CARE"], near: { lat: 30.6398, lng: 104.0489, radiusKm: 0.2 }, openAt: "2026-12-08T04:30:00Z" })).toEqual(["老年助餐"]);
    expect(await found({ categories: ["ELDER_CARE"], areaCode: "510107021002", openAt: "2026-12-08T01:00:00Z" })).toEqual([]);
    expect(await found({ categories: ["ELDER_CARE"], areaCode: "510107021001" })).toEqual(["老年助餐", "長者日間照料"]);
  });

  it("reads monthly rules: the first Saturday, the last Friday, and the 15th", async () => {
    // December 2026: Saturday the 5th is the first, Friday the 25th the last.
    expect(await found({ categories: ["LEGAL_AID"], openAt: "2026-12-05T02:00:00Z" })).toEqual(["法律諮詢"]);
    expect(await found({ categories: ["LEGAL_AID"], openAt: "2026-12-12T02:00:00Z" })).toEqual([]);
    expect(await found({ targetGroups: ["VETERANS"], openAt: "2026-12-25T02:00:00Z" })).toEqual(["退役軍人服務"]);
    expect(await found({ targetGroups: ["VETERANS"], openAt: "2026-12-18T02:00:00Z" })).toEqual([]);
    expect(await found({ categories: ["EMPLOYMENT"], openAt: "2026-12-15T06:30:00Z" })).toEqual(["就業指導"]);
    expect(await found({ categories: ["EMPLOYMENT"], openAt: "2026-12-14T06:30:00Z" })).toEqual([]);
    // 16:59 local on the 15th is open, 17:00 is closed.
    expect(await found({ categories: ["EMPLOYMENT"], openAt: "2026-12-15T08:59:00Z" })).toEqual(["就業指導"]);
    expect(await found({ categories: ["EMPLOYMENT"], openAt: "2026-12-15T09:00:00Z" })).toEqual([]);
  });

  it("counts month days from the end: -1 is the last day, in February too", async () => {
    await stationService("月末藥品回收", { freq: "MONTHLY", bymonthday: [-1], opensAt: "09:00", closesAt: "12:00" });
    const lastDay = { search: "月末藥品回收" };
    expect(await found({ ...lastDay, openAt: "2027-02-28T02:00:00Z" })).toEqual(["月末藥品回收"]);
    expect(await found({ ...lastDay, openAt: "2027-02-27T02:00:00Z" })).toEqual([]);
    expect(await found({ ...lastDay, openAt: "2026-12-31T02:00:00Z" })).toEqual(["月末藥品回收"]);
    expect(await found({ ...lastDay, openAt: "2028-02-29T02:00:00Z" })).toEqual(["月末藥品回收"]);
    expect(await found({ ...lastDay, openAt: "2028-02-28T02:00:00Z" })).toEqual([]);
  });

  it("keeps validFrom and validTo, as local dates", async () => {
    const term = { categories: ["CHILD_CARE"] };
    expect(await found({ ...term, openAt: "2026-09-01T09:00:00Z" })).toEqual(["四點半課堂"]);
    expect(await found({ ...term, openAt: "2026-08-31T09:00:00Z" })).toEqual([]);
    expect(await found({ ...term, openAt: "2027-01-20T09:00:00Z" })).toEqual(["四點半課堂"]);
    expect(await found({ ...term, openAt: "2027-01-21T09:00:00Z" })).toEqual([]);
  });

  it("finds a one-off session on its date only", async () => {
    expect(await found({ targetGroups: ["ELDERLY"], categories: ["MEDICAL"], openAt: "2026-12-12T00:00:00Z" })).toEqual(["老年人免費體檢"]);
    expect(await found({ targetGroups: ["ELDERLY"], categories: ["MEDICAL"], openAt: "2026-12-19T00:00:00Z" })).toEqual([]);
  });

  it("reads each schedule in its own time zone, daylight saving included", async () => {
    await stationService("紐約華人義診連線", { freq: "WEEKLY", byday: ["MO"], opensAt: "09:00", closesAt: "17:00", timezone: "America/New_York" });
    const remote = { search: "紐約華人義診連線" };
    // Monday 2026-12-07 09:30 in New York (UTC-5) is 14:30 UTC, 22:30 in Chengdu.
    expect(await found({ ...remote, openAt: "2026-12-07T14:30:00Z" })).toEqual(["紐約華人義診連線"]);
    expect(await found({ ...remote, openAt: "2026-12-07T13:30:00Z" })).toEqual([]);
    // In July New York is UTC-4: Monday 09:30 there is 13:30 UTC.
    expect(await found({ ...remote, openAt: "2026-07-06T13:30:00Z" })).toEqual(["紐約華人義診連線"]);
    // Monday 2026-12-07 10:00 in Chengdu is Sunday evening in New York: closed.
    expect(await found({ ...remote, openAt: "2026-12-07T02:00:00Z" })).toEqual([]);
  });

  it("refuses a session past midnight, saying how to write it", async () => {
    const { serviceId } = await stationService("夜間陪診", { freq: "WEEKLY", byday: ["FR"], opensAt: "20:00", closesAt: "23:59" });
    const payload = await call(station, "addServiceSchedule", "AddServiceScheduleInput", { actingOrganizationId: org[STATION], serviceId, freq: "WEEKLY", byday: ["FR"], opensAt: "22:00", closesAt: "02:00" }, "schedule { id }");
    expect(payload.userErrors.map((error) => [error.field.join("."), error.code])).toEqual([["input.closesAt", "OUT_OF_RANGE"]]);
    expect(payload.userErrors[0].message).toContain("23:59");
  });

  it("searches names and descriptions, and pages by name", async () => {
    expect(await found({ search: "義診" })).toEqual(expect.arrayContaining(["社區義診"]));
    expect(await found({ search: "律師" })).toEqual(["法律諮詢"]);
    // Simplified finds Traditional, as every search does.
    expect(await found({ search: "社区义诊" })).toEqual(["社區義診"]);
    const page = async (after: string | null) => {
      const { body } = await server.graphql<{ services: { nodes: { name: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string }; totalCount: number } }>(
        `query ($after: String) { services(filter: { organizationId: "${org[LEGAL]}" }, first: 1, after: $after) { nodes { name } pageInfo { hasNextPage endCursor } totalCount } }`,
        { after },
      );
      return body.data!.services;
    };
    const first = await page(null);
    expect(first).toEqual({ nodes: [{ name: "法律諮詢" }], pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, totalCount: 1 });
  });

  it("reads a page's organisations, places, areas and hours in one statement each, whatever the page size", async () => {
    const query = `query ($first: Int!) { services(first: $first, filter: { targetGroups: [ELDERLY, ALL_RESIDENTS] }) {
      nodes { name organization { name } locations { name area { name } } schedules { opensAt location { name } } } } }`;
    const statements = async (first: number) => {
      const { body } = await server.graphql<{ services: { nodes: unknown[] } }>(query, { first });
      expect(body.errors).toBeUndefined();
      return { count: body.data!.services.nodes.length, statements: body.extensions!.sqlStatements };
    };
    const small = await statements(2);
    const large = await statements(20);
    expect(large.count).toBeGreaterThan(small.count);
    // the page, then organisations, places, areas and hours
    expect(small.statements).toBe(5);
    expect(large.statements).toBe(small.statements);
  });

  it("answers bad filters with coded errors", async () => {
    const { body } = await server.graphql(`{ services(filter: { near: { lat: 95, lng: 104, radiusKm: 1 } }) { nodes { name } } }`);
    expect(body.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    const area = await server.graphql(`{ services(filter: { areaCode: "999" }) { nodes { name } } }`);
    expect(area.body.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
    const openAt = await server.graphql(`query ($filter: ServiceFilterInput) { services(filter: $filter) { nodes { name } } }`, { filter: { openAt: "next tuesday" } });
    expect(openAt.body.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
  });
});

describe("an organisation keeps its services", () => {
  it("adds a place, a service there and its hours, changes them, and retires the service; every step audited", async () => {
    const { serviceId, scheduleId } = await stationService("家庭醫生簽約", { freq: "WEEKLY", byday: ["WE"], opensAt: "14:00", closesAt: "16:00" }, {
      description: "簽約家庭醫生，建立健康檔案。", eligibility: "本社區常住居民。", languages: ["zh", "en"], contactName: "簽約服務台", contactPhone: "028-85550123",
    });
    const changed = await as<{ schedule: { byday: string[]; opensAt: string; closesAt: string; timezone: string } }>(station, "updateServiceSchedule", "UpdateServiceScheduleInput", {
      actingOrganizationId: org[STATION], scheduleId, byday: ["WE", "SA"], opensAt: "13:30",
    }, "schedule { byday opensAt closesAt timezone }");
    expect(changed.schedule).toEqual({ byday: ["WE", "SA"], opensAt: "13:30", closesAt: "16:00", timezone: "Asia/Shanghai" });
    const updated = await as<{ service: { isFree: boolean; costOptions: { option: string; amount: number; currency: string }[]; status: string } }>(station, "updateService", "UpdateServiceInput", {
      actingOrganizationId: org[STATION], serviceId, isFree: false, costOptions: [{ option: "每年", amount: 120 }], status: "TEMPORARILY_CLOSED",
    }, "service { isFree costOptions { option amount currency } status }");
    expect(updated.service).toEqual({ isFree: false, costOptions: [{ option: "每年", amount: 120, currency: "CNY" }], status: "TEMPORARILY_CLOSED" });
    // Not ACTIVE: gone from the public list, still listed for the station's own admin.
    expect(await found({ search: "家庭醫生簽約" })).toEqual([]);
    expect(await found({ search: "家庭醫生簽約" }, station)).toEqual(["家庭醫生簽約"]);

    const { body } = await server.graphql<{ node: { name: string; locations: { area: { code: string } }[]; schedules: { id: string; location: null }[]; organization: { slug: string } } }>(
      `query ($id: ID!) { node(id: $id) { ... on Service { name locations { area { code } } schedules { id location { id } } organization { slug } } } }`,
      { id: serviceId },
      station,
    );
    expect(body.data!.node).toEqual({ name: "家庭醫生簽約", locations: [{ area: { code: "510107021001002" } }], schedules: [{ id: scheduleId, location: null }], organization: { slug: STATION } });

    await as(station, "removeServiceSchedule", "RemoveServiceScheduleInput", { actingOrganizationId: org[STATION], scheduleId }, "schedule { id }");
    const retired = await as<{ service: { retiredAt: string } }>(station, "retireService", "RetireServiceInput", { actingOrganizationId: org[STATION], serviceId }, "service { retiredAt }");
    expect(retired.service.retiredAt).toEqual(expect.any(String));
    expect(await problems(station, "updateService", "UpdateServiceInput", { actingOrganizationId: org[STATION], serviceId, name: "再改" })).toEqual([["input.serviceId", "INVALID_TRANSITION"]]);

    const key = Buffer.from(serviceId, "base64url").toString().split(":")[1];
    const actions = await server.dataSource.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [key]);
    expect(actions.map((row: { action: string }) => row.action)).toEqual(["createService", "updateService", "retireService"]);
  });

  it("answers a retried createService with the first service", async () => {
    const input = { actingOrganizationId: org[STATION], name: "重試的服務", categories: ["OTHER"], targetGroups: ["ALL_RESIDENTS"], isFree: true, idempotencyKey: unique("retry") };
    const first = await as<{ service: { id: string } }>(station, "createService", "CreateServiceInput", input, "service { id }");
    const again = await as<{ service: { id: string } }>(station, "createService", "CreateServiceInput", input, "service { id }");
    expect(again.service.id).toBe(first.service.id);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM service WHERE name = '重試的服務'`);
    expect(count).toBe(1);
  });

  it("answers each mistake with a userError and writes nothing", async () => {
    const base = { actingOrganizationId: org[STATION], name: "錯誤示範", categories: ["MEDICAL"], targetGroups: ["ELDERLY"], isFree: true };
    expect(await problems(station, "createService", "CreateServiceInput", { ...base, categories: [], targetGroups: [] })).toEqual([["input.categories", "REQUIRED"], ["input.targetGroups", "REQUIRED"]]);
    expect(await problems(station, "createService", "CreateServiceInput", { ...base, costOptions: [{ option: "每次", amount: 5 }] })).toEqual([["input.costOptions", "INVALID"]]);
    expect(await problems(station, "createService", "CreateServiceInput", { ...base, isFree: false })).toEqual([["input.feesDescription", "REQUIRED"]]);
    expect(await problems(station, "createService", "CreateServiceInput", { ...base, isFree: false, costOptions: [{ option: "每次", amount: -1, currency: "yuan" }] })).toEqual([["input.costOptions", "OUT_OF_RANGE"], ["input.costOptions", "INVALID"]]);
    expect(await problems(station, "createService", "CreateServiceInput", { ...base, contactEmail: "not an address", url: "ftp://example.org", languages: ["中文"] })).toEqual([["input.contactEmail", "INVALID"], ["input.url", "INVALID"], ["input.languages", "INVALID"]]);
    expect(await problems(station, "createService", "CreateServiceInput", { ...base, name: "  " })).toEqual([["input.name", "BLANK"]]);
    expect(await problems(station, "createService", "CreateServiceInput", { ...base, locationIds: ["nonsense"] })).toEqual([["input.locationIds", "INVALID"]]);

    // A place of another organisation cannot be used.
    const legal = await server.asAdminOf(org[LEGAL]);
    const { location } = await as<{ location: { id: string } }>(legal, "createServiceLocation", "CreateServiceLocationInput", { actingOrganizationId: org[LEGAL], name: "調解室", address: "青杠路88號", areaCode: "510107021" }, "location { id }");
    expect(await problems(station, "createService", "CreateServiceInput", { ...base, locationIds: [location.id] })).toEqual([["input.locationIds", "NOT_PERMITTED"]]);
    expect(await problems(station, "updateServiceLocation", "UpdateServiceLocationInput", { actingOrganizationId: org[STATION], locationId: location.id, name: "我的" })).toEqual([["input.locationId", "NOT_PERMITTED"]]);
    expect(await problems(legal, "createServiceLocation", "CreateServiceLocationInput", { actingOrganizationId: org[LEGAL], name: "某處", address: "某路", areaCode: "0000", latitude: 30 })).toEqual([["input.areaCode", "NOT_FOUND"], ["input.longitude", "REQUIRED"]]);

    const { serviceId } = await stationService("排程錯誤示範", { freq: "WEEKLY", byday: ["MO"], opensAt: "09:00", closesAt: "10:00" });
    const schedule = (fields: Record<string, unknown>) => problems(station, "addServiceSchedule", "AddServiceScheduleInput", { actingOrganizationId: org[STATION], serviceId, opensAt: "09:00", closesAt: "10:00", ...fields });
    expect(await schedule({ freq: "WEEKLY", byday: ["1TU"] })).toEqual([["input.byday", "INVALID"]]);
    expect(await schedule({ freq: "WEEKLY", byday: ["MO"], bymonthday: [3] })).toEqual([["input.bymonthday", "INVALID"]]);
    expect(await schedule({ freq: "MONTHLY", bymonthday: [0] })).toEqual([["input.bymonthday", "INVALID"]]);
    expect(await schedule({ freq: "MONTHLY", byday: ["6MO", "0TU"] })).toEqual([["input.byday", "INVALID"]]);
    expect(await schedule({ freq: "WEEKLY" })).toEqual([["input.byday", "REQUIRED"]]);
    expect(await schedule({})).toEqual([["input.freq", "INVALID"]]);
    expect(await schedule({ freq: "WEEKLY", byday: ["MO"], sessionDate: "2026-12-01" })).toEqual([["input.freq", "INVALID"]]);
    expect(await schedule({ sessionDate: "2026-02-30" })).toEqual([["input.sessionDate", "INVALID"], ["input.freq", "INVALID"]]);
    expect(await schedule({ freq: "WEEKLY", byday: ["MO"], opensAt: "9am", closesAt: "24:00" })).toEqual([["input.opensAt", "INVALID"], ["input.closesAt", "INVALID"]]);
    expect(await schedule({ freq: "WEEKLY", byday: ["MO"], timezone: "Mars/Olympus" })).toEqual([["input.timezone", "INVALID"]]);
    expect(await schedule({ freq: "WEEKLY", byday: ["MO"], validFrom: "2027-01-01", validTo: "2026-01-01" })).toEqual([["input.validTo", "OUT_OF_RANGE"]]);
    expect(await schedule({ freq: "WEEKLY", byday: ["MO"], locationId: location.id })).toEqual([["input.locationId", "NOT_FOUND"]]);
    const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM service WHERE name = '錯誤示範'`);
    expect(count).toBe(0);
  });

  it("lets only the offering organisation change a service", async () => {
    const { serviceId } = await stationService("只屬服務站", { freq: "WEEKLY", byday: ["MO"], opensAt: "09:00", closesAt: "10:00" });
    const legal = await server.asAdminOf(org[LEGAL]);
    expect(await problems(legal, "updateService", "UpdateServiceInput", { actingOrganizationId: org[LEGAL], serviceId, name: "搶來的" })).toEqual([["input.serviceId", "NOT_PERMITTED"]]);
    expect(await problems(legal, "retireService", "RetireServiceInput", { actingOrganizationId: org[LEGAL], serviceId })).toEqual([["input.serviceId", "NOT_PERMITTED"]]);
  });

  it("moves a service between places: hours kept for a place it leaves go with it", async () => {
    const { serviceId } = await stationService("巡迴義診", { freq: "WEEKLY", byday: ["TH"], opensAt: "09:00", closesAt: "11:00" });
    const read = async () => {
      const { body } = await server.graphql<{ node: { locations: { id: string }[]; schedules: { location: { id: string } | null }[] } }>(
        `query ($id: ID!) { node(id: $id) { ... on Service { locations { id } schedules { location { id } } } } }`, { id: serviceId }, station);
      return body.data!.node;
    };
    const [{ id: first }] = (await read()).locations;
    const { location } = await as<{ location: { id: string } }>(station, "createServiceLocation", "CreateServiceLocationInput", {
      actingOrganizationId: org[STATION], name: unique("錦苑站點"), address: "錦苑社區居委會", areaCode: "510107021002",
    }, "location { id }");
    await as(station, "updateService", "UpdateServiceInput", { actingOrganizationId: org[STATION], serviceId, locationIds: [first, location.id] }, "service { id }");
    await as(station, "addServiceSchedule", "AddServiceScheduleInput", { actingOrganizationId: org[STATION], serviceId, locationId: location.id, freq: "WEEKLY", byday: ["FR"], opensAt: "09:00", closesAt: "11:00" }, "schedule { id }");
    expect(await read()).toEqual({ locations: [{ id: first }, { id: location.id }], schedules: [{ location: null }, { location: { id: location.id } }] });
    // The list keeps the order given.
    await as(station, "updateService", "UpdateServiceInput", { actingOrganizationId: org[STATION], serviceId, locationIds: [location.id, first] }, "service { id }");
    expect((await read()).locations).toEqual([{ id: location.id }, { id: first }]);
    // Leaving 錦苑 takes its Friday hours along; naming the same places again changes nothing.
    await as(station, "updateService", "UpdateServiceInput", { actingOrganizationId: org[STATION], serviceId, locationIds: [first] }, "service { id }");
    await as(station, "updateService", "UpdateServiceInput", { actingOrganizationId: org[STATION], serviceId, locationIds: [first, first] }, "service { id }");
    expect(await read()).toEqual({ locations: [{ id: first }], schedules: [{ location: null }] });
  });

  it("retires a place: its services are no longer offered there, and its hours go", async () => {
    const { serviceId } = await stationService("臨時疫苗接種點", { freq: "WEEKLY", byday: ["SA"], opensAt: "09:00", closesAt: "12:00" });
    const { body } = await server.graphql<{ node: { locations: { id: string }[] } }>(`query ($id: ID!) { node(id: $id) { ... on Service { locations { id } } } }`, { id: serviceId });
    const [{ id: locationId }] = body.data!.node.locations;
    await as(station, "addServiceSchedule", "AddServiceScheduleInput", { actingOrganizationId: org[STATION], serviceId, locationId, freq: "WEEKLY", byday: ["SU"], opensAt: "09:00", closesAt: "12:00" }, "schedule { id }");
    await as(station, "retireServiceLocation", "RetireServiceLocationInput", { actingOrganizationId: org[STATION], locationId }, "location { retiredAt }");
    const after = await server.graphql<{ node: { locations: unknown[]; schedules: unknown[] } }>(`query ($id: ID!) { node(id: $id) { ... on Service { locations { id } schedules { id } } } }`, { id: serviceId });
    expect(after.body.data!.node).toEqual({ locations: [], schedules: [expect.anything()] });
  });
});
