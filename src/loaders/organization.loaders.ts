import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { KeysetPager, Page, PageArgs, SortDirection } from "../db/keyset-page";
import { OfferedCapacity } from "../entities/offered-capacity";
import { Organization } from "../entities/organization";
import { ORGANIZATION_SORTS, OrganizationSortField } from "../services/organization.service";
import { countLoader, listLoader, loaderByKey, perArguments } from "./loader-by-key";

export interface ChildrenArgs extends PageArgs {
  field: OrganizationSortField;
  direction: SortDirection;
}

export function organizationLoaders(dataSource: DataSource) {
  const pager = new KeysetPager(dataSource.getRepository(Organization));
  const childCount = countLoader(dataSource, "organization", "parent_id");
  return {
    organization: loaderByKey(dataSource, Organization, "id"),
    organizationBySlug: loaderByKey(dataSource, Organization, "slug"),
    /** What each organisation says it can offer, in the order it declared it. */
    offeredCapacities: listLoader(dataSource, OfferedCapacity, "organizationId", { position: "ASC" }),
    /** A page of each parent's children, all parents in one statement. */
    organizationChildren: perArguments(
      ({ field, direction, ...page }: ChildrenArgs) =>
        new DataLoader<string, Page<Organization>>((parentIds) =>
          pager.pagesByParent("parentId", parentIds, { ...ORGANIZATION_SORTS[field], direction }, page, (id) => childCount.load(id)),
        ),
    ),
  };
}
