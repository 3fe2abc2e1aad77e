import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

// The top of a V8 .cpuprofile (what `node --cpu-prof` writes) by self time: where the Cogov process spent its CPU.

const TOP = 15;

export interface CpuProfileEntry {
  functionName: string;
  /** File (under the repository or node_modules, shortened) and line. */
  location: string;
  selfMs: number;
  percent: number;
}

export interface CpuProfileSummary {
  file: string;
  /** Busy time sampled: all samples but (idle). */
  sampledMs: number;
  top: CpuProfileEntry[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The newest profile in the folder, summarised; undefined when the process wrote none. */
export async function summariseCpuProfiles(directory: string): Promise<CpuProfileSummary | undefined> {
  const files = (await readdir(directory)).filter((name) => name.endsWith(".cpuprofile")).sort();
  const file = files.at(-1);
  if (!file) return undefined;
  const profile = JSON.parse(await readFile(path.join(directory, file), "utf8")) as CpuProfile;
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, { functionName: string; location: string; us: number }>();
  let totalUs = 0;
  profile.samples.forEach((nodeId, i) => {
    // A sample's time is the delta to the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const frame = frameOf.get(nodeId)!;
    // Waiting is not spending: shares are of the time the process was busy.
    if (frame.functionName === "(idle)") return;
    const location = frame.url ? `${shortPath(frame.url)}:${frame.lineNumber + 1}` : "";
    const key = `${frame.functionName}@${location}`;
    const entry = selfUs.get(key) ?? { functionName: frame.functionName || "(anonymous)", location, us: 0 };
    entry.us += us;
    selfUs.set(key, entry);
    totalUs += us;
  });
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, TOP)
    .map(({ functionName, location, us }) => ({
      functionName,
      location,
      selfMs: Math.round(us / 1000),
      percent: Math.round((1000 * us) / Math.max(1, totalUs)) / 10,
    }));
  return { file: path.join(directory, file), sampledMs: Math.round(totalUs / 1000), top };
}

function shortPath(url: string): string {
  const file = url.replace(/^file:\/\//, "");
  const modules = file.lastIndexOf("node_modules/");
  if (modules >= 0) return file.slice(modules);
  const dist = file.indexOf("/dist/");
  return dist >= 0 ? file.slice(dist + 1) : file;
}
