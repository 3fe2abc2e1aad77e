import { DataSource } from "typeorm";
import { actFor, REQUIRE } from "../auth/policy";
import type { Viewer } from "../auth/viewer";
import { KeysetPager, Page, PageArgs } from "../db/keyset-page";
import { OfferedCapacity } from "../entities/offered-capacity";
import { NeedCategory, NeedStatus, ResourceNeed } from "../entities/resource-need";
import { t } from "../i18n/text";
import { audit } from "./audit";
import { InputCheck, UserErrorCode } from "./errors";
import { actingOrganization, findArea, inTransaction, quantityInCents, text } from "./input-rules";
import { needSort, ResourceNeedService } from "./resource-need.service";

/** An organisation lists a few lines of what it offers, not a catalogue. */
export const MAX_CAPACITIES = 20;

export interface CapacityFields {
  category: NeedCategory;
  areaCode: string;
  quantity?: number | null;
  unit?: string | null;
  note?: string | null;
}

/** Needs it could fill are those still open to offers. */
const FILLABLE_STATUSES = [NeedStatus.OPEN, NeedStatus.PARTIALLY_PLEDGED];

/** What organisations say they can offer, and the open needs that match it. */
export class CapacityService {
  private readonly needPager: KeysetPager<ResourceNeed>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly needs: ResourceNeedService,
  ) {
    this.needPager = new KeysetPager(dataSource.getRepository(ResourceNeed));
  }

  /** Replaces the organisation's whole list in one transaction: what it sends is what it offers from now on. */
  async declare(viewer: Viewer, actingId: string, lines: CapacityFields[]): Promise<{ organizationId: string }> {
    const actor = actFor(viewer, actingId, REQUIRE.capacities);
    return inTransaction(this.dataSource, async (manager) => {
      await actingOrganization(manager, actingId);
      const check = new InputCheck();
      if (lines.length > MAX_CAPACITIES) check.add("capacities", UserErrorCode.TOO_LONG, t("capacity.tooMany", { max: MAX_CAPACITIES }));
      const seen = new Set<string>();
      const rows: Partial<OfferedCapacity>[] = [];
      for (const [index, line] of lines.slice(0, MAX_CAPACITIES).entries()) {
        const field = (name: string) => `capacities.${index}.${name}`;
        const area = await findArea(manager, check, field("areaCode"), line.areaCode);
        const place = `${line.category} ${line.areaCode}`;
        if (seen.has(place)) check.add(field("areaCode"), UserErrorCode.TAKEN, t("capacity.repeated", { category: line.category, areaCode: line.areaCode }));
        seen.add(place);
        const cents = line.quantity == null ? undefined : quantityInCents(check, field("quantity"), line.quantity);
        const unit = text(check, field("unit"), line.unit, 32, false);
        if ((line.quantity == null) !== (unit === null)) check.add(field(unit === null ? "unit" : "quantity"), UserErrorCode.REQUIRED, t("capacity.quantityWithUnit"));
        const note = text(check, field("note"), line.note, 200, false);
        if (area) rows.push({ organizationId: actingId, category: line.category, areaCode: area.code, quantity: cents === undefined ? null : cents / 100, unit, note, position: index });
      }
      check.throwIfAny();

      const before = await manager.find(OfferedCapacity, { where: { organizationId: actingId }, order: { position: "ASC" } });
      await manager.delete(OfferedCapacity, { organizationId: actingId });
      const after = rows.length > 0 ? await manager.save(OfferedCapacity, rows.map((row) => manager.create(OfferedCapacity, row))) : [];
      await audit(manager, actor, { action: "declareCapacities", entityType: "Organization", entityId: actingId, before: { capacities: before }, after: { capacities: after } });
      return { organizationId: actingId };
    });
  }

  /**
   * Open needs the viewer may see that match one of the organisation's declared capacities (its category, in
   * its area or an area inside it), not posted by the organisation itself; most urgent first.
   */
  async needsItCouldFill(viewer: Viewer, organizationId: string, args: PageArgs): Promise<Page<ResourceNeed>> {
    const query = await this.needs.filteredQuery(viewer, { statuses: FILLABLE_STATUSES });
    query
      .andWhere(`"need"."posted_by_organization_id" <> :capable`, { capable: organizationId })
      .andWhere(
        `EXISTS (SELECT 1 FROM offered_capacity "capacity" WHERE "capacity"."organization_id" = :capable
           AND "capacity"."category" = "need"."category" AND "need"."area_code" LIKE "capacity"."area_code" || '%')`,
      );
    return this.needPager.page(query, needSort("URGENCY", null), args);
  }
}
