import { Field, Int, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

/** Something in an organisation's catalogue that volunteers redeem points for. */
@Entity("reward")
@ObjectType("Reward", { implements: Node, simpleResolvers: true, description: "A reward in an organisation's catalogue: its points price and what is left of it." })
export class Reward {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => String, { description: "The reward's name." })
  @Column({ type: "varchar", length: 100 })
  name: string;

  @Field(() => Int, { description: "What the reward costs, in points." })
  @Column({ name: "points_price", type: "integer" })
  pointsPrice: number;

  @Field(() => Int, { description: "How many are left." })
  @Column({ type: "integer" })
  stock: number;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
