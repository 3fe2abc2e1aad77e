import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { Area } from "../entities/area";
import { Organization, OrganizationKind } from "../entities/organization";
import type { Context } from "../schema/context";
import {
  ActivityBucket,
  ActivityInterval,
  Contributor,
  Dashboard,
  NeedStatistics,
  OrganizationActivity,
  OrganizationIndicators,
  OrganizationKindCount,
  ProjectStatistics,
  VolunteerBucket,
  VolunteerStatistics,
} from "../schema/dashboard.types";
import { keyOf } from "../schema/global-id";
import { MediationStatistics } from "../schema/mediation/mediation.types";

@Resolver(() => Dashboard)
export class DashboardResolver {
  @Query(() => Dashboard, { description: "Figures for an area (and below) over [from, to), at most 366 days." })
  async dashboard(
    @Arg("areaCode", () => String, { description: "The area's hierarchical division code; the areas below it are included." }) areaCode: string,
    @Arg("from", () => Date, { description: "Start of the period, inclusive (UTC, ISO 8601)." }) from: Date,
    @Arg("to", () => Date, { description: "End of the period, exclusive (UTC, ISO 8601); at most 366 days after from." }) to: Date,
    @Ctx() { services }: Context,
  ): Promise<Dashboard> {
    return { areaCode, from, to, scope: await services.dashboards.scope(areaCode, from, to) };
  }

  @FieldResolver(() => Area, { description: "The area the figures cover (with the areas below it)." })
  area(@Root() dashboard: Dashboard, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(dashboard.areaCode);
  }

  @FieldResolver(() => NeedStatistics, { description: "Figures about the area's needs in the period." })
  async needs(@Root() { scope }: Dashboard, @Ctx() { services }: Context): Promise<NeedStatistics> {
    const figures = await services.dashboards.needFigures(scope);
    return {
      ...figures,
      byStatus: figures.byStatus.map(({ key, count }) => ({ status: key, count })),
      byCategory: figures.byCategory.map(({ key, count }) => ({ category: key, count })),
      byUrgency: figures.byUrgency.map(({ key, count }) => ({ urgency: key, count })),
    };
  }

  @FieldResolver(() => MediationStatistics, { description: "Anonymised counts of the mediation cases filed in the area in the period: the only view of mediation outside those involved." })
  async mediation(@Root() { scope }: Dashboard, @Ctx() { services }: Context): Promise<MediationStatistics> {
    const figures = await services.dashboards.mediationFigures(scope);
    return {
      ...figures,
      byCategory: figures.byCategory.map(({ key, count }) => ({ category: key, count })),
      byStatus: figures.byStatus.map(({ key, count }) => ({ status: key, count })),
      byArea: figures.byArea.map(({ key, count }) => ({ areaCode: key, count })),
    };
  }

  @FieldResolver(() => OrganizationActivity, { description: "The organisations active in the area in the period." })
  organizations(@Root() { scope }: Dashboard): OrganizationActivity {
    return { scope };
  }

  @FieldResolver(() => ProjectStatistics, { description: "Figures about the area's projects in the period." })
  async projects(@Root() { scope }: Dashboard, @Ctx() { services }: Context): Promise<ProjectStatistics> {
    const figures = await services.dashboards.projectFigures(scope);
    return {
      byStatus: figures.byStatus.map(({ key, count }) => ({ status: key, count })),
      byCategory: figures.byCategory.map(({ key, count }) => ({ category: key, count })),
    };
  }

  @FieldResolver(() => [ActivityBucket], { description: "Every day or week of the period, empty ones included." })
  timeSeries(
    @Root() { scope }: Dashboard,
    @Arg("interval", () => ActivityInterval, { defaultValue: ActivityInterval.DAY, description: "One point per day or per week." }) interval: ActivityInterval,
    @Arg("timeZone", () => String, { defaultValue: "UTC", description: "Where days begin: an IANA name such as Asia/Shanghai." }) timeZone: string,
    @Ctx() { services }: Context,
  ): Promise<ActivityBucket[]> {
    return services.dashboards.activitySeries(scope, interval === ActivityInterval.WEEK ? "week" : "day", timeZone);
  }

