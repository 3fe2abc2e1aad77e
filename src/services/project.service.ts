import { DataSource, EntityManager, In } from "typeorm";
import { actFor, REQUIRE } from "../auth/policy";
import { canSeeProject, organizationsOf, visibleProjectCondition } from "../auth/read-policy";
import type { Actor, Viewer } from "../auth/viewer";
import { KeysetPager, Page, PageArgs, Sort, SortDirection } from "../db/keyset-page";
import type { Loaders } from "../loaders";
import type { PartnershipListArgs } from "../loaders/collaboration.loaders";
import { Organization } from "../entities/organization";
import { Partnership, PartnershipRole, PartnershipStatus } from "../entities/partnership";
import { Pledge, PledgeStatus } from "../entities/pledge";
import { Project, ProjectCategory, ProjectStatus } from "../entities/project";
import { LIVE_NEED_STATUSES, NeedStatus, ResourceNeed } from "../entities/resource-need";
import { t } from "../i18n/text";
import { AreaService } from "./area.service";
import { DomainError, InputCheck, UserErrorCode } from "./errors";
import { actingOrganization, findArea, inTransaction, refuse, requireFields, text } from "./input-rules";
import { refreshNeed, setNeedStatus } from "./need-figures";
import { lockVisibleProject } from "./visible-targets";
import { audit, snapshot } from "./audit";
import { Event, EventType } from "../entities/event";
import { invitationEvent, needEvent, projectStatusEvent, recordEvents } from "../events/outbox";
import { invitationEventMatcher } from "../events/subscription-filters";
import { containsText } from "./text-search";

export type ProjectSortField = "TITLE" | "CREATED_AT";

export const PROJECT_SORTS: Record<ProjectSortField, Omit<Sort, "direction">> = {
  TITLE: { name: "TITLE", property: "title", kind: "text" },
  CREATED_AT: { name: "CREATED_AT", property: "createdAt", kind: "timestamp" },
};

/** Which step may follow which: the project state machine. */
export const PROJECT_TRANSITIONS: Record<ProjectStatus, ProjectStatus[]> = {
  DRAFT: [ProjectStatus.OPEN, ProjectStatus.CANCELLED],
  OPEN: [ProjectStatus.ACTIVE, ProjectStatus.CANCELLED],
  ACTIVE: [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED],
  COMPLETED: [],
  CANCELLED: [],
};

/** Projects that are over: nothing joins or changes any more. */
export const CLOSED_PROJECT_STATUSES = [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED];

/** Projects whose needs take pledges. */
export const PLEDGEABLE_PROJECT_STATUSES = [ProjectStatus.OPEN, ProjectStatus.ACTIVE];

export interface ProjectFilter {
  statuses?: ProjectStatus[] | null;
  categories?: ProjectCategory[] | null;
  areaCode?: string | null;
  /** Projects this organisation takes part in (an ACTIVE partnership), in `role` if given. */
  organizationId?: string | null;
  role?: PartnershipRole | null;
  search?: string | null;
}

export interface ProjectFields {
  title?: string | null;
  summary?: string | null;
  category?: ProjectCategory | null;
  areaCode?: string | null;
  startsOn?: string | null;
  endsOn?: string | null;
}

const SEARCHED_TEXT = `"project"."search_text"`;

