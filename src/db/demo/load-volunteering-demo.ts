import { EntityManager } from "typeorm";
import { Activity } from "../../entities/community/activity";
import { ActivityShift } from "../../entities/community/activity-shift";
import { PointsAccount, PointsAccountKind } from "../../entities/community/points-account";
import { PointsEntry, PointsEntryKind } from "../../entities/community/points-entry";
import { PointsRule } from "../../entities/community/points-rule";
import { Reward } from "../../entities/community/reward";
import { RewardRedemption } from "../../entities/community/reward-redemption";
import { ShiftSignUp, SignUpStatus } from "../../entities/community/shift-sign-up";
import { lockNeed, refreshNeed } from "../../services/need-figures";
import {
  DEMO_ACTIVITIES, DEMO_FUNDING, DEMO_ISSUER, DEMO_POINTS_RULES, DEMO_REDEMPTIONS, DEMO_REWARDS, RAINSTORM_NEED_ID, RAINSTORM_PROJECT_ID,
  demoActivityId, demoEntryId, demoOrganizationId, demoPersonId, demoRedemptionId, demoRewardId, demoShiftId, demoSignUpId,
} from "./volunteering-demo";

const HOUR = 3_600_000;
const RAINSTORM_ACTIVITY_ID = demoActivityId(DEMO_ACTIVITIES.find((activity) => activity.servesRainstormNeed)!.n);

/** Before the demo projects are written anew, the rainstorm activity lets go of its project and need (relinked after). */
export async function unlinkDemoActivities(manager: EntityManager): Promise<void> {
  await manager.update(Activity, { id: RAINSTORM_ACTIVITY_ID }, { projectId: null, needId: null });
}

/**
 * Writes the demo volunteering once: ledger entries are never deleted, so a later load keeps what the first wrote
 * (and what happened since) and only relinks the rainstorm activity to its project and need, whose figures count its sign-ups.
 */
export async function loadDemoVolunteering(manager: EntityManager): Promise<void> {
  if (!(await manager.existsBy(Activity, { id: demoActivityId(1) }))) await writeDemoVolunteering(manager);
  await manager.update(Activity, { id: RAINSTORM_ACTIVITY_ID }, { projectId: RAINSTORM_PROJECT_ID, needId: RAINSTORM_NEED_ID });
  await refreshNeed(manager, await lockNeed(manager, RAINSTORM_NEED_ID), "demo volunteers signed up");
}

