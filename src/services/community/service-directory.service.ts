import { DataSource, EntityManager, In, SelectQueryBuilder } from "typeorm";
import { actFor, REQUIRE } from "../../auth/policy";
import { organizationsOf } from "../../auth/read-policy";
import type { Viewer } from "../../auth/viewer";
import { KeysetPager, Page, PageArgs, Sort } from "../../db/keyset-page";
import { CostOption, Service, ServiceCategory, ServiceStatus, TargetGroup } from "../../entities/community/service";
import { ServiceAtLocation } from "../../entities/community/service-at-location";
import { ServiceLocation } from "../../entities/community/service-location";
import { ServiceSchedule } from "../../entities/community/service-schedule";
import { Organization } from "../../entities/organization";
import { t } from "../../i18n/text";
import type { Loaders } from "../../loaders";
import { AreaService } from "../area.service";
import { audit, snapshot } from "../audit";
import { InputCheck, UserErrorCode } from "../errors";
import { actingOrganization, applyLocation, findArea, inTransaction, refuse, requireFields, text } from "../input-rules";
import { Near, nearCondition } from "../near";
import { containsText } from "../text-search";
import { languagesOf } from "./person-profile";
import { applySchedule, openAtCondition, ScheduleFields } from "./service-schedule-rules";
import { canSeeService, isPublic, VISIBLE_SERVICE_SQL } from "./service-visibility";

export interface ServiceFilter {
  categories?: ServiceCategory[] | null;
  targetGroups?: TargetGroup[] | null;
  areaCode?: string | null;
  near?: Near | null;
  openAt?: Date | null;
  search?: string | null;
  organizationId?: string | null;
}

export interface CostOptionFields {
  option: string;
  amount: number;
  currency: string;
}

export interface ServiceFields {
  name?: string | null;
  description?: string | null;
  status?: ServiceStatus | null;
  categories?: ServiceCategory[] | null;
  targetGroups?: TargetGroup[] | null;
  eligibility?: string | null;
  isFree?: boolean | null;
  feesDescription?: string | null;
  costOptions?: CostOptionFields[] | null;
  languages?: string[] | null;
  contactName?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
  url?: string | null;
  /** Places of the acting organisation where the service is offered; replaces the list when given. */
  locationIds?: string[] | null;
}

export interface LocationFields {
  name?: string | null;
  address?: string | null;
  areaCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  accessibility?: string | null;
}

/** A page by number, as HSDS's API pages: `number` from 1, `size` items. */
export interface NumberedPage {
  number: number;
  size: number;
}

export const SERVICES_BY_NAME: Sort = { name: "NAME", property: "name", kind: "text", direction: "ASC" };
export const MAX_LOCATIONS_PER_SERVICE = 20;
export const MAX_SCHEDULES_PER_SERVICE = 50;
const MAX_COST_OPTIONS = 10;
const SEARCHED_TEXT = `"service"."search_text"`;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CURRENCY = /^[A-Z]{3}$/;

