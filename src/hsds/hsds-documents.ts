import { createHash } from "node:crypto";
import { CostOption, Service, ServiceCategory, ServiceStatus, TargetGroup } from "../entities/community/service";
import { ServiceAtLocation } from "../entities/community/service-at-location";
import { ServiceLocation } from "../entities/community/service-location";
import { ScheduleFrequency, ServiceSchedule } from "../entities/community/service-schedule";
import { Organization } from "../entities/organization";
import type { Loaders } from "../loaders";
import { utcOffsetHours } from "../services/community/service-schedule-rules";

/** What the documents read: services, places, hours and areas, through the request's loaders. */
export type HsdsLoaders = Pick<Loaders, "organization" | "areaByCode" | "locationsOfService" | "schedulesOfService" | "offeringsOfService" | "serviceLocation" | "service">;

type Json = Record<string, unknown>;

const STATUS: Record<ServiceStatus, string> = {
  ACTIVE: "active",
  INACTIVE: "inactive",
  DEFUNCT: "defunct",
  TEMPORARILY_CLOSED: "temporarily closed",
};

const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/**
 * A uuid derived from names, for rows HSDS gives ids of their own but Cogov keeps inside another row (a
 * service's phone, its language tags, a place's address): the same every time, so clients can follow them.
 */
