import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE, stewardsNeed } from "../auth/policy";
import { organizationsOf, readsPledgeNotes } from "../auth/read-policy";
import type { Actor, Viewer } from "../auth/viewer";
import type { Loaders } from "../loaders";
import { Delivery } from "../entities/delivery";
import { Organization } from "../entities/organization";
import { Pledge, PledgeStatus } from "../entities/pledge";
import { Project } from "../entities/project";
import { NeedStatus, ResourceNeed } from "../entities/resource-need";
import { t } from "../i18n/text";
import { InputCheck, UserErrorCode } from "./errors";
import { actingOrganization, cents, fromCents, inTransaction, quantityInCents, refuse, requireFields, text } from "./input-rules";
import { refreshNeed } from "./need-figures";
import { lockVisibleNeed } from "./visible-targets";
import { PLEDGEABLE_PROJECT_STATUSES } from "./project.service";
import { audit, snapshot } from "./audit";
import { Event, EventType } from "../entities/event";
import { needEvent, pledgeEvent, recordEvents } from "../events/outbox";
import { pledgeEventMatcher, PledgeStreamFilter } from "../events/subscription-filters";

export interface PledgeFields {
  quantity?: number | null;
  note?: string | null;
  availableFrom?: Date | null;
  expectedDelivery?: Date | null;
}

export interface Acceptance {
  /** At most the offer; the whole offer when left out. */
  quantity?: number | null;
  /** EDXL-RM's provisional acceptance: committed for now, with a reason. */
  provisional?: boolean | null;
  reason?: string | null;
}

/** A pledge with its need, both locked for the transaction (need first, always). */
interface Locked {
  acting: Organization;
  need: ResourceNeed;
  pledge: Pledge;
}

export class PledgeService {
  constructor(private readonly dataSource: DataSource) {}

  /** The pledger's note; members only (read-policy's `readsPledgeNotes`). */
  async noteFor(viewer: Viewer, loaders: Pick<Loaders, "pledgeParties">, pledge: Pledge): Promise<string | null> {
    return (await this.readsPledge(viewer, loaders, pledge.id)) ? pledge.note : null;
  }

  /** Why the pledge was accepted provisionally, declined or withdrawn; members only, as the note. */
  async responseReasonFor(viewer: Viewer, loaders: Pick<Loaders, "pledgeParties">, pledge: Pledge): Promise<string | null> {
    return (await this.readsPledge(viewer, loaders, pledge.id)) ? pledge.responseReason : null;
  }

  /** The delivery's note; members only, read as its pledge's note. */
  async deliveryNoteFor(viewer: Viewer, loaders: Pick<Loaders, "pledgeParties">, delivery: Delivery): Promise<string | null> {
    return (await this.readsPledge(viewer, loaders, delivery.pledgeId)) ? delivery.note : null;
  }

  private readsPledge(viewer: Viewer, loaders: Pick<Loaders, "pledgeParties">, pledgeId: string): Promise<boolean> {
    return readsPledgeNotes(viewer, () => loaders.pledgeParties.load(pledgeId));
  }

  /** Which pledge events reach the viewer through `filter`: those of projects it may see. */
  eventMatcher(viewer: Viewer, filter: PledgeStreamFilter): (event: Event) => boolean {
    return pledgeEventMatcher(filter, organizationsOf(viewer));
  }

