import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

/** Strongest first; each role may do what the ones after it may. */
export enum MemberRole {
  OWNER = "OWNER",
  ADMIN = "ADMIN",
  COORDINATOR = "COORDINATOR",
  MEMBER = "MEMBER",
}
registerEnumType(MemberRole, {
  name: "MemberRole",
  description: "A person's role in an organisation; each role may do what the roles below it may.",
  valuesConfig: {
    OWNER: { description: "Everything an admin may, and appoints or removes owners." },
    ADMIN: { description: "Edits the organisation, manages members, API keys, and reads the audit log." },
    COORDINATOR: { description: "Runs projects and needs, answers pledges." },
    MEMBER: { description: "Pledges and records deliveries for the organisation." },
  },
});

export const ROLE_RANK: Record<MemberRole, number> = { OWNER: 4, ADMIN: 3, COORDINATOR: 2, MEMBER: 1 };

@Entity("membership")
@ObjectType("Membership", { simpleResolvers: true, description: "A user's role in an organisation." })
export class Membership {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "user_id", type: "uuid" })
  userId: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => MemberRole, { description: "The person's role in the organisation, which decides what they may do for it." })
  @Column({ type: "varchar", length: 16 })
  role: MemberRole;

  @Field(() => Date, { description: "When the person joined (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
