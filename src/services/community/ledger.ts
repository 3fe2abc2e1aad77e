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
 */

export type AccountHolder = { kind: PointsAccountKind.PERSON; personId: string } | { kind: PointsAccountKind.POOL | PointsAccountKind.ISSUER; organizationId: string };

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

/**
 * Records one movement: both accounts locked in id order (so two movements between the same accounts never wait
 * on each other in a cycle), the source's balance checked, both balances moved, the entry written.
 * A source without the points is refused on `field`.
 */
export async function move(manager: EntityManager, movement: Movement, field: string): Promise<PointsEntry> {
  const { fromAccountId, toAccountId, points } = movement;
  const accounts: { id: string; kind: PointsAccountKind; balance: string }[] = await manager.query(
    `SELECT id, kind, balance FROM points_account WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
    [[fromAccountId, toAccountId]],
  );
  const source = accounts.find((account) => account.id === fromAccountId)!;
  if (source.kind !== PointsAccountKind.ISSUER && Number(source.balance) < points) {
    refuse(field, UserErrorCode.EXCEEDS_REMAINING, t(source.kind === PointsAccountKind.POOL ? "points.poolTooLow" : "points.balanceTooLow", { balance: Number(source.balance), points }));
  }
  await manager.query(
    `UPDATE points_account SET balance = balance + CASE WHEN id = $2 THEN -$3::bigint ELSE $3::bigint END, updated_at = now() WHERE id IN ($1, $2)`,
    [toAccountId, fromAccountId, points],
  );
  return manager.save(
    manager.create(PointsEntry, { ...movement, reason: movement.reason ?? null, signUpId: movement.signUpId ?? null, reversesEntryId: movement.reversesEntryId ?? null }),
  );
}
