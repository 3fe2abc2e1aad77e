import { maskPhone, PersonalField, PersonReader, personReaderParameters, personReaderSql, shown } from "../auth/person-privacy";
import { organizationsOf } from "../auth/read-policy";
import type { Viewer } from "../auth/viewer";
import { t } from "../i18n/text";
import { keyOf, toGlobalId } from "../schema/global-id";
import type { Services } from "../services";
import { DomainError } from "../services/errors";
import { CsvColumn, CsvExport, CsvValue } from "./csv-stream";
import { checkInterval, ExportParameters } from "./export-parameters";
import { isoTime } from "./need-export";

/** The organiser whose activities' hours are exported, the shifts' start interval [from, to), the activities' area. */
export const VOLUNTEER_HOURS_EXPORT_PARAMETERS = ["organizationId", "from", "to", "areaCode", "hxl"];

/** A row as selected: personal values raw, masked per row by the privacy table before they are written. */
interface HoursRow {
  sign_up_id: string;
  person_id: string;
  person_label: string;
  display_name: string | null;
  real_name: string | null;
  phone: string | null;
  reader: Exclude<PersonReader, "ANONYMOUS">;
  public_recognition: boolean;
  activity_id: string;
  activity_title: string;
  activity_kind: string;
  area_code: string;
  shift_starts_at: string;
  shift_ends_at: string;
  hours: string;
  points_earned: number;
  verified_at: string;
  verified_by_organization_name: string | null;
}

/** A personal value as this row's reader may read it (auth/person-privacy.ts); empty when hidden. */
const personal = (field: PersonalField, row: HoursRow, value: string | null, masked: (value: string) => string | null = () => null): CsvValue => {
  if (value === null) return null;
  const how = shown(field, row.reader, { publicRecognition: row.public_recognition });
  return how === "full" ? value : how === "masked" ? masked(value) : null;
};

const field = (header: keyof HoursRow, hxl: string): CsvColumn<HoursRow> => ({ header, hxl, value: (row) => row[header] as CsvValue });

const COLUMNS: CsvColumn<HoursRow>[] = [
  { header: "sign_up_id", hxl: "#activity +signup +id", value: (row) => toGlobalId("ShiftSignUp", row.sign_up_id) },
  { header: "person_id", hxl: "#beneficiary +volunteer +id", value: (row) => toGlobalId("Person", row.person_id) },
  field("person_label", "#beneficiary +volunteer +code"),
  // The public name; after erasure there is none, and the label stands for the person.
  { header: "person_name", hxl: "#beneficiary +volunteer +name", value: (row) => row.display_name ?? row.person_label },
  { header: "real_name", hxl: "#beneficiary +volunteer +name +legal", value: (row) => personal("realName", row, row.real_name) },
  { header: "phone", hxl: "#contact +phone", value: (row) => personal("phone", row, row.phone, maskPhone) },
  { header: "activity_id", hxl: "#activity +id", value: (row) => toGlobalId("Activity", row.activity_id) },
  field("activity_title", "#activity +name"),
  field("activity_kind", "#activity +type +code"),
  field("area_code", "#loc +code"),
  field("shift_starts_at", "#date +start"),
  field("shift_ends_at", "#date +end"),
  field("hours", "#indicator +hours +num"),
  field("points_earned", "#indicator +points +num"),
  field("verified_at", "#date +verified"),
  field("verified_by_organization_name", "#org +verifying +name"),
];

/**
 * volunteer-hours.csv: every verified participation in an organisation's activities, by shift start, for its own
 * members, keys and webhooks. Names and phones are masked row by row as the privacy table says for the reader.
 */
export async function volunteerHoursExport(services: Pick<Services, "areas">, viewer: Viewer, query: Record<string, unknown>): Promise<CsvExport<HoursRow>> {
  const parameters = new ExportParameters(query, VOLUNTEER_HOURS_EXPORT_PARAMETERS);
  const askedFor = parameters.required("organizationId");
  const organizationId = keyOf(askedFor, "Organization", "organizationId");
  const areaCode = parameters.text("areaCode");
  if (areaCode !== undefined) await services.areas.require(areaCode, "areaCode");
  const from = parameters.time("from");
  const to = parameters.time("to");
  checkInterval(from, to);
  if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
  if (!organizationsOf(viewer).includes(organizationId)) throw new DomainError("FORBIDDEN", t("recognition.exportNotMember"));
  const values: unknown[] = [...personReaderParameters(viewer), organizationId];
  const condition = (sql: string, value: unknown) => {
    values.push(value);
    return ` AND ${sql.replace("?", `$${values.length}`)}`;
  };
  const sql = `
    SELECT s.id AS sign_up_id, p.id AS person_id, p.label AS person_label, p.display_name, p.real_name, p.phone, p.public_recognition,
           ${personReaderSql("p", [1, 2, 3])} AS reader,
           a.id AS activity_id, a.title AS activity_title, a.kind AS activity_kind, a.area_code,
           ${isoTime("sh.starts_at")} AS shift_starts_at, ${isoTime("sh.ends_at")} AS shift_ends_at, s.hours::text AS hours,
           (coalesce(earned.points, 0) - coalesce(reversal.points, 0))::int AS points_earned,
           ${isoTime("s.verified_at")} AS verified_at, verifier.name AS verified_by_organization_name
    FROM activity a
    JOIN activity_shift sh ON sh.activity_id = a.id
    JOIN shift_sign_up s ON s.shift_id = sh.id AND s.verified_at IS NOT NULL
    JOIN person p ON p.id = s.person_id
    LEFT JOIN organization verifier ON verifier.id = s.verified_by_organization_id
    LEFT JOIN points_entry earned ON earned.sign_up_id = s.id
    LEFT JOIN points_entry reversal ON reversal.reverses_entry_id = earned.id
    WHERE a.organization_id = $4${from ? condition("sh.starts_at >= ?", from) : ""}${to ? condition("sh.starts_at < ?", to) : ""}${
      areaCode !== undefined ? condition("a.area_code LIKE ?", `${areaCode}%`) : ""
    }
    ORDER BY sh.starts_at, s.id`;
  return { name: "volunteer-hours", columns: COLUMNS, hxl: parameters.hxl(), sql, parameters: values };
}
