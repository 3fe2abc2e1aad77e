import { EntityManager } from "typeorm";
import { AUTHORITY_KINDS } from "../../../auth/vouching";
import { AreaLevel } from "../../../entities/area";
import { RequestCategory } from "../../../entities/community/resident-request";
import { Organization, OrganizationKind } from "../../../entities/organization";

/*
 * Where requests go and who says so: the one home of the routing rules (README "Residents' requests").
 *
 * - The routing table is kept by the coordinators of a community or a street: a COORDINATOR (or above) of a
 *   VERIFIED Party or government organisation (AUTHORITY_KINDS, as vouching.ts names them) registered at the
 *   COMMUNITY or STREET level, for areas within its own. The district's and city's leave it to them.
 * - A request goes to the rule of its category whose area prefix is the longest one its area starts with.
 * - Unmatched, it goes to the area's Party organisation: the Party committee or branch registered in the nearest
 *   area up from the request's (grid, then community, street, district); at one level a committee before a
 *   branch, a VERIFIED one before others, then the earliest registered. No Party organisation up the tree: the
 *   request is refused with a userError on areaCode, as nobody would answer it.
 * - Overdue requests escalate up the area tree: first to the street's Party or government organisation, then
 *   the district's (chosen alike: committee, then agency, then branch; VERIFIED first; earliest).
 */

/** Levels whose coordinators keep the routing table. */
export const ROUTING_KEEPER_LEVELS: readonly AreaLevel[] = [AreaLevel.COMMUNITY, AreaLevel.STREET];

/** Whether an organisation (its kind and the level of its area) keeps routing rules, for areas within its own. */
export function keepsRouting(organization: Pick<Organization, "kind">, areaLevel: AreaLevel): boolean {
  return AUTHORITY_KINDS.includes(organization.kind) && ROUTING_KEEPER_LEVELS.includes(areaLevel);
}

const PARTY_KINDS = [OrganizationKind.PARTY_COMMITTEE, OrganizationKind.PARTY_BRANCH];

/** Levels a request escalates to, in turn. */
export const ESCALATION_LEVELS: readonly AreaLevel[] = [AreaLevel.STREET, AreaLevel.DISTRICT];

export interface Route {
  organizationId: string;
  /** The rule that matched; null when the request went to the area's Party organisation. */
  ruleId: string | null;
}

/** The organisation a new request of `category` in `areaCode` goes to; null when nobody would answer it. */
export async function routeRequest(manager: EntityManager, areaCode: string, category: RequestCategory): Promise<Route | null> {
  const [rule]: { id: string; organization_id: string }[] = await manager.query(
    `SELECT id, organization_id FROM request_routing_rule
     WHERE category = $2 AND starts_with($1, area_prefix)
     ORDER BY length(area_prefix) DESC LIMIT 1`,
    [areaCode, category],
  );
  if (rule) return { organizationId: rule.organization_id, ruleId: rule.id };
  const party = await nearestOrganization(manager, areaCode, PARTY_KINDS, null);
  return party ? { organizationId: party, ruleId: null } : null;
}

/** The organisation an overdue request escalates to at `level` (a STREET or DISTRICT over its area); null if none. */
export function escalationTarget(manager: EntityManager, areaCode: string, level: AreaLevel): Promise<string | null> {
  return nearestOrganization(manager, areaCode, AUTHORITY_KINDS, level);
}

/** The nearest organisation of `kinds` registered in an area holding `areaCode` (at `level` only, if given), by the order above. */
async function nearestOrganization(manager: EntityManager, areaCode: string, kinds: readonly OrganizationKind[], level: AreaLevel | null): Promise<string | null> {
  const [found]: { id: string }[] = await manager.query(
    `SELECT o.id FROM organization o JOIN area a ON a.code = o.area_code
     WHERE o.kind = ANY($2) AND starts_with($1, o.area_code) AND ($3::text IS NULL OR a.level = $3)
     ORDER BY length(o.area_code) DESC,
              CASE o.kind WHEN 'PARTY_COMMITTEE' THEN 0 WHEN 'GOVERNMENT_AGENCY' THEN 1 ELSE 2 END,
              (o.verification_status = 'VERIFIED') DESC, o.created_at, o.id
     LIMIT 1`,
    [areaCode, kinds, level],
  );
  return found?.id ?? null;
}
