import { randomUUID } from "node:crypto";
import { DataSource, EntityManager, In } from "typeorm";
import { actFor } from "../auth/policy";
import { actsVerified, canSeeAlert, canSeeProject, organizationsOf, VISIBLE_ALERT_SQL, visibleProjectSql } from "../auth/read-policy";
import type { Actor, Viewer } from "../auth/viewer";
import { KeysetPager, Page, PageArgs, Sort } from "../db/keyset-page";
import type { Loaders } from "../loaders";
import { Alert, AlertArea, AlertCategory, AlertCertainty, AlertMessageType, AlertScope, AlertSeverity, AlertStatus, AlertUrgency, SEVERITY_RANK } from "../entities/alert";
import { ApiKeyScope } from "../entities/api-key";
import { Event, EventType } from "../entities/event";
import { MemberRole } from "../entities/membership";
import { Organization, OrganizationKind } from "../entities/organization";
import { ResourceNeed } from "../entities/resource-need";
import { recordEvents } from "../events/outbox";
import { alertEventMatcher, AlertStreamFilter } from "../events/subscription-filters";
import { t } from "../i18n/text";
import { audit } from "./audit";
import { atomFeed, capXml } from "./cap-document";
import { areasOverlapSql } from "./area.service";
import { InputCheck, UserErrorCode } from "./errors";
import { requireVerified } from "./verification.service";
import { actingOrganization, findArea, inTransaction, refuse, requireFields, text } from "./input-rules";

/** Organisations that coordinate emergencies and may issue alerts. */
const COORDINATING_KINDS = [OrganizationKind.PARTY_COMMITTEE, OrganizationKind.PARTY_BRANCH, OrganizationKind.GOVERNMENT_AGENCY];
const ISSUE_ALERTS = { role: MemberRole.COORDINATOR, scope: ApiKeyScope.ALERTS };
const NEWEST_FIRST: Sort = { name: "SENT", property: "sent", kind: "timestamp", direction: "DESC" };

export interface AlertAreaFields {
  description: string;
  areaCodes: string[];
  circle?: { lat: number; lng: number; radiusKm: number } | null;
  polygon?: { lat: number; lng: number }[] | null;
}

export interface AlertFields {
  status?: AlertStatus | null;
  scope?: AlertScope | null;
  restriction?: string | null;
  categories?: AlertCategory[] | null;
  event?: string | null;
  urgency?: AlertUrgency | null;
  severity?: AlertSeverity | null;
  certainty?: AlertCertainty | null;
  headline?: string | null;
  description?: string | null;
  instruction?: string | null;
  effective?: Date | null;
  onset?: Date | null;
  expires?: Date | null;
  areas?: AlertAreaFields[] | null;
  needIds?: string[] | null;
}

export interface AlertFilter {
  areaCode?: string | null;
  severityAtLeast?: AlertSeverity | null;
  categories?: AlertCategory[] | null;
  statuses?: AlertStatus[] | null;
  /** Only alerts not replaced by an update or cancel, and not expired. */
  current?: boolean | null;
}

/** CAP times have whole seconds; cut them here, or the database would round them its own way. */
function wholeSeconds(date: Date | null | undefined): Date | null {
  return date ? new Date(Math.floor(date.getTime() / 1000) * 1000) : null;
}

export class AlertService {
  private readonly pager: KeysetPager<Alert>;

  constructor(private readonly dataSource: DataSource) {
    this.pager = new KeysetPager(dataSource.getRepository(Alert));
  }

  /** The alert, or null when there is none or the viewer may not see it. */
  async findVisible(viewer: Viewer, loaders: Pick<Loaders, "alert">, id: string): Promise<Alert | null> {
    const alert = await loaders.alert.load(id);
    return alert && canSeeAlert(viewer, alert) ? alert : null;
  }

  /** The needs the alert announces that the viewer may see (those of DRAFT projects only for the project's readers). */
  async needsOf(viewer: Viewer, loaders: Pick<Loaders, "needsOfAlert" | "project" | "draftReaders">, alertId: string): Promise<ResourceNeed[]> {
    const needs = await loaders.needsOfAlert.load(alertId);
    const projects = await Promise.all(needs.map((need) => loaders.project.load(need.projectId)));
    const seen = await Promise.all(projects.map((project) => !!project && canSeeProject(viewer, project, (projectId) => loaders.draftReaders.load(projectId))));
    return needs.filter((_need, index) => seen[index]);
  }

