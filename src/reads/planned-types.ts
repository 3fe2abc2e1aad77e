import type { ObjectLiteral } from "typeorm";
import type { Page, Sort } from "../db/keyset-page";
import { OLDEST_FIRST } from "../loaders/collaboration.loaders";
import { Organization } from "../entities/organization";
import { Partnership } from "../entities/partnership";
import { Pledge } from "../entities/pledge";
import { Project } from "../entities/project";
import { ResourceNeed } from "../entities/resource-need";
import { PledgeConnection } from "../schema/pledge.types";
import { PartnershipConnection } from "../schema/project.types";

/** A row the object points to through `foreignKey` (a property of the parent). */
export interface OneRelation {
  kind: "one";
  target: string;
  foreignKey: string;
}

/** A page of the rows whose `parentKey` is the parent's id, in `sort` order, narrowed by a `statuses` argument. */
export interface PageRelation {
  kind: "page";
  target: string;
  parentKey: string;
  sort: Sort;
  connection: (page: Page<ObjectLiteral>) => object;
}

export type PlannedRelation = OneRelation | PageRelation;

/**
 * A GraphQL object type whose reads may be planned from the selection: its column fields (those
 * without a resolver) come straight from its table.
 */
export interface PlannedType {
  entity: new () => ObjectLiteral;
  /** Properties every planned row carries: what `keyedFields` and cursors read. */
  keyProperties: readonly string[];
  /** Fields with a resolver that reads nothing but `keyProperties` (and loaders); any other resolver makes the object unplanned. */
  keyedFields: ReadonlySet<string>;
  relations: Readonly<Record<string, PlannedRelation>>;
}

/** Planned rows hold only the columns selected, which is all the executor reads of them. */
const ofPlainRows = <T>(page: Page<ObjectLiteral>) => page as unknown as Page<T>;

/**
 * The types reads are planned for, by GraphQL name. Members-only and derived fields (an
 * organisation's contact phone and verification, a pledge's note and response reason) are left to
 * their resolvers: an object that selects one is read as before.
 */
export const PLANNED_TYPES: Readonly<Record<string, PlannedType>> = {
  ResourceNeed: {
    entity: ResourceNeed,
    keyProperties: ["id", "projectId", "postedByOrganizationId", "areaCode"],
    keyedFields: new Set(["id", "area", "statusHistory", "project", "postedBy", "pledges"]),
    relations: {
      project: { kind: "one", target: "Project", foreignKey: "projectId" },
      postedBy: { kind: "one", target: "Organization", foreignKey: "postedByOrganizationId" },
      pledges: { kind: "page", target: "Pledge", parentKey: "needId", sort: OLDEST_FIRST, connection: (page) => PledgeConnection.of(ofPlainRows<Pledge>(page)) },
    },
  },
  Project: {
    entity: Project,
    keyProperties: ["id", "areaCode", "leadOrganizationId"],
    keyedFields: new Set(["id", "area", "needs", "lead", "partners"]),
    relations: {
      lead: { kind: "one", target: "Organization", foreignKey: "leadOrganizationId" },
      partners: {
        kind: "page",
        target: "Partnership",
        parentKey: "projectId",
        sort: OLDEST_FIRST,
        connection: (page) => PartnershipConnection.of(ofPlainRows<Partnership>(page)),
      },
    },
  },
  Organization: {
    entity: Organization,
    keyProperties: ["id", "areaCode", "parentId", "requestedParentId"],
    keyedFields: new Set(["id", "area", "parent", "requestedParent", "members", "apiKeys", "projects", "pledges", "children", "webhookEndpoints"]),
    relations: {},
  },
  Pledge: {
    entity: Pledge,
    keyProperties: ["id", "needId", "organizationId", "createdAt"],
    keyedFields: new Set(["id", "need", "organization", "deliveries"]),
    relations: { organization: { kind: "one", target: "Organization", foreignKey: "organizationId" } },
  },
  Partnership: {
    entity: Partnership,
    keyProperties: ["id", "projectId", "organizationId", "createdAt"],
    keyedFields: new Set(["id", "project", "organization"]),
    relations: { organization: { kind: "one", target: "Organization", foreignKey: "organizationId" } },
  },
};
