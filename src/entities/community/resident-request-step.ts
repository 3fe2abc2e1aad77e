import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";
import { RequestStatus } from "./resident-request";

/** What a step of a request's history did. */
export enum RequestStepKind {
  FILED = "FILED",
  STATUS_CHANGED = "STATUS_CHANGED",
  ESCALATED = "ESCALATED",
  LINKED = "LINKED",
  REFERRED = "REFERRED",
}
registerEnumType(RequestStepKind, {
  name: "RequestStepKind",
  description: "What kind of step a resident's request took.",
  valuesConfig: {
    FILED: { description: "Filed and routed." },
    STATUS_CHANGED: { description: "Moved along the lifecycle (accepted, assigned, transferred, resolved…)." },
    ESCALATED: { description: "A time limit passed: the street's (then the district's) organisation was told." },
    LINKED: { description: "Linked to a project, or a need was posted from it." },
    REFERRED: { description: "Referred to a people's mediation committee, which took it up as a mediation case." },
  },
});

/** One step of a request's history: never changed, only added to. */
@Entity("resident_request_step")
@ObjectType("ResidentRequestStep", { simpleResolvers: true, description: "One step of a request's history: what happened, who did it, and why." })
export class ResidentRequestStep {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "request_id", type: "uuid" })
  requestId: string;

  @Field(() => RequestStepKind, { description: "What happened in this step." })
  @Column({ type: "varchar", length: 16 })
  kind: RequestStepKind;

  @Field(() => RequestStatus, { nullable: true, description: "The status before the step; null when filed." })
  @Column({ name: "from_status", type: "varchar", length: 16, nullable: true })
  fromStatus: RequestStatus | null;

  @Field(() => RequestStatus, { description: "The status after the step." })
  @Column({ name: "to_status", type: "varchar", length: 16 })
  toStatus: RequestStatus;

  /** Who handled the request after the step (a transfer changes it; an escalation names the supervisor in `organizationId`). */
  @Column({ name: "handling_organization_id", type: "uuid" })
  handlingOrganizationId: string;

  /** The organisation that acted (or, for an escalation, was escalated to); null for a resident acting for themself or the sweep. */
  @Column({ name: "organization_id", type: "uuid", nullable: true })
  organizationId: string | null;

  /** The account that acted; null for anonymous requesters and the sweep. Not shown: staff are named by their organisation. */
  @Column({ name: "actor_user_id", type: "uuid", nullable: true })
  actorUserId: string | null;

  @Field(() => String, { nullable: true, description: "Why: required to reject, transfer and reopen." })
  @Column({ type: "text", nullable: true })
  reason: string | null;

  @Field(() => Date, { description: "When the step happened (UTC, ISO 8601)." })
  @Column({ name: "occurred_at", type: "timestamptz", precision: 3 })
  occurredAt: Date;
}
