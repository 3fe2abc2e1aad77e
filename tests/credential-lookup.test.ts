import { newApiKeySecret, parseApiKey } from "../src/auth/api-key-secret";
import { Authenticator } from "../src/auth/authenticator";
import { Tokens } from "../src/auth/tokens";
import { DomainError } from "../src/services/errors";
import { statementsDuring } from "./support/statements";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let authenticator: Authenticator;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  authenticator = new Authenticator(server.dataSource, new Tokens({ secret: new TextEncoder().encode(server.jwtSecret), ttlSeconds: 60 }));
});
afterAll(() => server.close());

/** A new key of the organisation with `slug`; its plaintext, as a request's Authorization header. */
async function keyOf(slug: string, revoked = false): Promise<string> {
  const key = newApiKeySecret();
  await server.dataSource.query(
    `INSERT INTO api_key (public_id, secret_hash, organization_id, name, scopes, revoked_at)
     SELECT $1, $2, id, 'key-lookup test', '{write:pledges}', CASE WHEN $4 THEN now() END FROM organization WHERE slug = $3`,
    [key.publicId, key.secretHash, slug, revoked],
  );
  return `Bearer ${key.plaintext}`;
}

/** Runs `work`, counting the statements whose text `pattern` finds. */
const lookups = async (pattern: RegExp, work: () => Promise<unknown>) => (await statementsDuring(server.dataSource, work)).filter((statement) => pattern.test(statement.text)).length;
const keyLookups = (work: () => Promise<unknown>) => lookups(/FROM api_key k JOIN organization/, work);
const userLookups = (work: () => Promise<unknown>) => lookups(/FROM app_user u LEFT JOIN membership/, work);

/** A user's roles by organisation, as the membership table holds them now. */
async function rolesOf(email: string): Promise<Map<string, string>> {
  const rows: { organization_id: string; role: string }[] = await server.dataSource.query(
    `SELECT m.organization_id, m.role FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = $1`,
    [email],
  );
  return new Map(rows.map((row) => [row.organization_id, row.role]));
}

const REVOKED = "This API key was revoked; ask an admin of its organisation for a new one.";
const codeAndMessage = (outcome: PromiseSettledResult<unknown>) =>
  outcome.status === "rejected" && outcome.reason instanceof DomainError ? [outcome.reason.code, outcome.reason.message] : outcome.status;

describe("API keys asked for together", () => {
  it("are read in one statement, and each request still gets its own key's answer", async () => {
    const [committee, property, revoked] = await Promise.all([keyOf("qinggang-lin-party-committee"), keyOf("jinhua-property"), keyOf("jinhua-property", true)]);
    // A well-formed key no organisation holds.
    const unknown = `Bearer ${newApiKeySecret().plaintext}`;
    let outcomes: PromiseSettledResult<Awaited<ReturnType<Authenticator["authenticate"]>>>[] = [];
    const lookups = await keyLookups(async () => {
      outcomes = await Promise.allSettled([committee, property, revoked, unknown, committee].map((authorization) => authenticator.authenticate(authorization)));
    });

    expect(lookups).toBe(1);
    const organizationOf = (outcome: (typeof outcomes)[number]) => (outcome.status === "fulfilled" && outcome.value.kind === "apiKey" ? outcome.value.key.organizationId : null);
    const [{ id: committeeId }] = await server.dataSource.query(`SELECT id FROM organization WHERE slug = 'qinggang-lin-party-committee'`);
    const [{ id: propertyId }] = await server.dataSource.query(`SELECT id FROM organization WHERE slug = 'jinhua-property'`);
    expect([organizationOf(outcomes[0]), organizationOf(outcomes[1]), organizationOf(outcomes[4])]).toEqual([committeeId, propertyId, committeeId]);
    expect(codeAndMessage(outcomes[2])).toEqual(["UNAUTHENTICATED", REVOKED]);
    expect(codeAndMessage(outcomes[3])).toEqual(["UNAUTHENTICATED", "This API key is not valid."]);
  });

  it("keeps nothing between turns: a key revoked after one request is refused on the next", async () => {
    const authorization = await keyOf("jinhua-property");
    const lookups = await keyLookups(async () => {
      await expect(authenticator.authenticate(authorization)).resolves.toMatchObject({ kind: "apiKey" });
      await server.dataSource.query(`UPDATE api_key SET revoked_at = now() WHERE public_id = $1`, [parseApiKey(authorization.slice("Bearer ".length))!.publicId]);
      await expect(authenticator.authenticate(authorization)).rejects.toMatchObject({ code: "UNAUTHENTICATED", message: REVOKED });
    });
    expect(lookups).toBe(2);
  });
});

describe("users asked for together", () => {
  const COORDINATOR = "coordinator@qinggang-lin-party-committee.example.org";
  const ADMIN = "admin@jinhua-property.example.org";

  it("are read with their roles in one statement, each request getting its own user's", async () => {
    const [coordinator, admin] = await Promise.all([COORDINATOR, ADMIN].map((email) => server.signIn(email)));
    let viewers: Awaited<ReturnType<Authenticator["authenticate"]>>[] = [];
    const statements = await userLookups(async () => {
      viewers = await Promise.all([coordinator, admin, coordinator].map((token) => authenticator.authenticate(`Bearer ${token}`)));
    });

    expect(statements).toBe(1);
    const seen = viewers.map((viewer) => (viewer.kind === "user" ? [viewer.user.email, Object.fromEntries(viewer.memberships)] : viewer.kind));
    const [coordinatorRoles, adminRoles] = await Promise.all([rolesOf(COORDINATOR), rolesOf(ADMIN)]);
    expect(coordinatorRoles.size).toBeGreaterThan(0);
    expect(seen).toEqual([
      [COORDINATOR, Object.fromEntries(coordinatorRoles)],
      [ADMIN, Object.fromEntries(adminRoles)],
      [COORDINATOR, Object.fromEntries(coordinatorRoles)],
    ]);
  });

  it("keeps nothing between turns: a role removed after one request is gone on the next", async () => {
    const email = "leaving-a-role@example.org";
    const [{ id: userId }] = await server.dataSource.query(
      `INSERT INTO app_user (email, password_hash, display_name) SELECT $1, password_hash, '要離開的人' FROM app_user WHERE email = $2 RETURNING id`,
      [email, COORDINATOR],
    );
    await server.dataSource.query(`INSERT INTO membership (user_id, organization_id, role) SELECT $1, id, 'MEMBER' FROM organization WHERE slug = 'jinhua-property'`, [userId]);
    const token = await server.signIn(email);
    const statements = await userLookups(async () => {
      await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ kind: "user", memberships: await rolesOf(email) });
      await server.dataSource.query(`DELETE FROM membership WHERE user_id = $1`, [userId]);
      await expect(authenticator.authenticate(`Bearer ${token}`)).resolves.toMatchObject({ kind: "user", memberships: new Map() });
    });
    expect(statements).toBe(2);
  });
});
