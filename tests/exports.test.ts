import { once } from "node:events";
import http from "node:http";
import v8 from "node:v8";
import vm from "node:vm";
import { parse } from "csv-parse/sync";
import { parse as parseStream } from "csv-parse";
import type { Pool } from "pg";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import { toGlobalId } from "../src/schema/global-id";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

interface ExportServer {
  server: TestServer;
  /** http://host:port, under which /exports/… are served. */
  baseUrl: string;
  close(): Promise<void>;
}

/** The real server, whose /exports/… sit beside /graphql. */
async function startExportServer({ demoData = true, anonymousPointsPerMinute = 1_000_000 } = {}): Promise<ExportServer> {
  // Generous budgets, so only the rate-limit test meets a limit.
  const budgets = { pointsPerMinute: 1_000_000, anonymousPointsPerMinute };
  const server = await startTestServer({ demoData, config: budgets });
  return { server, baseUrl: server.url.replace(/\/graphql$/, ""), close: () => server.close() };
}

let site: ExportServer;
let server: TestServer;
let ngoAdmin: Record<string, string>;
let clinicAdmin: Record<string, string>;
let org: Record<string, string>;
let draftProjectId: string;
let draftNeedId: string;

beforeAll(async () => {
  site = await startExportServer();
  server = site.server;
  org = await organizationIds(server, ["nuanyang-social-work", "qinggang-lin-health-station"]);
  ngoAdmin = await server.asAdminOf(org["nuanyang-social-work"]);
  clinicAdmin = await server.asAdminOf(org["qinggang-lin-health-station"]);
  // A DRAFT project of the clinic, with a need: only the clinic's members may see either.
  const created = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", {
    actingOrganizationId: org["qinggang-lin-health-station"], title: "籌備中的健康講座", category: "HEALTH", areaCode: "510107021001",
  }, "project { id }");
  draftProjectId = created.project.id;
  const posted = await mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", {
    actingOrganizationId: org["qinggang-lin-health-station"], projectId: draftProjectId, category: "VENUE", title: "講座場地",
    quantity: 1, unit: "間", urgency: "NORMAL", neededBy: inHours(24 * 20),
  }, "need { id }");
  draftNeedId = posted.need.id;
});
afterAll(() => site.close());

interface Download {
  status: number;
  headers: Headers;
  body: Buffer;
}

