// `npm start` runs this: it compiles only when a source file changed since the last build, so a restart
// does not wait for tsc (about 10 s even with nothing to do on a busy 2-core machine).
import { execFileSync } from "node:child_process";
import { readdirSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const STAMP = "dist/.build-stamp";
const SOURCES = ["src", "clients", "tests", "bench", "ormconfig.ts", "tsconfig.json", "package-lock.json"];

function newestChange(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, entry) => Math.max(newest, newestChange(join(path, entry))), stat.mtimeMs);
}

const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs ?? 0;
if (Math.max(...SOURCES.map(newestChange)) >= built) {
  // Stamped with the time the build began: a file saved while tsc runs is compiled next time.
  const startedAt = new Date();
  execFileSync("npm", ["run", "build"], { stdio: "inherit" });
  writeFileSync(STAMP, `${startedAt.toISOString()}\n`);
  utimesSync(STAMP, startedAt, startedAt);
}
