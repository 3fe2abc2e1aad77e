import { DataSource, EntityManager } from "typeorm";
import { actFor, canAdminister, REQUIRE, signedInUser } from "../auth/policy";
import { readsContactPhone } from "../auth/read-policy";
import type { Viewer } from "../auth/viewer";
import type { Loaders } from "../loaders";
import { Membership, MemberRole } from "../entities/membership";
import { KeysetPager, Page, PageArgs, Sort, SortDirection } from "../db/keyset-page";
import { Organization, OrganizationKind } from "../entities/organization";
import { t } from "../i18n/text";
import { AreaService } from "./area.service";
import { InputCheck, UserErrorCode } from "./errors";
import { actingOrganization, applyLocation, findArea, inTransaction, refuse, requireFields, text } from "./input-rules";
import { containsText } from "./text-search";
import { audit, snapshot } from "./audit";
import { lapseIfVouchedFieldsChange } from "./verification.service";

export type OrganizationSortField = "NAME" | "CREATED_AT";

export const ORGANIZATION_SORTS: Record<OrganizationSortField, Omit<Sort, "direction">> = {
  NAME: { name: "NAME", property: "name", kind: "text" },
  CREATED_AT: { name: "CREATED_AT", property: "createdAt", kind: "timestamp" },
};

export interface OrganizationFilter {
  kinds?: OrganizationKind[] | null;
  /** This area and every area below it. */
  areaCode?: string | null;
  parentId?: string | null;
  /** Organisations asking to belong to this one. */
  requestedParentId?: string | null;
  search?: string | null;
}

/** Values a caller sets; `undefined` leaves a field as it is, `null` clears it. */
export interface OrganizationFields {
  kind?: OrganizationKind | null;
  name?: string | null;
  slug?: string | null;
  description?: string | null;
  areaCode?: string | null;
  parentId?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  contactPhone?: string | null;
  website?: string | null;
}

const LIMITS = { name: 200, slug: 64, description: 5000, address: 300, contactPhone: 32, website: 300 };

const SEARCHED_TEXT = `"organization"."search_text"`;
// Parent changes take turns so two concurrent moves cannot close a cycle between them.
const TREE_LOCK = 7_041_992;

