import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Organization, VerificationStatus } from "../entities/organization";
import { MutationInput } from "./mutation-input";
import { Payload } from "./user-error";

@ObjectType("OrganizationVerification", { simpleResolvers: true, description: "Whether someone who may vouch for the organisation has confirmed who it is." })
export class OrganizationVerification {
  @Field(() => VerificationStatus, { description: "Whether the organisation is verified; `verifiedBy` says who vouched for it." })
  status: VerificationStatus;

  /** Resolved to `verifiedBy` through the request's loaders. */
  verifiedById: string | null;

  @Field(() => Date, { nullable: true, description: "When it was verified; null while unverified." })
  verifiedAt: Date | null;

  @Field(() => String, { nullable: true, description: "The note given with the last verification or revocation." })
  note: string | null;
}

@InputType("VerifyOrganizationInput", { description: "What `verifyOrganization` takes." })
export class VerifyOrganizationInput extends MutationInput {
  @Field(() => ID, { description: "The verified organisation that vouches; you act as one of its admins." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The organisation vouched for." })
  organizationId: string;

  @Field(() => String, { nullable: true, description: "How it was checked, up to 1,000 characters." })
  note?: string | null;
}

@InputType("RevokeVerificationInput", { description: "What `revokeVerification` takes." })
export class RevokeVerificationInput extends MutationInput {
  @Field(() => ID, { description: "A verified organisation that may vouch for the other; you act as one of its admins." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The organisation whose verification ends." })
  organizationId: string;

  @Field(() => String, { nullable: true, description: "Why, up to 1,000 characters." })
  note?: string | null;
}

export const VerifyOrganizationPayload = Payload("VerifyOrganizationPayload", "organization", Organization);
export const RevokeVerificationPayload = Payload("RevokeVerificationPayload", "organization", Organization);