async function download(path: string, headers: Record<string, string> = {}): Promise<Download> {
  const response = await fetch(`${site.baseUrl}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

/** Every record, the header row first. */
function records(body: Buffer): string[][] {
  return parse(body, { bom: true });
}

/** Data rows keyed by the header; `hxl` drops the hashtag row. */
function table(body: Buffer, hxl = false): Record<string, string>[] {
  const rows: Record<string, string>[] = parse(body, { bom: true, columns: true });
  return hxl ? rows.slice(1) : rows;
}

function errorOf(download: Download): { code: string; message: string; retryAfterSeconds?: number } {
  expect(download.headers.get("content-type")).toMatch(/^application\/json/);
  return JSON.parse(download.body.toString("utf8")).error;
}

const query = (parameters: Record<string, string | string[]>) =>
  `?${new URLSearchParams(Object.entries(parameters).map(([name, value]): [string, string] => [name, Array.isArray(value) ? value.join(",") : value]))}`;

const NEED_HEADER = [
  "need_id", "title", "category", "urgency", "status", "quantity", "unit", "pledged", "accepted", "delivered", "remaining", "needed_by",
  "area_code", "area_name", "project_id", "project_title", "posted_by_organization_id", "posted_by_organization_name", "created_at",
];
const NEED_HXL = [
  "#need +id", "#need +name", "#sector +code", "#severity +code", "#status +code", "#need +num", "#need +unit", "#need +num +pledged",
  "#need +num +accepted", "#need +num +delivered", "#need +num +remaining", "#date +end", "#loc +code", "#loc +name", "#activity +id",
  "#activity +name", "#org +reporting +id", "#org +reporting +name", "#date +reported",
];
const THREE_W_HEADER = [
  "organization_id", "organization_name", "organization_kind", "category", "area_code", "area_name", "period_start", "period_end",
  "pledge_status", "unit", "pledges", "needs", "quantity_pledged", "quantity_accepted", "quantity_delivered",
];
const THREE_W_HXL = [
  "#org +impl +id", "#org +impl +name", "#org +impl +type", "#sector +code", "#loc +code", "#loc +name", "#date +start", "#date +end",
  "#status +code", "#output +unit", "#meta +count +pledges", "#meta +count +needs", "#output +num +pledged", "#output +num +accepted",
  "#output +num +delivered",
];
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** An HXL hashtag and its attributes (HXL 1.1 tagging conventions). */
const HXL_TAG = /^#[a-z][a-z0-9_]*( \+[a-z][a-z0-9_]*)*$/;

describe("needs.csv", () => {
  it("is UTF-8 with a BOM, a header row, and with hxl=1 the HXL hashtags under it", async () => {
    const plain = await download("/exports/needs.csv");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(plain.headers.get("content-disposition")).toMatch(/^attachment; filename="needs-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(plain.body.subarray(0, 3)).toEqual(BOM);
    expect(plain.body.indexOf(BOM, 1)).toBe(-1);
    expect(plain.body.toString("utf8", 3, 3 + "need_id,title,".length)).toBe("need_id,title,");
    expect(records(plain.body)[0]).toEqual(NEED_HEADER);
    expect(table(plain.body).map((row) => row.title)).toContain("防汛沙袋");

    const tagged = await download("/exports/needs.csv?hxl=1");
    const [header, hashtags, ...rows] = records(tagged.body);
    expect(tagged.body.subarray(0, 3)).toEqual(BOM);
    expect(header).toEqual(NEED_HEADER);
    expect(hashtags).toEqual(NEED_HXL);
    expect(hashtags.every((tag) => HXL_TAG.test(tag))).toBe(true);
    expect(rows).toEqual(records(plain.body).slice(1));
    expect(records((await download("/exports/needs.csv?hxl=0")).body)[1]).toEqual(records(plain.body)[1]);
  });

  it("lists the needs the GraphQL needs query lists, with the same filters and figures", async () => {
    const rainstorm = (await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`)).body.data!.projects.nodes[0].id;
    const filters: Record<string, string | string[]>[] = [
      {},
      { areaCode: "510107021001", categories: ["MEDICAL_STAFF", "VOLUNTEERS"] },
      { urgencyAtLeast: "HIGH", statuses: ["OPEN", "PARTIALLY_PLEDGED"] },
      { projectId: rainstorm, neededBefore: inHours(9) },
      { statuses: ["FULFILLED", "FULLY_PLEDGED"], areaCode: "510107" },
    ];
    const sizes = new Set<number>();
    for (const viewer of [{}, ngoAdmin]) {
      for (const filter of filters) {
        const { body } = await server.graphql<{ needs: { nodes: { id: string; title: string; status: string; quantity: number; remainingQuantity: number; neededBy: string }[] } }>(
          `query ($filter: ResourceNeedFilter) { needs(filter: $filter, first: 100) { nodes { id title status quantity remainingQuantity neededBy } } }`,
          { filter },
          viewer,
        );
        expect(body.errors).toBeUndefined();
        const csv = await download(`/exports/needs.csv${query(filter)}`, viewer);
        expect(csv.status).toBe(200);
        const exported = table(csv.body).map((row) => ({
          id: row.need_id, title: row.title, status: row.status, quantity: Number(row.quantity), remainingQuantity: Number(row.remaining), neededBy: row.needed_by,
        }));
        const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
        expect({ filter, rows: exported.sort(byId) }).toEqual({ filter, rows: body.data!.needs.nodes.sort(byId) });
        sizes.add(exported.length);
      }
    }
    // The filters really narrow: the lists come in several sizes.
    expect(sizes.size).toBeGreaterThan(3);
  });

  it("takes the needs posted in [from, to)", async () => {
    // Spread the demo needs over the past days so the interval has something to cut.
    await server.dataSource.query(`UPDATE resource_need SET created_at = created_at - (abs(hashtext(id::text)) % 10) * interval '1 day'`);
    const all = table((await download("/exports/needs.csv", ngoAdmin)).body);
    const times = [...new Set(all.map((row) => row.created_at))].sort();
    expect(times.length).toBeGreaterThan(3);
    const [from, to] = [times[1], times[times.length - 2]];
    const within = await download(`/exports/needs.csv${query({ from, to })}`, ngoAdmin);
    const expected = all.filter((row) => row.created_at >= from && row.created_at < to).map((row) => row.need_id);
    expect(table(within.body).map((row) => row.need_id)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length - 1);
    // An offset is honoured: the same instant written in Chengdu's time.
    const chengdu = new Date(new Date(from).getTime() + 8 * 3_600_000).toISOString().replace("Z", "+08:00");
    expect(table((await download(`/exports/needs.csv${query({ from: chengdu, to })}`, ngoAdmin)).body).map((row) => row.need_id)).toEqual(expected);
  });

  it("shows a DRAFT project's needs only to its lead's members, and anonymous callers only live needs", async () => {
    const ids = async (headers: Record<string, string>) => table((await download("/exports/needs.csv", headers)).body).map((row) => row.need_id);
    const anonymous = table((await download("/exports/needs.csv")).body);
    expect(anonymous.map((row) => row.need_id)).not.toContain(draftNeedId);
    expect(anonymous.every((row) => ["OPEN", "PARTIALLY_PLEDGED", "FULLY_PLEDGED"].includes(row.status))).toBe(true);
    const member = table((await download("/exports/needs.csv", ngoAdmin)).body);
    expect(member.some((row) => row.status === "FULFILLED")).toBe(true);
    expect(member.map((row) => row.need_id)).not.toContain(draftNeedId);

    const lead = table((await download(`/exports/needs.csv?projectId=${draftProjectId}`, clinicAdmin)).body);
    expect(lead).toEqual([
      expect.objectContaining({ need_id: draftNeedId, title: "講座場地", project_id: draftProjectId, project_title: "籌備中的健康講座", posted_by_organization_id: org["qinggang-lin-health-station"] }),
    ]);
    expect(await ids(clinicAdmin)).toContain(draftNeedId);

    // An API key of the lead reads as its members do.
    const key = await mutate<{ secret: string }>(server, "createApiKey", "CreateApiKeyInput", { actingOrganizationId: org["qinggang-lin-health-station"], name: "導出", scopes: ["READ"] }, "secret");
    expect(await ids({ authorization: `Bearer ${key.secret}` })).toContain(draftNeedId);
  });

  it("refuses bad credentials with UNAUTHENTICATED", async () => {
    for (const authorization of ["Bearer not-a-token", "Bearer cgk_tooshort", "Basic dXNlcjpwYXNz"]) {
      const refused = await download("/exports/needs.csv", { authorization });
      expect({ authorization, status: refused.status, code: errorOf(refused).code }).toEqual({ authorization, status: 401, code: "UNAUTHENTICATED" });
      expect(refused.headers.get("www-authenticate")).toBe("Bearer");
    }
    const refused = await download("/exports/3w.csv?from=2026-01-01&to=2026-02-01", { authorization: "Bearer cgk_tooshort", "accept-language": "zh-CN" });
    expect(errorOf(refused).message).toBe("这不是格式正确的 API 密钥：密钥依次由 cgk_、12 个字母或数字、_ 和 43 个字符组成，不含空格。");
  });
});