/** The service directory (HSDS 3.0 shape): services an organisation offers, the places it offers them at, and their hours. */
export class ServiceDirectoryService {
  private readonly pager: KeysetPager<Service>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly areas: AreaService,
  ) {
    this.pager = new KeysetPager(dataSource.getRepository(Service));
  }

  /** A page of the services the viewer reads that `filter` matches, by name. */
  async list(viewer: Viewer, filter: ServiceFilter, args: PageArgs): Promise<Page<Service>> {
    return this.pager.page(await this.filteredQuery(filter, organizationsOf(viewer)), SERVICES_BY_NAME, args);
  }

  /**
   * Services (alias `service`) readable by members of `viewerOrganizations` (public ones for none), narrowed by
   * `filter`. Place filters (area, near) and openAt meet at one place: the service is open there, at that instant.
   */
  async filteredQuery(filter: ServiceFilter, viewerOrganizations: string[]): Promise<SelectQueryBuilder<Service>> {
    const query = this.dataSource.getRepository(Service).createQueryBuilder("service").where(VISIBLE_SERVICE_SQL("service"), { viewerOrganizations });
    if (filter.categories?.length) query.andWhere(`"service"."categories" && CAST(:categories AS varchar[])`, { categories: filter.categories });
    if (filter.targetGroups?.length) query.andWhere(`"service"."target_groups" && CAST(:targetGroups AS varchar[])`, { targetGroups: filter.targetGroups });
    if (filter.organizationId != null) query.andWhere(`"service"."organization_id" = :organizationId`, { organizationId: filter.organizationId });
    if (filter.search != null) query.andWhere(containsText(SEARCHED_TEXT, filter.search));
    const placeConditions: string[] = [];
    if (filter.areaCode != null) {
      await this.areas.require(filter.areaCode, "filter.areaCode");
      placeConditions.push(`"place"."area_code" LIKE :areaPrefix`);
      query.setParameter("areaPrefix", `${filter.areaCode}%`);
    }
    if (filter.near != null) {
      const near = nearCondition("place", filter.near);
      placeConditions.push(near.sql);
      query.setParameters(near.parameters);
    }
    if (filter.openAt != null) query.setParameter("openAt", filter.openAt.toISOString());
    const open = (place: string | null) =>
      `EXISTS (SELECT 1 FROM service_schedule "schedule" WHERE "schedule"."service_id" = "service"."id"` +
      `${place ? ` AND ("schedule"."location_id" IS NULL OR "schedule"."location_id" = ${place})` : ""} AND ${openAtCondition("schedule")})`;
    if (placeConditions.length > 0) {
      if (filter.openAt != null) placeConditions.push(open(`"place"."id"`));
      query.andWhere(
        `EXISTS (SELECT 1 FROM service_at_location "offered" JOIN service_location "place" ON "place"."id" = "offered"."location_id"
         WHERE "offered"."service_id" = "service"."id" AND ${placeConditions.join(" AND ")})`,
      );
    } else if (filter.openAt != null) query.andWhere(open(null));
    return query;
  }

  /** A numbered page of public services, by name, and how many there are (HSDS pages by number, so this one reads with OFFSET). */
  async publicServices(filter: ServiceFilter, page: NumberedPage): Promise<{ total: number; services: Service[] }> {
    const query = (await this.filteredQuery(filter, [])).orderBy(`"service"."name"`).addOrderBy(`"service"."id"`);
    const [services, total] = await query.offset((page.number - 1) * page.size).limit(page.size).getManyAndCount();
    return { total, services };
  }

  /** A numbered page of the places public services are offered at (HSDS service_at_location), by service name and place. */
  async publicOfferings(filter: ServiceFilter, page: NumberedPage): Promise<{ total: number; offerings: ServiceAtLocation[] }> {
    const services = (await this.filteredQuery(filter, [])).select(`"service"."id"`);
    const query = this.dataSource
      .getRepository(ServiceAtLocation)
      .createQueryBuilder("offering")
      .innerJoin(Service, "offered", `"offered"."id" = "offering"."service_id"`)
      .where(`"offering"."service_id" IN (${services.getQuery()})`, services.getParameters())
      .orderBy(`"offered"."name"`)
      .addOrderBy(`"offering"."id"`);
    const [offerings, total] = await query.offset((page.number - 1) * page.size).limit(page.size).getManyAndCount();
    return { total, offerings };
  }

  /** A numbered page of organisations, by name; `search` finds text in the name or description. */
  async organizations(search: string | null, page: NumberedPage): Promise<{ total: number; organizations: Organization[] }> {
    const query = this.dataSource.getRepository(Organization).createQueryBuilder("organization").orderBy(`"organization"."name"`).addOrderBy(`"organization"."id"`);
    if (search !== null) query.where(containsText(`"organization"."search_text"`, search));
    const [organizations, total] = await query.offset((page.number - 1) * page.size).limit(page.size).getManyAndCount();
    return { total, organizations };
  }

  /** The service when it is public, else null. */
  async publicService(loaders: Pick<Loaders, "service">, id: string): Promise<Service | null> {
    const service = await loaders.service.load(id);
    return service && isPublic(service) ? service : null;
  }

  /** The service, or null when there is none or the viewer may not read it. */
  async findVisible(viewer: Viewer, loaders: Pick<Loaders, "service">, id: string): Promise<Service | null> {
    const service = await loaders.service.load(id);
    return service && canSeeService(viewer, service) ? service : null;
  }

  async findVisibleSchedule(viewer: Viewer, loaders: Pick<Loaders, "service" | "serviceSchedule">, id: string): Promise<ServiceSchedule | null> {
    const schedule = await loaders.serviceSchedule.load(id);
    return schedule && (await this.findVisible(viewer, loaders, schedule.serviceId)) ? schedule : null;
  }

  async createService(viewer: Viewer, actingId: string, fields: ServiceFields): Promise<Service> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const service = manager.create(Service, {
        organizationId: acting.id, description: null, eligibility: null, feesDescription: null, costOptions: [], languages: [],
        contactName: null, contactPhone: null, contactEmail: null, url: null, retiredAt: null,
      });
      const check = new InputCheck();
      requireFields(check, fields, ["name", "status", "categories", "targetGroups", "isFree"], true);
      applyService(check, service, fields);
      const locations = fields.locationIds != null ? await ownLocations(manager, check, acting, fields.locationIds) : [];
      check.throwIfAny();
      const saved = await manager.save(service);
      await manager.insert(ServiceAtLocation, locations.map((location, position) => ({ serviceId: saved.id, locationId: location.id, position })));
      await audit(manager, actor, { action: "createService", entityType: "Service", entityId: saved.id, before: null, after: { ...saved, locationIds: locations.map((l) => l.id) } });
      return saved;
    });
  }

  async updateService(viewer: Viewer, actingId: string, serviceId: string, fields: ServiceFields): Promise<Service> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const service = await lockOwnService(manager, acting, serviceId);
      const before = { ...snapshot(service), locationIds: await locationIdsOf(manager, service.id) };
      const check = new InputCheck();
      requireFields(check, fields, ["name", "status", "categories", "targetGroups", "isFree"], false);
      applyService(check, service, fields);
      const locations = fields.locationIds != null ? await ownLocations(manager, check, acting, fields.locationIds) : undefined;
      check.throwIfAny();
      const saved = await manager.save(service);
      let locationIds = before.locationIds;
      if (locations) {
        // Links to places the service stays at are kept, so their HSDS service_at_location ids stay the same.
        const kept = locations.map((location) => location.id);
        const left = before.locationIds.filter((id) => !kept.includes(id));
        const added = kept.filter((id) => !before.locationIds.includes(id));
        if (left.length > 0) {
          // Hours kept for a place the service leaves go with it.
          await manager.delete(ServiceSchedule, { serviceId: service.id, locationId: In(left) });
          await manager.delete(ServiceAtLocation, { serviceId: service.id, locationId: In(left) });
        }
        for (const [position, locationId] of kept.entries()) {
          if (added.includes(locationId)) await manager.insert(ServiceAtLocation, { serviceId: service.id, locationId, position });
          else await manager.update(ServiceAtLocation, { serviceId: service.id, locationId }, { position });
        }
        locationIds = kept;
      }
      await audit(manager, actor, { action: "updateService", entityType: "Service", entityId: saved.id, before, after: { ...saved, locationIds } });
      return saved;
    });
  }

  /** Retires a service: it leaves the public directory and the HSDS API, and can no longer be changed. */
  async retireService(viewer: Viewer, actingId: string, serviceId: string): Promise<Service> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const service = await lockOwnService(manager, acting, serviceId);
      const before = snapshot(service);
      service.retiredAt = new Date();
      const saved = await manager.save(service);
      await audit(manager, actor, { action: "retireService", entityType: "Service", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

  async createLocation(viewer: Viewer, actingId: string, fields: LocationFields): Promise<ServiceLocation> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const location = manager.create(ServiceLocation, { organizationId: acting.id, latitude: null, longitude: null, accessibility: null, retiredAt: null });
      await applyLocationFields(manager, location, fields, true);
      const saved = await manager.save(location);
      await audit(manager, actor, { action: "createServiceLocation", entityType: "ServiceLocation", entityId: saved.id, before: null, after: saved });
      return saved;
    });
  }

  async updateLocation(viewer: Viewer, actingId: string, locationId: string, fields: LocationFields): Promise<ServiceLocation> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const location = await lockOwnLocation(manager, acting, locationId);
      const before = snapshot(location);
      await applyLocationFields(manager, location, fields, false);
      const saved = await manager.save(location);
      await audit(manager, actor, { action: "updateServiceLocation", entityType: "ServiceLocation", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

  /** Retires a place: no service is offered there any more, and the hours kept for it go. */
  async retireLocation(viewer: Viewer, actingId: string, locationId: string): Promise<ServiceLocation> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const location = await lockOwnLocation(manager, acting, locationId);
      const before = { ...snapshot(location), serviceIds: (await manager.findBy(ServiceAtLocation, { locationId })).map((row) => row.serviceId) };
      await manager.delete(ServiceSchedule, { locationId });
      await manager.delete(ServiceAtLocation, { locationId });
      location.retiredAt = new Date();
      const saved = await manager.save(location);
      await audit(manager, actor, { action: "retireServiceLocation", entityType: "ServiceLocation", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

  async addSchedule(viewer: Viewer, actingId: string, serviceId: string, locationId: string | null, fields: ScheduleFields): Promise<ServiceSchedule> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const service = await lockOwnService(manager, acting, serviceId);
      const count = await manager.countBy(ServiceSchedule, { serviceId: service.id });
      if (count >= MAX_SCHEDULES_PER_SERVICE) refuse("serviceId", UserErrorCode.OUT_OF_RANGE, t("schedule.tooMany", { max: MAX_SCHEDULES_PER_SERVICE }));
      if (locationId !== null && !(await manager.existsBy(ServiceAtLocation, { serviceId: service.id, locationId }))) {
        refuse("locationId", UserErrorCode.NOT_FOUND, t("location.notOfService"));
      }
      const schedule = manager.create(ServiceSchedule, {
        serviceId: service.id, locationId, freq: null, byday: [], bymonthday: [], sessionDate: null, validFrom: null, validTo: null, description: null,
      });
      const check = new InputCheck();
      await applySchedule(manager, check, schedule, fields, true);
      check.throwIfAny();
      const saved = await manager.save(schedule);
      await audit(manager, actor, { action: "addServiceSchedule", entityType: "ServiceSchedule", entityId: saved.id, before: null, after: saved });
      return saved;
    });
  }

  async updateSchedule(viewer: Viewer, actingId: string, scheduleId: string, fields: ScheduleFields): Promise<ServiceSchedule> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const schedule = await lockOwnSchedule(manager, acting, scheduleId);
      const before = snapshot(schedule);
      const check = new InputCheck();
      await applySchedule(manager, check, schedule, fields, false);
      check.throwIfAny();
      const saved = await manager.save(schedule);
      await audit(manager, actor, { action: "updateServiceSchedule", entityType: "ServiceSchedule", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

  async removeSchedule(viewer: Viewer, actingId: string, scheduleId: string): Promise<ServiceSchedule> {
    const actor = actFor(viewer, actingId, REQUIRE.serviceDirectory);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const schedule = await lockOwnSchedule(manager, acting, scheduleId);
      await manager.delete(ServiceSchedule, { id: schedule.id });
      await audit(manager, actor, { action: "removeServiceSchedule", entityType: "ServiceSchedule", entityId: schedule.id, before: snapshot(schedule), after: null });
      return schedule;
    });
  }
}

