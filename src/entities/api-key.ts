import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../schema/node";

export enum ApiKeyScope {
  READ = "read",
  WRITE_NEEDS = "write:needs",
  WRITE_PLEDGES = "write:pledges",
  ALERTS = "alerts",
  WEBHOOKS = "webhooks",
}
registerEnumType(ApiKeyScope, {
  name: "ApiKeyScope",
  description: "What an API key may do for its organisation.",
  valuesConfig: {
    READ: { description: "Read what members of the organisation may read." },
    WRITE_NEEDS: { description: "Post, change and cancel the organisation's needs." },
    WRITE_PLEDGES: { description: "Pledge, answer pledges and record deliveries for the organisation." },
    ALERTS: { description: "Issue and change emergency alerts (when the organisation may)." },
    WEBHOOKS: { description: "Create, change, delete and read the organisation's webhook endpoints, rotate their secrets and redeliver." },
  },
});

@Entity("api_key")
@ObjectType("ApiKey", { implements: Node, simpleResolvers: true, description: "A key an integrator's program uses to act for one organisation." })
export class ApiKey {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "The public part of the key (after cgk_), to tell keys apart." })
  @Column({ name: "public_id", type: "varchar", length: 16, unique: true })
  publicId: string;

  /** SHA-256 of the secret part, hex. */
  @Column({ name: "secret_hash", type: "varchar", length: 64 })
  secretHash: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => String, { description: "The name its organisation gave the key, to tell keys apart." })
  @Column({ type: "varchar", length: 100 })
  name: string;

  @Field(() => [ApiKeyScope], { description: "What the key may do for its organisation." })
  @Column({ type: "varchar", length: 16, array: true })
  scopes: ApiKeyScope[];

  @Column({ name: "created_by_user_id", type: "uuid", nullable: true })
  createdByUserId: string | null;

  @Field(() => Date, { description: "When the key was created (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: "When the key last authenticated a request, to the minute (UTC, ISO 8601); null if never." })
  @Column({ name: "last_used_at", type: "timestamptz", precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "Set once the key is revoked; it no longer works." })
  @Column({ name: "revoked_at", type: "timestamptz", precision: 3, nullable: true })
  revokedAt: Date | null;
}
