import { Field, ObjectType } from "type-graphql";
import { GraphQLJSONObject } from "graphql-scalars";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity("audit_entry")
@ObjectType("AuditEntry", { simpleResolvers: true, description: "One change: who made it, for which organisation, and the values before and after." })
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: "bigint" })
  id: string;

  @Field(() => Date, { description: "When the change was made (UTC, ISO 8601)." })
  @Column({ name: "occurred_at", type: "timestamptz", precision: 3, default: () => "now()" })
  occurredAt: Date;

  @Column({ name: "organization_id", type: "uuid", nullable: true })
  organizationId: string | null;

  @Column({ name: "actor_user_id", type: "uuid", nullable: true })
  actorUserId: string | null;

  @Column({ name: "actor_api_key_id", type: "uuid", nullable: true })
  actorApiKeyId: string | null;

  @Field(() => String, { description: "The mutation, e.g. acceptPledge." })
  @Column({ type: "varchar", length: 64 })
  action: string;

  @Field(() => String, { description: "The kind of object changed, e.g. Pledge." })
  @Column({ name: "entity_type", type: "varchar", length: 32 })
  entityType: string;

  @Column({ name: "entity_id", type: "varchar", length: 64 })
  entityId: string;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The object before the change; null when it was created." })
  @Column({ type: "jsonb", nullable: true })
  before: Record<string, unknown> | null;

  @Field(() => GraphQLJSONObject, { nullable: true, description: "The object after the change; null when it was removed." })
  @Column({ type: "jsonb", nullable: true })
  after: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: "The x-request-id of the request that made the change." })
  @Column({ name: "request_id", type: "varchar", length: 100, nullable: true })
  requestId: string | null;
}