export class OrganizationService {
  private readonly pager: KeysetPager<Organization>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly areas: AreaService,
  ) {
    this.pager = new KeysetPager(dataSource.getRepository(Organization));
  }

  /** The organisation's phone number; members only (read-policy's `readsContactPhone`), null for others. */
  async contactPhoneFor(viewer: Viewer, loaders: Pick<Loaders, "sharesWith">, organization: Organization): Promise<string | null> {
    const reads = await readsContactPhone(viewer, organization.id, (organizationId, reader) => loaders.sharesWith.load(`${organizationId} ${reader}`));
    return reads ? organization.contactPhone : null;
  }

  async list(filter: OrganizationFilter, field: OrganizationSortField, direction: SortDirection, args: PageArgs): Promise<Page<Organization>> {
    const query = this.dataSource.getRepository(Organization).createQueryBuilder("organization");
    if (filter.kinds?.length) query.andWhere(`"organization"."kind" IN (:...kinds)`, { kinds: filter.kinds });
    if (filter.areaCode != null) {
      await this.areas.require(filter.areaCode, "filter.areaCode");
      query.andWhere(`"organization"."area_code" LIKE :areaPrefix`, { areaPrefix: `${filter.areaCode}%` });
    }
    if (filter.parentId != null) query.andWhere(`"organization"."parent_id" = :parentId`, { parentId: filter.parentId });
    if (filter.requestedParentId != null) query.andWhere(`"organization"."requested_parent_id" = :requestedParentId`, { requestedParentId: filter.requestedParentId });
    if (filter.search != null) query.andWhere(containsText(SEARCHED_TEXT, filter.search));
    return this.pager.page(query, { ...ORGANIZATION_SORTS[field], direction }, args);
  }

  /** Any signed-in person may register an organisation, and becomes its OWNER. */
  async create(viewer: Viewer, fields: OrganizationFields): Promise<Organization> {
    const { user } = signedInUser(viewer);
    return inTransaction(this.dataSource, async (manager) => {
      const organization = manager.create(Organization, {
        description: null,
        parentId: null,
        requestedParentId: null,
        address: null,
        latitude: null,
        longitude: null,
        contactPhone: null,
        website: null,
      });
      await this.apply(viewer, manager, organization, fields, true);
      const saved = await manager.save(organization);
      await manager.insert(Membership, { userId: user.id, organizationId: saved.id, role: MemberRole.OWNER });
      await audit(manager, { organizationId: saved.id, userId: user.id, apiKeyId: null }, { action: "createOrganization", entityType: "Organization", entityId: saved.id, before: null, after: saved });
      return saved;
    }, slugTaken(fields.slug));
  }

  async update(viewer: Viewer, id: string, fields: OrganizationFields): Promise<Organization> {
    const actor = actFor(viewer, id, REQUIRE.administration);
    return inTransaction(this.dataSource, async (manager) => {
      // Taken before any row lock: the foreign-key check on a new parent locks that parent's row.
      if (fields.parentId != null) await manager.query("SELECT pg_advisory_xact_lock($1)", [TREE_LOCK]);
      const organization = await manager.findOne(Organization, { where: { id }, lock: { mode: "pessimistic_write" } });
      if (!organization) refuse("id", UserErrorCode.NOT_FOUND, t("organization.notFound"));
      const before = snapshot(organization);
      await this.apply(viewer, manager, organization, fields, false);
      const saved = await manager.save(organization);
      await audit(manager, actor, { action: "updateOrganization", entityType: "Organization", entityId: saved.id, before, after: saved });
      return saved;
    }, slugTaken(fields.slug));
  }

  /** Checks every field and copies the valid ones; throws all problems together. */
  private async apply(viewer: Viewer, manager: EntityManager, target: Organization, fields: OrganizationFields, creating: boolean): Promise<void> {
    const check = new InputCheck();
    requireFields(check, fields, ["kind", "name", "slug", "areaCode"], creating);

    // Before anything changes: a verified organisation that changes what was vouched for is unverified again.
    if (!creating) lapseIfVouchedFieldsChange(target, fields);
    if (fields.kind != null) target.kind = fields.kind;
    const name = text(check, "name", fields.name, LIMITS.name, true);
    if (name) target.name = name;
    const slug = text(check, "slug", fields.slug, LIMITS.slug, true);
    if (slug) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) {
        check.add("slug", UserErrorCode.INVALID, t("organization.slugInvalid"));
      } else target.slug = slug;
    }
    for (const key of ["description", "address", "contactPhone", "website"] as const) {
      if (fields[key] !== undefined) target[key] = text(check, key, fields[key], LIMITS[key], false);
    }
    if (target.contactPhone && !/^\+?[0-9][0-9 ()-]*[0-9]$/.test(target.contactPhone)) {
      check.add("contactPhone", UserErrorCode.INVALID, t("organization.phoneInvalid"));
    }
    if (fields.website && target.website && !isWebUrl(target.website)) {
      check.add("website", UserErrorCode.INVALID, t("organization.websiteInvalid"));
    }
    applyLocation(check, target, fields);

    if (fields.areaCode != null) {
      const area = await findArea(manager, check, "areaCode", fields.areaCode);
      if (area) target.areaCode = area.code;
    }
    if (fields.parentId !== undefined) await this.checkParent(viewer, manager, check, target, fields.parentId);
    if (slug && !check.has("slug")) {
      const holder = await manager.findOneBy(Organization, { slug });
      if (holder && holder.id !== target.id) check.add("slug", UserErrorCode.TAKEN, t("organization.slugTakenBy", { slug, holder: holder.name }));
    }
    check.throwIfAny();
  }

  /**
   * A parent is asked first: the link is a pending request until the parent's admins accept it, unless
   * the caller is one of them. Leaving a parent needs nobody's consent.
   */
  private async checkParent(viewer: Viewer, manager: EntityManager, check: InputCheck, target: Organization, parentId: string | null): Promise<void> {
    if (parentId === null) {
      target.parentId = null;
      target.requestedParentId = null;
      return;
    }
    if (parentId === target.parentId) return;
    const parent = await manager.findOneBy(Organization, { id: parentId });
    if (!parent) {
      check.add("parentId", UserErrorCode.NOT_FOUND, t("organization.parentNotFound"));
      return;
    }
    if (target.id && (await this.isSelfOrDescendant(manager, parentId, target.id))) {
      check.add("parentId", UserErrorCode.CYCLE, t("organization.parentCycle", { parent: parent.name }));
      return;
    }
    if (canAdminister(viewer, parentId)) {
      target.parentId = parentId;
      target.requestedParentId = null;
    } else target.requestedParentId = parentId;
  }

  /** The parent's admins accept or refuse an organisation's request to belong to it. */
  async answerParentRequest(viewer: Viewer, parentId: string, organizationId: string, accept: boolean): Promise<Organization> {
    const actor = actFor(viewer, parentId, REQUIRE.administration);
    return inTransaction(this.dataSource, async (manager) => {
      await manager.query("SELECT pg_advisory_xact_lock($1)", [TREE_LOCK]);
      const organization = await manager.findOne(Organization, { where: { id: organizationId }, lock: { mode: "pessimistic_write" } });
      if (!organization || organization.requestedParentId !== parentId) refuse("organizationId", UserErrorCode.NOT_FOUND, t("organization.noParentRequest"));
      const before = snapshot(organization);
      organization.requestedParentId = null;
      if (accept) {
        // The tree may have changed since the request was made.
        if (await this.isSelfOrDescendant(manager, parentId, organization.id)) {
          refuse("organizationId", UserErrorCode.CYCLE, t("organization.parentCycle", { parent: (await actingOrganization(manager, parentId)).name }));
        }
        organization.parentId = parentId;
      }
      const saved = await manager.save(organization);
      await audit(manager, actor, { action: accept ? "acceptParentRequest" : "refuseParentRequest", entityType: "Organization", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

  /** Whether `candidate` is `ancestor` itself or lies below it in the tree. */
  private async isSelfOrDescendant(manager: EntityManager, candidate: string, ancestor: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH RECURSIVE chain AS (
         SELECT id, parent_id FROM organization WHERE id = $1
         UNION
         SELECT o.id, o.parent_id FROM organization o JOIN chain ON o.id = chain.parent_id
       )
       SELECT 1 FROM chain WHERE id = $2`,
      [candidate, ancestor],
    );
    return rows.length > 0;
  }
}

/** A registration that lost a race for its slug gets the same userError as the check. */
function slugTaken(slug: string | null | undefined) {
  return { constraint: "organization_slug_key", field: "slug", text: t("organization.slugTaken", { slug: String(slug) }) };
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
