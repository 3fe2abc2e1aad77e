import { randomUUID } from "node:crypto";
import { DataSource, EntityManager, SelectQueryBuilder } from "typeorm";
import { entityFromRow } from "../db/entity-row";
import { prepared, runPrepared } from "../db/prepared-statement";
import { actFor, REQUIRE, stewardsNeed } from "../auth/policy";
import { canSeeProject, organizationsOf, visibleProjectCondition, visibleProjectSql } from "../auth/read-policy";
import type { Actor, Viewer } from "../auth/viewer";
import { KeysetPager, Page, PageArgs, RowsReader, Sort, SortDirection } from "../db/keyset-page";
import type { Loaders } from "../loaders";
import { Partnership, PartnershipStatus } from "../entities/partnership";
import { Pledge, PledgeStatus } from "../entities/pledge";
import { Project } from "../entities/project";
import { LIVE_NEED_STATUSES, NeedCategory, NeedStatus, ResourceNeed, Urgency, URGENCY_LEVEL } from "../entities/resource-need";
import { t } from "../i18n/text";
import { AreaService } from "./area.service";
import { InputCheck, UserErrorCode } from "./errors";
import { actingOrganization, applyLocation, ChangedMeanwhile, cents, findArea, fromCents, inOneStatement, inTransaction, quantityInCents, refuse, requireFields, text } from "./input-rules";
import { refreshNeed, setNeedStatus } from "./need-figures";
import { lockVisibleNeed } from "./visible-targets";
import { CLOSED_PROJECT_STATUSES } from "./project.service";
import { audit, auditInsertSql, auditParameters, isoTimeSql, snapshot } from "./audit";
import { Event, EventType } from "../entities/event";
import { eventsWritten } from "../events/event-announcer";
import { insertEventsSql, needEvent, needEventRowSql, recordEvents } from "../events/outbox";
import { needEventMatcher, NeedStreamFilter } from "../events/subscription-filters";
import { containsText } from "./text-search";
import { nearCondition } from "./near";

export type NeedSortField = "URGENCY" | "NEEDED_BY" | "CREATED_AT" | "REMAINING";

/** Each order ascends with its field in the field's natural sense (a higher urgency level is more urgent), and with `id`. */
const NEED_SORTS: Record<NeedSortField, Omit<Sort, "direction">> = {
  // Named apart from the old URGENCY order, which counted the other way: its cursors are refused, not misread.
  URGENCY: { name: "URGENCY_LEVEL", property: "urgencyLevel", kind: "number" },
  NEEDED_BY: { name: "NEEDED_BY", property: "neededBy", kind: "timestamp" },
  CREATED_AT: { name: "CREATED_AT", property: "createdAt", kind: "timestamp" },
  REMAINING: { name: "REMAINING", property: "remainingQuantity", kind: "number" },
};

/** Where a caller names no direction: most urgent, soonest deadline, oldest, least remaining first. */
const NEED_DEFAULT_DIRECTIONS: Record<NeedSortField, SortDirection> = { URGENCY: "DESC", NEEDED_BY: "ASC", CREATED_AT: "ASC", REMAINING: "ASC" };

/** A list order of needs by `field`, in `direction` or else the field's default one. */
export function needSort(field: NeedSortField, direction: SortDirection | null): Sort {
  return { ...NEED_SORTS[field], direction: direction ?? NEED_DEFAULT_DIRECTIONS[field] };
}


export interface NeedFilter {
  categories?: NeedCategory[] | null;
  urgencyAtLeast?: Urgency | null;
  statuses?: NeedStatus[] | null;
  areaCode?: string | null;
  near?: { lat: number; lng: number; radiusKm: number } | null;
  projectId?: string | null;
  neededBefore?: Date | null;
  search?: string | null;
}

export interface NeedFields {
  category?: NeedCategory | null;
  title?: string | null;
  description?: string | null;
  quantity?: number | null;
  unit?: string | null;
  urgency?: Urgency | null;
  neededBy?: Date | null;
  areaCode?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

const SEARCHED_TEXT = `"need"."search_text"`;

export class ResourceNeedService {
  private readonly pager: KeysetPager<ResourceNeed>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly areas: AreaService,
  ) {
    this.pager = new KeysetPager(dataSource.getRepository(ResourceNeed));
  }

  /** The need, or null when there is none or its project is hidden from the viewer; with `read` (a plan of the selection), in one statement. */
  async findVisible(viewer: Viewer, loaders: Pick<Loaders, "need" | "project" | "draftReaders">, id: string, read?: RowsReader<ResourceNeed>): Promise<ResourceNeed | null> {
    if (read) {
      const query = this.visibleNeeds(viewer).andWhere(`"need"."id" = :id`, { id });
      const [need] = await read(query, ["id"]);
      return need ?? null;
    }
    const need = await loaders.need.load(id);
    if (!need) return null;
    // The need loader brought its project along, so this reads no more rows.
    const project = await loaders.project.load(need.projectId);
    return project && (await canSeeProject(viewer, project, (projectId) => loaders.draftReaders.load(projectId))) ? need : null;
  }

