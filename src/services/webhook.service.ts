import { randomBytes } from "node:crypto";
import { DataSource, EntityManager } from "typeorm";
import { actFor, mayActFor, REQUIRE } from "../auth/policy";
import type { SecretBox } from "../auth/secret-box";
import type { Viewer } from "../auth/viewer";
import type { WebhookSettings } from "../config";
import { KeysetPager, Page, PageArgs, Sort } from "../db/keyset-page";
import type { Loaders } from "../loaders";
import { Project } from "../entities/project";
import { WebhookDelivery, WebhookDeliveryStatus } from "../entities/webhook-delivery";
import { WebhookEndpoint, WebhookEventType, WebhookFilter } from "../entities/webhook-endpoint";
import { latestEventPosition } from "../events/event-reader";
import { webhookUrlProblem } from "../events/webhook-request";
import { t } from "../i18n/text";
import { audit, snapshot } from "./audit";
import { InputCheck, UserErrorCode } from "./errors";
import { findArea, inTransaction, refuse, text } from "./input-rules";

export const MAX_WEBHOOK_ENDPOINTS = 20;
/** After a rotation, deliveries are signed with the replaced secret as well for this long. */
export const SECRET_GRACE_HOURS = 24;
// Each statement of the retention sweep deletes at most this many deliveries, so its locks stay short.
const RETENTION_BATCH = 1_000;
const RETENTION_BATCHES_PER_SWEEP = 10;
const NEWEST_FIRST: Sort = { name: "CREATED_AT", property: "createdAt", kind: "timestamp", direction: "DESC" };

export interface WebhookEndpointFields {
  url?: string;
  description?: string | null;
  eventTypes?: WebhookEventType[];
  filter?: WebhookFilter;
  active?: boolean;
}