function applyService(check: InputCheck, service: Service, fields: ServiceFields): void {
  const name = text(check, "name", fields.name, 200, true);
  if (name) service.name = name;
  if (fields.status != null) service.status = fields.status;
  for (const key of ["categories", "targetGroups"] as const) {
    const values = fields[key];
    if (values == null) continue;
    if (values.length === 0) check.add(key, UserErrorCode.REQUIRED, t("service.listEmpty", { field: key }));
    else (service[key] as string[]) = [...new Set<string>(values)];
  }
  for (const [key, limit] of [["description", 5000], ["eligibility", 2000], ["feesDescription", 1000], ["contactName", 100]] as const) {
    if (fields[key] !== undefined) service[key] = text(check, key, fields[key], limit, false);
  }
  if (fields.contactPhone !== undefined) service.contactPhone = text(check, "contactPhone", fields.contactPhone, 32, false);
  if (fields.contactEmail !== undefined) {
    const email = text(check, "contactEmail", fields.contactEmail, 254, false);
    if (email !== null && !EMAIL.test(email)) check.add("contactEmail", UserErrorCode.INVALID, t("service.emailInvalid"));
    else service.contactEmail = email;
  }
  if (fields.url !== undefined) {
    const url = text(check, "url", fields.url, 300, false);
    if (url !== null && !isWebAddress(url)) check.add("url", UserErrorCode.INVALID, t("service.urlInvalid"));
    else service.url = url;
  }
  if (fields.languages != null) service.languages = languagesOf(check, fields.languages);
  if (fields.isFree != null) service.isFree = fields.isFree;
  if (fields.costOptions != null) service.costOptions = costOptionsOf(check, fields.costOptions);
  if (service.isFree && service.costOptions.length > 0) check.add("costOptions", UserErrorCode.INVALID, t("service.freeWithCosts"));
  if (service.isFree === false && service.costOptions.length === 0 && !service.feesDescription) check.add("feesDescription", UserErrorCode.REQUIRED, t("service.feesUnstated"));
}

