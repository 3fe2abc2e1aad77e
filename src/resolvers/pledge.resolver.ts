import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import { Delivery } from "../entities/delivery";
import { Organization } from "../entities/organization";
import { Pledge } from "../entities/pledge";
import { ResourceNeed } from "../entities/resource-need";
import type { Context } from "../schema/context";
import { inputKeyOf, toGlobalId } from "../schema/global-id";
import { AcceptPledgeInput, DeclinePledgeInput, PledgeInput, PledgePayload, RecordDeliveryInput, WithdrawPledgeInput } from "../schema/pledge.types";
import { payloadOf } from "../schema/user-error";
import { acting } from "./project.resolver";

const pledgeKey = (id: string) => inputKeyOf(id, "Pledge", "pledgeId");

@Resolver(() => Pledge)
export class PledgeResolver {
  @Mutation(() => PledgePayload, { description: "Offers to fill (part of) a need, as the acting organisation. For any MEMBER (or a key with write:pledges) of that organisation; refuses a need it cannot see (NOT_FOUND), a need already fully pledged or more than remains (EXCEEDS_REMAINING), a need no longer live, past its needed-by time or in a project not OPEN or ACTIVE (INVALID_TRANSITION), and an expected delivery in the past or before availableFrom (OUT_OF_RANGE)." })
  pledge(@Arg("input", () => PledgeInput, { description: "What `pledge` needs; each field is described on the input type." }) input: PledgeInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("pledge", () => {
      const { actingOrganizationId, needId, ...fields } = input;
      return services.pledges.pledge(viewer, acting(actingOrganizationId), inputKeyOf(needId, "ResourceNeed", "needId"), fields);
    });
  }

  @Mutation(() => PledgePayload, { description: "Accepts an offer, wholly or in part, or confirms a provisional acceptance; accepted pledges never add up to more than the need. For a COORDINATOR (or a key with write:pledges) of the organisation that posted the need or leads its project; refuses others (NOT_PERMITTED), a pledge not OFFERED (INVALID_TRANSITION), more than offered or than remains (EXCEEDS_REMAINING) and a provisional acceptance without a reason (REQUIRED)." })
  acceptPledge(@Arg("input", () => AcceptPledgeInput, { description: "What `acceptPledge` needs; each field is described on the input type." }) input: AcceptPledgeInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("pledge", () => {
      const { actingOrganizationId, pledgeId, ...acceptance } = input;
      return services.pledges.accept(viewer, acting(actingOrganizationId), pledgeKey(pledgeId), acceptance);
    });
  }

  @Mutation(() => PledgePayload, { description: "Declines an offer, with a reason. For a COORDINATOR (or a key with write:pledges) of the organisation that posted the need or leads its project; refuses others (NOT_PERMITTED), a pledge already delivered, declined or withdrawn (INVALID_TRANSITION) and a blank reason (REQUIRED)." })
  declinePledge(@Arg("input", () => DeclinePledgeInput, { description: "What `declinePledge` needs; each field is described on the input type." }) input: DeclinePledgeInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("pledge", () => services.pledges.decline(viewer, acting(input.actingOrganizationId), pledgeKey(input.pledgeId), input.reason));
  }

  @Mutation(() => PledgePayload, { description: "The pledging organisation takes its pledge back, before anything was delivered. For any MEMBER (or a key with write:pledges) of the pledging organisation; refuses other organisations (NOT_PERMITTED) and a pledge delivered, partly delivered, declined or withdrawn (INVALID_TRANSITION)." })
  withdrawPledge(@Arg("input", () => WithdrawPledgeInput, { description: "What `withdrawPledge` needs; each field is described on the input type." }) input: WithdrawPledgeInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("pledge", () =>
      services.pledges.withdraw(viewer, acting(input.actingOrganizationId), pledgeKey(input.pledgeId), input.reason ?? null),
    );
  }

  @Mutation(() => PledgePayload, { description: "Records a delivery on an ACCEPTED pledge; partial deliveries add up, and the pledge is DELIVERED when they reach what was accepted. For a MEMBER (or a key with write:pledges) of the pledging organisation, or of the organisation that posted the need or leads its project; refuses others (NOT_PERMITTED), a pledge not ACCEPTED (INVALID_TRANSITION), more than is outstanding (EXCEEDS_REMAINING) and a delivery time in the future or before the pledge (OUT_OF_RANGE)." })
  recordDelivery(@Arg("input", () => RecordDeliveryInput, { description: "What `recordDelivery` needs; each field is described on the input type." }) input: RecordDeliveryInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("pledge", () =>
      services.pledges.recordDelivery(viewer, acting(input.actingOrganizationId), pledgeKey(input.pledgeId), input.quantity, input.note ?? null, input.deliveredAt ?? null),
    );
  }

  @FieldResolver(() => ID, { description: "The Pledge's opaque global ID, for `node(id:)`." })
  id(@Root() pledge: Pledge): string {
    return toGlobalId("Pledge", pledge.id);
  }

  @FieldResolver(() => String, { nullable: true, description: "Members only (README: who reads members-only fields): null for other callers." })
  note(@Root() pledge: Pledge, @Ctx() { services, viewer, loaders }: Context): Promise<string | null> {
    return services.pledges.noteFor(viewer, loaders, pledge);
  }

  @FieldResolver(() => String, { nullable: true, description: "Why the pledge was accepted provisionally, declined or withdrawn. Members only, as the note." })
  responseReason(@Root() pledge: Pledge, @Ctx() { services, viewer, loaders }: Context): Promise<string | null> {
    return services.pledges.responseReasonFor(viewer, loaders, pledge);
  }

  @FieldResolver(() => ResourceNeed, { description: "The need the pledge offers to fill." })
  need(@Root() pledge: Pledge, @Ctx() { loaders }: Context): Promise<ResourceNeed | null> {
    return loaders.need.load(pledge.needId);
  }

  @FieldResolver(() => Organization, { description: "The organisation that pledged." })
  organization(@Root() pledge: Pledge, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(pledge.organizationId);
  }

  @FieldResolver(() => [Delivery], { description: "Deliveries recorded against this pledge, oldest first." })
  deliveries(@Root() pledge: Pledge, @Ctx() { loaders }: Context): Promise<Delivery[]> {
    return loaders.pledgeDeliveries.load(pledge.id);
  }
}

@Resolver(() => Delivery)
export class DeliveryResolver {
  @FieldResolver(() => String, { nullable: true, description: "Members only (README: who reads members-only fields): null for other callers." })
  note(@Root() delivery: Delivery, @Ctx() { services, viewer, loaders }: Context): Promise<string | null> {
    return services.pledges.deliveryNoteFor(viewer, loaders, delivery);
  }

  @FieldResolver(() => Organization, { description: "The organisation that recorded the delivery." })
  recordedBy(@Root() delivery: Delivery, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(delivery.recordedByOrganizationId);
  }
}
