import { Field, Int, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";
import { TargetGroup } from "./service";

/**
 * A household of a key group (重點人群) an organisation visits: known by a code and an area, never by a name outside
 * that organisation. Its fields show by the rules of auth/household-privacy.ts.
 */
@Entity("key_household")
@ObjectType("KeyHousehold", {
  implements: Node,
  simpleResolvers: true,
  description: "A household of a key group an organisation keeps on its register and visits (走訪): a code and an area, never a name. Read by the holding organisation and the area's supervisors (README \"Household visits\").",
})
export class KeyHousehold {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => String, { description: "The holding organisation's own code for the household (unique within it), e.g. QGL-0012." })
  @Column({ type: "varchar", length: 32 })
  code: string;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Field(() => [TargetGroup], { description: "The key groups the household belongs to." })
  @Column({ type: "varchar", length: 16, array: true })
  groups: TargetGroup[];

  /** What the household needs, in words; shown by auth/household-privacy.ts. */
  @Column({ type: "text", nullable: true })
  needs: string | null;

  @Field(() => Int, { description: "How often it is visited: every this many days (1 to 366)." })
  @Column({ name: "visit_every_days", type: "integer" })
  visitEveryDays: number;

  @Field(() => Date, { description: "When it was registered." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}

/** A person living in a key household: one who consented to the holding organisation. */
@Entity("key_household_member")
export class KeyHouseholdMember {
  @PrimaryColumn({ name: "household_id", type: "uuid" })
  householdId: string;

  @PrimaryColumn({ name: "person_id", type: "uuid" })
  personId: string;
}
