import { organizationsOf } from "../../auth/read-policy";
import type { Viewer } from "../../auth/viewer";
import { Service, ServiceStatus } from "../../entities/community/service";

/** Public services: ACTIVE and not retired. Everyone, and the HSDS API, sees these. */
export const PUBLIC_SERVICE_SQL = (alias: string) => `("${alias}"."status" = '${ServiceStatus.ACTIVE}' AND "${alias}"."retired_at" IS NULL)`;

/** Services the viewer reads: public ones, and every service of the viewer's own organisations. Takes :viewerOrganizations. */
export const VISIBLE_SERVICE_SQL = (alias: string) => `(${PUBLIC_SERVICE_SQL(alias)} OR "${alias}"."organization_id" = ANY(:viewerOrganizations))`;

export function isPublic(service: Service): boolean {
  return service.status === ServiceStatus.ACTIVE && service.retiredAt === null;
}

export function canSeeService(viewer: Viewer, service: Service): boolean {
  return isPublic(service) || organizationsOf(viewer).includes(service.organizationId);
}
