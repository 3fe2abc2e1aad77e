import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { columnsAsJson, entityFromRow, selectedColumns } from "../db/entity-row";
import { KeysetPager, NestedOptions, Page, PageArgs, Sort, SortDirection } from "../db/keyset-page";
import { preparedFromMetadata, runPrepared } from "../db/prepared-statement";
import { Delivery } from "../entities/delivery";
import { Organization } from "../entities/organization";
import { Partnership, PartnershipRole, PartnershipStatus } from "../entities/partnership";
import { Pledge, PledgeStatus } from "../entities/pledge";
import { Project } from "../entities/project";
import { NeedStatus, ResourceNeed } from "../entities/resource-need";
import { ResourceNeedStatusChange } from "../entities/resource-need-status-change";
import { DRAFT_READER_STATUSES, IS_DRAFT_READER_SQL, VISIBLE_PROJECT_SQL, visibleProjectSql } from "../auth/read-policy";
import { needSort, NeedSortField } from "../services/resource-need.service";
import { countLoader, listLoader, loaderByKey, perArguments } from "./loader-by-key";

/** Nested lists of partnerships and pledges read oldest first. */
export const OLDEST_FIRST: Sort = { name: "CREATED_AT", property: "createdAt", kind: "timestamp", direction: "ASC" };

export interface PartnershipListArgs extends PageArgs {
  statuses: PartnershipStatus[];
  role?: PartnershipRole | null;
}

export interface OrganizationProjectArgs extends PartnershipListArgs {
  /** The viewer's organisations: DRAFT projects show only to their readers. */
  viewerOrganizations: string[];
}

export interface PledgeListArgs extends PageArgs {
  statuses?: PledgeStatus[] | null;
}

export interface NeedListArgs extends PageArgs {
  field: NeedSortField;
  /** null: the field's default direction. */
  direction: SortDirection | null;
  statuses?: NeedStatus[] | null;
}

// Written from the entities' columns: the tables' search text is no one's to read.
const needsWithProjectsSql = preparedFromMetadata(
  (dataSource) => `SELECT ${selectedColumns(dataSource, ResourceNeed, "need").join(", ")},
      (SELECT ${columnsAsJson(dataSource, Project, "p")} FROM project p WHERE p.id = need.project_id) AS project_row
    FROM resource_need need WHERE need.id = ANY($1::uuid[])`,
);

type WithOrganization = { organizationId: string; organization?: Organization | null };

/**
 * Loaders for projects, partnerships, needs and pledges. Nested lists of partnerships and pledges
 * bring their organisations in the same statement and hand them to the organisation loader.
 */
