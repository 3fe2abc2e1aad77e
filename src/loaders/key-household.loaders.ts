import DataLoader from "dataloader";
import { DataSource, In, IsNull } from "typeorm";
import { KeysetPager, Page, PageArgs, Sort } from "../db/keyset-page";
import { HouseholdVisit } from "../entities/community/household-visit";
import { KeyHousehold, KeyHouseholdMember } from "../entities/community/key-household";
import { RequestMediationReferral } from "../entities/community/request-mediation-referral";
import { countLoader, listLoader, loaderByKey, perArguments } from "./loader-by-key";

/** A household's visits, newest first: the planned one heads the list. */
const NEWEST_VISIT_FIRST: Sort = { name: "CREATED_AT", property: "createdAt", kind: "timestamp", direction: "DESC" };

/** Key households, who lives in them, their visits; and requests' referrals to mediation. */
export function keyHouseholdLoaders(dataSource: DataSource) {
  const visits = new KeysetPager(dataSource.getRepository(HouseholdVisit));
  const visitsCount = countLoader(dataSource, "household_visit", "household_id");
  return {
    keyHousehold: loaderByKey(dataSource, KeyHousehold, "id"),
    householdVisit: loaderByKey(dataSource, HouseholdVisit, "id"),
    /** Who lives in each household. */
    membersOfHousehold: listLoader(dataSource, KeyHouseholdMember, "householdId", { personId: "ASC" }),
    /** A page of each household's visits: one statement for all households asked, and one for their counts. */
    visitsOfHousehold: perArguments((page: PageArgs) =>
      new DataLoader<string, Page<HouseholdVisit>>((ids) => visits.pagesByParent("householdId", ids, NEWEST_VISIT_FIRST, page, (id) => visitsCount.load(id))),
    ),
    /** Each household's visit planned and not yet made (there is at most one). */
    plannedVisitOfHousehold: new DataLoader<string, HouseholdVisit | null>(async (ids) => {
      const rows = await dataSource.getRepository(HouseholdVisit).findBy({ householdId: In([...ids]), visitedAt: IsNull() });
      const byHousehold = new Map(rows.map((row) => [row.householdId, row]));
      return ids.map((id) => byHousehold.get(id) ?? null);
    }),
    mediationReferralOfRequest: loaderByKey(dataSource, RequestMediationReferral, "requestId"),
  };
}
