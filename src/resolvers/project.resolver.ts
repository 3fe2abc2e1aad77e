import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Area } from "../entities/area";
import { Organization } from "../entities/organization";
import { PartnershipStatus } from "../entities/partnership";
import { Project } from "../entities/project";
import { NeedStatus } from "../entities/resource-need";
import { ConnectionArgs, OrderDirection, pageArgs } from "../schema/connection";
import type { Context } from "../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../schema/global-id";
import {
  ChangeProjectStatusInput,
  CreateProjectInput,
  InvitePartnerInput,
  LeaveProjectInput,
  PartnershipConnection,
  PartnershipPayload,
  ProjectConnection,
  ProjectFilterInput,
  ProjectOrder,
  ProjectOrderField,
  ProjectPayload,
  RespondToInvitationInput,
  UpdateProjectInput,
} from "../schema/project.types";
import { NeedOrder, NeedOrderField, ResourceNeedConnection } from "../schema/resource-need.types";
import { payloadOf } from "../schema/user-error";

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => Project, { nullable: true, description: "One project by its global ID; null when it does not exist or is a DRAFT the viewer may not read (DRAFT projects show only to members of the organisations invited to or taking part in them)." })
  async project(@Arg("id", () => ID, { description: "The global ID of the Project." }) id: string, @Ctx() { loaders, services, viewer }: Context): Promise<Project | null> {
    return services.projects.findVisible(viewer, loaders, keyOf(id, "Project"));
  }

  @Query(() => ProjectConnection, { description: "Projects, newest first unless orderBy says otherwise." })
  async projects(
    @Arg("filter", () => ProjectFilterInput, { nullable: true, description: "Which projects to list; all the viewer may read when omitted." }) filter: ProjectFilterInput | null,
    @Arg("orderBy", () => ProjectOrder, { nullable: true, description: "How to order them; newest first when omitted." }) orderBy: ProjectOrder | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services, viewer }: Context,
  ) {
    const organizationId = filter?.organizationId != null ? keyOf(filter.organizationId, "Organization", "filter.organizationId") : undefined;
    const list = await services.projects.list(
      viewer,
      { ...filter, organizationId },
      orderBy?.field ?? ProjectOrderField.CREATED_AT,
      orderBy?.direction ?? OrderDirection.DESC,
      page,
    );
    return ProjectConnection.of(list);
  }

  @Mutation(() => ProjectPayload, { description: "A new DRAFT project led by the acting organisation. For a COORDINATOR of that organisation (people only, not keys); refuses missing or malformed fields (REQUIRED, INVALID) and an end before the start (OUT_OF_RANGE)." })
  createProject(@Arg("input", () => CreateProjectInput, { description: "What `createProject` needs; each field is described on the input type." }) input: CreateProjectInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("project", () => {
      const { actingOrganizationId, ...fields } = input;
      return services.projects.create(viewer, acting(actingOrganizationId), fields);
    });
  }

  @Mutation(() => ProjectPayload, { description: "Changes a project's fields; omitted fields stay. For a COORDINATOR of the lead organisation; refuses other organisations (NOT_PERMITTED) and a COMPLETED or CANCELLED project (INVALID_TRANSITION)." })
  updateProject(@Arg("input", () => UpdateProjectInput, { description: "What `updateProject` needs; each field is described on the input type." }) input: UpdateProjectInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("project", () => {
      const { actingOrganizationId, projectId, ...fields } = input;
      return services.projects.update(viewer, acting(actingOrganizationId), inputKeyOf(projectId, "Project", "projectId"), fields);
    });
  }

  @Mutation(() => ProjectPayload, { description: "Moves a project along DRAFT → OPEN → ACTIVE → COMPLETED, or to CANCELLED from any of the first three; cancelling also cancels its unfilled needs and declines their open offers. For a COORDINATOR of the lead organisation; refuses other organisations (NOT_PERMITTED) and any other move (INVALID_TRANSITION)." })
  changeProjectStatus(@Arg("input", () => ChangeProjectStatusInput, { description: "What `changeProjectStatus` needs; each field is described on the input type." }) input: ChangeProjectStatusInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("project", () =>
      services.projects.changeStatus(viewer, acting(input.actingOrganizationId), inputKeyOf(input.projectId, "Project", "projectId"), input.status),
    );
  }

  @Mutation(() => PartnershipPayload, { description: "Invites an organisation to take part in a project with a role other than LEAD. For a COORDINATOR of the lead organisation; refuses other organisations (NOT_PERMITTED), a closed project (INVALID_TRANSITION), the LEAD role (INVALID), an unknown organisation (NOT_FOUND) and one already invited or active (TAKEN)." })
  invitePartner(@Arg("input", () => InvitePartnerInput, { description: "What `invitePartner` needs; each field is described on the input type." }) input: InvitePartnerInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("partnership", () =>
      services.projects.invitePartner(
        viewer,
        acting(input.actingOrganizationId),
        inputKeyOf(input.projectId, "Project", "projectId"),
        inputKeyOf(input.organizationId, "Organization", "organizationId"),
        input.role,
      ),
    );
  }

  @Mutation(() => PartnershipPayload, { description: "The invited organisation accepts (ACTIVE) or declines (DECLINED) an invitation to a project. For a COORDINATOR of the invited organisation; refuses an organisation not invited (NOT_FOUND), an invitation already answered (INVALID_TRANSITION) and accepting into a closed project (INVALID_TRANSITION)." })
  respondToInvitation(@Arg("input", () => RespondToInvitationInput, { description: "What `respondToInvitation` needs; each field is described on the input type." }) input: RespondToInvitationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("partnership", () =>
      services.projects.respondToInvitation(viewer, acting(input.actingOrganizationId), inputKeyOf(input.projectId, "Project", "projectId"), input.accept),
    );
  }

  @Mutation(() => PartnershipPayload, { description: "The acting organisation leaves a project it takes part in. For a COORDINATOR of that organisation; refuses the lead (NOT_PERMITTED), an organisation with no place in it (NOT_FOUND) and a partnership that is not ACTIVE (INVALID_TRANSITION)." })
  leaveProject(@Arg("input", () => LeaveProjectInput, { description: "What `leaveProject` needs; each field is described on the input type." }) input: LeaveProjectInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("partnership", () =>
      services.projects.leave(viewer, acting(input.actingOrganizationId), inputKeyOf(input.projectId, "Project", "projectId")),
    );
  }

  @FieldResolver(() => ID, { description: "The Project's opaque global ID, for `node(id:)`." })
  id(@Root() project: Project): string {
    return toGlobalId("Project", project.id);
  }

  @FieldResolver(() => Area, { description: "The area the project serves." })
  area(@Root() project: Project, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(project.areaCode);
  }

  @FieldResolver(() => Organization, { description: "The organisation that leads the project." })
  lead(@Root() project: Project, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(project.leadOrganizationId);
  }

  @FieldResolver(() => PartnershipConnection, { description: "Organisations in the project (the lead too), oldest first." })
  async partners(
    @Root() project: Project,
    @Arg("statuses", () => [PartnershipStatus], { defaultValue: [PartnershipStatus.ACTIVE], description: "Only partnerships in these statuses; ACTIVE ones when omitted." }) statuses: PartnershipStatus[],
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders }: Context,
  ) {
    return PartnershipConnection.of(await loaders.projectPartners({ statuses, ...pageArgs(page) }).load(project.id));
  }

  @FieldResolver(() => ResourceNeedConnection, { description: "The project's needs, most urgent first unless orderBy says otherwise." })
  async needs(
    @Root() project: Project,
    @Arg("statuses", () => [NeedStatus], { nullable: true, description: "Only needs in these statuses; all when omitted." }) statuses: NeedStatus[] | null,
    @Arg("orderBy", () => NeedOrder, { nullable: true, description: "How to order them; most urgent first when omitted." }) orderBy: NeedOrder | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders }: Context,
  ) {
    const field = orderBy?.field ?? NeedOrderField.URGENCY;
    const direction = orderBy?.direction ?? null;
    return ResourceNeedConnection.of(await loaders.projectNeeds({ field, direction, statuses, ...pageArgs(page) }).load(project.id));
  }
}

/** The key of the acting organisation's ID; a malformed one is a userError. */
export function acting(id: string): string {
  return inputKeyOf(id, "Organization", "actingOrganizationId");
}
