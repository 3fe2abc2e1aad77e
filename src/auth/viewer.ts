import type { ApiKey } from "../entities/api-key";
import type { MemberRole } from "../entities/membership";
import type { User } from "../entities/user";

/** Who is calling: nobody in particular, a signed-in user, or an integrator's API key. */
export type Viewer =
  | { kind: "anonymous" }
  | { kind: "user"; user: User; memberships: ReadonlyMap<string, MemberRole>; verified: ReadonlySet<string> }
  | { kind: "apiKey"; key: ApiKey; verified: ReadonlySet<string> }
  /** An organisation's webhook deliveries: they read what its members read, and never act. */
  | { kind: "organization"; organizationId: string; verified: ReadonlySet<string> };
// `verified`: which of the viewer's organisations are VERIFIED now; members-only fields follow it (auth/read-policy.ts).

export const ANONYMOUS: Viewer = { kind: "anonymous" };

/** Who a change is recorded against, and for which organisation. */
export interface Actor {
  organizationId: string | null;
  userId: string | null;
  apiKeyId: string | null;
}

/** Names a viewer: everything it may read follows from this. */
export function viewerKey(viewer: Viewer): string {
  if (viewer.kind === "apiKey") return `key:${viewer.key.id}`;
  if (viewer.kind === "user") return `user:${viewer.user.id}`;
  if (viewer.kind === "organization") return `organization:${viewer.organizationId}`;
  return "anonymous";
}

/**
 * Names a viewer with the rights it holds now: results executed for it may be shared only under this
 * name, so a viewer whose roles changed on a live connection never reuses one made for its former rights.
 */
export function rightsKey(viewer: Viewer): string {
  let key = rightsKeys.get(viewer);
  if (key === undefined) rightsKeys.set(viewer, (key = nameRights(viewer)));
  return key;
}

// Asked for each event of each subscriber; a viewer is replaced, never changed in place, when its rights change.
const rightsKeys = new WeakMap<Viewer, string>();

function nameRights(viewer: Viewer): string {
  if (viewer.kind === "anonymous") return viewerKey(viewer);
  const verified = ` verified:${[...viewer.verified].sort().join(",")}`;
  if (viewer.kind === "user") {
    const roles = [...viewer.memberships].map(([organizationId, role]) => `${organizationId}=${role}`).sort();
    return `${viewerKey(viewer)} ${roles.join(",")}${verified}`;
  }
  if (viewer.kind === "apiKey") return `${viewerKey(viewer)} ${[...viewer.key.scopes].sort().join(",")}${verified}`;
  return `${viewerKey(viewer)}${verified}`;
}
