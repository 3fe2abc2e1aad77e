import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

export enum ProposalCategory {
  INFRASTRUCTURE = "INFRASTRUCTURE",
  ENVIRONMENT = "ENVIRONMENT",
  SAFETY = "SAFETY",
  PUBLIC_SERVICES = "PUBLIC_SERVICES",
  PROPERTY_MANAGEMENT = "PROPERTY_MANAGEMENT",
  COMMUNITY_RULES = "COMMUNITY_RULES",
  FUNDS = "FUNDS",
  OTHER = "OTHER",
}
registerEnumType(ProposalCategory, {
  name: "ProposalCategory",
  description: "What a council proposal is about.",
  valuesConfig: {
    INFRASTRUCTURE: { description: "Buildings and facilities, such as elevators in old buildings (老舊小區加裝電梯)." },
    ENVIRONMENT: { description: "Greening and sanitation (環境整治)." },
    SAFETY: { description: "Safety and security (平安建設)." },
    PUBLIC_SERVICES: { description: "Services for residents (公共服務)." },
    PROPERTY_MANAGEMENT: { description: "Property management matters (物業管理)." },
    COMMUNITY_RULES: { description: "Residents' conventions and rules, such as parking (居民公約)." },
    FUNDS: { description: "Use of community funds (社區資金)." },
    OTHER: { description: "Anything else." },
  },
});

/** The lifecycle's states; services/community/proposal-lifecycle.ts says which step may follow which. */
export enum ProposalStatus {
  DRAFT = "DRAFT",
  SUBMITTED = "SUBMITTED",
  SECONDED = "SECONDED",
  IN_DEBATE = "IN_DEBATE",
  VOTING = "VOTING",
  PASSED = "PASSED",
  REJECTED = "REJECTED",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(ProposalStatus, {
  name: "ProposalStatus",
  description: "Where a council proposal is in its life.",
  valuesConfig: {
    DRAFT: { description: "Being written (a petition: collecting signatures); seen by its proposer and the convener only." },
    SUBMITTED: { description: "Put to the council; waits for another member to second it." },
    SECONDED: { description: "Seconded; waits for the convener to open its debate." },
    IN_DEBATE: { description: "Debated: comments and amendments are taken." },
    VOTING: { description: "Members present at the meeting vote." },
    PASSED: { description: "Decided FOR under the council's majority rule." },
    REJECTED: { description: "Decided against: too few FOR votes (a tie included)." },
    WITHDRAWN: { description: "Withdrawn by its proposer before the vote." },
  },
});

/** A matter put to a council by a member or by residents' joint petition, from draft to decision. */
@Entity("proposal")
@ObjectType("Proposal", { implements: Node, simpleResolvers: true, description: "A matter put to a council, by a member or by residents' joint petition, debated, amended and voted on." })
@Directive(`@key(fields: "id")`)
export class Proposal {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "council_id", type: "uuid" })
  councilId: string;

  @Field(() => String, { description: "The proposal's title." })
  @Column({ type: "varchar", length: 200 })
  title: string;

  @Field(() => String, { description: "What is proposed; an accepted amendment replaces it." })
  @Column({ type: "text" })
  body: string;

  @Field(() => ProposalCategory, { description: "What the proposal is about." })
  @Column({ type: "varchar", length: 24 })
  category: ProposalCategory;

  @Field(() => ProposalStatus, { description: "Where the proposal is in its life, from submission to adoption or rejection." })
  @Column({ type: "varchar", length: 16 })
  status: ProposalStatus;

  @Column({ name: "proposer_member_id", type: "uuid", nullable: true })
  proposerMemberId: string | null;

  @Column({ name: "petitioner_person_id", type: "uuid", nullable: true })
  petitionerPersonId: string | null;

  @Column({ name: "seconder_member_id", type: "uuid", nullable: true })
  seconderMemberId: string | null;

  /** Who would lead the project a passed proposal starts, and its partners. */
  @Column({ name: "lead_organization_id", type: "uuid", nullable: true })
  leadOrganizationId: string | null;

  @Column({ name: "partner_organization_ids", type: "uuid", array: true, default: () => "'{}'" })
  partnerOrganizationIds: string[];

  @Field(() => Date, { nullable: true, description: "When the current stage's time box ends: seconding, debate or voting." })
  @Column({ name: "stage_ends_at", type: "timestamptz", precision: 3, nullable: true })
  stageEndsAt: Date | null;

  @Field(() => Boolean, { nullable: true, description: "Whether the vote is secret; set when voting opens." })
  @Column({ type: "boolean", nullable: true })
  secret: boolean | null;

  @Column({ name: "voting_meeting_id", type: "uuid", nullable: true })
  votingMeetingId: string | null;

  /** Fixed when voting opens: members in term, and those of them present at the meeting. */
  @Column({ name: "eligible_count", type: "integer", nullable: true })
  eligibleCount: number | null;

  @Column({ name: "present_count", type: "integer", nullable: true })
  presentCount: number | null;

  /** Counted from the vote (or ballot) rows when the vote closes. */
  @Column({ name: "votes_for", type: "integer", nullable: true })
  votesFor: number | null;

  @Column({ name: "votes_against", type: "integer", nullable: true })
  votesAgainst: number | null;

  @Column({ name: "votes_abstain", type: "integer", nullable: true })
  votesAbstain: number | null;

  /** When it went to the council (SUBMITTED): where "days to decision" start. */
  @Field(() => Date, { nullable: true, description: "When its author submitted it to the council; null for a DRAFT." })
  @Column({ name: "submitted_at", type: "timestamptz", precision: 3, nullable: true })
  submittedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When the vote closed." })
  @Column({ name: "decided_at", type: "timestamptz", precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ name: "project_id", type: "uuid", nullable: true })
  projectId: string | null;

  @Field(() => Date, { description: "When the proposal was created (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
