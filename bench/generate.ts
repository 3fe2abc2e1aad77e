import "reflect-metadata";
import { parseArgs } from "node:util";
import { Presets, SingleBar } from "cli-progress";
import { DataSource } from "typeorm";
import { createLogger } from "../src/logger";
import {
  areaRows, CLAMP_ACCEPTED, datasetSize, DatasetSize, INSERT_AREAS, INSERT_DELIVERIES, INSERT_STATUS_HISTORY,
  insertNeeds, insertOrganizations, insertPartnerships, insertPledges, insertProjects, recomputeNeedTotals,
} from "./dataset-sql";

/** Bump when the generated rows change, so an older load is replaced rather than reused. */
const GENERATOR_VERSION = 1;
/** Pledges the pledge-mutation scenario writes carry this note; nothing generated does. */
export const BENCH_PLEDGE_NOTE = "bench";
/** Needs the fan-out scenario posts have titles that start so; no generated title does. */
export const BENCH_NEED_TITLE = "bench fan-out";
/** The write:needs key the fan-out scenario posts with. */
export const BENCH_NEED_KEY_NAME = "bench needs";
/** The read keys of fan-out's subscribers with --distinct-readers. */
export const BENCH_READER_KEY_NAME = "bench readers";

const TABLES = ["area", "organization", "project", "partnership", "resource_need", "resource_need_status_change", "pledge", "delivery"];

export interface DataReport {
  scale: number;
  /** False when the rows of an earlier run were reused. */
  generated: boolean;
  rows: Record<string, number>;
  /** Milliseconds per step of the load; empty when reused. */
  timingsMs: Record<string, number>;
}

export function parseScale(text: string): number {
  const scale = Number(text);
  if (!Number.isFinite(scale) || scale < 0.01 || scale > 100) {
    throw new RangeError(`--scale is "${text}"; give a number from 0.01 to 100 (1 means 1,000 organisations).`);
  }
  return scale;
}

/** Makes sure the database holds the rows of `scale`, loading them only when it does not. */
export async function prepareBenchData(dataSource: DataSource, scale: number, regenerate: boolean): Promise<DataReport> {
  await dataSource.query(`
    CREATE TABLE IF NOT EXISTS bench_dataset (
      scale numeric NOT NULL, generator_version int NOT NULL, epoch timestamptz NOT NULL, generated_at timestamptz NOT NULL
    )`);
  await removeBenchPledges(dataSource);
  await removeBenchNeeds(dataSource);
  const size = datasetSize(scale);
  if (!regenerate && (await holdsDataset(dataSource, scale, size))) {
    await keepNeedsLive(dataSource);
    return { scale, generated: false, rows: await countRows(dataSource), timingsMs: {} };
  }
  const { epoch, timingsMs } = await load(dataSource, size);
  await dataSource.query("INSERT INTO bench_dataset VALUES ($1, $2, $3, now())", [scale, GENERATOR_VERSION, epoch]);
  return { scale, generated: true, rows: await countRows(dataSource), timingsMs };
}

/** Deletes the pledges the write scenarios made, with their events and audit entries, and puts the needs' figures back. */
export async function removeBenchPledges(dataSource: DataSource): Promise<number> {
  const touched: { need_id: string }[] = await dataSource.query(
    "SELECT DISTINCT need_id FROM pledge WHERE note = $1", [BENCH_PLEDGE_NOTE]);
  if (touched.length === 0) return 0;
  const needIds = touched.map((row) => row.need_id);
  const removed: { id: string }[] = await dataSource.transaction(async (manager) => {
    const [rows] = await manager.query("DELETE FROM pledge WHERE note = $1 RETURNING id", [BENCH_PLEDGE_NOTE]);
    const ids = (rows as { id: string }[]).map((row) => row.id);
    await manager.query("DELETE FROM event WHERE entity_type = 'Pledge' AND entity_id = ANY($1::uuid[])", [ids]);
    await manager.query("DELETE FROM audit_entry WHERE entity_type = 'Pledge' AND entity_id = ANY($1::text[])", [ids]);
    return rows as { id: string }[];
  });
  await dataSource.query(recomputeNeedTotals("r.id = ANY($1::uuid[])"), [needIds]);
  return removed.length;
}

/**
 * Deletes the needs the fan-out scenario posted with what they wrote (events, status history, audit
 * entries) and its keys, so a rerun starts from the same rows. The app never deletes events; the bench may.
 */
export async function removeBenchNeeds(dataSource: DataSource): Promise<number> {
  const posted: { id: string }[] = await dataSource.query("SELECT id FROM resource_need WHERE title LIKE $1", [`${BENCH_NEED_TITLE} %`]);
  const needIds = posted.map((row) => row.id);
  await dataSource.transaction(async (manager) => {
    if (needIds.length) {
      await manager.query("DELETE FROM event WHERE entity_id = ANY($1::uuid[])", [needIds]);
      await manager.query("DELETE FROM resource_need_status_change WHERE need_id = ANY($1::uuid[])", [needIds]);
      await manager.query("DELETE FROM audit_entry WHERE entity_type = 'ResourceNeed' AND entity_id = ANY($1::text[])", [needIds]);
      await manager.query("DELETE FROM resource_need WHERE id = ANY($1::uuid[])", [needIds]);
    }
    const keyNames = [BENCH_NEED_KEY_NAME, BENCH_READER_KEY_NAME];
    await manager.query("DELETE FROM audit_entry WHERE actor_api_key_id IN (SELECT id FROM api_key WHERE name = ANY($1))", [keyNames]);
    await manager.query("DELETE FROM api_key WHERE name = ANY($1)", [keyNames]);
  });
  return needIds.length;
}

