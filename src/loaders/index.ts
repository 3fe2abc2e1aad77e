import { DataSource } from "typeorm";
import { areaLoaders } from "./area.loaders";
import { organizationLoaders } from "./organization.loaders";

/** Built afresh for every request, so nothing cached outlives it. */
export function createLoaders(dataSource: DataSource) {
  return { ...areaLoaders(dataSource), ...organizationLoaders(dataSource) };
}

export type Loaders = ReturnType<typeof createLoaders>;
