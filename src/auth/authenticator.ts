import { DataSource, IsNull, LessThan, Raw } from "typeorm";
import { decodeJwt } from "jose";
import { ApiKey } from "../entities/api-key";
import { Membership, MemberRole } from "../entities/membership";
import { User } from "../entities/user";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import { looksLikeApiKey, parseApiKey, secretMatches } from "./api-key-secret";
import { Tokens } from "./tokens";
import { ANONYMOUS, Viewer } from "./viewer";

// A key's last use is written at most this often, not on every request.
const LAST_USED_RESOLUTION_MS = 60_000;

/** Turns the credentials of a request (an Authorization header or a WebSocket parameter) into a viewer. */
export class Authenticator {
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
    return (await this.viewersOf([user]))[0];
  }

  /**
   * Each viewer as its credentials stand now, in the same order: null for a revoked key or an account
   * gone. A fixed number of queries however many viewers: live connections are checked with it.
   */
  async current(viewers: readonly Viewer[]): Promise<(Viewer | null)[]> {
    const userIds = new Set<string>();
    const keyIds = new Set<string>();
    for (const viewer of viewers) {
      if (viewer.kind === "user") userIds.add(viewer.user.id);
      else if (viewer.kind === "apiKey") keyIds.add(viewer.key.id);
    }
    const [users, keys] = await Promise.all([
      userIds.size ? this.dataSource.getRepository(User).findBy({ id: anyOf([...userIds]) }) : [],
      keyIds.size ? this.dataSource.getRepository(ApiKey).findBy({ id: anyOf([...keyIds]) }) : [],
    ]);
    const userViewers = new Map((await this.viewersOf(users)).map((viewer, index) => [users[index].id, viewer]));
    const keyViewers = new Map(keys.filter((key) => !key.revokedAt).map((key) => [key.id, { kind: "apiKey", key } as const]));
    return viewers.map((viewer) => {
      if (viewer.kind === "user") return userViewers.get(viewer.user.id) ?? null;
      if (viewer.kind === "apiKey") return keyViewers.get(viewer.key.id) ?? null;
      return viewer;
    });
  }

  /** Viewers of users with the roles they hold, in one query. */
  private async viewersOf(users: User[]): Promise<Viewer[]> {
    if (users.length === 0) return [];
    const memberships = await this.dataSource.getRepository(Membership).findBy({ userId: anyOf(users.map((user) => user.id)) });
    const roles = new Map(users.map((user) => [user.id, new Map<string, MemberRole>()]));
    for (const membership of memberships) roles.get(membership.userId)!.set(membership.organizationId, membership.role);
    return users.map((user) => ({ kind: "user", user, memberships: roles.get(user.id)! }));
  }

  private async userViewer(token: string): Promise<Viewer> {
    const subject = await this.tokens.verify(token);
    const users = this.dataSource.getRepository(User);
    const user = "userId" in subject ? await users.findOneBy({ id: subject.userId }) : await users.findOneBy({ email: subject.email });
    if (!user) throw new DomainError("UNAUTHENTICATED", t("auth.accountGone"));
    return this.viewerOf(user);
  }

  private async keyViewer(credential: string): Promise<Viewer> {
    const parts = parseApiKey(credential);
    if (!parts) throw new DomainError("UNAUTHENTICATED", t("auth.keyMalformed"));
    const keys = this.dataSource.getRepository(ApiKey);
    const key = await keys.findOneBy({ publicId: parts.publicId });
    if (!key || !secretMatches(parts.secret, key.secretHash)) throw new DomainError("UNAUTHENTICATED", t("auth.keyInvalid"));
    if (key.revokedAt) throw new DomainError("UNAUTHENTICATED", t("auth.keyRevoked"));
    const now = new Date();
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await keys.update({ id: key.id, lastUsedAt: key.lastUsedAt ? LessThan(new Date(now.getTime() - LAST_USED_RESOLUTION_MS)) : IsNull() }, { lastUsedAt: now });
      key.lastUsedAt = now;
    }
    return { kind: "apiKey", key };
  }
}

/** One array parameter however many ids, where `In` would send one parameter each. */
function anyOf(ids: string[]) {
  return Raw((column) => `${column} = ANY(CAST(:ids AS uuid[]))`, { ids });
}
