import type { Viewer } from "../auth/viewer";
import { Area } from "../entities/area";
import { Organization } from "../entities/organization";
import { Project } from "../entities/project";
import { NeedCategory, NeedStatus, Urgency } from "../entities/resource-need";
import { keyOf, toGlobalId } from "../schema/global-id";
import type { Services } from "../services";
import { CsvColumn, CsvExport, CsvValue } from "./csv-stream";
import { checkInterval, ExportParameters } from "./export-parameters";

/** The filters of the GraphQL `needs(filter:)` query, plus the posting interval [from, to). */
export const NEED_EXPORT_PARAMETERS = ["areaCode", "categories", "urgencyAtLeast", "statuses", "projectId", "neededBefore", "from", "to", "hxl"];

/** A row of needs.csv as selected: numeric(14, 2) figures stay exact decimal strings. */
interface NeedRow {
  need_id: string;
  title: string;
  category: string;
  urgency: string;
  status: string;
  quantity: string;
  unit: string;
  pledged: string;
  accepted: string;
  delivered: string;
  remaining: string;
  needed_by: string;
  area_code: string;
  area_name: string;
  project_id: string;
  project_title: string;
  posted_by_organization_id: string;
  posted_by_organization_name: string;
  created_at: string;
}

/** ISO 8601 in UTC, written by PostgreSQL: cheaper than parsing a Date per cell and printing it again. */
export function isoTime(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

const SELECTED: Record<keyof NeedRow, string> = {
  need_id: `"need"."id"`,
  title: `"need"."title"`,
  category: `"need"."category"`,
  urgency: `"need"."urgency"`,
  status: `"need"."status"`,
  quantity: `"need"."quantity"`,
  unit: `"need"."unit"`,
  pledged: `"need"."pledged_quantity"`,
  accepted: `"need"."accepted_quantity"`,
  delivered: `"need"."delivered_quantity"`,
  remaining: `"need"."remaining_quantity"`,
  needed_by: isoTime(`"need"."needed_by"`),
  area_code: `"need"."area_code"`,
  area_name: `"need_area"."name"`,
  project_id: `"need"."project_id"`,
  project_title: `"need_project"."title"`,
  posted_by_organization_id: `"need"."posted_by_organization_id"`,
  posted_by_organization_name: `"poster"."name"`,
  created_at: isoTime(`"need"."created_at"`),
};

const field = (header: keyof NeedRow, hxl: string): CsvColumn<NeedRow> => ({ header, hxl, value: (row) => row[header] as CsvValue });

/** Areas are of every level (city to grid), hence #loc rather than one #admN; quantities are in the need's unit. */
const COLUMNS: CsvColumn<NeedRow>[] = [
  { header: "need_id", hxl: "#need +id", value: (row) => toGlobalId("ResourceNeed", row.need_id) },
  field("title", "#need +name"),
  field("category", "#sector +code"),
  field("urgency", "#severity +code"),
  field("status", "#status +code"),
  field("quantity", "#need +num"),
  field("unit", "#need +unit"),
  field("pledged", "#need +num +pledged"),
  field("accepted", "#need +num +accepted"),
  field("delivered", "#need +num +delivered"),
  field("remaining", "#need +num +remaining"),
  field("needed_by", "#date +end"),
  field("area_code", "#loc +code"),
  field("area_name", "#loc +name"),
  { header: "project_id", hxl: "#activity +id", value: (row) => toGlobalId("Project", row.project_id) },
  field("project_title", "#activity +name"),
  { header: "posted_by_organization_id", hxl: "#org +reporting +id", value: (row) => toGlobalId("Organization", row.posted_by_organization_id) },
  field("posted_by_organization_name", "#org +reporting +name"),
  field("created_at", "#date +reported"),
];

/** needs.csv: the needs the GraphQL `needs` query lists to this viewer with the same filter, oldest first. */
export async function needExport(services: Pick<Services, "needs" | "areas">, viewer: Viewer, query: Record<string, unknown>): Promise<CsvExport<NeedRow>> {
  const parameters = new ExportParameters(query, NEED_EXPORT_PARAMETERS);
  const areaCode = parameters.text("areaCode");
  if (areaCode !== undefined) await services.areas.require(areaCode, "areaCode");
  const projectId = parameters.text("projectId");
  const from = parameters.time("from");
  const to = parameters.time("to");
  checkInterval(from, to);
  const needs = await services.needs.filteredQuery(viewer, {
    areaCode,
    categories: parameters.list("categories", Object.values(NeedCategory)),
    urgencyAtLeast: parameters.oneOf("urgencyAtLeast", Object.values(Urgency)),
    statuses: parameters.list("statuses", Object.values(NeedStatus)),
    projectId: projectId === undefined ? undefined : keyOf(projectId, "Project", "projectId"),
    neededBefore: parameters.time("neededBefore"),
  });
  if (from) needs.andWhere(`"need"."created_at" >= :postedFrom`, { postedFrom: from });
  if (to) needs.andWhere(`"need"."created_at" < :postedBefore`, { postedBefore: to });
  const [sql, values] = needs
    .innerJoin(Area, "need_area", `"need_area"."code" = "need"."area_code"`)
    .innerJoin(Project, "need_project", `"need_project"."id" = "need"."project_id"`)
    .innerJoin(Organization, "poster", `"poster"."id" = "need"."posted_by_organization_id"`)
    .select(Object.entries(SELECTED).map(([alias, column]) => `${column} AS "${alias}"`))
    .orderBy(`"need"."created_at"`)
    .addOrderBy(`"need"."id"`)
    .getQueryAndParameters();
  return { name: "needs", columns: COLUMNS, hxl: parameters.hxl(), sql, parameters: values };
}
