import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, ID, Info, Query, Resolver } from "type-graphql";
import type { Context } from "../schema/context";
import { fromGlobalId } from "../schema/global-id";
import { Node } from "../schema/node";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import { MAX_PAGE_SIZE } from "../db/keyset-page";

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global ID; null when it does not exist." })
  node(@Arg("id", () => ID, { description: "The global ID of the object." }) id: string, @Ctx() context: Context, @Info() info: GraphQLResolveInfo): Promise<object | null> {
    return loadNode(id, context, "id", info);
  }

  @Query(() => [Node], { nullable: "items", description: `Up to ${MAX_PAGE_SIZE} objects by global ID, in the order asked; null for each that does not exist.` })
  nodes(@Arg("ids", () => [ID], { description: "Global IDs, in the order the answers come back." }) ids: string[], @Ctx() context: Context): Promise<(object | null)[]> {
    if (ids.length > MAX_PAGE_SIZE) throw new DomainError("BAD_USER_INPUT", t("id.tooMany", { count: ids.length, max: MAX_PAGE_SIZE }));
    return Promise.all(ids.map((id, index) => loadNode(id, context, `ids[${index}]`)));
  }
}

/** `info` when the node is the field's whole answer: reads are then planned from its selection. */
async function loadNode(id: string, { loaders, services, viewer }: Context, argument: string, info?: GraphQLResolveInfo): Promise<object | null> {
  const decoded = fromGlobalId(id);
  if (!decoded) throw new DomainError("BAD_USER_INPUT", t("id.notOurs", { argument, id }));
  switch (decoded.type) {
    case "Organization":
      return loaders.organization.load(decoded.key);
    case "Area":
      return loaders.area.load(decoded.key);
    case "Project":
      return services.projects.findVisible(viewer, loaders, decoded.key);
    case "Partnership":
      return services.projects.findVisiblePartnership(viewer, loaders, decoded.key);
    case "ResourceNeed":
      return services.needs.findVisible(viewer, loaders, decoded.key, info && loaders.planned.rowsOf(info, "ResourceNeed"));
    case "Pledge":
      return loaders.pledge.load(decoded.key);
    case "User":
      return services.identity.findUser(viewer, decoded.key);
    case "ApiKey":
      return services.identity.findApiKey(viewer, loaders, decoded.key);
    case "Membership":
      return null;
    case "WebhookEndpoint":
      return services.webhooks.findEndpoint(viewer, loaders, decoded.key);
    case "WebhookDelivery":
      return services.webhooks.findDelivery(viewer, loaders, decoded.key);
    case "Alert":
      return services.alerts.findVisible(viewer, loaders, decoded.key);
    case "Person":
      return loaders.person.load(decoded.key);
    case "Activity":
      return services.activities.findVisible(viewer, loaders, decoded.key);
    case "ActivityShift":
      return services.activities.findVisibleShift(viewer, loaders, decoded.key);
    case "ShiftSignUp":
      return services.activities.findVisibleSignUp(viewer, loaders, decoded.key);
    case "PointsEntry":
      return services.points.findVisibleEntry(viewer, loaders, decoded.key);
    case "Reward":
      return loaders.reward.load(decoded.key);
    case "Service":
      return services.directory.findVisible(viewer, loaders, decoded.key);
    case "ServiceLocation":
      return loaders.serviceLocation.load(decoded.key);
    case "ServiceSchedule":
      return services.directory.findVisibleSchedule(viewer, loaders, decoded.key);
    case "Council":
      return loaders.council.load(decoded.key);
    case "CouncilMember":
      return loaders.councilMember.load(decoded.key);
    case "CouncilMeeting":
      return loaders.councilMeeting.load(decoded.key);
    case "KeyHousehold":
      return services.householdReads.findVisible(viewer, loaders, decoded.key);
    case "HouseholdVisit":
      return services.householdReads.findVisibleVisit(viewer, loaders, decoded.key);
    case "Proposal":
      return services.proposals.findVisible(viewer, loaders, decoded.key);
    case "ProposalAmendment":
      return services.proposals.findVisibleAmendment(viewer, loaders, decoded.key);
    case "ResidentRequest":
      return services.requestReads.findVisible(viewer, loaders, decoded.key);
    case "RequestRoutingRule":
      return loaders.requestRoutingRule.load(decoded.key);
    case "MediationCase":
      return services.mediationReads.findVisible(viewer, loaders, decoded.key);
    case "Feedback":
      return services.feedbackReads.findVisible(viewer, loaders, decoded.key);
    // Read through their case, whose rules (auth/mediation-privacy.ts) they follow.
    case "MediationParty":
    case "MediationAssignment":
    case "MediationSession":
    case "Mediator":
      return null;
  }
}