/** Endpoints an organisation's admins register; the dispatcher (events/webhook-dispatcher.ts) sends to them. */
export class WebhookService {
  private readonly changeListeners: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: WebhookSettings,
    private readonly secrets: SecretBox,
  ) {}

  /** Called after an endpoint is updated, so a resumed one is sent its backlog at once on this instance (others look every few seconds). */
  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** The new endpoint and its signing secret, shown this once. It is sent events from now on. */
  async create(viewer: Viewer, organizationId: string, fields: WebhookEndpointFields): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const actor = actFor(viewer, organizationId, REQUIRE.webhooks);
    const check = new InputCheck();
    const url = await this.checkedUrl(check, fields.url ?? "");
    const description = text(check, "description", fields.description, 200, false);
    if (!fields.eventTypes?.length) check.add("eventTypes", UserErrorCode.REQUIRED, t("webhook.eventTypesRequired"));
    return inTransaction(this.dataSource, async (manager) => {
      const filter = await checkedFilter(manager, check, fields.filter ?? {});
      // The organisation's row is locked so two registrations cannot both pass the limit.
      await manager.query(`SELECT 1 FROM organization WHERE id = $1 FOR UPDATE`, [organizationId]);
      if ((await manager.countBy(WebhookEndpoint, { organizationId })) >= MAX_WEBHOOK_ENDPOINTS) {
        check.add("actingOrganizationId", UserErrorCode.OUT_OF_RANGE, t("webhook.tooMany", { limit: MAX_WEBHOOK_ENDPOINTS }));
      }
      check.throwIfAny();
      const secret = newSecret();
      // From the settled head: an event still in flight now is after it, and is sent.
      const head = (await latestEventPosition(manager)).toString();
      const endpoint = await manager.save(
        manager.create(WebhookEndpoint, { organizationId, url, description, eventTypes: [...new Set(fields.eventTypes)], filter, secret: this.secrets.seal(secret), position: head, createdByUserId: actor.userId }),
      );
      await audit(manager, actor, { action: "createWebhookEndpoint", entityType: "WebhookEndpoint", entityId: endpoint.id, before: null, after: endpoint });
      return { endpoint, secret };
    });
  }

  /** Changes what is given. Pausing keeps the endpoint's place: once active again, it is sent what happened meanwhile. */
  async update(viewer: Viewer, organizationId: string, endpointId: string, fields: WebhookEndpointFields): Promise<WebhookEndpoint> {
    const actor = actFor(viewer, organizationId, REQUIRE.webhooks);
    const check = new InputCheck();
    const url = fields.url === undefined ? undefined : await this.checkedUrl(check, fields.url);
    const description = fields.description === undefined ? undefined : text(check, "description", fields.description, 200, false);
    if (fields.eventTypes !== undefined && fields.eventTypes.length === 0) check.add("eventTypes", UserErrorCode.REQUIRED, t("webhook.eventTypesRequired"));
    const updated = await inTransaction(this.dataSource, async (manager) => {
      const filter = fields.filter === undefined ? undefined : await checkedFilter(manager, check, fields.filter);
      check.throwIfAny();
      const endpoint = await lockEndpoint(manager, organizationId, endpointId);
      const before = snapshot(endpoint);
      Object.assign(endpoint, {
        ...(url !== undefined && { url }),
        ...(description !== undefined && { description }),
        ...(fields.eventTypes !== undefined && { eventTypes: [...new Set(fields.eventTypes)] }),
        ...(filter !== undefined && { filter }),
        ...(fields.active !== undefined && { active: fields.active }),
      });
      const saved = await manager.save(endpoint);
      await audit(manager, actor, { action: "updateWebhookEndpoint", entityType: "WebhookEndpoint", entityId: saved.id, before, after: saved });
      return saved;
    });
    for (const listener of this.changeListeners) listener();
    return updated;
  }

  /** Deletes the endpoint with its deliveries and their attempts; the audit log keeps the deletion. */
  async delete(viewer: Viewer, organizationId: string, endpointId: string): Promise<string> {
    const actor = actFor(viewer, organizationId, REQUIRE.webhooks);
    return inTransaction(this.dataSource, async (manager) => {
      const endpoint = await lockEndpoint(manager, organizationId, endpointId);
      const before = snapshot(endpoint);
      await manager.delete(WebhookEndpoint, { id: endpoint.id });
      await audit(manager, actor, { action: "deleteWebhookEndpoint", entityType: "WebhookEndpoint", entityId: endpointId, before, after: null });
      return endpointId;
    });
  }

  /**
   * A new signing secret, shown this once. The replaced one signs deliveries too for SECRET_GRACE_HOURS, so
   * receivers can switch without a delivery failing; a secret rotated out before it stops signing now.
   * One that cannot be opened (COGOV_JWT_SECRET changed) could not sign, so it is dropped at once.
   */
  async rotateSecret(viewer: Viewer, organizationId: string, endpointId: string): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const actor = actFor(viewer, organizationId, REQUIRE.webhooks);
    return inTransaction(this.dataSource, async (manager) => {
      const endpoint = await lockEndpoint(manager, organizationId, endpointId);
      const before = snapshot(endpoint);
      const secret = newSecret();
      const kept = this.secrets.opens(endpoint.secret);
      Object.assign(endpoint, {
        previousSecret: kept ? endpoint.secret : null,
        previousSecretExpiresAt: kept ? new Date(Date.now() + SECRET_GRACE_HOURS * 3_600_000) : null,
        secret: this.secrets.seal(secret),
      });
      const saved = await manager.save(endpoint);
      await audit(manager, actor, { action: "rotateWebhookSecret", entityType: "WebhookEndpoint", entityId: saved.id, before, after: saved });
      return { endpoint: saved, secret };
    });
  }

  /**
   * Seals the secrets stored in plain text before they were encrypted, which the migration that made room for
   * sealed ones could not do without the key; returns how many endpoints it changed. Run at start, before the
   * dispatcher, which opens sealed secrets only. Instances starting together wait on each other's row locks.
   */
  async sealPlaintextSecrets(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string; secret: string; previousSecret: string | null }[] = await manager.query(
        `SELECT id, secret, previous_secret AS "previousSecret" FROM webhook_endpoint
         WHERE starts_with(secret, 'whsec_') OR starts_with(previous_secret, 'whsec_') FOR UPDATE`,
      );
      const sealed = (value: string | null) => (value?.startsWith("whsec_") ? this.secrets.seal(value) : value);
      for (const row of rows) await manager.query(`UPDATE webhook_endpoint SET secret = $2, previous_secret = $3 WHERE id = $1`, [row.id, sealed(row.secret), sealed(row.previousSecret)]);
      return rows.length;
    });
  }

  /** Sends a delivery that succeeded or failed once more, now, with the same webhook-id and body; its attempt is logged after the earlier ones. */
  async redeliver(viewer: Viewer, organizationId: string, deliveryId: string): Promise<WebhookDelivery> {
    const actor = actFor(viewer, organizationId, REQUIRE.webhooks);
    const redelivered = await inTransaction(this.dataSource, async (manager) => {
      const delivery = await manager.findOne(WebhookDelivery, { where: { id: deliveryId }, lock: { mode: "pessimistic_write" } });
      // Deleting an endpoint deletes its deliveries, so a deleted endpoint's delivery is not found either.
      const endpoint = delivery && (await manager.findOneBy(WebhookEndpoint, { id: delivery.endpointId, organizationId }));
      if (!delivery || !endpoint) refuse("deliveryId", UserErrorCode.NOT_FOUND, t("webhook.deliveryNotFound"));
      if (!endpoint.active) refuse("deliveryId", UserErrorCode.INVALID_TRANSITION, t("webhook.redeliverPaused"));
      if (delivery.status === WebhookDeliveryStatus.PENDING) refuse("deliveryId", UserErrorCode.INVALID_TRANSITION, t("webhook.redeliverPending"));
      const before = deliveryState(delivery);
      // The database's clock, which the dispatcher compares next_attempt_at with.
      await manager.update(WebhookDelivery, delivery.id, { status: WebhookDeliveryStatus.PENDING, nextAttemptAt: () => "now()", redeliveredAt: () => "now()" });
      const after = await manager.findOneByOrFail(WebhookDelivery, { id: delivery.id });
      await audit(manager, actor, { action: "redeliverWebhookDelivery", entityType: "WebhookDelivery", entityId: delivery.id, before, after: deliveryState(after) });
      return after;
    });
    for (const listener of this.changeListeners) listener();
    return redelivered;
  }

  /**
   * Deletes deliveries that succeeded or failed, with their attempts, once they and their last attempt are
   * older than the retention; returns how many. Several instances may run it at once: each skips the
   * rows another holds. Previous secrets past their grace period are forgotten too.
   */
  async forgetOld(): Promise<number> {
    await this.dataSource.query(`UPDATE webhook_endpoint SET previous_secret = NULL, previous_secret_expires_at = NULL WHERE previous_secret_expires_at <= now()`);
    let removed = 0;
    for (let batch = 0; batch < RETENTION_BATCHES_PER_SWEEP; batch += 1) {
      const [, count]: [unknown, number] = await this.dataSource.query(
        `DELETE FROM webhook_delivery WHERE id IN (
           SELECT delivery.id FROM webhook_delivery delivery
           WHERE delivery.status <> 'PENDING' AND delivery.created_at < now() - make_interval(days => $1)
             AND NOT EXISTS (SELECT 1 FROM webhook_attempt attempt WHERE attempt.delivery_id = delivery.id AND attempt.started_at >= now() - make_interval(days => $1))
           LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [this.settings.retentionDays, RETENTION_BATCH],
      );
      removed += count;
      if (count < RETENTION_BATCH) break;
    }
    return removed;
  }

  /** Deliveries waiting to be accepted, and how long the most overdue of them has been due (for monitoring). */
  async backlog(): Promise<{ pending: number; oldestDueSeconds: number }> {
    const [row] = await this.dataSource.query(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0)::float8 AS overdue FROM webhook_delivery WHERE status = 'PENDING'`,
    );
    return { pending: row.pending, oldestDueSeconds: Math.max(0, row.overdue) };
  }

  /** Where the organisation's events are sent, for its admins and webhooks keys; empty for everyone else. */
  endpointsOf(viewer: Viewer, loaders: Pick<Loaders, "webhookEndpointsOfOrganization">, organizationId: string): Promise<WebhookEndpoint[]> | WebhookEndpoint[] {
    return mayActFor(viewer, organizationId, REQUIRE.webhooks) ? loaders.webhookEndpointsOfOrganization.load(organizationId) : [];
  }

  /** The endpoint, for its organisation's admins and webhooks keys; null for everyone else. */
  async findEndpoint(viewer: Viewer, loaders: Pick<Loaders, "webhookEndpoint">, id: string): Promise<WebhookEndpoint | null> {
    const endpoint = await loaders.webhookEndpoint.load(id);
    return endpoint && mayActFor(viewer, endpoint.organizationId, REQUIRE.webhooks) ? endpoint : null;
  }

  /** The delivery, for the admins and webhooks keys of its endpoint's organisation; null for everyone else. */
  async findDelivery(viewer: Viewer, loaders: Pick<Loaders, "webhookDelivery" | "webhookEndpoint">, id: string): Promise<WebhookDelivery | null> {
    const delivery = await loaders.webhookDelivery.load(id);
    const endpoint = delivery && (await loaders.webhookEndpoint.load(delivery.endpointId));
    return endpoint && mayActFor(viewer, endpoint.organizationId, REQUIRE.webhooks) ? delivery : null;
  }

  /** An endpoint's deliveries, newest first; for the organisation's admins (checked by the caller). */
  deliveries(endpointId: string, statuses: WebhookDeliveryStatus[] | null | undefined, args: PageArgs): Promise<Page<WebhookDelivery>> {
    const query = this.dataSource.getRepository(WebhookDelivery).createQueryBuilder("delivery").where(`"delivery"."endpoint_id" = :endpointId`, { endpointId });
    if (statuses?.length) query.andWhere(`"delivery"."status" IN (:...statuses)`, { statuses });
    return new KeysetPager(this.dataSource.getRepository(WebhookDelivery)).page(query, NEWEST_FIRST, args);
  }

  private async checkedUrl(check: InputCheck, url: string): Promise<string> {
    const trimmed = url.trim();
    if (trimmed.length > 2000) {
      check.add("url", UserErrorCode.TOO_LONG, t("input.tooLong", { field: "url", length: trimmed.length, limit: 2000 }));
      return trimmed;
    }
    const problem = await webhookUrlProblem(trimmed, this.settings.allowPrivateAddresses);
    if (problem) {
      const host = problem === "unresolvable" || problem === "privateAddress" ? new URL(trimmed).hostname : "";
      check.add("url", problem === "privateAddress" ? UserErrorCode.NOT_PERMITTED : UserErrorCode.INVALID, t(`webhook.${problem}`, { host }));
    }
    return trimmed;
  }
}

