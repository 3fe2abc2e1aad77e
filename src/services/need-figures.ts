import { EntityManager } from "typeorm";
import { entityFromRow } from "../db/entity-row";
import { NeedStatus, ResourceNeed } from "../entities/resource-need";
import { ResourceNeedStatusChange } from "../entities/resource-need-status-change";
import { t } from "../i18n/text";
import { UserErrorCode } from "./errors";
import { ChangedMeanwhile, cents, fromCents, refuse } from "./input-rules";

/**
 * Locks a need for the rest of the transaction. Every change to its pledges takes this lock
 * first, so the figures recomputed under it are exactly what the pledge rows say.
 */
export async function lockNeed(manager: EntityManager, needId: string, field = "needId"): Promise<ResourceNeed> {
  const need = await manager.findOne(ResourceNeed, { where: { id: needId }, lock: { mode: "pessimistic_write" } });
  if (!need) refuse(field, UserErrorCode.NOT_FOUND, t("need.notFound"));
  return need;
}

/**
 * What a locked need's pledges add up to, straight from their rows. Confirmed sign-ups to shifts of activities
 * serving the need are pledged too, one person each, as offers are (activity.service.ts moves them).
 */
async function sumPledges(manager: EntityManager, needId: string) {
  const [row] = await manager.query(
    `SELECT coalesce(sum(CASE WHEN status = 'OFFERED' THEN quantity ELSE accepted_quantity END)
                     FILTER (WHERE status IN ('OFFERED', 'ACCEPTED', 'DELIVERED')), 0)
              + (${CONFIRMED_SIGN_UPS_SQL}) AS pledged,
            coalesce(sum(accepted_quantity) FILTER (WHERE status IN ('ACCEPTED', 'DELIVERED')), 0) AS accepted,
            coalesce(sum(delivered_quantity), 0) AS delivered
     FROM pledge WHERE need_id = $1`,
    [needId],
  );
  return { pledged: Number(row.pledged), accepted: Number(row.accepted), delivered: Number(row.delivered) };
}

/** People signed up and confirmed on shifts of activities serving the need $1. */
export const CONFIRMED_SIGN_UPS_SQL = `SELECT count(*) FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id JOIN activity a ON a.id = sh.activity_id
  WHERE a.need_id = $1 AND s.status = 'CONFIRMED'`;

/** The status the figures give a need that is still live (or expired, if deliveries complete it); NEW_STATUS_SQL says it in SQL. */
function statusFromFigures(need: ResourceNeed): NeedStatus {
  if (need.status === NeedStatus.CANCELLED) return need.status;
  if (cents(need.deliveredQuantity) >= cents(need.quantity)) return NeedStatus.FULFILLED;
  if (need.status === NeedStatus.EXPIRED) return need.status;
  if (cents(need.acceptedQuantity) >= cents(need.quantity)) return NeedStatus.FULLY_PLEDGED;
  return cents(need.acceptedQuantity) > 0 ? NeedStatus.PARTIALLY_PLEDGED : NeedStatus.OPEN;
}

/** Recomputes a locked need's figures and status from its pledges and saves it, recording a status change with `reason`. */
export async function refreshNeed(manager: EntityManager, need: ResourceNeed, reason: string): Promise<ResourceNeed> {
  const sums = await sumPledges(manager, need.id);
  need.pledgedQuantity = sums.pledged;
  need.acceptedQuantity = sums.accepted;
  need.deliveredQuantity = sums.delivered;
  need.remainingQuantity = fromCents(cents(need.quantity) - cents(sums.accepted));
  return setNeedStatus(manager, need, statusFromFigures(need), reason);
}

/** Saves a need with `status`, recording the change (if any) in its history. */
export async function setNeedStatus(manager: EntityManager, need: ResourceNeed, status: NeedStatus, reason: string): Promise<ResourceNeed> {
  const previous = need.status;
  need.status = status;
  const saved = await manager.save(need);
  if (previous !== status) {
    await manager.insert(ResourceNeedStatusChange, { needId: need.id, fromStatus: previous, toStatus: status, reason });
  }
  return saved;
}

