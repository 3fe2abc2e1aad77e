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
  authenticator = new Authenticator(server.dataSource, new Tokens({ secret: new TextEncoder().encode("k".repeat(32)), ttlSeconds: 60 }));
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

/** Runs `work`, counting the statements that look keys up. */
const keyLookups = async (work: () => Promise<unknown>) =>
  (await statementsDuring(server.dataSource, work)).filter((statement) => /FROM api_key k JOIN organization/.test(statement.text)).length;

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