/** `whsec_` and the base64 of 32 random bytes, as Standard Webhooks libraries take it. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** What the audit log keeps of a delivery: its state, not its body. */
function deliveryState(delivery: WebhookDelivery): Record<string, unknown> {
  const { status, attemptCount, nextAttemptAt, redeliveredAt } = delivery;
  return { id: delivery.id, status, attemptCount, nextAttemptAt, redeliveredAt };
}

async function checkedFilter(manager: EntityManager, check: InputCheck, filter: WebhookFilter): Promise<WebhookFilter> {
  if (filter.areaCode) await findArea(manager, check, "filter.areaCode", filter.areaCode);
  if (filter.projectId && !(await manager.existsBy(Project, { id: filter.projectId }))) check.add("filter.projectId", UserErrorCode.NOT_FOUND, t("project.notFound"));
  return {
    areaCode: filter.areaCode ?? null,
    categories: filter.categories?.length ? [...new Set(filter.categories)] : null,
    urgencyAtLeast: filter.urgencyAtLeast ?? null,
    projectId: filter.projectId ?? null,
  };
}

async function lockEndpoint(manager: EntityManager, organizationId: string, endpointId: string): Promise<WebhookEndpoint> {
  const endpoint = await manager.findOne(WebhookEndpoint, { where: { id: endpointId, organizationId }, lock: { mode: "pessimistic_write" } });
  if (!endpoint) refuse("endpointId", UserErrorCode.NOT_FOUND, t("webhook.notFound"));
  return endpoint;
}

