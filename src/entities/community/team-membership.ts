import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";

export enum TeamRole {
  MEMBER = "MEMBER",
  TEAM_LEADER = "TEAM_LEADER",
}
registerEnumType(TeamRole, {
  name: "TeamRole",
  description: "A person's role in a volunteer team.",
  valuesConfig: {
    MEMBER: { description: "Serves in the team (隊員)." },
    TEAM_LEADER: { description: "Leads the team (隊長)." },
  },
});

/** A person serving in an organisation, typically a VOLUNTEER_TEAM; a person may serve several. */
@Entity("team_membership")
@ObjectType("TeamMembership", { simpleResolvers: true, description: "A person serving in a team, and in which role." })
export class TeamMembership {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "person_id", type: "uuid" })
  personId: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => TeamRole, { description: "The person's role in the team." })
  @Column({ type: "varchar", length: 16 })
  role: TeamRole;

  @Field(() => Date, { description: "When the person joined." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
