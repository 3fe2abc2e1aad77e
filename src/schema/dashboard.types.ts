import { Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { ActivityKind } from "../entities/community/activity";
import { OrganizationKind } from "../entities/organization";
import { ProjectCategory, ProjectStatus } from "../entities/project";
import { NeedCategory, NeedStatus, Urgency } from "../entities/resource-need";
import type { Scope } from "../services/dashboard.service";

export enum ActivityInterval {
  DAY = "DAY",
  WEEK = "WEEK",
}
registerEnumType(ActivityInterval, {
  name: "ActivityInterval",
  description: "Bucket size of a time series; weeks start on Monday.",
  valuesConfig: {
    DAY: { description: "One point per day, from midnight in the series' time zone." },
    WEEK: { description: "One point per week, from Monday midnight in the series' time zone." },
  },
});

@ObjectType("Dashboard", { description: "Figures for an area and everything below it over [from, to); each block is computed only when asked for. Needs and projects in DRAFT are never counted." })
export class Dashboard {
  @Field(() => String, { description: "The area's hierarchical division code, as asked for." })
  areaCode: string;

  @Field(() => Date, { description: "Start of the period, inclusive (UTC, ISO 8601), as asked for." })
  from: Date;

  @Field(() => Date, { description: "Exclusive." })
  to: Date;

  scope: Scope;
}

@ObjectType("NeedStatusCount", { simpleResolvers: true, description: "How many needs have one status." })
export class NeedStatusCount {
  @Field(() => NeedStatus, { description: "The status." })
  status: NeedStatus;

  @Field(() => Int, { description: "How many needs have it." })
  count: number;
}

@ObjectType("NeedCategoryCount", { simpleResolvers: true, description: "How many needs have one category." })
export class NeedCategoryCount {
  @Field(() => NeedCategory, { description: "The category." })
  category: NeedCategory;

  @Field(() => Int, { description: "How many needs have it." })
  count: number;
}

@ObjectType("UrgencyCount", { simpleResolvers: true, description: "How many needs have one urgency." })
export class UrgencyCount {
  @Field(() => Urgency, { description: "The urgency." })
  urgency: Urgency;

  @Field(() => Int, { description: "How many needs have it." })
  count: number;
}

@ObjectType("DurationStatistics", { simpleResolvers: true, description: "Seconds from a need's posting to a status, over the needs that reached it." })
export class DurationStatistics {
  @Field(() => Int, { description: "Needs that reached the status." })
  count: number;

  @Field(() => Float, { nullable: true, description: "The median, in seconds; null when no need reached the status." })
  medianSeconds: number | null;

  @Field(() => Float, { nullable: true, description: "90th percentile." })
  p90Seconds: number | null;
}

@ObjectType("NeedStatistics", { simpleResolvers: true, description: "Needs posted in the area during the period." })
export class NeedStatistics {
  @Field(() => Int, { description: "All needs counted." })
  total: number;

  @Field(() => [NeedStatusCount], { description: "Status as it is now." })
  byStatus: NeedStatusCount[];

  @Field(() => [NeedCategoryCount], { description: "Needs by category." })
  byCategory: NeedCategoryCount[];

  @Field(() => [UrgencyCount], { description: "Needs by urgency." })
  byUrgency: UrgencyCount[];

  @Field(() => Int, { description: "CRITICAL needs still OPEN or PARTIALLY_PLEDGED." })
  openCritical: number;

  @Field(() => Float, { nullable: true, description: "Mean of accepted ÷ needed per need (units differ between needs, so each need weighs the same); null without needs." })
  fillRate: number | null;

  @Field(() => Float, { nullable: true, description: "Mean of delivered ÷ needed per need." })
  deliveryRate: number | null;

  @Field(() => DurationStatistics, { description: "To the first time accepted pledges covered the need (FULLY_PLEDGED, or FULFILLED directly)." })
  timeToFullyPledged: DurationStatistics;

  @Field(() => DurationStatistics, { description: "To FULFILLED." })
  timeToFulfilled: DurationStatistics;
}

@ObjectType("OrganizationKindCount", { simpleResolvers: true, description: "How many organisations are of one kind." })
export class OrganizationKindCount {
  @Field(() => OrganizationKind, { description: "The kind." })
  kind: OrganizationKind;

  @Field(() => Int, { description: "How many organisations are of it." })
  count: number;
}

@ObjectType("Contributor", { description: "What an organisation delivered in the area during the period." })
export class Contributor {
  organizationId: string;

  @Field(() => Int, { description: "Deliveries recorded." })
  deliveries: number;

  @Field(() => Float, { description: "Sum of the quantities delivered, whatever their units." })
  deliveredQuantity: number;

  @Field(() => Int, { description: "Distinct needs delivered to." })
  needsServed: number;
}

@ObjectType("OrganizationActivity", { description: "Organisations that posted a need, pledged or delivered in the area during the period." })
export class OrganizationActivity {
  scope: Scope;
}

@ObjectType("ProjectStatusCount", { simpleResolvers: true, description: "How many projects have one status." })
export class ProjectStatusCount {
  @Field(() => ProjectStatus, { description: "The status." })
  status: ProjectStatus;

  @Field(() => Int, { description: "How many projects have it." })
  count: number;
}

@ObjectType("ProjectCategoryCount", { simpleResolvers: true, description: "How many projects have one category." })
export class ProjectCategoryCount {
  @Field(() => ProjectCategory, { description: "The category." })
  category: ProjectCategory;

  @Field(() => Int, { description: "How many projects have it." })
  count: number;
}

@ObjectType("ProjectStatistics", { simpleResolvers: true, description: "Projects of the area created during the period." })
export class ProjectStatistics {
  @Field(() => [ProjectStatusCount], { description: "Status as it is now." })
  byStatus: ProjectStatusCount[];

  @Field(() => [ProjectCategoryCount], { description: "Projects by category." })
  byCategory: ProjectCategoryCount[];
}

@ObjectType("ActivityBucket", { simpleResolvers: true, description: "One day or week of a dashboard's activity series." })
export class ActivityBucket {
  @Field(() => Date, { description: "Start of the day or week in the series' time zone." })
  start: Date;

  @Field(() => Int, { description: "Needs posted in the area." })
  needsPosted: number;

  @Field(() => Int, { description: "Pledges made to the area's needs." })
  pledgesMade: number;

  @Field(() => Int, { description: "Deliveries recorded for the area's needs." })
  deliveries: number;
}

@ObjectType("VolunteerKindStatistics", { simpleResolvers: true, description: "Verified service in activities of one kind." })
export class VolunteerKindStatistics {
  @Field(() => ActivityKind, { description: "The activity kind." })
  kind: ActivityKind;

  @Field(() => Int, { description: "Distinct people with verified hours." })
  activeVolunteers: number;

  @Field(() => Float, { description: "Verified hours." })
  hoursServed: number;

  @Field(() => Int, { description: "Points those hours earned, less any reversed." })
  pointsEarned: number;
}

@ObjectType("VolunteerStatistics", {
  simpleResolvers: true,
  description:
    "Volunteer service in the area during the period: verified hours on shifts that started in it (activities of DRAFT projects not counted), the points they earned, " +
    "and rewards redeemed at the area's organisations. Aggregates only: no person is named or counted alone.",
})
export class VolunteerStatistics {
  @Field(() => Int, { description: "Distinct people with verified hours." })
  activeVolunteers: number;

  @Field(() => Float, { description: "Verified hours." })
  hoursServed: number;

  @Field(() => Int, { description: "Sign-ups whose hours were verified." })
  servicesVerified: number;

  @Field(() => Int, { description: "Points the verified hours earned, less any reversed." })
  pointsEarned: number;

  @Field(() => Int, { description: "Points spent on rewards redeemed during the period, less any reversed." })
  pointsRedeemed: number;

  @Field(() => Int, { description: "Rewards redeemed during the period, less any reversed." })
  redemptions: number;

  @Field(() => [VolunteerKindStatistics], { description: "By activity kind, in code order; kinds without verified service are left out." })
  byKind: VolunteerKindStatistics[];
}

@ObjectType("VolunteerBucket", { simpleResolvers: true, description: "One day or week of a dashboard's volunteer series." })
export class VolunteerBucket {
  @Field(() => Date, { description: "Start of the day or week in the series' time zone." })
  start: Date;

  @Field(() => Int, { description: "Distinct people with verified hours on shifts that started in the bucket." })
  activeVolunteers: number;

  @Field(() => Float, { description: "Verified hours on shifts that started in the bucket." })
  hoursServed: number;

  @Field(() => Int, { description: "Points those hours earned." })
  pointsEarned: number;

  @Field(() => Int, { description: "Points spent on rewards redeemed in the bucket." })
  pointsRedeemed: number;
}

@ObjectType("OrganizationIndicators", { description: "How an organisation did over [from, to), to compare it with others of its kind." })
export class OrganizationIndicators {
  organizationId: string;

  /** The period the indicators cover, for the blocks computed on their own (council). */
  from: Date;

  to: Date;

  @Field(() => Int, { description: "Projects it leads, created in the period (past DRAFT)." })
  projectsLed: number;

  @Field(() => Int, { description: "Projects it joined as partner, sponsor or supporter, invited in the period." })
  projectsJoined: number;

  @Field(() => Int, { description: "Needs the organisation posted in the period." })
  needsPosted: number;

  @Field(() => Int, { description: "Of the needs posted, those now FULLY_PLEDGED or FULFILLED." })
  needsFilled: number;

  @Field(() => Int, { description: "Pledges the organisation made in the period." })
  pledgesMade: number;

  @Field(() => Int, { description: "Of the pledges made, those DELIVERED." })
  pledgesDelivered: number;

  @Field(() => Float, {
    nullable: true,
    description: "Of the pledges delivered, the share whose last delivery came by the promised date (or the need's deadline when none was promised); null when none was delivered.",
  })
  onTimeDeliveryRate: number | null;

  @Field(() => Float, { description: "Verified volunteer hours on shifts of its activities that started in the period." })
  hoursOrganized: number;

  @Field(() => Int, { description: "Distinct people whose verified hours those are." })
  volunteersEngaged: number;

  @Field(() => Int, { description: "Mediation cases the organisation (a mediation committee) concluded in the period, with or without agreement." })
  mediationCasesHandled: number;

  @Field(() => Float, { nullable: true, description: "Of the mediation cases handled, the share that reached AGREEMENT; null when none was handled." })
  mediationAgreementRate: number | null;

  @Field(() => Float, { nullable: true, description: "Median days from filing to conclusion of the mediation cases handled; null when none was." })
  mediationMedianDaysToClose: number | null;

  @Field(() => Int, { description: "Residents' requests it handles now that were filed in the period." })
  requestsHandled: number;

  @Field(() => Float, { nullable: true, description: "Median hours from filing to first acceptance of those requests; null when none was accepted." })
  medianHoursToAccept: number | null;

  @Field(() => Float, { nullable: true, description: "90th percentile of the hours to first acceptance." })
  p90HoursToAccept: number | null;

  @Field(() => Float, { nullable: true, description: "Median hours from filing to the latest resolution, over those RESOLVED or CLOSED now; null when none is." })
  medianHoursToResolve: number | null;

  @Field(() => Float, { nullable: true, description: "90th percentile of the hours to resolution." })
  p90HoursToResolve: number | null;

  @Field(() => Float, { nullable: true, description: "Share of those requests that passed a time limit at some point; null without requests." })
  overdueShare: number | null;

  @Field(() => Float, { nullable: true, description: "Of those requests ever resolved, the share their requester reopened; null when none was resolved." })
  reopenRate: number | null;

  @Field(() => Int, { description: "Residents' ratings it received in the period (of requests, service sessions and activities)." })
  ratingsReceived: number;

  @Field(() => Float, { nullable: true, description: "Their mean stars, 1 to 5; null without ratings." })
  meanStars: number | null;
}
