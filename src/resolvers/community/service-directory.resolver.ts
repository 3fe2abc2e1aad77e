import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { Area } from "../../entities/area";
import { Service } from "../../entities/community/service";
import { ServiceLocation } from "../../entities/community/service-location";
import { ServiceSchedule } from "../../entities/community/service-schedule";
import { Organization } from "../../entities/organization";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../../schema/global-id";
import {
  AddServiceScheduleInput, CreateServiceInput, CreateServiceLocationInput, RemoveServiceScheduleInput, RetireServiceInput, RetireServiceLocationInput,
  ServiceConnection, ServiceFilterInput, ServiceLocationPayload, ServicePayload, ServiceSchedulePayload, UpdateServiceInput, UpdateServiceLocationInput,
  UpdateServiceScheduleInput,
} from "../../schema/community/service-directory.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";

const serviceKey = (id: string) => inputKeyOf(id, "Service", "serviceId");
const locationKey = (id: string) => inputKeyOf(id, "ServiceLocation", "locationId");
const scheduleKey = (id: string) => inputKeyOf(id, "ServiceSchedule", "scheduleId");
const ADMIN_ONLY = "ADMIN of the acting organisation; not API keys.";

/** The service fields of an input, with place IDs turned into keys. */
function serviceFieldsOf<T extends { actingOrganizationId: string; idempotencyKey?: string | null; locationIds?: string[] | null }>(input: T) {
  const { actingOrganizationId: _acting, idempotencyKey: _key, locationIds, ...fields } = input;
  return { ...fields, locationIds: locationIds?.map((id) => inputKeyOf(id, "ServiceLocation", "locationIds")) };
}

/** The fields of an input besides who acts, on what, and the idempotency key. */
function fieldsOf<T extends { actingOrganizationId: string; idempotencyKey?: string | null }, K extends keyof T>(input: T, ...targets: K[]) {
  const fields: Partial<T> = { ...input };
  delete fields.actingOrganizationId;
  delete fields.idempotencyKey;
  for (const target of targets) delete fields[target];
  return fields as Omit<T, "actingOrganizationId" | "idempotencyKey" | K>;
}

