import { Field, Float, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Organization, OrganizationKind } from "../entities/organization";
import { Connection, OrderDirection } from "./connection";
import { Payload, UserError } from "./user-error";
import { MutationInput } from "./mutation-input";

export const OrganizationConnection = Connection("Organization", Organization);
export type OrganizationConnection = InstanceType<typeof OrganizationConnection>;

export enum OrganizationOrderField {
  NAME = "NAME",
  CREATED_AT = "CREATED_AT",
}
registerEnumType(OrganizationOrderField, { name: "OrganizationOrderField" });

@InputType("OrganizationOrder")
export class OrganizationOrder {
  @Field(() => OrganizationOrderField, { defaultValue: OrganizationOrderField.NAME })
  field: OrganizationOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC })
  direction: OrderDirection;
}

@InputType("OrganizationFilter")
export class OrganizationFilterInput {
  @Field(() => [OrganizationKind], { nullable: true, description: "Any of these kinds." })
  kinds?: OrganizationKind[] | null;

  @Field(() => String, { nullable: true, description: "Organisations in this area or any area below it." })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Direct children of this organisation." })
  parentId?: string | null;

  @Field(() => ID, { nullable: true, description: "Organisations asking to belong to this one, waiting for its admins' answer (answerParentRequest)." })
  requestedParentId?: string | null;

  @Field(() => String, { nullable: true, description: "Text anywhere in the name or description, ignoring case and whether Chinese is written in Simplified or Traditional characters." })
  search?: string | null;
}

@InputType("CreateOrganizationInput", { description: "What `createOrganization` takes." })
export class CreateOrganizationInput extends MutationInput {
  @Field(() => OrganizationKind)
  kind: OrganizationKind;

  @Field(() => String, { description: "1 to 200 characters." })
  name: string;

  @Field(() => String, { description: "Unique; lowercase letters, digits and single hyphens; up to 64 characters." })
  slug: string;

  @Field(() => String, { nullable: true, description: "Up to 5,000 characters." })
  description?: string | null;

  @Field(() => String, { description: "Code of the area the organisation belongs to." })
  areaCode: string;

  @Field(() => ID, { nullable: true, description: "Asks to belong to this organisation: the link waits for its admins' answer, unless you are one of them." })
  parentId?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => Float, { nullable: true, description: "-90 to 90; give with longitude." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "-180 to 180; give with latitude." })
  longitude?: number | null;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "An http:// or https:// address." })
  website?: string | null;
}

@InputType("UpdateOrganizationInput", { description: "Fields left out stay as they are; null clears an optional field." })
export class UpdateOrganizationInput extends MutationInput {
  @Field(() => ID, { description: "The UpdateOrganizationInput's opaque global ID, for `node(id:)`." })
  id: string;

  @Field(() => OrganizationKind, { nullable: true })
  kind?: OrganizationKind | null;

  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  slug?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Asks to belong to this organisation: the link waits for its admins' answer, unless you are one of them. null detaches the organisation from its parent (and withdraws a request) at once." })
  parentId?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;

  @Field(() => String, { nullable: true })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true })
  website?: string | null;
}

@ObjectType("CreateOrganizationPayload", { simpleResolvers: true, description: "What `createOrganization` answers: the result, or the userErrors that stopped it." })
export class CreateOrganizationPayload {
  @Field(() => Organization, { nullable: true, description: "The new organisation; null when userErrors is not empty." })
  organization: Organization | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@ObjectType("UpdateOrganizationPayload", { simpleResolvers: true, description: "What `updateOrganization` answers: the result, or the userErrors that stopped it." })
export class UpdateOrganizationPayload {
  @Field(() => Organization, { nullable: true, description: "The organisation as saved; null when userErrors is not empty." })
  organization: Organization | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@InputType("AnswerParentRequestInput", { description: "What `answerParentRequest` takes." })
export class AnswerParentRequestInput extends MutationInput {
  @Field(() => ID, { description: "The organisation asked to be the parent; you act as one of its admins." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The organisation that asked to belong to it." })
  organizationId: string;

  @Field(() => Boolean, { description: "true links it as a child; false refuses the request." })
  accept: boolean;
}

export const AnswerParentRequestPayload = Payload("AnswerParentRequestPayload", "organization", Organization);
