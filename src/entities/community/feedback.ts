import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";
import { RequestCategory } from "./resident-request";

/** What a rating is about. */
export enum FeedbackSubjectKind {
  REQUEST = "REQUEST",
  SERVICE_SESSION = "SERVICE_SESSION",
  ACTIVITY = "ACTIVITY",
}
registerEnumType(FeedbackSubjectKind, {
  name: "FeedbackSubjectKind",
  description: "What a rating is about.",
  valuesConfig: {
    REQUEST: { description: "A resident's request, once RESOLVED or CLOSED: rated by its requester; the handling organisation is rated." },
    SERVICE_SESSION: { description: "A service of the directory on one date it was held: the offering organisation is rated." },
    ACTIVITY: { description: "An activity that has taken place: its organiser is rated." },
  },
});

/** How the rating reached Cogov. */
export enum FeedbackChannel {
  ONLINE = "ONLINE",
  QUESTIONNAIRE = "QUESTIONNAIRE",
  MEETING = "MEETING",
  PHONE = "PHONE",
}
registerEnumType(FeedbackChannel, {
  name: "FeedbackChannel",
  description: "How a rating reached Cogov: the resident online, or the rated organisation's staff entering what the resident said offline.",
  valuesConfig: {
    ONLINE: { description: "Given by the resident themself, signed in." },
    QUESTIONNAIRE: { description: "From a paper questionnaire, entered by the rated organisation's staff." },
    MEETING: { description: "Said at a residents' meeting, entered by the rated organisation's staff." },
    PHONE: { description: "Said on a return call, entered by the rated organisation's staff." },
  },
});

/** A resident's rating (1–5 stars) of a request's handling, a service session or an activity: one per rater and thing, changed by rating again. */
@Entity("feedback")
@ObjectType("Feedback", {
  implements: Node,
  simpleResolvers: true,
  description:
    "A resident's rating of a resolved request, a service session or an activity: 1 to 5 stars, a comment, the channel. Read by the rater and the rated organisation " +
    "(its members read the comment, its keys do not); never names the rater to the organisation. Everyone else reads the figures only (dashboard `satisfaction`).",
})
export class Feedback {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => FeedbackSubjectKind, { description: "What is rated; the matching one of request, service (with sessionDate) and activity is set." })
  @Column({ name: "subject_kind", type: "varchar", length: 16 })
  subjectKind: FeedbackSubjectKind;

  @Column({ name: "request_id", type: "uuid", nullable: true })
  requestId: string | null;

  @Column({ name: "service_id", type: "uuid", nullable: true })
  serviceId: string | null;

  @Field(() => String, { nullable: true, description: "The date of the service session rated (YYYY-MM-DD, in the schedule's time zone); null for other subjects." })
  @Column({ name: "session_date", type: "date", nullable: true })
  sessionDate: string | null;

  @Column({ name: "activity_id", type: "uuid", nullable: true })
  activityId: string | null;

  /** The organisation rated: the request's handler when rated, the service's provider, the activity's organiser. */
  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  /** Where the rated thing happened, for the figures by area: the request's area, the session's location, the activity's area. */
  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  /** The request's category, for the figures by category; null for sessions and activities. */
  @Column({ type: "varchar", length: 24, nullable: true })
  category: RequestCategory | null;

  /** Who rated: the requester (null for an anonymous request rated by phone), or the resident rating a session or activity. */
  @Column({ name: "rater_person_id", type: "uuid", nullable: true })
  raterPersonId: string | null;

  @Field(() => Int, { description: "1 (very dissatisfied) to 5 (very satisfied)." })
  @Column({ type: "smallint" })
  stars: number;

  /** The rater's words: personal text, shown by the rules of auth/feedback-privacy.ts. Erased with the person. */
  @Column({ type: "text", nullable: true })
  comment: string | null;

  @Field(() => FeedbackChannel, { description: "How the rating came: ONLINE from the resident, or entered by the rated organisation's staff." })
  @Column({ type: "varchar", length: 16 })
  channel: FeedbackChannel;

  /** The organisation whose staff entered an offline rating; null online. */
  @Column({ name: "entered_by_organization_id", type: "uuid", nullable: true })
  enteredByOrganizationId: string | null;

  @Field(() => Date, { description: "When the rating was given, or last changed: the figures count it in that period." })
  @Column({ name: "rated_at", type: "timestamptz", precision: 3 })
  ratedAt: Date;

  @Field(() => Date, { description: "When the rater first rated this thing." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
