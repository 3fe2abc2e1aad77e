import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { Finished, run, start } from "./support/processes";
import { createTestDatabase } from "./support/test-server";

async function organizationsNamed(url: string, search: string): Promise<string[]> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `query ($s: String!) { organizations(first: 100, filter: { search: $s }) { nodes { name } } }`, variables: { s: search } }),
  });
  const body = (await response.json()) as { data: { organizations: { nodes: { name: string }[] } } };
  return body.data.organizations.nodes.map((node) => node.name);
}

async function occupiedPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  return { port: (blocker.address() as net.AddressInfo).port, release: () => new Promise((resolve) => blocker.close(() => resolve())) };
}

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "cogov-cli-"));
  await chmod(dataDir, 0o755);
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe("npm start with no database configured", () => {
  it("starts an embedded PostgreSQL, loads the demo data, serves it, and stops cleanly on SIGTERM", async () => {
    const server = await start({ COGOV_DATA_DIR: dataDir });
    expect((await organizationsNamed(server.url, "社區")).length).toBeGreaterThan(5);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    expect(server.log()).toContain('"msg":"stopped"');
  });

  it("starts again on the same folder without initialising or reloading anything", async () => {
    const server = await start({ COGOV_DATA_DIR: dataDir });
    expect(server.log()).not.toContain("demo data loaded");
    expect(server.log()).not.toContain("migration applied");
    expect(await organizationsNamed(server.url, "醫療")).toContain("青杠林社區衛生服務站");

    const second = await run(["start"], { COGOV_DATA_DIR: dataDir, PORT: "0" });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/^cogov: The data folder .* is in use by another running Cogov .*; stop that server, or set COGOV_DATA_DIR to another folder\.\n$/);

    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
  });

  it("writes readable log lines with COGOV_LOG_FORMAT=pretty", async () => {
    const server = await start({ COGOV_DATA_DIR: dataDir, COGOV_LOG_FORMAT: "pretty" });
    expect(await organizationsNamed(server.url, "醫療")).toContain("青杠林社區衛生服務站");
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    const lines = server.log().split("\n").filter(Boolean);
    expect(lines.find((line) => line.includes("Cogov serves GraphQL at"))).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: Cogov serves GraphQL at http/);
    expect(lines.filter((line) => line.startsWith("{"))).toEqual([]);
  });

  it("verify-organization works on the same folder's embedded database", async () => {
    const result = await run(["verify-organization", "qinggang-lin-party-committee"], { COGOV_DATA_DIR: dataDir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("中共青杠林社區委員會 (qinggang-lin-party-committee) was already verified\n");
  });
});

describe("every failure at start ends with one sentence that says what to do", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  const oneSentence = (result: Finished, pattern: RegExp) => {
    expect(result.code).toBe(1);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toMatch(pattern);
  };

  it("a DATABASE_URL that is not a URL", async () => {
    oneSentence(await run(["start"], { DATABASE_URL: "localhost:5432" }), /DATABASE_URL .*postgres:\/\/ or postgresql:\/\/ URL\.|DATABASE_URL is not a valid URL/);
  });

  it("a DATABASE_URL that is not PostgreSQL", async () => {
    oneSentence(await run(["start"], { DATABASE_URL: "mysql://localhost/cogov" }), /DATABASE_URL starts with "mysql:"; it must be a postgres:\/\//);
  });

  it("a database nobody answers at", async () => {
    const { port, release } = await occupiedPort();
    await release();
    oneSentence(await run(["start"], { DATABASE_URL: `postgres://127.0.0.1:${port}/cogov` }), /No PostgreSQL answers at .*; start it, or fix DATABASE_URL\./);
  });

  it("a database that does not exist", async () => {
    const url = new URL(database.url);
    url.pathname = "/cogov_no_such_database";
    oneSentence(await run(["start"], { DATABASE_URL: url.toString() }), /does not exist; create it \(createdb\) or fix DATABASE_URL\./);
  });

  it("a port that is taken", async () => {
    const { port, release } = await occupiedPort();
    try {
      oneSentence(
        await run(["start"], { DATABASE_URL: database.url, COGOV_JWT_SECRET: "a".repeat(40), PORT: String(port), HOST: "127.0.0.1" }),
        new RegExp(`Port ${port} is taken; stop what uses it, or set PORT to a free port\\.`),
      );
    } finally {
      await release();
    }
  });

  it("a port for the embedded database that is taken", async () => {
    const { port, release } = await occupiedPort();
    try {
      const folder = await mkdtemp(path.join(os.tmpdir(), "cogov-cli-port-"));
      await chmod(folder, 0o755);
      oneSentence(await run(["start"], { COGOV_DATA_DIR: folder, COGOV_EMBEDDED_DB_PORT: String(port) }), /embedded PostgreSQL is taken; set COGOV_EMBEDDED_DB_PORT/);
      await rm(folder, { recursive: true, force: true });
    } finally {
      await release();
    }
  });

  it("a data folder that cannot be written", async () => {
    const file = path.join(dataDir, "a-file");
    await writeFile(file, "not a folder");
    oneSentence(await run(["start"], { COGOV_DATA_DIR: path.join(file, "data") }), /The data folder .* cannot be written; set COGOV_DATA_DIR to a folder you can write to, or set DATABASE_URL\./);
  });

  it("a database of one's own with no token key", async () => {
    oneSentence(await run(["start"], { DATABASE_URL: database.url, PORT: "0" }), /With DATABASE_URL, set COGOV_JWT_SECRET to a random string of at least 32 characters/);
  });

  it("a setting with a bad value", async () => {
    oneSentence(await run(["start"], { DATABASE_URL: database.url, PORT: "eighty" }), /PORT is "eighty"; set it to a whole number from 0 to 65535\./);
  });
});