  /** Any organisation may offer to fill a need that is still open, up to what remains. */
  async pledge(viewer: Viewer, actingId: string, needId: string, fields: PledgeFields): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.memberWork);
    return inTransaction(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const need = await lockVisibleNeed(manager, viewer, needId);
      await requirePledgeable(manager, need);
      const check = new InputCheck();
      requireFields(check, fields, ["quantity"], true);
      const quantity = quantityInCents(check, "quantity", fields.quantity);
      if (quantity !== undefined && quantity > cents(need.remainingQuantity)) {
        check.add("quantity", UserErrorCode.EXCEEDS_REMAINING, t("pledge.exceedsRemaining", { remaining: need.remainingQuantity, unit: need.unit }));
      }
      const note = text(check, "note", fields.note, 1000, false);
      if (fields.availableFrom && fields.expectedDelivery && fields.expectedDelivery < fields.availableFrom) {
        check.add("expectedDelivery", UserErrorCode.OUT_OF_RANGE, t("pledge.deliveryBeforeAvailable"));
      }
      check.throwIfAny();
      const pledge = await manager.save(
        manager.create(Pledge, {
          needId: need.id,
          organizationId: acting.id,
          quantity: fromCents(quantity!),
          acceptedQuantity: null,
          deliveredQuantity: 0,
          status: PledgeStatus.OFFERED,
          provisional: false,
          responseReason: null,
          note,
          availableFrom: fields.availableFrom ?? null,
          expectedDelivery: fields.expectedDelivery ?? null,
        }),
      );
      await refreshNeed(manager, need, "pledge offered");
      await auditPledge(manager, actor, "pledge", null, pledge, need);
      return pledge;
    });
  }

  /** The project's lead or the need's poster accepts an offer, or confirms a provisional acceptance. */
  async accept(viewer: Viewer, actingId: string, pledgeId: string, acceptance: Acceptance): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.pledgeAnswers);
    return inTransaction(this.dataSource, async (manager) => {
      const { need, pledge } = await this.lock(manager, viewer, actingId, pledgeId);
      await requireResponder(manager, need, actingId);
      const before = snapshot(pledge);
      const confirming = pledge.status === PledgeStatus.ACCEPTED && pledge.provisional;
      if (pledge.status !== PledgeStatus.OFFERED && !confirming) {
        refuse("pledgeId", UserErrorCode.INVALID_TRANSITION, t(pledge.status === PledgeStatus.ACCEPTED ? "pledge.alreadyAccepted" : "pledge.notAcceptable", { status: pledge.status }));
      }
      // Confirming changes nothing in the figures, so a fully pledged need still takes it.
      await requirePledgeable(manager, need, "pledgeId", confirming);
      const check = new InputCheck();
      const quantity = quantityInCents(check, "quantity", acceptance.quantity) ?? cents(pledge.quantity);
      const reason = text(check, "reason", acceptance.reason, 500, false);
      if (acceptance.provisional && !reason) check.add("reason", UserErrorCode.REQUIRED, t("pledge.provisionalNeedsReason"));
      const available = cents(need.remainingQuantity) + (confirming ? cents(pledge.acceptedQuantity ?? 0) : 0);
      if (quantity > cents(pledge.quantity)) {
        check.add("quantity", UserErrorCode.EXCEEDS_REMAINING, t("pledge.acceptMoreThanOffered", { offered: pledge.quantity, unit: need.unit }));
      } else if (quantity > available) {
        check.add("quantity", UserErrorCode.EXCEEDS_REMAINING, t("pledge.acceptMoreThanRemaining", { remaining: fromCents(available), unit: need.unit }));
      }
      check.throwIfAny();
      pledge.status = PledgeStatus.ACCEPTED;
      pledge.acceptedQuantity = fromCents(quantity);
      pledge.provisional = acceptance.provisional ?? false;
      pledge.responseReason = reason;
      await manager.save(pledge);
      await refreshNeed(manager, need, pledge.provisional ? "pledge accepted provisionally" : "pledge accepted");
      await auditPledge(manager, actor, "acceptPledge", before, pledge, need);
      return pledge;
    });
  }

  async decline(viewer: Viewer, actingId: string, pledgeId: string, reason: string): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.pledgeAnswers);
    return inTransaction(this.dataSource, async (manager) => {
      const { need, pledge } = await this.lock(manager, viewer, actingId, pledgeId);
      await requireResponder(manager, need, actingId);
      requireUndelivered(pledge, "declined");
      const check = new InputCheck();
      const why = text(check, "reason", reason, 500, true);
      if (why === null && !check.has("reason")) check.add("reason", UserErrorCode.REQUIRED, t("input.required", { field: "reason" }));
      check.throwIfAny();
      return this.close(manager, actor, "declinePledge", need, pledge, PledgeStatus.DECLINED, why);
    });
  }

  /** Only the pledging organisation withdraws, and only before anything was delivered. */
  async withdraw(viewer: Viewer, actingId: string, pledgeId: string, reason: string | null): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.memberWork);
    return inTransaction(this.dataSource, async (manager) => {
      const { acting, need, pledge } = await this.lock(manager, viewer, actingId, pledgeId);
      if (pledge.organizationId !== acting.id) {
        refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("pledge.onlyPledgerWithdraws", { organization: acting.name }));
      }
      requireUndelivered(pledge, "withdrawn");
      const check = new InputCheck();
      const why = text(check, "reason", reason, 500, false);
      check.throwIfAny();
      return this.close(manager, actor, "withdrawPledge", need, pledge, PledgeStatus.WITHDRAWN, why);
    });
  }

  /** Adds a delivery to an accepted pledge; deliveries add up to at most what was accepted. */
  async recordDelivery(viewer: Viewer, actingId: string, pledgeId: string, quantity: number, note: string | null): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.memberWork);
    return inTransaction(this.dataSource, async (manager) => {
      const { acting, need, pledge } = await this.lock(manager, viewer, actingId, pledgeId);
      if (pledge.organizationId !== acting.id) await requireResponder(manager, need, actingId);
      const before = snapshot(pledge);
      if (pledge.status !== PledgeStatus.ACCEPTED) {
        refuse("pledgeId", UserErrorCode.INVALID_TRANSITION, t("pledge.notAccepted", { status: pledge.status }));
      }
      const check = new InputCheck();
      const amount = quantityInCents(check, "quantity", quantity);
      const outstanding = cents(pledge.acceptedQuantity!) - cents(pledge.deliveredQuantity);
      if (amount !== undefined && amount > outstanding) {
        check.add("quantity", UserErrorCode.EXCEEDS_REMAINING, t("pledge.deliveryExceedsAccepted", { outstanding: fromCents(outstanding), unit: need.unit, accepted: pledge.acceptedQuantity! }));
      }
      const deliveryNote = text(check, "note", note, 1000, false);
      check.throwIfAny();
      await manager.insert(Delivery, { pledgeId: pledge.id, quantity: fromCents(amount!), note: deliveryNote, recordedByOrganizationId: acting.id });
      pledge.deliveredQuantity = fromCents(cents(pledge.deliveredQuantity) + amount!);
      if (amount === outstanding) pledge.status = PledgeStatus.DELIVERED;
      await manager.save(pledge);
      await refreshNeed(manager, need, "delivery recorded");
      await auditPledge(manager, actor, "recordDelivery", before, pledge, need);
      return pledge;
    });
  }

  /** A pledge whose project the viewer may not see answers as a missing one. */
  private async lock(manager: EntityManager, viewer: Viewer, actingId: string, pledgeId: string): Promise<Locked> {
    const acting = await actingOrganization(manager, actingId);
    const found = await manager.findOneBy(Pledge, { id: pledgeId });
    if (!found) refuse("pledgeId", UserErrorCode.NOT_FOUND, t("pledge.notFound"));
    const need = await lockVisibleNeed(manager, viewer, found.needId, "pledgeId", t("pledge.notFound"));
    const pledge = await manager.findOneOrFail(Pledge, { where: { id: pledgeId }, lock: { mode: "pessimistic_write" } });
    return { acting, need, pledge };
  }

  private async close(manager: EntityManager, actor: Actor, action: string, need: ResourceNeed, pledge: Pledge, status: PledgeStatus, reason: string | null): Promise<Pledge> {
    const before = snapshot(pledge);
    pledge.status = status;
    pledge.acceptedQuantity = null;
    pledge.provisional = false;
    pledge.responseReason = reason;
    await manager.save(pledge);
    await refreshNeed(manager, need, status === PledgeStatus.DECLINED ? "pledge declined" : "pledge withdrawn");
    await auditPledge(manager, actor, action, before, pledge, need);
    return pledge;
  }
}

