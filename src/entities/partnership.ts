import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../schema/node";
import type { Organization } from "./organization";

export enum PartnershipRole {
  LEAD = "LEAD",
  PARTNER = "PARTNER",
  SPONSOR = "SPONSOR",
  SUPPORTER = "SUPPORTER",
}
registerEnumType(PartnershipRole, {
  name: "PartnershipRole",
  description: "An organisation's role in a project.",
  valuesConfig: {
    LEAD: { description: "Leads the project: one per project; it changes the project, its status and invites partners." },
    PARTNER: { description: "Takes part in the project's work." },
    SPONSOR: { description: "Sponsors the project." },
    SUPPORTER: { description: "Supports the project." },
  },
});

export enum PartnershipStatus {
  INVITED = "INVITED",
  ACTIVE = "ACTIVE",
  DECLINED = "DECLINED",
  LEFT = "LEFT",
}
registerEnumType(PartnershipStatus, {
  name: "PartnershipStatus",
  description: "Where an organisation's place in a project stands.",
  valuesConfig: {
    INVITED: { description: "Invited by the lead; waits for the organisation's answer." },
    ACTIVE: { description: "Takes part in the project." },
    DECLINED: { description: "Declined the invitation." },
    LEFT: { description: "Took part, then left." },
  },
});

@Entity("partnership")
@ObjectType("Partnership", { implements: Node, simpleResolvers: true, description: "An organisation's place in a project." })
export class Partnership {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "project_id", type: "uuid" })
  projectId: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  /** Set when a nested list loads the organisation in the same statement. */
  organization?: Organization | null;

  @Field(() => PartnershipRole, { description: "The organisation's role in the project." })
  @Column({ type: "varchar", length: 16 })
  role: PartnershipRole;

  @Field(() => PartnershipStatus, { description: "Whether the invitation is waiting, accepted, declined or ended." })
  @Column({ type: "varchar", length: 16 })
  status: PartnershipStatus;

  @Field(() => Date, { description: "When the partnership was created: the invitation, or the project for its lead (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: "When the partnership last changed (UTC, ISO 8601)." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
