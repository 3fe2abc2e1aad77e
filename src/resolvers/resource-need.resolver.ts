import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from "type-graphql";
import { Area } from "../entities/area";
import { Organization } from "../entities/organization";
import { PledgeStatus } from "../entities/pledge";
import { Project } from "../entities/project";
import { ResourceNeed } from "../entities/resource-need";
import { ResourceNeedStatusChange } from "../entities/resource-need-status-change";
import { ConnectionArgs, pageArgs } from "../schema/connection";
import type { Context } from "../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../schema/global-id";
import { PledgeConnection } from "../schema/pledge.types";
import {
  CancelNeedInput,
  NeedOrder,
  NeedOrderField,
  PostNeedInput,
  ResourceNeedConnection,
  ResourceNeedFilterInput,
  ResourceNeedPayload,
  UpdateNeedInput,
} from "../schema/resource-need.types";
import { payloadOf } from "../schema/user-error";
import { acting } from "./project.resolver";

@Resolver(() => ResourceNeed)
export class ResourceNeedResolver {
  @Query(() => ResourceNeed, { nullable: true, description: "One need by its global ID; null when it does not exist or belongs to a DRAFT project the viewer may not read." })
  async need(@Arg("id", () => ID, { description: "The global ID of the ResourceNeed." }) id: string, @Ctx() { loaders, services, viewer }: Context, @Info() info: GraphQLResolveInfo): Promise<ResourceNeed | null> {
    return services.needs.findVisible(viewer, loaders, keyOf(id, "ResourceNeed"), loaders.planned.rowsOf(info, "ResourceNeed"));
  }

  @Query(() => ResourceNeedConnection, { description: "Resource needs, most urgent first unless orderBy says otherwise." })
  async needs(
    @Arg("filter", () => ResourceNeedFilterInput, { nullable: true, description: "Which needs to list; all the viewer may read when omitted." }) filter: ResourceNeedFilterInput | null,
    @Arg("orderBy", () => NeedOrder, { nullable: true, description: "How to order them; most urgent first when omitted." }) orderBy: NeedOrder | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders, services, viewer }: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    const projectId = filter?.projectId != null ? keyOf(filter.projectId, "Project", "filter.projectId") : undefined;
    const list = await services.needs.list(
      viewer,
      { ...filter, projectId },
      orderBy?.field ?? NeedOrderField.URGENCY,
      orderBy?.direction ?? null,
      page,
      loaders.planned.rowsOfConnection(info, "ResourceNeed"),
    );
    return ResourceNeedConnection.of(list);
  }

  @Mutation(() => ResourceNeedPayload, { description: "Posts a need of a project. For a COORDINATOR (or a key with write:needs) of one of its ACTIVE partners; refuses other organisations (NOT_PERMITTED), a project not OPEN or ACTIVE (INVALID_TRANSITION), a needed-by time in the past (OUT_OF_RANGE) and missing or malformed fields (REQUIRED, INVALID)." })
  postNeed(@Arg("input", () => PostNeedInput, { description: "What `postNeed` needs; each field is described on the input type." }) input: PostNeedInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("need", () => {
      const { actingOrganizationId, projectId, ...fields } = input;
      return services.needs.post(viewer, acting(actingOrganizationId), inputKeyOf(projectId, "Project", "projectId"), fields);
    });
  }

  @Mutation(() => ResourceNeedPayload, { description: "Changes a live need's fields; omitted fields stay. For a COORDINATOR (or a key with write:needs) of the organisation that posted it or leads its project; refuses others (NOT_PERMITTED) and a need no longer live (INVALID_TRANSITION)." })
  updateNeed(@Arg("input", () => UpdateNeedInput, { description: "What `updateNeed` needs; each field is described on the input type." }) input: UpdateNeedInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("need", () => {
      const { actingOrganizationId, needId, ...fields } = input;
      return services.needs.update(viewer, acting(actingOrganizationId), inputKeyOf(needId, "ResourceNeed", "needId"), fields);
    });
  }

  @Mutation(() => ResourceNeedPayload, { description: "Cancels a live need; open offers on it are declined. For a COORDINATOR (or a key with write:needs) of the organisation that posted it or leads its project; refuses others (NOT_PERMITTED) and a need no longer live (INVALID_TRANSITION)." })
  cancelNeed(@Arg("input", () => CancelNeedInput, { description: "What `cancelNeed` needs; each field is described on the input type." }) input: CancelNeedInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("need", () =>
      services.needs.cancel(viewer, acting(input.actingOrganizationId), inputKeyOf(input.needId, "ResourceNeed", "needId"), input.reason ?? null),
    );
  }

  @FieldResolver(() => ID, { description: "The ResourceNeed's opaque global ID, for `node(id:)`." })
  id(@Root() need: ResourceNeed): string {
    return toGlobalId("ResourceNeed", need.id);
  }

  @FieldResolver(() => Project, { description: "The project the need belongs to." })
  project(@Root() need: ResourceNeed, @Ctx() { loaders }: Context): Promise<Project | null> {
    return loaders.project.load(need.projectId);
  }

  @FieldResolver(() => Organization, { description: "The partner that posted the need." })
  postedBy(@Root() need: ResourceNeed, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(need.postedByOrganizationId);
  }

  @FieldResolver(() => Area, { description: "The area the need is in." })
  area(@Root() need: ResourceNeed, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(need.areaCode);
  }

  @FieldResolver(() => PledgeConnection, { description: "Pledges to this need, oldest first." })
  async pledges(
    @Root() need: ResourceNeed,
    @Arg("statuses", () => [PledgeStatus], { nullable: true, description: "Only pledges in these statuses; all when omitted." }) statuses: PledgeStatus[] | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders }: Context,
  ) {
    return PledgeConnection.of(await loaders.needPledges({ statuses, ...pageArgs(page) }).load(need.id));
  }

  @FieldResolver(() => [ResourceNeedStatusChange], { description: "Every status the need has had, oldest first." })
  statusHistory(@Root() need: ResourceNeed, @Ctx() { loaders }: Context): Promise<ResourceNeedStatusChange[]> {
    return loaders.needStatusHistory.load(need.id);
  }
}
