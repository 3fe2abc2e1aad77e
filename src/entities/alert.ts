import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";
import { Node } from "../schema/node";

// CAP 1.2 code lists; the XML spells them as CAP does (Actual, Met, Immediate …).
export enum AlertStatus { ACTUAL = "ACTUAL", EXERCISE = "EXERCISE", SYSTEM = "SYSTEM", TEST = "TEST", DRAFT = "DRAFT" }
export enum AlertMessageType { ALERT = "ALERT", UPDATE = "UPDATE", CANCEL = "CANCEL" }
export enum AlertScope { PUBLIC = "PUBLIC", RESTRICTED = "RESTRICTED", PRIVATE = "PRIVATE" }
export enum AlertCategory {
  GEO = "GEO", MET = "MET", SAFETY = "SAFETY", SECURITY = "SECURITY", RESCUE = "RESCUE", FIRE = "FIRE",
  HEALTH = "HEALTH", ENV = "ENV", TRANSPORT = "TRANSPORT", INFRA = "INFRA", CBRNE = "CBRNE", OTHER = "OTHER",
}
export enum AlertUrgency { IMMEDIATE = "IMMEDIATE", EXPECTED = "EXPECTED", FUTURE = "FUTURE", PAST = "PAST", UNKNOWN = "UNKNOWN" }
/** Most severe first; the rank orders them for `severityAtLeast`. */
export enum AlertSeverity { EXTREME = "EXTREME", SEVERE = "SEVERE", MODERATE = "MODERATE", MINOR = "MINOR", UNKNOWN = "UNKNOWN" }
export enum AlertCertainty { OBSERVED = "OBSERVED", LIKELY = "LIKELY", POSSIBLE = "POSSIBLE", UNLIKELY = "UNLIKELY", UNKNOWN = "UNKNOWN" }
export const SEVERITY_RANK: Record<AlertSeverity, number> = { EXTREME: 0, SEVERE: 1, MODERATE: 2, MINOR: 3, UNKNOWN: 4 };

registerEnumType(AlertStatus, {
  name: "AlertStatus",
  description: "CAP 1.2 `status`: how the alert is to be handled.",
  valuesConfig: {
    ACTUAL: { description: "Actionable by all targeted recipients." },
    EXERCISE: { description: "Only for the exercise's participants." },
    SYSTEM: { description: "For messages that support the alert network itself." },
    TEST: { description: "Technical testing only; all recipients disregard it." },
    DRAFT: { description: "A preliminary template or draft, not actionable." },
  },
});
registerEnumType(AlertMessageType, {
  name: "AlertMessageType",
  description: "CAP 1.2 `msgType`: what the message does.",
  valuesConfig: {
    ALERT: { description: "An initial alert." },
    UPDATE: { description: "Replaces an earlier alert." },
    CANCEL: { description: "Cancels an earlier alert." },
  },
});
registerEnumType(AlertScope, {
  name: "AlertScope",
  description: "PUBLIC: everyone; RESTRICTED: members, keys and webhooks of verified organisations, and the issuer's; PRIVATE: the issuer's members.",
  valuesConfig: {
    PUBLIC: { description: "Everyone may read it." },
    RESTRICTED: { description: "Members, keys and webhooks of verified organisations, and the issuer's, may read it." },
    PRIVATE: { description: "Only the issuer's members may read it." },
  },
});
registerEnumType(AlertCategory, {
  name: "AlertCategory",
  description: "CAP 1.2 `category`: the kind of event.",
  valuesConfig: {
    GEO: { description: "Geophysical, including landslides (CAP `Geo`)." },
    MET: { description: "Meteorological, including floods (CAP `Met`)." },
    SAFETY: { description: "General emergency and public safety (CAP `Safety`)." },
    SECURITY: { description: "Law enforcement, military, homeland and local or private security (CAP `Security`)." },
    RESCUE: { description: "Rescue and recovery (CAP `Rescue`)." },
    FIRE: { description: "Fire suppression and rescue (CAP `Fire`)." },
    HEALTH: { description: "Medical and public health (CAP `Health`)." },
    ENV: { description: "Pollution and other environmental events (CAP `Env`)." },
    TRANSPORT: { description: "Public and private transport (CAP `Transport`)." },
    INFRA: { description: "Utilities, telecommunication and other non-transport infrastructure (CAP `Infra`)." },
    CBRNE: { description: "Chemical, biological, radiological, nuclear or high-yield explosive threat or attack (CAP `CBRNE`)." },
    OTHER: { description: "Other events (CAP `Other`)." },
  },
});
registerEnumType(AlertUrgency, {
  name: "AlertUrgency",
  description: "CAP 1.2 `urgency`: how soon people should act.",
  valuesConfig: {
    IMMEDIATE: { description: "Act now." },
    EXPECTED: { description: "Act soon (within the next hour)." },
    FUTURE: { description: "Act in the near future." },
    PAST: { description: "No longer needed." },
    UNKNOWN: { description: "Urgency unknown." },
  },
});
registerEnumType(AlertSeverity, {
  name: "AlertSeverity",
  description: "CAP 1.2 `severity`: how bad the event is.",
  valuesConfig: {
    EXTREME: { description: "Extraordinary threat to life or property." },
    SEVERE: { description: "Significant threat to life or property." },
    MODERATE: { description: "Possible threat to life or property." },
    MINOR: { description: "Minimal to no known threat to life or property." },
    UNKNOWN: { description: "Severity unknown." },
  },
});
registerEnumType(AlertCertainty, {
  name: "AlertCertainty",
  description: "CAP 1.2 `certainty`: how sure it is that the event happens.",
  valuesConfig: {
    OBSERVED: { description: "Determined to have occurred or to be ongoing." },
    LIKELY: { description: "Likely (more than about 50%)." },
    POSSIBLE: { description: "Possible but not likely (about 50% or less)." },
    UNLIKELY: { description: "Not expected to occur (about 0%)." },
    UNKNOWN: { description: "Certainty unknown." },
  },
});

