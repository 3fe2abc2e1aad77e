import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Dashboard, OrganizationIndicators } from "../../schema/dashboard.types";
import { CouncilStatistics } from "../../schema/community/council-figures.types";
import type { Context } from "../../schema/context";

@Resolver(() => Dashboard)
export class DashboardCouncilResolver {
  @FieldResolver(() => CouncilStatistics, { description: "The councils of the area and below: proposals submitted and decided, sittings' attendance and quorum, days to decide. Anyone." })
  council(@Root() { scope }: Dashboard, @Ctx() { services }: Context): Promise<CouncilStatistics> {
    return services.councilFigures.ofArea(scope);
  }
}

@Resolver(() => OrganizationIndicators)
export class IndicatorsCouncilResolver {
  @FieldResolver(() => CouncilStatistics, { description: "The councils the organisation convenes (a Party organisation), as dashboard.council counts them; all zero for others." })
  council(@Root() indicators: OrganizationIndicators, @Ctx() { loaders }: Context): Promise<CouncilStatistics> {
    return loaders.councilFiguresOfConvener({ from: indicators.from, to: indicators.to }).load(indicators.organizationId);
  }
}
