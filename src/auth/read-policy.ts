import { Alert, AlertScope } from "../entities/alert";
import { Project, ProjectStatus } from "../entities/project";
import type { Viewer } from "./viewer";

/**
 * What a viewer may read. Public: organisations, areas, projects past DRAFT and their needs.
 * A DRAFT project (and its needs) shows only to its lead's members; contact numbers and the
 * notes on pledges and deliveries show only to members of some organisation and to API keys.
 */
export function organizationsOf(viewer: Viewer): string[] {
  if (viewer.kind === "apiKey") return [viewer.key.organizationId];
  if (viewer.kind === "user") return [...viewer.memberships.keys()];
  if (viewer.kind === "organization") return [viewer.organizationId];
  return [];
}

export function canSeeProject(viewer: Viewer, project: Project): boolean {
  return project.status !== ProjectStatus.DRAFT || organizationsOf(viewer).includes(project.leadOrganizationId);
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

/** SQL that keeps a project row (alias `project`) the viewer may see; its parameter is `:viewerOrganizations`. */
export const VISIBLE_PROJECT_SQL = `("project"."status" <> 'DRAFT' OR "project"."lead_organization_id" = ANY(CAST(:viewerOrganizations AS uuid[])))`;
