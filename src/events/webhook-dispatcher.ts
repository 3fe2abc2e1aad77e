import { DataSource, In } from "typeorm";
import { type SecretBox, UnopenableSecretError } from "../auth/secret-box";
import type { WebhookSettings } from "../config";
import { isDatabaseUnavailable } from "../db/outage";
import { Event } from "../entities/event";
import { WebhookAttempt } from "../entities/webhook-attempt";
import { WebhookDelivery, WebhookDeliveryStatus } from "../entities/webhook-delivery";
import { WebhookEndpoint, WebhookEventType } from "../entities/webhook-endpoint";
import type { Logger } from "../logger";
import { verifiedAmong } from "../auth/authenticator";
import { eventCursor } from "../schema/subscription.types";
import { readEvents } from "./event-reader";
import { webhookEventMatcher } from "./subscription-filters";
import { WEBHOOK_TYPE_OF_EVENT } from "./webhook-payload";
import { postWebhook, RefusedAddressError } from "./webhook-request";

const BATCH = 500;
const SENDS_AT_ONCE = 10;
// Other instances' deliveries and leases that ran out are picked up at least this often.
const IDLE_CHECK_MS = 5_000;
const LONGEST_WAIT_MS = 3_600_000;
// Runs start at most this often: under a stream of writes, each event woke a run of five statements or more; a
// webhook now waits at most this much longer.
const RUN_SPACING_MS = 100;
const UNOPENABLE_SECRET = "the signing secret cannot be decrypted (the server's COGOV_JWT_SECRET has changed since it was stored): rotate the endpoint's secret with rotateWebhookSecret";

export type WebhookBody = (endpoint: WebhookEndpoint, type: WebhookEventType, event: Event) => Promise<string>;

/**
 * Sends the event stream to registered endpoints, at least once each. Each endpoint keeps its own
 * place in the stream (its row's `position`), so matching survives restarts; deliveries are rows
 * that any instance may claim (SKIP LOCKED, with a lease), so several instances share the work and
 * one that dies mid-send leaves the delivery to be sent again when its lease runs out.
 */
