import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { NeedCategory, ResourceNeed, Urgency } from "../entities/resource-need";
import { Pledge } from "../entities/pledge";
import { AlertCategory, AlertSeverity, AlertStatus } from "../entities/alert";
import { DomainError } from "../services/errors";
import { t } from "../i18n/text";

export enum NeedEventKind {
  POSTED = "POSTED",
  UPDATED = "UPDATED",
}
registerEnumType(NeedEventKind, { name: "NeedEventKind" });

@ObjectType("NeedEvent", { simpleResolvers: true, description: "A need as it is now, at its place in the event stream." })
export class NeedEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => NeedEventKind)
  kind: NeedEventKind;

  @Field(() => ResourceNeed, { nullable: true, description: "null when it is no longer visible to you." })
  need: ResourceNeed | null;
}

@ObjectType("PledgeEvent", { simpleResolvers: true, description: "A pledge as it is now, at its place in the event stream." })
export class PledgeEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => Pledge, { nullable: true })
  pledge: Pledge | null;
}

@InputType("NeedSubscriptionFilter")
export class NeedSubscriptionFilter {
  @Field(() => String, { nullable: true, description: "Needs in this area or any area below it." })
  areaCode?: string | null;

  @Field(() => [NeedCategory], { nullable: true })
  categories?: NeedCategory[] | null;

  @Field(() => Urgency, { nullable: true, description: "This urgency or a more urgent one." })
  urgencyAtLeast?: Urgency | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;
}

@InputType("PledgeSubscriptionFilter")
export class PledgeSubscriptionFilter {
  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => ID, { nullable: true, description: "Pledges made by this organisation." })
  organizationId?: string | null;
}

@InputType("AlertSubscriptionFilter")
export class AlertSubscriptionFilter {
  @Field(() => String, { nullable: true, description: "Alerts for this area or any area below it." })
  areaCode?: string | null;

  @Field(() => AlertSeverity, { nullable: true, description: "This severity or a graver one." })
  severityAtLeast?: AlertSeverity | null;

  @Field(() => [AlertCategory], { nullable: true })
  categories?: AlertCategory[] | null;

  @Field(() => [AlertStatus], { nullable: true })
  statuses?: AlertStatus[] | null;
}

/** Event cursors: opaque, base64url of "Event:<position>". */
export function eventCursor(position: string): string {
  return Buffer.from(`Event:${position}`, "utf8").toString("base64url");
}

export function positionOfCursor(cursor: string): bigint {
  const match = /^Event:(\d{1,19})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new DomainError("BAD_USER_INPUT", t("events.notACursor", { cursor }));
  return BigInt(match[1]);
}
