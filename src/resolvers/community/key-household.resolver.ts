import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from "type-graphql";
import { Area } from "../../entities/area";
import { HouseholdVisit } from "../../entities/community/household-visit";
import { KeyHousehold } from "../../entities/community/key-household";
import { Person } from "../../entities/community/person";
import { ResidentRequest } from "../../entities/community/resident-request";
import { Organization } from "../../entities/organization";
import { ConnectionArgs, pageArgs } from "../../schema/connection";
import type { Context } from "../../schema/context";
import { inputKeyOf, keyOf, toGlobalId } from "../../schema/global-id";
import {
  HouseholdVisitConnection, HouseholdVisitEvent, HouseholdVisitEventKind, HouseholdVisitSubscriptionFilter, KeyHouseholdConnection, KeyHouseholdFilterInput, OverdueHouseholdVisitFilterInput, PlanHouseholdVisitInput, PlanHouseholdVisitPayload,
  RecordHouseholdVisitInput, RecordHouseholdVisitPayload, RegisterKeyHouseholdInput, RegisterKeyHouseholdPayload, UpdateKeyHouseholdInput, UpdateKeyHouseholdPayload,
} from "../../schema/community/key-household.types";
import { payloadOf } from "../../schema/user-error";
import { acting } from "../project.resolver";
import { Event, EventType } from "../../entities/event";
import { liveViewerEvents } from "../../events/live-viewer-events";
import { organizationsOf } from "../../auth/read-policy";
import { eventCursor } from "../../schema/subscription.types";
import { householdVisitEventMatcher, supervisedAreasOf } from "../../services/community/households/household-reads";
import { DomainError } from "../../services/errors";
import { t } from "../../i18n/text";
import { startingPoint } from "../event-subscription.resolver";

const householdKey = (id: string) => inputKeyOf(id, "KeyHousehold", "householdId");
const personKeys = (ids: readonly string[] | null | undefined, field: string) => (ids == null ? ids : ids.map((id, index) => inputKeyOf(id, "Person", `${field}.${index}`)));

@Resolver(() => KeyHousehold)
export class KeyHouseholdResolver {
  @Query(() => KeyHousehold, { nullable: true, description: "A key household by id: to its holding organisation's members and keys, and to the Party and government organisations over its area; null to everyone else." })
  keyHousehold(@Arg("id", () => ID, { description: "The global ID of the KeyHousehold." }) id: string, @Ctx() { loaders, services, viewer }: Context): Promise<KeyHousehold | null> {
    return services.householdReads.findVisible(viewer, loaders, keyOf(id, "KeyHousehold"));
  }

  @Query(() => KeyHouseholdConnection, { description: "An organisation's register of key households, by code: to its members and keys; empty to everyone else." })
  async keyHouseholds(
    @Arg("organizationId", () => ID, { description: "The organisation keeping the register." }) organizationId: string,
    @Arg("filter", () => KeyHouseholdFilterInput, { nullable: true, description: "Narrows the register." }) filter: KeyHouseholdFilterInput | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { services, viewer }: Context,
  ) {
    return KeyHouseholdConnection.of(await services.householdReads.page(viewer, keyOf(organizationId, "Organization", "organizationId"), filter ?? {}, pageArgs(page)));
  }

  @Query(() => HouseholdVisitConnection, {
    description: "Planned household visits past their due date, longest overdue first: of the organisations you administer, and in the areas your Party or government organisations supervise. Empty to everyone else.",
  })
  async overdueHouseholdVisits(
    @Arg("filter", () => OverdueHouseholdVisitFilterInput, { nullable: true, description: "Narrows the list." }) filter: OverdueHouseholdVisitFilterInput | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() { loaders, services, viewer }: Context,
  ) {
    const organizationId = filter?.organizationId != null ? keyOf(filter.organizationId, "Organization", "filter.organizationId") : null;
    return HouseholdVisitConnection.of(await services.householdReads.overdue(viewer, loaders, { areaCode: filter?.areaCode, organizationId }, pageArgs(page)));
  }

  @Mutation(() => RegisterKeyHouseholdPayload, { description: "Puts a household of a key group on your register by code and area, and plans its first visit for today. ADMIN of the acting organisation; not API keys. Refuses a code already used, an unknown area, and members who did not consent to you." })
  registerKeyHousehold(@Arg("input", () => RegisterKeyHouseholdInput, { description: "What `registerKeyHousehold` needs; each field is described on the input type." }) input: RegisterKeyHouseholdInput, @Ctx() { services, viewer }: Context) {
    const { actingOrganizationId, memberPersonIds, idempotencyKey: _key, ...fields } = input;
    return payloadOf("household", () => services.households.register(viewer, acting(actingOrganizationId), { ...fields, memberPersonIds: personKeys(memberPersonIds, "memberPersonIds") }));
  }

