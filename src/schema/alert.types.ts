import { Field, Float, ID, InputType, ObjectType } from "type-graphql";
import { Alert, AlertCategory, AlertCertainty, AlertScope, AlertSeverity, AlertStatus, AlertUrgency } from "../entities/alert";
import { Connection } from "./connection";
import { Payload } from "./user-error";
import { MutationInput } from "./mutation-input";
import { AlertSubscriptionFilter } from "./subscription.types";

export const AlertConnection = Connection("Alert", Alert);
export const AlertPayload = Payload("AlertPayload", "alert", Alert);

@InputType("PointInput")
export class PointInput {
  @Field(() => Float)
  lat: number;

  @Field(() => Float)
  lng: number;
}

@InputType("CircleInput")
export class CircleInput {
  @Field(() => Float)
  lat: number;

  @Field(() => Float)
  lng: number;

  @Field(() => Float, { description: "Above 0, at most 500." })
  radiusKm: number;
}

@InputType("AlertAreaInput")
export class AlertAreaInput {
  @Field(() => String, { description: "The CAP areaDesc, e.g. 青杠林社區低窪地帶." })
  description: string;

  @Field(() => [String], { description: "Division codes of the areas covered." })
  areaCodes: string[];

  @Field(() => CircleInput, { nullable: true })
  circle?: CircleInput | null;

  @Field(() => [PointInput], { nullable: true, description: "At least four points, the last the same as the first." })
  polygon?: PointInput[] | null;
}

@InputType("AlertInput", { description: "The CAP 1.2 message fields." })
export class AlertInput extends MutationInput {
  @Field(() => ID, { description: "A Party organisation or government agency; you must be its COORDINATOR (or use a key with the ALERTS scope)." })
  actingOrganizationId: string;

  @Field(() => AlertStatus)
  status: AlertStatus;

  @Field(() => AlertScope)
  scope: AlertScope;

  @Field(() => String, { nullable: true, description: "Who may see a RESTRICTED alert." })
  restriction?: string | null;

  @Field(() => [AlertCategory])
  categories: AlertCategory[];

  @Field(() => String)
  event: string;

  @Field(() => AlertUrgency)
  urgency: AlertUrgency;

  @Field(() => AlertSeverity)
  severity: AlertSeverity;

  @Field(() => AlertCertainty)
  certainty: AlertCertainty;

  @Field(() => String, { nullable: true })
  headline?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  instruction?: string | null;

  @Field(() => Date, { nullable: true })
  effective?: Date | null;

  @Field(() => Date, { nullable: true })
  onset?: Date | null;

  @Field(() => Date, { nullable: true })
  expires?: Date | null;

  @Field(() => [AlertAreaInput])
  areas: AlertAreaInput[];

  @Field(() => [ID], { nullable: true, description: "Resource needs the alert announces." })
  needIds?: string[] | null;
}

@InputType("UpdateAlertInput", { description: "All the fields of the new message, which replaces the alert it references." })
export class UpdateAlertInput extends AlertInput {
  @Field(() => ID)
  alertId: string;
}

@InputType("CancelAlertInput", { description: "What `cancelAlert` takes." })
export class CancelAlertInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  alertId: string;

  @Field(() => String, { nullable: true, description: "Why; it becomes the Cancel message's description." })
  reason?: string | null;
}

/** The subscription's filter, and whether to list only current alerts. */
@InputType("AlertFilter")
export class AlertFilterInput extends AlertSubscriptionFilter {
  @Field(() => Boolean, { nullable: true, description: "Only alerts not replaced by an update or cancel, and not expired." })
  current?: boolean | null;
}

@ObjectType("AlertEvent", { simpleResolvers: true })
export class AlertEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => Alert, { nullable: true })
  alert: Alert | null;
}