@Resolver(() => Service)
export class ServiceResolver {
  @Query(() => ServiceConnection, {
    description: "Services residents can use, by name: public ones (ACTIVE, not retired), and every service of your own organisations. \"Open now near me for the elderly\": filter { targetGroups: [ELDERLY], near: {…}, openAt: <now> }.",
  })
  async services(
    @Arg("filter", () => ServiceFilterInput, { nullable: true, description: "Which services to list; all listed ones when omitted." }) filter: ServiceFilterInput | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services, viewer }: Context,
  ) {
    const organizationId = filter?.organizationId != null ? keyOf(filter.organizationId, "Organization", "filter.organizationId") : undefined;
    return ServiceConnection.of(await services.directory.list(viewer, { ...filter, organizationId }, pageArgs(page)));
  }

  @Mutation(() => ServicePayload, { description: `Adds a service the organisation offers. ${ADMIN_ONLY}` })
  createService(@Arg("input", () => CreateServiceInput, { description: "What `createService` needs; each field is described on the input type." }) input: CreateServiceInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("service", () => services.directory.createService(viewer, acting(input.actingOrganizationId), serviceFieldsOf(input)));
  }

  @Mutation(() => ServicePayload, { description: `Changes a service of the organisation. ${ADMIN_ONLY}` })
  updateService(@Arg("input", () => UpdateServiceInput, { description: "What `updateService` needs; each field is described on the input type." }) input: UpdateServiceInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("service", () => {
      const { serviceId, ...rest } = input;
      return services.directory.updateService(viewer, acting(input.actingOrganizationId), serviceKey(serviceId), serviceFieldsOf(rest));
    });
  }

  @Mutation(() => ServicePayload, { description: `Retires a service of the organisation. ${ADMIN_ONLY}` })
  retireService(@Arg("input", () => RetireServiceInput, { description: "What `retireService` needs; each field is described on the input type." }) input: RetireServiceInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("service", () => services.directory.retireService(viewer, acting(input.actingOrganizationId), serviceKey(input.serviceId)));
  }

  @Mutation(() => ServiceLocationPayload, { description: `Adds a place where the organisation offers services. ${ADMIN_ONLY}` })
  createServiceLocation(@Arg("input", () => CreateServiceLocationInput, { description: "What `createServiceLocation` needs; each field is described on the input type." }) input: CreateServiceLocationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("location", () => services.directory.createLocation(viewer, acting(input.actingOrganizationId), fieldsOf(input)));
  }

  @Mutation(() => ServiceLocationPayload, { description: `Changes a place of the organisation. ${ADMIN_ONLY}` })
  updateServiceLocation(@Arg("input", () => UpdateServiceLocationInput, { description: "What `updateServiceLocation` needs; each field is described on the input type." }) input: UpdateServiceLocationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("location", () => services.directory.updateLocation(viewer, acting(input.actingOrganizationId), locationKey(input.locationId), fieldsOf(input, "locationId")));
  }

  @Mutation(() => ServiceLocationPayload, { description: `Retires a place of the organisation. ${ADMIN_ONLY}` })
  retireServiceLocation(@Arg("input", () => RetireServiceLocationInput, { description: "What `retireServiceLocation` needs; each field is described on the input type." }) input: RetireServiceLocationInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("location", () => services.directory.retireLocation(viewer, acting(input.actingOrganizationId), locationKey(input.locationId)));
  }

  @Mutation(() => ServiceSchedulePayload, { description: `Adds opening hours to a service, at one of its places or at all. ${ADMIN_ONLY}` })
  addServiceSchedule(@Arg("input", () => AddServiceScheduleInput, { description: "What `addServiceSchedule` needs; each field is described on the input type." }) input: AddServiceScheduleInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("schedule", () => {
      const locationId = input.locationId != null ? locationKey(input.locationId) : null;
      return services.directory.addSchedule(viewer, acting(input.actingOrganizationId), serviceKey(input.serviceId), locationId, fieldsOf(input, "serviceId", "locationId"));
    });
  }

  @Mutation(() => ServiceSchedulePayload, { description: `Changes opening hours of a service. ${ADMIN_ONLY}` })
  updateServiceSchedule(@Arg("input", () => UpdateServiceScheduleInput, { description: "What `updateServiceSchedule` needs; each field is described on the input type." }) input: UpdateServiceScheduleInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("schedule", () => services.directory.updateSchedule(viewer, acting(input.actingOrganizationId), scheduleKey(input.scheduleId), fieldsOf(input, "scheduleId")));
  }

  @Mutation(() => ServiceSchedulePayload, { description: `Removes opening hours of a service. ${ADMIN_ONLY}` })
  removeServiceSchedule(@Arg("input", () => RemoveServiceScheduleInput, { description: "What `removeServiceSchedule` needs; each field is described on the input type." }) input: RemoveServiceScheduleInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("schedule", () => services.directory.removeSchedule(viewer, acting(input.actingOrganizationId), scheduleKey(input.scheduleId)));
  }

  @FieldResolver(() => ID, { description: "The Service's opaque global ID, for `node(id:)`." })
  id(@Root() service: Service): string {
    return toGlobalId("Service", service.id);
  }

  @FieldResolver(() => Organization, { description: "The organisation offering the service." })
  organization(@Root() service: Service, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(service.organizationId);
  }

  @FieldResolver(() => [ServiceLocation], { description: "The places the service is offered at." })
  locations(@Root() service: Service, @Ctx() { loaders }: Context): Promise<ServiceLocation[]> {
    return loaders.locationsOfService.load(service.id);
  }

  @FieldResolver(() => [ServiceSchedule], { description: "When the service is open." })
  schedules(@Root() service: Service, @Ctx() { loaders }: Context): Promise<ServiceSchedule[]> {
    return loaders.schedulesOfService.load(service.id);
  }
}

@Resolver(() => ServiceLocation)
export class ServiceLocationResolver {
  @FieldResolver(() => ID, { description: "The ServiceLocation's opaque global ID, for `node(id:)`." })
  id(@Root() location: ServiceLocation): string {
    return toGlobalId("ServiceLocation", location.id);
  }

  @FieldResolver(() => Area, { description: "The area the place is in." })
  area(@Root() location: ServiceLocation, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(location.areaCode);
  }

  @FieldResolver(() => Organization, { description: "The organisation keeping the place." })
  organization(@Root() location: ServiceLocation, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(location.organizationId);
  }
}

@Resolver(() => ServiceSchedule)
export class ServiceScheduleResolver {
  @FieldResolver(() => ID, { description: "The ServiceSchedule's opaque global ID, for `node(id:)`." })
  id(@Root() schedule: ServiceSchedule): string {
    return toGlobalId("ServiceSchedule", schedule.id);
  }

  @FieldResolver(() => ServiceLocation, { nullable: true, description: "The place the hours hold at; null when they hold at every place of the service." })
  location(@Root() schedule: ServiceSchedule, @Ctx() { loaders }: Context): Promise<ServiceLocation | null> {
    return schedule.locationId === null ? Promise.resolve(null) : loaders.serviceLocation.load(schedule.locationId);
  }
}
