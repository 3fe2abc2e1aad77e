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

@InputType("NeedOrder", { description: "How to order needs." })
export class NeedOrder {
  @Field(() => NeedOrderField, { defaultValue: NeedOrderField.URGENCY, description: "The field to order by; URGENCY when omitted." })
  field: NeedOrderField;

  @Field(() => OrderDirection, { nullable: true, description: "Left out: the field's own default (URGENCY most urgent first, the others ASC)." })
  direction?: OrderDirection | null;
}

@InputType("NearInput", { description: "A circle: needs whose place lies within radiusKm of the point." })
export class NearInput {
  @Field(() => Float, { description: "Latitude of the centre in decimal degrees (WGS 84)." })
  lat: number;

  @Field(() => Float, { description: "Longitude of the centre in decimal degrees (WGS 84)." })
  lng: number;

  @Field(() => Float, { description: "Above 0, at most 500." })
  radiusKm: number;
}

@InputType("ResourceNeedFilter", { description: "Which needs `needs` lists." })
export class ResourceNeedFilterInput {
  @Field(() => [NeedCategory], { nullable: true, description: "Only needs in these categories; any when omitted." })
  categories?: NeedCategory[] | null;

  @Field(() => Urgency, { nullable: true, description: "This urgency or a more urgent one." })
  urgencyAtLeast?: Urgency | null;

  @Field(() => [NeedStatus], { nullable: true, description: "Only needs in these statuses; any when omitted." })
  statuses?: NeedStatus[] | null;

  @Field(() => String, { nullable: true, description: "Needs in this area or any area below it." })
  areaCode?: string | null;

  @Field(() => NearInput, { nullable: true, description: "Only needs whose place lies within a circle." })
  near?: NearInput | null;

  @Field(() => ID, { nullable: true, description: "Only needs of this project (its global ID)." })
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

  @Field(() => ID, { description: "The global ID of the project the need belongs to." })
  projectId: string;

  @Field(() => NeedCategory, { description: "What kind of thing is needed." })
  category: NeedCategory;

  @Field(() => String, { description: "The need's title." })
  title: string;

  @Field(() => String, { nullable: true, description: "What is needed, in more words." })
  description?: string | null;

  @Field(() => Float, { description: "Above 0, at most two decimals." })
  quantity: number;

  @Field(() => String, { description: "What the quantity counts: 袋, 人, 床位, 元 …" })
  unit: string;

  @Field(() => Urgency, { description: "How urgent the need is." })
  urgency: Urgency;

  @Field(() => Date, { description: "A time still to come." })
  neededBy: Date;

  @Field(() => String, { nullable: true, description: "Where the need is; the project's area when left out." })
  areaCode?: string | null;

  @Field(() => String, { nullable: true, description: "Where to deliver." })
  address?: string | null;

  @Field(() => Float, { nullable: true, description: "Latitude of the delivery place in decimal degrees (WGS 84); give with longitude." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude of the delivery place in decimal degrees (WGS 84); give with latitude." })
  longitude?: number | null;
}

@InputType("UpdateNeedInput", { description: "Fields left out stay as they are; quantity cannot drop below what accepted pledges commit." })
export class UpdateNeedInput extends MutationInput {
  @Field(() => ID, { description: "The organisation that posted the need or leads its project; you act as its COORDINATOR (or use a key with write:needs)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the need." })
  needId: string;

  @Field(() => NeedCategory, { nullable: true, description: "What kind of thing is needed; unchanged when omitted." })
  category?: NeedCategory | null;

  @Field(() => String, { nullable: true, description: "The need's title; unchanged when omitted." })
  title?: string | null;

  @Field(() => String, { nullable: true, description: "What is needed, in more words; unchanged when omitted." })
  description?: string | null;

  @Field(() => Float, { nullable: true, description: "How much is needed, above 0 with at most two decimals; unchanged when omitted." })
  quantity?: number | null;

  @Field(() => String, { nullable: true, description: "What the quantity counts; unchanged when omitted." })
  unit?: string | null;

  @Field(() => Urgency, { nullable: true, description: "How urgent the need is; unchanged when omitted." })
  urgency?: Urgency | null;

  @Field(() => Date, { nullable: true, description: "When it is needed by; unchanged when omitted." })
  neededBy?: Date | null;

  @Field(() => String, { nullable: true, description: "Where the need is; unchanged when omitted." })
  areaCode?: string | null;

  @Field(() => String, { nullable: true, description: "Where to deliver; unchanged when omitted." })
  address?: string | null;

  @Field(() => Float, { nullable: true, description: "Latitude in decimal degrees (WGS 84), given with longitude; unchanged when omitted." })
  latitude?: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude in decimal degrees (WGS 84), given with latitude; unchanged when omitted." })
  longitude?: number | null;
}

@InputType("CancelNeedInput", { description: "What `cancelNeed` takes." })
export class CancelNeedInput extends MutationInput {
  @Field(() => ID, { description: "The organisation that posted the need or leads its project; you act as its COORDINATOR (or use a key with write:needs)." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the need." })
  needId: string;

  @Field(() => String, { nullable: true, description: "Why, kept in the need's history; up to 300 characters." })
  reason?: string | null;
}

export const ResourceNeedPayload = Payload("ResourceNeedPayload", "need", ResourceNeed);
