import type { Viewer } from "../auth/viewer";
import { Area } from "../entities/area";
import { Organization } from "../entities/organization";
import { Pledge, PledgeStatus } from "../entities/pledge";
import { NeedCategory } from "../entities/resource-need";
import { toGlobalId } from "../schema/global-id";
import type { Services } from "../services";
import { CsvColumn, CsvExport, CsvValue } from "./csv-stream";
import { checkInterval, ExportParameters } from "./export-parameters";

export const THREE_W_EXPORT_PARAMETERS = ["areaCode", "from", "to", "period", "categories", "statuses", "hxl"];

/** The database sums every pledge in the span before the first row goes out; a year bounds that work. */
export const MAX_SPAN_DAYS = 366;

/** Calendar periods in UTC; weeks start on Monday (ISO 8601). */
const PERIODS = ["day", "week", "month"] as const;
type Period = (typeof PERIODS)[number];

/** A row of 3w.csv: who (the pledging organisation), what (the need's category), where (its area), when, and how far it went. */
interface ThreeWRow {
  organization_id: string;
  organization_name: string;
  organization_kind: string;
  category: string;
  area_code: string;
  area_name: string;
  period_start: string;
  period_end: string;
  pledge_status: string;
  unit: string;
  pledges: string;
  needs: string;
  quantity_pledged: string;
  quantity_accepted: string;
  quantity_delivered: string;
}

const field = (header: keyof ThreeWRow, hxl: string): CsvColumn<ThreeWRow> => ({ header, hxl, value: (row) => row[header] as CsvValue });

const COLUMNS: CsvColumn<ThreeWRow>[] = [
  { header: "organization_id", hxl: "#org +impl +id", value: (row) => toGlobalId("Organization", row.organization_id) },
  field("organization_name", "#org +impl +name"),
  field("organization_kind", "#org +impl +type"),
  field("category", "#sector +code"),
  field("area_code", "#loc +code"),
  field("area_name", "#loc +name"),
  field("period_start", "#date +start"),
  field("period_end", "#date +end"),
  field("pledge_status", "#status +code"),
  field("unit", "#output +unit"),
  field("pledges", "#meta +count +pledges"),
  field("needs", "#meta +count +needs"),
  field("quantity_pledged", "#output +num +pledged"),
  field("quantity_accepted", "#output +num +accepted"),
  field("quantity_delivered", "#output +num +delivered"),
];

/**
 * 3w.csv: pledges made in [from, to) to the needs this viewer may see, summed in the database per
 * organisation × category × area × period × pledge status × unit (quantities add up only within one unit).
 */
export async function threeWExport(services: Pick<Services, "needs" | "areas">, viewer: Viewer, query: Record<string, unknown>): Promise<CsvExport<ThreeWRow>> {
  const parameters = new ExportParameters(query, THREE_W_EXPORT_PARAMETERS);
  const areaCode = parameters.text("areaCode");
  if (areaCode !== undefined) await services.areas.require(areaCode, "areaCode");
  const from = parameters.requiredTime("from");
  const to = parameters.requiredTime("to");
  checkInterval(from, to, MAX_SPAN_DAYS);
  const period: Period = parameters.oneOf("period", PERIODS) ?? "month";
  const statuses = parameters.list("statuses", Object.values(PledgeStatus));
  const needs = await services.needs.filteredQuery(viewer, { areaCode, categories: parameters.list("categories", Object.values(NeedCategory)) });
  // The period is one of PERIODS, written into the SQL so the grouped expression and the selected ones are the same text.
  const bucket = `date_trunc('${period}', "pledge"."created_at", 'UTC')`;
  const selected: Record<keyof ThreeWRow, string> = {
    organization_id: `"pledger"."id"`,
    organization_name: `"pledger"."name"`,
    organization_kind: `"pledger"."kind"`,
    category: `"need"."category"`,
    area_code: `"need"."area_code"`,
    area_name: `"need_area"."name"`,
    period_start: `to_char(${bucket} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    period_end: `to_char((${bucket} AT TIME ZONE 'UTC') + interval '1 ${period}' - interval '1 day', 'YYYY-MM-DD')`,
    pledge_status: `"pledge"."status"`,
    unit: `"need"."unit"`,
    pledges: `count(*)`,
    needs: `count(DISTINCT "need"."id")`,
    quantity_pledged: `sum("pledge"."quantity")`,
    quantity_accepted: `coalesce(sum("pledge"."accepted_quantity"), 0)`,
    quantity_delivered: `sum("pledge"."delivered_quantity")`,
  };
  needs
    .innerJoin(Pledge, "pledge", `"pledge"."need_id" = "need"."id"`)
    .innerJoin(Organization, "pledger", `"pledger"."id" = "pledge"."organization_id"`)
    .innerJoin(Area, "need_area", `"need_area"."code" = "need"."area_code"`)
    .andWhere(`"pledge"."created_at" >= :pledgedFrom AND "pledge"."created_at" < :pledgedBefore`, { pledgedFrom: from, pledgedBefore: to });
  // The same area as the need's (the database keeps the copy): lets one area's pledges be read from their index.
  if (areaCode !== undefined) needs.andWhere(`"pledge"."area_code" LIKE :pledgeArea`, { pledgeArea: `${areaCode}%` });
  if (statuses) needs.andWhere(`"pledge"."status" IN (:...pledgeStatuses)`, { pledgeStatuses: statuses });
  const [sql, values] = needs
    .select(Object.entries(selected).map(([alias, expression]) => `${expression} AS "${alias}"`))
    .groupBy(`"pledger"."id"`)
    .addGroupBy(`"need"."category"`)
    .addGroupBy(`"need"."area_code"`)
    .addGroupBy(`"need_area"."name"`)
    .addGroupBy(bucket)
    .addGroupBy(`"pledge"."status"`)
    .addGroupBy(`"need"."unit"`)
    .orderBy(`"pledger"."name"`)
    .addOrderBy(`"pledger"."id"`)
    .addOrderBy(`"need"."category"`)
    .addOrderBy(`"need"."area_code"`)
    .addOrderBy(bucket)
    .addOrderBy(`"pledge"."status"`)
    .addOrderBy(`"need"."unit"`)
    .getQueryAndParameters();
  return { name: "3w", columns: COLUMNS, hxl: parameters.hxl(), sql, parameters: values };
}
