import { Ctx, FieldResolver, ID, Resolver, Root } from "type-graphql";
import { Organization } from "../entities/organization";
import { Partnership } from "../entities/partnership";
import { Project } from "../entities/project";
import type { Context } from "../schema/context";
import { toGlobalId } from "../schema/global-id";

@Resolver(() => Partnership)
export class PartnershipResolver {
  @FieldResolver(() => ID, { description: "The Partnership's opaque global ID, for `node(id:)`." })
  id(@Root() partnership: Partnership): string {
    return toGlobalId("Partnership", partnership.id);
  }

  @FieldResolver(() => Project, { description: "The project it takes part in." })
  project(@Root() partnership: Partnership, @Ctx() { loaders }: Context): Promise<Project | null> {
    return loaders.project.load(partnership.projectId);
  }

  @FieldResolver(() => Organization, { description: "The organisation taking part." })
  organization(@Root() partnership: Partnership, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(partnership.organizationId);
  }
}