/** How one change of a pledge moves its need's figures, in hundredths. */
export interface FigureMoves {
  pledged: number;
  accepted: number;
  delivered: number;
}

/** What the checks read of the need, and so what must still hold when its figures move. */
export interface NeedAsRead {
  need: ResourceNeed;
  /** Needed-by time still after this moment (taking pledges). */
  neededAfter?: Date;
  /** At least this much still remaining (offering or accepting), in hundredths. */
  remainingAtLeast?: number;
}

// statusFromFigures with the moved figures: in an UPDATE's SET, columns are the row as it was.
const NEW_ACCEPTED = `(accepted_quantity + $4::numeric)`;
const NEW_STATUS_SQL = `CASE WHEN status = '${NeedStatus.CANCELLED}' THEN status
  WHEN delivered_quantity + $5::numeric >= quantity THEN '${NeedStatus.FULFILLED}'
  WHEN status = '${NeedStatus.EXPIRED}' THEN status
  WHEN ${NEW_ACCEPTED} >= quantity THEN '${NeedStatus.FULLY_PLEDGED}'
  WHEN ${NEW_ACCEPTED} > 0 THEN '${NeedStatus.PARTIALLY_PLEDGED}'
  ELSE '${NeedStatus.OPEN}' END`;

/**
 * The CTEs `need` and `need_status_change` of one statement that moves a need's figures, sets the status
 * they give and records a change of status. It is the statement that takes the need's row lock, so the
 * checks before it read the need unlocked: it moves nothing, and `need` is empty, unless the need is still
 * as they read it (its status, and what `read` asks for). Parameters $1 to $8 (`figureParameters`); a
 * statement may add its own from $9 and use `need`, which is locked first.
 */
export const MOVE_FIGURES_SQL = `need AS (
    UPDATE resource_need SET
      pledged_quantity = pledged_quantity + $3::numeric,
      accepted_quantity = ${NEW_ACCEPTED},
      delivered_quantity = delivered_quantity + $5::numeric,
      remaining_quantity = quantity - ${NEW_ACCEPTED},
      status = ${NEW_STATUS_SQL},
      updated_at = now()
    WHERE id = $1 AND status = $2 AND ($6::timestamptz IS NULL OR needed_by > $6) AND ($7::numeric IS NULL OR remaining_quantity >= $7)
    RETURNING *),
  need_status_change AS (
    INSERT INTO resource_need_status_change (need_id, from_status, to_status, reason)
    SELECT id, $2, status, $8 FROM need WHERE status <> $2)`;

export function figureParameters(read: NeedAsRead, moves: FigureMoves, reason: string): unknown[] {
  const { need, neededAfter, remainingAtLeast } = read;
  return [need.id, need.status, fromCents(moves.pledged), fromCents(moves.accepted), fromCents(moves.delivered), neededAfter ?? null, remainingAtLeast === undefined ? null : fromCents(remainingAtLeast), reason];
}

/** The need as `MOVE_FIGURES_SQL` returned it, or ChangedMeanwhile when it moved nothing. */
export function movedNeed(manager: EntityManager, rows: Record<string, unknown>[]): ResourceNeed {
  if (rows.length === 0) throw new ChangedMeanwhile();
  return entityFromRow(manager.connection, ResourceNeed, rows[0]);
}

/** Moves a need's figures by `moves` if it is still as `read` says (MOVE_FIGURES_SQL), and returns it. */
export async function moveFigures(manager: EntityManager, read: NeedAsRead, moves: FigureMoves, reason: string): Promise<ResourceNeed> {
  return movedNeed(manager, await manager.query(`WITH ${MOVE_FIGURES_SQL} SELECT * FROM need`, figureParameters(read, moves, reason)));
}
