import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";
import { Urgency } from "../resource-need";
import { SERVICE_CATEGORY_VALUES, ServiceCategory } from "./service";

/** What a request is about: the service categories and the everyday troubles of a neighbourhood. */
export enum RequestCategory {
  MEDICAL = "MEDICAL",
  LEGAL_AID = "LEGAL_AID",
  EMPLOYMENT = "EMPLOYMENT",
  ELDER_CARE = "ELDER_CARE",
  DISABILITY_SUPPORT = "DISABILITY_SUPPORT",
  CHILD_CARE = "CHILD_CARE",
  PSYCHOLOGICAL_SUPPORT = "PSYCHOLOGICAL_SUPPORT",
  CULTURAL = "CULTURAL",
  ENVIRONMENT = "ENVIRONMENT",
  SAFETY = "SAFETY",
  NEIGHBOURHOOD_DISPUTE = "NEIGHBOURHOOD_DISPUTE",
  PROPERTY_MANAGEMENT = "PROPERTY_MANAGEMENT",
  INFRASTRUCTURE = "INFRASTRUCTURE",
  OTHER = "OTHER",
}
// Every service category is a request category too: a resident asks for what the directory offers.
export const SERVICE_REQUEST_CATEGORIES: readonly RequestCategory[] = Object.values(ServiceCategory).map((category) => RequestCategory[category]);
registerEnumType(RequestCategory, {
  name: "RequestCategory",
  description: "The service categories (ServiceCategory), plus environment, safety, neighbourhood disputes, property management and infrastructure.",
  valuesConfig: {
    ...SERVICE_CATEGORY_VALUES,
    ENVIRONMENT: { description: "Rubbish, greenery, noise and smells (環境衛生)." },
    SAFETY: { description: "Hazards and public safety (安全隱患)." },
    NEIGHBOURHOOD_DISPUTE: { description: "A dispute between neighbours (鄰里糾紛)." },
    PROPERTY_MANAGEMENT: { description: "The estate's management: lifts, leaks, parking (物業管理)." },
    INFRASTRUCTURE: { description: "Roads, lights, water and drains (基礎設施)." },
  },
});

/** The lifecycle's states; services/community/requests/request-lifecycle.ts says which step may follow which. */
export enum RequestStatus {
  SUBMITTED = "SUBMITTED",
  ACCEPTED = "ACCEPTED",
  ASSIGNED = "ASSIGNED",
  IN_PROGRESS = "IN_PROGRESS",
  RESOLVED = "RESOLVED",
  CLOSED = "CLOSED",
  REJECTED = "REJECTED",
  TRANSFERRED = "TRANSFERRED",
  REOPENED = "REOPENED",
}
registerEnumType(RequestStatus, {
  name: "RequestStatus",
  description: "Where a resident's request is in its life.",
  valuesConfig: {
    SUBMITTED: { description: "Filed and routed; waiting for the handling organisation to accept it (within 24 hours)." },
    ACCEPTED: { description: "The handling organisation took it on; the time to resolve it runs." },
    ASSIGNED: { description: "Given to a person or a volunteer team." },
    IN_PROGRESS: { description: "Being worked on." },
    RESOLVED: { description: "Done, as the handler says; the requester may reopen it within 7 days." },
    CLOSED: { description: "Finished." },
    REJECTED: { description: "Not taken on, with a reason." },
    TRANSFERRED: { description: "Handed to another organisation, which accepts or rejects it (within 24 hours)." },
    REOPENED: { description: "The requester said it is not resolved; back with the handler." },
  },
});

/** How the requester would like to be reached. */
export enum ContactChannel {
  PHONE = "PHONE",
  SMS = "SMS",
  EMAIL = "EMAIL",
  WECHAT = "WECHAT",
  IN_APP = "IN_APP",
}
registerEnumType(ContactChannel, {
  name: "ContactChannel",
  description: "How a resident prefers to be contacted.",
  valuesConfig: {
    PHONE: { description: "A call to the number given." },
    SMS: { description: "A text message to the number given." },
    EMAIL: { description: "An email to the address given." },
    WECHAT: { description: "WeChat, at the id given." },
    IN_APP: { description: "Only through Cogov: the requester follows the request here. Needs no contact value; not for anonymous requests." },
  },
});

