import { Directive, Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../schema/node";

/** The kinds of bodies that govern a community together (see the domain notes). */
export enum OrganizationKind {
  PARTY_COMMITTEE = "PARTY_COMMITTEE",
  PARTY_BRANCH = "PARTY_BRANCH",
  GOVERNMENT_AGENCY = "GOVERNMENT_AGENCY",
  NGO = "NGO",
  ENTERPRISE = "ENTERPRISE",
  CLINIC = "CLINIC",
  LEGAL_AID = "LEGAL_AID",
  RESIDENT_GROUP = "RESIDENT_GROUP",
  VOLUNTEER_TEAM = "VOLUNTEER_TEAM",
  SERVICE_CENTER = "SERVICE_CENTER",
  PROPERTY_MANAGEMENT = "PROPERTY_MANAGEMENT",
  MEDIATION_COMMITTEE = "MEDIATION_COMMITTEE",
  OTHER = "OTHER",
}
registerEnumType(OrganizationKind, {
  name: "OrganizationKind",
  description: "What kind of body an organisation is.",
  valuesConfig: {
    PARTY_COMMITTEE: { description: "Community Party committee (社區黨委)." },
    PARTY_BRANCH: { description: "Party branch (黨支部)." },
    GOVERNMENT_AGENCY: { description: "Government agency or street office (街道辦)." },
    NGO: { description: "Social organisation (社會組織)." },
    ENTERPRISE: { description: "Enterprise (企業)." },
    CLINIC: { description: "Clinic or medical institution (醫療機構)." },
    LEGAL_AID: { description: "Legal-aid body (法律援助機構)." },
    RESIDENT_GROUP: { description: "Resident group (居民團體)." },
    VOLUNTEER_TEAM: { description: "Volunteer team (志願者隊伍)." },
    SERVICE_CENTER: { description: "Community service centre (社區服務中心)." },
    PROPERTY_MANAGEMENT: { description: "Property management company (物業)." },
    MEDIATION_COMMITTEE: { description: "People's mediation committee (人民調解委員會): its roster of mediators mediates disputes." },
    OTHER: { description: "Any other body." },
  },
});

/** Whether an organisation that may vouch for it (see auth/vouching.ts) or the operator has confirmed who it is. */
export enum VerificationStatus {
  UNVERIFIED = "UNVERIFIED",
  VERIFIED = "VERIFIED",
}
registerEnumType(VerificationStatus, {
  name: "VerificationStatus",
  description: "Whether someone allowed to vouch for an organisation has confirmed who it is.",
  valuesConfig: {
    UNVERIFIED: { description: "Nobody has vouched for it yet, or its verification was revoked or lapsed with a change of kind, name or area." },
    VERIFIED: { description: "An organisation allowed to vouch for it, or the operator, confirmed it." },
  },
});

@Entity("organization")
@ObjectType("Organization", {
  implements: Node,
  simpleResolvers: true,
  description: "A body taking part in community governance.",
})
@Directive(`@key(fields: "id")`)
export class Organization {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => OrganizationKind, { description: "What kind of organisation it is." })
  @Column({ type: "varchar", length: 32 })
  kind: OrganizationKind;

  @Field(() => String, { description: "The organisation's name, as written." })
  @Column({ type: "varchar", length: 200 })
  name: string;

  @Field(() => String, { description: "Unique, URL-safe name: lowercase letters, digits and hyphens." })
  @Column({ type: "varchar", length: 64, unique: true })
  slug: string;

  @Field(() => String, { nullable: true, description: "What the organisation does, in more words; null when not given." })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Column({ name: "area_code", type: "varchar", length: 32 })
  areaCode: string;

  @Column({ name: "parent_id", type: "uuid", nullable: true })
  parentId: string | null;

  /** A parent named but not yet accepted by its admins: it confers nothing until then. */
  @Column({ name: "requested_parent_id", type: "uuid", nullable: true })
  requestedParentId: string | null;

  @Field(() => String, { nullable: true, description: "The organisation's address; null when not given." })
  @Column({ type: "varchar", length: 300, nullable: true })
  address: string | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 latitude in degrees." })
  @Column({ type: "double precision", nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true, description: "WGS 84 longitude in degrees." })
  @Column({ type: "double precision", nullable: true })
  longitude: number | null;

  @Column({ name: "contact_phone", type: "varchar", length: 32, nullable: true })
  contactPhone: string | null;

  @Field(() => String, { nullable: true, description: "The organisation's web site; null when not given." })
  @Column({ type: "varchar", length: 300, nullable: true })
  website: string | null;

  @Column({ name: "verification_status", type: "varchar", length: 16, default: VerificationStatus.UNVERIFIED })
  verificationStatus: VerificationStatus;

  /** Who vouched; null while unverified, and when the operator verified it. */
  @Column({ name: "verified_by_id", type: "uuid", nullable: true })
  verifiedById: string | null;

  @Column({ name: "verified_at", type: "timestamptz", precision: 3, nullable: true })
  verifiedAt: Date | null;

  /** The note of the last verification or revocation. */
  @Column({ name: "verification_note", type: "text", nullable: true })
  verificationNote: string | null;

  @Field(() => Date, { description: "When the organisation was registered (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: "When the organisation last changed (UTC, ISO 8601)." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
