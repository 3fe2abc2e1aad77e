import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv, { ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

const STANDARD = join(__dirname, "fixtures", "hsds-3.0");

let server: TestServer;
/** Validators of HSDS 3.0's answers, from the standard's own files (draft-07, their own descriptive keywords allowed). */
const validate: Record<"meta" | "serviceList" | "service" | "organizationList" | "organization" | "offeringList", ValidateFunction> = {} as never;

function loadValidators(): void {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const read = (path: string) => JSON.parse(readFileSync(join(STANDARD, path), "utf8")) as Record<string, unknown>;
  // The table schemas refer to each other by file name (phone.json).
  for (const file of readdirSync(join(STANDARD, "schema")).filter((name) => name.endsWith(".json") && name !== "openapi.json")) ajv.addSchema(read(`schema/${file}`), file);
  const openapi = read("schema/openapi.json") as { paths: Record<string, { get: { responses: { 200: { content: { "application/json": { schema: object } } } } } }>; components: { schemas: { Page: { properties: object } } } };
  const page = { ...openapi.components.schemas.Page, required: ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"] };
  const list = (items: string) => ({ allOf: [page, { type: "object", properties: { contents: { type: "array", items: read(`compiled/${items}`) } } }] });
  validate.meta = ajv.compile({ ...openapi.paths["/"].get.responses[200].content["application/json"].schema, required: ["version", "profile"] });
  validate.serviceList = ajv.compile(list("service_list.json"));
  validate.organizationList = ajv.compile(list("organization_list.json"));
  validate.offeringList = ajv.compile(list("service_at_location_list.json"));
  validate.service = ajv.compile(read("compiled/service_with_definitions.json"));
  validate.organization = ajv.getSchema("organization.json")!;
}

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> & { contents?: Record<string, unknown>[] } }> {
  const response = await fetch(`${server.url.replace(/\/graphql$/, "")}${path}`);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return { status: response.status, body: (await response.json()) as never };
}

/** Reads every page of a list, checking each against `validator` and the paging fields against each other. */
async function allPages(path: string, validator: ValidateFunction, perPage: number): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let number = 1; ; number++) {
    const { status, body } = await get(`${path}${path.includes("?") ? "&" : "?"}page=${number}&per_page=${perPage}`);
    expect(status).toBe(200);
    if (!validator(body)) throw new Error(`${path} page ${number}: ${JSON.stringify(validator.errors?.slice(0, 3))}`);
    expect(body).toMatchObject({ page_number: number, first_page: number === 1, size: body.contents!.length, empty: body.contents!.length === 0 });
    expect(body.total_pages).toBe(Math.ceil((body.total_items as number) / perPage));
    items.push(...body.contents!);
    if (body.last_page) {
      expect(items).toHaveLength(body.total_items as number);
      return items;
    }
  }
}

function expectValid(validator: ValidateFunction, document: unknown, what: string): void {
  if (!validator(document)) throw new Error(`${what}: ${JSON.stringify(validator.errors?.slice(0, 3))}`);
}

async function publicServiceIds(): Promise<string[]> {
  const rows: { id: string }[] = await server.dataSource.query(`SELECT id FROM service WHERE status = 'ACTIVE' AND retired_at IS NULL`);
  return rows.map((row) => row.id).sort();
}

/** Checks every list and every service and organisation document against the standard. */
async function checkWholeApi(perPage: number): Promise<number> {
  const services = await allPages("/hsds/services", validate.serviceList, perPage);
  expect(services.map((service) => service.id).sort()).toEqual(await publicServiceIds());
  for (const { id } of services) {
    const { status, body } = await get(`/hsds/services/${id}`);
    expect(status).toBe(200);
    expectValid(validate.service, body, `service ${id}`);
  }
  const organizations = await allPages("/hsds/organizations", validate.organizationList, perPage);
  for (const { id } of organizations) expectValid(validate.organization, (await get(`/hsds/organizations/${id}`)).body, `organization ${id}`);
  const offerings = await allPages("/hsds/service_at_locations", validate.offeringList, perPage);
  const [{ count }] = await server.dataSource.query(`SELECT count(*)::int AS count FROM service_at_location o JOIN service s ON s.id = o.service_id WHERE s.status = 'ACTIVE' AND s.retired_at IS NULL`);
  expect(offerings).toHaveLength(count);
  return services.length;
}

