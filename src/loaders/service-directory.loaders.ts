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
    /** The places each service is offered at, in the order the organisation gave them. */
    locationsOfService: new DataLoader<string, ServiceLocation[]>(async (serviceIds) => {
      // Read as links carrying their place: one place may serve several services of the batch.
      const offerings = await dataSource
        .getRepository(ServiceAtLocation)
        .createQueryBuilder("offering")
        .innerJoinAndMapOne("offering.location", ServiceLocation, "place", `"place"."id" = "offering"."location_id"`)
        .where(`"offering"."service_id" = ANY(:serviceIds)`, { serviceIds: [...serviceIds] })
        .orderBy(`"offering"."position"`)
        .addOrderBy(`"offering"."id"`)
        .getMany();
      const byService = new Map<string, ServiceLocation[]>(serviceIds.map((id) => [id, []]));
      for (const offering of offerings as (ServiceAtLocation & { location: ServiceLocation })[]) byService.get(offering.serviceId)?.push(offering.location);
      return serviceIds.map((id) => byService.get(id)!);
    }),
    /** Each service's service_at_location rows (the ids HSDS hands out), in the service's order of places. */
    offeringsOfService: listLoader(dataSource, ServiceAtLocation, "serviceId", { position: "ASC", id: "ASC" }),
    schedulesOfService: listLoader(dataSource, ServiceSchedule, "serviceId", { createdAt: "ASC", id: "ASC" }),
  };
}
