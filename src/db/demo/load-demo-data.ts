import { DataSource } from "typeorm";
import { Area } from "../../entities/area";
import { Organization } from "../../entities/organization";
import { DEMO_AREAS, DEMO_ORGANIZATIONS } from "./registry-demo";

/**
 * Writes the demo rows, restoring any that were changed; rows that are not demo data stay as
 * they are. Areas are matched by code, organisations by their fixed ids.
 */
export async function loadDemoData(dataSource: DataSource): Promise<{ areas: number; organizations: number }> {
  await dataSource.transaction(async (manager) => {
    for (const area of DEMO_AREAS) {
      const parentCode = DEMO_AREAS.filter((other) => area.code.startsWith(other.code) && other.code !== area.code).at(-1)?.code ?? null;
      await manager.upsert(Area, { ...area, parentCode }, ["code"]);
    }
    for (const organization of DEMO_ORGANIZATIONS) await manager.upsert(Organization, organization, ["id"]);
  });
  return { areas: DEMO_AREAS.length, organizations: DEMO_ORGANIZATIONS.length };
}