export function collaborationLoaders(dataSource: DataSource, organization: DataLoader<string, Organization | null>) {
  const partnerships = new KeysetPager(dataSource.getRepository(Partnership));
  const needs = new KeysetPager(dataSource.getRepository(ResourceNeed));
  const pledges = new KeysetPager(dataSource.getRepository(Pledge));
  const withOrganization: NestedOptions["include"] = { property: "organization", entity: Organization, foreignKey: "organizationId" };

  const primed = <T extends WithOrganization>(pages: Page<T>[]): Page<T>[] => {
    for (const row of pages.flatMap((page) => page.nodes)) {
      if (row.organization) organization.clear(row.organizationId).prime(row.organizationId, row.organization);
    }
    return pages;
  };
  const statusFilter = (statuses?: readonly string[] | null): NestedOptions["where"] =>
    statuses?.length ? { sql: `$alias."status" IN (:...nestedStatuses)`, parameters: { nestedStatuses: statuses } } : undefined;

  const project = loaderByKey(dataSource, Project, "id");
  return {
    project,
    partnership: loaderByKey(dataSource, Partnership, "id"),
    /** The organisations that read each DRAFT project (read-policy's rule). */
    draftReaders: new DataLoader<string, string[]>(async (projectIds) => {
      const rows: { project_id: string; organization_id: string }[] = await dataSource.query(
        `SELECT project_id, organization_id FROM partnership "reader" WHERE project_id = ANY($1) AND ${IS_DRAFT_READER_SQL}`,
        [[...projectIds]],
      );
      return projectIds.map((id) => rows.filter((row) => row.project_id === id).map((row) => row.organization_id));
    }),
    /** The parties of each pledge (read-policy's rule): the pledger, the need's poster, the project's invited and active partners. */
    pledgeParties: new DataLoader<string, string[]>(async (pledgeIds) => {
      const rows: { id: string; parties: string[] }[] = await dataSource.query(
        `SELECT p.id, ARRAY[p.organization_id::text, n.posted_by_organization_id::text] || coalesce(array_agg("reader".organization_id::text) FILTER (WHERE "reader".id IS NOT NULL), '{}') AS parties
         FROM pledge p JOIN resource_need n ON n.id = p.need_id LEFT JOIN partnership "reader" ON "reader".project_id = n.project_id AND ${IS_DRAFT_READER_SQL}
         WHERE p.id = ANY($1::uuid[]) GROUP BY p.id, n.posted_by_organization_id`,
        [[...pledgeIds]],
      );
      const byId = new Map(rows.map((row) => [row.id, row.parties]));
      return pledgeIds.map((id) => byId.get(id) ?? []);
    }),
    /**
     * Whether two organisations, keyed "a b", share a project (both invited or active partners) or a pledge
     * (both among the pledger, the need's poster and the project's lead): they read each other's contact phone.
     */
    sharesWith: new DataLoader<string, boolean>(async (pairKeys) => {
      const pairs = pairKeys.map((key) => key.split(" "));
      const rows: { a: string; b: string }[] = await dataSource.query(
        `SELECT pair.a::text AS a, pair.b::text AS b FROM unnest($1::uuid[], $2::uuid[]) AS pair(a, b)
         WHERE EXISTS (SELECT 1 FROM partnership "reader" JOIN partnership other ON other.project_id = "reader".project_id
                       WHERE "reader".organization_id = pair.b AND other.organization_id = pair.a AND "reader".status = ANY($3) AND other.status = ANY($3))
            OR EXISTS (SELECT 1 FROM pledge p JOIN resource_need n ON n.id = p.need_id LEFT JOIN partnership lead ON lead.project_id = n.project_id AND lead.role = 'LEAD'
                       WHERE pair.a IN (p.organization_id, n.posted_by_organization_id, lead.organization_id)
                         AND pair.b IN (p.organization_id, n.posted_by_organization_id, lead.organization_id))`,
        [pairs.map(([a]) => a), pairs.map(([, b]) => b), DRAFT_READER_STATUSES],
      );
      const shared = new Set(rows.map((row) => `${row.a} ${row.b}`));
      return pairKeys.map((key) => shared.has(key));
    }),
    /** Needs with their projects in the same statement: whether a need shows depends on its project. */
    need: new DataLoader<string, ResourceNeed | null>(async (ids) => {
      const rows = await runPrepared<Record<string, unknown> & { project_row: Record<string, unknown> | null }>(dataSource, needsWithProjectsSql(dataSource), [ids]);
      const byId = new Map<string, ResourceNeed>();
      for (const row of rows) {
        const need = entityFromRow(dataSource, ResourceNeed, row);
        if (row.project_row) {
          need.project = entityFromRow(dataSource, Project, row.project_row);
          project.clear(need.project.id).prime(need.project.id, need.project);
        }
        byId.set(need.id, need);
      }
      return ids.map((id) => byId.get(id) ?? null);
    }),
    pledge: loaderByKey(dataSource, Pledge, "id"),

    projectPartners: perArguments(({ statuses, role: _role, ...page }: PartnershipListArgs) => {
      const counts = countLoader(dataSource, "partnership", "project_id", statuses);
      return new DataLoader<string, Page<Partnership>>(async (projectIds) =>
        primed(
          await partnerships.pagesByParent("projectId", projectIds, OLDEST_FIRST, page, (id) => counts.load(id), {
            where: statusFilter(statuses),
            include: withOrganization,
          }),
        ),
      );
    }),

    /** An organisation's partnerships, for `Organization.projects`. */
    organizationPartnerships: perArguments(({ statuses, role, viewerOrganizations, ...page }: OrganizationProjectArgs) => {
      const visible = `$alias."project_id" IN (SELECT "project"."id" FROM project "project" WHERE ${VISIBLE_PROJECT_SQL})`;
      const where = {
        sql: `$alias."status" IN (:...nestedStatuses) AND (CAST(:nestedRole AS varchar) IS NULL OR $alias."role" = :nestedRole) AND ${visible}`,
        parameters: { nestedStatuses: statuses, nestedRole: role ?? null, viewerOrganizations },
      };
      const count = async (organizationId: string) => {
        const [{ count }] = await dataSource.query(
          `SELECT count(*)::int AS count FROM partnership p JOIN project ON project.id = p.project_id
           WHERE p.organization_id = $1 AND p.status = ANY($2) AND ($3::varchar IS NULL OR p.role = $3)
             AND ${visibleProjectSql("project", "$4::uuid[]")}`,
          [organizationId, statuses, role ?? null, viewerOrganizations],
        );
        return count as number;
      };
      return new DataLoader<string, Page<Partnership>>((organizationIds) =>
        partnerships.pagesByParent("organizationId", organizationIds, OLDEST_FIRST, page, count, { where }),
      );
    }),

    projectNeeds: perArguments(({ field, direction, statuses, ...page }: NeedListArgs) => {
      const counts = countLoader(dataSource, "resource_need", "project_id", statuses);
      return new DataLoader<string, Page<ResourceNeed>>((projectIds) =>
        needs.pagesByParent("projectId", projectIds, needSort(field, direction), page, (id) => counts.load(id), { where: statusFilter(statuses) }),
      );
    }),

    needPledges: perArguments(({ statuses, ...page }: PledgeListArgs) => {
      const counts = countLoader(dataSource, "pledge", "need_id", statuses);
      return new DataLoader<string, Page<Pledge>>(async (needIds) =>
        primed(
          await pledges.pagesByParent("needId", needIds, OLDEST_FIRST, page, (id) => counts.load(id), {
            where: statusFilter(statuses),
            include: withOrganization,
          }),
        ),
      );
    }),

    organizationPledges: perArguments(({ statuses, ...page }: PledgeListArgs) => {
      const counts = countLoader(dataSource, "pledge", "organization_id", statuses);
      return new DataLoader<string, Page<Pledge>>((organizationIds) =>
        pledges.pagesByParent("organizationId", organizationIds, OLDEST_FIRST, page, (id) => counts.load(id), { where: statusFilter(statuses) }),
      );
    }),

    needStatusHistory: listLoader(dataSource, ResourceNeedStatusChange, "needId", { id: "ASC" }),
    pledgeDeliveries: listLoader(dataSource, Delivery, "pledgeId", { deliveredAt: "ASC", id: "ASC" }),
  };
}
