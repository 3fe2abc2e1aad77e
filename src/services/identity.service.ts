import { randomUUID } from "node:crypto";
import { DataSource, EntityManager } from "typeorm";
import { newApiKeySecret } from "../auth/api-key-secret";
import { hashPassword, UNKNOWN_USER_HASH, verifyPassword } from "../auth/passwords";
import { actFor, canAdminister, REQUIRE } from "../auth/policy";
import { canSeeMembersOf } from "../auth/read-policy";
import { Tokens } from "../auth/tokens";
import type { Actor, Viewer } from "../auth/viewer";
import { KeysetPager, Page, PageArgs, Sort } from "../db/keyset-page";
import type { Loaders } from "../loaders";
import { ApiKey, ApiKeyScope } from "../entities/api-key";
import { AuditEntry } from "../entities/audit-entry";
import { Membership, MemberRole } from "../entities/membership";
import { User } from "../entities/user";
import { t } from "../i18n/text";
import { audit, snapshot } from "./audit";
import { InputCheck, UserErrorCode } from "./errors";
import { inTransaction, refuse, requireFields, text } from "./input-rules";
import type { IdentityThrottle } from "./identity-throttle";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NEWEST_FIRST: Sort = { name: "OCCURRED_AT", property: "occurredAt", kind: "timestamp", direction: "DESC" };

export interface SignUpFields {
  email?: string | null;
  displayName?: string | null;
  password?: string | null;
}

