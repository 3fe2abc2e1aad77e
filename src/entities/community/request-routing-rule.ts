import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";
import { RequestCategory } from "./resident-request";

/** One line of the routing table: requests of this category in this area (or below it) go to this organisation. */
@Entity("request_routing_rule")
@ObjectType("RequestRoutingRule", { implements: Node, simpleResolvers: true, description: "Requests of a category filed in an area (or below it) go to an organisation; the longest matching area wins." })
export class RequestRoutingRule {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "Area code the request's area must start with." })
  @Column({ name: "area_prefix", type: "varchar", length: 32 })
  areaPrefix: string;

  @Field(() => RequestCategory, { description: "The category of requests the rule routes." })
  @Column({ type: "varchar", length: 24 })
  category: RequestCategory;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  /** The coordinating organisation that keeps the line. */
  @Column({ name: "kept_by_organization_id", type: "uuid" })
  keptByOrganizationId: string;

  @Field(() => Date, { description: "When the rule was written (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