beforeAll(async () => {
  loadValidators();
  // Reading whole directories page by page spends more than an anonymous caller's default budget; the budget has a test of its own.
  server = await startTestServer({ demoData: true, config: { anonymousPointsPerMinute: 1_000_000 } });
});
afterAll(() => server.close());

describe("the HSDS 3.0 API", () => {
  it("checks with validators that refuse what the standard forbids", () => {
    expect(validate.service({ id: "not-a-uuid", name: "服務", status: "active" })).toBe(false);
    expect(validate.service({ id: "3b241101-e2bb-4255-8caf-4136c566a962", name: "服務", status: "open" })).toBe(false);
    expect(validate.serviceList({ total_items: 1, total_pages: 1, page_number: 1, size: 1, first_page: true, last_page: true, empty: false, contents: [{ id: "3b241101-e2bb-4255-8caf-4136c566a962", name: "服務" }] })).toBe(false);
    expect(validate.serviceList({ contents: [] })).toBe(false);
  });

  it("says which version and profile it serves", async () => {
    const { status, body } = await get("/hsds/");
    expect(status).toBe(200);
    expectValid(validate.meta, body, "/hsds/");
    expect(body.version).toBe("3.0");
  });

  it("answers every list and document of the demo directory as the standard's schemas describe them", async () => {
    expect(await checkWholeApi(4)).toBe(11);
    const { body } = await get(`/hsds/services/c0940000-0000-4000-8000-000000000002`);
    expect(body).toMatchObject({ name: "法律諮詢", status: "active", organization: { name: "武侯區法律援助中心青杠工作站" } });
    // Its hours hold at every place of the service, so they are the service's own schedules.
    expect(body.schedules).toEqual([expect.objectContaining({ freq: "MONTHLY", byday: "1SA", opens_at: "09:00+08:00", closes_at: "12:00+08:00", timezone: 8 })]);
    const [offering] = body.service_at_locations as { location: { addresses: Record<string, unknown>[] } }[];
    expect(offering.location.addresses[0]).toMatchObject({ address_1: "青杠林路12號一樓", city: "成都市", region: "武侯區", country: "CN" });
  });

  it("filters services by organisation and by text", async () => {
    const [legal] = Object.values(await organizationIds(server, ["wuhou-legal-aid-qinggang"]));
    const key = Buffer.from(legal, "base64url").toString().split(":")[1];
    const byOrganization = await get(`/hsds/services?organization_id=${key.toUpperCase()}`);
    expect((byOrganization.body.contents ?? []).map((service) => service.name)).toEqual(["法律諮詢"]);
    const bySearch = await get(`/hsds/service_at_locations?search=${encodeURIComponent("助餐")}`);
    expect(bySearch.body.total_items).toBe(2);
    const organizations = await get(`/hsds/organizations?search=${encodeURIComponent("法律援助")}`);
    expect((organizations.body.contents ?? []).map((organization) => organization.name)).toEqual(["武侯區法律援助中心青杠工作站"]);
  });

  it("answers generated directories of many services with varied schedules as the schemas describe them, public services only", async () => {
    const [{ id: organizationId }] = await server.dataSource.query(`SELECT id FROM organization WHERE slug = 'nuanyang-social-work'`);
    // 240 services: three in ten not public (inactive, temporarily closed, or retired); places with and without coordinates and accessibility.
    await server.dataSource.query(
      `INSERT INTO service_location (id, organization_id, name, address, area_code, latitude, longitude, accessibility)
       SELECT ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, $1, '生成地點' || n, '生成路' || n || '號', (ARRAY['510107021001','510107021002','510107','5101'])[n % 4 + 1],
              CASE WHEN n % 3 = 0 THEN NULL ELSE 30.6 + n / 10000.0 END, CASE WHEN n % 3 = 0 THEN NULL ELSE 104.0 + n / 10000.0 END,
              CASE WHEN n % 2 = 0 THEN '無障礙通道' END
       FROM generate_series(1, 60) AS n`,
      [organizationId],
    );
    await server.dataSource.query(
      `INSERT INTO service (id, organization_id, name, description, status, categories, target_groups, eligibility, is_free, fees_description, cost_options, languages, contact_name, contact_phone, contact_email, url, retired_at)
       SELECT ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid, $1, '生成服務' || lpad(n::text, 3, '0'), CASE WHEN n % 4 <> 0 THEN '說明' || n END,
              CASE WHEN n % 10 = 5 THEN 'INACTIVE' WHEN n % 10 = 7 THEN 'TEMPORARILY_CLOSED' ELSE 'ACTIVE' END,
              ARRAY[(ARRAY['MEDICAL','LEGAL_AID','EMPLOYMENT','ELDER_CARE','DISABILITY_SUPPORT','CHILD_CARE','PSYCHOLOGICAL_SUPPORT','CULTURAL','OTHER'])[n % 9 + 1]],
              ARRAY[(ARRAY['ELDERLY','DISABLED','LOW_INCOME','CHILDREN','VETERANS','MIGRANTS','ALL_RESIDENTS'])[n % 7 + 1], 'ALL_RESIDENTS'],
              CASE WHEN n % 2 = 0 THEN '條件' || n END, n % 3 <> 0, CASE WHEN n % 6 = 0 THEN '按次收費' END,
              CASE WHEN n % 3 = 0 AND n % 6 <> 0 THEN jsonb_build_array(jsonb_build_object('id', gen_random_uuid(), 'option', '每次', 'amount', n % 50 + 0.5, 'currency', 'CNY')) ELSE '[]'::jsonb END,
              CASE WHEN n % 5 = 0 THEN ARRAY['zh','en','yue'] ELSE ARRAY[]::varchar[] END,
              CASE WHEN n % 4 = 1 THEN '服務台' END, CASE WHEN n % 2 = 1 THEN '028-8555' || lpad(n::text, 4, '0') END,
              CASE WHEN n % 8 = 3 THEN 'desk' || n || '@example.org' END, CASE WHEN n % 8 = 4 THEN 'https://example.org/s/' || n END,
              CASE WHEN n % 10 = 9 THEN now() END
       FROM generate_series(1, 240) AS n`,
      [organizationId],
    );
    await server.dataSource.query(
      `INSERT INTO service_at_location (service_id, location_id, position)
       SELECT ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad((n % 60 + 1)::text, 12, '0'))::uuid, 0 FROM generate_series(1, 240) AS n
       UNION ALL
       SELECT ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid, ('00000000-0000-4000-8000-' || lpad(((n + 30) % 60 + 1)::text, 12, '0'))::uuid, 1 FROM generate_series(1, 240, 7) AS n`,
    );
    // Weekly, monthly by day of month (from the start and the end), monthly by ordinal weekday, one-off sessions;
    // in Shanghai, Kolkata (+05:30), New York (daylight saving) and UTC; some at a place, some with validity dates.
    await server.dataSource.query(
      `INSERT INTO service_schedule (service_id, location_id, freq, byday, bymonthday, session_date, opens_at, closes_at, valid_from, valid_to, timezone, description)
       SELECT ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid,
              CASE WHEN n % 4 = 0 THEN ('00000000-0000-4000-8000-' || lpad((n % 60 + 1)::text, 12, '0'))::uuid END,
              (ARRAY['WEEKLY','MONTHLY','MONTHLY',NULL])[k], 
              CASE k WHEN 1 THEN ARRAY['MO','WE','FR'] WHEN 3 THEN ARRAY['1SA','-1FR'] ELSE ARRAY[]::varchar[] END,
              CASE k WHEN 2 THEN ARRAY[1, 15, -1]::smallint[] ELSE ARRAY[]::smallint[] END,
              CASE k WHEN 4 THEN DATE '2026-12-01' + n END,
              make_time(7 + n % 5, (n % 4) * 15, 0), make_time(13 + n % 6, 0, 0),
              CASE WHEN n % 6 = 0 THEN DATE '2026-09-01' END, CASE WHEN n % 6 = 0 THEN DATE '2027-06-30' END,
              (ARRAY['Asia/Shanghai','Asia/Kolkata','America/New_York','UTC'])[n % 4 + 1],
              CASE WHEN n % 3 = 0 THEN '第' || k || '條' END
       FROM generate_series(1, 240) AS n CROSS JOIN generate_series(1, 4) AS k
       WHERE k <= n % 4 + 1`,
    );
    expect(await checkWholeApi(25)).toBe(11 + 240 - 72);
    const { body } = await get(`/hsds/services/00000000-0000-4000-9000-000000000001`);
    expect((body.schedules as { opens_at: string; timezone: number }[])[0]).toMatchObject({ opens_at: "08:15+05:30", timezone: 5.5 });
    expect((await get(`/hsds/services/00000000-0000-4000-9000-000000000005`)).status).toBe(404);
    expect((await get(`/hsds/services/00000000-0000-4000-9000-000000000009`)).status).toBe(404);
  });

  it.each([
    ["/hsds/services?page=0", "page"],
    ["/hsds/services?page=abc", "page"],
    ["/hsds/services?per_page=101", "per_page"],
    ["/hsds/services?per_page=-1", "per_page"],
    ["/hsds/services?page=1&page=2", "page"],
    ["/hsds/services?page[a]=1", "page"],
    ["/hsds/services?organization_id=xyz", "organization_id"],
    ["/hsds/services?colour=red", "colour"],
    ["/hsds/services?search=", "search"],
    ["/hsds/organizations?organization_id=c0900000-0000-4000-8000-000000000001", "organization_id"],
    ["/hsds/service_at_locations?search=%00", "search"],
    ["/hsds/services/not-a-uuid", "id"],
    ["/hsds/organizations/12", "id"],
  ])("answers %s with a 400 naming %s", async (path, name) => {
    const { status, body } = await get(path);
    expect(status).toBe(400);
    expect(body).toEqual({ error: { code: "BAD_USER_INPUT", message: expect.any(String) } });
    if (name !== "search") expect((body.error as { message: string }).message).toContain(name);
  });

  it("spends the caller's points budget, a point per item a page may hold, and answers 429 RATE_LIMITED with Retry-After once it is spent", async () => {
    const frugal = await startTestServer({ demoData: true, config: { anonymousPointsPerMinute: 250 } });
    try {
      const page = () => fetch(`${frugal.url.replace(/\/graphql$/, "")}/hsds/services?per_page=100`);
      // 101 points each: two pages fit in 250, the third does not.
      expect([(await page()).status, (await page()).status]).toEqual([200, 200]);
      const refused = await page();
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
      const { error } = (await refused.json()) as { error: { code: string; message: string } };
      expect(error).toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/^This request costs 101 points and \d+ of your 250 points per minute are left\. Retry after .+, or ask for fewer items \(per_page\)\.$/) });
      // A small page still fits.
      expect((await fetch(`${frugal.url.replace(/\/graphql$/, "")}/hsds/services?per_page=5`)).status).toBe(200);
    } finally {
      await frugal.close();
    }
  });

  it("answers a service or organisation it does not have with a 404", async () => {
    expect(await get("/hsds/services/3b241101-e2bb-4255-8caf-4136c566a962")).toEqual({ status: 404, body: { error: { code: "NOT_FOUND", message: expect.any(String) } } });
    expect((await get("/hsds/organizations/3b241101-e2bb-4255-8caf-4136c566a962")).status).toBe(404);
  });
});
