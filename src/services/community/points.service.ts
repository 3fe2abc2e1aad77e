import { randomUUID } from "node:crypto";
import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE, signedInUser } from "../../auth/policy";
import { organizationsOf } from "../../auth/read-policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { Activity, ActivityKind } from "../../entities/community/activity";
import { Person } from "../../entities/community/person";
import { PointsAccount, PointsAccountKind } from "../../entities/community/points-account";
import { PointsEntry, PointsEntryKind } from "../../entities/community/points-entry";
import { PointsRule } from "../../entities/community/points-rule";
import { Reward } from "../../entities/community/reward";
import { RewardRedemption } from "../../entities/community/reward-redemption";
import { ShiftSignUp } from "../../entities/community/shift-sign-up";
import { Organization, OrganizationKind } from "../../entities/organization";
import { t } from "../../i18n/text";
import type { Loaders } from "../../loaders";
import { audit, snapshot } from "../audit";
import { InputCheck, UserErrorCode } from "../errors";
import { actingOrganization, inTransaction, refuse, text } from "../input-rules";
import { requireVerified } from "../verification.service";
import { accountsOf, entryOf, move, Movement } from "./ledger";

/** Organisations that issue volunteer points (a street office, a community Party committee), once VERIFIED. */
export const POINTS_ISSUER_KINDS = [OrganizationKind.PARTY_COMMITTEE, OrganizationKind.GOVERNMENT_AGENCY];

const MAX_POINTS = 1_000_000;
const MAX_STOCK = 100_000;

function pointsOf(check: InputCheck, field: string, value: number, max = MAX_POINTS): number {
  if (!Number.isInteger(value) || value < 1 || value > max) check.add(field, UserErrorCode.OUT_OF_RANGE, t("points.outOfRange", { field, max }));
  return value;
}

/** The flows of the points ledger (services/community/ledger.ts): fund, earn, redeem, reverse; rules and the reward catalogue. */
export class PointsService {
  constructor(private readonly dataSource: DataSource) {}

  /** An organisation's pool, to its own members, keys and webhooks; null to everyone else. */
  async poolFor(viewer: Viewer, loaders: Pick<Loaders, "poolOfOrganization">, organizationId: string): Promise<PointsAccount | null> {
    return organizationsOf(viewer).includes(organizationId) ? loaders.poolOfOrganization.load(organizationId) : null;
  }

  /** What an account is called: a person's pseudonymous label, so an erased person's ledger names no one; an organisation's name. */
  async holderLabel(loaders: Pick<Loaders, "person" | "organization">, account: PointsAccount): Promise<string> {
    if (account.personId) return (await loaders.person.load(account.personId))!.label;
    return (await loaders.organization.load(account.organizationId!))!.name;
  }

  /** An entry shows to the organisations on either side of it, and to the person on either side. */
  async findVisibleEntry(viewer: Viewer, loaders: Pick<Loaders, "pointsEntry" | "pointsAccount" | "person">, id: string): Promise<PointsEntry | null> {
    const entry = await loaders.pointsEntry.load(id);
    if (!entry) return null;
    const sides = await Promise.all([entry.fromAccountId, entry.toAccountId].map(async (accountId) => (await loaders.pointsAccount.load(accountId))!));
    const mine = organizationsOf(viewer);
    for (const side of sides) {
      if (side.organizationId && mine.includes(side.organizationId)) return entry;
      if (side.personId && viewer.kind === "user" && (await loaders.person.load(side.personId))?.userId === viewer.user.id) return entry;
    }
    return null;
  }

  /** The organisation's admin sets how many points an hour of its activities of `kind` earns (0 stops earning). */
  async setPointsRule(viewer: Viewer, actingId: string, kind: ActivityKind, pointsPerHour: number): Promise<PointsRule> {
    const actor = actFor(viewer, actingId, REQUIRE.points);
    return inTransaction(this.dataSource, async (manager) => {
      await actingOrganization(manager, actingId);
      if (!Number.isInteger(pointsPerHour) || pointsPerHour < 0 || pointsPerHour > 1000) refuse("pointsPerHour", UserErrorCode.OUT_OF_RANGE, t("points.ruleOutOfRange"));
      const before = await manager.findOneBy(PointsRule, { organizationId: actingId, activityKind: kind });
      // One statement, so two admins setting the same rule at once both succeed (the last one stands).
      await manager.query(
        `INSERT INTO points_rule (organization_id, activity_kind, points_per_hour) VALUES ($1, $2, $3)
         ON CONFLICT (organization_id, activity_kind) DO UPDATE SET points_per_hour = EXCLUDED.points_per_hour, updated_at = now()`,
        [actingId, kind, pointsPerHour],
      );
      const rule = (await manager.findOneBy(PointsRule, { organizationId: actingId, activityKind: kind }))!;
      await audit(manager, actor, { action: "setPointsRule", entityType: "PointsRule", entityId: `${actingId}:${kind}`, before: snapshot(before), after: rule });
      return rule;
    });
  }