function isWebAddress(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function costOptionsOf(check: InputCheck, options: CostOptionFields[]): CostOption[] {
  if (options.length > MAX_COST_OPTIONS) check.add("costOptions", UserErrorCode.OUT_OF_RANGE, t("service.tooManyCostOptions", { max: MAX_COST_OPTIONS }));
  return options.map((fields) => {
    const option = text(check, "costOptions", fields.option, 100, true) ?? "";
    const { amount, currency } = fields;
    if (!Number.isFinite(amount) || amount < 0 || amount > 1_000_000 || Math.abs(Math.round(amount * 100) - amount * 100) > 1e-6) {
      check.add("costOptions", UserErrorCode.OUT_OF_RANGE, t("service.costAmount", { amount }));
    }
    if (!CURRENCY.test(currency)) check.add("costOptions", UserErrorCode.INVALID, t("service.currency", { currency: currency.slice(0, 10) }));
    return { id: crypto.randomUUID(), option, amount, currency };
  });
}

async function applyLocationFields(manager: EntityManager, location: ServiceLocation, fields: LocationFields, creating: boolean): Promise<void> {
  const check = new InputCheck();
  requireFields(check, fields, ["name", "address", "areaCode"], creating);
  const name = text(check, "name", fields.name, 200, true);
  if (name) location.name = name;
  const address = text(check, "address", fields.address, 300, true);
  if (address) location.address = address;
  if (fields.accessibility !== undefined) location.accessibility = text(check, "accessibility", fields.accessibility, 1000, false);
  if (fields.areaCode != null) {
    const area = await findArea(manager, check, "areaCode", fields.areaCode);
    if (area) location.areaCode = area.code;
  }
  applyLocation(check, location, fields);
  check.throwIfAny();
}

/** The acting organisation's own live places among `ids`, each once, in the order given; a problem on locationIds otherwise. */
async function ownLocations(manager: EntityManager, check: InputCheck, acting: Organization, ids: string[]): Promise<ServiceLocation[]> {
  const unique = [...new Set(ids)];
  if (unique.length > MAX_LOCATIONS_PER_SERVICE) {
    check.add("locationIds", UserErrorCode.OUT_OF_RANGE, t("location.tooMany", { max: MAX_LOCATIONS_PER_SERVICE }));
    return [];
  }
  const found = (await manager.findBy(ServiceLocation, { id: In(unique) })).sort((a, b) => unique.indexOf(a.id) - unique.indexOf(b.id));
  if (found.length < unique.length) check.add("locationIds", UserErrorCode.NOT_FOUND, t("location.notFound"));
  else if (found.some((location) => location.organizationId !== acting.id)) check.add("locationIds", UserErrorCode.NOT_PERMITTED, t("location.notOwned", { organization: acting.name }));
  else if (found.some((location) => location.retiredAt !== null)) check.add("locationIds", UserErrorCode.INVALID_TRANSITION, t("location.retired"));
  return found;
}

async function locationIdsOf(manager: EntityManager, serviceId: string): Promise<string[]> {
  return (await manager.find(ServiceAtLocation, { where: { serviceId }, order: { position: "ASC", id: "ASC" } })).map((row) => row.locationId);
}

/** The acting organisation's live service, locked for the change. */
async function lockOwnService(manager: EntityManager, acting: Organization, serviceId: string, field = "serviceId"): Promise<Service> {
  const service = await manager.findOne(Service, { where: { id: serviceId }, lock: { mode: "pessimistic_write" } });
  if (!service) refuse(field, UserErrorCode.NOT_FOUND, t("service.notFound"));
  if (service.organizationId !== acting.id) refuse(field, UserErrorCode.NOT_PERMITTED, t("service.notOffered", { organization: acting.name }));
  if (service.retiredAt !== null) refuse(field, UserErrorCode.INVALID_TRANSITION, t("service.retired"));
  return service;
}

async function lockOwnLocation(manager: EntityManager, acting: Organization, locationId: string): Promise<ServiceLocation> {
  const location = await manager.findOne(ServiceLocation, { where: { id: locationId }, lock: { mode: "pessimistic_write" } });
  if (!location) refuse("locationId", UserErrorCode.NOT_FOUND, t("location.notFound"));
  if (location.organizationId !== acting.id) refuse("locationId", UserErrorCode.NOT_PERMITTED, t("location.notOwned", { organization: acting.name }));
  if (location.retiredAt !== null) refuse("locationId", UserErrorCode.INVALID_TRANSITION, t("location.retired"));
  return location;
}

/** A schedule of one of the acting organisation's live services; the service is locked, so schedules change one at a time. */
async function lockOwnSchedule(manager: EntityManager, acting: Organization, scheduleId: string): Promise<ServiceSchedule> {
  const found = await manager.findOneBy(ServiceSchedule, { id: scheduleId });
  if (!found) refuse("scheduleId", UserErrorCode.NOT_FOUND, t("schedule.notFound"));
  await lockOwnService(manager, acting, found.serviceId, "scheduleId");
  const schedule = await manager.findOneBy(ServiceSchedule, { id: scheduleId });
  if (!schedule) refuse("scheduleId", UserErrorCode.NOT_FOUND, t("schedule.notFound"));
  return schedule;
}
