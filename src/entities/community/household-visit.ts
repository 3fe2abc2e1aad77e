import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

/**
 * A visit to a key household: planned (`dueOn`, not yet `visitedAt`), or made and recorded. Each household has at
 * most one plan open; recording a visit plans the next by the household's frequency. Shown by auth/household-privacy.ts.
 */
@Entity("household_visit")
@ObjectType("HouseholdVisit", {
  implements: Node,
  simpleResolvers: true,
  description: "A visit to a key household: planned (dueOn) and not yet made, or made (visitedAt) with who went, what they found and the follow-up.",
})
export class HouseholdVisit {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "household_id", type: "uuid" })
  householdId: string;

  /** The holding organisation, kept with the visit for its lists. */
  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  /** The date it is planned for (YYYY-MM-DD); null for a visit made without a plan. */
  @Column({ name: "due_on", type: "date", nullable: true })
  dueOn: string | null;

  @Field(() => Date, { nullable: true, description: "When the visit was made; null while it is only planned." })
  @Column({ name: "visited_at", type: "timestamptz", precision: 3, nullable: true })
  visitedAt: Date | null;

  /** Who went: persons the holding organisation holds consent of. */
  @Column({ name: "visitor_person_ids", type: "uuid", array: true, default: () => "'{}'" })
  visitorPersonIds: string[];

  @Column({ type: "text", nullable: true })
  findings: string | null;

  @Column({ name: "follow_up", type: "text", nullable: true })
  followUp: string | null;

  /** The resident's request a finding opened, if any. */
  @Column({ name: "request_id", type: "uuid", nullable: true })
  requestId: string | null;

  @Column({ name: "recorded_by_user_id", type: "uuid", nullable: true })
  recordedByUserId: string | null;

  /** When the sweep announced the plan overdue (once per plan). */
  @Column({ name: "overdue_announced_at", type: "timestamptz", precision: 3, nullable: true })
  overdueAnnouncedAt: Date | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