export class WebhookDispatcher {
  private running: Promise<void> | undefined;
  private runAgain = false;
  private timer: NodeJS.Timeout | undefined;
  /** Whether `timer` is a wake-up held back by RUN_SPACING_MS, which the idle timer must not replace. */
  private spacedWake = false;
  private lastRunAt = 0;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: WebhookSettings,
    private readonly secrets: SecretBox,
    private readonly log: Logger,
    private readonly bodyOf: WebhookBody,
  ) {}

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Matches new events and sends what is due, a run at most every RUN_SPACING_MS; a wake-up during a run causes one more. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.runAgain = true;
      return;
    }
    clearTimeout(this.timer);
    const spacing = this.lastRunAt + RUN_SPACING_MS - Date.now();
    this.spacedWake = spacing > 0;
    if (this.spacedWake) {
      this.timer = setTimeout(() => this.wake(), spacing);
      return;
    }
    this.lastRunAt = Date.now();
    this.running = this.run()
      .catch((error: unknown) => this.log.error({ err: error }, "webhook dispatch failed; the next wake-up retries"))
      .finally(() => {
        this.running = undefined;
        if (this.runAgain) {
          this.runAgain = false;
          this.wake();
        } else this.sleepUntilDue().catch((error: unknown) => this.log.error({ err: error }, "webhook dispatch cannot find its next due time"));
      });
  }

  private async run(): Promise<void> {
    while (!this.stopped && (await this.matchNewEvents()));
    while (!this.stopped && (await this.sendDue()) > 0);
  }

  private async sleepUntilDue(): Promise<void> {
    const [{ due }] = await this.dataSource.query(`SELECT min(next_attempt_at) AS due FROM webhook_delivery WHERE status = 'PENDING'`);
    const wait = due ? Math.max(0, new Date(due).getTime() - Date.now()) : IDLE_CHECK_MS;
    if (this.stopped || this.running || this.spacedWake) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.min(wait, IDLE_CHECK_MS));
  }

  /** Turns events past each active endpoint's place into deliveries; true when an endpoint has more to read. */
  private matchNewEvents(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const endpoints = await manager
        .getRepository(WebhookEndpoint)
        .createQueryBuilder("endpoint")
        .where(`"endpoint"."active"`)
        .andWhere(`"endpoint"."position" < (SELECT coalesce(max(position), 0) FROM event)`)
        .setLock("pessimistic_write")
        .setOnLocked("skip_locked")
        .getMany();
      let more = false;
      const verified = endpoints.length ? await verifiedAmong(manager, endpoints.map((endpoint) => endpoint.organizationId)) : new Set<string>();
      for (const endpoint of endpoints) {
        const events = await readEvents(manager, endpoint.position, BATCH);
        if (events.length === 0) continue;
        const matches = webhookEventMatcher(endpoint, verified.has(endpoint.organizationId));
        const deliveries = events.filter(matches).map((event) => ({
          endpointId: endpoint.id,
          eventPosition: event.position,
          eventType: WEBHOOK_TYPE_OF_EVENT[event.type]!,
          nextAttemptAt: () => "now()",
        }));
        if (deliveries.length > 0) await manager.createQueryBuilder().insert().into(WebhookDelivery).values(deliveries).orIgnore().execute();
        await manager.query(`UPDATE webhook_endpoint SET position = $1 WHERE id = $2`, [events[events.length - 1].position, endpoint.id]);
        more ||= events.length === BATCH;
      }
      return more;
    });
  }

  /** Claims due deliveries of active endpoints for one lease and sends them; returns how many. */
  private async sendDue(): Promise<number> {
    const leaseSeconds = this.settings.timeoutMs / 1000 + 30;
    // TypeORM answers an UPDATE with [rows, count].
    const [claimed]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE webhook_delivery SET next_attempt_at = now() + make_interval(secs => $2)
       WHERE id IN (
         SELECT delivery.id FROM webhook_delivery delivery JOIN webhook_endpoint endpoint ON endpoint.id = delivery.endpoint_id
         WHERE delivery.status = 'PENDING' AND delivery.next_attempt_at <= now() AND endpoint.active
         ORDER BY delivery.next_attempt_at LIMIT $1 FOR UPDATE OF delivery SKIP LOCKED)
       RETURNING id`,
      [SENDS_AT_ONCE, leaseSeconds],
    );
    if (claimed.length === 0) return 0;
    const deliveries = await this.dataSource.getRepository(WebhookDelivery).findBy({ id: In(claimed.map((row) => row.id)) });
    const endpoints = new Map((await this.dataSource.getRepository(WebhookEndpoint).findBy({ id: In(deliveries.map((delivery) => delivery.endpointId)) })).map((endpoint) => [endpoint.id, endpoint]));
    const events = new Map((await this.dataSource.getRepository(Event).findBy({ position: In(deliveries.map((delivery) => delivery.eventPosition)) })).map((event) => [event.position, event]));
    await Promise.all(
      deliveries.map((delivery) => {
        const endpoint = endpoints.get(delivery.endpointId);
        // An endpoint deleted since the claim took its deliveries with it.
        return endpoint ? this.attempt(delivery, endpoint, events.get(delivery.eventPosition)!) : undefined;
      }),
    );
    return claimed.length;
  }

  private async attempt(delivery: WebhookDelivery, endpoint: WebhookEndpoint, event: Event): Promise<void> {
    const startedAt = new Date();
    let body = delivery.body;
    let responseStatus: number | null = null;
    let error: string | null = null;
    try {
      body ??= await this.bodyOf(endpoint, delivery.eventType, event);
      const secrets = signingSecrets(endpoint, startedAt).map((sealed) => this.secrets.open(sealed));
      responseStatus = await postWebhook({ url: endpoint.url, id: eventCursor(event.position), secrets, body, timeoutMs: this.settings.timeoutMs, allowPrivate: this.settings.allowPrivateAddresses });
      if (responseStatus < 200 || responseStatus > 299) error = `the endpoint answered HTTP ${responseStatus}`;
    } catch (failure) {
      // An outage is not the endpoint's failure: no attempt is counted, and the delivery is claimed again when its lease ends.
      if (body === null && isDatabaseUnavailable(failure)) {
        this.log.warn({ deliveryId: delivery.id }, "a webhook payload could not be made while the database is unreachable; it is sent later");
        return;
      }
      // A body that cannot be made otherwise is a failed attempt too: retried, counted, and given up in the end.
      error = body === null ? `the payload could not be made: ${(failure as Error).message}` : this.describe(failure);
      // Only an admin can mend this, and every delivery to the endpoint fails until one does.
      if (failure instanceof UnopenableSecretError) this.log.error({ endpointId: endpoint.id, organizationId: endpoint.organizationId }, `webhook endpoint: ${error}`);
    }
    const number = delivery.attemptCount + 1;
    const succeeded = error === null;
    // A redelivery asked for by an admin is one attempt, not a new series of retries.
    const finished = succeeded || number >= this.settings.maxAttempts || delivery.redeliveredAt !== null;
    await this.dataSource
      .transaction(async (manager) => {
        await manager.insert(WebhookAttempt, { deliveryId: delivery.id, number, startedAt, durationMs: Date.now() - startedAt.getTime(), responseStatus, error: error?.slice(0, 500) ?? null, succeeded });
        await manager.update(WebhookDelivery, delivery.id, {
          body,
          attemptCount: number,
          status: succeeded ? WebhookDeliveryStatus.SUCCEEDED : finished ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING,
          nextAttemptAt: finished ? null : new Date(Date.now() + this.waitAfter(number)),
        });
      })
      .catch((failure: unknown) => this.log.warn({ err: failure, deliveryId: delivery.id }, "a webhook attempt could not be recorded (its endpoint was deleted?)"));
    if (!succeeded) this.log.info({ deliveryId: delivery.id, endpointId: endpoint.id, attempt: number, error, finished }, "webhook attempt failed");
  }

  /** Doubles from the base after every failed attempt, up to an hour, plus up to a tenth at random so retries spread out. */
  private waitAfter(attempts: number): number {
    const wait = Math.min(this.settings.retryBaseMs * 2 ** (attempts - 1), LONGEST_WAIT_MS);
    return Math.round(wait * (1 + Math.random() / 10));
  }

  private describe(failure: unknown): string {
    if (failure instanceof UnopenableSecretError) return UNOPENABLE_SECRET;
    if (failure instanceof RefusedAddressError) return `refused: ${failure.message}`;
    if (failure instanceof Error && (failure.name === "TimeoutError" || failure.name === "AbortError")) return `no answer within ${this.settings.timeoutMs} ms`;
    const code = (failure as NodeJS.ErrnoException).code;
    return code ? `no connection: ${code}` : String((failure as Error).message ?? failure);
  }
}

/** The current secret, and the one a rotation replaced while its grace period lasts; both sealed. */
function signingSecrets(endpoint: WebhookEndpoint, at: Date): string[] {
  const { secret, previousSecret, previousSecretExpiresAt } = endpoint;
  return previousSecret && previousSecretExpiresAt && previousSecretExpiresAt > at ? [secret, previousSecret] : [secret];
}
