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

function otherLoaders(dataSource: DataSource) {
  return {
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

/** Each group of loaders, made together when one of them is first used; collaboration's share the organisation loader. */
const GROUPS = [
  (dataSource: DataSource) => areaLoaders(dataSource),
  (dataSource: DataSource) => organizationLoaders(dataSource),
  (dataSource: DataSource, loaders: OrganizationLoaders) => collaborationLoaders(dataSource, loaders.organization),
  (dataSource: DataSource) => identityLoaders(dataSource),
  (dataSource: DataSource) => personLoaders(dataSource),
  (dataSource: DataSource) => activityLoaders(dataSource),
  (dataSource: DataSource) => pointsLoaders(dataSource),
  (dataSource: DataSource) => serviceDirectoryLoaders(dataSource),
  (dataSource: DataSource) => councilLoaders(dataSource),
  (dataSource: DataSource) => residentRequestLoaders(dataSource),
  (dataSource: DataSource) => mediationLoaders(dataSource),
  (dataSource: DataSource) => feedbackLoaders(dataSource),
  (dataSource: DataSource) => keyHouseholdLoaders(dataSource),
  otherLoaders,
] as const;

type OrganizationLoaders = ReturnType<typeof organizationLoaders>;
type Group = ReturnType<(typeof GROUPS)[number]>;
type Merged<U> = (U extends unknown ? (part: U) => void : never) extends (part: infer I) => void ? I : never;
export type Loaders = Merged<Group>;

/** A request's loaders; the prototype's getters make a group on first use and keep it on the instance. */
class RequestLoaders {
  constructor(readonly dataSource: DataSource) {}
}
let gettersDefined = false;

/**
 * Made for every request, so nothing cached outlives it. A request uses a few of the ~200 loaders (Q2 none
 * but the planned reads): each group is made when one of its loaders is first read, not all for every request.
 */
export function createLoaders(dataSource: DataSource): Loaders {
  if (!gettersDefined) defineGetters(dataSource);
  return new RequestLoaders(dataSource) as unknown as Loaders;
}

function defineGetters(dataSource: DataSource): void {
  gettersDefined = true;
  const probe = organizationLoaders(dataSource);
  // A name two groups define is the later group's, as when the groups were spread into one object.
  const ownerOf = new Map<string, (typeof GROUPS)[number]>();
  for (const make of GROUPS) for (const name of Object.keys(make(dataSource, probe))) ownerOf.set(name, make);
  for (const [name, make] of ownerOf) {
    Object.defineProperty(RequestLoaders.prototype, name, {
      configurable: true,
      get(this: RequestLoaders) {
        const group = make(this.dataSource, this as unknown as OrganizationLoaders) as Record<string, unknown>;
        for (const [key, loader] of Object.entries(group)) {
          if (ownerOf.get(key) === make) Object.defineProperty(this, key, { value: loader, enumerable: true });
        }
        return group[name];
      },
    });
  }
}
