import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Copy, DockerfileParser } from "dockerfile-ast";
import { parse as parseYaml } from "yaml";
import { createTestDatabase } from "./support/test-server";

/**
 * No Docker engine runs here: what can be checked without one is. The Dockerfile's stages, user and
 * command; compose.yaml's services, settings and health checks; and the image's command itself, run as
 * written against a test database, serving and stopping cleanly on SIGTERM.
 */
const ROOT = path.join(__dirname, "..");
const read = (file: string) => readFile(path.join(ROOT, file), "utf8");

interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}

async function dockerfile() {
  const parsed = DockerfileParser.parse(await read("Dockerfile"));
  const froms = parsed.getFROMs();
  const instructions = parsed.getInstructions();
  const finalStage = instructions.filter((instruction) => instruction.getRange().start.line >= froms.at(-1)!.getRange().start.line);
  const cmd = parsed.getCMDs().at(-1)!;
  return { parsed, froms, finalStage, command: JSON.parse(cmd.getArgumentsContent()!) as string[] };
}

describe("Dockerfile", () => {
  it("builds in one stage and runs in another, from a pinned image, as the unprivileged node user", async () => {
    const { froms, finalStage } = await dockerfile();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from.getImageTag()).toMatch(/^\d+/);
    const users = finalStage.filter((instruction) => instruction.getKeyword() === "USER").map((instruction) => instruction.getArgumentsContent());
    expect(users.at(-1)).toBe("node");
    // What the last stage takes from the build: its output, not the sources or the compiler.
    const copies = finalStage.filter((instruction): instruction is Copy => instruction instanceof Copy);
    expect(copies.map((copy) => copy.getFlags().find((flag) => flag.getName() === "from")?.getValue())).toEqual(copies.map(() => "build"));
    expect(copies.some((copy) => copy.getArgumentsContent()!.includes("/app/dist"))).toBe(true);
    // hadolint's DL3025 and DL4006-style checks: exec form for CMD and HEALTHCHECK, no sudo, WORKDIR absolute.
    for (const instruction of finalStage) {
      if (["CMD", "ENTRYPOINT"].includes(instruction.getKeyword())) expect(instruction.getArgumentsContent()!.trim().startsWith("[")).toBe(true);
      if (instruction.getKeyword() === "RUN") expect(instruction.getArgumentsContent()).not.toMatch(/\bsudo\b/);
      if (instruction.getKeyword() === "WORKDIR") expect(instruction.getArgumentsContent()).toMatch(/^\//);
    }
  });

  it("runs `npm start`'s command with Node as the process, so signals reach it", async () => {
    const { command } = await dockerfile();
    const pkg = JSON.parse(await read("package.json")) as { scripts: Record<string, string> };
    expect(command).toEqual(["node", "--max-semi-space-size=64", "dist/src/main.js", "start"]);
    expect(command.join(" ")).toBe(pkg.scripts.start);
  });

  it("starts with that command on a PostgreSQL with compose's settings, answers /readyz, and exits 0 on SIGTERM", async () => {
    const { command } = await dockerfile();
    const compose = parseYaml(await read("compose.yaml"), { merge: true }) as { services: Record<string, Service> };
    const database = await createTestDatabase();
    try {
      // compose's settings, but the database (its host is compose's network) and a free port.
      const settings = { ...compose.services["cogov-1"].environment!, DATABASE_URL: database.url, COGOV_JWT_SECRET: "s".repeat(40), PORT: "0", HOST: "127.0.0.1", COGOV_SHUTDOWN_DRAIN_MS: "0" };
      const { DATABASE_URL: _url, COGOV_DATA_DIR: _dir, ...environment } = process.env;
      const child = spawn(command[0] === "node" ? process.execPath : command[0], command.slice(1), { cwd: ROOT, env: { ...environment, ...settings } });
      let output = "";
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      const url = await new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk;
          const match = /Cogov serves GraphQL at (http\S+?)(?:"|\s)/.exec(output);
          if (match) resolve(match[1]);
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        void exited.then((code) => reject(new Error(`exited with ${code}:\n${output}`)));
      });
      const ready = await fetch(url.replace(/\/graphql$/, "/readyz"));
      expect(ready.status).toBe(200);
      const { body } = { body: (await (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: `{ organizations(first: 1) { totalCount } }` }) })).json()) as { data: { organizations: { totalCount: number } } } };
      // COGOV_DEMO_DATA from compose: the first instance loads the demo.
      expect(body.data.organizations.totalCount).toBeGreaterThan(5);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      await database.drop();
    }
  }, 120_000);
});

describe("compose.yaml", () => {
  it("runs PostgreSQL and two Cogov instances on it with one token secret, each checked for health and started once the database is", async () => {
    const compose = parseYaml(await read("compose.yaml"), { merge: true }) as { services: Record<string, Service> };
    expect(Object.keys(compose.services).sort()).toEqual(["cogov-1", "cogov-2", "postgres"]);
    const { postgres } = compose.services;
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.healthcheck!.test).toEqual(expect.arrayContaining(["pg_isready"]));
    const instances = [compose.services["cogov-1"], compose.services["cogov-2"]];
    for (const instance of instances) {
      expect(instance.build).toBe(".");
      expect(instance.depends_on?.postgres).toEqual({ condition: "service_healthy" });
      expect(instance.healthcheck!.test.join(" ")).toContain("/readyz");
      const databaseUrl = new URL(instance.environment!.DATABASE_URL);
      expect([databaseUrl.hostname, databaseUrl.port]).toEqual(["postgres", "5432"]);
      expect(databaseUrl.username).toBe(postgres.environment!.POSTGRES_USER);
      expect(databaseUrl.pathname).toBe(`/${postgres.environment!.POSTGRES_DB}`);
    }
    // One secret for both (tokens from one are good on the other), required rather than defaulted.
    expect(instances[0].environment!.COGOV_JWT_SECRET).toBe(instances[1].environment!.COGOV_JWT_SECRET);
    expect(instances[0].environment!.COGOV_JWT_SECRET).toMatch(/^\$\{COGOV_JWT_SECRET:\?/);
    // Demo data is loaded by one instance only, and the other waits for it.
    expect([instances[0].environment!.COGOV_DEMO_DATA, instances[1].environment!.COGOV_DEMO_DATA]).toEqual(["true", "false"]);
    expect(instances[1].depends_on?.["cogov-1"]).toEqual({ condition: "service_healthy" });
    expect(new Set(instances.map((instance) => instance.ports![0].split(":")[0])).size).toBe(2);
  });
});
