import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../schema/node";

export enum ProjectCategory {
  HEALTH = "HEALTH",
  LEGAL_AID = "LEGAL_AID",
  ELDERLY_CARE = "ELDERLY_CARE",
  CHILDREN_AND_YOUTH = "CHILDREN_AND_YOUTH",
  ENVIRONMENT = "ENVIRONMENT",
  EMERGENCY = "EMERGENCY",
  NEIGHBOURHOOD_SAFETY = "NEIGHBOURHOOD_SAFETY",
  CULTURE = "CULTURE",
  EMPLOYMENT = "EMPLOYMENT",
  COMMUNITY_BUILDING = "COMMUNITY_BUILDING",
  OTHER = "OTHER",
}
registerEnumType(ProjectCategory, {
  name: "ProjectCategory",
  description: "What a project is about.",
  valuesConfig: {
    HEALTH: { description: "Health (健康)." },
    LEGAL_AID: { description: "Legal aid (法律援助)." },
    ELDERLY_CARE: { description: "Care for the elderly (養老)." },
    CHILDREN_AND_YOUTH: { description: "Children and young people (兒童青少年)." },
    ENVIRONMENT: { description: "Environment (環境)." },
    EMERGENCY: { description: "Emergencies and disaster relief (應急)." },
    NEIGHBOURHOOD_SAFETY: { description: "Neighbourhood safety (平安社區)." },
    CULTURE: { description: "Culture (文化)." },
    EMPLOYMENT: { description: "Work and training (就業)." },
    COMMUNITY_BUILDING: { description: "Building the community (社區建設)." },
    OTHER: { description: "Anything else." },
  },
});

/** DRAFT → OPEN → ACTIVE → COMPLETED, or CANCELLED from any state before COMPLETED. */
export enum ProjectStatus {
  DRAFT = "DRAFT",
  OPEN = "OPEN",
  ACTIVE = "ACTIVE",
  COMPLETED = "COMPLETED",
  CANCELLED = "CANCELLED",
}
registerEnumType(ProjectStatus, {
  name: "ProjectStatus",
  description: "Where a project is in its life.",
  valuesConfig: {
    DRAFT: { description: "Being prepared by its lead; not yet taking pledges." },
    OPEN: { description: "Published: partners join, needs take pledges." },
    ACTIVE: { description: "Under way; needs still take pledges." },
    COMPLETED: { description: "Done." },
    CANCELLED: { description: "Stopped; its unfilled needs were cancelled." },
  },
});

@Entity("project")
@ObjectType("Project", { implements: Node, simpleResolvers: true, description: "A shared public-benefit project (公益項目) led by one organisation with partners." })
@Directive(`@key(fields: "id")`)
export class Project {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "The project's title." })
  @Column({ type: "varchar", length: 200 })
  title: string;

  @Field(() => String, { nullable: true, description: "What the project is about, in a few sentences; null when not given." })
  @Column({ type: "text", nullable: true })
  summary: string | null;

  @Field(() => ProjectCategory, { description: "What the project is about." })
  @Column({ type: "varchar", length: 32 })
  category: ProjectCategory;

  @Field(() => ProjectStatus, { description: "Where the project is in its life, from DRAFT to COMPLETED or CANCELLED." })
  @Column({ type: "varchar", length: 16, default: ProjectStatus.DRAFT })
  status: ProjectStatus;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Column({ name: "lead_organization_id", type: "uuid" })
  leadOrganizationId: string;

  @Field(() => String, { nullable: true, description: "First day, as YYYY-MM-DD." })
  @Column({ name: "starts_on", type: "date", nullable: true })
  startsOn: string | null;

  @Field(() => String, { nullable: true, description: "Last day, as YYYY-MM-DD." })
  @Column({ name: "ends_on", type: "date", nullable: true })
  endsOn: string | null;

  @Field(() => Date, { description: "When the project was created (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: "When the project last changed (UTC, ISO 8601)." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