  /** Which need events of these types reach the viewer through `filter`: those of projects it may see. */
  eventMatcher(viewer: Viewer, types: EventType[], filter: NeedStreamFilter): (event: Event) => boolean {
    return needEventMatcher(types, filter, organizationsOf(viewer));
  }

  /** A page of the needs `filteredQuery` finds. */
  async list(viewer: Viewer, filter: NeedFilter, field: NeedSortField, direction: SortDirection | null, args: PageArgs, read?: RowsReader<ResourceNeed>): Promise<Page<ResourceNeed>> {
    return this.pager.page(await this.filteredQuery(viewer, filter), needSort(field, direction), args, read);
  }

  /** Needs (alias `need`) of projects the viewer may see. */
  private visibleNeeds(viewer: Viewer): SelectQueryBuilder<ResourceNeed> {
    const [visible, parameters] = visibleProjectCondition(viewer);
    return this.dataSource
      .getRepository(ResourceNeed)
      .createQueryBuilder("need")
      .where(`EXISTS (SELECT 1 FROM project "project" WHERE "project"."id" = "need"."project_id" AND ${visible})`, parameters);
  }

  /** Needs (alias `need`) of projects the viewer may see, narrowed by `filter`; anonymous callers get only live ones. */
  async filteredQuery(viewer: Viewer, filter: NeedFilter): Promise<SelectQueryBuilder<ResourceNeed>> {
    const query = this.visibleNeeds(viewer);
    if (viewer.kind === "anonymous") query.andWhere(`"need"."status" IN (:...publicStatuses)`, { publicStatuses: LIVE_NEED_STATUSES });
    if (filter.categories?.length) query.andWhere(`"need"."category" IN (:...categories)`, { categories: filter.categories });
    if (filter.urgencyAtLeast != null) query.andWhere(`"need"."urgency_level" >= :level`, { level: URGENCY_LEVEL[filter.urgencyAtLeast] });
    if (filter.statuses?.length) query.andWhere(`"need"."status" IN (:...statuses)`, { statuses: filter.statuses });
    if (filter.areaCode != null) {
      await this.areas.require(filter.areaCode, "filter.areaCode");
      query.andWhere(`"need"."area_code" LIKE :areaPrefix`, { areaPrefix: `${filter.areaCode}%` });
    }
    if (filter.projectId != null) query.andWhere(`"need"."project_id" = :projectId`, { projectId: filter.projectId });
    if (filter.neededBefore != null) query.andWhere(`"need"."needed_by" < :neededBefore`, { neededBefore: filter.neededBefore });
    if (filter.near != null) {
      const near = nearCondition("need", filter.near);
      query.andWhere(near.sql, near.parameters);
    }
    if (filter.search != null) query.andWhere(containsText(SEARCHED_TEXT, filter.search));
    return query;
  }

  /** Only an active partner of the project may post its needs. */
  async post(viewer: Viewer, actingId: string, projectId: string, fields: NeedFields): Promise<ResourceNeed> {
    const actor = actFor(viewer, actingId, REQUIRE.needs);
    return inOneStatement(this.dataSource, (manager) => this.postIn(manager, viewer, actor, actingId, projectId, fields));
  }

  /** Posts a need in the caller's transaction, for an actor already allowed to (a request's handler posts one from it). */
  async postIn(manager: EntityManager, viewer: Viewer, actor: Actor, actingId: string, projectId: string, fields: NeedFields): Promise<ResourceNeed> {
    // Read and checked without a lock; POST_NEED_SQL checks the project again, under a shared lock.
    const { project, acting } = await projectWithActivePartner(manager, viewer, projectId, actingId);
    const need = manager.create(ResourceNeed, {
      id: randomUUID(),
      projectId: project.id,
      postedByOrganizationId: acting.id,
      areaCode: project.areaCode,
      description: null,
      address: null,
      latitude: null,
      longitude: null,
      status: NeedStatus.OPEN,
      pledgedQuantity: 0,
      acceptedQuantity: 0,
      deliveredQuantity: 0,
    });
    await this.apply(manager, need, fields, true);
    need.remainingQuantity = need.quantity;
    const rows = await runPrepared(manager, POST_NEED_SQL, [
      project.id,
      CLOSED_PROJECT_STATUSES,
      need.id,
      acting.id,
      need.category,
      need.title,
      need.description,
      need.quantity,
      need.unit,
      need.urgency,
      need.neededBy,
      need.areaCode,
      need.address,
      need.latitude,
      need.longitude,
      ...auditParameters(actor, { action: "postNeed", entityType: "ResourceNeed", entityId: need.id, before: null, after: need }),
    ]);
    eventsWritten(manager);
    if (rows.length === 0) throw new ChangedMeanwhile();
    return entityFromRow(manager.connection, ResourceNeed, rows[0]);
  }

