import DataLoader from "dataloader";
import { DataSource, EntityManager, IsNull, LessThan } from "typeorm";
import { decodeJwt } from "jose";
import { ApiKey } from "../entities/api-key";
import { entityFromRow, selectedColumns } from "../db/entity-row";
import { prepared, preparedFromMetadata, runPrepared } from "../db/prepared-statement";
import type { MemberRole } from "../entities/membership";
import { User } from "../entities/user";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import { looksLikeApiKey, parseApiKey, secretMatches } from "./api-key-secret";
import { Tokens } from "./tokens";
import { ANONYMOUS, Viewer } from "./viewer";

/** Which of these organisations are verified. */
export async function verifiedAmong(manager: EntityManager, organizationIds: string[]): Promise<Set<string>> {
  const rows: { id: string }[] = await manager.query(`SELECT id FROM organization WHERE id = ANY($1::uuid[]) AND verification_status = 'VERIFIED'`, [organizationIds]);
  return new Set(rows.map((row) => row.id));
}

/** What a user may do now: roles by organisation, and which of those organisations are verified. */
type Rights = { memberships: Map<string, MemberRole>; verified: Set<string> };

/** Keys by their public ids, with whether each one's organisation is verified: every request with a key asks it. */
const KEYS_SQL = prepared(
  `SELECT k.*, o.verification_status = 'VERIFIED' AS organization_verified FROM api_key k JOIN organization o ON o.id = k.organization_id WHERE k.public_id = ANY($1::text[])`,
);

type KeyRow = Record<string, unknown> & { public_id: string; organization_verified: boolean };

/** Each user of `u.id = ANY($1)` with its roles by organisation (`member_roles`) and which are verified, after `columns`. */
const usersWithRightsSql = (columns: string) => `SELECT ${columns},
    coalesce(jsonb_object_agg(m.organization_id, m.role) FILTER (WHERE m.id IS NOT NULL), '{}') AS member_roles,
    coalesce(array_agg(m.organization_id::text) FILTER (WHERE o.verification_status = 'VERIFIED'), '{}') AS verified_organizations
  FROM app_user u LEFT JOIN membership m ON m.user_id = u.id LEFT JOIN organization o ON o.id = m.organization_id
  WHERE u.id = ANY($1::uuid[]) GROUP BY u.id`;

/** Users by id with their rights: every request with a token asks it. */
const USERS_WITH_RIGHTS_SQL = preparedFromMetadata((dataSource) => usersWithRightsSql(selectedColumns(dataSource, User, "u").join(", ")));

type RightsRow = { id: string; member_roles: Record<string, MemberRole>; verified_organizations: string[] };
type UserRow = Record<string, unknown> & RightsRow;

const rightsOf = (row: RightsRow): Rights => ({ memberships: new Map(Object.entries(row.member_roles)), verified: new Set(row.verified_organizations) });

