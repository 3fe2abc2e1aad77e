import { ChildProcess, spawn } from "node:child_process";
import path from "node:path";

// These run the built program (npm test builds first), as a user would with npm start.
const MAIN = path.join(__dirname, "..", "..", "dist", "src", "main.js");

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a user would have: none of the test run's database settings; no drain on SIGTERM unless a test sets one. */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, COGOV_DATA_DIR: _dir, ...rest } = process.env;
  return { ...rest, LOG_LEVEL: "info", COGOV_SHUTDOWN_DRAIN_MS: "0", ...extra };
}

export function run(args: string[], extra: Record<string, string>): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: env(extra) });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Started {
  child: ChildProcess;
  url: string;
  log: () => string;
  exited: Promise<number | null>;
}

/** Starts `main.js start` and waits for the line that says where it serves. */
export function start(extra: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, [MAIN, "start"], { env: env({ PORT: "0", HOST: "127.0.0.1", ...extra }) });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return new Promise((resolve, reject) => {
    child.stderr.on("data", (chunk) => (output += chunk));
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /Cogov serves GraphQL at (http\S+?)(?:"|\s)/.exec(output);
      if (match) resolve({ child, url: match[1], log: () => output, exited });
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before serving:\n${output}`)));
  });
}

