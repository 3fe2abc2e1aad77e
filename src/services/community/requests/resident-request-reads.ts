import type { DataSource } from "typeorm";
import { organizationsOf } from "../../../auth/read-policy";
import { READS_REQUEST, requestReaderOf, RequestReader, seesRequester } from "../../../auth/request-privacy";
import type { Viewer } from "../../../auth/viewer";
import { AUTHORITY_KINDS } from "../../../auth/vouching";
import type { Person } from "../../../entities/community/person";
import { RequestRoutingRule } from "../../../entities/community/request-routing-rule";
import { RequestCategory, RequestStatus, ResidentRequest } from "../../../entities/community/resident-request";
import type { ResidentRequestStep } from "../../../entities/community/resident-request-step";
import type { Event } from "../../../entities/event";
import { EventType } from "../../../entities/event";
import type { Organization } from "../../../entities/organization";
import { KeysetPager, Page, PageArgs, Sort } from "../../../db/keyset-page";
import { t } from "../../../i18n/text";
import type { Loaders } from "../../../loaders";
import { AreaService } from "../../area.service";
import { DomainError } from "../../errors";
import { OPEN_REQUEST_STATUSES } from "./request-lifecycle";

export interface RequestFilter {
  statuses?: RequestStatus[] | null;
  categories?: RequestCategory[] | null;
  /** The area and everything below it. */
  areaCode?: string | null;
  handlingOrganizationId?: string | null;
  /** Only requests past a time limit and still open: a supervisor's overdue list. */
  overdue?: boolean | null;
  /** Only the viewer's own requests. */
  mine?: boolean | null;
}

export interface RequestCount {
  category: RequestCategory;
  status: RequestStatus;
  count: number;
}

type RequestLoaders = Pick<Loaders, "residentRequest" | "personOfUser" | "organization" | "person">;

const NEWEST_FIRST: Sort = { name: "CREATED_AT", property: "createdAt", kind: "timestamp", direction: "DESC" };

/** Who the viewer is to requests: their own person, and the organisations they read for. */
interface RequestViewer {
  personId: string | null;
  organizations: Organization[];
}

/** Reading requests by the rules of auth/request-privacy.ts: one by one, as lists, as counts and as events. */
export class ResidentRequestReads {
  private readonly pager: KeysetPager<ResidentRequest>;
  private readonly areas: AreaService;

  constructor(private readonly dataSource: DataSource) {
    this.pager = new KeysetPager(dataSource.getRepository(ResidentRequest));
    this.areas = new AreaService(dataSource);
  }

  async readerOf(viewer: Viewer, loaders: RequestLoaders, request: ResidentRequest): Promise<RequestReader> {
    const who = await this.viewerOf(viewer, loaders);
    return requestReaderOf(viewer, request, who.personId, who.organizations);
  }

  /** The request, to those READS_REQUEST lets read it; null to everyone else. */
  async findVisible(viewer: Viewer, loaders: RequestLoaders, id: string): Promise<ResidentRequest | null> {
    const request = await loaders.residentRequest.load(id);
    return request && READS_REQUEST[await this.readerOf(viewer, loaders, request)] ? request : null;
  }

  /** Who filed it, to those who may see them; null to the rest (and for anonymous requests). */
  async requesterOf(viewer: Viewer, loaders: RequestLoaders, request: ResidentRequest): Promise<Person | null> {
    if (!request.requesterPersonId || !seesRequester(await this.readerOf(viewer, loaders, request), request)) return null;
    return loaders.person.load(request.requesterPersonId);
  }

  /** How to reach the requester, to those who may see them. */
  async contactOf(viewer: Viewer, loaders: RequestLoaders, request: ResidentRequest): Promise<string | null> {
    return seesRequester(await this.readerOf(viewer, loaders, request), request) ? request.contactValue : null;
  }

  /** Its history, to those who read the request. */
  async historyOf(loaders: Pick<Loaders, "stepsOfRequest">, request: ResidentRequest): Promise<ResidentRequestStep[]> {
    return loaders.stepsOfRequest.load(request.id);
  }

