import type { DataSource } from "typeorm";
import { organizationsOf } from "../../auth/read-policy";
import type { Viewer } from "../../auth/viewer";
import { Activity, ActivityKind, ActivityStatus } from "../../entities/community/activity";
import { KeysetPager, Page, PageArgs, Sort } from "../../db/keyset-page";
import { AreaService } from "../area.service";
import { PUBLIC_ACTIVITY_STATUSES } from "./activity-lifecycle";

export interface ActivityFilter {
  statuses?: ActivityStatus[] | null;
  kinds?: ActivityKind[] | null;
  /** The area and everything below it. */
  areaCode?: string | null;
  organizationId?: string | null;
}

const NEWEST_FIRST: Sort = { name: "CREATED_AT", property: "createdAt", kind: "timestamp", direction: "DESC" };

/** Activities the viewer may read, as readsActivity decides one by one: DRAFTs only to the organiser's members and keys. */
export class ActivityList {
  private readonly pager: KeysetPager<Activity>;
  private readonly areas: AreaService;

  constructor(private readonly dataSource: DataSource) {
    this.pager = new KeysetPager(dataSource.getRepository(Activity));
    this.areas = new AreaService(dataSource);
  }

  /** A page of them, newest first, narrowed by `filter`. */
  async page(viewer: Viewer, filter: ActivityFilter, args: PageArgs): Promise<Page<Activity>> {
    const query = this.dataSource
      .getRepository(Activity)
      .createQueryBuilder("activity")
      .where(`("activity"."status" IN (:...publicStatuses) OR "activity"."organization_id" = ANY(:viewerOrganizations))`, {
        publicStatuses: PUBLIC_ACTIVITY_STATUSES,
        viewerOrganizations: organizationsOf(viewer),
      });
    if (filter.statuses?.length) query.andWhere(`"activity"."status" IN (:...statuses)`, { statuses: filter.statuses });
    if (filter.kinds?.length) query.andWhere(`"activity"."kind" IN (:...kinds)`, { kinds: filter.kinds });
    if (filter.organizationId != null) query.andWhere(`"activity"."organization_id" = :organizationId`, { organizationId: filter.organizationId });
    if (filter.areaCode != null) {
      await this.areas.require(filter.areaCode, "filter.areaCode");
      query.andWhere(`"activity"."area_code" LIKE :areaPrefix`, { areaPrefix: `${filter.areaCode}%` });
    }
    return this.pager.page(query, NEWEST_FIRST, args);
  }
}