  @FieldResolver(() => VolunteerStatistics, { description: "Figures about volunteering in the area in the period." })
  volunteers(@Root() { scope }: Dashboard, @Ctx() { services }: Context): Promise<VolunteerStatistics> {
    return services.dashboards.volunteerTotals(scope);
  }

  @FieldResolver(() => [VolunteerBucket], { description: "Volunteer service and points over every day or week of the period, empty ones included." })
  volunteerSeries(
    @Root() { scope }: Dashboard,
    @Arg("interval", () => ActivityInterval, { defaultValue: ActivityInterval.DAY, description: "One point per day or per week." }) interval: ActivityInterval,
    @Arg("timeZone", () => String, { defaultValue: "UTC", description: "Where days begin: an IANA name such as Asia/Shanghai." }) timeZone: string,
    @Ctx() { services }: Context,
  ): Promise<VolunteerBucket[]> {
    return services.dashboards.volunteerSeries(scope, interval === ActivityInterval.WEEK ? "week" : "day", timeZone);
  }

  @Query(() => OrganizationIndicators, { description: "An organisation's evaluation indicators over [from, to), at most 366 days." })
  async organizationIndicators(
    @Arg("organizationId", () => ID, { description: "The global ID of the Organization." }) organizationId: string,
    @Arg("from", () => Date, { description: "Start of the period, inclusive (UTC, ISO 8601)." }) from: Date,
    @Arg("to", () => Date, { description: "End of the period, exclusive (UTC, ISO 8601); at most 366 days after from." }) to: Date,
    @Ctx() { services }: Context,
  ): Promise<OrganizationIndicators> {
    return services.dashboards.indicatorsOf(keyOf(organizationId, "Organization", "organizationId"), organizationId, from, to);
  }

  @Query(() => [OrganizationIndicators], { description: "The indicators of every organisation of one kind in an area (and below), by name: peers side by side." })
  async organizationIndicatorsByKind(
    @Arg("kind", () => OrganizationKind, { description: "The kind of organisation to compare." }) kind: OrganizationKind,
    @Arg("areaCode", () => String, { description: "The area's hierarchical division code; organisations in it and the areas below it count." }) areaCode: string,
    @Arg("from", () => Date, { description: "Start of the period, inclusive (UTC, ISO 8601)." }) from: Date,
    @Arg("to", () => Date, { description: "End of the period, exclusive (UTC, ISO 8601)." }) to: Date,
    @Ctx() { services }: Context,
  ): Promise<OrganizationIndicators[]> {
    return services.dashboards.indicators(await services.dashboards.peers(kind, areaCode), from, to);
  }
}

@Resolver(() => OrganizationActivity)
export class OrganizationActivityResolver {
  @FieldResolver(() => [OrganizationKindCount], { description: "Active organisations by kind." })
  async activeByKind(@Root() { scope }: OrganizationActivity, @Ctx() { services }: Context): Promise<OrganizationKindCount[]> {
    return (await services.dashboards.activeOrganizations(scope)).map(({ key, count }) => ({ kind: key, count }));
  }

  @FieldResolver(() => [Contributor], { description: "Who delivered most: by deliveries, then quantity." })
  topContributors(
    @Root() { scope }: OrganizationActivity,
    @Arg("first", () => Int, { defaultValue: 10, description: "1 to 50." }) first: number,
    @Ctx() { services }: Context,
  ): Promise<Contributor[]> {
    return services.dashboards.topContributors(scope, first);
  }
}

@Resolver(() => Contributor)
export class ContributorResolver {
  @FieldResolver(() => Organization, { description: "The contributing organisation." })
  organization(@Root() contributor: Contributor, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(contributor.organizationId);
  }
}

@Resolver(() => OrganizationIndicators)
export class OrganizationIndicatorsResolver {
  @FieldResolver(() => Organization, { description: "The organisation measured." })
  organization(@Root() indicators: OrganizationIndicators, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(indicators.organizationId);
  }
}
