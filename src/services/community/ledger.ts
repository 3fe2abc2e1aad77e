import { randomUUID } from "node:crypto";
import { EntityManager } from "typeorm";
import { PointsAccount, PointsAccountKind } from "../../entities/community/points-account";
import { PointsEntry, PointsEntryKind } from "../../entities/community/points-entry";
import { t } from "../../i18n/text";
import { UserErrorCode } from "../errors";
import { refuse } from "../input-rules";

/*
 * The points ledger, double entry: every entry moves points from one account to another, so all balances add up
 * to zero; entries are never changed (a trigger refuses it), a reversal is a new entry; a balance is the sum of
 * the account's entries, cached in `points_account.balance` in the entry's own transaction. Only issuers' accounts,
 * where points come from, go below zero; a CHECK holds every other at zero or above.
 *
 * A pool is the busiest row there is (every earning from an organiser and every redemption in its catalogue moves
 * it), so its lock is held as briefly as can be: accounts are found and the audit entry written before it, one
 * statement takes the locks, checks, moves and writes, and the commit follows.
 */

export type AccountHolder = { kind: PointsAccountKind.PERSON; personId: string } | { kind: PointsAccountKind.POOL | PointsAccountKind.ISSUER; organizationId: string };

const holderKey = (holder: AccountHolder) => (holder.kind === PointsAccountKind.PERSON ? holder.personId : holder.organizationId);

/**
 * The two holders' account ids in one read, opening one that is missing. Found by reading, not by an insert that
 * does nothing: an insert meeting a row another transaction is moving waits for that transaction.
 */
export async function accountsOf(manager: EntityManager, from: AccountHolder, to: AccountHolder): Promise<[string, string]> {
  const rows: { n: number; id: string | null }[] = await manager.query(
    `SELECT h.n, (CASE WHEN h.kind = 'PERSON'
         THEN (SELECT a.id FROM points_account a WHERE a.kind = 'PERSON' AND a.person_id = h.holder)
         ELSE (SELECT a.id FROM points_account a WHERE a.kind <> 'PERSON' AND a.organization_id = h.holder AND a.kind = h.kind) END) AS id
     FROM (VALUES (1, $1::varchar, $2::uuid), (2, $3::varchar, $4::uuid)) AS h (n, kind, holder) ORDER BY h.n`,
    [from.kind, holderKey(from), to.kind, holderKey(to)],
  );
  return [rows[0].id ?? (await accountOf(manager, from)).id, rows[1].id ?? (await accountOf(manager, to)).id];
}

/** The holder's account, opened on first use. */
export async function accountOf(manager: EntityManager, holder: AccountHolder): Promise<PointsAccount> {
  const person = holder.kind === PointsAccountKind.PERSON;
  await manager.query(
    person
      ? `INSERT INTO points_account (kind, person_id) VALUES ('PERSON', $1) ON CONFLICT (person_id) WHERE kind = 'PERSON' DO NOTHING`
      : `INSERT INTO points_account (kind, organization_id) VALUES ($2, $1) ON CONFLICT (organization_id, kind) WHERE kind <> 'PERSON' DO NOTHING`,
    person ? [holder.personId] : [holder.organizationId, holder.kind],
  );
  return (await manager.findOneBy(PointsAccount, person ? { kind: holder.kind, personId: holder.personId } : { kind: holder.kind, organizationId: holder.organizationId }))!;
}

export interface Movement {
  kind: PointsEntryKind;
  fromAccountId: string;
  toAccountId: string;
  points: number;
  organizationId: string | null;
  reason?: string | null;
  signUpId?: string | null;
  reversesEntryId?: string | null;
}

/** The entry a movement will write, its id and time given here so its audit entry can be written before the lock. */
export function entryOf(manager: EntityManager, movement: Movement): PointsEntry {
  return manager.create(PointsEntry, {
    ...movement,
    id: randomUUID(),
    reason: movement.reason ?? null,
    signUpId: movement.signUpId ?? null,
    reversesEntryId: movement.reversesEntryId ?? null,
    createdAt: new Date(),
  });
}

/** A redemption written with the entry that pays for it. */
export interface Redemption {
  id: string;
  rewardId: string;
  personId: string;
}

/**
 * Writes `entry` in one statement (the function `points_move`): a redemption's reward stock taken, both accounts
 * locked in id order (so two movements between the same accounts never wait on each other in a cycle), the source's
 * balance checked as locked, both balances moved, the entry (and redemption) written; the commit follows. A source
 * without the points is refused on `field`, a reward out of stock on `rewardId`.
 */
export async function move(manager: EntityManager, entry: PointsEntry, field: string, redemption?: Redemption & { rewardName: string }): Promise<PointsEntry> {
  const [row]: { outcome: "MOVED" | "SHORT" | "OUT_OF_STOCK"; source_kind: PointsAccountKind; source_balance: string }[] = await manager.query(
    `SELECT outcome, source_kind, source_balance FROM points_move($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      entry.id, entry.kind, entry.fromAccountId, entry.toAccountId, entry.points, entry.signUpId, entry.reversesEntryId, entry.reason,
      entry.organizationId, entry.createdAt, redemption?.id ?? null, redemption?.rewardId ?? null, redemption?.personId ?? null,
    ],
  );
  if (row.outcome === "OUT_OF_STOCK") refuse("rewardId", UserErrorCode.EXCEEDS_REMAINING, t("points.outOfStock", { name: redemption!.rewardName }));
  if (row.outcome === "SHORT") {
    const balance = Number(row.source_balance);
    refuse(field, UserErrorCode.EXCEEDS_REMAINING, t(row.source_kind === PointsAccountKind.POOL ? "points.poolTooLow" : "points.balanceTooLow", { balance, points: entry.points }));
  }
  return entry;
}
