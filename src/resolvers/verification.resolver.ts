import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { Organization } from "../entities/organization";
import type { Context } from "../schema/context";
import { inputKeyOf } from "../schema/global-id";
import { payloadOf } from "../schema/user-error";
import { OrganizationVerification, RevokeVerificationInput, RevokeVerificationPayload, VerifyOrganizationInput, VerifyOrganizationPayload } from "../schema/verification.types";
import { acting } from "./project.resolver";

@Resolver(() => Organization)
export class OrganizationVerificationResolver {
  @FieldResolver(() => OrganizationVerification, { description: "Whether an organisation that may vouch for it, or the operator, has verified it. Public." })
  verification(@Root() organization: Organization): OrganizationVerification {
    return {
      status: organization.verificationStatus,
      verifiedById: organization.verifiedById,
      verifiedAt: organization.verifiedAt,
      note: organization.verificationNote,
    };
  }
}

@Resolver(() => OrganizationVerification)
export class VerificationResolver {
  @FieldResolver(() => Organization, { nullable: true, description: "The organisation that vouched; null while unverified, and when the operator verified it." })
  verifiedBy(@Root() verification: OrganizationVerification, @Ctx() { loaders }: Context): Promise<Organization | null> | null {
    return verification.verifiedById ? loaders.organization.load(verification.verifiedById) : null;
  }

  @Mutation(() => VerifyOrganizationPayload, {
    description: "Vouches for an organisation: by an ADMIN of a verified organisation that may vouch for it (README, Verification).",
  })
  verifyOrganization(@Arg("input", () => VerifyOrganizationInput, { description: "What `verifyOrganization` needs; each field is described on the input type." }) input: VerifyOrganizationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("organization", () =>
      services.verification.verify(viewer, acting(input.actingOrganizationId), inputKeyOf(input.organizationId, "Organization", "organizationId"), input.note ?? null),
    );
  }

  @Mutation(() => RevokeVerificationPayload, {
    description: "Ends an organisation's verification: by an ADMIN of a verified organisation that may vouch for it.",
  })
  revokeVerification(@Arg("input", () => RevokeVerificationInput, { description: "What `revokeVerification` needs; each field is described on the input type." }) input: RevokeVerificationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("organization", () =>
      services.verification.revoke(viewer, acting(input.actingOrganizationId), inputKeyOf(input.organizationId, "Organization", "organizationId"), input.note ?? null),
    );
  }
}
