import type { Organization } from "../entities/organization";
import type { ResidentRequest } from "../entities/community/resident-request";
import { organizationsOf } from "./read-policy";
import { AUTHORITY_KINDS } from "./vouching";
import type { Viewer } from "./viewer";

/*
 * Who reads a resident's request, and who sees who filed it: the one home of the rule (README "Residents'
 * requests"; tests/resident-request-privacy.test.ts checks it reader by reader, over HTTP and on a WebSocket).
 *
 *   REQUESTER       the resident who filed it, signed in to the account linked to their person
 *   HANDLER_MEMBER  a member of the organisation handling it now
 *   HANDLER_KEY     an API key or webhook of that organisation
 *   SUPERVISOR      members and keys of a Party or government organisation whose area holds the request's
 *                   (the street and district it escalates to), and of the organisation that entered it
 *   OTHER           anyone else signed in, and every other organisation's key
 *   ANONYMOUS       no credentials
 */
export type RequestReader = "REQUESTER" | "HANDLER_MEMBER" | "HANDLER_KEY" | "SUPERVISOR" | "OTHER" | "ANONYMOUS";

/** Who reads the request at all (its category, description, place, status, history); the public gets counts only. */
export const READS_REQUEST: Record<RequestReader, boolean> = { REQUESTER: true, HANDLER_MEMBER: true, HANDLER_KEY: true, SUPERVISOR: true, OTHER: false, ANONYMOUS: false };

/**
 * Who sees the requester (their person) and their contact value: the requester, and the handling organisation's
 * members when the requester let it see them. Keys and webhooks never: software gets no one's identity.
 */
export const SEES_REQUESTER: Record<RequestReader, "always" | "ifAllowed" | "never"> = {
  REQUESTER: "always", HANDLER_MEMBER: "ifAllowed", HANDLER_KEY: "never", SUPERVISOR: "never", OTHER: "never", ANONYMOUS: "never",
};

/** Which reader the viewer is, given the viewer's own person (if any) and the organisations it reads for. */
export function requestReaderOf(
  viewer: Viewer,
  request: Pick<ResidentRequest, "requesterPersonId" | "handlingOrganizationId" | "filedByOrganizationId" | "areaCode" | "escalatedToOrganizationId">,
  viewerPersonId: string | null,
  viewerOrganizations: readonly Pick<Organization, "id" | "kind" | "areaCode">[],
): RequestReader {
  if (viewer.kind === "anonymous") return "ANONYMOUS";
  if (viewerPersonId !== null && viewerPersonId === request.requesterPersonId) return "REQUESTER";
  const mine = organizationsOf(viewer);
  if (mine.includes(request.handlingOrganizationId)) return viewer.kind === "user" ? "HANDLER_MEMBER" : "HANDLER_KEY";
  if (supervises(request, viewerOrganizations)) return "SUPERVISOR";
  return "OTHER";
}

/** The Party and government organisations over the request's area, the one it was escalated to, and the one that entered it. */
export function supervises(
  request: Pick<ResidentRequest, "filedByOrganizationId" | "areaCode" | "escalatedToOrganizationId">,
  organizations: readonly Pick<Organization, "id" | "kind" | "areaCode">[],
): boolean {
  return organizations.some(
    (organization) =>
      organization.id === request.filedByOrganizationId ||
      organization.id === request.escalatedToOrganizationId ||
      (AUTHORITY_KINDS.includes(organization.kind) && request.areaCode.startsWith(organization.areaCode)),
  );
}

/** Whether the reader sees who filed the request and how to reach them. */
export function seesRequester(reader: RequestReader, request: Pick<ResidentRequest, "identityVisibleToHandler">): boolean {
  const rule = SEES_REQUESTER[reader];
  return rule === "always" || (rule === "ifAllowed" && request.identityVisibleToHandler);
}
