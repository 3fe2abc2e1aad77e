import { Field, Float, ID, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { numeric } from "./numeric";
import { NeedCategory } from "./resource-need";

@Entity("offered_capacity")
@ObjectType("OfferedCapacity", {
  simpleResolvers: true,
  description: "What an organisation says it can offer: a kind of need it can fill, where, and how much. Public, so coordinators find it.",
})
export class OfferedCapacity {
  @Field(() => ID, { description: "This line's id." })
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => NeedCategory, { description: "The category of needs it can fill." })
  @Column({ type: "varchar", length: 32 })
  category: NeedCategory;

  @Field(() => String, { description: "The area it serves, and every area inside it (an area code)." })
  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Field(() => Float, { nullable: true, description: "How much it can offer at a time, in `unit`; null when it did not say." })
  @Column({ type: "numeric", precision: 14, scale: 2, nullable: true, transformer: numeric })
  quantity: number | null;

  @Field(() => String, { nullable: true, description: "What the quantity counts, e.g. 袋, 人, 床位; given with the quantity." })
  @Column({ type: "varchar", length: 32, nullable: true })
  unit: string | null;

  @Field(() => String, { nullable: true, description: "Conditions, e.g. 週末可到, 需提前一天通知." })
  @Column({ type: "varchar", length: 200, nullable: true })
  note: string | null;

  /** Its place in the declared list. */
  @Column({ type: "smallint" })
  position: number;

  @Field(() => Date, { description: "When the line was declared (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
