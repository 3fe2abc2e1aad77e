import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Organization } from "../entities/organization";
import { WebhookAttempt } from "../entities/webhook-attempt";
import { WebhookDelivery, WebhookDeliveryStatus } from "../entities/webhook-delivery";
import { WebhookEndpoint, WebhookEventType, WebhookFilter } from "../entities/webhook-endpoint";
import { SECRET_GRACE_HOURS, type WebhookEndpointFields } from "../services/webhook.service";
import { ConnectionArgs, pageArgs } from "../schema/connection";
import type { Context } from "../schema/context";
import { inputKeyOf, toGlobalId } from "../schema/global-id";
import { eventCursor } from "../schema/subscription.types";
import { payloadOf, withUserErrors } from "../schema/user-error";
import {
  CreateWebhookEndpointInput,
  CreateWebhookEndpointPayload,
  DeleteWebhookEndpointInput,
  DeleteWebhookEndpointPayload,
  RedeliverWebhookDeliveryInput,
  RotateWebhookSecretInput,
  RotateWebhookSecretPayload,
  UpdateWebhookEndpointInput,
  WebhookDeliveryConnection,
  WebhookDeliveryPayload,
  WebhookEndpointPayload,
  WebhookFilterInput,
} from "../schema/webhook.types";
import { acting } from "./project.resolver";

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @FieldResolver(() => ID, { description: "The WebhookEndpoint's opaque global ID, for `node(id:)`." })
  id(@Root() endpoint: WebhookEndpoint): string {
    return toGlobalId("WebhookEndpoint", endpoint.id);
  }

  @FieldResolver(() => Organization, { description: "The organisation the endpoint belongs to." })
  organization(@Root() endpoint: WebhookEndpoint, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(endpoint.organizationId);
  }

  @FieldResolver(() => WebhookDeliveryConnection, { description: "Every event sent or to be sent here, newest first, with its attempts." })
  async deliveries(
    @Root() endpoint: WebhookEndpoint,
    @Arg("statuses", () => [WebhookDeliveryStatus], { nullable: true, description: "Only deliveries in these statuses; all when omitted." }) statuses: WebhookDeliveryStatus[] | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services }: Context,
  ) {
    return WebhookDeliveryConnection.of(await services.webhooks.deliveries(endpoint.id, statuses, pageArgs(page)));
  }

  @Mutation(() => CreateWebhookEndpointPayload, { description: "Registers an endpoint for the organisation's events; answers with its signing secret, once. For the organisation's ADMINs or a key with the webhooks scope; refuses a malformed URL (INVALID), a private or loopback address unless COGOV_WEBHOOK_ALLOW_PRIVATE is set (NOT_PERMITTED), no event types (REQUIRED), an unknown project in the filter (NOT_FOUND) and a 21st endpoint (OUT_OF_RANGE)." })
  async createWebhookEndpoint(@Arg("input", () => CreateWebhookEndpointInput, { description: "What `createWebhookEndpoint` needs; each field is described on the input type." }) input: CreateWebhookEndpointInput, @Ctx() { services, viewer }: Context): Promise<CreateWebhookEndpointPayload> {
    const { result, userErrors } = await withUserErrors(() => services.webhooks.create(viewer, acting(input.actingOrganizationId), endpointFields(input)));
    return { endpoint: result?.endpoint ?? null, secret: result?.secret ?? null, userErrors };
  }

  @Mutation(() => WebhookEndpointPayload, { description: "Changes an endpoint's URL, description, event types, filter or pause; omitted fields stay. A paused endpoint, once active again, is sent what happened meanwhile. For the organisation's ADMINs or a key with the webhooks scope; refuses a malformed URL (INVALID), a private or loopback address (NOT_PERMITTED), an empty list of event types (REQUIRED) and an unknown endpoint (NOT_FOUND)." })
  updateWebhookEndpoint(@Arg("input", () => UpdateWebhookEndpointInput, { description: "What `updateWebhookEndpoint` needs; each field is described on the input type." }) input: UpdateWebhookEndpointInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("endpoint", () => services.webhooks.update(viewer, acting(input.actingOrganizationId), inputKeyOf(input.endpointId, "WebhookEndpoint", "endpointId"), endpointFields(input)));
  }

  @Mutation(() => DeleteWebhookEndpointPayload, { description: "Deletes the endpoint, its deliveries and their attempts. For the organisation's ADMINs or a key with the webhooks scope; refuses an endpoint of another organisation (NOT_FOUND)." })
  async deleteWebhookEndpoint(@Arg("input", () => DeleteWebhookEndpointInput, { description: "What `deleteWebhookEndpoint` needs; each field is described on the input type." }) input: DeleteWebhookEndpointInput, @Ctx() { services, viewer }: Context): Promise<DeleteWebhookEndpointPayload> {
    const { result, userErrors } = await withUserErrors(() => services.webhooks.delete(viewer, acting(input.actingOrganizationId), inputKeyOf(input.endpointId, "WebhookEndpoint", "endpointId")));
    return { deletedEndpointId: result ? toGlobalId("WebhookEndpoint", result) : null, userErrors };
  }

  @Mutation(() => RotateWebhookSecretPayload, {
    description: `Replaces the endpoint's signing secret and answers with the new one, once. For ${SECRET_GRACE_HOURS} hours each delivery carries two signatures in webhook-signature ("v1,<new> v1,<previous>"), so receivers verifying with either secret accept it while they switch; then only the new one. Rotating again within that time drops the oldest secret at once (rotate twice to retire a leaked secret now).`,
  })
  async rotateWebhookSecret(@Arg("input", () => RotateWebhookSecretInput, { description: "What `rotateWebhookSecret` needs; each field is described on the input type." }) input: RotateWebhookSecretInput, @Ctx() { services, viewer }: Context): Promise<RotateWebhookSecretPayload> {
    const { result, userErrors } = await withUserErrors(() => services.webhooks.rotateSecret(viewer, acting(input.actingOrganizationId), inputKeyOf(input.endpointId, "WebhookEndpoint", "endpointId")));
    return { endpoint: result?.endpoint ?? null, secret: result?.secret ?? null, userErrors };
  }

  @Mutation(() => WebhookDeliveryPayload, {
    description: "Sends a delivery that SUCCEEDED or FAILED once more, now: one attempt with the same webhook-id and body, logged after the earlier ones; if it fails the delivery is FAILED again. For the organisation's ADMINs or a key with the webhooks scope; refuses a delivery of another organisation (NOT_FOUND), one still PENDING and one of a paused endpoint (INVALID_TRANSITION).",
  })
  redeliverWebhookDelivery(@Arg("input", () => RedeliverWebhookDeliveryInput, { description: "What `redeliverWebhookDelivery` needs; each field is described on the input type." }) input: RedeliverWebhookDeliveryInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("delivery", () => services.webhooks.redeliver(viewer, acting(input.actingOrganizationId), inputKeyOf(input.deliveryId, "WebhookDelivery", "deliveryId")));
  }
}

