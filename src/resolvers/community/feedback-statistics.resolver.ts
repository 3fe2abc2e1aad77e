import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Service } from "../../entities/community/service";
import type { Context } from "../../schema/context";
import { Dashboard } from "../../schema/dashboard.types";
import { RequestStatistics, SatisfactionStatistics, ServiceSatisfaction } from "../../schema/community/feedback-statistics.types";

@Resolver(() => Dashboard)
export class DashboardRequestsResolver {
  @FieldResolver(() => RequestStatistics, { description: "Residents' requests filed in the area during the period: counts, times to accept and resolve, overdue share, reopen rate. Anonymised, for anyone." })
  async requests(@Root() { scope }: Dashboard, @Ctx() { services }: Context): Promise<RequestStatistics> {
    const figures = await services.dashboards.requestFigures(scope);
    return { ...figures, byStatus: figures.byStatus.map(({ key, count }) => ({ status: key, count })) };
  }

  @FieldResolver(() => SatisfactionStatistics, { description: "Residents' ratings of the area's requests, service sessions and activities during the period: counts and mean stars. Anonymised, for anyone." })
  satisfaction(@Root() { scope }: Dashboard, @Ctx() { services }: Context): Promise<SatisfactionStatistics> {
    return services.dashboards.satisfactionFigures(scope);
  }
}

@Resolver(() => ServiceSatisfaction)
export class ServiceSatisfactionResolver {
  @FieldResolver(() => Service, { nullable: true, description: "The service, if you may see it (a withdrawn service shows as null to the public)." })
  service(@Root() figures: ServiceSatisfaction, @Ctx() { loaders, services, viewer }: Context): Promise<Service | null> {
    return services.directory.findVisible(viewer, loaders, figures.serviceId);
  }
}