  /** A page of the requests the viewer may read, newest first, narrowed by `filter`. */
  async page(viewer: Viewer, loaders: RequestLoaders, filter: RequestFilter, args: PageArgs): Promise<Page<ResidentRequest>> {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    const who = await this.viewerOf(viewer, loaders);
    const supervised = who.organizations.filter((organization) => AUTHORITY_KINDS.includes(organization.kind)).map((organization) => organization.areaCode);
    const mine = organizationsOf(viewer);
    const query = this.dataSource
      .getRepository(ResidentRequest)
      .createQueryBuilder("request")
      .where(
        `("request"."requester_person_id" = :personId OR "request"."handling_organization_id" = ANY(:mine) OR "request"."filed_by_organization_id" = ANY(:mine)
          OR "request"."escalated_to_organization_id" = ANY(:mine) OR EXISTS (SELECT 1 FROM unnest(CAST(:supervised AS text[])) prefix WHERE starts_with("request"."area_code", prefix)))`,
        { personId: who.personId, mine, supervised },
      );
    if (filter.mine) query.andWhere(`"request"."requester_person_id" = :personId`);
    if (filter.statuses?.length) query.andWhere(`"request"."status" IN (:...statuses)`, { statuses: filter.statuses });
    if (filter.categories?.length) query.andWhere(`"request"."category" IN (:...categories)`, { categories: filter.categories });
    if (filter.handlingOrganizationId != null) query.andWhere(`"request"."handling_organization_id" = :handler`, { handler: filter.handlingOrganizationId });
    if (filter.overdue) query.andWhere(`"request"."overdue_since" IS NOT NULL AND "request"."status" IN (:...open)`, { open: OPEN_REQUEST_STATUSES });
    if (filter.areaCode != null) {
      await this.areas.require(filter.areaCode, "filter.areaCode");
      query.andWhere(`starts_with("request"."area_code", :areaPrefix)`, { areaPrefix: filter.areaCode });
    }
    return this.pager.page(query, NEWEST_FIRST, args);
  }

  /** How many requests of each category are in each status in the area: anyone may know, no one is named. */
  async counts(areaCode: string): Promise<RequestCount[]> {
    await this.areas.require(areaCode, "areaCode");
    const rows: { category: RequestCategory; status: RequestStatus; count: number }[] = await this.dataSource.query(
      `SELECT category, status, count(*)::int AS count FROM resident_request WHERE starts_with(area_code, $1) GROUP BY category, status ORDER BY category, status`,
      [areaCode],
    );
    return rows;
  }

  /** The viewer's own person: a subscription finds it once, as the viewer's account stays the same. */
  async personIdOf(viewer: Viewer, loaders: Pick<Loaders, "personOfUser">): Promise<string | null> {
    return viewer.kind === "user" ? ((await loaders.personOfUser.load(viewer.user.id))?.id ?? null) : null;
  }

  /** Which request events reach the viewer: those of requests it handles or supervises by escalation, and its own. */
  eventMatcher(viewer: Viewer, personId: string | null, filter: { handlingOrganizationId?: string | null; mine?: boolean | null }): (event: Event) => boolean {
    return requestEventMatcher(filter, organizationsOf(viewer), personId);
  }

  /** The routing table's lines over the area or within it, longest prefix first. */
  async routingRules(areaCode: string): Promise<RequestRoutingRule[]> {
    await this.areas.require(areaCode, "areaCode");
    return this.dataSource
      .getRepository(RequestRoutingRule)
      .createQueryBuilder("rule")
      .where(`(starts_with(:code, "rule"."area_prefix") OR starts_with("rule"."area_prefix", :code))`, { code: areaCode })
      .orderBy(`length("rule"."area_prefix")`, "DESC")
      .addOrderBy(`"rule"."category"`)
      .addOrderBy(`"rule"."id"`)
      .limit(500)
      .getMany();
  }

  /** Only those who may have requests to follow subscribe: a person signed in, or an organisation's member or key. */
  requireRequestFollower(viewer: Viewer): void {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
  }

  private async viewerOf(viewer: Viewer, loaders: RequestLoaders): Promise<RequestViewer> {
    const personId = await this.personIdOf(viewer, loaders);
    const organizations = (await loaders.organization.loadMany(organizationsOf(viewer))).filter((row): row is Organization => row !== null && !(row instanceof Error));
    return { personId, organizations };
  }
}

/** Matched in memory against the event row: the handler and the organisation it escalated to, or the requester's person. */
export function requestEventMatcher(filter: { handlingOrganizationId?: string | null; mine?: boolean | null }, viewerOrganizations: readonly string[], personId: string | null): (event: Event) => boolean {
  return (event) => {
    if (event.type !== EventType.REQUEST_CHANGED) return false;
    const { requesterPersonId, escalatedToOrganizationId } = event.attributes as { requesterPersonId: string | null; escalatedToOrganizationId: string | null };
    const own = personId !== null && requesterPersonId === personId;
    if (filter.mine) return own;
    const handled = viewerOrganizations.includes(event.organizationId ?? "") || viewerOrganizations.includes(escalatedToOrganizationId ?? "");
    if (filter.handlingOrganizationId) return handled && (event.organizationId === filter.handlingOrganizationId || escalatedToOrganizationId === filter.handlingOrganizationId);
    return own || handled;
  };
}
