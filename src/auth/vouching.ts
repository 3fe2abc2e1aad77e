import { AreaLevel } from "../entities/area";
import { OrganizationKind } from "../entities/organization";

/** Kinds that carry public authority (alerts, and what later builds on it): they act on it only when verified. */
export const AUTHORITY_KINDS: readonly OrganizationKind[] = [OrganizationKind.PARTY_COMMITTEE, OrganizationKind.PARTY_BRANCH, OrganizationKind.GOVERNMENT_AGENCY];

const PARTY_KINDS = [OrganizationKind.PARTY_COMMITTEE, OrganizationKind.PARTY_BRANCH];

/** Everything else registered in a community: NGOs, enterprises, clinics, legal aid, property management, resident groups, volunteer teams… */
const COMMUNITY_KINDS = Object.values(OrganizationKind).filter((kind) => !AUTHORITY_KINDS.includes(kind));

/** One line of the table: organisations of these kinds at this level vouch for those kinds at those levels within their area. */
export interface VouchingRule {
  voucher: { kinds: readonly OrganizationKind[]; level: AreaLevel };
  vouchee: { kinds: readonly OrganizationKind[]; levels: readonly AreaLevel[] };
}

/**
 * Who vouches for whom, following the Party and government hierarchy. The voucher must itself be
 * VERIFIED, and the organisation vouched for must be registered in the voucher's area. Organisations
 * no line vouches for (the district's own, and city-wide ones) are roots: the operator verifies them.
 */
export const VOUCHING: readonly VouchingRule[] = [
  // The district's Party committee and government agencies vouch for streets' and communities' (and their grids') Party organisations and agencies.
  {
    voucher: { kinds: [OrganizationKind.PARTY_COMMITTEE, OrganizationKind.GOVERNMENT_AGENCY], level: AreaLevel.DISTRICT },
    vouchee: { kinds: AUTHORITY_KINDS, levels: [AreaLevel.STREET, AreaLevel.COMMUNITY, AreaLevel.GRID] },
  },
  // A community's Party organisation vouches for the other organisations registered in the community or its grids.
  {
    voucher: { kinds: PARTY_KINDS, level: AreaLevel.COMMUNITY },
    vouchee: { kinds: COMMUNITY_KINDS, levels: [AreaLevel.COMMUNITY, AreaLevel.GRID] },
  },
];

/** What was vouched for: changing any of these ends a verification until it is given again. */
export const VOUCHED_FIELDS = ["kind", "name", "areaCode"] as const;

/** An organisation with the level of the area it is registered in. */
export interface PlacedOrganization {
  kind: OrganizationKind;
  areaCode: string;
  areaLevel: AreaLevel;
}

/** Whether the table lets `voucher` vouch for `vouchee` (the voucher's own verification is checked by the caller). */
export function mayVouchFor(voucher: PlacedOrganization, vouchee: PlacedOrganization): boolean {
  // Area codes are hierarchical: everything in an area has a code that starts with the area's.
  if (!vouchee.areaCode.startsWith(voucher.areaCode)) return false;
  return VOUCHING.some(
    (rule) =>
      rule.voucher.kinds.includes(voucher.kind) &&
      rule.voucher.level === voucher.areaLevel &&
      rule.vouchee.kinds.includes(vouchee.kind) &&
      rule.vouchee.levels.includes(vouchee.areaLevel),
  );
}