describe("bad input", () => {
  /** Each request (ORGANIZATION stands for an organisation's ID), and the parameter its message must name. */
  const cases: [path: string, name: string][] = [
    ["/exports/needs.csv?from=2026-05-02&to=2026-05-01", "from"],
    ["/exports/needs.csv?from=2026-05-01&to=2026-05-01", "from"],
    ["/exports/needs.csv?areaCode=999999", "areaCode"],
    ["/exports/needs.csv?areaCode=", "areaCode"],
    ["/exports/needs.csv?categories=FOOD,SNACKS", "categories"],
    ["/exports/needs.csv?categories=food", "categories"],
    ["/exports/needs.csv?categories=FOOD,", "categories"],
    ["/exports/needs.csv?statuses=PLEDGED", "statuses"],
    ["/exports/needs.csv?urgencyAtLeast=URGENT", "urgencyAtLeast"],
    ["/exports/needs.csv?neededBefore=tomorrow", "neededBefore"],
    ["/exports/needs.csv?from=2026-02-30", "from"],
    ["/exports/needs.csv?to=2026-05-01T08:00:00", "to"],
    ["/exports/needs.csv?to=2026-05-01T24:00:00Z", "to"],
    ["/exports/needs.csv?projectId=ORGANIZATION", "projectId"],
    ["/exports/needs.csv?projectId=nonsense", "projectId"],
    ["/exports/needs.csv?search=沙袋", "search"],
    ["/exports/needs.csv?hxl=yes", "hxl"],
    ["/exports/needs.csv?categories=FOOD&categories=SHELTER", "categories"],
    ["/exports/3w.csv?to=2026-05-01", "from"],
    ["/exports/3w.csv?from=2026-05-01", "to"],
    ["/exports/3w.csv?from=2026-05-01&to=2026-04-01", "from"],
    ["/exports/3w.csv?from=2025-01-01&to=2026-02-05", "from"],
    ["/exports/3w.csv?from=2026-01-01&to=2026-02-01&period=year", "period"],
    ["/exports/3w.csv?from=2026-01-01&to=2026-02-01&statuses=OPEN", "statuses"],
    ["/exports/3w.csv?from=2026-01-01&to=2026-02-01&categories=CASH", "categories"],
    ["/exports/3w.csv?from=2026-01-01&to=2026-02-01&areaCode=51x", "areaCode"],
    ["/exports/3w.csv?from=2026-01-01&to=2026-02-01&hxl=2", "hxl"],
    ["/exports/3w.csv?from=2026-01-01&to=2026-02-01&urgencyAtLeast=HIGH", "urgencyAtLeast"],
  ];

  it.each(cases)("answers 400 BAD_USER_INPUT to %p, naming %s", async (path, name) => {
    const refused = await download(path.replace("ORGANIZATION", org["nuanyang-social-work"]));
    expect(refused.status).toBe(400);
    const error = errorOf(refused);
    expect(error.code).toBe("BAD_USER_INPUT");
    expect(error.message).toContain(name);
  });

  it("says what to fix in the caller's language", async () => {
    const messages = await Promise.all(
      ["en", "zh-TW", "zh-CN"].map(async (language) => errorOf(await download("/exports/3w.csv?from=2025-01-01&to=2026-02-05", { "accept-language": language })).message),
    );
    expect(messages).toEqual([
      "from and to are 400 days apart; one export covers at most 366 days, so split it into several.",
      "from 與 to 相隔 400 天；每次導出最多涵蓋 366 天，請分成幾次導出。",
      "from 与 to 相隔 400 天；每次导出最多涵盖 366 天，请分成几次导出。",
    ]);
    const unknown = await download("/exports/needs.csv?color=red", { "accept-language": "zh-Hant" });
    expect(errorOf(unknown).message).toBe(
      "此導出沒有參數「color」；可用參數為 areaCode, categories, urgencyAtLeast, statuses, projectId, neededBefore, from, to, hxl。",
    );
    const project = await download(`/exports/needs.csv?projectId=${org["nuanyang-social-work"]}`);
    expect(errorOf(project).message).toBe(`projectId "${org["nuanyang-social-work"]}" is the ID of an Organization, not of a Project.`);
  });

  it("charges the caller's points budget, and answers RATE_LIMITED with Retry-After when it is spent", async () => {
    // 1,000 points a minute: a full budget lets one 5,000-point export through, then the caller waits.
    const limited = await startExportServer({ demoData: false, anonymousPointsPerMinute: 1_000 });
    try {
      const fetchNeeds = () => fetch(`${limited.baseUrl}/exports/needs.csv`);
      const first = await fetchNeeds();
      expect(first.status).toBe(200);
      expect(records(Buffer.from(await first.arrayBuffer()))).toEqual([NEED_HEADER]);
      const second = await fetchNeeds();
      expect(second.status).toBe(429);
      const error = ((await second.json()) as { error: { code: string; message: string; retryAfterSeconds: number } }).error;
      expect(error.code).toBe("RATE_LIMITED");
      expect(error.message).toMatch(/^This export costs 5,000 points and \d+ of your 1,000 points per minute are left\. Retry after \d+ seconds?\.$/);
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      expect(second.headers.get("retry-after")).toBe(String(error.retryAfterSeconds));
      // Bad input is refused before the budget is looked at.
      expect((await fetch(`${limited.baseUrl}/exports/needs.csv?hxl=2`)).status).toBe(400);
    } finally {
      await limited.close();
    }
  });
});

