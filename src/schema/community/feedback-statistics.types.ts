import { Field, Float, Int, ObjectType } from "type-graphql";
import { FeedbackChannel, FeedbackSubjectKind } from "../../entities/community/feedback";
import { RequestCategory, RequestStatus } from "../../entities/community/resident-request";

@ObjectType("HourStatistics", { simpleResolvers: true, description: "Hours from a request's filing to a milestone, over the requests that reached it." })
export class HourStatistics {
  @Field(() => Int, { description: "Requests that reached the milestone." })
  count: number;

  @Field(() => Float, { nullable: true, description: "The median; null when none did." })
  median: number | null;

  @Field(() => Float, { nullable: true, description: "The 90th percentile; null when none did." })
  p90: number | null;
}

@ObjectType("RequestHandling", { simpleResolvers: true, description: "How a set of requests was handled." })
export class RequestHandling {
  @Field(() => Int, { description: "Requests filed." })
  requests: number;

  @Field(() => HourStatistics, { description: "To the first acceptance (by any handler, transfers included)." })
  hoursToAccept: HourStatistics;

  @Field(() => HourStatistics, { description: "To the latest resolution, over the requests RESOLVED or CLOSED now." })
  hoursToResolve: HourStatistics;

  @Field(() => Float, { nullable: true, description: "Share of the requests that passed a time limit (and were escalated) at some point; null without requests." })
  overdueShare: number | null;

  @Field(() => Float, { nullable: true, description: "Of the requests ever resolved, the share their requester reopened; null when none was resolved." })
  reopenRate: number | null;
}

@ObjectType("RequestCategoryHandling", { simpleResolvers: true, description: "How the requests of one category were handled." })
export class RequestCategoryHandling extends RequestHandling {
  @Field(() => RequestCategory, { description: "The category." })
  category: RequestCategory;
}

@ObjectType("RequestAreaHandling", { simpleResolvers: true, description: "How the requests of one community (its grids included) were handled." })
export class RequestAreaHandling extends RequestHandling {
  @Field(() => String, { description: "The community's code." })
  areaCode: string;
}

@ObjectType("RequestStatusCount", { simpleResolvers: true, description: "How many requests are in a status." })
export class RequestStatusCount {
  @Field(() => RequestStatus, { description: "The status, as it is now." })
  status: RequestStatus;

  @Field(() => Int, { description: "Requests in it." })
  count: number;
}

@ObjectType("RequestStatistics", {
  simpleResolvers: true,
  description: "Residents' requests filed in the area during the period (statuses as they are now): anonymised counts and times, for anyone; no request or requester is named.",
})
export class RequestStatistics {
  @Field(() => Int, { description: "Requests filed." })
  total: number;

  @Field(() => Int, { description: "Of them, open ones past a time limit now: the length of the supervisors' overdue list." })
  overdueNow: number;

  @Field(() => [RequestStatusCount], { description: "By status, in code order." })
  byStatus: RequestStatusCount[];

  @Field(() => RequestHandling, { description: "All of them." })
  overall: RequestHandling;

  @Field(() => [RequestCategoryHandling], { description: "By category, in code order; categories without requests are left out." })
  byCategory: RequestCategoryHandling[];

  @Field(() => [RequestAreaHandling], { description: "By community, in code order; grids count in their community." })
  byArea: RequestAreaHandling[];
}

@ObjectType("StarCount", { simpleResolvers: true, description: "How many ratings gave a number of stars." })
export class StarCount {
  @Field(() => Int, { description: "1 to 5." })
  stars: number;

  @Field(() => Int, { description: "Ratings." })
  count: number;
}

@ObjectType("FeedbackChannelCount", { simpleResolvers: true, description: "How many ratings came through a channel." })
export class FeedbackChannelCount {
  @Field(() => FeedbackChannel, { description: "The channel." })
  channel: FeedbackChannel;

  @Field(() => Int, { description: "Ratings." })
  count: number;
}

@ObjectType("SubjectKindSatisfaction", { simpleResolvers: true, description: "Ratings of one kind of thing." })
export class SubjectKindSatisfaction {
  @Field(() => FeedbackSubjectKind, { description: "What was rated." })
  subjectKind: FeedbackSubjectKind;

  @Field(() => Int, { description: "Ratings." })
  ratings: number;

  @Field(() => Float, { nullable: true, description: "Mean stars." })
  meanStars: number | null;
}

@ObjectType("CategorySatisfaction", { simpleResolvers: true, description: "Ratings of the requests of one category." })
export class CategorySatisfaction {
  @Field(() => RequestCategory, { description: "The requests' category." })
  category: RequestCategory;

  @Field(() => Int, { description: "Ratings." })
  ratings: number;

  @Field(() => Float, { nullable: true, description: "Mean stars." })
  meanStars: number | null;
}

@ObjectType("ServiceSatisfaction", { description: "Ratings of one service's sessions." })
export class ServiceSatisfaction {
  serviceId: string;

  @Field(() => Int, { description: "Ratings." })
  ratings: number;

  @Field(() => Float, { nullable: true, description: "Mean stars." })
  meanStars: number | null;
}

@ObjectType("AreaSatisfaction", { simpleResolvers: true, description: "Ratings of things in one community (its grids included)." })
export class AreaSatisfaction {
  @Field(() => String, { description: "The community's code." })
  areaCode: string;

  @Field(() => Int, { description: "Ratings." })
  ratings: number;

  @Field(() => Float, { nullable: true, description: "Mean stars." })
  meanStars: number | null;
}

@ObjectType("SatisfactionStatistics", {
  simpleResolvers: true,
  description:
    "Residents' ratings of the area's requests, service sessions and activities given (or last changed) during the period: counts and mean stars, for anyone; " +
    "no rating, comment or rater is shown.",
})
export class SatisfactionStatistics {
  @Field(() => Int, { description: "Ratings." })
  ratings: number;

  @Field(() => Float, { nullable: true, description: "Mean stars, 1 to 5; null without ratings." })
  meanStars: number | null;

  @Field(() => [StarCount], { description: "How many gave each number of stars; numbers nobody gave are left out." })
  byStars: StarCount[];

  @Field(() => [FeedbackChannelCount], { description: "By channel, in code order." })
  byChannel: FeedbackChannelCount[];

  @Field(() => [SubjectKindSatisfaction], { description: "By kind of thing rated, in code order." })
  bySubjectKind: SubjectKindSatisfaction[];

  @Field(() => [CategorySatisfaction], { description: "Ratings of requests, by the requests' category, in code order." })
  byCategory: CategorySatisfaction[];

  @Field(() => [ServiceSatisfaction], { description: "Ratings of service sessions, by service, most rated first." })
  byService: ServiceSatisfaction[];

  @Field(() => [AreaSatisfaction], { description: "By community, in code order." })
  byArea: AreaSatisfaction[];
}
