import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { NEED_EXPORT_PARAMETERS } from "../src/exports/need-export";
import { THREE_W_EXPORT_PARAMETERS } from "../src/exports/three-w-export";
import { VOLUNTEER_HOURS_EXPORT_PARAMETERS } from "../src/exports/volunteer-hours-export";
import { HSDS_LIST_PARAMETERS } from "../src/hsds/hsds-routes";
import { OPENAPI_DOCUMENT } from "../src/openapi/openapi-document";
import { mutate, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

interface MediaType {
  schema: object;
}
interface Operation {
  parameters?: { name: string }[];
  responses: Record<string, { $ref?: string; content?: Record<string, MediaType> }>;
}

const VALIDATOR_CLI = path.join(__dirname, "..", "node_modules", "@seriousme", "openapi-schema-validator", "bin", "validate-api-cli.js");
const DOCUMENT_ID = "cogov-openapi";

let server: TestServer;
let origin: string;
let served: typeof OPENAPI_DOCUMENT;
// The document's schemas as one JSON Schema 2020-12 resource, so a response schema's $refs resolve.
const ajv = addFormats(new Ajv2020({ allErrors: true }));
const asJsonSchema = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${DOCUMENT_ID}#/$defs/`));
ajv.addSchema({ $id: DOCUMENT_ID, $defs: asJsonSchema(OPENAPI_DOCUMENT.components.schemas) });

beforeAll(async () => {
  // Budgets for every request below (exports spend 5,000 points each), so none meets the rate limit.
  server = await startTestServer({ demoData: true, config: { metricsPublic: true, pointsPerMinute: 1_000_000, anonymousPointsPerMinute: 1_000_000 } });
  origin = server.url.replace(/\/graphql$/, "");
  served = (await (await fetch(`${origin}/openapi.json`)).json()) as typeof OPENAPI_DOCUMENT;
});
afterAll(() => server.close());

function operation(documentPath: string): Operation {
  const item = (OPENAPI_DOCUMENT.paths as Record<string, { get: Operation }>)[documentPath];
  if (!item) throw new Error(`the document has no path ${documentPath}`);
  return item.get;
}

/** Requests `url` and checks that its status, media type and (JSON) body are what the document says for `documentPath`. */
async function expectAsDocumented(documentPath: string, url: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(`${origin}${url}`, { headers });
  const declared = operation(documentPath).responses[String(response.status)];
  expect({ url, status: response.status, declared: declared !== undefined }).toEqual({ url, status: response.status, declared: true });
  const { content } = declared.$ref ? (OPENAPI_DOCUMENT.components.responses as Record<string, { content?: Record<string, MediaType> }>)[declared.$ref.split("/").at(-1)!] : declared;
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
  expect({ url, mediaType, declared: Object.keys(content ?? {}) }).toEqual({ url, mediaType, declared: expect.arrayContaining([mediaType]) });
  if (mediaType === "application/json") {
    const validate = ajv.compile(asJsonSchema(content![mediaType].schema));
    const body: unknown = await response.json();
    expect({ url, errors: validate(body) ? [] : validate.errors }).toEqual({ url, errors: [] });
  } else {
    expect((await response.text()).length).toBeGreaterThan(0);
  }
  return response.status;
}

describe("OpenAPI 3.1 of the plain-HTTP routes", () => {
  it("is served at /openapi.json and is a valid OpenAPI 3.1 document", async () => {
    expect(served).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
    const folder = await mkdtemp(path.join(os.tmpdir(), "cogov-openapi-"));
    try {
      const file = path.join(folder, "openapi.json");
      await writeFile(file, JSON.stringify(served));
      const { stdout } = await promisify(execFile)(process.execPath, [VALIDATOR_CLI, file]);
      expect(JSON.parse(stdout)).toEqual({ valid: true });
      // The same validator refuses a document that lacks what 3.1 requires, so the check can fail.
      await writeFile(file, JSON.stringify({ ...served, info: { title: "no version" } }));
      await expect(promisify(execFile)(process.execPath, [VALIDATOR_CLI, file])).rejects.toMatchObject({ code: 1 });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("names the version package.json gives", async () => {
    const { version } = JSON.parse(await readFile(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string };
    expect(OPENAPI_DOCUMENT.info.version).toEqual(version);
  });

  it("declares exactly the parameters each route accepts", () => {
    const names = (documentPath: string) => (operation(documentPath).parameters ?? []).map((parameter) => parameter.name).sort();
    expect(names("/exports/needs.csv")).toEqual([...NEED_EXPORT_PARAMETERS].sort());
    expect(names("/exports/3w.csv")).toEqual([...THREE_W_EXPORT_PARAMETERS].sort());
    expect(names("/exports/volunteer-hours.csv")).toEqual([...VOLUNTEER_HOURS_EXPORT_PARAMETERS].sort());
    expect(names("/hsds/services")).toEqual([...HSDS_LIST_PARAMETERS].sort());
    expect(names("/hsds/service_at_locations")).toEqual([...HSDS_LIST_PARAMETERS].sort());
  });

  it("describes the real answers of operations routes, CAP and exports, successes and refusals", async () => {
    expect(await expectAsDocumented("/healthz", "/healthz")).toBe(200);
    // 503 is documented too: on a machine loaded enough, the database check may pass its 2 s.
    expect([200, 503]).toContain(await expectAsDocumented("/readyz", "/readyz"));
    expect(await expectAsDocumented("/metrics", "/metrics")).toBe(200);
    expect(await expectAsDocumented("/openapi.json", "/openapi.json")).toBe(200);

    const { "qinggang-lin-party-committee": committee } = await organizationIds(server, ["qinggang-lin-party-committee"]);
    const issued = await mutate<{ alert: { identifier: string } }>(server, "issueAlert", "AlertInput", {
      actingOrganizationId: committee,
      status: "ACTUAL",
      scope: "PUBLIC",
      categories: ["MET"],
      event: "暴雨",
      urgency: "EXPECTED",
      severity: "MODERATE",
      certainty: "LIKELY",
      headline: "暴雨黃色預警",
      areas: [{ description: "青杠林社區", areaCodes: ["510107021001"] }],
    }, "alert { identifier }");
    const { identifier } = issued.alert;
    expect(await expectAsDocumented("/cap/feed.atom", "/cap/feed.atom")).toBe(200);
    expect(await expectAsDocumented("/cap/alerts/{identifier}.xml", `/cap/alerts/${identifier}.xml`)).toBe(200);
    expect(await expectAsDocumented("/cap/alerts/{identifier}.xml", "/cap/alerts/no-such-alert.xml")).toBe(404);
    expect(await expectAsDocumented("/cap/alerts/{identifier}.xml", "/cap/alerts/%00.xml")).toBe(400);

    expect(await expectAsDocumented("/exports/needs.csv", "/exports/needs.csv?hxl=1&statuses=OPEN,FULFILLED")).toBe(200);
    expect(await expectAsDocumented("/exports/needs.csv", "/exports/needs.csv?colour=red")).toBe(400);
    expect(await expectAsDocumented("/exports/needs.csv", "/exports/needs.csv", { authorization: "Bearer not-a-token" })).toBe(401);
    expect(await expectAsDocumented("/exports/3w.csv", "/exports/3w.csv?from=2026-01-01&to=2026-12-31&period=week")).toBe(200);
    expect(await expectAsDocumented("/exports/3w.csv", "/exports/3w.csv?from=2026-01-01")).toBe(400);
    const team = `organizationId=${encodeURIComponent(committee)}`;
    expect(await expectAsDocumented("/exports/volunteer-hours.csv", `/exports/volunteer-hours.csv?${team}&hxl=1`, await server.asAdminOf(committee))).toBe(200);
    expect(await expectAsDocumented("/exports/volunteer-hours.csv", "/exports/volunteer-hours.csv")).toBe(400);
    expect(await expectAsDocumented("/exports/volunteer-hours.csv", `/exports/volunteer-hours.csv?${team}`)).toBe(401);
    expect(await expectAsDocumented("/exports/volunteer-hours.csv", `/exports/volunteer-hours.csv?${team}`, await server.asAdminOf((await organizationIds(server, ["jinhua-property"]))["jinhua-property"]))).toBe(403);
  });

  it("describes the real answers of the HSDS API", async () => {
    expect(await expectAsDocumented("/hsds/", "/hsds/")).toBe(200);
    expect(await expectAsDocumented("/hsds/services", "/hsds/services?per_page=5")).toBe(200);
    expect(await expectAsDocumented("/hsds/services", "/hsds/services?per_page=0")).toBe(400);
    expect(await expectAsDocumented("/hsds/service_at_locations", "/hsds/service_at_locations?page=1")).toBe(200);
    expect(await expectAsDocumented("/hsds/organizations", "/hsds/organizations?search=社區")).toBe(200);

    const services = (await (await fetch(`${origin}/hsds/services`)).json()) as { contents: { id: string; organization_id?: string }[] };
    expect(services.contents.length).toBeGreaterThan(0);
    const [service] = services.contents;
    expect(await expectAsDocumented("/hsds/services/{id}", `/hsds/services/${service.id}`)).toBe(200);
    expect(await expectAsDocumented("/hsds/services/{id}", "/hsds/services/00000000-0000-4000-8000-000000000000")).toBe(404);
    expect(await expectAsDocumented("/hsds/services/{id}", "/hsds/services/not-a-uuid")).toBe(400);
    const organizations = (await (await fetch(`${origin}/hsds/organizations`)).json()) as { contents: { id: string }[] };
    expect(await expectAsDocumented("/hsds/organizations/{id}", `/hsds/organizations/${organizations.contents[0].id}`)).toBe(200);
  });

  it("covers every documented path with at least one request above", () => {
    // Kept in step by hand with the two tests above: a new route must be added to the document and exercised there.
    expect(Object.keys(OPENAPI_DOCUMENT.paths).sort()).toEqual(
      [
        "/cap/alerts/{identifier}.xml",
        "/cap/feed.atom",
        "/exports/3w.csv",
        "/exports/needs.csv",
        "/exports/volunteer-hours.csv",
        "/healthz",
        "/hsds/",
        "/hsds/organizations",
        "/hsds/organizations/{id}",
        "/hsds/service_at_locations",
        "/hsds/services",
        "/hsds/services/{id}",
        "/metrics",
        "/openapi.json",
        "/readyz",
      ].sort(),
    );
  });
});
