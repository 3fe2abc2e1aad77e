import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { Context } from "../schema/context";
import { fromGlobalId } from "../schema/global-id";
import { Node } from "../schema/node";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import { MAX_PAGE_SIZE } from "../db/keyset-page";
import { canAdminister } from "../auth/policy";
import { canSeeProject } from "../auth/read-policy";
import { visibleNeed } from "./resource-need.resolver";
import { canSeeAlert } from "../services/alert.service";

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: "Any object by its global ID; null when it does not exist." })
  node(@Arg("id", () => ID) id: string, @Ctx() context: Context): Promise<object | null> {
    return loadNode(id, context, "id");
  }

  @Query(() => [Node], { nullable: "items", description: `Up to ${MAX_PAGE_SIZE} objects by global ID, in the order asked; null for each that does not exist.` })
  nodes(@Arg("ids", () => [ID]) ids: string[], @Ctx() context: Context): Promise<(object | null)[]> {
    if (ids.length > MAX_PAGE_SIZE) throw new DomainError("BAD_USER_INPUT", t("id.tooMany", { count: ids.length, max: MAX_PAGE_SIZE }));
    return Promise.all(ids.map((id, index) => loadNode(id, context, `ids[${index}]`)));
  }
}

async function loadNode(id: string, context: Context, argument: string): Promise<object | null> {
  const { loaders, viewer } = context;
  const decoded = fromGlobalId(id);
  if (!decoded) throw new DomainError("BAD_USER_INPUT", t("id.notOurs", { argument, id }));
  switch (decoded.type) {
    case "Organization":
      return loaders.organization.load(decoded.key);
    case "Area":
      return loaders.area.load(decoded.key);
    case "Project": {
      const project = await loaders.project.load(decoded.key);
      return project && canSeeProject(viewer, project) ? project : null;
    }
    case "Partnership":
      return loaders.partnership.load(decoded.key);
    case "ResourceNeed":
      return visibleNeed(await loaders.need.load(decoded.key), context);
    case "Pledge":
      return loaders.pledge.load(decoded.key);
    case "User":
      return viewer.kind === "user" && viewer.user.id === decoded.key ? viewer.user : null;
    case "ApiKey": {
      const apiKey = await loaders.apiKey.load(decoded.key);
      return apiKey && canAdminister(viewer, apiKey.organizationId) ? apiKey : null;
    }
    case "Membership":
      return null;
    case "WebhookEndpoint": {
      const endpoint = await loaders.webhookEndpoint.load(decoded.key);
      return endpoint && canAdminister(viewer, endpoint.organizationId) ? endpoint : null;
    }
    case "WebhookDelivery": {
      const delivery = await loaders.webhookDelivery.load(decoded.key);
      const endpoint = delivery && (await loaders.webhookEndpoint.load(delivery.endpointId));
      return endpoint && canAdminister(viewer, endpoint.organizationId) ? delivery : null;
    }
    case "Alert": {
      const alert = await loaders.alert.load(decoded.key);
      return alert && canSeeAlert(viewer, alert) ? alert : null;
    }
  }
}
