import { randomUUID } from "node:crypto";
import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE, stewardsNeed } from "../auth/policy";
import { organizationsOf, readsPledgeNotes } from "../auth/read-policy";
import type { Actor, Viewer } from "../auth/viewer";
import type { Loaders } from "../loaders";
import { OLDEST_FIRST } from "../loaders/collaboration.loaders";
import { emptyPage, KeysetPager, Page, PageArgs } from "../db/keyset-page";
import { Delivery } from "../entities/delivery";
import { Pledge, PledgeStatus } from "../entities/pledge";
import { Project } from "../entities/project";
import { NeedStatus, ResourceNeed } from "../entities/resource-need";
import { t } from "../i18n/text";
import { InputCheck, UserErrorCode } from "./errors";
import { actingOrganization, cents, fromCents, inOneStatement, quantityInCents, refuse, requireFields, text } from "./input-rules";
import { FigureMoves, figureParameters, MOVE_FIGURES_SQL, movedNeed, NeedAsRead } from "./need-figures";
import { findVisibleNeed, findVisiblePledge } from "./visible-targets";
import { PLEDGEABLE_PROJECT_STATUSES } from "./project.service";
import { auditInsertSql, auditParameters, isoTimeSql, snapshot } from "./audit";
import { Event, EventType } from "../entities/event";
import { eventsWritten } from "../events/event-announcer";
import { insertEventsSql, needEventRowSql, pledgeEvent } from "../events/outbox";
import { prepared, runPrepared } from "../db/prepared-statement";
import { pledgeEventMatcher, PledgeStreamFilter } from "../events/subscription-filters";

