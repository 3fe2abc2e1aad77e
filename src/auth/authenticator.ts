import { DataSource, IsNull, LessThan } from "typeorm";
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
    if (authorization === undefined || authorization === null || authorization === "") return ANONYMOUS;
    const match = typeof authorization === "string" ? /^Bearer\s+(.+)$/i.exec(authorization.trim()) : null;
    if (!match) throw new DomainError("UNAUTHENTICATED", t("auth.credentialsFormat"));
    const credential = match[1];
    // A key pasted with a space in it is still recognisably a key, and gets the key's message.
    if (looksLikeApiKey(credential)) return this.keyViewer(credential);
    if (/\s/.test(credential)) throw new DomainError("UNAUTHENTICATED", t("auth.credentialsFormat"));
    return this.userViewer(credential);
  }

  /** The viewer of a user, with the roles they hold. */
  async viewerOf(user: User): Promise<Viewer> {
    const memberships = await this.dataSource.getRepository(Membership).findBy({ userId: user.id });
    return { kind: "user", user, memberships: new Map<string, MemberRole>(memberships.map((m) => [m.organizationId, m.role])) };
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
