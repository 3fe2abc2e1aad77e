import { Field, InputType } from "type-graphql";
import { Area, AreaLevel } from "../entities/area";
import { Connection } from "./connection";

export const AreaConnection = Connection("Area", Area);

@InputType("AreaFilter", { description: "Areas come in code order, which is the tree's depth-first order." })
export class AreaFilterInput {
  @Field(() => String, { nullable: true, description: "Direct sub-areas of the area with this code." })
  parentCode?: string | null;

  @Field(() => String, { nullable: true, description: "This area and every area below it." })
  within?: string | null;

  @Field(() => [AreaLevel], { nullable: true, description: "Any of these levels." })
  levels?: AreaLevel[] | null;
}
