import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { RequestMediationReferral } from "../../entities/community/request-mediation-referral";
import { ResidentRequest } from "../../entities/community/resident-request";
import { Organization } from "../../entities/organization";
import type { Context } from "../../schema/context";
import { inputKeyOf, toGlobalId } from "../../schema/global-id";
import { ReferResidentRequestToMediationInput, ReferResidentRequestToMediationPayload } from "../../schema/community/key-household.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";

@Resolver(() => ResidentRequest)
export class RequestReferralResolver {
  @Mutation(() => ReferResidentRequestToMediationPayload, {
    description:
      "Refers an accepted neighbourhood-dispute or property-management request to a people's mediation committee: a mediation case in APPLIED, with the requester as applicant if they consented to the committee. COORDINATOR of the handler; not API keys. Refuses other categories, organisations that are not mediation committees, and requests already referred.",
  })
  referResidentRequestToMediation(@Arg("input", () => ReferResidentRequestToMediationInput, { description: "What `referResidentRequestToMediation` needs; each field is described on the input type." }) input: ReferResidentRequestToMediationInput, @Ctx() { services, viewer }: Context) {
    const target = () => ({
      requestId: inputKeyOf(input.requestId, "ResidentRequest", "requestId"),
      committeeId: inputKeyOf(input.committeeId, "Organization", "committeeId"),
      respondents: (input.respondents ?? []).map((party, index) => ({
        personId: party?.personId ? inputKeyOf(party.personId, "Person", `respondents.${index}.personId`) : null,
        organizationId: party?.organizationId ? inputKeyOf(party.organizationId, "Organization", `respondents.${index}.organizationId`) : null,
      })),
    });
    return payloadOf("request", async () => {
      const { requestId, committeeId, respondents } = target();
      return services.referrals.refer(viewer, acting(input.actingOrganizationId), requestId, committeeId, respondents);
    });
  }

  @FieldResolver(() => RequestMediationReferral, { nullable: true, description: "Where it was referred for people's mediation, if it was." })
  mediationReferral(@Root() request: ResidentRequest, @Ctx() { loaders }: Context): Promise<RequestMediationReferral | null> {
    return loaders.mediationReferralOfRequest.load(request.id);
  }
}

@Resolver(() => RequestMediationReferral)
export class RequestMediationReferralResolver {
  @FieldResolver(() => Organization, { description: "The people's mediation committee it went to." })
  committee(@Root() referral: RequestMediationReferral, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(referral.committeeId);
  }

  @FieldResolver(() => ID, { description: "The mediation case it became: read by the committee's admins, its mediators and its parties (mediationCase)." })
  mediationCaseId(@Root() referral: RequestMediationReferral): string {
    return toGlobalId("MediationCase", referral.caseId);
  }
}