interface EndpointInput {
  url?: string | null;
  description?: string | null;
  eventTypes?: WebhookEventType[] | null;
  filter?: WebhookFilterInput | null;
  active?: boolean | null;
}

/** Input as the service takes it, the project as a database key; null for url, eventTypes or active leaves them unchanged, null for filter clears it. */
function endpointFields(input: EndpointInput): WebhookEndpointFields {
  return {
    url: input.url ?? undefined,
    description: input.description,
    eventTypes: input.eventTypes ?? undefined,
    filter: input.filter === undefined ? undefined : filterOf(input.filter),
    active: input.active ?? undefined,
  };
}

function filterOf(filter: WebhookFilterInput | null): WebhookFilter {
  return { ...filter, projectId: filter?.projectId ? inputKeyOf(filter.projectId, "Project", "filter.projectId") : null };
}

@Resolver(() => WebhookFilter)
export class WebhookFilterResolver {
  @FieldResolver(() => ID, { nullable: true, description: "Only events of this project (its global ID); any project when null." })
  projectId(@Root() filter: WebhookFilter): string | null {
    return filter.projectId ? toGlobalId("Project", filter.projectId) : null;
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => ID, { description: "The WebhookDelivery's opaque global ID, for `node(id:)`." })
  id(@Root() delivery: WebhookDelivery): string {
    return toGlobalId("WebhookDelivery", delivery.id);
  }

  @FieldResolver(() => String, { description: "The webhook-id header: the event's cursor, the same on every attempt, to drop repeats with." })
  eventId(@Root() delivery: WebhookDelivery): string {
    return eventCursor(delivery.eventPosition);
  }

  @FieldResolver(() => String, { nullable: true, description: "The JSON body sent; null before the first attempt." })
  payload(@Root() delivery: WebhookDelivery): string | null {
    return delivery.body;
  }

  @FieldResolver(() => [WebhookAttempt], { description: "Oldest first." })
  attempts(@Root() delivery: WebhookDelivery, @Ctx() { loaders }: Context): Promise<WebhookAttempt[]> {
    return loaders.attemptsOfWebhookDelivery.load(delivery.id);
  }
}

@Resolver(() => Organization)
export class OrganizationWebhooksResolver {
  @FieldResolver(() => [WebhookEndpoint], { description: "Where the organisation's events are sent. Its admins only; empty for others." })
  webhookEndpoints(@Root() organization: Organization, @Ctx() { loaders, services, viewer }: Context): Promise<WebhookEndpoint[]> | WebhookEndpoint[] {
    return services.webhooks.endpointsOf(viewer, loaders, organization.id);
  }
}
