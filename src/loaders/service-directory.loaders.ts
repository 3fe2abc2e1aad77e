import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { Service } from "../entities/community/service";
import { ServiceAtLocation } from "../entities/community/service-at-location";
import { ServiceLocation } from "../entities/community/service-location";
import { ServiceSchedule } from "../entities/community/service-schedule";
import { listLoader, loaderByKey } from "./loader-by-key";

/** Services, their places and their hours. */
export function serviceDirectoryLoaders(dataSource: DataSource) {
  return {
    service: loaderByKey(dataSource, Service, "id"),
    serviceLocation: loaderByKey(dataSource, ServiceLocation, "id"),
    serviceSchedule: loaderByKey(dataSource, ServiceSchedule, "id"),
    /** The places each service is offered at, in the order they were added. */
    locationsOfService: new DataLoader<string, ServiceLocation[]>(async (serviceIds) => {
      const rows = await dataSource
        .getRepository(ServiceLocation)
        .createQueryBuilder("place")
        .innerJoin("service_at_location", "offered", `"offered"."location_id" = "place"."id"`)
        .addSelect(`"offered"."service_id"`, "offered_service_id")
        .where(`"offered"."service_id" = ANY(:serviceIds)`, { serviceIds: [...serviceIds] })
        .orderBy(`"offered"."created_at"`)
        .addOrderBy(`"offered"."id"`)
        .getRawAndEntities();
      const byService = new Map<string, ServiceLocation[]>(serviceIds.map((id) => [id, []]));
      rows.raw.forEach((raw: { offered_service_id: string }, index) => byService.get(raw.offered_service_id)?.push(rows.entities[index]));
      return serviceIds.map((id) => byService.get(id)!);
    }),
    /** Each service's service_at_location rows (the ids HSDS hands out), in the order they were added. */
    offeringsOfService: listLoader(dataSource, ServiceAtLocation, "serviceId", { createdAt: "ASC", id: "ASC" }),
    schedulesOfService: listLoader(dataSource, ServiceSchedule, "serviceId", { createdAt: "ASC", id: "ASC" }),
  };
}