export interface AlertArea {
  description: string;
  areaCodes: string[];
  circle?: { lat: number; lng: number; radiusKm: number } | null;
  polygon?: [number, number][] | null;
}

@Entity("alert")
@ObjectType("Alert", { implements: Node, simpleResolvers: true, description: "An emergency alert in the Common Alerting Protocol (CAP 1.2)." })
@Directive(`@key(fields: "id")`)
export class Alert {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Field(() => String, { description: "The CAP identifier, unique to this message." })
  @Column({ type: "varchar", length: 100, unique: true })
  identifier: string;

  @Column({ name: "issuing_organization_id", type: "uuid" })
  issuingOrganizationId: string;

  @Field(() => Date, { description: "When the alert was issued (CAP `sent`, UTC, ISO 8601, whole seconds)." })
  @Column({ type: "timestamptz", precision: 0, default: () => "date_trunc('second', now())" })
  sent: Date;

  @Field(() => AlertStatus, { description: "Whether the alert is real, an exercise, a test, a system message or a draft (CAP `status`)." })
  @Column({ type: "varchar", length: 10 })
  status: AlertStatus;

  @Field(() => AlertMessageType, { description: "Whether this alert is new, updates an earlier one or cancels one (CAP `msgType`)." })
  @Column({ name: "msg_type", type: "varchar", length: 10 })
  msgType: AlertMessageType;

  @Field(() => AlertScope, { description: "Who may read the alert (CAP `scope`)." })
  @Column({ type: "varchar", length: 10 })
  scope: AlertScope;

  @Field(() => String, { nullable: true, description: "For RESTRICTED alerts, who the alert is meant for, in words (CAP `restriction`); null otherwise." })
  @Column({ type: "varchar", length: 500, nullable: true })
  restriction: string | null;

  @Field(() => [AlertCategory], { description: "CAP categories of the event (CAP `category`); at least one." })
  @Column({ type: "varchar", length: 10, array: true })
  categories: AlertCategory[];

  @Field(() => String, { description: "What the event is, in a few words such as 暴雨 (CAP `event`)." })
  @Column({ type: "varchar", length: 200 })
  event: string;

  @Field(() => AlertUrgency, { description: "How soon people should act (CAP `urgency`)." })
  @Column({ type: "varchar", length: 10 })
  urgency: AlertUrgency;

  @Field(() => AlertSeverity, { description: "How bad the event is (CAP `severity`)." })
  @Column({ type: "varchar", length: 10 })
  severity: AlertSeverity;

  @Field(() => AlertCertainty, { description: "How sure the issuer is that it happens (CAP `certainty`)." })
  @Column({ type: "varchar", length: 10 })
  certainty: AlertCertainty;

  @Field(() => String, { nullable: true, description: "A short headline (CAP `headline`); null when not given." })
  @Column({ type: "varchar", length: 200, nullable: true })
  headline: string | null;

  @Field(() => String, { nullable: true, description: "What is happening, in more words than the headline (CAP `description`); null when not given." })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: "What people should do (CAP `instruction`); null when not given." })
  @Column({ type: "text", nullable: true })
  instruction: string | null;

  @Field(() => Date, { nullable: true, description: "When the information takes effect (CAP `effective`, UTC, ISO 8601); null when not given." })
  @Column({ type: "timestamptz", precision: 0, nullable: true })
  effective: Date | null;

  @Field(() => Date, { nullable: true, description: "When the event is expected to begin (CAP `onset`, UTC, ISO 8601); null when not given." })
  @Column({ type: "timestamptz", precision: 0, nullable: true })
  onset: Date | null;

  @Field(() => Date, { nullable: true, description: "When the information stops being valid (CAP `expires`, UTC, ISO 8601); null when not given." })
  @Column({ type: "timestamptz", precision: 0, nullable: true })
  expires: Date | null;

  @Column({ type: "jsonb" })
  areas: AlertArea[];

  @Column({ name: "area_codes", type: "varchar", length: 32, array: true })
  areaCodes: string[];

  @Column({ name: "references_alert_id", type: "uuid", nullable: true })
  referencesAlertId: string | null;

  @Column({ name: "replaced_by_alert_id", type: "uuid", nullable: true })
  replacedByAlertId: string | null;

  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
