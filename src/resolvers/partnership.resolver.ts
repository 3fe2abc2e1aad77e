import type { GraphQLResolveInfo } from "graphql";
import { Ctx, FieldResolver, ID, Info, Resolver, Root } from "type-graphql";
import { Organization } from "../entities/organization";
import { Partnership } from "../entities/partnership";
import { Project } from "../entities/project";
import type { Context } from "../schema/context";
import { toGlobalId } from "../schema/global-id";

@Resolver(() => Partnership)
export class PartnershipResolver {
  @FieldResolver(() => ID)
  id(@Root() partnership: Partnership): string {
    return toGlobalId("Partnership", partnership.id);
  }

  @FieldResolver(() => Project)
  project(@Root() partnership: Partnership, @Ctx() { loaders }: Context): Promise<Project | null> {
    return loaders.project.load(partnership.projectId);
  }

  @FieldResolver(() => Organization)
  organization(@Root() partnership: Partnership, @Ctx() { loaders }: Context, @Info() info: GraphQLResolveInfo): Promise<Organization | null> | Organization | null {
    return loaders.planned.or(partnership, info, () => loaders.organization.load(partnership.organizationId));
  }
}
