import { EntityManager } from "typeorm";
import type { Actor } from "../../auth/viewer";
import type { Activity } from "../../entities/community/activity";
import type { ShiftSignUp } from "../../entities/community/shift-sign-up";
import { EventType } from "../../entities/event";
import { ResourceNeed } from "../../entities/resource-need";
import { needEvent, recordEvents } from "../../events/outbox";
import { audit, snapshot } from "../audit";
import { moveFigures } from "../need-figures";

/** Saves one change of a sign-up with its audit entry, in the caller's transaction. */
export async function saveChange(manager: EntityManager, actor: Actor, action: string, signUp: ShiftSignUp, change: (signUp: ShiftSignUp) => void): Promise<ShiftSignUp> {
  const before = snapshot(signUp);
  change(signUp);
  const saved = await manager.save(signUp);
  await audit(manager, actor, { action, entityType: "ShiftSignUp", entityId: saved.id, before, after: saved });
  return saved;
}

/**
 * Moves the served need's pledged quantity by `people`, as a pledge's offer moves it, and announces the new
 * figures; the need's row lock is taken after the shift's, and pledges take no shift lock, so no cycle forms.
 */
export async function countTowardNeed(manager: EntityManager, activity: Activity, people: number, reason: string): Promise<void> {
  if (!activity.needId || people === 0) return;
  const need = (await manager.findOneBy(ResourceNeed, { id: activity.needId }))!;
  const moved = await moveFigures(manager, { need }, { pledged: people * 100, accepted: 0, delivered: 0 }, reason);
  await recordEvents(manager, [needEvent(EventType.NEED_UPDATED, moved)]);
}
