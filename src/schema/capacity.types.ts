import { Field, Float, ID, InputType } from "type-graphql";
import { Organization } from "../entities/organization";
import { NeedCategory } from "../entities/resource-need";
import { MutationInput } from "./mutation-input";
import { Payload } from "./user-error";

@InputType("CapacityInput", { description: "One line of what an organisation can offer." })
export class CapacityInput {
  @Field(() => NeedCategory, { description: "The category of needs it can fill." })
  category: NeedCategory;

  @Field(() => String, { description: "The area it serves (and every area inside it), an area code." })
  areaCode: string;

  @Field(() => Float, { nullable: true, description: "How much at a time, above 0; with `unit`, or neither." })
  quantity?: number | null;

  @Field(() => String, { nullable: true, description: "What the quantity counts (at most 32 characters); with `quantity`, or neither." })
  unit?: string | null;

  @Field(() => String, { nullable: true, description: "Conditions, at most 200 characters." })
  note?: string | null;
}

@InputType("DeclareCapacitiesInput", { description: "What `declareCapacities` takes." })
export class DeclareCapacitiesInput extends MutationInput {
  @Field(() => ID, { description: "The organisation declaring; its COORDINATOR or above, or its key with write:pledges." })
  actingOrganizationId: string;

  @Field(() => [CapacityInput], { description: "Everything it offers from now on (at most 20 lines, each category and area once); an empty list withdraws all." })
  capacities: CapacityInput[];
}

export const DeclareCapacitiesPayload = Payload("DeclareCapacitiesPayload", "organization", Organization);
