import { Field, Float, ID, InputType, registerEnumType } from "type-graphql";
import { NeedCategory, NeedStatus, ResourceNeed, Urgency } from "../entities/resource-need";
import { Connection, OrderDirection } from "./connection";
import { Payload } from "./user-error";
import { MutationInput } from "./mutation-input";

export const ResourceNeedConnection = Connection("ResourceNeed", ResourceNeed);

export enum NeedOrderField {
  URGENCY = "URGENCY",
  NEEDED_BY = "NEEDED_BY",
  CREATED_AT = "CREATED_AT",
  REMAINING = "REMAINING",
}
registerEnumType(NeedOrderField, {
  name: "NeedOrderField",
  description: "What needs are ordered by; DESC puts the most, highest or latest first.",
  valuesConfig: {
    URGENCY: { description: "By urgency: DESC is most urgent first (CRITICAL, HIGH, NORMAL, LOW), ASC least urgent first. DESC when no direction is given." },
    NEEDED_BY: { description: "By deadline: ASC is soonest first. ASC when no direction is given." },
    CREATED_AT: { description: "By posting time: ASC is oldest first. ASC when no direction is given." },
    REMAINING: { description: "By what can still be accepted: ASC is least first. ASC when no direction is given." },
  },
});

@InputType("NeedOrder")
export class NeedOrder {
  @Field(() => NeedOrderField, { defaultValue: NeedOrderField.URGENCY })
  field: NeedOrderField;

  @Field(() => OrderDirection, { nullable: true, description: "Left out: the field's own default (URGENCY most urgent first, the others ASC)." })
  direction?: OrderDirection | null;
}

@InputType("NearInput", { description: "A circle: needs whose place lies within radiusKm of the point." })
export class NearInput {
  @Field(() => Float)
  lat: number;

  @Field(() => Float)
  lng: number;

  @Field(() => Float, { description: "Above 0, at most 500." })
  radiusKm: number;
}

@InputType("ResourceNeedFilter")
export class ResourceNeedFilterInput {
  @Field(() => [NeedCategory], { nullable: true })
  categories?: NeedCategory[] | null;

  @Field(() => Urgency, { nullable: true, description: "This urgency or a more urgent one." })
  urgencyAtLeast?: Urgency | null;

  @Field(() => [NeedStatus], { nullable: true })
  statuses?: NeedStatus[] | null;

  @Field(() => String, { nullable: true, description: "Needs in this area or any area below it." })
  areaCode?: string | null;

  @Field(() => NearInput, { nullable: true })
  near?: NearInput | null;

  @Field(() => ID, { nullable: true })
  projectId?: string | null;

  @Field(() => Date, { nullable: true, description: "Needed before this time." })
  neededBefore?: Date | null;

  @Field(() => String, { nullable: true, description: "Text anywhere in the title or description, ignoring case and whether Chinese is written in Simplified or Traditional characters." })
  search?: string | null;
}

@InputType("PostNeedInput", { description: "What `postNeed` takes." })
export class PostNeedInput extends MutationInput {
  @Field(() => ID, { description: "An active partner of the project." })
  actingOrganizationId: string;

  @Field(() => ID)
  projectId: string;

  @Field(() => NeedCategory)
  category: NeedCategory;

  @Field(() => String)
  title: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Float, { description: "Above 0, at most two decimals." })
  quantity: number;

  @Field(() => String, { description: "What the quantity counts: 袋, 人, 床位, 元 …" })
  unit: string;

  @Field(() => Urgency)
  urgency: Urgency;

  @Field(() => Date, { description: "A time still to come." })
  neededBy: Date;

  @Field(() => String, { nullable: true, description: "Where the need is; the project's area when left out." })
  areaCode?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;
}

@InputType("UpdateNeedInput", { description: "Fields left out stay as they are; quantity cannot drop below what accepted pledges commit." })
export class UpdateNeedInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  needId: string;

  @Field(() => NeedCategory, { nullable: true })
  category?: NeedCategory | null;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => Float, { nullable: true })
  quantity?: number | null;

  @Field(() => String, { nullable: true })
  unit?: string | null;

  @Field(() => Urgency, { nullable: true })
  urgency?: Urgency | null;

  @Field(() => Date, { nullable: true })
  neededBy?: Date | null;

  @Field(() => String, { nullable: true })
  areaCode?: string | null;

  @Field(() => String, { nullable: true })
  address?: string | null;

  @Field(() => Float, { nullable: true })
  latitude?: number | null;

  @Field(() => Float, { nullable: true })
  longitude?: number | null;
}

@InputType("CancelNeedInput", { description: "What `cancelNeed` takes." })
export class CancelNeedInput extends MutationInput {
  @Field(() => ID)
  actingOrganizationId: string;

  @Field(() => ID)
  needId: string;

  @Field(() => String, { nullable: true })
  reason?: string | null;
}

export const ResourceNeedPayload = Payload("ResourceNeedPayload", "need", ResourceNeed);
