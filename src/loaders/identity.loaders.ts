import { DataSource } from "typeorm";
import { ApiKey } from "../entities/api-key";
import { Membership } from "../entities/membership";
import { User } from "../entities/user";
import { WebhookAttempt } from "../entities/webhook-attempt";
import { WebhookDelivery } from "../entities/webhook-delivery";
import { WebhookEndpoint } from "../entities/webhook-endpoint";
import { listLoader, loaderByKey } from "./loader-by-key";

export function identityLoaders(dataSource: DataSource) {
  return {
    user: loaderByKey(dataSource, User, "id"),
    apiKey: loaderByKey(dataSource, ApiKey, "id"),
    membershipsOfUser: listLoader(dataSource, Membership, "userId", { createdAt: "ASC", id: "ASC" }),
    membershipsOfOrganization: listLoader(dataSource, Membership, "organizationId", { createdAt: "ASC", id: "ASC" }),
    apiKeysOfOrganization: listLoader(dataSource, ApiKey, "organizationId", { createdAt: "ASC", id: "ASC" }),
    webhookEndpoint: loaderByKey(dataSource, WebhookEndpoint, "id"),
    webhookEndpointsOfOrganization: listLoader(dataSource, WebhookEndpoint, "organizationId", { createdAt: "ASC", id: "ASC" }),
    webhookDelivery: loaderByKey(dataSource, WebhookDelivery, "id"),
    attemptsOfWebhookDelivery: listLoader(dataSource, WebhookAttempt, "deliveryId", { number: "ASC" }),
  };
}
