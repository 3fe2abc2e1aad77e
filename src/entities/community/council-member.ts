import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../../schema/node";

export enum CouncilSeat {
  RESIDENT = "RESIDENT",
  ORGANIZATION = "ORGANIZATION",
}
registerEnumType(CouncilSeat, {
  name: "CouncilSeat",
  description: "Who holds a council seat: a resident representative or an organisation.",
  valuesConfig: {
    RESIDENT: { description: "A resident representative (居民代表)." },
    ORGANIZATION: { description: "A member organisation, sitting through its one delegate." },
  },
});

/** A seat on a council for a term; `seatPersonId` is who sits and votes (the resident, or the organisation's delegate). */
@Entity("council_member")
@ObjectType("CouncilMember", { implements: Node, simpleResolvers: true, description: "A seat on a council for a term: a resident representative, or an organisation and its delegate." })
export class CouncilMember {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "council_id", type: "uuid" })
  councilId: string;

  @Field(() => CouncilSeat, { description: "Which kind of seat the member holds." })
  @Column({ type: "varchar", length: 16 })
  kind: CouncilSeat;

  @Column({ name: "organization_id", type: "uuid", nullable: true })
  organizationId: string | null;

  @Column({ name: "seat_person_id", type: "uuid" })
  seatPersonId: string;

  @Field(() => String, { description: "First day of the term (YYYY-MM-DD)." })
  @Column({ name: "term_starts_on", type: "date" })
  termStartsOn: string;

  @Field(() => String, { description: "Last day of the term (YYYY-MM-DD)." })
  @Column({ name: "term_ends_on", type: "date" })
  termEndsOn: string;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