async function writeDemoVolunteering(manager: EntityManager): Promise<void> {
  const now = Date.now();
  const accounts = new Map<string, string>();
  const account = async (kind: PointsAccountKind, holder: string): Promise<string> => {
    const key = `${kind}:${holder}`;
    if (!accounts.has(key)) {
      const where = kind === PointsAccountKind.PERSON ? { kind, personId: holder } : { kind, organizationId: holder };
      const found = (await manager.findOneBy(PointsAccount, where)) ?? (await manager.save(manager.create(PointsAccount, { ...where, balance: 0 })));
      accounts.set(key, found.id);
    }
    return accounts.get(key)!;
  };
  let entries = 0;
  const entry = async (fields: Partial<PointsEntry> & Pick<PointsEntry, "kind" | "fromAccountId" | "toAccountId" | "points">, at: Date) => {
    const id = demoEntryId((entries += 1));
    await manager.insert(PointsEntry, { id, signUpId: null, reversesEntryId: null, reason: null, organizationId: null, ...fields, createdAt: at });
    return id;
  };

  for (const [slug, kind, pointsPerHour] of DEMO_POINTS_RULES) await manager.upsert(PointsRule, { organizationId: demoOrganizationId(slug), activityKind: kind, pointsPerHour }, ["organizationId", "activityKind"]);
  const issuer = await account(PointsAccountKind.ISSUER, demoOrganizationId(DEMO_ISSUER));
  for (const [slug, points] of DEMO_FUNDING) {
    const pool = await account(PointsAccountKind.POOL, demoOrganizationId(slug));
    await entry({ kind: PointsEntryKind.FUND, fromAccountId: issuer, toAccountId: pool, points, organizationId: demoOrganizationId(DEMO_ISSUER), reason: "2026 年度志願服務積分" }, new Date(now - 60 * 24 * HOUR));
  }

  let signUps = 0;
  for (const { n, organizer, shifts, servesRainstormNeed, ...activity } of DEMO_ACTIVITIES) {
    const organizationId = demoOrganizationId(organizer);
    const pointsPerHour = DEMO_POINTS_RULES.find(([slug, kind]) => slug === organizer && kind === activity.kind)?.[2] ?? 0;
    await manager.insert(Activity, { ...activity, id: demoActivityId(n), organizationId, projectId: servesRainstormNeed ? RAINSTORM_PROJECT_ID : null, needId: servesRainstormNeed ? RAINSTORM_NEED_ID : null });
    for (const shift of shifts) {
      const startsAt = new Date(now + shift.startsInHours * HOUR);
      const endsAt = new Date(startsAt.getTime() + shift.hours * HOUR);
      await manager.insert(ActivityShift, { id: demoShiftId(shift.n), activityId: demoActivityId(n), startsAt, endsAt, capacity: shift.capacity, requiredSkills: [] });
      for (const [order, person] of shift.people.entries()) {
        const held = shift.startsInHours < 0;
        const status = order < shift.capacity ? SignUpStatus.CONFIRMED : SignUpStatus.WAITLISTED;
        const verifiedAt = held ? new Date(endsAt.getTime() + HOUR) : null;
        const id = demoSignUpId((signUps += 1));
        await manager.insert(ShiftSignUp, {
          id, shiftId: demoShiftId(shift.n), personId: demoPersonId(person), status, createdAt: new Date(startsAt.getTime() - (72 - order) * HOUR),
          checkedInAt: held ? new Date(startsAt.getTime() - 10 * 60_000) : null, checkedOutAt: held ? new Date(endsAt.getTime() + 5 * 60_000) : null,
          hours: held ? shift.hours : null, verifiedAt, verifiedByOrganizationId: held ? organizationId : null,
        });
        if (held && pointsPerHour > 0) {
          const pool = await account(PointsAccountKind.POOL, organizationId);
          await entry({ kind: PointsEntryKind.EARN, fromAccountId: pool, toAccountId: await account(PointsAccountKind.PERSON, demoPersonId(person)), points: shift.hours * pointsPerHour, signUpId: id, organizationId }, verifiedAt!);
        }
      }
    }
  }

  for (const reward of DEMO_REWARDS) {
    const redeemed = DEMO_REDEMPTIONS.filter(([n]) => n === reward.n).length;
    await manager.insert(Reward, { id: demoRewardId(reward.n), organizationId: demoOrganizationId(reward.organizer), name: reward.name, pointsPrice: reward.pointsPrice, stock: reward.stock - redeemed });
  }
  for (const [index, [n, person, daysAgo]] of DEMO_REDEMPTIONS.entries()) {
    const reward = DEMO_REWARDS.find((row) => row.n === n)!;
    const organizationId = demoOrganizationId(reward.organizer);
    const at = new Date(now - daysAgo * 24 * HOUR);
    const entryId = await entry(
      { kind: PointsEntryKind.REDEEM, fromAccountId: await account(PointsAccountKind.PERSON, demoPersonId(person)), toAccountId: await account(PointsAccountKind.POOL, organizationId), points: reward.pointsPrice, organizationId, reason: reward.name },
      at,
    );
    await manager.insert(RewardRedemption, { id: demoRedemptionId(index + 1), rewardId: demoRewardId(n), personId: demoPersonId(person), entryId, createdAt: at });
  }
  // Balances cache the sums of the entries, as the ledger keeps them.
  await manager.query(
    `UPDATE points_account a SET balance = coalesce((SELECT sum(points) FROM points_entry WHERE to_account_id = a.id), 0) - coalesce((SELECT sum(points) FROM points_entry WHERE from_account_id = a.id), 0)
     WHERE a.id = ANY($1)`,
    [[...accounts.values()]],
  );
}