  async update(viewer: Viewer, actingId: string, needId: string, fields: NeedFields): Promise<ResourceNeed> {
    const actor = actFor(viewer, actingId, REQUIRE.needs);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const need = await lockVisibleNeed(manager, viewer, needId);
      await requireSteward(manager, need, acting.id, acting.name);
      requireLive(need, "change");
      const before = snapshot(need);
      await this.apply(manager, need, fields, false);
      const saved = await refreshNeed(manager, need, "need changed");
      await auditNeed(manager, actor, "updateNeed", before, saved);
      await recordEvents(manager, [needEvent(EventType.NEED_UPDATED, saved)]);
      return saved;
    });
  }

  /** Closes a live need; offers on it are declined, accepted pledges stay for the partners to settle. */
  async cancel(viewer: Viewer, actingId: string, needId: string, reason: string | null): Promise<ResourceNeed> {
    const actor = actFor(viewer, actingId, REQUIRE.needs);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const need = await lockVisibleNeed(manager, viewer, needId);
      await requireSteward(manager, need, acting.id, acting.name);
      requireLive(need, "cancel");
      const before = snapshot(need);
      const check = new InputCheck();
      const why = text(check, "reason", reason, 300, false);
      check.throwIfAny();
      await manager.update(Pledge, { needId: need.id, status: PledgeStatus.OFFERED }, { status: PledgeStatus.DECLINED, responseReason: "The need was cancelled." });
      // Declined offers change the figures, not the status; then the need closes.
      await refreshNeed(manager, need, "offers declined");
      const saved = await setNeedStatus(manager, need, NeedStatus.CANCELLED, why ? `cancelled: ${why}` : "cancelled");
      await auditNeed(manager, actor, "cancelNeed", before, saved);
      await recordEvents(manager, [needEvent(EventType.NEED_UPDATED, saved)]);
      return saved;
    });
  }

  /** Marks live needs whose needed-by time has passed as EXPIRED, recording each change. Returns how many. */
  async expireOverdue(): Promise<number> {
    let expired = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const due = await manager
          .createQueryBuilder(ResourceNeed, "need")
          .where(`"need"."needed_by" <= now()`)
          .andWhere(`"need"."status" IN (:...live)`, { live: LIVE_NEED_STATUSES })
          .orderBy(`"need"."needed_by"`)
          .limit(200)
          .setLock("pessimistic_write")
          .setOnLocked("skip_locked")
          .getMany();
        for (const need of due) await setNeedStatus(manager, need, NeedStatus.EXPIRED, "needed-by time passed");
        await recordEvents(manager, due.map((need) => needEvent(EventType.NEED_UPDATED, need)));
        return due.length;
      });
      expired += batch;
      if (batch < 200) return expired;
    }
  }

  private async apply(manager: EntityManager, target: ResourceNeed, fields: NeedFields, creating: boolean): Promise<void> {
    const check = new InputCheck();
    requireFields(check, fields, ["category", "title", "quantity", "unit", "urgency", "neededBy"], creating);
    if (fields.category != null) target.category = fields.category;
    if (fields.urgency != null) target.urgency = fields.urgency;
    const title = text(check, "title", fields.title, 200, true);
    if (title) target.title = title;
    const unit = text(check, "unit", fields.unit, 32, true);
    if (unit) target.unit = unit;
    if (fields.description !== undefined) target.description = text(check, "description", fields.description, 5000, false);
    if (fields.address !== undefined) target.address = text(check, "address", fields.address, 300, false);
    const quantity = quantityInCents(check, "quantity", fields.quantity);
    if (quantity !== undefined) {
      if (quantity < cents(target.acceptedQuantity ?? 0)) {
        check.add("quantity", UserErrorCode.EXCEEDS_REMAINING, t("need.belowAccepted", { accepted: target.acceptedQuantity, unit: target.unit }));
      } else target.quantity = fromCents(quantity);
    }
    if (fields.neededBy != null) {
      if (fields.neededBy.getTime() <= Date.now()) check.add("neededBy", UserErrorCode.OUT_OF_RANGE, t("need.neededByPast", { neededBy: fields.neededBy.toISOString() }));
      else target.neededBy = fields.neededBy;
    }
    if (fields.areaCode != null) {
      const area = await findArea(manager, check, "areaCode", fields.areaCode);
      if (area) target.areaCode = area.code;
    }
    applyLocation(check, target, fields);
    check.throwIfAny();
  }
}