async function holdsDataset(dataSource: DataSource, scale: number, size: DatasetSize): Promise<boolean> {
  const [marker] = await dataSource.query("SELECT scale::float8 AS scale, generator_version FROM bench_dataset");
  if (!marker || marker.scale !== scale || marker.generator_version !== GENERATOR_VERSION) return false;
  // The server's expiry sweep marks overdue needs EXPIRED; such a load no longer measures live needs.
  const [{ expired }] = await dataSource.query("SELECT EXISTS (SELECT 1 FROM resource_need WHERE status = 'EXPIRED') AS expired");
  const rows = await countRows(dataSource);
  return !expired && rows.organization === size.organizations && rows.project === size.projects
    && rows.resource_need === size.needs && rows.pledge === size.pledges;
}

/** Needs are due 1 to 42 days after the load; a later run moves them by the time since. */
async function keepNeedsLive(dataSource: DataSource): Promise<void> {
  const [{ drift }] = await dataSource.query("SELECT extract(epoch FROM now() - epoch)::float8 AS drift FROM bench_dataset");
  if (drift < 6 * 3600) return;
  await dataSource.query("UPDATE resource_need SET needed_by = needed_by + (now() - (SELECT epoch FROM bench_dataset))");
  await dataSource.query("UPDATE bench_dataset SET epoch = now()");
  await dataSource.query("VACUUM (ANALYZE) resource_need");
}

async function countRows(dataSource: DataSource): Promise<Record<string, number>> {
  const [row] = await dataSource.query(`SELECT ${TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS ${table}`).join(", ")}`);
  return row;
}

async function load(dataSource: DataSource, size: DatasetSize): Promise<{ epoch: Date; timingsMs: Record<string, number> }> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Structured results carry the row count of each statement.
    return await loadWith((sql, parameters) => runner.query(sql, parameters, true).then((result) => result.affected ?? 0), size);
  } finally {
    await runner.release();
  }
}

type Statement = (sql: string, parameters?: unknown[]) => Promise<number>;

async function loadWith(run: Statement, size: DatasetSize): Promise<{ epoch: Date; timingsMs: Record<string, number> }> {
  const timings: Record<string, number> = {};
  const started = performance.now();
  await run(`TRUNCATE ${TABLES.join(", ")}, bench_dataset RESTART IDENTITY CASCADE`);
  const epoch = new Date(Math.floor(Date.now() / 1000) * 1000);

  const areas = areaRows();
  timings.area = await timed("area", () =>
    run(INSERT_AREAS, [areas.map((a) => a.code), areas.map((a) => a.name), areas.map((a) => a.level), areas.map((a) => a.parentCode)]));
  const chunked = async (table: string, total: number, chunk: number, sql: string) =>
    (timings[table] = await inChunks(table, total, chunk, (from, to) => run(sql, [epoch, from, to])));
  await chunked("organization", size.organizations, 1_000, insertOrganizations());
  await chunked("project", size.projects, 2_500, insertProjects(size));
  await chunked("partnership", size.projects, 2_500, insertPartnerships(size));
  await chunked("resource_need", size.needs, 10_000, insertNeeds(size));
  await chunked("pledge", size.pledges, 20_000, insertPledges(size));
  timings["pledge: cut accepted to the need"] = await timed("pledge: cut accepted to need", () => run(CLAMP_ACCEPTED));
  timings.delivery = await timed("delivery", () => run(INSERT_DELIVERIES));
  timings["resource_need: totals, status"] = await timed("resource_need: totals, status", () => run(recomputeNeedTotals("true")));
  timings.resource_need_status_change = await timed("resource_need_status_change", () => run(INSERT_STATUS_HISTORY));
  timings["vacuum analyze"] = await timed("vacuum analyze", () => run("VACUUM (ANALYZE)"));
  timings.total = Math.round(performance.now() - started);
  return { epoch, timingsMs: timings };
}

/** Runs `work` over source rows 1..total in chunks, with a progress bar; returns milliseconds. */
async function inChunks(label: string, total: number, chunk: number, work: (from: number, to: number) => Promise<number>): Promise<number> {
  const bar = new SingleBar(
    { format: `${label.padEnd(30)} {bar} {value}/{total}  {duration}s`, clearOnComplete: true, hideCursor: true },
    Presets.shades_classic,
  );
  const started = performance.now();
  let written = 0;
  bar.start(total, 0);
  for (let from = 1; from <= total; from += chunk) {
    const to = Math.min(total, from + chunk - 1);
    written += await work(from, to);
    bar.update(to);
  }
  bar.stop();
  return finished(label, written, started);
}

async function timed(label: string, work: () => Promise<number>): Promise<number> {
  return inChunks(label, 1, 1, () => work());
}

function finished(label: string, rows: number, started: number): number {
  const ms = Math.round(performance.now() - started);
  const count = rows > 0 ? `${rows.toLocaleString("en")} rows` : "";
  process.stdout.write(`  ${label.padEnd(30)} ${count.padStart(14)} ${(ms / 1000).toFixed(2).padStart(8)} s\n`);
  return ms;
}

/** `node dist/bench/generate.js [--scale S] [--regenerate]`: load the data alone. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: "string", default: "1" }, regenerate: { type: "boolean", default: false } } });
  const scale = parseScale(values.scale);
  // Loaded here, not at the top: tests load the data set into their own database without the embedded server.
  const { openBenchDatabase } = await import("./bench-database.js");
  const database = await openBenchDatabase(createLogger("silent"), 4);
  try {
    process.stdout.write(`bench data, scale ${scale}, in ${database.location}\n`);
    const report = await prepareBenchData(database.dataSource, scale, values.regenerate);
    process.stdout.write(`${report.generated ? "generated" : "reused"}: ${JSON.stringify(report.rows)}\n`);
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
