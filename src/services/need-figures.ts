import { EntityManager } from "typeorm";
import { NeedStatus, ResourceNeed } from "../entities/resource-need";
import { ResourceNeedStatusChange } from "../entities/resource-need-status-change";
import { t } from "../i18n/text";
import { UserErrorCode } from "./errors";
import { cents, fromCents, refuse } from "./input-rules";

/**
 * Locks a need for the rest of the transaction. Every change to its pledges takes this lock
 * first, so the figures recomputed under it are exactly what the pledge rows say.
 */
export async function lockNeed(manager: EntityManager, needId: string, field = "needId"): Promise<ResourceNeed> {
  const need = await manager.findOne(ResourceNeed, { where: { id: needId }, lock: { mode: "pessimistic_write" } });
  if (!need) refuse(field, UserErrorCode.NOT_FOUND, t("need.notFound"));
  return need;
}

/** What the pledges of a locked need add up to, straight from their rows. */
async function sumPledges(manager: EntityManager, needId: string) {
  const [row] = await manager.query(
    `SELECT coalesce(sum(CASE WHEN status = 'OFFERED' THEN quantity ELSE accepted_quantity END)
                     FILTER (WHERE status IN ('OFFERED', 'ACCEPTED', 'DELIVERED')), 0) AS pledged,
            coalesce(sum(accepted_quantity) FILTER (WHERE status IN ('ACCEPTED', 'DELIVERED')), 0) AS accepted,
            coalesce(sum(delivered_quantity), 0) AS delivered
     FROM pledge WHERE need_id = $1`,
    [needId],
  );
  return { pledged: Number(row.pledged), accepted: Number(row.accepted), delivered: Number(row.delivered) };
}

/** The status the figures give a need that is still live (or expired, if deliveries complete it). */
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
