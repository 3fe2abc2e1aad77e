import { Field, Float, ID, InputType, Int } from "type-graphql";
import { Service, ServiceCategory, ServiceStatus, TargetGroup } from "../../entities/community/service";
import { ServiceLocation } from "../../entities/community/service-location";
import { ScheduleFrequency, ServiceSchedule } from "../../entities/community/service-schedule";
import { Connection } from "../connection";
import { MutationInput } from "../mutation-input";
import { NearInput } from "../resource-need.types";
import { Payload } from "../user-error";

export const ServiceConnection = Connection("Service", Service);
export type ServiceConnection = InstanceType<typeof ServiceConnection>;

@InputType("ServiceFilterInput", { description: "Every condition given must hold. areaCode, near and openAt meet at one place: the service is open there at that instant." })
export class ServiceFilterInput {
  @Field(() => [ServiceCategory], { nullable: true, description: "Services in any of these categories." })
  categories?: ServiceCategory[] | null;

  @Field(() => [TargetGroup], { nullable: true, description: "Services for any of these groups." })
  targetGroups?: TargetGroup[] | null;

  @Field(() => String, { nullable: true, description: "Offered at a place in this area or below it." })
  areaCode?: string | null;

  @Field(() => NearInput, { nullable: true, description: "Offered at a place within radiusKm of the point." })
  near?: NearInput | null;

  @Field(() => Date, { nullable: true, description: "Open at this instant, by each schedule's own time zone, recurrence and validity dates. Pass the current time for \"open now\"." })
  openAt?: Date | null;

  @Field(() => ID, { nullable: true, description: "Offered by this organisation." })
  organizationId?: string | null;

  @Field(() => String, { nullable: true, description: "Text in the name or description." })
  search?: string | null;
}

@InputType("CostOptionInput", { description: "A price of a service (HSDS cost_option)." })
export class CostOptionInput {
  @Field(() => String, { description: "What the price is for, e.g. 每次; 1 to 100 characters." })
  option: string;

  @Field(() => Float, { description: "0 to 1,000,000, at most two decimals." })
  amount: number;

  @Field(() => String, { defaultValue: "CNY", description: "ISO 4217 code." })
  currency: string;
}

