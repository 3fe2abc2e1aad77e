import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** One HTTP request of a delivery, and how it went. */
@Entity("webhook_attempt")
@ObjectType("WebhookAttempt", { simpleResolvers: true, description: "One attempt to send a webhook delivery to its endpoint." })
export class WebhookAttempt {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "delivery_id", type: "uuid" })
  deliveryId: string;

  @Field(() => Int, { description: "1 for the first attempt." })
  @Column({ type: "integer" })
  number: number;

  @Field(() => Date, { description: "When the attempt started (UTC, ISO 8601)." })
  @Column({ name: "started_at", type: "timestamptz", precision: 3 })
  startedAt: Date;

  @Field(() => Int, { description: "How long the attempt took, in milliseconds." })
  @Column({ name: "duration_ms", type: "integer" })
  durationMs: number;

  @Field(() => Int, { nullable: true, description: "The endpoint's HTTP status; null when no answer came." })
  @Column({ name: "response_status", type: "integer", nullable: true })
  responseStatus: number | null;

  @Field(() => String, { nullable: true, description: "Why it failed, when it did: no connection, a timeout, a refused address, or a non-2xx status." })
  @Column({ type: "varchar", length: 500, nullable: true })
  error: string | null;

  @Field(() => Boolean, { description: "Whether the endpoint answered 2xx." })
  @Column({ type: "boolean" })
  succeeded: boolean;
}