function auditNeed(manager: EntityManager, actor: Actor, action: string, before: Record<string, unknown> | null, after: ResourceNeed): Promise<void> {
  return audit(manager, actor, { action, entityType: "ResourceNeed", entityId: after.id, before, after });
}

/**
 * A new need, written only while its project is still open, under a shared lock on the project (a closure waits
 * for the need's reference to it): a concurrent cancellation either sees this need or makes this run again, to
 * refuse it. The same statement records the status, the audit entry ($16 to $24) and the event.
 */
const POST_NEED_SQL = prepared(`WITH open_project AS (SELECT id FROM project WHERE id = $1 AND status <> ALL($2::text[]) FOR SHARE),
  new_need AS (
    INSERT INTO resource_need (id, project_id, posted_by_organization_id, category, title, description, quantity, unit, urgency, needed_by,
      area_code, address, latitude, longitude, status, pledged_quantity, accepted_quantity, delivered_quantity, remaining_quantity)
    SELECT $3, id, $4, $5, $6, $7, $8::numeric, $9, $10, $11, $12, $13, $14, $15, '${NeedStatus.OPEN}', 0, 0, 0, $8::numeric FROM open_project
    RETURNING *),
  status_change AS (INSERT INTO resource_need_status_change (need_id, from_status, to_status, reason) SELECT id, NULL, status, 'posted' FROM new_need),
  audited AS (${auditInsertSql(16, "new_need", `jsonb_build_object('urgencyLevel', urgency_level, 'createdAt', ${isoTimeSql("created_at")}, 'updatedAt', ${isoTimeSql("updated_at")})`)}),
  events AS (${insertEventsSql(needEventRowSql(EventType.NEED_POSTED, "new_need", 1))})
  SELECT * FROM new_need`);

// The project if the viewer may see it, with the acting organisation and whether it is an active partner of it.
const PROJECT_WITH_ACTING_PARTNER_SQL = prepared(`SELECT to_jsonb(project) AS project_row, acting.id AS acting_id, acting.name AS acting_name,
    EXISTS (SELECT FROM partnership p WHERE p.project_id = project.id AND p.organization_id = acting.id AND p.status = $4) AS partner
  FROM project LEFT JOIN organization acting ON acting.id = $2
  WHERE project.id = $1 AND ${visibleProjectSql("project", "$3::uuid[]")}`);

/** The open project a need is posted to, and the acting organisation, an active partner of it; one statement, unlocked. */
async function projectWithActivePartner(manager: EntityManager, viewer: Viewer, projectId: string, actingId: string): Promise<{ project: Project; acting: { id: string; name: string } }> {
  const [row] = await runPrepared<{ project_row: Record<string, unknown>; acting_id: string | null; acting_name: string | null; partner: boolean }>(
    manager,
    PROJECT_WITH_ACTING_PARTNER_SQL,
    [projectId, actingId, organizationsOf(viewer), PartnershipStatus.ACTIVE],
  );
  if (!row) refuse("projectId", UserErrorCode.NOT_FOUND, t("project.notFound"));
  const project = entityFromRow(manager.connection, Project, row.project_row);
  if (CLOSED_PROJECT_STATUSES.includes(project.status)) refuse("projectId", UserErrorCode.INVALID_TRANSITION, t("need.projectClosed", { status: project.status }));
  if (row.acting_id === null || row.acting_name === null) refuse("actingOrganizationId", UserErrorCode.NOT_FOUND, t("organization.actingNotFound"));
  if (!row.partner) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("need.notActivePartner", { organization: row.acting_name }));
  return { project, acting: { id: row.acting_id, name: row.acting_name } };
}

async function requireActivePartner(manager: EntityManager, projectId: string, organizationId: string, name: string): Promise<void> {
  const partnership = await manager.findOneBy(Partnership, { projectId, organizationId, status: PartnershipStatus.ACTIVE });
  if (!partnership) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("need.notActivePartner", { organization: name }));
}

/** Changing or cancelling a need takes an active partner that looks after it (policy's rule). */
async function requireSteward(manager: EntityManager, need: ResourceNeed, organizationId: string, name: string): Promise<void> {
  await requireActivePartner(manager, need.projectId, organizationId, name);
  const project = await manager.findOneByOrFail(Project, { id: need.projectId });
  if (!stewardsNeed(organizationId, need, project)) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("need.notSteward", { organization: name }));
}

function requireLive(need: ResourceNeed, action: "change" | "cancel"): void {
  if (!LIVE_NEED_STATUSES.includes(need.status)) refuse("needId", UserErrorCode.INVALID_TRANSITION, t(`need.notLive.${action}`, { status: need.status }));
}
