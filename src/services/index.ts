import { DataSource } from "typeorm";
import { AreaService } from "./area.service";
import { OrganizationService } from "./organization.service";

export function createServices(dataSource: DataSource) {
  const areas = new AreaService(dataSource);
  return { areas, organizations: new OrganizationService(dataSource, areas) };
}

export type Services = ReturnType<typeof createServices>;
