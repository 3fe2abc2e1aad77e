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
  @Field(() => User)
  user: User;

  @Field(() => [Membership])
  memberships: Membership[];
}

@ObjectType("SignInPayload", { simpleResolvers: true, description: "What `signIn` answers: the result, or the userErrors that stopped it." })
export class SignInPayload {
  @Field(() => String, { nullable: true, description: "Send as `Authorization: Bearer <token>`." })
  token: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;

  @Field(() => User, { nullable: true })
  user: User | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@ObjectType("CreateApiKeyPayload", { simpleResolvers: true, description: "What `createApiKey` answers: the result, or the userErrors that stopped it." })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey: ApiKey | null;

  @Field(() => String, { nullable: true, description: "The key itself, shown this once: store it now. Send as `Authorization: Bearer <key>`." })
  secret: string | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@InputType("SignUpInput", { description: "What `signUp` takes." })
export class SignUpInput extends MutationInput {
  @Field(() => String)
  email: string;

  @Field(() => String)
  displayName: string;

  @Field(() => String, { description: "10 to 200 characters." })
  password: string;
}

@InputType("SignInInput", { description: "What `signIn` takes." })
export class SignInInput extends MutationInput {
  @Field(() => String)
  email: string;

  @Field(() => String)
  password: string;
}

@InputType("AddMemberInput", { description: "What `addMember` takes." })
export class AddMemberInput extends MutationInput {
  @Field(() => ID, { description: "The organisation; you must be its ADMIN (OWNER to add an owner)." })
  actingOrganizationId: string;

  @Field(() => String, { description: "The email of an existing account." })
  email: string;

  @Field(() => MemberRole)
  role: MemberRole;
}

@InputType("ChangeMemberRoleInput", { description: "What `changeMemberRole` takes." })
export class ChangeMemberRoleInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  userId: string;

  @Field(() => MemberRole)
  role: MemberRole;
}

@InputType("RemoveMemberInput", { description: "What `removeMember` takes." })
export class RemoveMemberInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  userId: string;
}

@InputType("CreateApiKeyInput", { description: "What `createApiKey` takes." })
export class CreateApiKeyInput extends MutationInput {
  @Field(() => ID, { description: "The organisation the key acts for; you must be its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { description: "What the key is for, e.g. 街道數據大屏." })
  name: string;

  @Field(() => [ApiKeyScope])
  scopes: ApiKeyScope[];
}

@InputType("RevokeApiKeyInput", { description: "What `revokeApiKey` takes." })
export class RevokeApiKeyInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  apiKeyId: string;
}
