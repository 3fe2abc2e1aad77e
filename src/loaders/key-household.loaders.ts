import DataLoader from "dataloader";
import { DataSource, In, IsNull } from "typeorm";
import { HouseholdVisit } from "../entities/community/household-visit";
import { KeyHousehold, KeyHouseholdMember } from "../entities/community/key-household";
import { RequestMediationReferral } from "../entities/community/request-mediation-referral";
import { listLoader, loaderByKey } from "./loader-by-key";

/** Key households, who lives in them, their visits; and requests' referrals to mediation. */
export function keyHouseholdLoaders(dataSource: DataSource) {
  return {
    keyHousehold: loaderByKey(dataSource, KeyHousehold, "id"),
    householdVisit: loaderByKey(dataSource, HouseholdVisit, "id"),
    /** Who lives in each household. */
    membersOfHousehold: listLoader(dataSource, KeyHouseholdMember, "householdId", { personId: "ASC" }),
    /** Each household's visit planned and not yet made (there is at most one). */
    plannedVisitOfHousehold: new DataLoader<string, HouseholdVisit | null>(async (ids) => {
      const rows = await dataSource.getRepository(HouseholdVisit).findBy({ householdId: In([...ids]), visitedAt: IsNull() });
      const byHousehold = new Map(rows.map((row) => [row.householdId, row]));
      return ids.map((id) => byHousehold.get(id) ?? null);
    }),
    mediationReferralOfRequest: loaderByKey(dataSource, RequestMediationReferral, "requestId"),
  };
}
