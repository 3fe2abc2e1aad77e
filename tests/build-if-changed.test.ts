import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const SCRIPT = path.join(__dirname, "..", "scripts", "build-if-changed.mjs");
const BUILD_COUNTER = "builds.txt";

// A project folder whose `npm run build` only counts its runs, so the test sees when `npm start` would compile.
let project: string;
beforeEach(async () => {
  project = await mkdtemp(path.join(os.tmpdir(), "cogov-build-"));
  await mkdir(path.join(project, "src"));
  await mkdir(path.join(project, "dist"));
  await writeFile(path.join(project, "src", "main.ts"), "export {};\n");
  const build = `node -e "require('fs').appendFileSync('${BUILD_COUNTER}', 'built\\\\n')"`;
  await writeFile(path.join(project, "package.json"), JSON.stringify({ name: "build-check", private: true, scripts: { build } }));
});
afterEach(() => rm(project, { recursive: true, force: true }));

async function startBuilds(): Promise<number> {
  await promisify(execFile)(process.execPath, [SCRIPT], { cwd: project });
  const counted = await readFile(path.join(project, BUILD_COUNTER), "utf8").catch(() => "");
  return counted.split("\n").filter(Boolean).length;
}

describe("npm start compiles only what changed since the last build", () => {
  it("builds the first time, not on a restart with nothing changed, and again after a source file changes", async () => {
    expect(await startBuilds()).toBe(1);
    expect(await startBuilds()).toBe(1);

    await writeFile(path.join(project, "src", "main.ts"), "export const changed = true;\n");
    expect(await startBuilds()).toBe(2);
    expect(await startBuilds()).toBe(2);
  });

  it("builds when the lockfile changed (a new dependency), even with the sources unchanged", async () => {
    expect(await startBuilds()).toBe(1);
    await writeFile(path.join(project, "package-lock.json"), "{}\n");
    expect(await startBuilds()).toBe(2);
  });
});
