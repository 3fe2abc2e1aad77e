import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../schema/node";

/** Administrative levels, outermost first; a child's code extends its parent's. */
export enum AreaLevel {
  CITY = "CITY",
  DISTRICT = "DISTRICT",
  STREET = "STREET",
  COMMUNITY = "COMMUNITY",
  GRID = "GRID",
}
registerEnumType(AreaLevel, {
  name: "AreaLevel",
  description: "City › district › street › community › grid (網格).",
  valuesConfig: {
    CITY: { description: "A city (市)." },
    DISTRICT: { description: "A district (區)." },
    STREET: { description: "A street (街道)." },
    COMMUNITY: { description: "A community (社區)." },
    GRID: { description: "A grid (網格), the smallest area." },
  },
});

@Entity("area")
@ObjectType("Area", {
  implements: Node,
  simpleResolvers: true,
  description: "A place in the administrative hierarchy. Everything in an area has a code that starts with its code.",
})
@Directive(`@key(fields: "id")`)
export class Area {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "Hierarchical division code, e.g. 510104021001 for a community." })
  @Column({ type: "varchar", length: 32, unique: true })
  code: string;

  @Field(() => String, { description: "The area's name, as written." })
  @Column({ type: "varchar", length: 100 })
  name: string;

  @Field(() => AreaLevel, { description: "Where the area sits in the administrative hierarchy." })
  @Column({ type: "varchar", length: 16 })
  level: AreaLevel;

  @Column({ name: "parent_code", type: "varchar", length: 32, nullable: true })
  parentCode: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
