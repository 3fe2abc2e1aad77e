import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One movement of the points ledger as one statement (services/community/ledger.ts): a reward's stock taken, both
 * accounts locked in id order, the source's balance checked, both balances moved, the entry (and redemption)
 * written. Locks taken in it are held until the commit that follows, never across a round trip to the server.
 */
export class PointsMove1795990000000 implements MigrationInterface {
  name = "PointsMove1795990000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION points_move(
        entry_id uuid, entry_kind varchar, from_id uuid, to_id uuid, moved integer, sign_up uuid, reverses uuid,
        why varchar, by_organization uuid, at timestamptz, redemption_id uuid, taken_reward uuid, redeemer uuid
      ) RETURNS TABLE (outcome text, source_kind varchar, source_balance bigint) LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        kind_of_source varchar;
        balance_of_source bigint;
      BEGIN
        IF taken_reward IS NOT NULL THEN
          UPDATE reward SET stock = stock - 1, updated_at = now() WHERE id = taken_reward AND stock >= 1;
          IF NOT FOUND THEN
            RETURN QUERY SELECT 'OUT_OF_STOCK'::text, NULL::varchar, NULL::bigint;
            RETURN;
          END IF;
        END IF;
        PERFORM 1 FROM points_account WHERE id IN (from_id, to_id) ORDER BY id FOR UPDATE;
        -- A new snapshot: the balance as it stands under the lock.
        SELECT a.kind, a.balance INTO kind_of_source, balance_of_source FROM points_account a WHERE a.id = from_id;
        IF kind_of_source IS NULL OR NOT EXISTS (SELECT 1 FROM points_account WHERE id = to_id) THEN
          RAISE EXCEPTION 'points_move: account missing';
        END IF;
        IF kind_of_source <> 'ISSUER' AND balance_of_source < moved THEN
          RETURN QUERY SELECT 'SHORT'::text, kind_of_source, balance_of_source;
          RETURN;
        END IF;
        UPDATE points_account SET balance = balance + CASE WHEN id = from_id THEN -moved ELSE moved END, updated_at = now() WHERE id IN (from_id, to_id);
        INSERT INTO points_entry (id, kind, from_account_id, to_account_id, points, sign_up_id, reverses_entry_id, reason, organization_id, created_at)
        VALUES (entry_id, entry_kind, from_id, to_id, moved, sign_up, reverses, why, by_organization, at);
        IF redemption_id IS NOT NULL THEN
          INSERT INTO reward_redemption (id, reward_id, person_id, entry_id, created_at) VALUES (redemption_id, taken_reward, redeemer, entry_id, at);
        END IF;
        RETURN QUERY SELECT 'MOVED'::text, kind_of_source, balance_of_source - moved;
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION points_move(uuid, varchar, uuid, uuid, integer, uuid, uuid, varchar, uuid, timestamptz, uuid, uuid, uuid)`);
  }
}