/** Reads in one statement, once the event loop's turn has handled its I/O, the rows asked for during that turn. */
function readTogether<Row>(read: (keys: readonly string[]) => Promise<Row[]>, keyOf: (row: Row) => string): DataLoader<string, Row | undefined> {
  return new DataLoader(
    async (keys) => {
      const byKey = new Map((await read(keys)).map((row) => [keyOf(row), row]));
      return keys.map((key) => byKey.get(key));
    },
    { cache: false, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
  );
}

// A key's last use is written at most this often, not on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Turns the credentials of a request (an Authorization header or a WebSocket parameter) into a viewer. */
export class Authenticator {
  /*
   * Keys and users asked for in one turn of the event loop are read in one statement each (readTogether):
   * requests that arrive together share a round trip. Nothing is kept, and each read is made after its request
   * arrived, so a key revoked or a role removed before it is never let through.
   */
  private readonly keyRows = readTogether((publicIds) => runPrepared<KeyRow>(this.dataSource, KEYS_SQL, [publicIds]), (row) => row.public_id);
  private readonly userRows = readTogether((userIds) => runPrepared<UserRow>(this.dataSource, USERS_WITH_RIGHTS_SQL(this.dataSource), [userIds]), (row) => row.id);

  constructor(
    private readonly dataSource: DataSource,
    readonly tokens: Tokens,
  ) {}

  async authenticate(authorization: unknown): Promise<Viewer> {
    return (await this.credentials(authorization)).viewer;
  }

  /** The viewer, and when the credentials stop working: a token's expiry; null for keys and anonymous callers. */
  async credentials(authorization: unknown): Promise<{ viewer: Viewer; expiresAt: Date | null }> {
    if (authorization === undefined || authorization === null || authorization === "") return { viewer: ANONYMOUS, expiresAt: null };
    const match = typeof authorization === "string" ? /^Bearer\s+(.+)$/i.exec(authorization.trim()) : null;
    if (!match) throw new DomainError("UNAUTHENTICATED", t("auth.credentialsFormat"));
    const credential = match[1];
    // A key pasted with a space in it is still recognisably a key, and gets the key's message.
    if (looksLikeApiKey(credential)) return { viewer: await this.keyViewer(credential), expiresAt: null };
    if (/\s/.test(credential)) throw new DomainError("UNAUTHENTICATED", t("auth.credentialsFormat"));
    const viewer = await this.userViewer(credential);
    // Read only after the token verified.
    const { exp } = decodeJwt(credential);
    return { viewer, expiresAt: exp === undefined ? null : new Date(exp * 1000) };
  }

  /** The viewer of a user, with the roles they hold. */
  async viewerOf(user: User): Promise<Viewer> {
    return { kind: "user", user, ...((await this.rolesOf([user.id])).get(user.id) ?? { memberships: new Map(), verified: new Set() }) };
  }

  /** An organisation's webhook deliveries read as its members do, with its verification as it stands now. */
  async organizationViewer(organizationId: string): Promise<Viewer> {
    return { kind: "organization", organizationId, verified: await verifiedAmong(this.dataSource.manager, [organizationId]) };
  }

  /**
   * Each viewer as its credentials stand now, in the same order: null for a revoked key or an account
   * gone. One query per kind of credential however many viewers: live connections are checked with it.
   */
  async current(viewers: readonly Viewer[]): Promise<(Viewer | null)[]> {
    const userIds = new Set<string>();
    const keyIds = new Set<string>();
    for (const viewer of viewers) {
      if (viewer.kind === "user") userIds.add(viewer.user.id);
      else if (viewer.kind === "apiKey") keyIds.add(viewer.key.id);
    }
    const [roles, usableKeys] = await Promise.all([
      userIds.size ? this.rolesOf([...userIds]) : new Map<string, Rights>(),
      keyIds.size ? this.unrevoked([...keyIds]) : new Map<string, boolean>(),
    ]);
    return viewers.map((viewer) => {
      if (viewer.kind === "user") {
        const rights = roles.get(viewer.user.id);
        return rights ? { ...viewer, ...rights } : null;
      }
      // A key's organisation and scopes never change; revocation ends it, and its organisation's verification may change.
      if (viewer.kind === "apiKey") {
        const verified = usableKeys.get(viewer.key.id);
        return verified === undefined ? null : { ...viewer, verified: verified ? new Set([viewer.key.organizationId]) : new Set<string>() };
      }
      return viewer;
    });
  }

  /** The roles of each user that exists, by organisation, and which of those are verified; plain rows, as thousands may be read at once. */
  private async rolesOf(userIds: string[]): Promise<Map<string, Rights>> {
    const rows: RightsRow[] = await this.dataSource.query(usersWithRightsSql("u.id"), [userIds]);
    return new Map(rows.map((row) => [row.id, rightsOf(row)]));
  }

  /** Each unrevoked key, with whether its organisation is verified. */
  private async unrevoked(keyIds: string[]): Promise<Map<string, boolean>> {
    const rows: { id: string; verified: boolean }[] = await this.dataSource.query(
      `SELECT k.id, o.verification_status = 'VERIFIED' AS verified FROM api_key k JOIN organization o ON o.id = k.organization_id
       WHERE k.id = ANY($1::uuid[]) AND k.revoked_at IS NULL`,
      [keyIds],
    );
    return new Map(rows.map((row) => [row.id, row.verified]));
  }

  private async userViewer(token: string): Promise<Viewer> {
    const subject = await this.tokens.verify(token);
    if ("userId" in subject) {
      const row = await this.userRows.load(subject.userId);
      if (!row) throw new DomainError("UNAUTHENTICATED", t("auth.accountGone"));
      const user = entityFromRow(this.dataSource, User, row);
      return { kind: "user", user, ...rightsOf(row) };
    }
    const user = await this.dataSource.getRepository(User).findOneBy({ email: subject.email });
    if (!user) throw new DomainError("UNAUTHENTICATED", t("auth.accountGone"));
    return this.viewerOf(user);
  }

  private async keyViewer(credential: string): Promise<Viewer> {
    const parts = parseApiKey(credential);
    if (!parts) throw new DomainError("UNAUTHENTICATED", t("auth.keyMalformed"));
    const row = await this.keyRows.load(parts.publicId);
    const key = row && entityFromRow(this.dataSource, ApiKey, row);
    if (!row || !key || !secretMatches(parts.secret, key.secretHash)) throw new DomainError("UNAUTHENTICATED", t("auth.keyInvalid"));
    if (key.revokedAt) throw new DomainError("UNAUTHENTICATED", t("auth.keyRevoked"));
    const now = new Date();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.dataSource.getRepository(ApiKey).update({ id: key.id, lastUsedAt: key.lastUsedAt ? LessThan(new Date(now.getTime() - LAST_USED_RESOLUTION_MS)) : IsNull() }, { lastUsedAt: now });
      key.lastUsedAt = now;
    }
    return { kind: "apiKey", key, verified: row.organization_verified ? new Set([key.organizationId]) : new Set() };
  }
}
