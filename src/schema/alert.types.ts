import { Field, Float, ID, InputType, ObjectType } from "type-graphql";
import { Alert, AlertCategory, AlertCertainty, AlertScope, AlertSeverity, AlertStatus, AlertUrgency } from "../entities/alert";
import { Connection } from "./connection";
import { Payload } from "./user-error";
import { MutationInput } from "./mutation-input";
import { AlertSubscriptionFilter } from "./subscription.types";

export const AlertConnection = Connection("Alert", Alert);
export const AlertPayload = Payload("AlertPayload", "alert", Alert);

@InputType("PointInput", { description: "A point on the map." })
export class PointInput {
  @Field(() => Float, { description: "Latitude in decimal degrees (WGS 84)." })
  lat: number;

  @Field(() => Float, { description: "Longitude in decimal degrees (WGS 84)." })
  lng: number;
}

@InputType("CircleInput", { description: "A circle on the map: its centre and radius." })
export class CircleInput {
  @Field(() => Float, { description: "Latitude of the centre in decimal degrees (WGS 84)." })
  lat: number;

  @Field(() => Float, { description: "Longitude of the centre in decimal degrees (WGS 84)." })
  lng: number;

  @Field(() => Float, { description: "Above 0, at most 500." })
  radiusKm: number;
}

@InputType("AlertAreaInput", { description: "One area an alert covers (a CAP `area`): named division codes, and optionally a circle or polygon." })
export class AlertAreaInput {
  @Field(() => String, { description: "The CAP areaDesc, e.g. 青杠林社區低窪地帶." })
  description: string;

  @Field(() => [String], { description: "Division codes of the areas covered." })
  areaCodes: string[];

  @Field(() => CircleInput, { nullable: true, description: "A circle within the area (CAP `circle`); none when omitted." })
  circle?: CircleInput | null;

  @Field(() => [PointInput], { nullable: true, description: "At least four points, the last the same as the first." })
  polygon?: PointInput[] | null;
}

@InputType("AlertInput", { description: "The CAP 1.2 message fields." })
export class AlertInput extends MutationInput {
  @Field(() => ID, { description: "A Party organisation or government agency; you must be its COORDINATOR (or use a key with the ALERTS scope)." })
  actingOrganizationId: string;

  @Field(() => AlertStatus, { description: "Whether the alert is real, an exercise, a test, a system message or a draft (CAP `status`)." })
  status: AlertStatus;

  @Field(() => AlertScope, { description: "Who may read the alert (CAP `scope`)." })
  scope: AlertScope;

  @Field(() => String, { nullable: true, description: "Who may see a RESTRICTED alert." })
  restriction?: string | null;

  @Field(() => [AlertCategory], { description: "CAP categories of the event; at least one." })
  categories: AlertCategory[];

  @Field(() => String, { description: "What the event is, in a few words such as 暴雨 (CAP `event`)." })
  event: string;

  @Field(() => AlertUrgency, { description: "How soon people should act (CAP `urgency`)." })
  urgency: AlertUrgency;

  @Field(() => AlertSeverity, { description: "How bad the event is (CAP `severity`)." })
  severity: AlertSeverity;

  @Field(() => AlertCertainty, { description: "How sure it is that the event happens (CAP `certainty`)." })
  certainty: AlertCertainty;

  @Field(() => String, { nullable: true, description: "A short headline (CAP `headline`)." })
  headline?: string | null;

  @Field(() => String, { nullable: true, description: "What is happening, in more words (CAP `description`)." })
  description?: string | null;

  @Field(() => String, { nullable: true, description: "What people should do (CAP `instruction`)." })
  instruction?: string | null;

  @Field(() => Date, { nullable: true, description: "When the information takes effect (CAP `effective`); none when omitted." })
  effective?: Date | null;

  @Field(() => Date, { nullable: true, description: "When the event is expected to begin (CAP `onset`)." })
  onset?: Date | null;

  @Field(() => Date, { nullable: true, description: "When the information stops being valid (CAP `expires`)." })
  expires?: Date | null;

  @Field(() => [AlertAreaInput], { description: "The areas the alert covers; at least one." })
  areas: AlertAreaInput[];

  @Field(() => [ID], { nullable: true, description: "Resource needs the alert announces." })
  needIds?: string[] | null;
}

@InputType("UpdateAlertInput", { description: "All the fields of the new message, which replaces the alert it references." })
export class UpdateAlertInput extends AlertInput {
  @Field(() => ID, { description: "The global ID of the alert this message replaces." })
  alertId: string;
}

@InputType("CancelAlertInput", { description: "What `cancelAlert` takes." })
export class CancelAlertInput extends MutationInput {
  @Field(() => ID, { description: "The organisation that issued the alert; you must be its COORDINATOR (or use a key with the ALERTS scope)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the alert to cancel." })
  alertId: string;

  @Field(() => String, { nullable: true, description: "Why; it becomes the Cancel message's description." })
  reason?: string | null;
}

/** The subscription's filter, and whether to list only current alerts. */
@InputType("AlertFilter", { description: "Which alerts `alerts` lists." })
export class AlertFilterInput extends AlertSubscriptionFilter {
  @Field(() => Boolean, { nullable: true, description: "Only alerts not replaced by an update or cancel, and not expired." })
  current?: boolean | null;
}

@ObjectType("AlertEvent", { simpleResolvers: true, description: "An alert issued, updated or cancelled, at its place in the event stream." })
export class AlertEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => Alert, { nullable: true, description: "The alert message of this event." })
  alert: Alert | null;
}
