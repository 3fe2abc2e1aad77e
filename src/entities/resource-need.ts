import { Directive, Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../schema/node";
import { numeric } from "./numeric";
import type { Project } from "./project";

export enum NeedCategory {
  VOLUNTEERS = "VOLUNTEERS",
  FUNDS = "FUNDS",
  MATERIALS = "MATERIALS",
  MEDICAL_SUPPLIES = "MEDICAL_SUPPLIES",
  MEDICAL_STAFF = "MEDICAL_STAFF",
  LEGAL_EXPERTS = "LEGAL_EXPERTS",
  VENUE = "VENUE",
  TRANSPORT = "TRANSPORT",
  FOOD = "FOOD",
  SHELTER = "SHELTER",
  OTHER = "OTHER",
}
registerEnumType(NeedCategory, {
  name: "NeedCategory",
  description: "What kind of thing a need asks for.",
  valuesConfig: {
    VOLUNTEERS: { description: "Volunteers (志願者)." },
    FUNDS: { description: "Money (資金)." },
    MATERIALS: { description: "Goods and materials (物資), such as sandbags." },
    MEDICAL_SUPPLIES: { description: "Medicines and medical supplies (醫療物資)." },
    MEDICAL_STAFF: { description: "Doctors, nurses and other medical staff (醫護人員)." },
    LEGAL_EXPERTS: { description: "Lawyers and legal advisers (法律專家)." },
    VENUE: { description: "A place to use (場地)." },
    TRANSPORT: { description: "Vehicles and drivers (運輸)." },
    FOOD: { description: "Food and water (食品)." },
    SHELTER: { description: "Beds and shelter (住宿安置)." },
    OTHER: { description: "Anything else." },
  },
});

/** Most urgent first; the level orders them. */
export enum Urgency {
  CRITICAL = "CRITICAL",
  HIGH = "HIGH",
  NORMAL = "NORMAL",
  LOW = "LOW",
}
registerEnumType(Urgency, {
  name: "Urgency",
  description: "How urgent a need or request is.",
  valuesConfig: {
    CRITICAL: { description: "The most urgent." },
    HIGH: { description: "Urgent." },
    NORMAL: { description: "Of ordinary urgency." },
    LOW: { description: "The least urgent." },
  },
});
/** Grows with urgency, as the column `urgency_level` does: a higher level is more urgent. */
export const URGENCY_LEVEL: Record<Urgency, number> = { LOW: 0, NORMAL: 1, HIGH: 2, CRITICAL: 3 };

export enum NeedStatus {
  OPEN = "OPEN",
  PARTIALLY_PLEDGED = "PARTIALLY_PLEDGED",
  FULLY_PLEDGED = "FULLY_PLEDGED",
  FULFILLED = "FULFILLED",
  CANCELLED = "CANCELLED",
  EXPIRED = "EXPIRED",
}
registerEnumType(NeedStatus, {
  name: "NeedStatus",
  description: "Where a need is in its life.",
  valuesConfig: {
    OPEN: { description: "Nothing accepted yet." },
    PARTIALLY_PLEDGED: { description: "Accepted pledges cover part of the quantity." },
    FULLY_PLEDGED: { description: "Accepted pledges cover the whole quantity." },
    FULFILLED: { description: "Deliveries cover the whole quantity." },
    CANCELLED: { description: "Withdrawn by the project." },
    EXPIRED: { description: "Its needed-by time passed before it was fulfilled." },
  },
});

/** Statuses in which a need still takes pledges and expires at its deadline. */
export const LIVE_NEED_STATUSES = [NeedStatus.OPEN, NeedStatus.PARTIALLY_PLEDGED, NeedStatus.FULLY_PLEDGED];

@Entity("resource_need")
@ObjectType("ResourceNeed", { implements: Node, simpleResolvers: true, description: "Something a project needs, in a quantity, by a time." })
@Directive(`@key(fields: "id")`)
export class ResourceNeed {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "project_id", type: "uuid" })
  projectId: string;

  /** Set when a loader brings the project in the same statement. */
  project?: Project | null;

  @Column({ name: "posted_by_organization_id", type: "uuid" })
  postedByOrganizationId: string;

  @Field(() => NeedCategory, { description: "What kind of thing is needed." })
  @Column({ type: "varchar", length: 32 })
  category: NeedCategory;

  @Field(() => String, { description: "The need's title." })
  @Column({ type: "varchar", length: 200 })
  title: string;

  @Field(() => String, { nullable: true, description: "What is needed, in more words; null when not given." })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => Float, { description: "How much is needed, in `unit`." })
  @Column({ type: "numeric", precision: 14, scale: 2, transformer: numeric })
  quantity: number;

  @Field(() => String, { description: "What the quantity counts, e.g. 袋, 人, 床位, 元." })
  @Column({ type: "varchar", length: 32 })
  unit: string;

  @Field(() => Urgency, { description: "How urgent the need is." })
  @Column({ type: "varchar", length: 16 })
  urgency: Urgency;

  @Column({ name: "urgency_level", type: "smallint", insert: false, update: false, generatedType: "STORED", asExpression: "CASE urgency WHEN 'CRITICAL' THEN 3 WHEN 'HIGH' THEN 2 WHEN 'NORMAL' THEN 1 ELSE 0 END" })
  urgencyLevel: number;

  @Field(() => Date, { description: "When it is needed by (UTC, ISO 8601); an unfilled need expires after it." })
  @Column({ name: "needed_by", type: "timestamptz", precision: 3 })
  neededBy: Date;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Field(() => String, { nullable: true, description: "Where to deliver; null when not given." })
  @Column({ type: "varchar", length: 300, nullable: true })
  address: string | null;

  @Field(() => Float, { nullable: true, description: "Latitude of the delivery place in decimal degrees (WGS 84); null when not given." })
  @Column({ type: "double precision", nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true, description: "Longitude of the delivery place in decimal degrees (WGS 84); null when not given." })
  @Column({ type: "double precision", nullable: true })
  longitude: number | null;

  @Field(() => NeedStatus, { description: "Where the need is in its life, from OPEN to FULFILLED, CANCELLED or EXPIRED." })
  @Column({ type: "varchar", length: 20, default: NeedStatus.OPEN })
  status: NeedStatus;

  @Field(() => Float, { description: "Offered, accepted and delivered pledges together (declined and withdrawn ones do not count)." })
  @Column({ name: "pledged_quantity", type: "numeric", precision: 14, scale: 2, default: 0, transformer: numeric })
  pledgedQuantity: number;

  @Field(() => Float, { description: "What accepted pledges commit; never above quantity." })
  @Column({ name: "accepted_quantity", type: "numeric", precision: 14, scale: 2, default: 0, transformer: numeric })
  acceptedQuantity: number;

  @Field(() => Float, { description: "How much has been delivered so far, in `unit`." })
  @Column({ name: "delivered_quantity", type: "numeric", precision: 14, scale: 2, default: 0, transformer: numeric })
  deliveredQuantity: number;

  @Field(() => Float, { description: "quantity − acceptedQuantity: what can still be accepted." })
  @Column({ name: "remaining_quantity", type: "numeric", precision: 14, scale: 2, transformer: numeric })
  remainingQuantity: number;

  @Field(() => Date, { description: "When the need was posted (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: "When the need last changed (UTC, ISO 8601)." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
