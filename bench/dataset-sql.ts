import {
  COMMUNITIES_PER_STREET, COMMUNITY_WORDS, DECLINE_REASONS, DISTRICTS, GRIDS_PER_COMMUNITY, NEED_CATEGORIES, ORDINALS,
  ORGANIZATION_KINDS, PARTNER_ROLES, PARTNERSHIP_STATUSES, PLEDGE_NOTES, PLEDGE_STATUSES, PROJECT_CATEGORIES,
  PROJECT_STATUSES, ROADS, STREET_WORDS, STREETS_PER_DISTRICT, URGENCIES, WITHDRAW_REASONS,
} from "./vocabulary";

/**
 * SQL that writes the benchmark rows. Every value comes from a hash of the row number, so a scale
 * gives the same rows on every run; times are relative to the load's `$1` epoch so needs stay live.
 * Chunked statements take `$2` and `$3`, the first and last row number of the chunk.
 */

export interface DatasetSize {
  organizations: number;
  projects: number;
  needs: number;
  pledges: number;
}

export function datasetSize(scale: number): DatasetSize {
  return {
    organizations: Math.round(scale * 1_000),
    projects: Math.round(scale * 5_000),
    needs: Math.round(scale * 50_000),
    pledges: Math.round(scale * 200_000),
  };
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const textArray = (values: readonly string[]) => `ARRAY[${values.map(literal).join(", ")}]::text[]`;
const textMatrix = (rows: readonly (readonly string[])[]) => `ARRAY[${rows.map((row) => `ARRAY[${row.map(literal).join(", ")}]`).join(", ")}]::text[]`;
const intArray = (values: readonly number[]) => `ARRAY[${values.join(", ")}]::int[]`;

/** A number in [0, 1) fixed by a row number and a salt. */
const random = (row: string, salt: number) => `((hashint8extended((${row})::bigint, ${salt}) & 1048575)::float8 / 1048576)`;
/** An integer from 1 to `count`. */
const oneTo = (r: string, count: number) => `(1 + floor(${r} * ${count})::int)`;
/** Deterministic ids: the same row number always gets the same uuid. */
export const uuidOf = (kind: string, row: string) => `md5('cogov-bench:${kind}:' || ${row})::uuid`;

/** 1..n, each with its weight. */
function weightedIndex(r: string, weights: readonly number[]): string {
  const total = weights.reduce((a, b) => a + b, 0);
  let upTo = 0;
  const cases = weights.slice(0, -1).map((weight, i) => `WHEN ${r} < ${(upTo += weight) / total} THEN ${i + 1}`);
  return `(CASE ${cases.join(" ")} ELSE ${weights.length} END)`;
}
const weightedValue = (r: string, entries: readonly [string, number][]) =>
  `(${textArray(entries.map(([value]) => value))})[${weightedIndex(r, entries.map(([, weight]) => weight))}]`;
const pad3 = (n: string) => `lpad((${n})::text, 3, '0')`;

/** The fixed area tree: city › 10 districts › streets › communities › grids. */
export function areaRows(): { code: string; name: string; level: string; parentCode: string | null }[] {
  const rows: { code: string; name: string; level: string; parentCode: string | null }[] = [
    { code: "5101", name: "成都市", level: "CITY", parentCode: null },
  ];
  const code3 = (n: number) => String(n).padStart(3, "0");
  DISTRICTS.forEach(([districtCode, districtName], d) => {
    rows.push({ code: districtCode, name: districtName, level: "DISTRICT", parentCode: "5101" });
    for (let s = 1; s <= STREETS_PER_DISTRICT; s++) {
      const streetCode = districtCode + code3(s);
      const streetName = STREET_WORDS[(d * STREETS_PER_DISTRICT + s) % STREET_WORDS.length] + "街道";
      rows.push({ code: streetCode, name: streetName, level: "STREET", parentCode: districtCode });
      for (let c = 1; c <= COMMUNITIES_PER_STREET; c++) {
        const communityCode = streetCode + code3(c);
        const communityName = COMMUNITY_WORDS[(d * 31 + s * COMMUNITIES_PER_STREET + c) % COMMUNITY_WORDS.length] + "社區";
        rows.push({ code: communityCode, name: communityName, level: "COMMUNITY", parentCode: streetCode });
        for (let g = 1; g <= GRIDS_PER_COMMUNITY; g++) {
          rows.push({ code: communityCode + code3(g), name: `${communityName}第${ORDINALS[g - 1]}網格`, level: "GRID", parentCode: communityCode });
        }
      }
    }
  });
  return rows;
}

export const INSERT_AREAS = `
  INSERT INTO area (code, name, level, parent_code)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`;

/** A community or grid code of the tree above. */
function areaCode(row: string, salt: number): string {
  return `(${textArray(DISTRICTS.map(([code]) => code))})[${oneTo(random(row, salt), DISTRICTS.length)}]
    || ${pad3(oneTo(random(row, salt + 1), STREETS_PER_DISTRICT))}
    || ${pad3(oneTo(random(row, salt + 2), COMMUNITIES_PER_STREET))}
    || CASE WHEN ${random(row, salt + 3)} < 0.5 THEN ${pad3(oneTo(random(row, salt + 4), GRIDS_PER_COMMUNITY))} ELSE '' END`;
}

export function insertOrganizations(): string {
  return `
  INSERT INTO organization (id, kind, name, slug, description, area_code, parent_id, address, latitude, longitude,
                            contact_phone, website, created_at, updated_at)
  SELECT ${uuidOf("org", "s.g")}, (${textArray(ORGANIZATION_KINDS.map(([kind]) => kind))})[s.kind],
         community.name || (${textMatrix(ORGANIZATION_KINDS.map(([, , endings]) => endings))})[s.kind][s.ending],
         'bench-org-' || s.g,
         CASE WHEN s.r_description < 0.5 THEN '服務' || community.name || '居民，長期參與社區公益項目。' END,
         s.area_code,
         CASE WHEN s.g > 20 AND s.r_parent < 0.2 THEN ${uuidOf("org", "(1 + floor(s.r_parent_pick * (s.g - 1))::int)")} END,
         community.name || (${textArray(ROADS)})[${oneTo("s.r_road", ROADS.length)}] || (1 + floor(s.r_number * 300)::int) || '號',
         30.55 + 0.2 * s.r_lat, 103.95 + 0.2 * s.r_lng,
         '028-' || lpad(floor(s.r_phone * 100000000)::bigint::text, 8, '0'),
         CASE WHEN s.r_website < 0.15 THEN 'https://org-' || s.g || '.example.org' END,
         s.created_at, s.created_at
  FROM (
    SELECT g, ${weightedIndex(random("g", 1), ORGANIZATION_KINDS.map(([, weight]) => weight))} AS kind,
           ${oneTo(random("g", 2), 3)} AS ending, ${areaCode("g", 3)} AS area_code,
           ${random("g", 10)} AS r_description, ${random("g", 11)} AS r_parent, ${random("g", 12)} AS r_parent_pick,
           ${random("g", 13)} AS r_road, ${random("g", 14)} AS r_number, ${random("g", 15)} AS r_lat,
           ${random("g", 16)} AS r_lng, ${random("g", 17)} AS r_phone, ${random("g", 18)} AS r_website,
           $1::timestamptz - make_interval(days => 200 + floor(${random("g", 19)} * 600)::int) AS created_at
    FROM generate_series($2::int, $3::int) AS g
  ) s
  JOIN area community ON community.code = left(s.area_code, 12)`;
}

const leadIndex = (row: string, size: DatasetSize) => oneTo(random(row, 20), size.organizations);

export function insertProjects(size: DatasetSize): string {
  return `
  INSERT INTO project (id, title, summary, category, status, area_code, lead_organization_id, starts_on, ends_on, created_at, updated_at)
  SELECT ${uuidOf("project", "s.g")},
         community.name || (${textMatrix(PROJECT_CATEGORIES.map(([, , titles]) => titles))})[s.category][s.title],
         CASE WHEN s.r_summary < 0.6 THEN '由' || lead.name || '牽頭，聯合轄區單位共同開展。' END,
         (${textArray(PROJECT_CATEGORIES.map(([category]) => category))})[s.category], s.status, lead.area_code, lead.id,
         (s.created_at + interval '7 days')::date, (s.created_at + interval '7 days')::date + s.days,
         s.created_at, s.created_at
  FROM (
    SELECT g, ${leadIndex("g", size)} AS lead,
           ${weightedIndex(random("g", 21), PROJECT_CATEGORIES.map(([, weight]) => weight))} AS category,
           ${oneTo(random("g", 22), 2)} AS title, ${weightedValue(random("g", 23), PROJECT_STATUSES)} AS status,
           ${random("g", 24)} AS r_summary, 30 + floor(${random("g", 25)} * 150)::int AS days,
           $1::timestamptz - make_interval(days => 30 + floor(${random("g", 26)} * 200)::int,
                                           mins => floor(${random("g", 27)} * 1440)::int) AS created_at
    FROM generate_series($2::int, $3::int) AS g
  ) s
  JOIN organization lead ON lead.id = ${uuidOf("org", "s.lead")}
  JOIN area community ON community.code = left(lead.area_code, 12)`;
}

/** Per project: its LEAD, then 1 to 4 other organisations a fixed step apart, so all differ. */
export function insertPartnerships(size: DatasetSize): string {
  const step = Math.max(1, Math.floor((size.organizations - 1) / 4));
  const row = "s.g * 8 + k";
  return `
  INSERT INTO partnership (id, project_id, organization_id, role, status, created_at, updated_at)
  SELECT ${uuidOf("partnership", "s.g || ':' || k")}, project.id,
         CASE WHEN k = 0 THEN project.lead_organization_id
              ELSE ${uuidOf("org", `((s.lead - 1 + k * s.step) % ${size.organizations}) + 1`)} END,
         CASE WHEN k = 0 THEN 'LEAD' ELSE ${weightedValue(random(row, 32), PARTNER_ROLES)} END,
         CASE WHEN k = 0 THEN 'ACTIVE' ELSE ${weightedValue(random(row, 33), PARTNERSHIP_STATUSES)} END,
         least($1::timestamptz, project.created_at + make_interval(days => k * 2, mins => floor(${random(row, 34)} * 1440)::int)),
         least($1::timestamptz, project.created_at + make_interval(days => k * 2, mins => floor(${random(row, 34)} * 1440)::int))
  FROM (
    SELECT g, ${leadIndex("g", size)} AS lead, ${oneTo(random("g", 30), 4)} AS others,
           ${oneTo(random("g", 31), step)} AS step
    FROM generate_series($2::int, $3::int) AS g
  ) s
  JOIN project ON project.id = ${uuidOf("project", "s.g")}
  CROSS JOIN LATERAL generate_series(0, s.others) AS k`;
}

export function insertNeeds(size: DatasetSize): string {
  const column = <T>(pick: (entry: (typeof NEED_CATEGORIES)[number]) => T) => NEED_CATEGORIES.map(pick);
  return `
  INSERT INTO resource_need (id, project_id, posted_by_organization_id, category, title, description, quantity, unit,
                             urgency, needed_by, area_code, address, latitude, longitude, status, remaining_quantity,
                             created_at, updated_at)
  SELECT ${uuidOf("need", "s.g")}, project.id, project.lead_organization_id,
         (${textArray(column(([category]) => category))})[s.category],
         (${textMatrix(column(([, , , , , titles]) => titles))})[s.category][s.title],
         CASE WHEN s.r_description < 0.5 THEN (${textArray(column(([, , , , , , description]) => description))})[s.category] END,
         s.quantity, (${textArray(column(([, , unit]) => unit))})[s.category], s.urgency,
         $1::timestamptz + make_interval(hours => 24 + floor(s.r_due * 984)::int),
         project.area_code,
         CASE WHEN s.r_place < 0.7 THEN (${textArray(ROADS)})[${oneTo("s.r_road", ROADS.length)}] || (1 + floor(s.r_number * 300)::int) || '號' END,
         CASE WHEN s.r_place < 0.7 THEN 30.55 + 0.2 * s.r_lat END,
         CASE WHEN s.r_place < 0.7 THEN 103.95 + 0.2 * s.r_lng END,
         CASE WHEN project.status = 'CANCELLED' OR s.r_cancel < 0.03 THEN 'CANCELLED' ELSE 'OPEN' END,
         s.quantity, s.created_at, s.created_at
  FROM (
    SELECT g, ${oneTo(random("g", 40), size.projects)} AS project, c.category,
           ${oneTo(random("g", 42), 3)} AS title, ${weightedValue(random("g", 43), URGENCIES)} AS urgency,
           (${intArray(column(([, , , low]) => low))})[c.category]
             + floor(${random("g", 44)} * ((${intArray(column(([, , , , high]) => high))})[c.category]
                                          - (${intArray(column(([, , , low]) => low))})[c.category] + 1))::int AS quantity,
           ${random("g", 45)} AS r_description, ${random("g", 46)} AS r_due, ${random("g", 47)} AS r_place,
           ${random("g", 48)} AS r_road, ${random("g", 49)} AS r_number, ${random("g", 50)} AS r_lat,
           ${random("g", 51)} AS r_lng, ${random("g", 52)} AS r_cancel,
           $1::timestamptz - make_interval(mins => floor(${random("g", 53)} * 30 * 1440)::int) AS created_at
    FROM generate_series($2::int, $3::int) AS g
    CROSS JOIN LATERAL (SELECT ${weightedIndex(random("g", 41), column(([, weight]) => weight))} AS category) c
  ) s
  JOIN project ON project.id = ${uuidOf("project", "s.project")}`;
}

/** Pledges as offered; accepted quantities beyond a need's quantity are cut back by CLAMP_ACCEPTED. */
export function insertPledges(size: DatasetSize): string {
  return `
  INSERT INTO pledge (id, need_id, organization_id, quantity, accepted_quantity, delivered_quantity, status, provisional,
                      response_reason, note, expected_delivery, created_at, updated_at)
  SELECT x.id, x.need_id, x.organization_id, x.quantity,
         CASE WHEN x.status IN ('ACCEPTED', 'DELIVERED') THEN x.quantity END,
         CASE x.status WHEN 'DELIVERED' THEN x.quantity
                       WHEN 'ACCEPTED' THEN CASE WHEN x.r_part < 0.3 THEN floor(x.quantity * 0.5 * x.r_part_size) ELSE 0 END
                       ELSE 0 END,
         x.status, x.status = 'ACCEPTED' AND x.r_provisional < 0.05,
         CASE x.status WHEN 'DECLINED' THEN CASE WHEN x.need_cancelled THEN '需求已取消'
                                                 ELSE (${textArray(DECLINE_REASONS)})[${oneTo("x.r_reason", DECLINE_REASONS.length)}] END
                       WHEN 'WITHDRAWN' THEN (${textArray(WITHDRAW_REASONS)})[${oneTo("x.r_reason", WITHDRAW_REASONS.length)}]
                       WHEN 'ACCEPTED' THEN CASE WHEN x.r_provisional < 0.05 THEN '待確認到貨時間' END END,
         CASE WHEN x.r_note < 0.4 THEN (${textArray(PLEDGE_NOTES)})[${oneTo("x.r_note_pick", PLEDGE_NOTES.length)}] END,
         CASE WHEN x.status IN ('ACCEPTED', 'DELIVERED') THEN x.needed_by - interval '12 hours' END,
         x.created_at,
         CASE WHEN x.status = 'OFFERED' THEN x.created_at ELSE x.created_at + ($1::timestamptz - x.created_at) * x.r_updated END
  FROM (
    SELECT ${uuidOf("pledge", "s.g")} AS id, need.id AS need_id,
           CASE WHEN ${uuidOf("org", "s.org")} = need.posted_by_organization_id
                THEN ${uuidOf("org", `s.org % ${size.organizations} + 1`)} ELSE ${uuidOf("org", "s.org")} END AS organization_id,
           greatest(1, round(need.quantity * (0.05 + 0.45 * s.r_quantity))) AS quantity,
           CASE WHEN need.status = 'CANCELLED' THEN CASE WHEN s.r_status < 0.6 THEN 'DECLINED' ELSE 'WITHDRAWN' END
                ELSE ${weightedValue("s.r_status", PLEDGE_STATUSES)} END AS status,
           need.status = 'CANCELLED' AS need_cancelled, need.needed_by,
           need.created_at + ($1::timestamptz - need.created_at) * s.r_created AS created_at,
           s.r_part, s.r_part_size, s.r_provisional, s.r_reason, s.r_note, s.r_note_pick, s.r_updated
    FROM (
      SELECT g, ${oneTo(random("g", 60), size.needs)} AS need, ${oneTo(random("g", 61), size.organizations)} AS org,
             ${random("g", 62)} AS r_quantity, ${random("g", 63)} AS r_status, ${random("g", 64)} AS r_part,
             ${random("g", 65)} AS r_part_size, ${random("g", 66)} AS r_provisional, ${random("g", 67)} AS r_created,
             ${random("g", 68)} AS r_reason, ${random("g", 69)} AS r_note, ${random("g", 70)} AS r_note_pick,
             ${random("g", 71)} AS r_updated
      FROM generate_series($2::int, $3::int) AS g
    ) s
    JOIN resource_need need ON need.id = ${uuidOf("need", "s.need")}
  ) x`;
}

/**
 * Accepts in pledge order (created_at, id) until the need's quantity is reached: the pledge that
 * crosses it is accepted in part, later ones are declined. Sums over the uncut amounts are enough,
 * because no pledge before the crossing one is cut.
 */
export const CLAMP_ACCEPTED = `
  UPDATE pledge p SET
    status = CASE WHEN c.allowed <= 0 THEN 'DECLINED' ELSE p.status END,
    accepted_quantity = CASE WHEN c.allowed <= 0 THEN NULL ELSE least(p.accepted_quantity, c.allowed) END,
    delivered_quantity = CASE WHEN c.allowed <= 0 THEN 0 ELSE least(p.delivered_quantity, c.allowed) END,
    provisional = CASE WHEN c.allowed <= 0 THEN false ELSE p.provisional END,
    expected_delivery = CASE WHEN c.allowed <= 0 THEN NULL ELSE p.expected_delivery END,
    response_reason = CASE WHEN c.allowed <= 0 THEN '需求已足額' ELSE p.response_reason END
  FROM (
    SELECT x.id, need.quantity - coalesce(sum(x.accepted_quantity) OVER (
             PARTITION BY x.need_id ORDER BY x.created_at, x.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS allowed
    FROM pledge x JOIN resource_need need ON need.id = x.need_id
    WHERE x.accepted_quantity IS NOT NULL
  ) c
  WHERE p.id = c.id AND c.allowed < p.accepted_quantity`;

export const INSERT_DELIVERIES = `
  INSERT INTO delivery (id, pledge_id, quantity, recorded_by_organization_id, delivered_at)
  SELECT ${uuidOf("delivery", "p.id")}, p.id, p.delivered_quantity, need.posted_by_organization_id, p.updated_at
  FROM pledge p JOIN resource_need need ON need.id = p.need_id
  WHERE p.delivered_quantity > 0`;

/** The need's figures and status from its pledges, for the needs `where` picks (over `r`). */
export function recomputeNeedTotals(where: string): string {
  return `
  UPDATE resource_need n SET
    pledged_quantity = t.pledged, accepted_quantity = t.accepted, delivered_quantity = t.delivered,
    remaining_quantity = n.quantity - t.accepted,
    status = CASE WHEN n.status = 'CANCELLED' THEN 'CANCELLED'
                  WHEN t.delivered >= n.quantity THEN 'FULFILLED'
                  WHEN n.status = 'EXPIRED' THEN 'EXPIRED'
                  WHEN t.accepted = 0 THEN 'OPEN'
                  WHEN t.accepted < n.quantity THEN 'PARTIALLY_PLEDGED'
                  ELSE 'FULLY_PLEDGED' END,
    updated_at = greatest(n.created_at, t.last_change)
  FROM (
    SELECT r.id,
           coalesce(sum(p.quantity) FILTER (WHERE p.status = 'OFFERED'), 0)
             + coalesce(sum(p.accepted_quantity) FILTER (WHERE p.status IN ('ACCEPTED', 'DELIVERED')), 0) AS pledged,
           coalesce(sum(p.accepted_quantity) FILTER (WHERE p.status IN ('ACCEPTED', 'DELIVERED')), 0) AS accepted,
           coalesce(sum(p.delivered_quantity), 0) AS delivered,
           max(p.updated_at) AS last_change
    FROM resource_need r LEFT JOIN pledge p ON p.need_id = r.id
    WHERE ${where}
    GROUP BY r.id
  ) t
  WHERE n.id = t.id`;
}

export const INSERT_STATUS_HISTORY = `
  INSERT INTO resource_need_status_change (need_id, from_status, to_status, reason, changed_at)
  SELECT need_id, from_status, to_status, reason, changed_at FROM (
    SELECT id AS need_id, NULL AS from_status, 'OPEN' AS to_status, '發佈需求' AS reason, created_at AS changed_at, 0 AS step
    FROM resource_need
    UNION ALL
    SELECT id, 'OPEN', status,
           CASE status WHEN 'PARTIALLY_PLEDGED' THEN '已接受部分認捐' WHEN 'FULLY_PLEDGED' THEN '認捐已足額'
                       WHEN 'FULFILLED' THEN '已全部交付' ELSE '項目方取消需求' END,
           updated_at, 1
    FROM resource_need WHERE status <> 'OPEN'
  ) h
  ORDER BY changed_at, need_id, step`;