  /** Which alert events reach the viewer through `filter`: those of alerts it may see. */
  eventMatcher(viewer: Viewer, filter: AlertStreamFilter): (event: Event) => boolean {
    return alertEventMatcher(filter, viewer);
  }

  async list(viewer: Viewer, filter: AlertFilter, args: PageArgs): Promise<Page<Alert>> {
    const query = this.dataSource.getRepository(Alert).createQueryBuilder("alert");
    const mine = organizationsOf(viewer);
    query.where(VISIBLE_ALERT_SQL, { actsVerified: actsVerified(viewer), mine });
    // An alert concerns the area asked for when one of its areas overlaps it: contains it or lies within it.
    if (filter.areaCode) query.andWhere(`EXISTS (SELECT 1 FROM unnest("alert"."area_codes") AS code WHERE ${areasOverlapSql("code", "CAST(:areaCode AS text)")})`, { areaCode: filter.areaCode });
    if (filter.severityAtLeast) {
      const severities = Object.values(AlertSeverity).filter((severity) => SEVERITY_RANK[severity] <= SEVERITY_RANK[filter.severityAtLeast!]);
      query.andWhere(`"alert"."severity" IN (:...severities)`, { severities });
    }
    if (filter.categories?.length) query.andWhere(`"alert"."categories" && CAST(:categories AS varchar[])`, { categories: filter.categories });
    if (filter.statuses?.length) query.andWhere(`"alert"."status" IN (:...statuses)`, { statuses: filter.statuses });
    if (filter.current) {
      query.andWhere(`"alert"."replaced_by_alert_id" IS NULL AND "alert"."msg_type" <> 'CANCEL' AND ("alert"."expires" IS NULL OR "alert"."expires" > now())`);
    }
    return this.pager.page(query, NEWEST_FIRST, args);
  }

  /** The alert as a CAP 1.2 document. */
  async capDocument(alert: Alert): Promise<string> {
    const organizations = this.dataSource.getRepository(Organization);
    const sender = await organizations.findOneByOrFail({ id: alert.issuingOrganizationId });
    const original = alert.referencesAlertId ? await this.dataSource.getRepository(Alert).findOneByOrFail({ id: alert.referencesAlertId }) : null;
    const originalSender = original ? await organizations.findOneByOrFail({ id: original.issuingOrganizationId }) : null;
    return capXml(alert, sender, original && originalSender ? { alert: original, sender: originalSender } : null);
  }

  /** The CAP document of a public alert, by its CAP identifier; null for others. */
  async publicCapDocument(identifier: string): Promise<string | null> {
    const alert = await this.dataSource.getRepository(Alert).findOneBy({ identifier });
    return alert && alert.scope === AlertScope.PUBLIC ? this.capDocument(alert) : null;
  }

  /** An Atom feed of the current public alerts, linking to their CAP documents under `baseUrl`. */
  async publicFeed(baseUrl: string): Promise<string> {
    const alerts = await this.currentPublic(100);
    const senders = await this.dataSource.getRepository(Organization).findBy({ id: In([...new Set(alerts.map((alert) => alert.issuingOrganizationId))]) });
    const byId = new Map(senders.map((sender) => [sender.id, sender]));
    const entries = alerts.map((alert) => ({ alert, sender: byId.get(alert.issuingOrganizationId)!, url: `${baseUrl}/cap/alerts/${alert.identifier}.xml` }));
    return atomFeed(`${baseUrl}/cap/feed.atom`, entries, alerts[0]?.sent ?? new Date(0));
  }

  /** Current public alerts, newest first. */
  private currentPublic(limit: number): Promise<Alert[]> {
    return this.dataSource
      .getRepository(Alert)
      .createQueryBuilder("alert")
      .where(`"alert"."scope" = 'PUBLIC' AND "alert"."status" = 'ACTUAL' AND "alert"."replaced_by_alert_id" IS NULL AND "alert"."msg_type" <> 'CANCEL'`)
      .andWhere(`("alert"."expires" IS NULL OR "alert"."expires" > now())`)
      .orderBy(`"alert"."sent"`, "DESC")
      .limit(limit)
      .getMany();
  }

