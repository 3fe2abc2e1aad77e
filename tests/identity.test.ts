import http from "node:http";
import { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { parseApiKey } from "../src/auth/api-key-secret";
import { DEMO_PASSWORD } from "../src/db/demo/identity-demo";
import { organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let clinic: string;
let clinicAdmin: Record<string, string>;

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  clinic = (await organizationIds(server, ["qinggang-lin-health-station"]))["qinggang-lin-health-station"];
  clinicAdmin = await server.asAdminOf(clinic);
});
afterAll(() => server.close());

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token expiresAt user { displayName } userErrors { field code message } } }`;
const ME = `{ me { user { email } memberships { role organization { slug } } } }`;

async function signUp(email: string, password = "a long password") {
  const { body } = await server.graphql<{ signUp: { user: { id: string } | null; userErrors: { field: string[]; code: string }[] } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } userErrors { field code } } }`,
    { input: { email, displayName: "林小明", password } },
  );
  return body.data!.signUp;
}

describe("signing in", () => {
  it("gives a demo admin a short-lived token that `me` accepts", async () => {
    const { body } = await server.graphql<{ signIn: { token: string; expiresAt: string } }>(SIGN_IN, { input: { email: "ADMIN@qinggang-lin-health-station.example.org", password: DEMO_PASSWORD } });
    const { token, expiresAt } = body.data!.signIn;
    expect(new Date(expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3600_000);
    const me = await server.graphql<{ me: { user: { email: string }; memberships: { role: string; organization: { slug: string } }[] } }>(ME, {}, { authorization: `Bearer ${token}` });
    expect(me.body.data!.me).toEqual({ user: { email: "admin@qinggang-lin-health-station.example.org" }, memberships: [{ role: "ADMIN", organization: { slug: "qinggang-lin-health-station" } }] });
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const wrong = await server.graphql<{ signIn: { token: null; userErrors: unknown[] } }>(SIGN_IN, { input: { email: "admin@nuanyang-social-work.example.org", password: "not the password" } });
    const unknown = await server.graphql<{ signIn: { token: null; userErrors: unknown[] } }>(SIGN_IN, { input: { email: "nobody@example.org", password: "not the password" } });
    expect(wrong.body.data!.signIn).toEqual(unknown.body.data!.signIn);
    expect(wrong.body.data!.signIn.userErrors).toEqual([{ field: ["input", "password"], code: "INVALID", message: "The email or the password is wrong." }]);
  });

  it("slows down repeated failures for one email with RATE_LIMITED and a retry time", async () => {
    const input = { email: "admin@lvya-environmental.example.org", password: "guess" };
    for (let attempt = 0; attempt < 5; attempt++) await server.graphql(SIGN_IN, { input });
    const { status, body, headers } = await server.graphql(SIGN_IN, { input: { ...input, password: DEMO_PASSWORD } });
    expect(status).toBe(429);
    expect(body.errors![0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(Number(headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("refuses expired, malformed and foreign tokens, and tokens of deleted accounts, with 401", async () => {
    expect((await signUp("leaving@example.org")).userErrors).toEqual([]);
    const token = await server.signIn("leaving@example.org", "a long password");
    await server.dataSource.query(`DELETE FROM app_user WHERE email = 'leaving@example.org'`);
    const cases: [string, RegExp][] = [
      [`Bearer ${token}`, /No Cogov account matches this token/],
      ["Bearer not.a.jwt", /not a JWT|not valid/],
      ["Basic dXNlcjpwYXNz", /Authorization: Bearer/],
      [`Bearer ${await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setIssuer("elsewhere").setSubject("x").sign(new TextEncoder().encode("k".repeat(32)))}`, /not accepted here/],
      ["Bearer cgk_short", /not a well-formed API key/],
      ["Bearer cgk_abcdefghijkl_" + "x".repeat(20) + " " + "x".repeat(22), /not a well-formed API key/],
      ["Bearer two words", /Authorization: Bearer/],
      ["Bearer cgk_abcdefghijkl_" + "x".repeat(43), /API key is not valid/],
    ];
    for (const [authorization, message] of cases) {
      const { status, body } = await server.graphql(`{ __typename }`, {}, { authorization });
      expect(status).toBe(401);
      expect(body.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: "UNAUTHENTICATED" } });
    }
  });

  it("refuses sign-ups with a bad email or a short password", async () => {
    expect((await signUp("not-an-email")).userErrors).toEqual([{ field: ["input", "email"], code: "INVALID" }]);
    expect((await signUp("short@example.org", "short")).userErrors).toEqual([{ field: ["input", "password"], code: "OUT_OF_RANGE" }]);
    const [{ password_hash: hash }] = await server.dataSource.query(`SELECT password_hash FROM app_user WHERE email = 'admin@jinhua-property.example.org'`);
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  });
});

describe("what a sign-up tells about others", () => {
  const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { user { email displayName } userErrors { code } } }`;

  it("answers a taken email as a new one, and leaves that account as it was, without signing anyone in", async () => {
    const [before] = await server.dataSource.query(`SELECT display_name, password_hash FROM app_user WHERE email = 'admin@jinhua-property.example.org'`);
    const input = { displayName: "冒名者", password: "the intruder's password" };
    const taken = await server.graphql<{ signUp: unknown }>(SIGN_UP, { input: { ...input, email: "Admin@jinhua-property.example.org" } });
    const fresh = await server.graphql<{ signUp: unknown }>(SIGN_UP, { input: { ...input, email: "newcomer@jinhua-property.example.org" } });
    expect(taken.status).toBe(fresh.status);
    expect(taken.body.data!.signUp).toEqual({ user: { email: "admin@jinhua-property.example.org", displayName: "冒名者" }, userErrors: [] });
    expect(fresh.body.data!.signUp).toEqual({ user: { email: "newcomer@jinhua-property.example.org", displayName: "冒名者" }, userErrors: [] });
    const [after] = await server.dataSource.query(`SELECT display_name, password_hash FROM app_user WHERE email = 'admin@jinhua-property.example.org'`);
    expect(after).toEqual(before);
    const intruder = await server.graphql<{ signIn: { token: string | null } }>(SIGN_IN, { input: { email: "admin@jinhua-property.example.org", password: input.password } });
    expect(intruder.body.data!.signIn.token).toBeNull();
    expect(await server.signIn("admin@jinhua-property.example.org")).toEqual(expect.any(String));
  });

  it("answers a retry with the same idempotencyKey alike for a taken email and a new one", async () => {
    const SIGN_UP_ID = `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } userErrors { code } } }`;
    const twice = async (email: string) => {
      const input = { email, displayName: "重試者", password: "a long password", idempotencyKey: `retry-${email}` };
      const first = await server.graphql<{ signUp: { user: { id: string } } }>(SIGN_UP_ID, { input });
      const retry = await server.graphql<{ signUp: { user: { id: string } } }>(SIGN_UP_ID, { input });
      return { sameUser: retry.body.data!.signUp.user.id === first.body.data!.signUp.user.id, replay: retry.body.extensions?.idempotentReplay };
    };
    expect(await twice("admin@qinggang-lin-health-station.example.org")).toEqual(await twice("retrying@example.org"));
    expect(await twice("admin@nuanyang-social-work.example.org")).toEqual({ sameUser: true, replay: true });
  });
});

describe("a burst of sign-in guesses", () => {
  it("has at most five checked, and locks the owner out no longer than five wrong guesses would", async () => {
    const email = "admin@shujin-construction.example.org";
    const guesses = await Promise.all(Array.from({ length: 25 }, (_, n) => server.graphql<{ signIn: { userErrors: { code: string }[] } }>(SIGN_IN, { input: { email, password: `guess number ${n}` } })));
    const checked = guesses.filter((guess) => guess.status === 200);
    expect(checked.map((guess) => guess.body.data!.signIn.userErrors[0].code)).toEqual(Array(5).fill("INVALID"));
    expect(guesses.filter((guess) => guess.body.errors?.[0].extensions?.code === "RATE_LIMITED")).toHaveLength(20);

    const owner = await server.graphql(SIGN_IN, { input: { email, password: DEMO_PASSWORD } });
    expect(owner.status).toBe(429);
    const wait = owner.body.errors![0].extensions!.retryAfterSeconds as number;
    // Five wrong guesses leave the email an attempt every three minutes.
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(180);
    // The owner waits as told: every bucket moves that many seconds nearer to full.
    await server.dataSource.query(`UPDATE rate_bucket SET full_at = full_at - make_interval(secs => $1)`, [wait]);
    const later = await server.graphql<{ signIn: { token: string | null } }>(SIGN_IN, { input: { email, password: DEMO_PASSWORD } });
    expect(later.body.data!.signIn.token).toEqual(expect.any(String));
  });
});

describe("sign-ups from one address", () => {
  let own: TestServer;
  beforeAll(async () => {
    own = await startTestServer();
  });
  afterAll(() => own.close());

  it("are sixty an hour; then RATE_LIMITED with the wait, before any password is hashed", async () => {
    const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { user { id } userErrors { code } } }`;
    const answers = await Promise.all(
      Array.from({ length: 65 }, (_, n) => own.graphql(SIGN_UP, { input: { email: `neighbour-${n}@example.org`, displayName: "鄰居", password: "a long password" } })),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(60);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(refused).toHaveLength(5);
    expect(refused[0].body.errors![0]).toMatchObject({ message: expect.stringMatching(/^Too many sign-ups from this address; try again in \d+ seconds\.$/), extensions: { code: "RATE_LIMITED" } });
    const [{ count }] = await own.dataSource.query(`SELECT count(*)::int AS count FROM app_user WHERE email LIKE 'neighbour-%'`);
    expect(count).toBe(60);
    // Sixty password hashes on a busy machine.
  }, 120_000);
});

