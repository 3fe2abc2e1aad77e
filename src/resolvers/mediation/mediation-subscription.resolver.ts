import { Arg, Ctx, Resolver, Root, Subscription } from "type-graphql";
import type { Event } from "../../entities/event";
import type { MediationStatus } from "../../entities/mediation/mediation-case";
import { signedInUser } from "../../auth/policy";
import { liveViewerEvents } from "../../events/live-viewer-events";
import type { Context } from "../../schema/context";
import { keyOf, toGlobalId } from "../../schema/global-id";
import { MediationCaseEvent, MediationCaseSubscriptionFilter } from "../../schema/mediation/mediation-event.types";
import { eventCursor } from "../../schema/subscription.types";
import { mediationEventMatcher } from "../../services/mediation/mediation-events";
import { startingPoint } from "../event-subscription.resolver";

interface MediationStreamArgs {
  filter?: MediationCaseSubscriptionFilter | null;
  after?: string | null;
}

@Resolver()
export class MediationSubscriptionResolver {
  @Subscription(() => MediationCaseEvent, {
    description:
      "Steps in the mediation cases you read, as they happen: a committee's admins hear of all its cases, mediators of the cases they are assigned to at the step, each party of its own case (a replacement request only reaches the party that asked and the committee). Signed-in people only; API keys are refused. With `after`, first the steps since that cursor.",
    subscribe: ({ args, context }) => mediationStream(context as Context, args as MediationStreamArgs),
  })
  async mediationCaseChanged(
    @Root() event: Event,
    @Arg("filter", () => MediationCaseSubscriptionFilter, { nullable: true, description: "One case only, or every case you read." }) _filter: MediationCaseSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor: first replay the steps since it." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<MediationCaseEvent> {
    context.useLoadersOf(event);
    const { step, status } = event.attributes as { step: string; status: MediationStatus };
    return {
      cursor: eventCursor(event.position),
      caseId: toGlobalId("MediationCase", event.entityId),
      step,
      status,
      mediationCase: await context.services.mediationReads.findVisible(context.viewer, context.loaders, event.entityId),
    };
  }
}

/** People only, as cases are read: keys and anonymous callers are refused at the start, not handed an empty stream. */
async function mediationStream(context: Context, args: MediationStreamArgs): Promise<AsyncIterable<Event>> {
  const { user } = signedInUser(context.viewer);
  const caseId = args.filter?.caseId ? keyOf(args.filter.caseId, "MediationCase", "filter.caseId") : null;
  const after = await startingPoint(context, args.after);
  // The account's person stays the same while the socket lives; its rights (committee admin, party organisation) are read live.
  const personId = (await context.loaders.personOfUser.load(user.id))?.id ?? null;
  return liveViewerEvents(context, after, (viewer) => mediationEventMatcher(viewer, personId, caseId));
}