describe("the operator verifies the first organisations of the trust chain", () => {
  it("verify-organization <slug> verifies it once, in the audit log; an unknown slug says what to do", async () => {
    const database = await createTestDatabase();
    const client = new Client({ connectionString: database.url });
    try {
      expect((await run(["seed"], { DATABASE_URL: database.url })).code).toBe(0);
      await client.connect();
      await client.query("INSERT INTO organization (kind, name, slug, area_code) VALUES ('PARTY_COMMITTEE', '中共武侯區委員會', 'wuhou-party-committee', '510107')");
      const status = async () => (await client.query("SELECT verification_status, verified_by_id, verified_at FROM organization WHERE slug = 'wuhou-party-committee'")).rows[0];
      expect(await status()).toEqual({ verification_status: "UNVERIFIED", verified_by_id: null, verified_at: null });

      const verified = await run(["verify-organization", "wuhou-party-committee"], { DATABASE_URL: database.url });
      expect(verified.code).toBe(0);
      expect(verified.stdout).toContain("中共武侯區委員會 (wuhou-party-committee) is now verified\n");
      expect(await status()).toEqual({ verification_status: "VERIFIED", verified_by_id: null, verified_at: expect.any(Date) });

      const again = await run(["verify-organization", "wuhou-party-committee"], { DATABASE_URL: database.url });
      expect(again.stdout).toContain("was already verified");
      const audited = await client.query("SELECT action, actor_user_id FROM audit_entry WHERE entity_id = (SELECT id::text FROM organization WHERE slug = 'wuhou-party-committee')");
      expect(audited.rows).toEqual([{ action: "verifyOrganization", actor_user_id: null }]);

      const unknown = await run(["verify-organization", "no-such-organisation"], { DATABASE_URL: database.url });
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toBe('cogov: No organisation has the slug "no-such-organisation"; check it (query organization(slug:)) and run the command again.\n');
      expect((await run(["verify-organization"], { DATABASE_URL: database.url })).stderr).toMatch(/^cogov: Usage: .*verify-organization <slug>/);
    } finally {
      await client.end();
      await database.drop();
    }
  });
});