describe("members and API keys", () => {
  const gql = (query: string, variables: Record<string, unknown>, headers = clinicAdmin) => server.graphql<Record<string, { userErrors: { code: string; message: string }[] } & Record<string, unknown>>>(query, variables, headers);

  it("shows a key once, keeps only its hash, records its use and stops it when revoked", async () => {
    const created = await gql(`mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { id publicId scopes lastUsedAt } userErrors { code message } } }`, {
      input: { actingOrganizationId: clinic, name: "街道數據大屏", scopes: ["READ", "WRITE_PLEDGES"] },
    });
    const { secret, apiKey } = created.body.data!.createApiKey as unknown as { secret: string; apiKey: { id: string; publicId: string; scopes: string[]; lastUsedAt: null } };
    expect(secret).toMatch(/^cgk_[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.scopes).toEqual(["READ", "WRITE_PLEDGES"]);
    const [row] = await server.dataSource.query(`SELECT secret_hash, last_used_at FROM api_key WHERE public_id = $1`, [apiKey.publicId]);
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(parseApiKey(secret)!.secret);

    const used = await server.graphql(`{ __typename }`, {}, { authorization: `Bearer ${secret}` });
    expect(used.status).toBe(200);
    const [{ last_used_at: lastUsed }] = await server.dataSource.query(`SELECT last_used_at FROM api_key WHERE public_id = $1`, [apiKey.publicId]);
    expect(lastUsed).not.toBeNull();

    const revoked = await gql(`mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { apiKey { revokedAt } userErrors { code message } } }`, { input: { actingOrganizationId: clinic, apiKeyId: apiKey.id } });
    expect(revoked.body.data!.revokeApiKey.userErrors).toEqual([]);
    const after = await server.graphql(`{ __typename }`, {}, { authorization: `Bearer ${secret}` });
    expect(after.body.errors![0].message).toContain("revoked");
    const again = await gql(`mutation ($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { userErrors { code message } } }`, { input: { actingOrganizationId: clinic, apiKeyId: apiKey.id } });
    expect(again.body.data!.revokeApiKey.userErrors[0].code).toBe("INVALID_TRANSITION");
  });

  it("lists members to members and keys to admins only", async () => {
    const query = `{ organization(slug: "qinggang-lin-health-station") { members { role user { displayName } } apiKeys { name } } }`;
    const asAdmin = await server.graphql<{ organization: { members: { role: string }[]; apiKeys: { name: string }[] } }>(query, {}, clinicAdmin);
    expect(asAdmin.body.data!.organization.members).toContainEqual({ role: "ADMIN", user: { displayName: "青杠林社區衛生服務站管理員" } });
    expect(asAdmin.body.data!.organization.apiKeys.map((key) => key.name)).toContain("街道數據大屏");
    const stranger = await server.graphql<{ organization: { members: unknown[]; apiKeys: unknown[] } }>(query, {}, { authorization: `Bearer ${await server.signIn("admin@jinhua-property.example.org")}` });
    expect(stranger.body.data!.organization).toEqual({ members: [], apiKeys: [] });
  });

  it("tells an admin whether emails have accounts at most fifty an hour, for emails with and without one alike", async () => {
    const ADD_MEMBER = `mutation ($input: AddMemberInput!) { addMember(input: $input) { membership { role } userErrors { code message } } }`;
    const add = (email: string) => gql(ADD_MEMBER, { input: { actingOrganizationId: clinic, email, role: "MEMBER" } });
    const first = await add("nobody-0@example.org");
    expect(first.body.data!.addMember.userErrors).toEqual([{ code: "NOT_FOUND", message: "No account has this email; ask the person to sign up first." }]);
    for (let n = 1; n < 50; n++) expect((await add(`nobody-${n}@example.org`)).body.data!.addMember.userErrors[0].code).toBe("NOT_FOUND");
    for (const email of ["nobody-50@example.org", "admin@jinyuan-owners-committee.example.org"]) {
      const { status, body } = await add(email);
      expect(status).toBe(429);
      expect(body.errors![0].extensions).toMatchObject({ code: "RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    }
    const [{ count }] = await server.dataSource.query(
      `SELECT count(*)::int AS count FROM membership m JOIN app_user u ON u.id = m.user_id WHERE u.email = 'admin@jinyuan-owners-committee.example.org' AND m.organization_id = (SELECT id FROM organization WHERE slug = 'qinggang-lin-health-station')`,
    );
    expect(count).toBe(0);
  });

  it("never removes or demotes an organisation's last owner", async () => {
    const owner = await server.signIn("admin@jinyuan-owners-committee.example.org");
    const register = await server.graphql<{ createOrganization: { organization: { id: string } } }>(
      `mutation { createOrganization(input: { kind: RESIDENT_GROUP, name: "錦苑樓長聯席會", slug: "jinyuan-building-heads", areaCode: "510107021002" }) { organization { id } } }`,
      {},
      { authorization: `Bearer ${owner}` },
    );
    const organizationId = register.body.data!.createOrganization.organization.id;
    const me = await server.graphql<{ me: { user: { id: string } } }>(`{ me { user { id } } }`, {}, { authorization: `Bearer ${owner}` });
    const userId = me.body.data!.me.user.id;
    const asOwner = { authorization: `Bearer ${owner}` };
    const remove = await gql(`mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { userErrors { code message } } }`, { input: { actingOrganizationId: organizationId, userId } }, asOwner);
    expect(remove.body.data!.removeMember.userErrors).toEqual([{ code: "INVALID_TRANSITION", message: "This is the organisation's last owner; make someone else an owner first." }]);
    const demote = await gql(`mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { userErrors { code message } } }`, { input: { actingOrganizationId: organizationId, userId, role: "ADMIN" } }, asOwner);
    expect(demote.body.data!.changeMemberRole.userErrors[0].code).toBe("INVALID_TRANSITION");
    const badRole = await gql(`mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { userErrors { code } } }`, { input: { actingOrganizationId: organizationId, userId, role: "EMPEROR" } }, asOwner);
    expect(badRole.body.errors![0].extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("lets admins, and only admins, read the organisation's audit log with before and after", async () => {
    await gql(`mutation ($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { userErrors { code } } }`, { input: { id: clinic, contactPhone: "028-8555 9999" } });
    const log = await server.graphql<{ auditLog: { nodes: { action: string; entityType: string; before: { contactPhone: string }; after: { contactPhone: string }; actorUser: { email: string } }[] } }>(
      `query ($org: ID!) { auditLog(organizationId: $org, first: 1) { nodes { action entityType before after actorUser { email } } } }`,
      { org: clinic },
      clinicAdmin,
    );
    expect(log.body.data!.auditLog.nodes[0]).toMatchObject({
      action: "updateOrganization",
      entityType: "Organization",
      before: { contactPhone: "028-8555 0501" },
      after: { contactPhone: "028-8555 9999" },
      actorUser: { email: "admin@qinggang-lin-health-station.example.org" },
    });
    const stranger = await server.graphql(`query ($org: ID!) { auditLog(organizationId: $org) { nodes { action } } }`, { org: clinic }, { authorization: `Bearer ${await server.signIn("admin@jinhua-property.example.org")}` });
    expect(stranger.body.errors![0].extensions!.code).toBe("FORBIDDEN");
  });
});

describe("tokens from an identity provider", () => {
  it("accepts a token signed by the configured issuer's keys, for the account with its email", async () => {
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
    const jwks = http.createServer((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
    const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
    const federated = await startTestServer({ demoData: true, config: { oidc: { issuer: "https://idp.example.org", jwksUrl, audience: "cogov" } } });
    try {
      const sign = (claims: Record<string, unknown>, audience = "cogov") =>
        new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "test-key" }).setIssuer("https://idp.example.org").setAudience(audience).setSubject("idp-user").setExpirationTime("5m").sign(privateKey);
      const me = await federated.graphql<{ me: { user: { email: string } } }>(ME, {}, { authorization: `Bearer ${await sign({ email: "Admin@Jinhua-Property.example.org" })}` });
      expect(me.body.data!.me.user.email).toBe("admin@jinhua-property.example.org");
      const wrongAudience = await federated.graphql(ME, {}, { authorization: `Bearer ${await sign({ email: "admin@jinhua-property.example.org" }, "someone-else")}` });
      expect(wrongAudience.status).toBe(401);
      const noAccount = await federated.graphql(ME, {}, { authorization: `Bearer ${await sign({ email: "stranger@example.org" })}` });
      expect(noAccount.body.errors![0].message).toContain("No Cogov account");
    } finally {
      await federated.close();
      jwks.close();
    }
  });
});

describe("WebSocket connections authenticate in connection_init", () => {
  it("serves a signed-in user and closes 4403 on a bad token", async () => {
    const url = server.url.replace(/^http/, "ws");
    const token = await server.signIn("coordinator@qinggang-lin-party-committee.example.org");
    const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` } });
    try {
      const result = await new Promise<{ data?: { me: { memberships: { role: string }[] } } }>((resolve, reject) => {
        let value = {};
        client.subscribe({ query: `{ me { memberships { role } } }` }, { next: (v) => (value = v), error: reject, complete: () => resolve(value) });
      });
      expect(result.data!.me.memberships).toEqual([{ role: "COORDINATOR" }]);
    } finally {
      await client.dispose();
    }
    const closed = await new Promise<{ code: number }>((resolve) => {
      createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false, connectionParams: { authorization: "Bearer tampered.token.here" }, on: { closed: (event) => resolve(event as { code: number }) }, onNonLazyError: () => undefined });
    });
    expect(closed.code).toBe(4403);
  });
});
