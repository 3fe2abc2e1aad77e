import { Field, Float, ObjectType, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from "typeorm";
import { Node } from "../../schema/node";

/** HSDS 3.0's service statuses (active, inactive, defunct, temporarily closed). */
export enum ServiceStatus {
  ACTIVE = "ACTIVE",
  INACTIVE = "INACTIVE",
  DEFUNCT = "DEFUNCT",
  TEMPORARILY_CLOSED = "TEMPORARILY_CLOSED",
}
registerEnumType(ServiceStatus, {
  name: "ServiceStatus",
  description: "HSDS 3.0 service status.",
  valuesConfig: {
    ACTIVE: { description: "Offered now; listed publicly (active)." },
    INACTIVE: { description: "Not offered for now (inactive)." },
    DEFUNCT: { description: "No longer offered (defunct)." },
    TEMPORARILY_CLOSED: { description: "Closed for a while (temporarily closed)." },
  },
});

export enum ServiceCategory {
  MEDICAL = "MEDICAL",
  LEGAL_AID = "LEGAL_AID",
  EMPLOYMENT = "EMPLOYMENT",
  ELDER_CARE = "ELDER_CARE",
  DISABILITY_SUPPORT = "DISABILITY_SUPPORT",
  CHILD_CARE = "CHILD_CARE",
  PSYCHOLOGICAL_SUPPORT = "PSYCHOLOGICAL_SUPPORT",
  CULTURAL = "CULTURAL",
  OTHER = "OTHER",
}
/** What each category means; residents' requests share them (RequestCategory). */
export const SERVICE_CATEGORY_VALUES = {
  MEDICAL: { description: "Medical care (醫療)." },
  LEGAL_AID: { description: "Legal aid and advice (法律援助)." },
  EMPLOYMENT: { description: "Work and training (就業)." },
  ELDER_CARE: { description: "Care for the elderly (養老)." },
  DISABILITY_SUPPORT: { description: "Support for people with disabilities (助殘)." },
  CHILD_CARE: { description: "Care for children (托育)." },
  PSYCHOLOGICAL_SUPPORT: { description: "Counselling (心理疏導)." },
  CULTURAL: { description: "Culture and recreation (文化)." },
  OTHER: { description: "Anything else." },
};
registerEnumType(ServiceCategory, {
  name: "ServiceCategory",
  description: "What kind of help a service gives.",
  valuesConfig: SERVICE_CATEGORY_VALUES,
});

/** Whom a service is meant for: the essay's key groups, and everyone. */
export enum TargetGroup {
  ELDERLY = "ELDERLY",
  DISABLED = "DISABLED",
  LOW_INCOME = "LOW_INCOME",
  CHILDREN = "CHILDREN",
  VETERANS = "VETERANS",
  MIGRANTS = "MIGRANTS",
  ALL_RESIDENTS = "ALL_RESIDENTS",
}
registerEnumType(TargetGroup, {
  name: "TargetGroup",
  description: "Whom a service is meant for.",
  valuesConfig: {
    ELDERLY: { description: "Elderly residents (老年人)." },
    DISABLED: { description: "People with disabilities (殘疾人)." },
    LOW_INCOME: { description: "Low-income households (低收入家庭)." },
    CHILDREN: { description: "Children (兒童)." },
    VETERANS: { description: "Veterans (退役軍人)." },
    MIGRANTS: { description: "Residents from elsewhere (外來人口)." },
    ALL_RESIDENTS: { description: "Every resident (全體居民)." },
  },
});

@ObjectType("CostOption", { simpleResolvers: true, description: "A price of a service (HSDS cost_option)." })
export class CostOption {
  /** HSDS gives each cost option an id of its own. */
  id: string;

  @Field(() => String, { description: "What the price is for, e.g. 每次, 每月." })
  option: string;

  @Field(() => Float, { description: "The price, in `currency`." })
  amount: number;

  @Field(() => String, { description: "ISO 4217 code, e.g. CNY." })
  currency: string;
}

/**
 * A service an organisation offers residents (Open Referral HSDS 3.0 `service`). Public, in GraphQL and
 * in the HSDS API, while ACTIVE and not retired (services/community/service-visibility.ts).
 */
@Entity("service")
@ObjectType("Service", { implements: Node, simpleResolvers: true, description: "A service an organisation offers residents, in the shape of Open Referral HSDS 3.0." })
export class Service {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ name: "organization_id", type: "uuid" })
  organizationId: string;

  @Field(() => String, { description: "The service's name." })
  @Column({ type: "varchar", length: 200 })
  name: string;

  @Field(() => String, { nullable: true, description: "What the service does, in more words; null when not given." })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => ServiceStatus, { description: "Whether the service is offered now (HSDS status)." })
  @Column({ type: "varchar", length: 20 })
  status: ServiceStatus;

  @Field(() => [ServiceCategory], { description: "What kinds of help the service gives." })
  @Column({ type: "varchar", length: 24, array: true })
  categories: ServiceCategory[];

  @Field(() => [TargetGroup], { description: "Whom the service is meant for." })
  @Column({ name: "target_groups", type: "varchar", length: 16, array: true })
  targetGroups: TargetGroup[];

  @Field(() => String, { nullable: true, description: "Who may use the service, in words (HSDS eligibility_description)." })
  @Column({ type: "text", nullable: true })
  eligibility: string | null;

  @Field(() => Boolean, { description: "Whether the service costs nothing; otherwise see costOptions." })
  @Column({ name: "is_free", type: "boolean" })
  isFree: boolean;

  @Field(() => String, { nullable: true, description: "Fees in words (HSDS fees_description)." })
  @Column({ name: "fees_description", type: "text", nullable: true })
  feesDescription: string | null;

  @Field(() => [CostOption], { description: "Its prices; empty when it is free or priced only in words." })
  @Column({ name: "cost_options", type: "jsonb", default: () => "'[]'" })
  costOptions: CostOption[];

  @Field(() => [String], { description: "Languages the service is given in, as BCP 47 tags (zh, yue, en, …)." })
  @Column({ type: "varchar", length: 35, array: true, default: () => "'{}'" })
  languages: string[];

  @Field(() => String, { nullable: true, description: "Whom to ask, a role or a desk (not a private person's name)." })
  @Column({ name: "contact_name", type: "varchar", length: 100, nullable: true })
  contactName: string | null;

  @Field(() => String, { nullable: true, description: "A telephone number to ask about the service; null when not given." })
  @Column({ name: "contact_phone", type: "varchar", length: 32, nullable: true })
  contactPhone: string | null;

  @Field(() => String, { nullable: true, description: "An email address to ask about the service; null when not given." })
  @Column({ name: "contact_email", type: "varchar", length: 254, nullable: true })
  contactEmail: string | null;

  @Field(() => String, { nullable: true, description: "A web page about the service; null when not given." })
  @Column({ type: "varchar", length: 300, nullable: true })
  url: string | null;

  @Field(() => Date, { nullable: true, description: "When the organisation retired the service; retired services are no longer listed publicly." })
  @Column({ name: "retired_at", type: "timestamptz", precision: 3, nullable: true })
  retiredAt: Date | null;

  @Field(() => Date, { description: "When the service was added (UTC, ISO 8601)." })
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;

  @Field(() => Date, { description: "When the service last changed (UTC, ISO 8601)." })
  @UpdateDateColumn({ name: "updated_at", type: "timestamptz", precision: 3 })
  updatedAt: Date;
}
