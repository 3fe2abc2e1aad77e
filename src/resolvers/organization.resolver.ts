import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Area } from "../entities/area";
import { Organization } from "../entities/organization";
import { PartnershipRole, PartnershipStatus } from "../entities/partnership";
import { PledgeStatus } from "../entities/pledge";
import { PledgeConnection } from "../schema/pledge.types";
import { OrganizationProjectConnection } from "../schema/project.types";
import { ConnectionArgs, OrderDirection, pageArgs } from "../schema/connection";
import type { Context } from "../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../schema/global-id";
import {
  AnswerParentRequestInput,
  AnswerParentRequestPayload,
  CreateOrganizationInput,
  CreateOrganizationPayload,
  OrganizationConnection,
  OrganizationFilterInput,
  OrganizationOrder,
  OrganizationOrderField,
  UpdateOrganizationInput,
  UpdateOrganizationPayload,
} from "../schema/organization.types";
import { payloadOf, withUserErrors } from "../schema/user-error";
import { acting } from "./project.resolver";
import { ApiKey } from "../entities/api-key";
import { Membership } from "../entities/membership";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { nullable: true, description: "One organisation, by id or by slug." })
  organization(
    @Arg("id", () => ID, { nullable: true, description: "The global ID of the Organization; give either id or slug, not both." }) id: string | null,
    @Arg("slug", () => String, { nullable: true, description: "The organisation's slug; give either id or slug, not both." }) slug: string | null,
    @Ctx() { loaders }: Context,
  ): Promise<Organization | null> {
    if ((id == null) === (slug == null)) throw new DomainError("BAD_USER_INPUT", t("organization.idOrSlug"));
    return id != null ? loaders.organization.load(keyOf(id, "Organization")) : loaders.organizationBySlug.load(slug!);
  }

  @Query(() => OrganizationConnection, { description: "Organisations, public to everyone; by name, A to Z, unless orderBy says otherwise." })
  async organizations(
    @Arg("filter", () => OrganizationFilterInput, { nullable: true, description: "Which organisations to list; all when omitted." }) filter: OrganizationFilterInput | null,
    @Arg("orderBy", () => OrganizationOrder, { nullable: true, description: "How to order them; by name, A to Z, when omitted." }) orderBy: OrganizationOrder | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services }: Context,
  ) {
    const parentId = filter?.parentId != null ? keyOf(filter.parentId, "Organization", "filter.parentId") : undefined;
    const requestedParentId = filter?.requestedParentId != null ? keyOf(filter.requestedParentId, "Organization", "filter.requestedParentId") : undefined;
    const list = await services.organizations.list(
      { ...filter, parentId, requestedParentId },
      orderBy?.field ?? OrganizationOrderField.NAME,
      orderBy?.direction ?? OrderDirection.ASC,
      page,
    );
    return OrganizationConnection.of(list);
  }

  @Mutation(() => CreateOrganizationPayload, { description: "Registers an organisation; the signed-in person becomes its OWNER. Any signed-in person may (API keys may not); refuses a missing kind, name, slug or area (REQUIRED), a malformed slug, phone or website (INVALID) and a slug in use (TAKEN)." })
  async createOrganization(
    @Arg("input", () => CreateOrganizationInput, { description: "What `createOrganization` needs; each field is described on the input type." }) input: CreateOrganizationInput,
    @Ctx() { services, viewer }: Context,
  ): Promise<CreateOrganizationPayload> {
    const { result, userErrors } = await withUserErrors(() =>
      services.organizations.create(viewer, { ...input, parentId: parentKey(input.parentId) }),
    );
    return { organization: result, userErrors };
  }

  @Mutation(() => UpdateOrganizationPayload, { description: "Changes an organisation's fields; omitted fields stay. For the organisation's ADMINs; refuses what createOrganization refuses, and a parent under the organisation itself (CYCLE). Changing what a voucher vouched for lapses its verification." })
  async updateOrganization(
    @Arg("input", () => UpdateOrganizationInput, { description: "What `updateOrganization` needs; each field is described on the input type." }) input: UpdateOrganizationInput,
    @Ctx() { services, viewer }: Context,
  ): Promise<UpdateOrganizationPayload> {
    const { result, userErrors } = await withUserErrors(() => {
      const { id, ...fields } = input;
      return services.organizations.update(viewer, inputKeyOf(id, "Organization", "id"), { ...fields, parentId: parentKey(fields.parentId) });
    });
    return { organization: result, userErrors };
  }

  @Mutation(() => AnswerParentRequestPayload, { description: "The parent's ADMIN accepts or refuses an organisation's request to belong to it." })
  answerParentRequest(@Arg("input", () => AnswerParentRequestInput, { description: "What `answerParentRequest` needs; each field is described on the input type." }) input: AnswerParentRequestInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("organization", () =>
      services.organizations.answerParentRequest(viewer, acting(input.actingOrganizationId), inputKeyOf(input.organizationId, "Organization", "organizationId"), input.accept),
    );
  }

  @FieldResolver(() => ID, { description: "The Organization's opaque global ID, for `node(id:)`." })
  id(@Root() organization: Organization): string {
    return toGlobalId("Organization", organization.id);
  }

  @FieldResolver(() => String, { nullable: true, description: "Members only (README: who reads members-only fields): null for other callers." })
  contactPhone(@Root() organization: Organization, @Ctx() { services, viewer, loaders }: Context): Promise<string | null> {
    return services.organizations.contactPhoneFor(viewer, loaders, organization);
  }

  @FieldResolver(() => [Membership], { description: "Who may act for the organisation, and in which role. Its own members only; empty for others." })
  members(@Root() organization: Organization, @Ctx() { loaders, services, viewer }: Context): Promise<Membership[]> | Membership[] {
    return services.identity.membersOf(viewer, loaders, organization.id);
  }

  @FieldResolver(() => [ApiKey], { description: "The organisation's API keys, revoked ones too. Its admins only; empty for others." })
  apiKeys(@Root() organization: Organization, @Ctx() { loaders, services, viewer }: Context): Promise<ApiKey[]> | ApiKey[] {
    return services.identity.apiKeysOf(viewer, loaders, organization.id);
  }

  @FieldResolver(() => Area, { description: "The area the organisation is based in." })
  area(@Root() organization: Organization, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(organization.areaCode);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "The organisation this one belongs to." })
  parent(@Root() organization: Organization, @Ctx() { loaders }: Context): Promise<Organization | null> | null {
    return organization.parentId ? loaders.organization.load(organization.parentId) : null;
  }

  @FieldResolver(() => Organization, { nullable: true, description: "A parent it asked to belong to, whose admins have not answered yet; it confers nothing until accepted." })
  requestedParent(@Root() organization: Organization, @Ctx() { loaders }: Context): Promise<Organization | null> | null {
    return organization.requestedParentId ? loaders.organization.load(organization.requestedParentId) : null;
  }

  @FieldResolver(() => OrganizationProjectConnection, { description: "Projects the organisation takes part in, with its role; oldest partnership first." })
  async projects(
    @Root() organization: Organization,
    @Arg("role", () => PartnershipRole, { nullable: true, description: "Only projects where the organisation has this role; any role when omitted." }) role: PartnershipRole | null,
    @Arg("statuses", () => [PartnershipStatus], { defaultValue: [PartnershipStatus.ACTIVE], description: "Only partnerships in these statuses; ACTIVE ones when omitted." }) statuses: PartnershipStatus[],
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders, services, viewer }: Context,
  ) {
    const { partnerships, projects } = await services.projects.ofOrganization(viewer, loaders, organization.id, { role, statuses, ...pageArgs(page) });
    return OrganizationProjectConnection.of(partnerships, projects);
  }

  @FieldResolver(() => PledgeConnection, { description: "Pledges the organisation made, oldest first." })
  async pledges(
    @Root() organization: Organization,
    @Arg("statuses", () => [PledgeStatus], { nullable: true, description: "Only pledges in these statuses; all when omitted." }) statuses: PledgeStatus[] | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders }: Context,
  ) {
    return PledgeConnection.of(await loaders.organizationPledges({ statuses, ...pageArgs(page) }).load(organization.id));
  }

  @FieldResolver(() => PledgeConnection, {
    description:
      "Offers waiting for this organisation's answer: OFFERED pledges to needs it posted or in projects it leads, oldest first. " +
      "Its members and API keys only; empty for others. Answer each with acceptPledge or declinePledge.",
  })
  async offersAwaitingAnswer(@Root() organization: Organization, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { services, viewer }: Context) {
    return PledgeConnection.of(await services.pledges.offersAwaitingAnswer(viewer, organization.id, pageArgs(page)));
  }

  @FieldResolver(() => OrganizationConnection, { description: "Organisations that belong to this one." })
  async children(
    @Root() organization: Organization,
    @Arg("orderBy", () => OrganizationOrder, { nullable: true, description: "How to order them; by name, A to Z, when omitted." }) orderBy: OrganizationOrder | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders }: Context,
  ) {
    const field = orderBy?.field ?? OrganizationOrderField.NAME;
    const direction = orderBy?.direction ?? OrderDirection.ASC;
    return OrganizationConnection.of(await loaders.organizationChildren({ field, direction, ...pageArgs(page) }).load(organization.id));
  }
}

/** `undefined` (left out) and `null` (cleared) pass through; an ID becomes its key. */
function parentKey(parentId: string | null | undefined): string | null | undefined {
  return parentId == null ? parentId : inputKeyOf(parentId, "Organization", "parentId");
}
