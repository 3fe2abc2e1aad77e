import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";

/** The typed client path: codegen on the committed schema.graphql and the examples' operations, then tsc. */
const ROOT = path.join(__dirname, "..");
const CODEGEN = path.join(ROOT, "node_modules", ".bin", "graphql-codegen");
const run = promisify(execFile);
// Codegen keeps quiet about why it failed when NODE_ENV is "test", as jest sets it.

const codegen = (config: string) => run(CODEGEN, ["--config", config, "--verbose"], { cwd: ROOT, env: { ...process.env, NODE_ENV: "development" } }).then(
  () => ({ failed: false, output: "" }),
  (error: { stdout?: string; stderr?: string }) => ({ failed: true, output: `${error.stdout ?? ""}${error.stderr ?? ""}` }),
);

function compileErrors(tsconfig: string): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => { throw new Error(String(diagnostic.messageText)); } })!;
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => `${diagnostic.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`);
}

it("generates types for clients/examples from schema.graphql, and the examples and the client helper compile with them", async () => {
  expect((await codegen("graphql.config.yml")).failed).toBe(false);
  const generated = await readFile(path.join(ROOT, "clients", "examples", "generated", "graphql.ts"), "utf8");
  expect(generated).toContain("export type CriticalNeedsSubscription = ");
  expect(generated).toContain("export type DistrictDashboardQuery = ");
  expect(compileErrors(path.join(ROOT, "clients", "examples", "tsconfig.json"))).toEqual([]);
}, 120_000);

it("refuses the operations when the schema no longer has what they ask for", async () => {
  // Under the repository: codegen finds its preset from where its configuration is.
  await mkdir(path.join(ROOT, "dist"), { recursive: true });
  const scratch = await mkdtemp(path.join(ROOT, "dist", "codegen-"));
  try {
    const schema = await readFile(path.join(ROOT, "schema.graphql"), "utf8");
    // The drift a release could bring: a field the examples select is renamed.
    const drifted = schema.replace(/^(\s+)openCritical: Int!$/m, "$1openCriticalNeeds: Int!");
    expect(drifted).not.toEqual(schema);
    await writeFile(path.join(scratch, "schema.graphql"), drifted);
    const config = (await readFile(path.join(ROOT, "graphql.config.yml"), "utf8"))
      .replace(/^schema: .*$/m, `schema: ${JSON.stringify(path.join(scratch, "schema.graphql"))}`)
      .replace(/^documents: (.*)$/m, (_line, documents: string) => `documents: ${JSON.stringify(path.join(ROOT, documents))}`)
      .replace("clients/examples/generated/:", `${JSON.stringify(path.join(scratch, "generated") + "/")}:`);
    await writeFile(path.join(scratch, "graphql.config.yml"), config);
    const { failed, output } = await codegen(path.join(scratch, "graphql.config.yml"));
    expect(failed).toBe(true);
    expect(output).toMatch(/Cannot query field "openCritical" on type "NeedStatistics"/);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}, 120_000);
