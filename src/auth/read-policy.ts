import type { EntityManager } from "typeorm";
import { Alert, AlertScope } from "../entities/alert";
import { PartnershipStatus } from "../entities/partnership";
import { Project, ProjectStatus } from "../entities/project";
import type { Viewer } from "./viewer";

/**
 * What a viewer may read. Public: organisations, areas, projects past DRAFT and their needs.
 * A DRAFT project (and its needs) shows only to its readers: the members of organisations invited
 * to it or taking part in it (its lead among them); contact numbers and the notes on pledges and
 * deliveries show only to members of some organisation and to API keys.
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

/** Members of any organisation, and API keys, read members-only fields. */
export function readsMembersOnly(viewer: Viewer): boolean {
  return organizationsOf(viewer).length > 0;
}

/** Who belongs to an organisation shows to the people who belong to it, not to its keys. */
export function canSeeMembersOf(viewer: Viewer, organizationId: string): boolean {
  return viewer.kind === "user" && organizationsOf(viewer).includes(organizationId);
}

/** Who may read an alert: PUBLIC everyone, RESTRICTED members of any organisation, PRIVATE the issuer's members. */
export function canSeeAlert(viewer: Viewer, alert: Pick<Alert, "scope" | "issuingOrganizationId">): boolean {
  if (alert.scope === AlertScope.PUBLIC) return true;
  if (alert.scope === AlertScope.RESTRICTED) return readsMembersOnly(viewer);
  return organizationsOf(viewer).includes(alert.issuingOrganizationId);
}

/** SQL: the partnership row (alias `reader`) makes its organisation a reader of its project when a DRAFT. */
export const IS_DRAFT_READER_SQL = `"reader"."status" IN (${DRAFT_READER_STATUSES.map((status) => `'${status}'`).join(", ")})`;

/** SQL that keeps a project row (alias `alias`) one of the organisations in `organizationsSql` (a uuid[]) may see. */
export const visibleProjectSql = (alias: string, organizationsSql: string): string =>
  `(${alias}."status" <> 'DRAFT' OR EXISTS (SELECT 1 FROM partnership "reader" WHERE "reader"."project_id" = ${alias}."id" AND ${IS_DRAFT_READER_SQL} AND "reader"."organization_id" = ANY(${organizationsSql})))`;

/** SQL that keeps a project row (alias `project`) the viewer may see; its parameter is `:viewerOrganizations`. */
export const VISIBLE_PROJECT_SQL = visibleProjectSql(`"project"`, `CAST(:viewerOrganizations AS uuid[])`);

/** Whether the viewer may see the project, read in the caller's transaction. */
export function seesProject(manager: EntityManager, viewer: Viewer, projectId: string): Promise<boolean> {
  return manager
    .createQueryBuilder(Project, "project")
    .where(`"project"."id" = :projectId`, { projectId })
    .andWhere(VISIBLE_PROJECT_SQL, { viewerOrganizations: organizationsOf(viewer) })
    .getExists();
}
