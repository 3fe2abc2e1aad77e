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
registerEnumType(OrganizationOrderField, {
  name: "OrganizationOrderField",
  description: "What organisations can be ordered by.",
  valuesConfig: {
    NAME: { description: "The organisation's name." },
    CREATED_AT: { description: "When the organisation was registered." },
  },
});

@InputType("OrganizationOrder", { description: "How to order organisations." })
export class OrganizationOrder {
  @Field(() => OrganizationOrderField, { defaultValue: OrganizationOrderField.NAME, description: "The field to order by; NAME when omitted." })
  field: OrganizationOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC, description: "ASC or DESC; ASC when omitted." })
  direction: OrderDirection;
}

@InputType("OrganizationFilter", { description: "Which organisations `organizations` lists." })
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
  @Field(() => OrganizationKind, { description: "What kind of organisation it is." })
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

  @Field(() => String, { nullable: true, description: "The organisation's address; up to 300 characters." })
  address?: string | null;

  @Field(() => Float, { nullable: true, description: "-90 to 90; give with longitude." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "-180 to 180; give with latitude." })
  longitude?: number | null;

  @Field(() => String, { nullable: true, description: "A telephone number (digits, spaces, brackets and hyphens, optionally a leading +); shown to members only." })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "An http:// or https:// address." })
  website?: string | null;
}

@InputType("UpdateOrganizationInput", { description: "Fields left out stay as they are; null clears an optional field." })
export class UpdateOrganizationInput extends MutationInput {
  @Field(() => ID, { description: "The UpdateOrganizationInput's opaque global ID, for `node(id:)`." })
  id: string;

  @Field(() => OrganizationKind, { nullable: true, description: "What kind of organisation it is; unchanged when omitted." })
  kind?: OrganizationKind | null;

  @Field(() => String, { nullable: true, description: "1 to 200 characters; unchanged when omitted." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "Unique; lowercase letters, digits and single hyphens; up to 64 characters; unchanged when omitted." })
  slug?: string | null;

  @Field(() => String, { nullable: true, description: "Up to 5,000 characters; unchanged when omitted." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the area the organisation belongs to; unchanged when omitted." })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Asks to belong to this organisation: the link waits for its admins' answer, unless you are one of them. null detaches the organisation from its parent (and withdraws a request) at once." })
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: "The organisation's address; unchanged when omitted." })
  address?: string | null;

  @Field(() => Float, { nullable: true, description: "-90 to 90, given with longitude; unchanged when omitted." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "-180 to 180, given with latitude; unchanged when omitted." })
  longitude?: number | null;

  @Field(() => String, { nullable: true, description: "A telephone number; unchanged when omitted." })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "An http:// or https:// address; unchanged when omitted." })
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
