import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Feedback, FeedbackChannel, FeedbackSubjectKind } from "../../entities/community/feedback";
import { Connection } from "../connection";
import { MutationInput } from "../mutation-input";
import { Payload } from "../user-error";

export const FeedbackConnection = Connection("Feedback", Feedback);
export type FeedbackConnection = InstanceType<typeof FeedbackConnection>;

@InputType("GiveFeedbackInput", {
  description:
    "A rating of exactly one thing: a request (requestId), a service session (serviceId and sessionDate) or an activity (activityId). " +
    "ONLINE: the resident, signed in, without actingOrganizationId. QUESTIONNAIRE, MEETING, PHONE: a member of the rated organisation enters it (actingOrganizationId).",
})
export class GiveFeedbackInput extends MutationInput {
  @Field(() => ID, { nullable: true, description: "Entering an offline rating: the rated organisation, which you are a member of. Leave out when rating yourself online." })
  actingOrganizationId?: string | null;

  @Field(() => ID, { nullable: true, description: "Entering a rating of a session or an activity: the resident who gave it, a person who consented to the acting organisation. Not for requests (their requester rates)." })
  onBehalfOfPersonId?: string | null;

  @Field(() => ID, { nullable: true, description: "A request, RESOLVED or CLOSED: online only its requester rates it; offline its handler's staff enter the requester's rating." })
  requestId?: string | null;

  @Field(() => ID, { nullable: true, description: "A service of the directory (public, or the acting organisation's own); with sessionDate." })
  serviceId?: string | null;

  @Field(() => String, { nullable: true, description: "The date of the session rated, YYYY-MM-DD: a day one of the service's schedules held, today or before (in the schedule's time zone)." })
  sessionDate?: string | null;

  @Field(() => ID, { nullable: true, description: "An activity that has taken place: COMPLETED, or PUBLISHED with a shift already started." })
  activityId?: string | null;

  @Field(() => Int, { description: "1 (very dissatisfied) to 5 (very satisfied)." })
  stars: number;

  @Field(() => String, { nullable: true, description: "In the resident's words, up to 1,000 characters: read only by the rater and the rated organisation's members." })
  comment?: string | null;

  @Field(() => FeedbackChannel, { description: "ONLINE when the resident rates themself; otherwise how the rated organisation's staff heard it." })
  channel: FeedbackChannel;
}

export const GiveFeedbackPayload = Payload("GiveFeedbackPayload", "feedback", Feedback);

@InputType("FeedbackFilter", { description: "Every field narrows the ratings an organisation received." })
export class FeedbackFilterInput {
  @Field(() => [FeedbackSubjectKind], { nullable: true, description: "Only ratings of these kinds of things." })
  subjectKinds?: FeedbackSubjectKind[] | null;

  @Field(() => ID, { nullable: true, description: "Only the rating of this request." })
  requestId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only ratings of this service's sessions." })
  serviceId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only ratings of this activity." })
  activityId?: string | null;
}

@ObjectType("FeedbackEvent", { simpleResolvers: true, description: "A rating given or changed, at its place in the event stream." })
export class FeedbackEvent {
  @Field(() => String, { description: "Pass as `after` to resume right after this event." })
  cursor: string;

  @Field(() => Boolean, { description: "True when the rater changed an earlier rating of the same thing." })
  changed: boolean;

  @Field(() => Feedback, { nullable: true, description: "The rating as it is now; null when you no longer read it." })
  feedback: Feedback | null;
}

@InputType("FeedbackSubscriptionFilter", { description: "Narrows the ratings followed." })
export class FeedbackSubscriptionFilter {
  @Field(() => ID, { nullable: true, description: "Ratings of this organisation (one of yours); all of yours when left out." })
  organizationId?: string | null;
}
