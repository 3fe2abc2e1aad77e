import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { signedInUser } from "../auth/policy";
import { ApiKey } from "../entities/api-key";
import { AuditEntry } from "../entities/audit-entry";
import { Membership } from "../entities/membership";
import { Organization } from "../entities/organization";
import { User } from "../entities/user";
import { ConnectionArgs } from "../schema/connection";
import type { Context } from "../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../schema/global-id";
import {
  AddMemberInput,
  ApiKeyPayload,
  AuditEntryConnection,
  ChangeMemberRoleInput,
  CreateApiKeyInput,
  CreateApiKeyPayload,
  Me,
  MembershipPayload,
  RemoveMemberInput,
  RevokeApiKeyInput,
  SignInInput,
  SignInPayload,
  SignUpInput,
  SignUpPayload,
} from "../schema/identity.types";
import { payloadOf, withUserErrors } from "../schema/user-error";
import { acting } from "./project.resolver";

@Resolver()
export class IdentityResolver {
  @Query(() => Me, { description: "The signed-in person; an error for anonymous callers and API keys." })
  async me(@Ctx() { viewer, loaders }: Context): Promise<Me> {
    const { user } = signedInUser(viewer);
    return { user, memberships: await loaders.membershipsOfUser.load(user.id) };
  }

  @Query(() => AuditEntryConnection, { description: "Every change made for an organisation, newest first; for its admins." })
  async auditLog(@Arg("organizationId", () => ID, { description: "The global ID of the Organization." }) organizationId: string, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { services, viewer }: Context) {
    return AuditEntryConnection.of(await services.identity.auditLog(viewer, keyOf(organizationId, "Organization", "organizationId"), page));
  }

  @Mutation(() => SignUpPayload, { description: "Creates an account. It acts for no organisation until an admin adds it or it registers one." })
  signUp(@Arg("input", () => SignUpInput, { description: "What `signUp` needs; each field is described on the input type." }) input: SignUpInput, @Ctx() { services, client }: Context) {
    return payloadOf("user", () => services.identity.signUp(input, client));
  }

  @Mutation(() => SignInPayload, { description: "Exchanges an email and password for a short-lived token. Anyone may call it; a wrong email or password is refused alike (INVALID on password), and too many attempts for one email or from one client are refused with RATE_LIMITED and the seconds to wait." })
  async signIn(@Arg("input", () => SignInInput, { description: "What `signIn` needs; each field is described on the input type." }) input: SignInInput, @Ctx() { services, client }: Context): Promise<SignInPayload> {
    const { result, userErrors } = await withUserErrors(() => services.identity.signIn(input.email, input.password, client));
    return { token: result?.token ?? null, expiresAt: result?.expiresAt ?? null, user: result?.user ?? null, userErrors };
  }

  @Mutation(() => MembershipPayload, { description: "Adds the account with this email to the organisation with a role. For the organisation's ADMINs (only OWNERs may add an OWNER); refuses an email with no account (NOT_FOUND) and an existing member (TAKEN)." })
  addMember(@Arg("input", () => AddMemberInput, { description: "What `addMember` needs; each field is described on the input type." }) input: AddMemberInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("membership", () => services.identity.addMember(viewer, acting(input.actingOrganizationId), input.email, input.role));
  }

  @Mutation(() => MembershipPayload, { description: "Only owners make or unmake owners; the last owner stays." })
  changeMemberRole(@Arg("input", () => ChangeMemberRoleInput, { description: "What `changeMemberRole` needs; each field is described on the input type." }) input: ChangeMemberRoleInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("membership", () =>
      services.identity.changeMemberRole(viewer, acting(input.actingOrganizationId), inputKeyOf(input.userId, "User", "userId"), input.role),
    );
  }

  @Mutation(() => MembershipPayload, { description: "Returns the removed membership. The last owner cannot be removed." })
  removeMember(@Arg("input", () => RemoveMemberInput, { description: "What `removeMember` needs; each field is described on the input type." }) input: RemoveMemberInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("membership", () => services.identity.removeMember(viewer, acting(input.actingOrganizationId), inputKeyOf(input.userId, "User", "userId")));
  }

  @Mutation(() => CreateApiKeyPayload, { description: "Creates an API key acting for the organisation with the given scopes; its secret is answered this once and never stored. For the organisation's ADMINs; refuses a blank or over-long name and an empty scope list (REQUIRED)." })
  async createApiKey(@Arg("input", () => CreateApiKeyInput, { description: "What `createApiKey` needs; each field is described on the input type." }) input: CreateApiKeyInput, @Ctx() { services, viewer }: Context): Promise<CreateApiKeyPayload> {
    const { result, userErrors } = await withUserErrors(() => services.identity.createApiKey(viewer, acting(input.actingOrganizationId), input.name, input.scopes));
    return { apiKey: result?.apiKey ?? null, secret: result?.secret ?? null, userErrors };
  }

  @Mutation(() => ApiKeyPayload, { description: "Revokes one of the organisation's API keys; it stops working at once. For the organisation's ADMINs; refuses an unknown key (NOT_FOUND) and one already revoked (INVALID_TRANSITION)." })
  revokeApiKey(@Arg("input", () => RevokeApiKeyInput, { description: "What `revokeApiKey` needs; each field is described on the input type." }) input: RevokeApiKeyInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("apiKey", () => services.identity.revokeApiKey(viewer, acting(input.actingOrganizationId), inputKeyOf(input.apiKeyId, "ApiKey", "apiKeyId")));
  }
}

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => ID, { description: "The User's opaque global ID, for `node(id:)`." })
  id(@Root() user: User): string {
    return toGlobalId("User", user.id);
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Organization, { description: "The organisation the person belongs to." })
  organization(@Root() membership: Membership, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(membership.organizationId);
  }

  @FieldResolver(() => User, { description: "The member's account." })
  user(@Root() membership: Membership, @Ctx() { loaders }: Context): Promise<User | null> {
    return loaders.user.load(membership.userId);
  }
}

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @FieldResolver(() => ID, { description: "The ApiKey's opaque global ID, for `node(id:)`." })
  id(@Root() apiKey: ApiKey): string {
    return toGlobalId("ApiKey", apiKey.id);
  }
}

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @FieldResolver(() => User, { nullable: true, description: "The person who made the change, when a person did." })
  actorUser(@Root() entry: AuditEntry, @Ctx() { loaders }: Context): Promise<User | null> | null {
    return entry.actorUserId ? loaders.user.load(entry.actorUserId) : null;
  }

  @FieldResolver(() => ApiKey, { nullable: true, description: "The API key that made the change, when a key did." })
  actorApiKey(@Root() entry: AuditEntry, @Ctx() { loaders }: Context): Promise<ApiKey | null> | null {
    return entry.actorApiKeyId ? loaders.apiKey.load(entry.actorApiKeyId) : null;
  }

  @FieldResolver(() => String, { description: "The global ID of the changed object." })
  entityId(@Root() entry: AuditEntry): string {
    return toGlobalId(entry.entityType as never, entry.entityId);
  }
}