  async issue(viewer: Viewer, actingId: string, fields: AlertFields): Promise<Alert> {
    const actor = actFor(viewer, actingId, ISSUE_ALERTS);
    return inTransaction(this.dataSource, async (manager) => {
      await this.requireCoordinator(manager, actingId);
      return this.write(manager, actor, "issueAlert", AlertMessageType.ALERT, fields, null);
    });
  }

  /** An Update replaces a current alert of the same issuer with a new message that references it. */
  async update(viewer: Viewer, actingId: string, alertId: string, fields: AlertFields): Promise<Alert> {
    const actor = actFor(viewer, actingId, ISSUE_ALERTS);
    return inTransaction(this.dataSource, async (manager) => {
      await this.requireCoordinator(manager, actingId);
      const original = await this.lockCurrent(manager, actingId, alertId);
      return this.write(manager, actor, "updateAlert", AlertMessageType.UPDATE, fields, original);
    });
  }

  /** A Cancel keeps the original's information and says why in its description. */
  async cancel(viewer: Viewer, actingId: string, alertId: string, reason: string | null): Promise<Alert> {
    const actor = actFor(viewer, actingId, ISSUE_ALERTS);
    // The reason becomes the Cancel's description: checked as one, under the name the caller gave it.
    const check = new InputCheck();
    const why = text(check, "reason", reason, 5000, false);
    check.throwIfAny();
    return inTransaction(this.dataSource, async (manager) => {
      await this.requireCoordinator(manager, actingId);
      const original = await this.lockCurrent(manager, actingId, alertId);
      const fields: AlertFields = {
        ...original,
        description: why ?? original.description,
        // A Cancel may come after the original ran out; it has no end of its own then.
        expires: original.expires && original.expires.getTime() > Date.now() ? original.expires : null,
        areas: original.areas.map((area) => ({ ...area, polygon: area.polygon?.map(([lat, lng]) => ({ lat, lng })) })),
        needIds: [],
      };
      return this.write(manager, actor, "cancelAlert", AlertMessageType.CANCEL, fields, original);
    });
  }

