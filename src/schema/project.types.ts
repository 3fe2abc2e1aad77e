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
registerEnumType(ProjectOrderField, {
  name: "ProjectOrderField",
  description: "What projects can be ordered by.",
  valuesConfig: {
    TITLE: { description: "The project's title." },
    CREATED_AT: { description: "When the project was created." },
  },
});

@InputType("ProjectOrder", { description: "How to order projects." })
export class ProjectOrder {
  @Field(() => ProjectOrderField, { defaultValue: ProjectOrderField.CREATED_AT, description: "The field to order by; CREATED_AT when omitted." })
  field: ProjectOrderField;

  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC, description: "ASC or DESC; DESC when omitted." })
  direction: OrderDirection;
}

@InputType("ProjectFilter", { description: "Which projects `projects` lists." })
export class ProjectFilterInput {
  @Field(() => [ProjectStatus], { nullable: true, description: "Only projects in these statuses; any when omitted." })
  statuses?: ProjectStatus[] | null;

  @Field(() => [ProjectCategory], { nullable: true, description: "Only projects in these categories; any when omitted." })
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

  @Field(() => String, { description: "The project's title." })
  title: string;

  @Field(() => String, { nullable: true, description: "What the project is about, in a few sentences." })
  summary?: string | null;

  @Field(() => ProjectCategory, { description: "What the project is about." })
  category: ProjectCategory;

  @Field(() => String, { description: "Code of the area the project serves." })
  areaCode: string;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD" })
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD, not before startsOn" })
  endsOn?: string | null;
}

@InputType("UpdateProjectInput", { description: "Fields left out stay as they are. Only the lead may change a project." })
export class UpdateProjectInput extends MutationInput {
  @Field(() => ID, { description: "The lead organisation; you act as its COORDINATOR." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the project." })
  projectId: string;

  @Field(() => String, { nullable: true, description: "The project's title; unchanged when omitted." })
  title?: string | null;

  @Field(() => String, { nullable: true, description: "What the project is about; unchanged when omitted." })
  summary?: string | null;

  @Field(() => ProjectCategory, { nullable: true, description: "What the project is about; unchanged when omitted." })
  category?: ProjectCategory | null;

  @Field(() => String, { nullable: true, description: "Code of the area the project serves; unchanged when omitted." })
  areaCode?: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD; unchanged when omitted." })
  startsOn?: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD, not before startsOn; unchanged when omitted." })
  endsOn?: string | null;
}

@InputType("ChangeProjectStatusInput", { description: "DRAFT → OPEN → ACTIVE → COMPLETED; CANCELLED from DRAFT, OPEN or ACTIVE." })
export class ChangeProjectStatusInput extends MutationInput {
  @Field(() => ID, { description: "The lead organisation; you act as its COORDINATOR." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the project." })
  projectId: string;

  @Field(() => ProjectStatus, { description: "The status to move the project to." })
  status: ProjectStatus;
}

@InputType("InvitePartnerInput", { description: "What `invitePartner` takes." })
export class InvitePartnerInput extends MutationInput {
  @Field(() => ID, { description: "The project's lead." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the project." })
  projectId: string;

  @Field(() => ID, { description: "The organisation to invite." })
  organizationId: string;

  @Field(() => PartnershipRole, { description: "The invited organisation's role; any but LEAD." })
  role: PartnershipRole;
}

@InputType("RespondToInvitationInput", { description: "What `respondToInvitation` takes." })
export class RespondToInvitationInput extends MutationInput {
  @Field(() => ID, { description: "The invited organisation." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the project." })
  projectId: string;

  @Field(() => Boolean, { description: "true to accept, false to decline." })
  accept: boolean;
}

@InputType("LeaveProjectInput", { description: "What `leaveProject` takes." })
export class LeaveProjectInput extends MutationInput {
  @Field(() => ID, { description: "The organisation leaving; you act as its COORDINATOR." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the project." })
  projectId: string;
}

export const ProjectPayload = Payload("ProjectPayload", "project", Project);
export const PartnershipPayload = Payload("PartnershipPayload", "partnership", Partnership);

@ObjectType("OrganizationProjectEdge", { simpleResolvers: true, description: "A project with the organisation's place in it." })
export class OrganizationProjectEdge {
  @Field(() => String, { description: "An opaque position in the list; pass it as `after` or `before` to page from this item." })
  cursor: string;

  @Field(() => Project, { description: "The project." })
  node: Project;

  @Field(() => PartnershipRole, { description: "The organisation's role in this project." })
  role: PartnershipRole;

  @Field(() => PartnershipStatus, { description: "The status of the organisation's partnership in the project." })
  status: PartnershipStatus;
}

@ObjectType("OrganizationProjectConnection", { description: "Projects an organisation takes part in, with its role in each." })
export class OrganizationProjectConnection {
  private page: Page<Partnership>;

  @Field(() => [Project], { description: "The projects of `edges`, without cursors." })
  nodes: Project[];

  @Field(() => [OrganizationProjectEdge], { description: "The projects with their cursors and the organisation's place in each." })
  edges(): OrganizationProjectEdge[] {
    return this.page.nodes.map((partnership, index) => ({
      cursor: this.page.cursorOf(partnership),
      node: this.nodes[index],
      role: partnership.role,
      status: partnership.status,
    }));
  }

  @Field(() => PageInfo, { description: "Where this page sits in the list, and the cursors to fetch the next or previous one." })
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
