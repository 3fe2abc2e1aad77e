import type { EntityManager } from "typeorm";
import { Alert, AlertScope } from "../entities/alert";
import { PartnershipStatus } from "../entities/partnership";
import { Project, ProjectStatus } from "../entities/project";
import type { Viewer } from "./viewer";

/**
 * What a viewer may read. Public: organisations, areas, projects past DRAFT and their needs.
 * A DRAFT project (and its needs) shows only to its readers: the members of organisations invited
 * to it or taking part in it (its lead among them). Members-only fields (contact phones, notes and reasons on
 * pledges and deliveries, RESTRICTED alerts) show to readers acting through a VERIFIED organisation and to the
 * object's parties; README "Who reads members-only fields" has the table.
 */
export function organizationsOf(viewer: Viewer): string[] {
  if (viewer.kind === "apiKey") return [viewer.key.organizationId];
  if (viewer.kind === "user") return [...viewer.memberships.keys()];
  if (viewer.kind === "organization") return [viewer.organizationId];
  return [];
}

/** Partnerships whose organisation reads a DRAFT project: invited ones, so they can decide, and active ones. */
export const DRAFT_READER_STATUSES = [PartnershipStatus.INVITED, PartnershipStatus.ACTIVE];

/** Whether an organisation among `viewerOrganizations` reads a project, given the organisations that read it as a DRAFT. */
export function readsProject(status: string, draftReaders: readonly string[], viewerOrganizations: readonly string[]): boolean {
  return status !== ProjectStatus.DRAFT || draftReaders.some((id) => viewerOrganizations.includes(id));
}

/** `draftReadersOf` answers a DRAFT project's readers; it is not asked for projects past DRAFT. */
export async function canSeeProject(
  viewer: Viewer,
  project: Pick<Project, "id" | "status">,
  draftReadersOf: (projectId: string) => Promise<string[]>,
): Promise<boolean> {
  if (project.status !== ProjectStatus.DRAFT) return true;
  const mine = organizationsOf(viewer);
  return mine.length > 0 && readsProject(project.status, await draftReadersOf(project.id), mine);
}

/** Whether the viewer acts through an organisation that is VERIFIED now (a member of one, or its key or webhooks). */
export function actsVerified(viewer: Viewer): boolean {
  return viewer.kind !== "anonymous" && viewer.verified.size > 0;
}

/**
 * Whether the viewer reads a pledge's note and response reason and its deliveries' notes: when it acts verified,
 * or through one of the pledge's parties (the pledger, the need's poster, the project's invited and active
 * partners). `partiesOf` is asked only when that decides, so verified and anonymous readers cost nothing.
 */
export async function readsPledgeNotes(viewer: Viewer, partiesOf: () => Promise<readonly string[]>): Promise<boolean> {
  return readsWhenParty(viewer, async (mine) => {
    const parties = await partiesOf();
    return mine.some((id) => parties.includes(id));
  });
}

/**
 * Whether the viewer reads an organisation's contact phone: its own members and keys always; others when they
 * act verified, or share a project (both invited or active partners) or a pledge (both among the pledger, the
 * need's poster and the project's lead) with it, as `sharesWith(organizationId, reader)` answers.
 */
export function readsContactPhone(viewer: Viewer, organizationId: string, sharesWith: (organizationId: string, reader: string) => Promise<boolean>): Promise<boolean> {
  return readsWhenParty(viewer, async (mine) => mine.includes(organizationId) || (await Promise.all(mine.map((reader) => sharesWith(organizationId, reader)))).some(Boolean));
}

async function readsWhenParty(viewer: Viewer, isParty: (mine: readonly string[]) => Promise<boolean>): Promise<boolean> {
  if (actsVerified(viewer)) return true;
  const mine = organizationsOf(viewer);
  return mine.length > 0 && isParty(mine);
}

/** Who belongs to an organisation shows to the people who belong to it, not to its keys. */
export function canSeeMembersOf(viewer: Viewer, organizationId: string): boolean {
  return viewer.kind === "user" && organizationsOf(viewer).includes(organizationId);
}

/** Who may read an alert: PUBLIC everyone, RESTRICTED readers acting verified and the issuer's, PRIVATE the issuer's members. */
export function canSeeAlert(viewer: Viewer, alert: Pick<Alert, "scope" | "issuingOrganizationId">): boolean {
  if (alert.scope === AlertScope.PUBLIC) return true;
  if (alert.scope === AlertScope.RESTRICTED && actsVerified(viewer)) return true;
  return organizationsOf(viewer).includes(alert.issuingOrganizationId);
}

/** SQL keeping the alert rows (alias `alert`) `canSeeAlert` allows; its parameters are `:actsVerified` and `:mine`. */
export const VISIBLE_ALERT_SQL = `("alert"."scope" = 'PUBLIC' OR ("alert"."scope" = 'RESTRICTED' AND :actsVerified) OR "alert"."issuing_organization_id" = ANY(CAST(:mine AS uuid[])))`;

/** SQL: the partnership row (alias `reader`) makes its organisation a reader of its project when a DRAFT. */
export const IS_DRAFT_READER_SQL = `"reader"."status" IN (${DRAFT_READER_STATUSES.map((status) => `'${status}'`).join(", ")})`;

/** SQL that keeps a project row (alias `alias`) anyone may see: one that is not a DRAFT. */
const publicProjectSql = (alias: string): string => `${alias}."status" <> 'DRAFT'`;

/** SQL that keeps a project row (alias `alias`) one of the organisations in `organizationsSql` (a uuid[]) may see. */
export const visibleProjectSql = (alias: string, organizationsSql: string): string =>
  `(${publicProjectSql(alias)} OR EXISTS (SELECT 1 FROM partnership "reader" WHERE "reader"."project_id" = ${alias}."id" AND ${IS_DRAFT_READER_SQL} AND "reader"."organization_id" = ANY(${organizationsSql})))`;

/** SQL that keeps a project row (alias `project`) the viewer may see; its parameter is `:viewerOrganizations`. */
export const VISIBLE_PROJECT_SQL = visibleProjectSql(`"project"`, `CAST(:viewerOrganizations AS uuid[])`);

/**
 * VISIBLE_PROJECT_SQL with its parameters, for a query builder's `where`: for a viewer of no organisation (an anonymous
 * reader) only the DRAFT test, with no parameter. Given an empty array, PostgreSQL planned the named reads that
 * hold it afresh at every run (a plan knowing the array was empty always looked cheaper than its generic plan); that
 * planning was a fifth of Q1's database CPU (bench/results/2026-12-06-issue-12-database-cpu.md).
 */
export function visibleProjectCondition(viewer: Viewer): [string, { viewerOrganizations?: string[] }] {
  const mine = organizationsOf(viewer);
  return mine.length ? [VISIBLE_PROJECT_SQL, { viewerOrganizations: mine }] : [publicProjectSql(`"project"`), {}];
}

/** Whether the viewer may see the project, read in the caller's transaction. */
export function seesProject(manager: EntityManager, viewer: Viewer, projectId: string): Promise<boolean> {
  return manager
    .createQueryBuilder(Project, "project")
    .where(`"project"."id" = :projectId`, { projectId })
    .andWhere(...visibleProjectCondition(viewer))
    .getExists();
}
