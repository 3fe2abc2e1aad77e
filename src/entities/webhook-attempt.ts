import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

/** One HTTP request of a delivery, and how it went. */
@Entity("webhook_attempt")
@ObjectType("WebhookAttempt", { simpleResolvers: true })
export class WebhookAttempt {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "delivery_id", type: "uuid" })
  deliveryId: string;

  @Field(() => Int, { description: "1 for the first attempt." })
  @Column({ type: "integer" })
  number: number;

  @Field(() => Date)
  @Column({ name: "started_at", type: "timestamptz", precision: 3 })
  startedAt: Date;

  @Field(() => Int)
  @Column({ name: "duration_ms", type: "integer" })
  durationMs: number;

  @Field(() => Int, { nullable: true, description: "The endpoint's HTTP status; null when no answer came." })
  @Column({ name: "response_status", type: "integer", nullable: true })
  responseStatus: number | null;

  @Field(() => String, { nullable: true, description: "Why it failed, when it did: no connection, a timeout, a refused address, or a non-2xx status." })
  @Column({ type: "varchar", length: 500, nullable: true })
  error: string | null;

  @Field(() => Boolean)
  @Column({ type: "boolean" })
  succeeded: boolean;
}