/** What the demo holds of volunteering, counted from the database after two seeds (the second keeps the first's ledger). */
async function expectDemoVolunteering(client: Client): Promise<void> {
  const one = async (sql: string) => (await client.query(sql)).rows[0];
  expect(await one(`SELECT count(*)::int AS people, count(*) FILTER (WHERE is_party_member AND party_employer_organization_id IS NOT NULL AND party_reporting_area_code IS NOT NULL)::int AS reporting FROM person`))
    .toEqual({ people: 30, reporting: expect.any(Number) });
  expect((await one(`SELECT count(*) FILTER (WHERE is_party_member AND party_employer_organization_id IS NOT NULL)::int AS n FROM person`)).n).toBeGreaterThanOrEqual(10);
  // Every person is held with a consent by each organisation holding them (registering team, rosters).
  expect((await one(`SELECT count(*)::int AS n FROM person p WHERE NOT EXISTS (SELECT 1 FROM person_consent c WHERE c.person_id = p.id)`)).n).toBe(0);
  expect((await one(`SELECT count(*)::int AS n FROM team_membership t WHERE NOT EXISTS (SELECT 1 FROM person_consent c WHERE c.person_id = t.person_id AND c.organization_id = t.organization_id)`)).n).toBe(0);
  expect((await one(`SELECT count(DISTINCT organization_id)::int AS n FROM team_membership`)).n).toBe(2);
  const activities = await one(`
    SELECT count(DISTINCT kind)::int AS kinds, count(*) FILTER (WHERE status = 'COMPLETED')::int AS held, count(*) FILTER (WHERE status = 'PUBLISHED')::int AS open FROM activity`);
  expect(activities.kinds).toBeGreaterThanOrEqual(5);
  expect(activities.held).toBeGreaterThanOrEqual(3);
  expect(activities.open).toBeGreaterThanOrEqual(3);
  const signUps = await one(`
    SELECT count(*) FILTER (WHERE s.verified_at IS NOT NULL AND s.checked_in_at IS NOT NULL AND sh.starts_at < now())::int AS verified,
           count(*) FILTER (WHERE s.status = 'CONFIRMED' AND sh.starts_at > now())::int AS coming,
           count(*) FILTER (WHERE s.status = 'WAITLISTED')::int AS waiting
    FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id`);
  expect(signUps.verified).toBeGreaterThanOrEqual(20);
  expect(signUps.coming).toBeGreaterThanOrEqual(5);
  expect(signUps.waiting).toBeGreaterThanOrEqual(1);
  // Verified hours earned points from a funded pool; a few were spent on rewards; the ledger sums to zero and balances are sums.
  const ledger = await one(`
    SELECT count(*) FILTER (WHERE kind = 'FUND')::int AS funds, count(*) FILTER (WHERE kind = 'EARN')::int AS earned, count(*) FILTER (WHERE kind = 'REDEEM')::int AS redeemed FROM points_entry`);
  expect(ledger).toEqual({ funds: 2, earned: signUps.verified, redeemed: 4 });
  expect((await one(`SELECT count(*)::int AS n FROM reward_redemption`)).n).toBe(4);
  const sums = await one(`
    WITH sums AS (SELECT a.kind, a.balance, coalesce((SELECT sum(points) FROM points_entry WHERE to_account_id = a.id), 0) - coalesce((SELECT sum(points) FROM points_entry WHERE from_account_id = a.id), 0) AS summed FROM points_account a)
    SELECT sum(summed)::int AS total, count(*) FILTER (WHERE balance <> summed)::int AS cached_wrong, count(*) FILTER (WHERE kind <> 'ISSUER' AND summed < 0)::int AS negative FROM sums`);
  expect(sums).toEqual({ total: 0, cached_wrong: 0, negative: 0 });
  // The rainstorm activity serves 搶險志願者: its confirmed sign-ups count toward the need, as the need's figures say.
  const rainstorm = await one(`
    SELECT n.pledged_quantity::float8 AS pledged,
           (SELECT coalesce(sum(CASE WHEN status = 'OFFERED' THEN quantity ELSE accepted_quantity END), 0) FROM pledge WHERE need_id = n.id AND status IN ('OFFERED', 'ACCEPTED', 'DELIVERED'))::float8 AS pledges,
           (SELECT count(*) FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id JOIN activity a ON a.id = sh.activity_id WHERE a.need_id = n.id AND s.status = 'CONFIRMED')::int AS volunteers
    FROM resource_need n WHERE n.title = '搶險志願者'`);
  expect(rainstorm.volunteers).toBeGreaterThan(0);
  expect(rainstorm.pledged).toBe(rainstorm.pledges + rainstorm.volunteers);
}

describe("npm run migrate and npm run seed", () => {
  it("migrate applies the migrations alone; seed restores the demo rows and leaves others", async () => {
    const database = await createTestDatabase();
    try {
      const migrated = await run(["migrate"], { DATABASE_URL: database.url });
      expect(migrated.code).toBe(0);
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        expect((await client.query("SELECT count(*)::int AS n FROM organization")).rows[0].n).toBe(0);
        expect((await client.query("SELECT count(*)::int AS n FROM migrations")).rows[0].n).toBeGreaterThan(0);

        expect((await run(["seed"], { DATABASE_URL: database.url })).code).toBe(0);
        const seeded = (await client.query("SELECT count(*)::int AS n FROM organization")).rows[0].n;
        await client.query("UPDATE organization SET name = '改過的名字' WHERE slug = 'jinhua-property'");
        await client.query("INSERT INTO organization (kind, name, slug, area_code) VALUES ('NGO', '自己的組織', 'my-own', '510107')");

        expect((await run(["seed"], { DATABASE_URL: database.url })).code).toBe(0);
        expect((await client.query("SELECT name FROM organization WHERE slug = 'jinhua-property'")).rows[0].name).toBe("錦華物業管理有限公司");
        expect((await client.query("SELECT count(*)::int AS n FROM organization")).rows[0].n).toBe(seeded + 1);
        await expectDemoVolunteering(client);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });
});