  private async requireCoordinator(manager: EntityManager, actingId: string): Promise<void> {
    const acting = await actingOrganization(manager, actingId);
    if (!COORDINATING_KINDS.includes(acting.kind)) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("alert.notCoordinating", { name: acting.name }));
    requireVerified(acting);
  }

  private async lockCurrent(manager: EntityManager, actingId: string, alertId: string): Promise<Alert> {
    const original = await manager.findOne(Alert, { where: { id: alertId }, lock: { mode: "pessimistic_write" } });
    if (!original || original.issuingOrganizationId !== actingId) refuse("alertId", UserErrorCode.NOT_FOUND, t("alert.notFound"));
    if (original.replacedByAlertId || original.msgType === AlertMessageType.CANCEL) refuse("alertId", UserErrorCode.INVALID_TRANSITION, t("alert.notCurrent"));
    return original;
  }

  private async write(manager: EntityManager, actor: Actor, action: string, msgType: AlertMessageType, fields: AlertFields, original: Alert | null): Promise<Alert> {
    const check = new InputCheck();
    requireFields(check, fields, ["status", "scope", "categories", "event", "urgency", "severity", "certainty", "areas"], true);
    if (fields.categories && fields.categories.length === 0) check.add("categories", UserErrorCode.REQUIRED, t("alert.categoriesRequired"));
    const restriction = text(check, "restriction", fields.restriction, 500, false);
    if ((fields.scope === AlertScope.RESTRICTED) !== (restriction !== null)) check.add("restriction", UserErrorCode.INVALID, t("alert.restriction"));
    const event = text(check, "event", fields.event, 200, true);
    const headline = text(check, "headline", fields.headline, 200, false);
    const description = text(check, "description", fields.description, 5000, false);
    const instruction = text(check, "instruction", fields.instruction, 5000, false);
    const start = fields.onset ?? fields.effective ?? null;
    if (fields.expires && (fields.expires.getTime() <= Date.now() || (start && fields.expires <= start))) check.add("expires", UserErrorCode.OUT_OF_RANGE, t("alert.expires"));
    const areas = await this.checkAreas(manager, check, fields.areas ?? []);
    const needIds = [...new Set(fields.needIds ?? [])];
    // Only needs the issuer may read: a DRAFT project's needs exist for others only once it opens.
    if (needIds.length) {
      const [{ visible }] = await manager.query(
        `SELECT count(*)::int AS visible FROM resource_need need JOIN project ON project.id = need.project_id
         WHERE need.id = ANY($1) AND ${visibleProjectSql("project", "ARRAY[$2]::uuid[]")}`,
        [needIds, actor.organizationId],
      );
      if (visible !== needIds.length) check.add("needIds", UserErrorCode.NOT_FOUND, t("alert.needsNotFound"));
    }
    check.throwIfAny();

    const id = randomUUID();
    const alert = manager.create(Alert, {
      id,
      identifier: `cogov-${id}`,
      issuingOrganizationId: actor.organizationId!,
      status: fields.status!,
      msgType,
      scope: fields.scope!,
      restriction,
      categories: [...new Set(fields.categories!)],
      event: event!,
      urgency: fields.urgency!,
      severity: fields.severity!,
      certainty: fields.certainty!,
      headline,
      description,
      instruction,
      effective: wholeSeconds(fields.effective),
      onset: wholeSeconds(fields.onset),
      expires: wholeSeconds(fields.expires),
      areas,
      areaCodes: [...new Set(areas.flatMap((area) => area.areaCodes))],
      referencesAlertId: original?.id ?? null,
      replacedByAlertId: null,
    });
    const saved = await manager.save(alert);
    if (original) await manager.update(Alert, { id: original.id }, { replacedByAlertId: saved.id });
    for (const needId of needIds) await manager.query(`INSERT INTO alert_need (alert_id, need_id) VALUES ($1, $2)`, [saved.id, needId]);
    await audit(manager, actor, { action, entityType: "Alert", entityId: saved.id, before: null, after: saved });
    await recordEvents(manager, [
      {
        type: EventType.ALERT_ISSUED,
        entityType: "Alert",
        entityId: saved.id,
        areaCode: saved.areaCodes[0] ?? null,
        organizationId: saved.issuingOrganizationId,
        attributes: { areaCodes: saved.areaCodes, severity: saved.severity, categories: saved.categories, status: saved.status, scope: saved.scope, msgType },
      },
    ]);
    return saved;
  }

  private async checkAreas(manager: EntityManager, check: InputCheck, areas: AlertAreaFields[]): Promise<AlertArea[]> {
    if (areas.length === 0) check.add("areas", UserErrorCode.REQUIRED, t("alert.areasRequired"));
    const checked: AlertArea[] = [];
    for (const area of areas) {
      const description = text(check, "areas", area.description, 200, true) ?? "";
      if (area.areaCodes.length === 0) check.add("areas", UserErrorCode.REQUIRED, t("alert.areaCodesRequired"));
      for (const code of area.areaCodes) await findArea(manager, check, "areas", code);
      const circle = area.circle ?? null;
      if (circle && (Math.abs(circle.lat) > 90 || Math.abs(circle.lng) > 180 || !(circle.radiusKm > 0 && circle.radiusKm <= 500))) {
        check.add("areas", UserErrorCode.OUT_OF_RANGE, t("alert.circle"));
      }
      const polygon = area.polygon ?? null;
      if (polygon) {
        const [first, last] = [polygon[0], polygon.at(-1)];
        const closed = polygon.length >= 4 && first && last && first.lat === last.lat && first.lng === last.lng;
        if (!closed || polygon.some((point) => Math.abs(point.lat) > 90 || Math.abs(point.lng) > 180)) check.add("areas", UserErrorCode.INVALID, t("alert.polygon"));
      }
      checked.push({ description, areaCodes: area.areaCodes, circle, polygon: polygon?.map((point) => [point.lat, point.lng]) ?? null });
    }
    return checked;
  }
}

