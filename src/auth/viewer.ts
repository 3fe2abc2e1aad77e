import { DomainError } from "../services/errors";

/** Who is calling. Until sign-in exists every caller is anonymous. */
export interface Viewer {
  kind: "anonymous";
}

export const ANONYMOUS: Viewer = { kind: "anonymous" };

/**
 * Turns the credentials of an HTTP request or a WebSocket `connection_init` into a viewer.
 * No credentials are issued yet, so any that arrive are refused rather than ignored.
 */
export function authenticate(authorization: unknown): Viewer {
  if (authorization === undefined || authorization === null || authorization === "") return ANONYMOUS;
  throw new DomainError("UNAUTHENTICATED", "This server does not issue credentials yet; send the request without an Authorization header.");
}

export type Action =
  | "organization:create"
  | "organization:update"
  | "project:create"
  | "project:update"
  | "partnership:respond"
  | "need:write"
  | "pledge:write";

/**
 * The single place where services ask whether a viewer may act. The registry is open to every
 * caller until organisations and roles exist; the services already ask, so rules land here only.
 */
export function assertAllowed(_viewer: Viewer, _action: Action): void {
  // Every viewer may act until memberships exist (the identity issue brings the rules).
}