/** How far a caller's clock may be from the server's before a time it gives counts as past or future. */
const CLOCK_DIFFERENCE_MS = 60_000;

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

  /**
   * Offers waiting for the organisation's answer: OFFERED pledges to needs it posted or in projects it leads
   * (the two who may accept, policy's `stewardsNeed`), oldest first. Its members' and keys' working list;
   * empty for everyone else.
   */
  offersAwaitingAnswer(viewer: Viewer, organizationId: string, args: PageArgs): Promise<Page<Pledge>> | Page<Pledge> {
    if (!organizationsOf(viewer).includes(organizationId)) return emptyPage();
    const offers = this.dataSource
      .getRepository(Pledge)
      .createQueryBuilder("pledge")
      .innerJoin(ResourceNeed, "need", `"need"."id" = "pledge"."need_id"`)
      .innerJoin(Project, "project", `"project"."id" = "need"."project_id"`)
      .where(`"pledge"."status" = :offered`, { offered: PledgeStatus.OFFERED })
      .andWhere(`("need"."posted_by_organization_id" = :steward OR "project"."lead_organization_id" = :steward)`, { steward: organizationId });
    return new KeysetPager(this.dataSource.getRepository(Pledge)).page(offers, OLDEST_FIRST, args);
  }

  /** Which pledge events reach the viewer through `filter`: those of projects it may see. */
  eventMatcher(viewer: Viewer, filter: PledgeStreamFilter): (event: Event) => boolean {
    return pledgeEventMatcher(filter, organizationsOf(viewer));
  }

  /*
   * Each change reads and checks without locks, then moves the need's figures in one statement that takes
   * the need's row lock only if the need (and pledge) are still as read (need-figures' MOVE_FIGURES_SQL);
   * otherwise the transaction runs again and its checks read afresh. The same statement writes the audit
   * entry and the events, so under the lock only the commit remains: no lock waits on the application.
   */

  /** Any organisation may offer to fill a need that is still open, up to what remains. */
  async pledge(viewer: Viewer, actingId: string, needId: string, fields: PledgeFields): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.memberWork);
    return inOneStatement(this.dataSource, async (manager) => {
      // actFor found the caller acting for it (its key, or a membership), so the organisation exists: not read again.
      const { need, project } = await findVisibleNeed(manager, viewer, needId);
      requirePledgeable(need, project);
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
      if (fields.expectedDelivery && fields.expectedDelivery.getTime() < Date.now() - CLOCK_DIFFERENCE_MS) {
        check.add("expectedDelivery", UserErrorCode.OUT_OF_RANGE, t("pledge.expectedDeliveryPast"));
      }
      check.throwIfAny();
      const pledge = Object.assign(new Pledge(), {
        id: randomUUID(),
        needId: need.id,
        organizationId: actingId,
        quantity: fromCents(quantity!),
        acceptedQuantity: null,
        deliveredQuantity: 0,
        status: PledgeStatus.OFFERED,
        provisional: false,
        responseReason: null,
        note,
        availableFrom: fields.availableFrom ?? null,
        expectedDelivery: fields.expectedDelivery ?? null,
      });
      const read = { need, neededAfter: new Date(), remainingAtLeast: quantity };
      const rows = await runPrepared(manager, OFFER_SQL, [
        ...figureParameters(read, { pledged: quantity!, accepted: 0, delivered: 0 }, "pledge offered"),
        pledge.id,
        pledge.organizationId,
        pledge.quantity,
        pledge.note,
        pledge.availableFrom,
        pledge.expectedDelivery,
        ...auditParameters(actor, { action: "pledge", entityType: "Pledge", entityId: pledge.id, before: null, after: pledge }),
        ...pledgeEventParameters(pledge, actor),
      ]);
      eventsWritten(manager);
      movedNeed(manager, rows);
      pledge.createdAt = rows[0].pledge_created_at as Date;
      pledge.updatedAt = rows[0].pledge_updated_at as Date;
      return pledge;
    });
  }

  /** The project's lead or the need's poster accepts an offer, or confirms a provisional acceptance. */
  async accept(viewer: Viewer, actingId: string, pledgeId: string, acceptance: Acceptance): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.pledgeAnswers);
    return inOneStatement(this.dataSource, async (manager) => {
      const { need, project, pledge } = await findVisiblePledge(manager, viewer, pledgeId);
      requireResponder(need, project, actingId);
      const before = snapshot(pledge);
      const confirming = pledge.status === PledgeStatus.ACCEPTED && pledge.provisional;
      if (pledge.status !== PledgeStatus.OFFERED && !confirming) {
        refuse("pledgeId", UserErrorCode.INVALID_TRANSITION, t(pledge.status === PledgeStatus.ACCEPTED ? "pledge.alreadyAccepted" : "pledge.notAcceptable", { status: pledge.status }));
      }
      // Confirming changes nothing in the figures, so a fully pledged need still takes it.
      requirePledgeable(need, project, "pledgeId", confirming);
      const check = new InputCheck();
      const quantity = quantityInCents(check, "quantity", acceptance.quantity) ?? cents(pledge.quantity);
      const reason = text(check, "reason", acceptance.reason, 500, false);
      if (acceptance.provisional && !reason) check.add("reason", UserErrorCode.REQUIRED, t("pledge.provisionalNeedsReason"));
      const acceptedBefore = confirming ? cents(pledge.acceptedQuantity ?? 0) : 0;
      const available = cents(need.remainingQuantity) + acceptedBefore;
      if (quantity > cents(pledge.quantity)) {
        check.add("quantity", UserErrorCode.EXCEEDS_REMAINING, t("pledge.acceptMoreThanOffered", { offered: pledge.quantity, unit: need.unit }));
      } else if (quantity > available) {
        check.add("quantity", UserErrorCode.EXCEEDS_REMAINING, t("pledge.acceptMoreThanRemaining", { remaining: fromCents(available), unit: need.unit }));
      }
      check.throwIfAny();
      const after = Object.assign(new Pledge(), pledge, {
        status: PledgeStatus.ACCEPTED,
        acceptedQuantity: fromCents(quantity),
        provisional: acceptance.provisional ?? false,
        responseReason: reason,
      });
      // An offer counts its quantity as pledged; once accepted, what was accepted.
      const pledgedBefore = confirming ? acceptedBefore : cents(pledge.quantity);
      const moves = { pledged: quantity - pledgedBefore, accepted: quantity - acceptedBefore, delivered: 0 };
      const read = { need, neededAfter: new Date(), remainingAtLeast: quantity - acceptedBefore };
      await movePledge(manager, { actor, action: "acceptPledge", audited: before }, read, moves, after.provisional ? "pledge accepted provisionally" : "pledge accepted", pledge, after);
      return after;
    });
  }

  async decline(viewer: Viewer, actingId: string, pledgeId: string, reason: string): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.pledgeAnswers);
    return inOneStatement(this.dataSource, async (manager) => {
      const { need, project, pledge } = await findVisiblePledge(manager, viewer, pledgeId);
      requireResponder(need, project, actingId);
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
    return inOneStatement(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const { need, pledge } = await findVisiblePledge(manager, viewer, pledgeId);
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
  async recordDelivery(viewer: Viewer, actingId: string, pledgeId: string, quantity: number, note: string | null, deliveredAt: Date | null): Promise<Pledge> {
    const actor = actFor(viewer, actingId, REQUIRE.memberWork);
    return inOneStatement(this.dataSource, async (manager) => {
      const acting = await actingOrganization(manager, actingId);
      const { need, project, pledge } = await findVisiblePledge(manager, viewer, pledgeId);
      if (pledge.organizationId !== acting.id) requireResponder(need, project, actingId);
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
      if (deliveredAt && deliveredAt.getTime() > Date.now() + CLOCK_DIFFERENCE_MS) {
        check.add("deliveredAt", UserErrorCode.OUT_OF_RANGE, t("pledge.deliveredInFuture"));
      } else if (deliveredAt && deliveredAt < pledge.createdAt) {
        check.add("deliveredAt", UserErrorCode.OUT_OF_RANGE, t("pledge.deliveredBeforePledge", { deliveredAt: deliveredAt.toISOString(), pledgedAt: pledge.createdAt.toISOString() }));
      }
      check.throwIfAny();
      const after = Object.assign(new Pledge(), pledge, {
        deliveredQuantity: fromCents(cents(pledge.deliveredQuantity) + amount!),
        status: amount === outstanding ? PledgeStatus.DELIVERED : pledge.status,
      });
      const delivery = { quantity: fromCents(amount!), note: deliveryNote, recordedBy: acting.id, deliveredAt };
      await movePledge(manager, { actor, action: "recordDelivery", audited: before }, { need }, { pledged: 0, accepted: 0, delivered: amount! }, "delivery recorded", pledge, after, delivery);
      return after;
    });
  }

  private async close(manager: EntityManager, actor: Actor, action: string, need: ResourceNeed, pledge: Pledge, status: PledgeStatus, reason: string | null): Promise<Pledge> {
    const before = snapshot(pledge);
    const after = Object.assign(new Pledge(), pledge, { status, acceptedQuantity: null, provisional: false, responseReason: reason });
    // An offer leaves the figures with its quantity; an acceptance with what was accepted.
    const accepted = pledge.status === PledgeStatus.ACCEPTED ? cents(pledge.acceptedQuantity!) : 0;
    const pledged = pledge.status === PledgeStatus.OFFERED ? cents(pledge.quantity) : accepted;
    const moves = { pledged: -pledged, accepted: -accepted, delivered: 0 };
    await movePledge(manager, { actor, action, audited: before }, { need }, moves, status === PledgeStatus.DECLINED ? "pledge declined" : "pledge withdrawn", pledge, after);
    return after;
  }
}

/**
 * Moves the need's figures and changes the pledge from `before` to `after` in one statement, the need
 * locked first, as everywhere, with the change's audit entry (`action`, `audited` the pledge as it was) and
 * events; a need or pledge changed since they were read makes the transaction run again (ChangedMeanwhile).
 * A pledge changed under an unchanged need undoes the statement (changed_meanwhile()), so it may be its own
 * transaction. A delivery, if given, is recorded with it.
 */
async function movePledge(
  manager: EntityManager,
  change: { actor: Actor; action: string; audited: Record<string, unknown> | null },
  read: NeedAsRead,
  moves: FigureMoves,
  reason: string,
  before: Pledge,
  after: Pledge,
  delivery?: { quantity: number; note: string | null; recordedBy: string; deliveredAt: Date | null },
): Promise<ResourceNeed> {
  const rows = await runPrepared(manager, MOVE_PLEDGE_SQL, [
    ...figureParameters(read, moves, reason),
    before.id,
    after.status,
    after.acceptedQuantity,
    after.deliveredQuantity,
    after.provisional,
    after.responseReason,
    before.status,
    before.acceptedQuantity,
    before.deliveredQuantity,
    before.provisional,
    delivery?.quantity ?? null,
    delivery?.note ?? null,
    delivery?.recordedBy ?? null,
    delivery?.deliveredAt ?? null,
    ...auditParameters(change.actor, { action: change.action, entityType: "Pledge", entityId: after.id, before: change.audited, after }),
    ...pledgeEventParameters(after, change.actor),
  ]);
  eventsWritten(manager);
  const need = movedNeed(manager, rows);
  after.updatedAt = need.updatedAt;
  return need;
}

/**
 * The events of a pledge's change, for a statement whose CTE `need` moved its need's figures: the pledge's
 * (pledgeEventParameters, from $`first`) and the need's, in that order (pledgeEvent, needEvent).
 */
const PLEDGE_EVENTS_SQL = (first: number) =>
  insertEventsSql(`SELECT 1 AS ord, '${EventType.PLEDGE_CHANGED}'::text AS type, 'Pledge'::text AS entity_type, $${first}::uuid AS entity_id,
      need.area_code::text AS area_code, need.project_id AS project_id, $${first + 1}::uuid AS organization_id, $${first + 2}::jsonb AS attributes FROM need
    UNION ALL ${needEventRowSql(EventType.NEED_UPDATED, "need", 2)}`);

/** An offer: locks the need, moves its figures, and writes the pledge, its audit entry and both events. */
const OFFER_SQL = prepared(`WITH ${MOVE_FIGURES_SQL},
  new_pledge AS (
    INSERT INTO pledge (id, need_id, organization_id, quantity, note, available_from, expected_delivery)
    SELECT $9, need.id, $10, $11::numeric, $12, $13, $14 FROM need RETURNING created_at, updated_at),
  audited AS (${auditInsertSql(15, "new_pledge", `jsonb_build_object('createdAt', ${isoTimeSql("created_at")}, 'updatedAt', ${isoTimeSql("updated_at")})`)}),
  events AS (${PLEDGE_EVENTS_SQL(24)})
  SELECT need.*, new_pledge.created_at AS pledge_created_at, new_pledge.updated_at AS pledge_updated_at FROM need, new_pledge`);

/** movePledge's statement. */
const MOVE_PLEDGE_SQL = prepared(`WITH ${MOVE_FIGURES_SQL},
  changed_pledge AS (
    UPDATE pledge SET status = $10, accepted_quantity = $11::numeric, delivered_quantity = $12::numeric, provisional = $13, response_reason = $14, updated_at = now()
    FROM need
    WHERE pledge.id = $9 AND pledge.status = $15 AND pledge.accepted_quantity IS NOT DISTINCT FROM $16::numeric
      AND pledge.delivered_quantity = $17::numeric AND pledge.provisional = $18
    RETURNING pledge.id, pledge.updated_at),
  delivered AS (
    INSERT INTO delivery (pledge_id, quantity, note, recorded_by_organization_id, delivered_at)
    SELECT id, $19::numeric, $20, $21, coalesce($22::timestamptz, now()) FROM changed_pledge WHERE $19::numeric IS NOT NULL),
  audited AS (${auditInsertSql(23, "changed_pledge", `jsonb_build_object('updatedAt', ${isoTimeSql("changed_pledge.updated_at")})`)}),
  events AS (${PLEDGE_EVENTS_SQL(32)})
  SELECT need.* FROM need WHERE CASE WHEN EXISTS (SELECT FROM changed_pledge) THEN true ELSE changed_meanwhile() END`);

function pledgeEventParameters(pledge: Pledge, actor: Actor): unknown[] {
  const { attributes } = pledgeEvent(pledge, { id: pledge.needId } as ResourceNeed, actor.organizationId);
  return [pledge.id, pledge.organizationId, JSON.stringify(attributes)];
}

/** Pledges go to live needs of open or active projects, before the needed-by time. */
function requirePledgeable(need: ResourceNeed, project: Project, field = "needId", fullIsFine = false): void {
  if (need.status === NeedStatus.FULLY_PLEDGED && !fullIsFine) {
    refuse(field, UserErrorCode.EXCEEDS_REMAINING, t("pledge.needFullyPledged", { unit: need.unit }));
  }
  if (![NeedStatus.OPEN, NeedStatus.PARTIALLY_PLEDGED, NeedStatus.FULLY_PLEDGED].includes(need.status)) {
    refuse(field, UserErrorCode.INVALID_TRANSITION, t("pledge.needClosed", { status: need.status }));
  }
  if (need.neededBy.getTime() <= Date.now()) {
    refuse(field, UserErrorCode.INVALID_TRANSITION, t("pledge.needOverdue", { neededBy: need.neededBy.toISOString() }));
  }
  if (!PLEDGEABLE_PROJECT_STATUSES.includes(project.status)) {
    refuse(field, UserErrorCode.INVALID_TRANSITION, t("pledge.projectNotPledgeable", { status: project.status }));
  }
}

/** Offers are answered by the project's lead or by the organisation that posted the need. */
function requireResponder(need: ResourceNeed, project: Project, actingId: string): void {
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
