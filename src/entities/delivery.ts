import { Field, Float, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { numeric } from "./numeric";

@Entity("delivery")
@ObjectType("Delivery", { simpleResolvers: true, description: "Part or all of a pledge, handed over." })
export class Delivery {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "pledge_id", type: "uuid" })
  pledgeId: string;

  @Field(() => Float, { description: "How much was delivered, in the need's unit." })
  @Column({ type: "numeric", precision: 14, scale: 2, transformer: numeric })
  quantity: number;

  @Column({ type: "varchar", length: 1000, nullable: true })
  note: string | null;

  @Column({ name: "recorded_by_organization_id", type: "uuid" })
  recordedByOrganizationId: string;

  @Field(() => Date, { description: "When the delivery arrived (UTC, ISO 8601)." })
  @Column({ name: "delivered_at", type: "timestamptz", precision: 3, default: () => "now()" })
  deliveredAt: Date;
}
