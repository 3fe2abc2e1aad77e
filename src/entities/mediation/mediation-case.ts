import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Node } from "../../schema/node";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export enum MediationCategory {
  NEIGHBOURS = "NEIGHBOURS",
  PROPERTY_MANAGEMENT = "PROPERTY_MANAGEMENT",
  FAMILY = "FAMILY",
  LABOUR = "LABOUR",
  CONSUMER = "CONSUMER",
  OTHER = "OTHER",
}
registerEnumType(MediationCategory, {
  name: "MediationCategory",
  description: "What kind of dispute a mediation case is.",
  valuesConfig: {
    NEIGHBOURS: { description: "Between neighbours: noise, leaks, shared space (鄰里糾紛)." },
    PROPERTY_MANAGEMENT: { description: "Between residents and property management (物業糾紛)." },
    FAMILY: { description: "Within a family (婚姻家庭糾紛)." },
    LABOUR: { description: "Over work and wages (勞動糾紛)." },
    CONSUMER: { description: "Over goods and services bought (消費糾紛)." },
    OTHER: { description: "Any other dispute." },
  },
});

export enum MediationStatus {
  APPLIED = "APPLIED",
  ACCEPTED = "ACCEPTED",
  DECLINED = "DECLINED",
  IN_MEDIATION = "IN_MEDIATION",
  AGREEMENT = "AGREEMENT",
  NO_AGREEMENT = "NO_AGREEMENT",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(MediationStatus, {
  name: "MediationStatus",
  description: "Where a mediation case is in its life.",
  valuesConfig: {
    APPLIED: { description: "Filed; waiting for every party to agree to mediation (申請)." },
    ACCEPTED: { description: "Every party agreed; the 30-day time limit runs (受理)." },
    DECLINED: { description: "Not taken up: a party refused, or the committee declined, with a reason (不予受理)." },
    IN_MEDIATION: { description: "Sessions are being held (調解中)." },
    AGREEMENT: { description: "Every party signed the terms (達成協議)." },
    NO_AGREEMENT: { description: "Mediation ended without agreement; the parties are referred elsewhere (調解不成)." },
    WITHDRAWN: { description: "A party withdrew (撤回)." },
  },
});

export enum MediationReferral {
  COURT = "COURT",
  ARBITRATION = "ARBITRATION",
  OTHER_BODY = "OTHER_BODY",
}
registerEnumType(MediationReferral, {
  name: "MediationReferral",
  description: "Where a dispute without agreement may be taken next.",
  valuesConfig: {
    COURT: { description: "A people's court (人民法院)." },
    ARBITRATION: { description: "Arbitration, such as labour arbitration (仲裁)." },
    OTHER_BODY: { description: "Another body: an administrative department, a trade mediation committee… (其他機構)." },
  },
});

/**
 * A dispute a people's mediation committee mediates. Its fields show only to those involved (auth/mediation-privacy.ts);
 * everyone else reads anonymised counts (dashboard.mediation). Moves are written in services/mediation/mediation-lifecycle.ts.
 */
@Entity("mediation_case")
@ObjectType("MediationCase", { implements: Node, simpleResolvers: true, description: "A dispute in people's mediation, seen only by its assigned mediators, the committee's admins and its parties (README \"People's mediation\")." })
export class MediationCase {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "committee_id", type: "uuid" })
  committeeId: string;

  @Field(() => MediationCategory, { description: "What kind of dispute the case is." })
  @Column({ type: "varchar", length: 24 })
  category: MediationCategory;

  @Field(() => String, { description: "What the dispute is about, as filed." })
  @Column({ type: "text" })
  summary: string;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Field(() => MediationStatus, { description: "Where the case is in its life." })
  @Column({ type: "varchar", length: 16 })
  status: MediationStatus;

  @Field(() => String, { nullable: true, description: "Why it was DECLINED." })
  @Column({ name: "decline_reason", type: "varchar", length: 1000, nullable: true })
  declineReason: string | null;

  @Field(() => MediationReferral, { nullable: true, description: "Where the parties were referred when no agreement was reached." })
  @Column({ type: "varchar", length: 16, nullable: true })
  referral: MediationReferral | null;

  @Field(() => String, { nullable: true, description: "The referral in words (which court, which body)." })
  @Column({ name: "referral_note", type: "varchar", length: 1000, nullable: true })
  referralNote: string | null;

  @Field(() => String, { nullable: true, description: "The terms proposed, or agreed once every party signed them." })
  @Column({ type: "text", nullable: true })
  terms: string | null;

  /** Bumped by each new wording of the terms: signatures count for the current round only. */
  @Column({ name: "terms_round", type: "integer", default: 0 })
  termsRound: number;

  /** Bumped by each proposed extension: agreements to extend count for the current round only. */
  @Column({ name: "extension_round", type: "integer", default: 0 })
  extensionRound: number;

  @Field(() => Int, { nullable: true, description: "Days of the extension proposed and not yet agreed by every party." })
  @Column({ name: "extension_days", type: "integer", nullable: true })
  extensionDays: number | null;

  @Field(() => Date, { description: "When it was filed." })
  @Column({ name: "applied_at", type: "timestamptz", precision: 3 })
  appliedAt: Date;

  @Field(() => Date, { nullable: true, description: "When the last party agreed to mediation." })
  @Column({ name: "accepted_at", type: "timestamptz", precision: 3, nullable: true })
  acceptedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When mediation must conclude: 30 days after acceptance, plus extensions every party agreed to." })
  @Column({ name: "due_at", type: "timestamptz", precision: 3, nullable: true })
  dueAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When it was declined, withdrawn or concluded." })
  @Column({ name: "closed_at", type: "timestamptz", precision: 3, nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
