import type { DataSource } from "typeorm";
import { HouseholdField, householdReaderOf, HouseholdReader, shownText, showsHousehold } from "../../../auth/household-privacy";
import { canAdminister } from "../../../auth/policy";
import { organizationsOf } from "../../../auth/read-policy";
import type { Viewer } from "../../../auth/viewer";
import { AUTHORITY_KINDS } from "../../../auth/vouching";
import { emptyPage, KeysetPager, Page, PageArgs, Sort } from "../../../db/keyset-page";
import { HouseholdVisit } from "../../../entities/community/household-visit";
import { KeyHousehold } from "../../../entities/community/key-household";
import type { Person } from "../../../entities/community/person";
import type { TargetGroup } from "../../../entities/community/service";
import type { Organization } from "../../../entities/organization";
import { Event, EventType } from "../../../entities/event";
import { t } from "../../../i18n/text";
import type { Loaders } from "../../../loaders";
import { AreaService } from "../../area.service";
import { DomainError } from "../../errors";
import { isCalendarDate } from "./household-rules";

export interface HouseholdFilter {
  /** The area and everything below it. */
  areaCode?: string | null;
  groups?: TargetGroup[] | null;
  /** Households whose code starts with this. */
  codePrefix?: string | null;
}

export interface OverdueVisitFilter {
  areaCode?: string | null;
  /** Only the visits this organisation holds. */
  organizationId?: string | null;
}

type HouseholdLoaders = Pick<Loaders, "organization" | "keyHousehold" | "membersOfHousehold" | "person">;

const BY_CODE: Sort = { name: "CODE", property: "code", kind: "text", direction: "ASC" };
const LONGEST_OVERDUE_FIRST: Sort = { name: "DUE_ON", property: "dueOn", kind: "text", direction: "ASC" };

/** Reading key households and their visits by the rules of auth/household-privacy.ts. */
export class HouseholdReads {
  private readonly households: KeysetPager<KeyHousehold>;
  private readonly visits: KeysetPager<HouseholdVisit>;
  private readonly areas: AreaService;

  constructor(
    private readonly dataSource: DataSource,
    private readonly timeZone: string,
  ) {
    this.households = new KeysetPager(dataSource.getRepository(KeyHousehold));
    this.visits = new KeysetPager(dataSource.getRepository(HouseholdVisit));
    this.areas = new AreaService(dataSource);
  }

  async readerOf(viewer: Viewer, loaders: Pick<Loaders, "organization">, household: KeyHousehold): Promise<HouseholdReader> {
    return householdReaderOf(viewer, household, await viewerOrganizations(viewer, loaders));
  }

  /** The household, to those who read it; null to everyone else. */
  async findVisible(viewer: Viewer, loaders: HouseholdLoaders, id: string): Promise<KeyHousehold | null> {
    const household = await loaders.keyHousehold.load(id);
    return household && showsHousehold("household", await this.readerOf(viewer, loaders, household)) ? household : null;
  }

  /** The visit, to those who read its household. */
  async findVisibleVisit(viewer: Viewer, loaders: HouseholdLoaders & Pick<Loaders, "householdVisit">, id: string): Promise<HouseholdVisit | null> {
    const visit = await loaders.householdVisit.load(id);
    return visit && (await this.findVisible(viewer, loaders, visit.householdId)) ? visit : null;
  }

  /** A text field of the household (`needs`) or of one of its visits (`findings`), as the reader sees it. */
  async text(viewer: Viewer, loaders: HouseholdLoaders, householdId: string, field: HouseholdField, value: string | null): Promise<string | null> {
    const household = await loaders.keyHousehold.load(householdId);
    return household ? shownText(field, await this.readerOf(viewer, loaders, household), value) : null;
  }

  /** Persons of the household or of a visit: to readers the field's rule shows them to; empty to the rest. */
  async people(viewer: Viewer, loaders: HouseholdLoaders, householdId: string, field: "members" | "visitors", personIds: readonly string[]): Promise<Person[]> {
    const household = await loaders.keyHousehold.load(householdId);
    if (!household || !showsHousehold(field, await this.readerOf(viewer, loaders, household))) return [];
    return (await loaders.person.loadMany([...personIds])).filter((row): row is Person => row !== null && !(row instanceof Error));
  }

  /** A page of an organisation's register, by code: to its members and keys; empty to everyone else. */
  async page(viewer: Viewer, organizationId: string, filter: HouseholdFilter, args: PageArgs): Promise<Page<KeyHousehold>> {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    if (!organizationsOf(viewer).includes(organizationId)) return emptyPage();
    const query = this.dataSource.getRepository(KeyHousehold).createQueryBuilder("household").where(`"household"."organization_id" = :organizationId`, { organizationId });
    if (filter.areaCode != null) {
      await this.areas.require(filter.areaCode, "filter.areaCode");
      query.andWhere(`starts_with("household"."area_code", :areaPrefix)`, { areaPrefix: filter.areaCode });
    }
    if (filter.groups?.length) query.andWhere(`"household"."groups" && CAST(:groups AS varchar[])`, { groups: filter.groups });
    if (filter.codePrefix && !/^[-_A-Za-z0-9]{1,32}$/.test(filter.codePrefix)) throw new DomainError("BAD_USER_INPUT", t("household.codePrefixFormat", { argument: "filter.codePrefix" }));
    if (filter.codePrefix) query.andWhere(`starts_with("household"."code", :codePrefix)`, { codePrefix: filter.codePrefix });
    return this.households.page(query, BY_CODE, args);
  }