interface PledgeFact {
  organization_id: string;
  organization_name: string;
  organization_kind: string;
  category: string;
  area_code: string;
  area_name: string;
  unit: string;
  need_id: string;
  need_status: string;
  project_status: string;
  lead_organization_id: string;
  pledge_status: string;
  quantity: string;
  accepted_quantity: string | null;
  delivered_quantity: string;
  created_at: Date;
}

type Period = "day" | "week" | "month";
const LIVE = ["OPEN", "PARTIALLY_PLEDGED", "FULLY_PLEDGED"];
const DAY_MS = 86_400_000;
const cents = (value: string | null) => Math.round(Number(value ?? 0) * 100);

/** The first and last day of the UTC period holding `time`; weeks start on Monday. */
function periodOf(time: Date, period: Period): [string, string] {
  const day = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate());
  let start = day;
  let next = day + DAY_MS;
  if (period === "week") {
    start = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
    next = start + 7 * DAY_MS;
  } else if (period === "month") {
    start = Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), 1);
    next = Date.UTC(time.getUTCFullYear(), time.getUTCMonth() + 1, 1);
  }
  return [new Date(start).toISOString().slice(0, 10), new Date(next - DAY_MS).toISOString().slice(0, 10)];
}

/** 3W rows recomputed one pledge at a time from the tables, with the visibility rules written out again. */
async function threeWByHand(options: { viewerOrganizations: string[]; from: Date; to: Date; period: Period; areaCode?: string; categories?: string[]; statuses?: string[] }): Promise<string[]> {
  const facts: PledgeFact[] = await server.dataSource.query(`
    SELECT o.id AS organization_id, o.name AS organization_name, o.kind AS organization_kind, n.category, n.area_code, a.name AS area_name, n.unit,
           n.id AS need_id, n.status AS need_status, p.status AS project_status, p.lead_organization_id, g.status AS pledge_status,
           g.quantity, g.accepted_quantity, g.delivered_quantity, g.created_at
    FROM pledge g JOIN resource_need n ON n.id = g.need_id JOIN project p ON p.id = n.project_id
    JOIN organization o ON o.id = g.organization_id JOIN area a ON a.code = n.area_code`);
  const groups = new Map<string, { pledges: number; needs: Set<string>; pledged: number; accepted: number; delivered: number }>();
  for (const fact of facts) {
    const anonymous = options.viewerOrganizations.length === 0;
    if (fact.project_status === "DRAFT" && !options.viewerOrganizations.includes(fact.lead_organization_id)) continue;
    if (anonymous && !LIVE.includes(fact.need_status)) continue;
    if (fact.created_at < options.from || fact.created_at >= options.to) continue;
    if (options.areaCode && !fact.area_code.startsWith(options.areaCode)) continue;
    if (options.categories && !options.categories.includes(fact.category)) continue;
    if (options.statuses && !options.statuses.includes(fact.pledge_status)) continue;
    const key = [
      toGlobalId("Organization", fact.organization_id), fact.organization_name, fact.organization_kind, fact.category, fact.area_code, fact.area_name,
      ...periodOf(fact.created_at, options.period), fact.pledge_status, fact.unit,
    ].join("|");
    const group = groups.get(key) ?? { pledges: 0, needs: new Set<string>(), pledged: 0, accepted: 0, delivered: 0 };
    group.pledges += 1;
    group.needs.add(fact.need_id);
    group.pledged += cents(fact.quantity);
    group.accepted += cents(fact.accepted_quantity);
    group.delivered += cents(fact.delivered_quantity);
    groups.set(key, group);
  }
  return [...groups].map(([key, group]) => [key, group.pledges, group.needs.size, group.pledged, group.accepted, group.delivered].join("|")).sort();
}