  /** A VERIFIED issuer funds an organisation's pool (its own too) from its issuer account. */
  async fundPool(viewer: Viewer, actingId: string, organizationId: string, points: number, reason: string | null): Promise<PointsEntry> {
    const actor = actFor(viewer, actingId, REQUIRE.points);
    return inTransaction(this.dataSource, async (manager) => {
      const issuer = await actingOrganization(manager, actingId);
      if (!POINTS_ISSUER_KINDS.includes(issuer.kind)) refuse("actingOrganizationId", UserErrorCode.NOT_PERMITTED, t("points.notIssuer", { name: issuer.name }));
      requireVerified(issuer);
      const check = new InputCheck();
      pointsOf(check, "points", points);
      const why = text(check, "reason", reason, 500, false);
      if (!(await manager.existsBy(Organization, { id: organizationId }))) check.add("organizationId", UserErrorCode.NOT_FOUND, t("points.organizationNotFound"));
      check.throwIfAny();
      const [from, to] = await accountsOf(manager, { kind: PointsAccountKind.ISSUER, organizationId: issuer.id }, { kind: PointsAccountKind.POOL, organizationId });
      return record(manager, actor, "fundPointsPool", { kind: PointsEntryKind.FUND, fromAccountId: from, toAccountId: to, points, organizationId: issuer.id, reason: why }, "points");
    });
  }

  async createReward(viewer: Viewer, actingId: string, name: string, pointsPrice: number, stock: number): Promise<Reward> {
    const actor = actFor(viewer, actingId, REQUIRE.points);
    return inTransaction(this.dataSource, async (manager) => {
      await actingOrganization(manager, actingId);
      const check = new InputCheck();
      const title = text(check, "name", name, 100, true);
      pointsOf(check, "pointsPrice", pointsPrice);
      if (!Number.isInteger(stock) || stock < 0 || stock > MAX_STOCK) check.add("stock", UserErrorCode.OUT_OF_RANGE, t("points.stockOutOfRange", { max: MAX_STOCK }));
      check.throwIfAny();
      const reward = await manager.save(manager.create(Reward, { organizationId: actingId, name: title!, pointsPrice, stock }));
      await audit(manager, actor, { action: "createReward", entityType: "Reward", entityId: reward.id, before: null, after: reward });
      return reward;
    });
  }

  /** The signed-in person redeems a reward in stock, paying its price into the organisation's pool. */
  async redeem(viewer: Viewer, rewardId: string): Promise<RewardRedemption> {
    const { user } = signedInUser(viewer);
    const actor = { organizationId: null, userId: user.id, apiKeyId: null };
    return inTransaction(this.dataSource, async (manager) => {
      const person = await manager.findOneBy(Person, { userId: user.id });
      if (!person) refuse("rewardId", UserErrorCode.NOT_FOUND, t("person.notRegistered"));
      // Read and checked before any lock; the stock is taken, and counted, under the reward's lock below.
      const reward = await manager.findOneBy(Reward, { id: rewardId });
      if (!reward) refuse("rewardId", UserErrorCode.NOT_FOUND, t("points.rewardNotFound"));
      if (reward.stock < 1) refuse("rewardId", UserErrorCode.EXCEEDS_REMAINING, t("points.outOfStock", { name: reward.name }));
      const [from, to] = await accountsOf(manager, { kind: PointsAccountKind.PERSON, personId: person.id }, { kind: PointsAccountKind.POOL, organizationId: reward.organizationId });
      const entry = entryOf(manager, { kind: PointsEntryKind.REDEEM, fromAccountId: from, toAccountId: to, points: reward.pointsPrice, organizationId: reward.organizationId, reason: reward.name });
      const redemption = manager.create(RewardRedemption, { id: randomUUID(), rewardId: reward.id, personId: person.id, entryId: entry.id, createdAt: entry.createdAt });
      await audit(manager, actor, { action: "redeemReward", entityType: "PointsEntry", entityId: entry.id, before: null, after: entry });
      // Locked from here to the commit, in one statement: the reward's stock, then (as reversing does) the accounts.
      await move(manager, entry, "rewardId", { ...redemption, rewardName: reward.name });
      return redemption;
    });
  }