  @Mutation(() => UpdateKeyHouseholdPayload, { description: "Changes a household of your register. ADMIN of the acting organisation; not API keys. Refuses as registerKeyHousehold does." })
  updateKeyHousehold(@Arg("input", () => UpdateKeyHouseholdInput, { description: "What `updateKeyHousehold` needs; each field is described on the input type." }) input: UpdateKeyHouseholdInput, @Ctx() { services, viewer }: Context) {
    const { actingOrganizationId, householdId, memberPersonIds, idempotencyKey: _key, ...fields } = input;
    const changes = () => ({
      ...Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== undefined && (value !== null || key === "needs"))),
      memberPersonIds: personKeys(memberPersonIds, "memberPersonIds"),
    });
    return payloadOf("household", () => services.households.update(viewer, acting(actingOrganizationId), householdKey(householdId), changes()));
  }

  @Mutation(() => PlanHouseholdVisitPayload, { description: "Sets the date of a household's next visit (there is one planned visit at a time). Any member of the holding organisation; not API keys. Refuses a date in the past and households of other organisations." })
  planHouseholdVisit(@Arg("input", () => PlanHouseholdVisitInput, { description: "What `planHouseholdVisit` needs; each field is described on the input type." }) input: PlanHouseholdVisitInput, @Ctx() { services, viewer }: Context) {
    return payloadOf("visit", () => services.households.plan(viewer, acting(input.actingOrganizationId), householdKey(input.householdId), input.dueOn));
  }

  @Mutation(() => RecordHouseholdVisitPayload, {
    description: "Records a visit made, plans the next by the household's frequency, and may open a resident's request from the findings. Any member of the holding organisation; not API keys. Refuses a visit in the future, visitors who did not consent to you, and households of other organisations.",
  })
  recordHouseholdVisit(@Arg("input", () => RecordHouseholdVisitInput, { description: "What `recordHouseholdVisit` needs; each field is described on the input type." }) input: RecordHouseholdVisitInput, @Ctx() { services, viewer }: Context) {
    const { actingOrganizationId, householdId, visitorPersonIds, openRequest, idempotencyKey: _key, ...fields } = input;
    const visit = () => ({
      ...fields,
      visitorPersonIds: personKeys(visitorPersonIds, "visitorPersonIds") ?? [],
      openRequest: openRequest && { ...openRequest, onBehalfOfPersonId: openRequest.onBehalfOfPersonId ? inputKeyOf(openRequest.onBehalfOfPersonId, "Person", "openRequest.onBehalfOfPersonId") : null },
    });
    return payloadOf("visit", () => services.households.record(viewer, acting(actingOrganizationId), householdKey(householdId), visit()));
  }

  @Subscription(() => HouseholdVisitEvent, {
    description: "Household visits as they are recorded or fall overdue: of households your organisations keep, and in the areas your Party or government organisations supervise. With `after`, first the events since that cursor.",
    subscribe: ({ args, context }) => visitStream(context as Context, args as VisitStreamArgs),
  })
  async householdVisitChanged(
    @Root() event: Event,
    @Arg("filter", () => HouseholdVisitSubscriptionFilter, { nullable: true, description: "Narrows the visits followed." }) _filter: HouseholdVisitSubscriptionFilter | null,
    @Arg("after", () => String, { nullable: true, description: "A cursor of this stream: resume right after it." }) _after: string | null,
    @Ctx() context: Context,
  ): Promise<HouseholdVisitEvent> {
    context.useLoadersOf(event);
    const kind = event.type === EventType.HOUSEHOLD_VISIT_RECORDED ? HouseholdVisitEventKind.RECORDED : HouseholdVisitEventKind.OVERDUE;
    return { cursor: eventCursor(event.position), kind, visit: await context.services.householdReads.findVisibleVisit(context.viewer, context.loaders, event.entityId) };
  }

  @FieldResolver(() => ID, { description: "The KeyHousehold's opaque global ID, for `node(id:)`." })
  id(@Root() household: KeyHousehold): string {
    return toGlobalId("KeyHousehold", household.id);
  }

  @FieldResolver(() => Area, { description: "The area it is in." })
  area(@Root() household: KeyHousehold, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(household.areaCode);
  }

  @FieldResolver(() => Organization, { description: "The organisation keeping it on its register." })
  organization(@Root() household: KeyHousehold, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(household.organizationId);
  }

  @FieldResolver(() => String, { nullable: true, description: "What it needs: in full to the holding organisation's members; \"***\" (needs are recorded) to its keys and the area's supervisors." })
  needs(@Root() household: KeyHousehold, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    return services.householdReads.text(viewer, loaders, household.id, "needs", household.needs);
  }

  @FieldResolver(() => [Person], { description: "Who lives there (their fields as README \"Who reads a person's data\" says): to the holding organisation's members; empty to everyone else." })
  async members(@Root() household: KeyHousehold, @Ctx() { loaders, services, viewer }: Context): Promise<Person[]> {
    const rows = await loaders.membersOfHousehold.load(household.id);
    return services.householdReads.people(viewer, loaders, household.id, "members", rows.map((row) => row.personId));
  }

  @FieldResolver(() => Int, { description: "How many persons are linked as living there." })
  async memberCount(@Root() household: KeyHousehold, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.membersOfHousehold.load(household.id)).length;
  }

  @FieldResolver(() => HouseholdVisit, { nullable: true, description: "The visit planned and not yet made." })
  nextVisit(@Root() household: KeyHousehold, @Ctx() { loaders }: Context): Promise<HouseholdVisit | null> {
    return loaders.plannedVisitOfHousehold.load(household.id);
  }

  @FieldResolver(() => HouseholdVisitConnection, { description: "Its visits, newest first, the planned one included." })
  async visits(@Root() household: KeyHousehold, @Args(() => ConnectionArgs) page: ConnectionArgs, @Ctx() { loaders }: Context) {
    return HouseholdVisitConnection.of(await loaders.visitsOfHousehold(pageArgs(page)).load(household.id));
  }
}

