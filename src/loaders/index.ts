import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { Alert } from "../entities/alert";
import { ResourceNeed } from "../entities/resource-need";
import { SelectionReads } from "../reads/selection-reads";
import { loaderByKey } from "./loader-by-key";
import { areaLoaders } from "./area.loaders";
import { collaborationLoaders } from "./collaboration.loaders";
import { identityLoaders } from "./identity.loaders";
import { organizationLoaders } from "./organization.loaders";
import { personLoaders } from "./person.loaders";
import { activityLoaders } from "./activity.loaders";
import { pointsLoaders } from "./points.loaders";
import { serviceDirectoryLoaders } from "./service-directory.loaders";
import { councilLoaders } from "./council.loaders";
import { residentRequestLoaders } from "./resident-request.loaders";
import { mediationLoaders } from "./mediation.loaders";
import { feedbackLoaders } from "./feedback.loaders";
import { keyHouseholdLoaders } from "./key-household.loaders";

/** Built afresh for every request, so nothing cached outlives it. */
export function createLoaders(dataSource: DataSource) {
  const organizations = organizationLoaders(dataSource);
  return {
    ...areaLoaders(dataSource),
    ...organizations,
    ...collaborationLoaders(dataSource, organizations.organization),
    ...identityLoaders(dataSource),
    ...personLoaders(dataSource),
    ...activityLoaders(dataSource),
    ...pointsLoaders(dataSource),
    ...serviceDirectoryLoaders(dataSource),
    ...councilLoaders(dataSource),
    ...residentRequestLoaders(dataSource),
    ...mediationLoaders(dataSource),
    ...feedbackLoaders(dataSource),
    ...keyHouseholdLoaders(dataSource),
    /** Relations read ahead from the selection: resolvers look here before their loader. */
    planned: new SelectionReads(dataSource),
    alert: loaderByKey(dataSource, Alert, "id"),
    /** The needs each alert announces. */
    needsOfAlert: new DataLoader<string, ResourceNeed[]>(async (alertIds) => {
      const rows: { alert_id: string; need_id: string }[] = await dataSource.query(`SELECT alert_id, need_id FROM alert_need WHERE alert_id = ANY($1)`, [[...alertIds]]);
      const needs = await dataSource.getRepository(ResourceNeed).findBy({ id: In(rows.map((row) => row.need_id)) });
      const byId = new Map(needs.map((need) => [need.id, need]));
      return alertIds.map((id) => rows.filter((row) => row.alert_id === id).map((row) => byId.get(row.need_id)!).filter(Boolean));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
