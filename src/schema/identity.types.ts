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

@ObjectType("SignInPayload", { simpleResolvers: true })
export class SignInPayload {
  @Field(() => String, { nullable: true, description: "Send as `Authorization: Bearer <token>`." })
  token: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt: Date | null;

  @Field(() => User, { nullable: true })
  user: User | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@ObjectType("CreateApiKeyPayload", { simpleResolvers: true })
export class CreateApiKeyPayload {
  @Field(() => ApiKey, { nullable: true })
  apiKey: ApiKey | null;

  @Field(() => String, { nullable: true, description: "The key itself, shown this once: store it now. Send as `Authorization: Bearer <key>`." })
  secret: string | null;

  @Field(() => [UserError])
  userErrors: UserError[];
}

@InputType("SignUpInput")
export class SignUpInput extends MutationInput {
  @Field(() => String)
  email: string;

  @Field(() => String)
  displayName: string;

  @Field(() => String, { description: "10 to 200 characters." })
  password: string;
}

@InputType("SignInInput")
export class SignInInput extends MutationInput {
  @Field(() => String)
  email: string;

  @Field(() => String)
  password: string;
}

@InputType("AddMemberInput")
export class AddMemberInput extends MutationInput {
  @Field(() => ID, { description: "The organisation; you must be its ADMIN (OWNER to add an owner)." })
  actingOrganizationId: string;

  @Field(() => String, { description: "The email of an existing account." })
  email: string;

  @Field(() => MemberRole)
  role: MemberRole;
}

@InputType("ChangeMemberRoleInput")
export class ChangeMemberRoleInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  userId: string;

  @Field(() => MemberRole)
  role: MemberRole;
}

@InputType("RemoveMemberInput")
export class RemoveMemberInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  userId: string;
}

@InputType("CreateApiKeyInput")
export class CreateApiKeyInput extends MutationInput {
  @Field(() => ID, { description: "The organisation the key acts for; you must be its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { description: "What the key is for, e.g. 街道數據大屏." })
  name: string;

  @Field(() => [ApiKeyScope])
  scopes: ApiKeyScope[];
}

@InputType("RevokeApiKeyInput")
export class RevokeApiKeyInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  apiKeyId: string;
}
