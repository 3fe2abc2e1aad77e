import { Field, ID, InputType, ObjectType } from "type-graphql";
import { ApiKey, ApiKeyScope } from "../entities/api-key";
import { AuditEntry } from "../entities/audit-entry";
import { Membership, MemberRole } from "../entities/membership";
import { User } from "../entities/user";
import { Connection } from "./connection";
import { Payload, UserError } from "./user-error";
import { MutationInput } from "./mutation-input";

export const AuditEntryConnection = Connection("AuditEntry", AuditEntry);
export const MembershipPayload = Payload("MembershipPayload", "membership", Membership);
export const ApiKeyPayload = Payload("ApiKeyPayload", "apiKey", ApiKey);
export const SignUpPayload = Payload("SignUpPayload", "user", User);

@ObjectType("Me", { simpleResolvers: true, description: "The signed-in person and where they may act." })
export class Me {
  @Field(() => User, { description: "Your account." })
  user: User;

  @Field(() => [Membership], { description: "The organisations you belong to, with your role in each." })
  memberships: Membership[];
}

@ObjectType("SignInPayload", { simpleResolvers: true, description: "What `signIn` answers: the result, or the userErrors that stopped it." })
export class SignInPayload {
  @Field(() => String, { nullable: true, description: "Send as `Authorization: Bearer <token>`." })
  token: string | null;

  @Field(() => Date, { nullable: true, description: "When the token stops working (UTC, ISO 8601); null when userErrors is not empty." })
  expiresAt: Date | null;

  @Field(() => User, { nullable: true, description: "The signed-in account; null when userErrors is not empty." })
  user: User | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@ObjectType("CreateApiKeyPayload", { simpleResolvers: true, description: "What `createApiKey` answers: the result, or the userErrors that stopped it." })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true, description: "The new key; null when userErrors is not empty." })
  apiKey: ApiKey | null;

  @Field(() => String, { nullable: true, description: "The key itself, shown this once: store it now. Send as `Authorization: Bearer <key>`." })
  secret: string | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@InputType("SignUpInput", { description: "What `signUp` takes." })
export class SignUpInput extends MutationInput {
  @Field(() => String, { description: "Your email address; you sign in with it." })
  email: string;

  @Field(() => String, { description: "The name you show others." })
  displayName: string;

  @Field(() => String, { description: "10 to 200 characters." })
  password: string;
}

@InputType("SignInInput", { description: "What `signIn` takes." })
export class SignInInput extends MutationInput {
  @Field(() => String, { description: "The account's email address." })
  email: string;

  @Field(() => String, { description: "The account's password." })
  password: string;
}

@InputType("AddMemberInput", { description: "What `addMember` takes." })
export class AddMemberInput extends MutationInput {
  @Field(() => ID, { description: "The organisation; you must be its ADMIN (OWNER to add an owner)." })
  actingOrganizationId: string;

  @Field(() => String, { description: "The email of an existing account." })
  email: string;

  @Field(() => MemberRole, { description: "The role the person gets; only OWNERs may give OWNER." })
  role: MemberRole;
}

@InputType("ChangeMemberRoleInput", { description: "What `changeMemberRole` takes." })
export class ChangeMemberRoleInput extends MutationInput {
  @Field(() => ID, { description: "The organisation; you must be its ADMIN (OWNER to make or unmake an owner)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the member's user account." })
  userId: string;

  @Field(() => MemberRole, { description: "The new role." })
  role: MemberRole;
}

@InputType("RemoveMemberInput", { description: "What `removeMember` takes." })
export class RemoveMemberInput extends MutationInput {
  @Field(() => ID, { description: "The organisation; you must be its ADMIN (OWNER to remove an owner)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the member's user account." })
  userId: string;
}

@InputType("CreateApiKeyInput", { description: "What `createApiKey` takes." })
export class CreateApiKeyInput extends MutationInput {
  @Field(() => ID, { description: "The organisation the key acts for; you must be its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { description: "What the key is for, e.g. 街道數據大屏." })
  name: string;

  @Field(() => [ApiKeyScope], { description: "What the key may do; at least one." })
  scopes: ApiKeyScope[];
}

@InputType("RevokeApiKeyInput", { description: "What `revokeApiKey` takes." })
export class RevokeApiKeyInput extends MutationInput {
  @Field(() => ID, { description: "The organisation the key belongs to; you must be its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the key." })
  apiKeyId: string;
}