@InputType()
abstract class ServiceFieldsInput extends MutationInput {
  @Field(() => ID, { description: "The organisation offering the service; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => String, { nullable: true, description: "Up to 5,000 characters." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "Who may use the service, in words; up to 2,000 characters." })
  eligibility?: string | null;

  @Field(() => String, { nullable: true, description: "Fees in words; needed when the service is not free and has no costOptions." })
  feesDescription?: string | null;

  @Field(() => [CostOptionInput], { nullable: true, description: "Prices, at most 10; none for a free service. Replaces the list when given." })
  costOptions?: CostOptionInput[] | null;

  @Field(() => [String], { nullable: true, description: "BCP 47 tags such as zh, yue, en; at most 10." })
  languages?: string[] | null;

  @Field(() => String, { nullable: true, description: "A role or desk to ask for (not a private person's name)." })
  contactName?: string | null;

  @Field(() => String, { nullable: true, description: "A telephone number to ask about the service." })
  contactPhone?: string | null;

  @Field(() => String, { nullable: true, description: "An email address to ask about the service." })
  contactEmail?: string | null;

  @Field(() => String, { nullable: true, description: "An http or https address." })
  url?: string | null;

  @Field(() => [ID], { nullable: true, description: "Places of the acting organisation where the service is offered, at most 20; replaces the list when given (hours kept for a place left out go with it)." })
  locationIds?: string[] | null;
}

@InputType("CreateServiceInput", { description: "What `createService` takes." })
export class CreateServiceInput extends ServiceFieldsInput {
  @Field(() => String, { description: "The service's name." })
  name: string;

  @Field(() => ServiceStatus, { defaultValue: ServiceStatus.ACTIVE, description: "Whether the service is offered now; ACTIVE when omitted." })
  status: ServiceStatus;

  @Field(() => [ServiceCategory], { description: "What kinds of help the service gives; at least one." })
  categories: ServiceCategory[];

  @Field(() => [TargetGroup], { description: "Whom the service is meant for." })
  targetGroups: TargetGroup[];

  @Field(() => Boolean, { description: "Whether the service costs nothing." })
  isFree: boolean;
}

@InputType("UpdateServiceInput", { description: "Fields left out stay as they are; null clears an optional field." })
export class UpdateServiceInput extends ServiceFieldsInput {
  @Field(() => ID, { description: "The global ID of the service." })
  serviceId: string;

  @Field(() => String, { nullable: true, description: "The service's name; unchanged when omitted." })
  name?: string | null;

  @Field(() => ServiceStatus, { nullable: true, description: "Whether the service is offered now; unchanged when omitted." })
  status?: ServiceStatus | null;

  @Field(() => [ServiceCategory], { nullable: true, description: "What kinds of help the service gives; unchanged when omitted." })
  categories?: ServiceCategory[] | null;

  @Field(() => [TargetGroup], { nullable: true, description: "Whom the service is meant for; unchanged when omitted." })
  targetGroups?: TargetGroup[] | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the service costs nothing; unchanged when omitted." })
  isFree?: boolean | null;
}

@InputType("RetireServiceInput", { description: "The service leaves the public directory and the HSDS API for good." })
export class RetireServiceInput extends MutationInput {
  @Field(() => ID, { description: "The organisation offering the service; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the service." })
  serviceId: string;
}

@InputType()
abstract class LocationFieldsInput extends MutationInput {
  @Field(() => ID, { description: "The organisation keeping the place; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => Float, { nullable: true, description: "Give latitude and longitude together, or neither." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude in decimal degrees (WGS 84); give with latitude." })
  longitude?: number | null;

  @Field(() => String, { nullable: true, description: "Step-free access, lifts, sign language…, in words; up to 1,000 characters." })
  accessibility?: string | null;
}

@InputType("CreateServiceLocationInput", { description: "What `createServiceLocation` takes." })
export class CreateServiceLocationInput extends LocationFieldsInput {
  @Field(() => String, { description: "The place's name." })
  name: string;

  @Field(() => String, { description: "The place's street address." })
  address: string;

  @Field(() => String, { description: "Code of the area the place is in." })
  areaCode: string;
}

@InputType("UpdateServiceLocationInput", { description: "Fields left out stay as they are; null clears an optional field." })
export class UpdateServiceLocationInput extends LocationFieldsInput {
  @Field(() => ID, { description: "The global ID of the place." })
  locationId: string;

  @Field(() => String, { nullable: true, description: "The place's name; unchanged when omitted." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "The place's street address; unchanged when omitted." })
  address?: string | null;

  @Field(() => String, { nullable: true, description: "Code of the area the place is in; unchanged when omitted." })
  areaCode?: string | null;
}

@InputType("RetireServiceLocationInput", { description: "No service is offered at the place any more; the hours kept for it are removed." })
export class RetireServiceLocationInput extends MutationInput {
  @Field(() => ID, { description: "The organisation keeping the place; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the place." })
  locationId: string;
}

@InputType()
abstract class ScheduleFieldsInput extends MutationInput {
  @Field(() => ID, { description: "The organisation offering the service; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => [String], { nullable: true, description: "WEEKLY: weekdays (MO…SU). MONTHLY: weekdays, or with an ordinal from -5 to 5 (1SA first Saturday, -1FR last Friday)." })
  byday?: string[] | null;

  @Field(() => [Int], { nullable: true, description: "MONTHLY only: days of the month, 1 to 31, or -1 to -31 counted from the end." })
  bymonthday?: number[] | null;

  @Field(() => String, { nullable: true, description: "A one-off session's local date (YYYY-MM-DD), instead of freq." })
  sessionDate?: string | null;

  @Field(() => String, { nullable: true, description: "First local date the schedule holds (YYYY-MM-DD)." })
  validFrom?: string | null;

  @Field(() => String, { nullable: true, description: "Last local date the schedule holds (YYYY-MM-DD)." })
  validTo?: string | null;

  @Field(() => String, { nullable: true, description: "Up to 300 characters." })
  description?: string | null;
}

@InputType("AddServiceScheduleInput", { description: "A session must close the day it opens: hours past midnight are two schedules." })
export class AddServiceScheduleInput extends ScheduleFieldsInput {
  @Field(() => ID, { description: "The global ID of the service." })
  serviceId: string;

  @Field(() => ID, { nullable: true, description: "A place the service is offered at; left out, the hours hold at every place of the service." })
  locationId?: string | null;

  @Field(() => ScheduleFrequency, { nullable: true, description: "Left out for a one-off session on sessionDate." })
  freq?: ScheduleFrequency | null;

  @Field(() => String, { description: "Local time, HH:MM." })
  opensAt: string;

  @Field(() => String, { description: "Local time, HH:MM, later than opensAt." })
  closesAt: string;

  @Field(() => String, { defaultValue: "Asia/Shanghai", description: "IANA time zone of the times and dates." })
  timezone: string;
}

@InputType("UpdateServiceScheduleInput", { description: "Fields left out stay as they are; null clears an optional field. The whole schedule is checked again." })
export class UpdateServiceScheduleInput extends ScheduleFieldsInput {
  @Field(() => ID, { description: "The global ID of the hours to change." })
  scheduleId: string;

  @Field(() => ScheduleFrequency, { nullable: true, description: "How often the hours repeat; unchanged when omitted." })
  freq?: ScheduleFrequency | null;

  @Field(() => String, { nullable: true, description: "Local time, HH:MM; unchanged when omitted." })
  opensAt?: string | null;

  @Field(() => String, { nullable: true, description: "Local time, HH:MM, later than opensAt; unchanged when omitted." })
  closesAt?: string | null;

  @Field(() => String, { nullable: true, description: "IANA time zone of the times and dates; unchanged when omitted." })
  timezone?: string | null;
}

@InputType("RemoveServiceScheduleInput", { description: "What `removeServiceSchedule` takes." })
export class RemoveServiceScheduleInput extends MutationInput {
  @Field(() => ID, { description: "The organisation offering the service; you act as its ADMIN." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the hours to remove." })
  scheduleId: string;
}

export const ServicePayload = Payload("ServicePayload", "service", Service);
export const ServiceLocationPayload = Payload("ServiceLocationPayload", "location", ServiceLocation);
export const ServiceSchedulePayload = Payload("ServiceSchedulePayload", "schedule", ServiceSchedule);