interface VisitStreamArgs {
  filter?: HouseholdVisitSubscriptionFilter | null;
  after?: string | null;
}

async function visitStream(context: Context, args: VisitStreamArgs): Promise<AsyncIterable<Event>> {
  if (context.viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
  const organizationId = args.filter?.organizationId ? keyOf(args.filter.organizationId, "Organization", "filter.organizationId") : null;
  const after = await startingPoint(context, args.after);
  const supervised = await supervisedAreasOf(context.viewer, context.loaders);
  const filter = { organizationId, areaCode: args.filter?.areaCode ?? null };
  return liveViewerEvents(context, after, (viewer) => householdVisitEventMatcher(filter, organizationsOf(viewer), supervised));
}

@Resolver(() => HouseholdVisit)
export class HouseholdVisitResolver {
  @FieldResolver(() => ID, { description: "The HouseholdVisit's opaque global ID, for `node(id:)`." })
  id(@Root() visit: HouseholdVisit): string {
    return toGlobalId("HouseholdVisit", visit.id);
  }

  @FieldResolver(() => KeyHousehold, { description: "The household visited." })
  household(@Root() visit: HouseholdVisit, @Ctx() { loaders }: Context): Promise<KeyHousehold | null> {
    return loaders.keyHousehold.load(visit.householdId);
  }

  @FieldResolver(() => String, { nullable: true, description: "The date it is planned for (YYYY-MM-DD); null for a visit made without a plan." })
  dueOn(@Root() visit: HouseholdVisit): string | null {
    return visit.dueOn;
  }

  @FieldResolver(() => Int, { description: "Days a planned visit is past its due date today (in the configured time zone); 0 when it is not, or was made." })
  daysOverdue(@Root() visit: HouseholdVisit, @Ctx() { services }: Context): number {
    return services.householdReads.daysOverdue(visit, services.householdReads.today());
  }

  @FieldResolver(() => [Person], { description: "Who made it: to the holding organisation's members; empty to everyone else." })
  visitors(@Root() visit: HouseholdVisit, @Ctx() { loaders, services, viewer }: Context): Promise<Person[]> {
    return services.householdReads.people(viewer, loaders, visit.householdId, "visitors", visit.visitorPersonIds);
  }

  @FieldResolver(() => String, { nullable: true, description: "What it found: to the holding organisation's members; \"***\" to its keys; null to everyone else." })
  findings(@Root() visit: HouseholdVisit, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    return services.householdReads.text(viewer, loaders, visit.householdId, "findings", visit.findings);
  }

  @FieldResolver(() => String, { nullable: true, description: "The follow-up agreed, shown as findings are." })
  followUp(@Root() visit: HouseholdVisit, @Ctx() { loaders, services, viewer }: Context): Promise<string | null> {
    return services.householdReads.text(viewer, loaders, visit.householdId, "findings", visit.followUp);
  }

  @FieldResolver(() => ResidentRequest, { nullable: true, description: "The resident's request its findings opened, to those who read that request." })
  request(@Root() visit: HouseholdVisit, @Ctx() { loaders, services, viewer }: Context): Promise<ResidentRequest | null> {
    return visit.requestId ? services.requestReads.findVisible(viewer, loaders, visit.requestId) : Promise.resolve(null);
  }
}