/** A resident's request (群眾訴求): filed, routed to the organisation that should act, and followed to its closure. */
@Entity("resident_request")
@ObjectType("ResidentRequest", {
  implements: Node,
  simpleResolvers: true,
  description: "A resident's request (群眾訴求): routed by area and category to a handling organisation, with time limits and a history of every step.",
})
@Directive(`@key(fields: "id")`)
export class ResidentRequest {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => RequestCategory, { description: "What the request is about." })
  @Column({ type: "varchar", length: 24 })
  category: RequestCategory;

  @Field(() => String, { description: "What the matter is, in the requester's words (up to 2,000 characters)." })
  @Column({ type: "text" })
  description: string;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Field(() => String, { nullable: true, description: "Where, in words: a building, a street corner (up to 300 characters)." })
  @Column({ type: "varchar", length: 300, nullable: true })
  place: string | null;

  @Field(() => Urgency, { description: "How urgent the request is." })
  @Column({ type: "varchar", length: 16 })
  urgency: Urgency;

  @Field(() => ContactChannel, { description: "How the resident prefers to be contacted." })
  @Column({ name: "preferred_contact", type: "varchar", length: 16 })
  preferredContact: ContactChannel;

  /** The number, address or id to reach the requester at; shown by the rules of auth/request-privacy.ts. Erased with the person. */
  @Column({ name: "contact_value", type: "varchar", length: 100, nullable: true })
  contactValue: string | null;

  /** When the requester agreed that the contact value is kept to handle this request. */
  @Column({ name: "contact_consented_at", type: "timestamptz", precision: 3, nullable: true })
  contactConsentedAt: Date | null;

  @Field(() => Boolean, { description: "Whether the requester lets the handling organisation see who they are and how to reach them." })
  @Column({ name: "identity_visible_to_handler", type: "boolean" })
  identityVisibleToHandler: boolean;

  /** The resident who asked, when known (signed in, or entered by staff); null for an anonymous request. */
  @Column({ name: "requester_person_id", type: "uuid", nullable: true })
  requesterPersonId: string | null;

  /** The organisation whose staff entered it for the resident, if any. */
  @Column({ name: "filed_by_organization_id", type: "uuid", nullable: true })
  filedByOrganizationId: string | null;

  @Column({ name: "handling_organization_id", type: "uuid" })
  handlingOrganizationId: string;

  /** The rule that routed it; null when it went to the area's Party organisation. */
  @Column({ name: "routing_rule_id", type: "uuid", nullable: true })
  routingRuleId: string | null;

  @Field(() => RequestStatus, { description: "Where the request is in its life." })
  @Column({ type: "varchar", length: 16 })
  status: RequestStatus;

  @Column({ name: "assignee_person_id", type: "uuid", nullable: true })
  assigneePersonId: string | null;

  @Column({ name: "assignee_team_id", type: "uuid", nullable: true })
  assigneeTeamId: string | null;

  @Column({ name: "project_id", type: "uuid", nullable: true })
  projectId: string | null;

  @Column({ name: "need_id", type: "uuid", nullable: true })
  needId: string | null;

  @Field(() => Date, { nullable: true, description: "The handler must accept (or reject, or transfer) it by then; null once accepted." })
  @Column({ name: "accept_by", type: "timestamptz", precision: 3, nullable: true })
  acceptBy: Date | null;

  @Field(() => Date, { nullable: true, description: "The handler must resolve it by then: working days of its category after acceptance (see README)." })
  @Column({ name: "resolve_by", type: "timestamptz", precision: 3, nullable: true })
  resolveBy: Date | null;

  @Field(() => Date, { nullable: true, description: "When the request was resolved (UTC, ISO 8601); null until then." })
  @Column({ name: "resolved_at", type: "timestamptz", precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When a time limit first passed; null while it keeps to them." })
  @Column({ name: "overdue_since", type: "timestamptz", precision: 3, nullable: true })
  overdueSince: Date | null;

  /** 0 not escalated, 1 to the street, 2 to the district. */
  @Column({ name: "escalation_level", type: "smallint", default: 0 })
  escalationLevel: number;

  @Column({ name: "escalated_to_organization_id", type: "uuid", nullable: true })
  escalatedToOrganizationId: string | null;

  @Column({ name: "escalated_at", type: "timestamptz", precision: 3, nullable: true })
  escalatedAt: Date | null;

  @Field(() => Date, { description: "When the request was filed (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: "When the request last changed (UTC, ISO 8601)." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
