import { Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../schema/node";
import type { Organization } from "./organization";
import { numeric } from "./numeric";

/** OFFERED → ACCEPTED → DELIVERED, or DECLINED (by the project) or WITHDRAWN (by the pledger) before delivery. */
export enum PledgeStatus {
  OFFERED = "OFFERED",
  ACCEPTED = "ACCEPTED",
  DELIVERED = "DELIVERED",
  DECLINED = "DECLINED",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(PledgeStatus, {
  name: "PledgeStatus",
  description: "Where a pledge is in its life.",
  valuesConfig: {
    OFFERED: { description: "Offered; waits for the need's poster or the project's lead to answer." },
    ACCEPTED: { description: "Accepted, wholly or in part (perhaps provisionally); to be delivered." },
    DELIVERED: { description: "Deliveries cover what was accepted." },
    DECLINED: { description: "Declined by the need's poster or the project's lead, or because the need or project was cancelled." },
    WITHDRAWN: { description: "Taken back by the pledging organisation before anything was delivered." },
  },
});

@Entity("pledge")
@ObjectType("Pledge", { implements: Node, simpleResolvers: true, description: "An organisation's commitment to fill (part of) a need." })
export class Pledge {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "need_id", type: "uuid" })
  needId: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  /** Set when a nested list loads the organisation in the same statement. */
  organization?: Organization | null;

  @Field(() => Float, { description: "What the organisation offered." })
  @Column({ type: "numeric", precision: 14, scale: 2, transformer: numeric })
  quantity: number;

  @Field(() => Float, { nullable: true, description: "What the project accepted (at most the offer); null until accepted." })
  @Column({ name: "accepted_quantity", type: "numeric", precision: 14, scale: 2, nullable: true, transformer: numeric })
  acceptedQuantity: number | null;

  @Field(() => Float, { description: "Sum of the deliveries recorded so far." })
  @Column({ name: "delivered_quantity", type: "numeric", precision: 14, scale: 2, default: 0, transformer: numeric })
  deliveredQuantity: number;

  @Field(() => PledgeStatus, { description: "Where the pledge is in its life, from OFFERED to DELIVERED." })
  @Column({ type: "varchar", length: 16, default: PledgeStatus.OFFERED })
  status: PledgeStatus;

  @Field(() => Boolean, { description: "Accepted provisionally (EDXL-RM): the project may still decline; see responseReason." })
  @Column({ type: "boolean", default: false })
  provisional: boolean;

  /** Why the pledge was accepted provisionally, declined or withdrawn. */
  @Column({ name: "response_reason", type: "varchar", length: 500, nullable: true })
  responseReason: string | null;

  @Column({ type: "varchar", length: 1000, nullable: true })
  note: string | null;

  @Field(() => Date, { nullable: true, description: "When the pledger can deliver from (UTC, ISO 8601); null when not given." })
  @Column({ name: "available_from", type: "timestamptz", precision: 3, nullable: true })
  availableFrom: Date | null;

  @Field(() => Date, { nullable: true, description: "When the pledger promises to deliver (UTC, ISO 8601); null when not given." })
  @Column({ name: "expected_delivery", type: "timestamptz", precision: 3, nullable: true })
  expectedDelivery: Date | null;

  @Field(() => Date, { description: "When the pledge was offered (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: "When the pledge last changed (UTC, ISO 8601)." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