export function derivedId(...names: string[]): string {
  const hex = createHash("sha256").update(names.join("\u0000")).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Drops keys whose value is null or undefined: HSDS types its optional fields as strings or numbers, never null. */
function present(document: Json): Json {
  return Object.fromEntries(Object.entries(document).filter(([, value]) => value !== null && value !== undefined));
}

function webAddress(value: string | null): string | null {
  if (value === null) return null;
  try {
    return ["http:", "https:"].includes(new URL(value).protocol) ? value : null;
  } catch {
    return null;
  }
}

/** An organisation as HSDS's organization_list has it. */
export function organizationDocument(organization: Organization): Json {
  return present({
    id: organization.id,
    name: organization.name,
    description: organization.description ?? "",
    website: webAddress(organization.website),
    parent_organization_id: organization.parentId,
  });
}

/** A service's one-to-one fields (HSDS service_list), with its organisation. */
export async function serviceSummary(service: Service, loaders: HsdsLoaders): Promise<Json> {
  const organization = await loaders.organization.load(service.organizationId);
  return present({
    id: service.id,
    organization_id: service.organizationId,
    name: service.name,
    description: service.description,
    url: service.url,
    email: service.contactEmail,
    status: STATUS[service.status],
    eligibility_description: service.eligibility,
    fees_description: service.feesDescription ?? (service.isFree ? "免費" : null),
    last_modified: service.updatedAt.toISOString(),
    organization: organization && organizationDocument(organization),
  });
}

/** A service with everything attached, as HSDS's GET /services/{id} answers. */
export async function serviceDocument(service: Service, loaders: HsdsLoaders, now: Date): Promise<Json> {
  const [summary, offerings, locations, schedules] = await Promise.all([
    serviceSummary(service, loaders),
    loaders.offeringsOfService.load(service.id),
    loaders.locationsOfService.load(service.id),
    loaders.schedulesOfService.load(service.id),
  ]);
  const byId = new Map(locations.map((location) => [location.id, location]));
  return {
    ...summary,
    phones: service.contactPhone ? [{ id: derivedId(service.id, "phone"), service_id: service.id, number: service.contactPhone }] : [],
    contacts: service.contactName || service.contactEmail ? [present({ id: derivedId(service.id, "contact"), service_id: service.id, name: service.contactName, email: service.contactEmail })] : [],
    languages: service.languages.map((code) => ({ id: derivedId(service.id, "language", code), service_id: service.id, code })),
    cost_options: service.costOptions.map((option: CostOption) => ({ id: option.id, service_id: service.id, option: option.option, amount: option.amount, currency: option.currency })),
    schedules: schedules.filter((schedule) => schedule.locationId === null).map((schedule) => scheduleDocument(schedule, now)),
    service_at_locations: await Promise.all(
      offerings.filter((offering) => byId.has(offering.locationId)).map(async (offering) => ({
        ...offeringDocument(offering),
        schedules: schedules.filter((schedule) => schedule.locationId === offering.locationId).map((schedule) => scheduleDocument(schedule, now)),
        location: await locationDocument(byId.get(offering.locationId)!, loaders),
      })),
    ),
    attributes: [
      ...service.categories.map((category) => attribute(service.id, "service_category", category)),
      ...service.targetGroups.map((group) => attribute(service.id, "target_group", group)),
    ],
  };
}

const TERM_NAMES: Record<string, string> = {
  MEDICAL: "醫療", LEGAL_AID: "法律援助", EMPLOYMENT: "就業", ELDER_CARE: "養老", DISABILITY_SUPPORT: "助殘", CHILD_CARE: "托育",
  PSYCHOLOGICAL_SUPPORT: "心理疏導", CULTURAL: "文化", OTHER: "其他", ELDERLY: "老年人", DISABLED: "殘疾人", LOW_INCOME: "低收入家庭",
  CHILDREN: "兒童", VETERANS: "退役軍人", MIGRANTS: "外來人口", ALL_RESIDENTS: "全體居民",
} satisfies Record<ServiceCategory | TargetGroup, string>;

/** A category or target group as an HSDS attribute with its taxonomy term (taxonomy cogov:service_category or cogov:target_group). */
function attribute(serviceId: string, taxonomy: string, code: string): Json {
  const termId = derivedId("cogov", taxonomy, code);
  return {
    id: derivedId(serviceId, taxonomy, code),
    link_id: serviceId,
    link_type: taxonomy,
    link_entity: "service",
    taxonomy_term_id: termId,
    value: code,
    taxonomy_term: { id: termId, code, name: TERM_NAMES[code], description: `${TERM_NAMES[code]} (${code})`, taxonomy: `cogov:${taxonomy}` },
  };
}

function offeringDocument(offering: ServiceAtLocation): Json {
  return { id: offering.id, service_id: offering.serviceId, location_id: offering.locationId };
}

/** A place (HSDS location, physical), with its address and accessibility. City, province and district come from its area's ancestors. */
export async function locationDocument(location: ServiceLocation, loaders: HsdsLoaders): Promise<Json> {
  const [province, city, district] = await Promise.all([2, 4, 6].map((length) => loaders.areaByCode.load(location.areaCode.slice(0, length))));
  return present({
    id: location.id,
    location_type: "physical",
    organization_id: location.organizationId,
    name: location.name,
    latitude: location.latitude,
    longitude: location.longitude,
    external_identifier: location.areaCode,
    external_identifier_type: "cogov:area_code",
    addresses: [
      present({
        id: derivedId(location.id, "address"),
        location_id: location.id,
        address_1: location.address,
        city: city?.name ?? "",
        region: district?.name,
        state_province: province?.name ?? "",
        postal_code: "",
        country: "CN",
        address_type: "physical",
      }),
    ],
    accessibility: location.accessibility ? [{ id: derivedId(location.id, "accessibility"), location_id: location.id, description: location.accessibility }] : [],
  });
}

/** "08:30" in a zone `offset` hours from UTC, as HSDS asks: 08:30+08:00. */
function timeWithOffset(time: string, offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const minutes = Math.round(Math.abs(offset) * 60);
  return `${time}${sign}${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * A schedule in HSDS's terms. HSDS keeps a UTC offset, not a zone, so the offset is the zone's on the schedule's
 * first date (or now), and the IANA name is kept in notes; a one-off session is a WEEKLY rule with count 1.
 */
export function scheduleDocument(schedule: ServiceSchedule, now: Date): Json {
  const firstDate = schedule.sessionDate ?? schedule.validFrom;
  const offset = utcOffsetHours(schedule.timezone, firstDate ? new Date(`${firstDate}T12:00:00Z`) : now);
  const oneOff = schedule.freq === null;
  const sessionWeekday = oneOff ? WEEKDAYS[new Date(`${schedule.sessionDate}T12:00:00Z`).getUTCDay()] : null;
  return present({
    id: schedule.id,
    service_id: schedule.serviceId,
    location_id: schedule.locationId,
    freq: schedule.freq ?? ScheduleFrequency.WEEKLY,
    byday: oneOff ? sessionWeekday : schedule.byday.length > 0 ? schedule.byday.join(",") : null,
    bymonthday: schedule.bymonthday.length > 0 ? schedule.bymonthday.join(",") : null,
    dtstart: schedule.sessionDate,
    count: oneOff ? 1 : null,
    until: schedule.sessionDate,
    valid_from: schedule.validFrom ?? schedule.sessionDate,
    valid_to: schedule.validTo ?? schedule.sessionDate,
    opens_at: timeWithOffset(schedule.opensAt, offset),
    closes_at: timeWithOffset(schedule.closesAt, offset),
    timezone: offset,
    description: schedule.description,
    notes: `IANA time zone: ${schedule.timezone}`,
  });
}

/** A service at a place with its place and service, as HSDS's service_at_location_list has it. */
export async function offeringSummary(offering: ServiceAtLocation, loaders: HsdsLoaders): Promise<Json> {
  const [location, service] = await Promise.all([loaders.serviceLocation.load(offering.locationId), loaders.service.load(offering.serviceId)]);
  return present({
    ...offeringDocument(offering),
    location: location && (await locationDocument(location, loaders)),
    service: service && (await serviceSummary(service, loaders)),
  });
}