export class ProjectService {
  private readonly pager: KeysetPager<Project>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly areas: AreaService,
  ) {
    this.pager = new KeysetPager(dataSource.getRepository(Project));
  }

  /** The project, or null when there is none or it is a DRAFT the viewer may not see. */
  async findVisible(viewer: Viewer, loaders: Pick<Loaders, "project" | "draftReaders">, id: string): Promise<Project | null> {
    const project = await loaders.project.load(id);
    return project && (await canSeeProject(viewer, project, (projectId) => loaders.draftReaders.load(projectId))) ? project : null;
  }

  /** Only an organisation's members and keys hear of its invitations (of any of theirs without `organizationId`). */
  requireInvitationReader(viewer: Viewer, organizationId: string | null): void {
    const mine = organizationsOf(viewer);
    if (mine.length === 0) throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    if (organizationId !== null && !mine.includes(organizationId)) throw new DomainError("FORBIDDEN", t("project.invitationsOfOthers"));
  }

  /** Invitations to the viewer's organisations, or to `organizationId` while the viewer belongs to it. */
  invitationEventMatcher(viewer: Viewer, organizationId: string | null): (event: Event) => boolean {
    const mine = organizationsOf(viewer);
    return invitationEventMatcher(organizationId !== null ? mine.filter((id) => id === organizationId) : mine);
  }

  /** The partnership, or null when there is none or its project is a DRAFT the viewer may not see. */
  async findVisiblePartnership(viewer: Viewer, loaders: Pick<Loaders, "partnership" | "project" | "draftReaders">, id: string): Promise<Partnership | null> {
    const partnership = await loaders.partnership.load(id);
    return partnership && (await this.findVisible(viewer, loaders, partnership.projectId)) ? partnership : null;
  }

  /** An organisation's partnerships in projects the viewer may see, with those projects in the same order. */
  async ofOrganization(
    viewer: Viewer,
    loaders: Pick<Loaders, "organizationPartnerships" | "project">,
    organizationId: string,
    args: PartnershipListArgs,
  ): Promise<{ partnerships: Page<Partnership>; projects: Project[] }> {
    const partnerships = await loaders.organizationPartnerships({ ...args, viewerOrganizations: organizationsOf(viewer) }).load(organizationId);
    // Every partnership's project exists: the foreign key sees to it.
    const projects = (await Promise.all(partnerships.nodes.map((partnership) => loaders.project.load(partnership.projectId)))) as Project[];
    return { partnerships, projects };
  }

  async list(viewer: Viewer, filter: ProjectFilter, field: ProjectSortField, direction: SortDirection, args: PageArgs): Promise<Page<Project>> {
    const query = this.dataSource.getRepository(Project).createQueryBuilder("project");
    query.where(...visibleProjectCondition(viewer));
    if (filter.statuses?.length) query.andWhere(`"project"."status" IN (:...statuses)`, { statuses: filter.statuses });
    if (filter.categories?.length) query.andWhere(`"project"."category" IN (:...categories)`, { categories: filter.categories });
    if (filter.areaCode != null) {
      await this.areas.require(filter.areaCode, "filter.areaCode");
      query.andWhere(`"project"."area_code" LIKE :areaPrefix`, { areaPrefix: `${filter.areaCode}%` });
    }
    if (filter.organizationId != null || filter.role != null) {
      const conditions = [`"partner"."project_id" = "project"."id"`, `"partner"."status" = 'ACTIVE'`];
      if (filter.organizationId != null) conditions.push(`"partner"."organization_id" = :partnerId`);
      if (filter.role != null) conditions.push(`"partner"."role" = :partnerRole`);
      query.andWhere(`EXISTS (SELECT 1 FROM partnership "partner" WHERE ${conditions.join(" AND ")})`, {
        partnerId: filter.organizationId,
        partnerRole: filter.role,
      });
    }
    if (filter.search != null) query.andWhere(containsText(SEARCHED_TEXT, filter.search));
    return this.pager.page(query, { ...PROJECT_SORTS[field], direction }, args);
  }

  /** A new DRAFT project; the acting organisation becomes its LEAD. */
  async create(viewer: Viewer, actingId: string, fields: ProjectFields): Promise<Project> {
    const actor = actFor(viewer, actingId, REQUIRE.projects);
    return inTransaction(this.dataSource, async (manager) => this.createIn(manager, actor, (await actingOrganization(manager, actingId)).id, fields, "createProject"));
  }

  /** A new DRAFT project led by `leadId`, in the caller's transaction (a council's passed proposal starts one too). */
  async createIn(manager: EntityManager, actor: Actor, leadId: string, fields: ProjectFields, action: string): Promise<Project> {
    const project = manager.create(Project, { summary: null, startsOn: null, endsOn: null, status: ProjectStatus.DRAFT, leadOrganizationId: leadId });
    await this.apply(manager, project, fields, true);
    const saved = await manager.save(project);
    await manager.insert(Partnership, { projectId: saved.id, organizationId: leadId, role: PartnershipRole.LEAD, status: PartnershipStatus.ACTIVE });
    await auditProject(manager, actor, action, null, saved);
    return saved;
  }

  async update(viewer: Viewer, actingId: string, projectId: string, fields: ProjectFields): Promise<Project> {
    const actor = actFor(viewer, actingId, REQUIRE.projects);
    return inTransaction(this.dataSource, async (manager) => {
      const project = await this.lockAsLead(manager, viewer, actingId, projectId, "change");
      if (CLOSED_PROJECT_STATUSES.includes(project.status)) {
        refuse("projectId", UserErrorCode.INVALID_TRANSITION, t("project.closed", { status: project.status }));
      }
      const before = snapshot(project);
      await this.apply(manager, project, fields, false);
      const saved = await manager.save(project);
      await auditProject(manager, actor, "updateProject", before, saved);
      return saved;
    });
  }

  /** Moves the project along its state machine; cancelling also cancels its unfilled needs. */
  async changeStatus(viewer: Viewer, actingId: string, projectId: string, status: ProjectStatus): Promise<Project> {
    const actor = actFor(viewer, actingId, REQUIRE.projects);
    return inTransaction(this.dataSource, async (manager) => {
      const project = await this.lockAsLead(manager, viewer, actingId, projectId, "changeStatus");
      const before = snapshot(project);
      const allowed = PROJECT_TRANSITIONS[project.status];
      if (!allowed.includes(status)) {
        const refusal = allowed.length
          ? t("project.transitionNotAllowed", { status: project.status, allowed, requested: status })
          : t("project.noTransitions", { status: project.status, requested: status });
        refuse("status", UserErrorCode.INVALID_TRANSITION, refusal);
      }
      project.status = status;
      const cancelled = status === ProjectStatus.CANCELLED ? await this.cancelNeeds(manager, project.id) : [];
      const saved = await manager.save(project);
      await auditProject(manager, actor, "changeProjectStatus", before, saved);
      await recordEvents(manager, [projectStatusEvent(saved), ...cancelled.map((need) => needEvent(EventType.NEED_UPDATED, need))]);
      return saved;
    });
  }

  async invitePartner(viewer: Viewer, actingId: string, projectId: string, organizationId: string, role: PartnershipRole): Promise<Partnership> {
    const actor = actFor(viewer, actingId, REQUIRE.projects);
    return inTransaction(this.dataSource, async (manager) => {
      const project = await this.lockAsLead(manager, viewer, actingId, projectId, "invitePartners");
      return this.inviteIn(manager, actor, project, organizationId, role);
    });
  }

  /** Invites an organisation to the project, locked by the caller as its lead, in the caller's transaction. */
  async inviteIn(manager: EntityManager, actor: Actor, project: Project, organizationId: string, role: PartnershipRole): Promise<Partnership> {
    const projectId = project.id;
    if (CLOSED_PROJECT_STATUSES.includes(project.status)) {
      refuse("projectId", UserErrorCode.INVALID_TRANSITION, t("project.noNewPartners", { status: project.status }));
    }
    if (role === PartnershipRole.LEAD) refuse("role", UserErrorCode.INVALID, t("project.oneLead"));
    const invited = await manager.findOneBy(Organization, { id: organizationId });
    if (!invited) refuse("organizationId", UserErrorCode.NOT_FOUND, t("project.invitedNotFound"));
    const existing = await manager.findOneBy(Partnership, { projectId, organizationId });
    if (existing && [PartnershipStatus.INVITED, PartnershipStatus.ACTIVE].includes(existing.status)) {
      refuse("organizationId", UserErrorCode.TAKEN, t(existing.status === PartnershipStatus.ACTIVE ? "project.alreadyPartner" : "project.alreadyInvited", { organization: invited.name }));
    }
    const partnership = existing ?? manager.create(Partnership, { projectId, organizationId });
    const before = snapshot(existing);
    partnership.role = role;
    partnership.status = PartnershipStatus.INVITED;
    const saved = await savePartnership(manager, actor, "invitePartner", before, partnership);
    // Recorded after the partnership, so the invitee is among the DRAFT project's readers the event keeps.
    await recordEvents(manager, [invitationEvent(saved, project)]);
    return saved;
  }

  /** The invited organisation accepts (ACTIVE) or declines (DECLINED). */
  async respondToInvitation(viewer: Viewer, actingId: string, projectId: string, accept: boolean): Promise<Partnership> {
    const actor = actFor(viewer, actingId, REQUIRE.projects);
    return inTransaction(this.dataSource, async (manager) => {
      const partnership = await this.lockPartnership(manager, actingId, projectId);
      const before = snapshot(partnership);
      if (partnership.status !== PartnershipStatus.INVITED) {
        refuse("projectId", UserErrorCode.INVALID_TRANSITION, t("project.noOpenInvitation", { status: partnership.status }));
      }
      const project = await manager.findOneByOrFail(Project, { id: projectId });
      if (accept && CLOSED_PROJECT_STATUSES.includes(project.status)) {
        refuse("projectId", UserErrorCode.INVALID_TRANSITION, t("project.noNewPartners", { status: project.status }));
      }
      partnership.status = accept ? PartnershipStatus.ACTIVE : PartnershipStatus.DECLINED;
      return savePartnership(manager, actor, "respondToInvitation", before, partnership);
    });
  }

  async leave(viewer: Viewer, actingId: string, projectId: string): Promise<Partnership> {
    const actor = actFor(viewer, actingId, REQUIRE.projects);
    return inTransaction(this.dataSource, async (manager) => {
      const partnership = await this.lockPartnership(manager, actingId, projectId);
      const before = snapshot(partnership);
      if (partnership.role === PartnershipRole.LEAD) {
        refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("project.leadCannotLeave"));
      }
      if (partnership.status !== PartnershipStatus.ACTIVE) {
        refuse("projectId", UserErrorCode.INVALID_TRANSITION, t("project.onlyActivePartnerLeaves", { status: partnership.status }));
      }
      partnership.status = PartnershipStatus.LEFT;
      return savePartnership(manager, actor, "leaveProject", before, partnership);
    });
  }

  /** The project, locked, when the acting organisation leads it; otherwise a refusal to do `action`. */
  private async lockAsLead(
    manager: EntityManager,
    viewer: Viewer,
    actingId: string,
    projectId: string,
    action: "change" | "changeStatus" | "invitePartners",
  ): Promise<Project> {
    const acting = await actingOrganization(manager, actingId);
    const project = await lockVisibleProject(manager, viewer, projectId, "pessimistic_write");
    if (project.leadOrganizationId !== acting.id) {
      refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t(`project.onlyLeadCan.${action}`, { organization: acting.name }));
    }
    return project;
  }

  private async lockPartnership(manager: EntityManager, actingId: string, projectId: string): Promise<Partnership> {
    const acting = await actingOrganization(manager, actingId);
    const partnership = await manager.findOne(Partnership, { where: { projectId, organizationId: acting.id }, lock: { mode: "pessimistic_write" } });
    if (!partnership) refuse("projectId", UserErrorCode.NOT_FOUND, t("project.noPlace", { organization: acting.name }));
    return partnership;
  }

  /** Unfilled needs of a cancelled project close, and the offers on them are declined. Returns those needs. */
  private async cancelNeeds(manager: EntityManager, projectId: string): Promise<ResourceNeed[]> {
    const needs = await manager.find(ResourceNeed, { where: { projectId, status: In(LIVE_NEED_STATUSES) }, lock: { mode: "pessimistic_write" } });
    if (needs.length === 0) return needs;
    await manager.update(
      Pledge,
      { needId: In(needs.map((need) => need.id)), status: PledgeStatus.OFFERED },
      { status: PledgeStatus.DECLINED, responseReason: "The project was cancelled." },
    );
    // The declined offers leave the figures; then each need closes.
    for (const need of needs) {
      await refreshNeed(manager, need, "offers declined");
      await setNeedStatus(manager, need, NeedStatus.CANCELLED, "project cancelled");
    }
    return needs;
  }

  private async apply(manager: EntityManager, target: Project, fields: ProjectFields, creating: boolean): Promise<void> {
    const check = new InputCheck();
    requireFields(check, fields, ["title", "category", "areaCode"], creating);
    const title = text(check, "title", fields.title, 200, true);
    if (title) target.title = title;
    if (fields.summary !== undefined) target.summary = text(check, "summary", fields.summary, 5000, false);
    if (fields.category != null) target.category = fields.category;
    if (fields.areaCode != null) {
      const area = await findArea(manager, check, "areaCode", fields.areaCode);
      if (area) target.areaCode = area.code;
    }
    for (const key of ["startsOn", "endsOn"] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      if (value !== null && !isCalendarDate(value)) check.add(key, UserErrorCode.INVALID, t("input.notADate", { field: key, value }));
      else target[key] = value;
    }
    if (target.startsOn && target.endsOn && target.endsOn < target.startsOn && !check.has("startsOn") && !check.has("endsOn")) {
      check.add("endsOn", UserErrorCode.OUT_OF_RANGE, t("project.endsBeforeStart", { endsOn: target.endsOn, startsOn: target.startsOn }));
    }
    check.throwIfAny();
  }
}

function auditProject(manager: EntityManager, actor: Actor, action: string, before: Record<string, unknown> | null, after: Project): Promise<void> {
  return audit(manager, actor, { action, entityType: "Project", entityId: after.id, before, after });
}

async function savePartnership(manager: EntityManager, actor: Actor, action: string, before: Record<string, unknown> | null, partnership: Partnership): Promise<Partnership> {
  const saved = await manager.save(partnership);
  await audit(manager, actor, { action, entityType: "Partnership", entityId: saved.id, before, after: saved });
  return saved;
}

/** A real day as YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  // PostgreSQL has no year 0 (1 BC comes before AD 1), which JavaScript's dates accept.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value < "0001") return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
