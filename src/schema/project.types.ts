import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Partnership, PartnershipRole, PartnershipStatus } from "../entities/partnership";
import { Project, ProjectCategory, ProjectStatus } from "../entities/project";
import { Page } from "../db/keyset-page";
import { Connection, OrderDirection, PageInfo, pageInfoOf } from "./connection";
import { Payload } from "./user-error";
import { MutationInput } from "./mutation-input";

export const ProjectConnection = Connection("Project", Project);
export const PartnershipConnection = Connection("Partnership", Partnership);

export enum ProjectOrderField {
  TITLE = "TITLE",
  CREATED_AT = "CREATED_AT",
}
registerEnumType(ProjectOrderField, { name: "ProjectOrderField" });

@InputType("ProjectOrder")
export class ProjectOrder {
  @Field(() => ProjectOrderField, { defaultValue: ProjectOrderField.CREATED_AT })
  field: ProjectOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC })
  direction: OrderDirection;
}

@InputType("ProjectFilter")
export class ProjectFilterInput {
  @Field(() => [ProjectStatus], { nullable: true })
  statuses?: ProjectStatus[] | null;

  @Field(() => [ProjectCategory], { nullable: true })
  categories?: ProjectCategory[] | null;

  @Field(() => String, { nullable: true, description: "Projects in this area or any area below it." })
  areaCode?: string | null;

  @Field(() => ID, { nullable: true, description: "Projects this organisation actively takes part in." })
  organizationId?: string | null;

  @Field(() => PartnershipRole, { nullable: true, description: "With organizationId: only in this role. Alone: projects with an active partner in this role." })
  role?: PartnershipRole | null;

  @Field(() => String, { nullable: true, description: "Text anywhere in the title or summary, ignoring case and whether Chinese is written in Simplified or Traditional characters." })
  search?: string | null;
}

@InputType("CreateProjectInput", { description: "What `createProject` takes." })
export class CreateProjectInput extends MutationInput {
  @Field(() => ID, { description: "The organisation creating the project; it becomes the LEAD." })
  actingOrganizationId: string;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => ProjectCategory)
  category: ProjectCategory;

  @Field(() => String)
  areaCode: string;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD" })
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD, not before startsOn" })
  endsOn?: string | null;
}

@InputType("UpdateProjectInput", { description: "Fields left out stay as they are. Only the lead may change a project." })
export class UpdateProjectInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  projectId: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  summary?: string | null;

  @Field(() => ProjectCategory, { nullable: true })
  category?: ProjectCategory | null;

  @Field(() => String, { nullable: true })
  areaCode?: string | null;

  @Field(() => String, { nullable: true })
  startsOn?: string | null;

  @Field(() => String, { nullable: true })
  endsOn?: string | null;
}

@InputType("ChangeProjectStatusInput", { description: "DRAFT → OPEN → ACTIVE → COMPLETED; CANCELLED from DRAFT, OPEN or ACTIVE." })
export class ChangeProjectStatusInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  projectId: string;

  @Field(() => ProjectStatus)
  status: ProjectStatus;
}

@InputType("InvitePartnerInput", { description: "What `invitePartner` takes." })
export class InvitePartnerInput extends MutationInput {
  @Field(() => ID, { description: "The project's lead." })
  actingOrganizationId: string;

  @Field(() => ID)
  projectId: string;

  @Field(() => ID, { description: "The organisation to invite." })
  organizationId: string;

  @Field(() => PartnershipRole)
  role: PartnershipRole;
}

@InputType("RespondToInvitationInput", { description: "What `respondToInvitation` takes." })
export class RespondToInvitationInput extends MutationInput {
  @Field(() => ID, { description: "The invited organisation." })
  actingOrganizationId: string;

  @Field(() => ID)
  projectId: string;

  @Field(() => Boolean)
  accept: boolean;
}

@InputType("LeaveProjectInput", { description: "What `leaveProject` takes." })
export class LeaveProjectInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  projectId: string;
}

export const ProjectPayload = Payload("ProjectPayload", "project", Project);
export const PartnershipPayload = Payload("PartnershipPayload", "partnership", Partnership);

@ObjectType("OrganizationProjectEdge", { simpleResolvers: true })
export class OrganizationProjectEdge {
  @Field(() => String)
  cursor: string;

  @Field(() => Project)
  node: Project;

  @Field(() => PartnershipRole, { description: "The organisation's role in this project." })
  role: PartnershipRole;

  @Field(() => PartnershipStatus)
  status: PartnershipStatus;
}

@ObjectType("OrganizationProjectConnection", { description: "Projects an organisation takes part in, with its role in each." })
export class OrganizationProjectConnection {
  private page: Page<Partnership>;

  @Field(() => [Project])
  nodes: Project[];

  @Field(() => [OrganizationProjectEdge])
  edges(): OrganizationProjectEdge[] {
    return this.page.nodes.map((partnership, index) => ({
      cursor: this.page.cursorOf(partnership),
      node: this.nodes[index],
      role: partnership.role,
      status: partnership.status,
    }));
  }

  @Field(() => PageInfo)
  pageInfo(): PageInfo {
    return pageInfoOf(this.page);
  }

  @Field(() => Int, { description: "Counted only when asked for." })
  totalCount(): Promise<number> {
    return this.page.totalCount();
  }

  static of(page: Page<Partnership>, projects: Project[]): OrganizationProjectConnection {
    const connection = new OrganizationProjectConnection();
    connection.page = page;
    connection.nodes = projects;
    return connection;
  }
}
