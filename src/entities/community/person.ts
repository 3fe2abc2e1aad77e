import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

/** What a volunteer can offer; a small vocabulary so organisations can match people to needs. */
export enum Skill {
  MEDICAL = "MEDICAL",
  LEGAL = "LEGAL",
  TEACHING = "TEACHING",
  DRIVING = "DRIVING",
  TRANSLATION = "TRANSLATION",
  ELDER_CARE = "ELDER_CARE",
  IT = "IT",
  OTHER = "OTHER",
}
registerEnumType(Skill, {
  name: "Skill",
  description: "A skill a person offers for volunteer work.",
  valuesConfig: {
    MEDICAL: { description: "Medical care (醫療)." },
    LEGAL: { description: "Legal advice (法律)." },
    TEACHING: { description: "Teaching and tutoring (教學)." },
    DRIVING: { description: "Driving (駕駛)." },
    TRANSLATION: { description: "Translation and interpreting (翻譯)." },
    ELDER_CARE: { description: "Care for the elderly (養老照護)." },
    IT: { description: "Computers and phones (信息技術)." },
    OTHER: { description: "Anything else." },
  },
});

/**
 * A resident or volunteer: the one record of a natural person that volunteering, requests and councils share.
 * Personal fields are read through auth/person-privacy.ts only; after erasure only `label` and the row remain,
 * so what later refers to the person (a points account, hours) keeps its sums under the pseudonym.
 */
@Entity("person")
@ObjectType("Person", { implements: Node, simpleResolvers: true, description: "A resident or volunteer. Personal fields show by the rules of README \"Who reads a person's data\"." })
@Directive(`@key(fields: "id")`)
export class Person {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "A pseudonym given at registration (志願者-XXXXXX); it never changes and stays after erasure." })
  @Column({ type: "varchar", length: 32, unique: true })
  label: string;

  /** The name shown to others; null once erased. */
  @Column({ name: "display_name", type: "varchar", length: 50, nullable: true })
  displayName: string | null;

  @Column({ name: "real_name", type: "varchar", length: 100, nullable: true })
  realName: string | null;

  /** Eleven digits, a mainland mobile number. */
  @Column({ type: "varchar", length: 16, nullable: true })
  phone: string | null;

  @Column({ name: "home_area_code", type: "varchar", length: 32, nullable: true })
  homeAreaCode: string | null;

  @Field(() => [Skill], { description: "Skills the person offers for volunteer work." })
  @Column({ type: "varchar", length: 16, array: true, default: () => "'{}'" })
  skills: Skill[];

  @Field(() => [String], { description: "Languages spoken, as BCP 47 tags (zh, yue, en, …)." })
  @Column({ type: "varchar", length: 35, array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ name: "is_party_member", type: "boolean", default: false })
  isPartyMember: boolean;

  /** For an in-service Party member (在職黨員): the employer, and the community they report to. */
  @Column({ name: "party_employer_organization_id", type: "uuid", nullable: true })
  partyEmployerOrganizationId: string | null;

  @Column({ name: "party_reporting_area_code", type: "varchar", length: 32, nullable: true })
  partyReportingAreaCode: string | null;

  /** Free text the person or the registering organisation wrote (availability, needs). */
  @Column({ type: "text", nullable: true })
  about: string | null;

  /** The account that manages this profile; null when an organisation registered the person on their behalf. */
  @Column({ name: "user_id", type: "uuid", nullable: true })
  userId: string | null;

  @Column({ name: "registered_by_organization_id", type: "uuid", nullable: true })
  registeredByOrganizationId: string | null;

  /** Agreed to be shown by name, with hours and stars, on leaderboards and to every reader; false again on erasure. */
  @Column({ name: "public_recognition", type: "boolean", default: false })
  publicRecognition: boolean;

  @Field(() => Date, { nullable: true, description: "When the person's data was erased (consent withdrawn from every organisation, or erasure requested)." })
  @Column({ name: "erased_at", type: "timestamptz", precision: 3, nullable: true })
  erasedAt: Date | null;

  @Field(() => Date, { description: "When the person was registered (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
