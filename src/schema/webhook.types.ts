import { Field, ID, InputType, ObjectType } from "type-graphql";
import { WebhookDelivery } from "../entities/webhook-delivery";
import { WebhookEndpoint, WebhookEventType } from "../entities/webhook-endpoint";
import { Connection } from "./connection";
import { NeedSubscriptionFilter } from "./subscription.types";
import { Payload, UserError } from "./user-error";
import { MutationInput } from "./mutation-input";
import { SECRET_GRACE_HOURS } from "../services/webhook.service";

export const WebhookEndpointPayload = Payload("WebhookEndpointPayload", "endpoint", WebhookEndpoint);
export const WebhookDeliveryConnection = Connection("WebhookDelivery", WebhookDelivery);
export const WebhookDeliveryPayload = Payload("WebhookDeliveryPayload", "delivery", WebhookDelivery);

/** The needs subscriptions' filter; for webhooks pledges match on `projectId` only, alerts on `areaCode` only. */
@InputType("WebhookFilterInput", { description: "Needs must match all that is set; pledges only `projectId`; alerts only `areaCode`." })
export class WebhookFilterInput extends NeedSubscriptionFilter {}

@InputType("CreateWebhookEndpointInput", { description: "What `createWebhookEndpoint` takes." })
export class CreateWebhookEndpointInput extends MutationInput {
  @Field(() => ID, { description: "The organisation whose events are sent, read as its members read them; you must be its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { description: "An http(s) URL on a public address; it gets a signed POST per event." })
  url: string;

  @Field(() => String, { nullable: true, description: "What the endpoint is for, up to 200 characters." })
  description?: string | null;

  @Field(() => [WebhookEventType], { description: "The kinds of events to send; at least one." })
  eventTypes: WebhookEventType[];

  @Field(() => WebhookFilterInput, { nullable: true, description: "Which events of those kinds to send; all when omitted." })
  filter?: WebhookFilterInput | null;
}

@ObjectType("CreateWebhookEndpointPayload", { simpleResolvers: true, description: "What `createWebhookEndpoint` answers: the result, or the userErrors that stopped it." })
export class CreateWebhookEndpointPayload {
  @Field(() => WebhookEndpoint, { nullable: true, description: "The new endpoint; null when userErrors is not empty." })
  endpoint: WebhookEndpoint | null;

  @Field(() => String, { nullable: true, description: "The signing secret (whsec_…), shown only now: keep it to verify each delivery's webhook-signature." })
  secret: string | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@InputType("UpdateWebhookEndpointInput", { description: "Only the fields given change." })
export class UpdateWebhookEndpointInput extends MutationInput {
  @Field(() => ID, { description: "The organisation the endpoint belongs to; you must be its ADMIN (or use a key with the webhooks scope)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the endpoint." })
  endpointId: string;

  @Field(() => String, { nullable: true, description: "An http(s) URL on a public address; unchanged when omitted." })
  url?: string;

  @Field(() => String, { nullable: true, description: "What the endpoint is for, up to 200 characters; unchanged when omitted." })
  description?: string | null;

  @Field(() => [WebhookEventType], { nullable: true, description: "The kinds of events to send, at least one; unchanged when omitted." })
  eventTypes?: WebhookEventType[];

  @Field(() => WebhookFilterInput, { nullable: true, description: "Replaces the whole filter." })
  filter?: WebhookFilterInput;

  @Field(() => Boolean, { nullable: true, description: "false pauses deliveries; true resumes them, with what happened meanwhile." })
  active?: boolean;
}

@InputType("DeleteWebhookEndpointInput", { description: "What `deleteWebhookEndpoint` takes." })
export class DeleteWebhookEndpointInput extends MutationInput {
  @Field(() => ID, { description: "The organisation the endpoint belongs to; you must be its ADMIN (or use a key with the webhooks scope)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the endpoint." })
  endpointId: string;
}

@ObjectType("DeleteWebhookEndpointPayload", { simpleResolvers: true, description: "What `deleteWebhookEndpoint` answers: the result, or the userErrors that stopped it." })
export class DeleteWebhookEndpointPayload {
  @Field(() => ID, { nullable: true, description: "The global ID of the deleted endpoint; null when userErrors is not empty." })
  deletedEndpointId: string | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@InputType("RotateWebhookSecretInput", { description: "What `rotateWebhookSecret` takes." })
export class RotateWebhookSecretInput extends MutationInput {
  @Field(() => ID, { description: "The organisation the endpoint belongs to; you must be its ADMIN (or use a key with the webhooks scope)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the endpoint." })
  endpointId: string;
}

@ObjectType("RotateWebhookSecretPayload", { simpleResolvers: true, description: "What `rotateWebhookSecret` answers: the result, or the userErrors that stopped it." })
export class RotateWebhookSecretPayload {
  @Field(() => WebhookEndpoint, { nullable: true, description: "The endpoint; null when userErrors is not empty." })
  endpoint: WebhookEndpoint | null;

  @Field(() => String, { nullable: true, description: `The new signing secret (whsec_…), shown only now. For ${SECRET_GRACE_HOURS} hours deliveries are signed with it and with the previous one.` })
  secret: string | null;

  @Field(() => [UserError], { description: "The input mistakes that stopped the mutation; empty when it succeeded. Nothing was written when any is listed." })
  userErrors: UserError[];
}

@InputType("RedeliverWebhookDeliveryInput", { description: "What `redeliverWebhookDelivery` takes." })
export class RedeliverWebhookDeliveryInput extends MutationInput {
  @Field(() => ID, { description: "The organisation the endpoint belongs to; you must be its ADMIN (or use a key with the webhooks scope)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "A delivery of one of the organisation's endpoints that SUCCEEDED or FAILED." })
  deliveryId: string;
}
