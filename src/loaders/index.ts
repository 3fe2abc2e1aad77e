import { DataSource } from "typeorm";
import { areaLoaders } from "./area.loaders";
import { collaborationLoaders } from "./collaboration.loaders";
import { identityLoaders } from "./identity.loaders";
import { organizationLoaders } from "./organization.loaders";

/** Built afresh for every request, so nothing cached outlives it. */
export function createLoaders(dataSource: DataSource) {
  const organizations = organizationLoaders(dataSource);
  return {
    ...areaLoaders(dataSource),
    ...organizations,
    ...collaborationLoaders(dataSource, organizations.organization),
    ...identityLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