/** The rows of a 3W export in the same shape as threeWByHand's. */
function threeWRows(body: Buffer, hxl = false): string[] {
  return table(body, hxl)
    .map((row) =>
      [
        row.organization_id, row.organization_name, row.organization_kind, row.category, row.area_code, row.area_name, row.period_start, row.period_end,
        row.pledge_status, row.unit, Number(row.pledges), Number(row.needs), cents(row.quantity_pledged), cents(row.quantity_accepted), cents(row.quantity_delivered),
      ].join("|"),
    )
    .sort();
}

describe("3w.csv", () => {
  const from = new Date(Date.now() - 200 * DAY_MS);
  const to = new Date(Date.now() + DAY_MS);
  let ngo: string;
  let clinic: string;

  beforeAll(async () => {
    [{ id: ngo }, { id: clinic }] = await server.dataSource.query(
      `SELECT id FROM organization WHERE slug IN ('nuanyang-social-work', 'qinggang-lin-health-station') ORDER BY slug = 'qinggang-lin-health-station'`,
    );
    // Pledges spread over five months; three more by one organisation to one need on one day (its two offers share a
    // row), and one to the DRAFT project's need.
    await server.dataSource.query(`UPDATE pledge SET created_at = now() - (abs(hashtext(id::text)) % 150) * interval '1 day'`);
    await server.dataSource.query(
      `INSERT INTO pledge (need_id, organization_id, quantity, accepted_quantity, delivered_quantity, status, created_at)
       SELECT n.id, $1, q.quantity, q.accepted, q.delivered, q.status, now() - interval '2 days'
       FROM resource_need n, (VALUES (12.5, NULL, 0, 'OFFERED'), (7, NULL, 0, 'OFFERED'), (30, 20, 5.25, 'ACCEPTED')) AS q (quantity, accepted, delivered, status)
       WHERE n.title = '防汛沙袋'`,
      [ngo],
    );
    await server.dataSource.query(`INSERT INTO pledge (need_id, organization_id, quantity, status) SELECT id, $1, 1, 'OFFERED' FROM resource_need WHERE title = '講座場地'`, [clinic]);
  });

  it("sums pledges per organisation, category, area, month and status in the database, as the tables add up", async () => {
    const exported = await download(`/exports/3w.csv${query({ from: from.toISOString(), to: to.toISOString() })}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-disposition")).toMatch(/^attachment; filename="3w-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(records(exported.body)[0]).toEqual(THREE_W_HEADER);
    const rows = threeWRows(exported.body);
    expect(rows).toEqual(await threeWByHand({ viewerOrganizations: [], from, to, period: "month" }));
    expect(rows.length).toBeGreaterThan(4);
    expect(new Set(table(exported.body).map((row) => row.period_start)).size).toBeGreaterThan(2);
    expect(table(exported.body)).toContainEqual(
      expect.objectContaining({ organization_name: "暖陽社會工作服務中心", category: "MATERIALS", pledge_status: "OFFERED", pledges: "2", needs: "1", quantity_pledged: "19.50" }),
    );
    // The DRAFT project's need stays out for anonymous callers, and is in for its lead's members.
    expect(rows.some((row) => row.includes("|VENUE|") && row.includes("青杠林社區衛生服務站"))).toBe(false);
    const lead = threeWRows((await download(`/exports/3w.csv${query({ from: from.toISOString(), to: to.toISOString() })}`, clinicAdmin)).body);
    expect(lead).toEqual(await threeWByHand({ viewerOrganizations: [clinic], from, to, period: "month" }));
    expect(lead.some((row) => row.includes("|VENUE|") && row.includes("青杠林社區衛生服務站"))).toBe(true);
  });

  it("narrows by area, categories and pledge statuses, by day or by week, with the HXL row", async () => {
    const variants: { period: Period; areaCode?: string; categories?: string[]; statuses?: string[] }[] = [
      { period: "week", statuses: ["ACCEPTED", "DELIVERED"] },
      { period: "day", areaCode: "510107021", categories: ["MATERIALS", "MEDICAL_STAFF", "VOLUNTEERS"] },
      { period: "month", areaCode: "510107021001", statuses: ["OFFERED"] },
    ];
    for (const variant of variants) {
      const { period, ...filters } = variant;
      const csv = await download(`/exports/3w.csv${query({ ...filters, period, from: from.toISOString(), to: to.toISOString(), hxl: "1" })}`, ngoAdmin);
      expect(csv.status).toBe(200);
      expect(csv.body.subarray(0, 3)).toEqual(BOM);
      expect(records(csv.body).slice(0, 2)).toEqual([THREE_W_HEADER, THREE_W_HXL]);
      const rows = threeWRows(csv.body, true);
      expect({ variant, rows }).toEqual({ variant, rows: await threeWByHand({ viewerOrganizations: [ngo], from, to, ...variant }) });
      expect(rows.length).toBeGreaterThan(0);
    }
    expect(THREE_W_HXL.every((tag) => HXL_TAG.test(tag))).toBe(true);
  });

  it("takes pledges made in [from, to)", async () => {
    const [first, second]: { created_at: Date }[] = await server.dataSource.query(`SELECT DISTINCT created_at FROM pledge ORDER BY created_at LIMIT 2`);
    const [start, end] = [first.created_at, new Date(second.created_at.getTime() + 40 * DAY_MS)];
    const rows = threeWRows((await download(`/exports/3w.csv${query({ from: start.toISOString(), to: end.toISOString(), period: "day" })}`, ngoAdmin)).body);
    expect(rows).toEqual(await threeWByHand({ viewerOrganizations: [ngo], from: start, to: end, period: "day" }));
    expect(rows.length).toBeGreaterThan(1);
    // A millisecond later, the first pledge is out.
    const excluded = threeWRows((await download(`/exports/3w.csv${query({ from: new Date(start.getTime() + 1).toISOString(), to: end.toISOString(), period: "day" })}`, ngoAdmin)).body);
    expect(excluded).not.toEqual(rows);
    expect(excluded).toEqual(await threeWByHand({ viewerOrganizations: [ngo], from: new Date(start.getTime() + 1), to: end, period: "day" }));
  });
});

/** A full garbage collection on demand, for memory figures that count live objects only. */
function collectGarbage(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

describe("a 50,000-row export", () => {
  const ROWS = 50_000;
  let projectId: string;

  beforeAll(async () => {
    const [{ id }] = await server.dataSource.query(
      `INSERT INTO project (title, category, status, area_code, lead_organization_id) SELECT '批量導出', 'OTHER', 'ACTIVE', '510107021001', id FROM organization WHERE slug = 'qinggang-lin-party-committee' RETURNING id`,
    );
    projectId = toGlobalId("Project", id);
    // Titles with commas, quotes, line breaks and a formula-like start, so the count also proves the quoting.
    await server.dataSource.query(
      `INSERT INTO resource_need (project_id, posted_by_organization_id, category, title, quantity, unit, urgency, needed_by, area_code, status, remaining_quantity, created_at)
       SELECT $1, p.lead_organization_id, (ARRAY['VOLUNTEERS', 'FOOD', 'SHELTER', 'MATERIALS'])[1 + i % 4],
              CASE i % 3 WHEN 0 THEN '第' || i || '批物資，含 "引號"' WHEN 1 THEN '=搶險' || i ELSE '多行' || E'\\n' || i END,
              1 + i % 100, '件', (ARRAY['CRITICAL', 'HIGH', 'NORMAL', 'LOW'])[1 + i % 4], now() + interval '30 days', '510107021001', 'OPEN', 1 + i % 100,
              now() - i * interval '1 second'
       FROM project p, generate_series(1, ${ROWS}) AS i WHERE p.id = $1`,
      [id],
    );
  });

  // Its time goes in full garbage collections at every sampled megabyte, which a busy machine stretches: a longer timeout.
  it("streams every row, with memory that stays flat while the client reads slowly", async () => {
    const path = `/exports/needs.csv?hxl=1&projectId=${projectId}`;
    // At full speed first, for the export rate (printed, not asserted); nothing of it stays referenced after.
    const fileSize = await (async () => {
      const started = performance.now();
      const fast = await download(path);
      const seconds = (performance.now() - started) / 1000;
      const fastRecords = records(fast.body);
      expect(fastRecords).toHaveLength(ROWS + 2);
      // Every third title (i % 3 = 1) starts with "=", and is written with an apostrophe before it.
      expect(fastRecords.filter((record) => record[1].startsWith("'=搶險"))).toHaveLength(Math.floor((ROWS - 1) / 3) + 1);
      console.info(
        `needs.csv, ${ROWS} rows, ${(fast.body.length / 1e6).toFixed(1)} MB: ${seconds.toFixed(2)} s, ` +
          `${Math.round(ROWS / seconds)} rows/s, ${(fast.body.length / 1e6 / seconds).toFixed(1)} MB/s`,
      );
      return fast.body.length;
    })();

    // Then slowly, sampling live memory (server and client share this process) after full collections, from a
    // baseline taken once the fast download's buffers are gone (some are let go a moment after it ends).
    const gc = collectGarbage();
    // Buffers' memory is given back by a background sweeper after a collection: a short pause lets it finish.
    const liveBytes = async () => {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
      gc();
      const usage = process.memoryUsage();
      return usage.heapUsed + usage.arrayBuffers;
    };
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const baseline = await liveBytes();
    // Node's own client takes a chunk only when asked, so what the server cannot send waits in the server.
    const response = await new Promise<http.IncomingMessage>((resolve, reject) => http.get(`${site.baseUrl}${path}`, resolve).on("error", reject));
    const parser = parseStream({ bom: true });
    let recordCount = 0;
    parser.on("data", () => (recordCount += 1));
    let bytes = 0;
    let nextSample = 0;
    let peakGrowth = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      parser.write(chunk);
      bytes += chunk.length;
      if (bytes >= nextSample) {
        peakGrowth = Math.max(peakGrowth, (await liveBytes()) - baseline);
        nextSample += 1_000_000;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    parser.end();
    await once(parser, "end");
    expect(recordCount).toBe(ROWS + 2);
    expect(bytes).toBe(fileSize);
    console.info(`slow read of ${(bytes / 1e6).toFixed(1)} MB: live memory grew by at most ${(peakGrowth / 1e6).toFixed(2)} MB`);
    // Streaming holds at most two cursor batches of 500 rows (one buffered, one arriving: about 1.5 MB as objects) and
    // a few 16 KB stream buffers; 0.7 to 2.1 MB were measured, the client's side included. A server that gathered the
    // rows before writing grew by about 42 MB here, one that ignored backpressure by about 35 MB (the unread file):
    // a quarter of the file (about 5 MB) tells them apart with room for noise.
    expect(bytes).toBeGreaterThan(15_000_000);
    expect(peakGrowth).toBeLessThan(bytes / 4);
  }, 180_000);

  it("gives its database connection back when the client leaves mid-download", async () => {
    const pool = (server.dataSource.driver as PostgresDriver).master as Pool;
    const path = `/exports/needs.csv?projectId=${projectId}`;
    // More departures than the pool has connections: a connection kept by any of them would starve the ones after.
    for (let attempt = 0; attempt < 25; attempt += 1) {
      const leaving = new AbortController();
      const response = await fetch(`${site.baseUrl}${path}`, { signal: leaving.signal });
      expect(response.status).toBe(200);
      await response.body!.getReader().read();
      leaving.abort();
    }
    const busy = async () =>
      (await server.dataSource.query(
        `SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
      ))[0].count as number;
    // Up to 30 s: on a loaded machine the aborted cursors take a while to close; a kept connection never comes back.
    for (let wait = 0; wait < 300 && (pool.totalCount !== pool.idleCount || (await busy()) > 0); wait += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect({ checkedOut: pool.totalCount - pool.idleCount, waiting: pool.waitingCount, busyBackends: await busy() }).toEqual({ checkedOut: 0, waiting: 0, busyBackends: 0 });
    expect(records((await download(path)).body)).toHaveLength(ROWS + 1);
  });

  it("streams at most five exports at once, and tells the next caller when to retry", async () => {
    const path = `${site.baseUrl}/exports/needs.csv?projectId=${projectId}`;
    const readers: { leave: AbortController; response: Response }[] = [];
    try {
      // Five clients that read one chunk and then stop reading: their exports wait, holding their places.
      for (let reader = 0; reader < 5; reader += 1) {
        const leave = new AbortController();
        const response = await fetch(path, { signal: leave.signal });
        await response.body!.getReader().read();
        readers.push({ leave, response });
      }
      const refused = await download(`/exports/needs.csv?projectId=${projectId}`, { "accept-language": "zh-TW" });
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("10");
      expect(errorOf(refused)).toEqual({ code: "RATE_LIMITED", message: "本服務器已有 5 個導出正在進行；請 10 秒後重試。", retryAfterSeconds: 10 });
      // One leaves; its place is free once the server has noticed.
      readers.shift()!.leave.abort();
      let next = await download("/exports/needs.csv?areaCode=510107021&categories=SHELTER");
      for (let wait = 0; wait < 100 && next.status === 429; wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        next = await download("/exports/needs.csv?areaCode=510107021&categories=SHELTER");
      }
      expect(next.status).toBe(200);
    } finally {
      for (const { leave } of readers) leave.abort();
    }
  });
});
