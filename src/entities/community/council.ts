import { Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

/** How many of the members present must vote FOR (services/community/council-rules.ts applies it). */
export enum MajorityRule {
  SIMPLE = "SIMPLE",
  TWO_THIRDS = "TWO_THIRDS",
}
registerEnumType(MajorityRule, {
  name: "MajorityRule",
  description: "How many votes in favour a council's proposals need to pass.",
  valuesConfig: {
    SIMPLE: { description: "More than half of the members present vote FOR (過半數)." },
    TWO_THIRDS: { description: "At least two thirds of the members present vote FOR (三分之二以上)." },
  },
});

/** A community council (社區議事會): resident representatives and member organisations deliberate and decide. */
@Entity("council")
@ObjectType("Council", { implements: Node, simpleResolvers: true, description: "A community council (社區議事會) of an area, convened by its Party organisation: members, meetings and proposals." })
@Directive(`@key(fields: "id")`)
export class Council {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Column({ name: "convening_organization_id", type: "uuid" })
  conveningOrganizationId: string;

  @Field(() => String, { description: "e.g. 青杠林社區居民議事會." })
  @Column({ type: "varchar", length: 100 })
  name: string;

  @Field(() => Int, { description: "Members present needed to vote, as a percentage of the members in term (present × 100 ≥ quorumPercent × members)." })
  @Column({ name: "quorum_percent", type: "integer" })
  quorumPercent: number;

  @Field(() => MajorityRule, { description: "How many votes in favour a proposal needs to pass." })
  @Column({ name: "majority_rule", type: "varchar", length: 16 })
  majorityRule: MajorityRule;

  @Field(() => Int, { description: "Residents' signatures a joint petition needs before it can be submitted." })
  @Column({ name: "petition_signatures", type: "integer" })
  petitionSignatures: number;

  @Field(() => Int, { description: "Days a submitted proposal has to find a seconder." })
  @Column({ name: "seconding_days", type: "integer" })
  secondingDays: number;

  @Field(() => Int, { description: "Days of debate: comments and amendments are taken until then." })
  @Column({ name: "debate_days", type: "integer" })
  debateDays: number;

  @Field(() => Int, { description: "Hours a vote stays open; votes are refused after it." })
  @Column({ name: "voting_hours", type: "integer" })
  votingHours: number;

  @Field(() => Date, { description: "When the council was set up (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
