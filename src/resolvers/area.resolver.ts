import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { Area } from "../entities/area";
import { AreaConnection, AreaFilterInput } from "../schema/area.types";
import { ConnectionArgs, pageArgs } from "../schema/connection";
import type { Context } from "../schema/context";
import { toGlobalId } from "../schema/global-id";

@Resolver(() => Area)
export class AreaResolver {
  @Query(() => Area, { nullable: true, description: "The area with this division code." })
  area(@Arg("code", () => String, { description: "The area's hierarchical division code, e.g. 510104021001." }) code: string, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(code);
  }

  @Query(() => AreaConnection, { description: "Areas in code order (the tree, depth first)." })
  async areas(
    @Arg("filter", () => AreaFilterInput, { nullable: true, description: "Which areas to list; all when omitted." }) filter: AreaFilterInput | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services }: Context,
  ) {
    return AreaConnection.of(await services.areas.list(filter ?? {}, page));
  }

  @FieldResolver(() => ID, { description: "The Area's opaque global ID, for `node(id:)`." })
  id(@Root() area: Area): string {
    return toGlobalId("Area", area.id);
  }

  @FieldResolver(() => Area, { nullable: true, description: "The area one level up; null at the top." })
  parent(@Root() area: Area, @Ctx() { loaders }: Context): Promise<Area | null> | null {
    return area.parentCode ? loaders.areaByCode.load(area.parentCode) : null;
  }

  @FieldResolver(() => AreaConnection, { description: "Areas one level down, in code order." })
  async children(@Root() area: Area, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { loaders }: Context) {
    return AreaConnection.of(await loaders.areaChildren(pageArgs(page)).load(area.code));
  }
}