export class IdentityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: Tokens,
    private readonly throttle: IdentityThrottle,
  ) {}

  /** The account, to the person who holds it only; null for everyone else. */
  findUser(viewer: Viewer, id: string): User | null {
    return viewer.kind === "user" && viewer.user.id === id ? viewer.user : null;
  }

  /** Who may act for the organisation, for the people who belong to it; empty for everyone else. */
  membersOf(viewer: Viewer, loaders: Pick<Loaders, "membershipsOfOrganization">, organizationId: string): Promise<Membership[]> | Membership[] {
    return canSeeMembersOf(viewer, organizationId) ? loaders.membershipsOfOrganization.load(organizationId) : [];
  }

  /** The organisation's API keys, revoked ones too, for its admins; empty for everyone else. */
  apiKeysOf(viewer: Viewer, loaders: Pick<Loaders, "apiKeysOfOrganization">, organizationId: string): Promise<ApiKey[]> | ApiKey[] {
    return canAdminister(viewer, organizationId) ? loaders.apiKeysOfOrganization.load(organizationId) : [];
  }

  /** The API key, for its organisation's admins; null for everyone else. */
  async findApiKey(viewer: Viewer, loaders: Pick<Loaders, "apiKey">, id: string): Promise<ApiKey | null> {
    const apiKey = await loaders.apiKey.load(id);
    return apiKey && canAdminister(viewer, apiKey.organizationId) ? apiKey : null;
  }

  /**
   * A new account; it acts for no organisation until an admin adds it or it registers one. An email
   * that has an account gets the answer a new one would (an account that is not saved), so sign-up
   * tells no one who has an account; that account is left as it was, and nobody is signed in.
   */
  async signUp(fields: SignUpFields, client: string): Promise<User> {
    const check = new InputCheck();
    requireFields(check, fields, ["email", "displayName", "password"], true);
    const email = text(check, "email", fields.email, 254, true)?.toLowerCase();
    if (email && !EMAIL.test(email)) check.add("email", UserErrorCode.INVALID, t("account.emailInvalid"));
    const displayName = text(check, "displayName", fields.displayName, 100, true);
    const password = fields.password ?? "";
    if (fields.password != null && (password.length < 10 || password.length > 200)) {
      check.add("password", UserErrorCode.OUT_OF_RANGE, t("account.passwordLength"));
    }
    check.throwIfAny();
    await this.throttle.signUp(client);
    const passwordHash = await hashPassword(password);
    const users = this.dataSource.getRepository(User);
    if (await users.existsBy({ email: email! })) {
      // Through inTransaction all the same: its idempotency key is recorded as a new account's would be, so a retry answers alike too.
      return inTransaction(this.dataSource, async () => users.create({ id: randomUUID(), email: email!, displayName: displayName!, createdAt: new Date() }));
    }
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const user = await manager.save(manager.create(User, { email: email!, displayName: displayName!, passwordHash }));
        await audit(manager, { organizationId: null, userId: user.id, apiKeyId: null }, { action: "signUp", entityType: "User", entityId: user.id, before: null, after: user });
        return user;
      },
      // Only two sign-ups of one new email at the same moment meet here.
      { constraint: "app_user_email_key", field: "email", text: t("account.emailTaken") },
    );
  }

  /** A short-lived token. Wrong email and wrong password get the same answer, in the same time. */
  async signIn(email: string, password: string, client: string): Promise<{ token: string; expiresAt: Date; user: User }> {
    const normalised = email.trim().toLowerCase();
    await this.throttle.signIn(normalised, client);
    const user = await this.dataSource.getRepository(User).findOneBy({ email: normalised });
    const valid = await verifyPassword(password, user?.passwordHash ?? UNKNOWN_USER_HASH);
    if (!user || !valid) refuse("password", UserErrorCode.INVALID, t("account.wrongCredentials"));
    await this.throttle.signedIn(normalised, client);
    return { ...(await this.tokens.issue(user.id)), user };
  }

  /**
   * Adds the account with this email. Its admins learn whether an email has an account (they need to,
   * to ask the person to sign up), at the pace of IdentityThrottle's look-ups, hit or miss alike.
   */
  async addMember(viewer: Viewer, organizationId: string, email: string, role: MemberRole): Promise<Membership> {
    const actor = actFor(viewer, organizationId, REQUIRE.administration);
    requireOwnerFor(viewer, organizationId, role);
    await this.throttle.lookup(actor.userId ? `user:${actor.userId}` : `key:${actor.apiKeyId}`);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const user = await manager.findOneBy(User, { email: email.trim().toLowerCase() });
        if (!user) refuse("email", UserErrorCode.NOT_FOUND, t("member.noAccount"));
        const membership = await manager.save(manager.create(Membership, { userId: user.id, organizationId, role }));
        await auditMembership(manager, actor, "addMember", null, membership);
        return membership;
      },
      { constraint: "membership_once_per_organization", field: "email", text: t("member.alreadyMember") },
    );
  }

  async changeMemberRole(viewer: Viewer, organizationId: string, userId: string, role: MemberRole): Promise<Membership> {
    const actor = actFor(viewer, organizationId, REQUIRE.administration);
    return inTransaction(this.dataSource, async (manager) => {
      const membership = await lockMembership(manager, organizationId, userId);
      requireOwnerFor(viewer, organizationId, membership.role, role);
      if (membership.role === MemberRole.OWNER && role !== MemberRole.OWNER) await requireAnotherOwner(manager, organizationId);
      const before = snapshot(membership);
      membership.role = role;
      const saved = await manager.save(membership);
      await auditMembership(manager, actor, "changeMemberRole", before, saved);
      return saved;
    });
  }

  async removeMember(viewer: Viewer, organizationId: string, userId: string): Promise<Membership> {
    const actor = actFor(viewer, organizationId, REQUIRE.administration);
    return inTransaction(this.dataSource, async (manager) => {
      const membership = await lockMembership(manager, organizationId, userId);
      requireOwnerFor(viewer, organizationId, membership.role);
      if (membership.role === MemberRole.OWNER) await requireAnotherOwner(manager, organizationId);
      const before = snapshot(membership);
      await manager.delete(Membership, { id: membership.id });
      await auditMembership(manager, actor, "removeMember", before, null, membership.id);
      return membership;
    });
  }

  /** A new key; its plaintext is returned this once and never stored. */
  async createApiKey(viewer: Viewer, organizationId: string, name: string, scopes: ApiKeyScope[]): Promise<{ apiKey: ApiKey; secret: string }> {
    const actor = actFor(viewer, organizationId, REQUIRE.administration);
    const check = new InputCheck();
    const keyName = text(check, "name", name, 100, true);
    if (scopes.length === 0) check.add("scopes", UserErrorCode.REQUIRED, t("apiKey.scopeRequired"));
    check.throwIfAny();
    return inTransaction(this.dataSource, async (manager) => {
      const { plaintext, publicId, secretHash } = newApiKeySecret();
      const apiKey = await manager.save(
        manager.create(ApiKey, { publicId, secretHash, organizationId, name: keyName!, scopes: [...new Set(scopes)], createdByUserId: actor.userId }),
      );
      await audit(manager, actor, { action: "createApiKey", entityType: "ApiKey", entityId: apiKey.id, before: null, after: apiKey });
      return { apiKey, secret: plaintext };
    });
  }

  async revokeApiKey(viewer: Viewer, organizationId: string, apiKeyId: string): Promise<ApiKey> {
    const actor = actFor(viewer, organizationId, REQUIRE.administration);
    return inTransaction(this.dataSource, async (manager) => {
      const apiKey = await manager.findOne(ApiKey, { where: { id: apiKeyId, organizationId }, lock: { mode: "pessimistic_write" } });
      if (!apiKey) refuse("apiKeyId", UserErrorCode.NOT_FOUND, t("apiKey.notFound"));
      if (apiKey.revokedAt) refuse("apiKeyId", UserErrorCode.INVALID_TRANSITION, t("apiKey.alreadyRevoked"));
      const before = snapshot(apiKey);
      apiKey.revokedAt = new Date();
      const saved = await manager.save(apiKey);
      await audit(manager, actor, { action: "revokeApiKey", entityType: "ApiKey", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

  /** The organisation's audit log, newest first; for its admins. */
  async auditLog(viewer: Viewer, organizationId: string, args: PageArgs): Promise<Page<AuditEntry>> {
    actFor(viewer, organizationId, REQUIRE.administration);
    const query = this.dataSource.getRepository(AuditEntry).createQueryBuilder("entry").where(`"entry"."organization_id" = :organizationId`, { organizationId });
    return new KeysetPager(this.dataSource.getRepository(AuditEntry)).page(query, NEWEST_FIRST, args);
  }
}

/** Only owners appoint, demote or remove owners. */
function requireOwnerFor(viewer: Viewer, organizationId: string, ...roles: MemberRole[]): void {
  if (roles.includes(MemberRole.OWNER)) actFor(viewer, organizationId, { role: MemberRole.OWNER });
}

async function lockMembership(manager: EntityManager, organizationId: string, userId: string): Promise<Membership> {
  const membership = await manager.findOne(Membership, { where: { organizationId, userId }, lock: { mode: "pessimistic_write" } });
  if (!membership) refuse("userId", UserErrorCode.NOT_FOUND, t("member.notFound"));
  return membership;
}

/** An organisation always keeps an owner; the owners' rows are locked so two removals cannot both pass. */
async function requireAnotherOwner(manager: EntityManager, organizationId: string): Promise<void> {
  const owners = await manager.find(Membership, { where: { organizationId, role: MemberRole.OWNER }, lock: { mode: "pessimistic_write" } });
  if (owners.length <= 1) refuse("userId", UserErrorCode.INVALID_TRANSITION, t("member.lastOwner"));
}

function auditMembership(manager: EntityManager, actor: Actor, action: string, before: Record<string, unknown> | null, after: Membership | null, id?: string): Promise<void> {
  return audit(manager, actor, { action, entityType: "Membership", entityId: after?.id ?? id!, before, after });
}

