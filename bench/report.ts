import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DataReport } from "./generate";
import type { LoadResult } from "./load-worker";
import type { ScenarioName } from "./scenarios";

export interface ScenarioOutcome {
  name: ScenarioName;
  description: string;
  result?: LoadResult;
  /** Why it did not run. */
  skipped?: string;
}

export interface Machine {
  node: string;
  cores: number;
  cpu: string;
  memoryGb: number;
  platform: string;
  postgres: string;
  database: string;
  commit: string;
}

export interface BenchRun {
  startedAt: string;
  scale: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  machine: Machine;
  data: DataReport;
  scenarios: ScenarioOutcome[];
  notes: string[];
}

const HEADER = ["scenario", "requests/s", "p50 ms", "p99 ms", "requests", "failed", "vs floor"];

function rows(run: BenchRun): string[][] {
  const floor = run.scenarios.find((s) => s.name === "sql-floor")?.result;
  return run.scenarios.map(({ name, result, skipped }) => {
    if (!result) return [name, "skipped", "", "", "", "", skipped ? "see notes" : ""];
    const ratio = name === "nested-needs-50" && floor?.requestsPerSecond ? result.requestsPerSecond / floor.requestsPerSecond : undefined;
    return [
      name,
      result.requestsPerSecond.toFixed(1),
      String(result.latencyMs.p50),
      String(result.latencyMs.p99),
      result.requests.toLocaleString("en"),
      failedCell(result),
      ratio === undefined ? "" : `${ratio.toFixed(3)} (floor ${(1 / ratio).toFixed(1)}× faster)`,
    ];
  });
}

function failedCell(result: LoadResult): string {
  const total = result.failed + result.connectionErrors;
  const parts = [
    result.non2xx && `${result.non2xx} non-2xx`,
    result.withErrors && `${result.withErrors} errors`,
    result.withUserErrors && `${result.withUserErrors} userErrors`,
    result.connectionErrors && `${result.connectionErrors} no response`,
  ].filter(Boolean);
  return parts.length ? `${total} (${parts.join(", ")})` : "0";
}

export function textTable(run: BenchRun): string {
  const all = [HEADER, ...rows(run)];
  const widths = HEADER.map((_, column) => Math.max(...all.map((row) => row[column].length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 || i === row.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  return [line(all[0]), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(line)].join("\n");
}

export function markdown(run: BenchRun): string {
  const { machine } = run;
  const cells = (row: string[]) => `| ${row.join(" | ")} |`;
  const generation = run.data.generated
    ? ["", "Data generated in this run (seconds per step):", "",
      ...Object.entries(run.data.timingsMs).map(([step, ms]) => `- ${step}: ${(ms / 1000).toFixed(2)}`)]
    : ["", "Data reused from an earlier run of the same scale."];
  return [
    `# Cogov benchmark, ${run.startedAt}`,
    "",
    cells(HEADER),
    cells(HEADER.map((_, i) => (i === 0 || i === HEADER.length - 1 ? "---" : "---:"))),
    ...rows(run).map(cells),
    "",
    "requests/s is completed responses per second of the timed run; p50 and p99 are latencies in ms; failed counts",
    "responses that were not 2xx, carried `errors` or (pledge-mutation) `userErrors`, and requests with no response.",
    "",
    "## Scenarios",
    "",
    ...run.scenarios.map((s) => `- **${s.name}**: ${s.description}${s.skipped ? ` — skipped: ${s.skipped}` : ""}`),
    "",
    "## Setting",
    "",
    `- scale ${run.scale}: ${Object.entries(run.data.rows).map(([table, count]) => `${count.toLocaleString("en")} ${table}`).join(", ")}`,
    `- ${run.durationSeconds} s per scenario after ${run.warmupSeconds} s of warm-up, ${run.connections} connections`,
    `- Node.js ${machine.node}, ${machine.cores} cores (${machine.cpu}), ${machine.memoryGb} GB, ${machine.platform}`,
    `- PostgreSQL ${machine.postgres}, ${machine.database}`,
    `- commit ${machine.commit}`,
    "- server, floor and PostgreSQL share the machine with autocannon (in a worker thread)",
    ...generation,
    ...(run.notes.length ? ["", "## Notes", "", ...run.notes.map((note) => `- ${note}`)] : []),
    "",
  ].join("\n");
}

/** Writes `results/<time>-scale<S>.json` and `results/latest.md`; returns their paths. */
export async function writeResults(run: BenchRun, directory: string): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  // Colons are not allowed in file names everywhere.
  const stamp = run.startedAt.replace(/\.\d+Z$/, "Z").replaceAll(":", "-");
  const json = path.join(directory, `${stamp}-scale${run.scale}.json`);
  const md = path.join(directory, "latest.md");
  await writeFile(json, JSON.stringify(run, null, 2) + "\n");
  await writeFile(md, markdown(run));
  return [json, md];
}
