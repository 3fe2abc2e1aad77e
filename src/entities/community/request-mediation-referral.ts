import { Field, ObjectType } from "type-graphql";
import { Column, Entity, PrimaryColumn } from "typeorm";

/** A resident's request referred to a people's mediation committee: the case it became. Once per request. */
@Entity("request_mediation_referral")
@ObjectType("RequestMediationReferral", { simpleResolvers: true, description: "Where a resident's request was referred for people's mediation, and when." })
export class RequestMediationReferral {
  @PrimaryColumn({ name: "request_id", type: "uuid" })
  requestId: string;

  @Column({ name: "case_id", type: "uuid" })
  caseId: string;

  @Column({ name: "committee_id", type: "uuid" })
  committeeId: string;

  @Field(() => Date, { description: "When it was referred." })
  @Column({ name: "referred_at", type: "timestamptz", precision: 3 })
  referredAt: Date;
}
