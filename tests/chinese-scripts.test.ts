import { simplifiedFolds } from "../src/db/script-fold";
import { inHours, mutate, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

const LISTS = {
  organizations: "name description",
  needs: "title description",
  projects: "title summary",
} as const;
type List = keyof typeof LISTS;

/** The texts of each item a search finds, as the API shows them. */
async function found(list: List, search: string, headers: Record<string, string> = {}): Promise<string[]> {
  const { body } = await server.graphql<Record<string, { nodes: Record<string, string | null>[] }>>(
    `query ($search: String!) { ${list}(first: 100, filter: { search: $search }) { nodes { ${LISTS[list]} } } }`,
    { search },
    headers,
  );
  expect(body.errors).toBeUndefined();
  return body.data![list].nodes.map((node) => Object.values(node).join(" ")).sort();
}

describe("a resident of Chengdu searches in Simplified the demo data written in Traditional", () => {
  it.each<[List, string, string]>([
    ["organizations", "社區", "社区"],
    ["organizations", "醫療", "医疗"],
    ["organizations", "區", "区"],
    ["organizations", "社區衛生", "社区衛生"],
    ["organizations", "衛生", "衞生"],
    ["needs", "搶險", "抢险"],
    ["needs", "護", "护"],
    ["needs", "應急救護", "应急救護"],
    ["projects", "暴雨應急", "暴雨应急"],
    ["projects", "義", "义"],
    ["projects", "法律諮詢", "法律咨詢"],
  ])("%s: %s finds what %s finds, shown as written", async (list, written, typed) => {
    const expected = await found(list, written);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((text) => text.includes(written))).toBe(true);
    expect(await found(list, typed)).toEqual(expected);
  });

  it("finds every organisation the Traditional word finds, and no other", async () => {
    const rows: { name: string; description: string | null }[] = await server.dataSource.query(
      `SELECT name, description FROM organization WHERE name || ' ' || coalesce(description, '') LIKE '%社區%'`,
    );
    const written = rows.map((row) => [row.name, row.description ?? ""].join(" ")).sort();
    expect(await found("organizations", "社区")).toEqual(written.map((text) => text.trimEnd()).sort());
  });
});

describe("text written in Simplified", () => {
  it("is found by Traditional, Simplified and mixed words, one or two characters long, and shown as written", async () => {
    const { "jinyuan-party-branch": registrar, "qinggang-lin-health-station": clinic } = await organizationIds(server, ["jinyuan-party-branch", "qinggang-lin-health-station"]);
    const { body } = await server.graphql<{ createOrganization: { organization: { id: string } | null } }>(
      `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } userErrors { message } } }`,
      { input: { kind: "VOLUNTEER_TEAM", name: "锦苑社区卫生志愿服务队", description: "为独居老人提供上门陪诊", slug: "jinyuan-health-volunteers", areaCode: "510107021002" } },
      await server.asAdminOf(registrar),
    );
    expect(body.data!.createOrganization.organization).not.toBeNull();
    const { project } = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput",
      { actingOrganizationId: clinic, title: "义诊进楼栋", summary: "为行动不便的老人上门测血压", category: "HEALTH", areaCode: "510107021001" }, "project { id }");
    await mutate(server, "postNeed", "PostNeedInput",
      { actingOrganizationId: clinic, projectId: project.id, category: "MEDICAL_STAFF", title: "上门医护人员", quantity: 2, unit: "人", urgency: "HIGH", neededBy: inHours(48) }, "need { id }");
    // The project is a DRAFT: its lead's members read it and its needs.
    const lead = await server.asAdminOf(clinic);

    for (const search of ["衛生志願", "卫生志愿", "衛生志愿", "上門陪診", "陪"]) {
      expect(await found("organizations", search)).toEqual(["锦苑社区卫生志愿服务队 为独居老人提供上门陪诊"]);
    }
    // One character that no public demo project holds (棟 is in the elevator project's summary).
    for (const search of ["義診進樓棟", "义诊进楼栋", "義診进楼", "測血壓", "壓"]) {
      expect(await found("projects", search, lead)).toEqual(["义诊进楼栋 为行动不便的老人上门测血压"]);
    }
    for (const search of ["上門醫護", "上门医护", "上門医護", "門"]) {
      expect(await found("needs", search, lead)).toEqual(["上门医护人员 "]);
    }
  });
});

it("folds in the database as the installed opencc-js does, and leaves Simplified text as it is", async () => {
  // Fails when an upgrade of opencc-js changes the table: a new migration must then replace
  // cogov_fold_script (src/db/script-fold.ts) and so refold every search_text column.
  const folds = simplifiedFolds();
  const traditional = [...folds.keys()].join("");
  const simplified = [...folds.values()].join("");
  expect(folds.size).toBeGreaterThan(4000);
  const [row] = await server.dataSource.query(`SELECT cogov_fold_script($1) AS folded, cogov_fold_script($2) AS refolded`, [traditional, simplified]);
  expect(row).toEqual({ folded: simplified, refolded: simplified });
});

it("keeps the fold's table planned per connection: in plpgsql, not a SQL function planned for every statement", async () => {
  // A SQL function's body is planned again by each statement that calls it, parsing the 34 KB table: about
  // 2 ms of the database's CPU for every need posted and every search (src/db/script-fold.ts).
  const [row] = await server.dataSource.query(`SELECT l.lanname AS language FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang WHERE p.oid = 'cogov_fold_script(text)'::regprocedure`);
  expect(row).toEqual({ language: "plpgsql" });
});
