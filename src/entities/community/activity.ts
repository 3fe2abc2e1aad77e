import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

export enum ActivityKind {
  VOLUNTEER_SERVICE = "VOLUNTEER_SERVICE",
  CULTURAL = "CULTURAL",
  PARTY_EDUCATION = "PARTY_EDUCATION",
  HEALTH_TALK = "HEALTH_TALK",
  LEGAL_EDUCATION = "LEGAL_EDUCATION",
  ENVIRONMENT = "ENVIRONMENT",
  SPORTS = "SPORTS",
  OTHER = "OTHER",
}
registerEnumType(ActivityKind, {
  name: "ActivityKind",
  description: "What kind of community activity it is.",
  valuesConfig: {
    VOLUNTEER_SERVICE: { description: "Volunteer service (志願服務), such as a Party members' service day." },
    CULTURAL: { description: "A cultural event (文藝匯演)." },
    PARTY_EDUCATION: { description: "Party education (黨員教育)." },
    HEALTH_TALK: { description: "A health talk (健康講座)." },
    LEGAL_EDUCATION: { description: "Legal education (普法宣傳)." },
    ENVIRONMENT: { description: "A clean-up or greening (環境整治)." },
    SPORTS: { description: "Sports (文體活動)." },
    OTHER: { description: "Anything else." },
  },
});

/** The lifecycle's states; services/community/activity-lifecycle.ts says which step may follow which. */
export enum ActivityStatus {
  DRAFT = "DRAFT",
  PUBLISHED = "PUBLISHED",
  COMPLETED = "COMPLETED",
  CANCELLED = "CANCELLED",
}
registerEnumType(ActivityStatus, {
  name: "ActivityStatus",
  description: "Where an activity is in its life.",
  valuesConfig: {
    DRAFT: { description: "Being prepared; seen by the organiser's members only." },
    PUBLISHED: { description: "Open to sign-ups." },
    COMPLETED: { description: "Held; hours may still be recorded and verified." },
    CANCELLED: { description: "Called off." },
  },
});

/** An activity an organisation holds, optionally within a project; people sign up to its shifts. */
@Entity("activity")
@ObjectType("Activity", { implements: Node, simpleResolvers: true, description: "An activity an organisation holds (a service day, a health talk, a clean-up), with shifts people sign up to." })
@Directive(`@key(fields: "id")`)
export class Activity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** The organiser. */
  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Column({ name: "project_id", type: "uuid", nullable: true })
  projectId: string | null;

  /** A VOLUNTEERS need of the project: the activity's confirmed sign-ups count as pledged toward it (services/need-figures.ts). */
  @Column({ name: "need_id", type: "uuid", nullable: true })
  needId: string | null;

  @Field(() => ActivityKind, { description: "What kind of activity it is." })
  @Column({ type: "varchar", length: 24 })
  kind: ActivityKind;

  @Field(() => String, { description: "The activity's title." })
  @Column({ type: "varchar", length: 200 })
  title: string;

  @Field(() => String, { nullable: true, description: "What the activity is about, in more words; null when not given." })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Field(() => String, { nullable: true, description: "Where it is held, e.g. 青杠林社區黨群服務中心." })
  @Column({ type: "varchar", length: 300, nullable: true })
  place: string | null;

  @Field(() => ActivityStatus, { description: "Where the activity is in its life (DRAFT to COMPLETED or CANCELLED)." })
  @Column({ type: "varchar", length: 16 })
  status: ActivityStatus;

  @Field(() => Date, { description: "When the activity was created (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
