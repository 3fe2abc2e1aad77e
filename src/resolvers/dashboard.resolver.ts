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
    @Arg("areaCode", () => String) areaCode: string,
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
    @Ctx() { services }: Context,
  ): Promise<Dashboard> {
    return { areaCode, from, to, scope: await services.dashboards.scope(areaCode, from, to) };
  }

  @FieldResolver(() => Area)
  area(@Root() dashboard: Dashboard, @Ctx() { loaders }: Context): Promise<Area | null> {
    return loaders.areaByCode.load(dashboard.areaCode);
  }

  @FieldResolver(() => NeedStatistics)
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

  @FieldResolver(() => OrganizationActivity)
  organizations(@Root() { scope }: Dashboard): OrganizationActivity {
    return { scope };
  }

  @FieldResolver(() => ProjectStatistics)
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
    @Arg("interval", () => ActivityInterval, { defaultValue: ActivityInterval.DAY }) interval: ActivityInterval,
    @Arg("timeZone", () => String, { defaultValue: "UTC", description: "Where days begin: an IANA name such as Asia/Shanghai." }) timeZone: string,
    @Ctx() { services }: Context,
  ): Promise<ActivityBucket[]> {
    return services.dashboards.activitySeries(scope, interval === ActivityInterval.WEEK ? "week" : "day", timeZone);
  }

  @FieldResolver(() => VolunteerStatistics)
  volunteers(@Root() { scope }: Dashboard, @Ctx() { services }: Context): Promise<VolunteerStatistics> {
    return services.dashboards.volunteerTotals(scope);
  }

  @FieldResolver(() => [VolunteerBucket], { description: "Volunteer service and points over every day or week of the period, empty ones included." })
  volunteerSeries(
    @Root() { scope }: Dashboard,
    @Arg("interval", () => ActivityInterval, { defaultValue: ActivityInterval.DAY }) interval: ActivityInterval,
    @Arg("timeZone", () => String, { defaultValue: "UTC", description: "Where days begin: an IANA name such as Asia/Shanghai." }) timeZone: string,
    @Ctx() { services }: Context,
  ): Promise<VolunteerBucket[]> {
    return services.dashboards.volunteerSeries(scope, interval === ActivityInterval.WEEK ? "week" : "day", timeZone);
  }

  @Query(() => OrganizationIndicators, { description: "An organisation's evaluation indicators over [from, to), at most 366 days." })
  async organizationIndicators(
    @Arg("organizationId", () => ID) organizationId: string,
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
    @Ctx() { services }: Context,
  ): Promise<OrganizationIndicators> {
    return services.dashboards.indicatorsOf(keyOf(organizationId, "Organization", "organizationId"), organizationId, from, to);
  }

  @Query(() => [OrganizationIndicators], { description: "The indicators of every organisation of one kind in an area (and below), by name: peers side by side." })
  async organizationIndicatorsByKind(
    @Arg("kind", () => OrganizationKind) kind: OrganizationKind,
    @Arg("areaCode", () => String) areaCode: string,
    @Arg("from", () => Date) from: Date,
    @Arg("to", () => Date) to: Date,
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
  @FieldResolver(() => Organization)
  organization(@Root() contributor: Contributor, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(contributor.organizationId);
  }
}

@Resolver(() => OrganizationIndicators)
export class OrganizationIndicatorsResolver {
  @FieldResolver(() => Organization)
  organization(@Root() indicators: OrganizationIndicators, @Ctx() { loaders }: Context): Promise<Organization | null> {
    return loaders.organization.load(indicators.organizationId);
  }
}
