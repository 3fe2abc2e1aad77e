import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { OfferedCapacity } from "../entities/offered-capacity";
import { Organization } from "../entities/organization";
import { DeclareCapacitiesInput, DeclareCapacitiesPayload } from "../schema/capacity.types";
import { ConnectionArgs, pageArgs } from "../schema/connection";
import type { Context } from "../schema/context";
import { ResourceNeedConnection } from "../schema/resource-need.types";
import { payloadOf } from "../schema/user-error";
import { acting } from "./project.resolver";

@Resolver(() => Organization)
export class OrganizationCapacityResolver {
  @Mutation(() => DeclareCapacitiesPayload, {
    description:
      "Replaces what the organisation says it can offer (categories, areas, how much), so coordinators find it and it finds needs to fill. " +
      "Its COORDINATOR or above, or its key with write:pledges. Refuses unknown areas, a category and area listed twice, a quantity without its unit, more than 20 lines.",
  })
  declareCapacities(@Arg("input", () => DeclareCapacitiesInput, { description: "What `declareCapacities` needs; each field is described on the input type." }) input: DeclareCapacitiesInput, @Ctx() { services, viewer, loaders }: Context) {
    return payloadOf("organization", async () => {
      const { organizationId } = await services.capacities.declare(viewer, acting(input.actingOrganizationId), input.capacities);
      loaders.offeredCapacities.clear(organizationId);
      return loaders.organization.load(organizationId);
    });
  }

  @FieldResolver(() => [OfferedCapacity], { description: "What the organisation says it can offer, in the order it declared it. Public." })
  capacities(@Root() organization: Organization, @Ctx() { loaders }: Context): Promise<OfferedCapacity[]> {
    return loaders.offeredCapacities.load(organization.id);
  }

  @FieldResolver(() => ResourceNeedConnection, {
    description:
      "Open needs (OPEN, PARTIALLY_PLEDGED) the caller may see that match one of the organisation's capacities: its category, in its area or an area inside it. " +
      "Not the organisation's own needs. Most urgent first.",
  })
  async needsItCouldFill(@Root() organization: Organization, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { services, viewer }: Context) {
    return ResourceNeedConnection.of(await services.capacities.needsItCouldFill(viewer, organization.id, pageArgs(page)));
  }
}
