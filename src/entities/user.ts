import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../schema/node";

@Entity("app_user")
@ObjectType("User", { implements: Node, simpleResolvers: true, description: "A person who signs in and acts for organisations." })
export class User {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "Lowercase; unique." })
  @Column({ type: "varchar", length: 254, unique: true })
  email: string;

  @Field(() => String, { description: "The name the person shows others." })
  @Column({ name: "display_name", type: "varchar", length: 100 })
  displayName: string;

  /** scrypt, with its parameters and salt; null for accounts that only sign in through OIDC. */
  @Column({ name: "password_hash", type: "varchar", length: 200, nullable: true })
  passwordHash: string | null;

  @Field(() => Date, { description: "When the account was created (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