/** Every pledge change is audited and announced, with its need's new figures. */
async function auditPledge(manager: EntityManager, actor: Actor, action: string, before: Record<string, unknown> | null, after: Pledge, need: ResourceNeed): Promise<void> {
  await audit(manager, actor, { action, entityType: "Pledge", entityId: after.id, before, after });
  await recordEvents(manager, [pledgeEvent(after, need, actor.organizationId), needEvent(EventType.NEED_UPDATED, need)]);
}

/** Pledges go to live needs of open or active projects, before the needed-by time. */
async function requirePledgeable(manager: EntityManager, need: ResourceNeed, field = "needId", fullIsFine = false): Promise<void> {
  if (need.status === NeedStatus.FULLY_PLEDGED && !fullIsFine) {
    refuse(field, UserErrorCode.EXCEEDS_REMAINING, t("pledge.needFullyPledged", { unit: need.unit }));
  }
  if (![NeedStatus.OPEN, NeedStatus.PARTIALLY_PLEDGED, NeedStatus.FULLY_PLEDGED].includes(need.status)) {
    refuse(field, UserErrorCode.INVALID_TRANSITION, t("pledge.needClosed", { status: need.status }));
  }
  if (need.neededBy.getTime() <= Date.now()) {
    refuse(field, UserErrorCode.INVALID_TRANSITION, t("pledge.needOverdue", { neededBy: need.neededBy.toISOString() }));
  }
  const project = await manager.findOneByOrFail(Project, { id: need.projectId });
  if (!PLEDGEABLE_PROJECT_STATUSES.includes(project.status)) {
    refuse(field, UserErrorCode.INVALID_TRANSITION, t("pledge.projectNotPledgeable", { status: project.status }));
  }
}

/** Offers are answered by the project's lead or by the organisation that posted the need. */
async function requireResponder(manager: EntityManager, need: ResourceNeed, actingId: string): Promise<void> {
  const project = await manager.findOneByOrFail(Project, { id: need.projectId });
  if (!stewardsNeed(actingId, need, project)) {
    refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("pledge.notResponder"));
  }
}

function requireUndelivered(pledge: Pledge, becoming: "declined" | "withdrawn"): void {
  if (pledge.status !== PledgeStatus.OFFERED && pledge.status !== PledgeStatus.ACCEPTED) {
    refuse("pledgeId", UserErrorCode.INVALID_TRANSITION, t(`pledge.closed.${becoming}`, { status: pledge.status }));
  }
  if (pledge.deliveredQuantity > 0) {
    refuse("pledgeId", UserErrorCode.INVALID_TRANSITION, t(`pledge.partlyDelivered.${becoming}`, { delivered: pledge.deliveredQuantity }));
  }
}
