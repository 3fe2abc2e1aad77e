import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

export enum MediationPartyRole {
  APPLICANT = "APPLICANT",
  RESPONDENT = "RESPONDENT",
}
registerEnumType(MediationPartyRole, {
  name: "MediationPartyRole",
  description: "Which side of a dispute a party is on.",
  valuesConfig: {
    APPLICANT: { description: "Asked for mediation (申請人)." },
    RESPONDENT: { description: "The other side (被申請人)." },
  },
});

/** A side of a dispute: a person, or an organisation (a property management company, an employer). */
@Entity("mediation_party")
@ObjectType("MediationParty", { simpleResolvers: true, description: "A party to a mediation case: a person or an organisation." })
export class MediationParty {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "case_id", type: "uuid" })
  caseId: string;

  @Field(() => MediationPartyRole, { description: "Whether the party applied for mediation or responds to it." })
  @Column({ type: "varchar", length: 16 })
  role: MediationPartyRole;

  @Column({ name: "person_id", type: "uuid", nullable: true })
  personId: string | null;

  @Column({ name: "organization_id", type: "uuid", nullable: true })
  organizationId: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