  /**
   * Planned visits past their due date (in the configured time zone), longest overdue first: of the households of
   * organisations the viewer administers, and of households in the areas its Party or government organisations supervise.
   */
  async overdue(viewer: Viewer, loaders: Pick<Loaders, "organization">, filter: OverdueVisitFilter, args: PageArgs): Promise<Page<HouseholdVisit>> {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    checkDueCursor(args);
    const organizations = await viewerOrganizations(viewer, loaders);
    const administered = organizations.filter((organization) => canAdminister(viewer, organization.id)).map((organization) => organization.id);
    const supervised = organizations.filter((organization) => AUTHORITY_KINDS.includes(organization.kind)).map((organization) => organization.areaCode);
    if (administered.length === 0 && supervised.length === 0) return emptyPage();
    const query = this.dataSource
      .getRepository(HouseholdVisit)
      .createQueryBuilder("visit")
      .innerJoin(KeyHousehold, "household", `"household"."id" = "visit"."household_id"`)
      .where(`"visit"."visited_at" IS NULL AND "visit"."due_on" < (now() AT TIME ZONE :timeZone)::date`, { timeZone: this.timeZone })
      .andWhere(
        `("household"."organization_id" = ANY(:administered) OR EXISTS (SELECT 1 FROM unnest(CAST(:supervised AS text[])) prefix WHERE starts_with("household"."area_code", prefix)))`,
        { administered, supervised },
      );
    if (filter.organizationId != null) query.andWhere(`"visit"."organization_id" = :holder`, { holder: filter.organizationId });
    if (filter.areaCode != null) {
      await this.areas.require(filter.areaCode, "filter.areaCode");
      query.andWhere(`starts_with("household"."area_code", :areaPrefix)`, { areaPrefix: filter.areaCode });
    }
    return this.visits.page(query, LONGEST_OVERDUE_FIRST, args);
  }

  /** Days the planned visit is past due today (0 when it is not, or was made). */
  daysOverdue(visit: HouseholdVisit, today: string): number {
    if (visit.visitedAt !== null || visit.dueOn === null || visit.dueOn >= today) return 0;
    return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${visit.dueOn}T00:00:00Z`)) / 86_400_000);
  }

  /** Today's date in the time zone visits are planned in, for a request's answers to agree with one another. */
  today(): string {
    return new Intl.DateTimeFormat("en-CA", { timeZone: this.timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  }
}

async function viewerOrganizations(viewer: Viewer, loaders: Pick<Loaders, "organization">): Promise<Organization[]> {
  return (await loaders.organization.loadMany(organizationsOf(viewer))).filter((row): row is Organization => row !== null && !(row instanceof Error));
}

/** The due-date order's cursors carry a date: anything else is not one of ours (PostgreSQL would refuse it as a date). */
function checkDueCursor(args: PageArgs): void {
  for (const [argument, cursor] of [["after", args.after], ["before", args.before]] as const) {
    if (cursor == null) continue;
    let key: unknown;
    try {
      key = (JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[])[1];
    } catch {
      key = undefined;
    }
    // Left to the pager when it is not even a cursor of this order: it names that mistake.
    if (typeof key !== "string" || isCalendarDate(key)) continue;
    throw new DomainError("BAD_USER_INPUT", t("page.cursorNotOurs", { argument, cursor }));
  }
}

const VISIT_EVENTS: readonly EventType[] = [EventType.HOUSEHOLD_VISIT_RECORDED, EventType.HOUSEHOLD_VISIT_OVERDUE];

/**
 * Which household visit events reach a follower, matched in memory against the event row: those of households its
 * organisations keep, and (for `supervised`: organisation id → area, its Party or government organisations) those
 * in the areas they supervise, for as long as the viewer still reads for that organisation.
 */
export function householdVisitEventMatcher(
  filter: { organizationId?: string | null; areaCode?: string | null },
  viewerOrganizations: readonly string[],
  supervised: ReadonlyMap<string, string> = new Map(),
): (event: Event) => boolean {
  const areas = viewerOrganizations.flatMap((id) => (supervised.has(id) ? [supervised.get(id)!] : []));
  return (event) => {
    if (!VISIT_EVENTS.includes(event.type)) return false;
    const area = event.areaCode ?? "";
    const reads = viewerOrganizations.includes(event.organizationId ?? "") || areas.some((prefix) => area.startsWith(prefix));
    return reads && (!filter.organizationId || event.organizationId === filter.organizationId) && (!filter.areaCode || area.startsWith(filter.areaCode));
  };
}

/** The viewer's Party and government organisations with their areas: whose visit events it follows as a supervisor. */
export async function supervisedAreasOf(viewer: Viewer, loaders: Pick<Loaders, "organization">): Promise<Map<string, string>> {
  const organizations = await viewerOrganizations(viewer, loaders);
  return new Map(organizations.filter((organization) => AUTHORITY_KINDS.includes(organization.kind)).map((organization) => [organization.id, organization.areaCode]));
}
