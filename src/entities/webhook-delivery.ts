import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../schema/node";
import { WebhookEventType } from "./webhook-endpoint";

export enum WebhookDeliveryStatus {
  PENDING = "PENDING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
}
registerEnumType(WebhookDeliveryStatus, {
  name: "WebhookDeliveryStatus",
  description: "Where a webhook delivery stands.",
  valuesConfig: {
    PENDING: { description: "Not yet accepted by the endpoint; `nextAttemptAt` says when it is tried again." },
    SUCCEEDED: { description: "The endpoint answered 2xx." },
    FAILED: { description: "Every attempt failed; nothing more is tried unless it is redelivered (redeliverWebhookDelivery)." },
  },
});

/** One event for one endpoint, sent until it succeeds or runs out of attempts. */
@Entity("webhook_delivery")
@ObjectType("WebhookDelivery", { implements: Node, simpleResolvers: true, description: "One event sent, or to be sent, to one webhook endpoint, with its attempts." })
export class WebhookDelivery {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "endpoint_id", type: "uuid" })
  endpointId: string;

  @Column({ name: "event_position", type: "bigint" })
  eventPosition: string;

  @Field(() => WebhookEventType, { description: "The kind of event delivered." })
  @Column({ name: "event_type", type: "varchar", length: 20 })
  eventType: WebhookEventType;

  @Field(() => WebhookDeliveryStatus, { description: "Whether the delivery is pending, succeeded or failed." })
  @Column({ type: "varchar", length: 10, default: WebhookDeliveryStatus.PENDING })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: "How many attempts have been made." })
  @Column({ name: "attempt_count", type: "integer", default: 0 })
  attemptCount: number;

  @Field(() => Date, { nullable: true, description: "When the next attempt is due; null once it succeeded or failed." })
  @Column({ name: "next_attempt_at", type: "timestamptz", precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  /** The JSON sent, made at the first attempt so every retry sends the same bytes. */
  @Column({ type: "text", nullable: true })
  body: string | null;

  @Field(() => Date, { nullable: true, description: "When an admin last asked for it to be sent again (redeliverWebhookDelivery); null if never." })
  @Column({ name: "redelivered_at", type: "timestamptz", precision: 3, nullable: true })
  redeliveredAt: Date | null;

  @Field(() => Date, { description: "When the delivery was queued (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