  /**
   * An admin of an organisation on either side of an entry reverses it with a reason: its points move back
   * (refused if the receiver no longer has them); a reversed redemption returns the reward to stock.
   */
  async reverse(viewer: Viewer, actingId: string, entryId: string, reason: string): Promise<PointsEntry> {
    const actor = actFor(viewer, actingId, REQUIRE.points);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const entry = await manager.findOneBy(PointsEntry, { id: entryId });
        const sides = entry ? await manager.findBy(PointsAccount, [{ id: entry.fromAccountId }, { id: entry.toAccountId }]) : [];
        if (!entry || !sides.some((account) => account.organizationId === actingId)) refuse("entryId", UserErrorCode.NOT_FOUND, t("points.entryNotFound"));
        if (entry.kind === PointsEntryKind.REVERSAL) refuse("entryId", UserErrorCode.INVALID_TRANSITION, t("points.reversalOfReversal"));
        const check = new InputCheck();
        const why = text(check, "reason", reason, 500, true);
        if (why === null && !check.has("reason")) check.add("reason", UserErrorCode.REQUIRED, t("input.required", { field: "reason" }));
        check.throwIfAny();
        // A redemption's reward is locked before the accounts, as redeeming locks them: no cycle of waits.
        if (entry.kind === PointsEntryKind.REDEEM) {
          await manager.query(`SELECT id FROM reward WHERE id = (SELECT reward_id FROM reward_redemption WHERE entry_id = $1) FOR UPDATE`, [entry.id]);
        }
        const movement = { kind: PointsEntryKind.REVERSAL, fromAccountId: entry.toAccountId, toAccountId: entry.fromAccountId, points: entry.points, organizationId: actingId, reason: why, reversesEntryId: entry.id };
        const reversal = await record(manager, actor, "reversePointsEntry", movement, "entryId");
        if (entry.kind === PointsEntryKind.REDEEM) {
          await manager.query(`UPDATE reward SET stock = stock + 1, updated_at = now() WHERE id = (SELECT reward_id FROM reward_redemption WHERE entry_id = $1)`, [entry.id]);
        }
        return reversal;
      },
      { constraint: "points_entry_reversed_once", field: "entryId", text: t("points.alreadyReversed") },
    );
  }
}

/**
 * Verified hours earn points from the organiser's pool by its rule for the activity's kind, in the verification's
 * transaction; a pool without enough refuses the verification (fund it first). No rule, or 0, earns nothing.
 */
export async function earnForHours(manager: EntityManager, actor: Actor, activity: Activity, signUp: ShiftSignUp): Promise<void> {
  const rule = await manager.findOneBy(PointsRule, { organizationId: activity.organizationId, activityKind: activity.kind });
  const points = rule ? Math.floor((Math.round(signUp.hours! * 100) * rule.pointsPerHour) / 100) : 0;
  if (points === 0) return;
  const [from, to] = await accountsOf(manager, { kind: PointsAccountKind.POOL, organizationId: activity.organizationId }, { kind: PointsAccountKind.PERSON, personId: signUp.personId });
  await record(manager, actor, "earnPoints", { kind: PointsEntryKind.EARN, fromAccountId: from, toAccountId: to, points, organizationId: activity.organizationId, signUpId: signUp.id }, "signUpId");
}

/** Audits the entry first, then moves the points: the accounts are locked for one statement and the commit. */
async function record(manager: EntityManager, actor: Actor, action: string, movement: Movement, field: string): Promise<PointsEntry> {
  const entry = entryOf(manager, movement);
  await audit(manager, actor, { action, entityType: "PointsEntry", entityId: entry.id, before: null, after: entry });
  return move(manager, entry, field);
}
