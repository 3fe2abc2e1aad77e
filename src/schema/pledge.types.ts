import { Field, Float, ID, InputType } from "type-graphql";
import { Pledge } from "../entities/pledge";
import { Connection } from "./connection";
import { Payload } from "./user-error";
import { MutationInput } from "./mutation-input";

export const PledgeConnection = Connection("Pledge", Pledge);

@InputType("PledgeInput", { description: "What `pledge` takes." })
export class PledgeInput extends MutationInput {
  @Field(() => ID, { description: "The organisation making the offer." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the need." })
  needId: string;

  @Field(() => Float, { description: "Above 0, at most what remains of the need." })
  quantity: number;

  @Field(() => String, { nullable: true, description: "A note about the offer." })
  note?: string | null;

  @Field(() => Date, { nullable: true, description: "When you can deliver from." })
  availableFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: "When you promise to deliver; not in the past, nor before availableFrom." })
  expectedDelivery?: Date | null;
}

@InputType("AcceptPledgeInput", { description: "What `acceptPledge` takes." })
export class AcceptPledgeInput extends MutationInput {
  @Field(() => ID, { description: "The project's lead or the organisation that posted the need." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the pledge." })
  pledgeId: string;

  @Field(() => Float, { nullable: true, description: "Accept only part of the offer; the whole offer when left out." })
  quantity?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Accept provisionally (EDXL-RM), with a reason; accept again to confirm." })
  provisional?: boolean | null;

  @Field(() => String, { nullable: true, description: "Why, kept with the pledge; needed for a provisional acceptance." })
  reason?: string | null;
}

@InputType("DeclinePledgeInput", { description: "What `declinePledge` takes." })
export class DeclinePledgeInput extends MutationInput {
  @Field(() => ID, { description: "The project's lead or the organisation that posted the need." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the pledge." })
  pledgeId: string;

  @Field(() => String, { description: "Why the offer is declined; up to 500 characters." })
  reason: string;
}

@InputType("WithdrawPledgeInput", { description: "What `withdrawPledge` takes." })
export class WithdrawPledgeInput extends MutationInput {
  @Field(() => ID, { description: "The organisation that made the pledge." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the pledge." })
  pledgeId: string;

  @Field(() => String, { nullable: true, description: "Why the pledge is withdrawn; up to 500 characters." })
  reason?: string | null;
}

@InputType("RecordDeliveryInput", { description: "What `recordDelivery` takes." })
export class RecordDeliveryInput extends MutationInput {
  @Field(() => ID, { description: "The pledging organisation, the project's lead or the need's poster." })
  actingOrganizationId: string;

  @Field(() => ID, { description: "The global ID of the pledge delivered on." })
  pledgeId: string;

  @Field(() => Float, { description: "What was handed over now; deliveries add up to at most the accepted quantity." })
  quantity: number;

  @Field(() => String, { nullable: true, description: "A note about the delivery." })
  note?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: "When it was handed over, if not just now: not in the future (a minute of clock difference is allowed), not before the pledge was made. Dashboards count a delivery on time by it.",
  })
  deliveredAt?: Date | null;
}

export const PledgePayload = Payload("PledgePayload", "pledge", Pledge);
