import { Field, Float, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

/** A place where an organisation offers services (HSDS `location`, physical); its services are linked through service_at_location. */
@Entity("service_location")
@ObjectType("ServiceLocation", { implements: Node, simpleResolvers: true, description: "A place where an organisation offers services (HSDS location)." })
export class ServiceLocation {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => String, { description: "The place's name." })
  @Column({ type: "varchar", length: 200 })
  name: string;

  @Field(() => String, { description: "The place's street address." })
  @Column({ type: "varchar", length: 300 })
  address: string;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Field(() => Float, { nullable: true, description: "Latitude in decimal degrees (WGS 84); null when not given." })
  @Column({ type: "double precision", nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude in decimal degrees (WGS 84); null when not given." })
  @Column({ type: "double precision", nullable: true })
  longitude: number | null;

  @Field(() => String, { nullable: true, description: "Step-free access, lifts, accessible toilets, sign language…, in words." })
  @Column({ type: "text", nullable: true })
  accessibility: string | null;

  @Field(() => Date, { nullable: true, description: "When the organisation stopped using the place; its services are no longer offered there." })
  @Column({ name: "retired_at", type: "timestamptz", precision: 3, nullable: true })
  retiredAt: Date | null;

  @Field(() => Date, { description: "When the place was added (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
