import { DataSource, EntityManager } from "typeorm";
import { IdempotencyClaim, requestScope } from "../db/request-scope";

/** How long a key is remembered: a retry within this time gets the first answer. */
export const IDEMPOTENCY_HOURS = 24;

/** The constraint a second request with the same key meets when it tries to record it. */
export const IDEMPOTENCY_KEY_TAKEN = "idempotency_key_pkey";

/**
 * Records the request's new key in the mutation's transaction: the change and its key commit together,
 * and a concurrent request with the same key fails on the key before anything of it commits.
 */
export async function recordIdempotencyKey(manager: EntityManager): Promise<void> {
  const claim = requestScope.getStore()?.idempotency;
  if (!claim || claim.recorded) return;
  await manager.query(`INSERT INTO idempotency_key (scope, key, fingerprint) VALUES ($1, $2, $3)`, [claim.scope, claim.key, claim.fingerprint]);
  claim.recorded = true;
}

/** Keys of the last 24 hours and the first answers given to them. */
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  async find(scope: string, key: string): Promise<{ fingerprint: string; response: Record<string, unknown> | null } | undefined> {
    const [row] = await this.dataSource.query(`SELECT fingerprint, response FROM idempotency_key WHERE scope = $1 AND key = $2`, [scope, key]);
    return row;
  }

  async keepResponse(claim: IdempotencyClaim, response: object): Promise<void> {
    await this.dataSource.query(`UPDATE idempotency_key SET response = $3 WHERE scope = $1 AND key = $2`, [claim.scope, claim.key, JSON.stringify(response)]);
  }

  /** Forgets keys older than 24 hours; returns how many. */
  async forgetOld(): Promise<number> {
    const [, removed] = await this.dataSource.query(`DELETE FROM idempotency_key WHERE created_at < now() - make_interval(hours => $1)`, [IDEMPOTENCY_HOURS]);
    return Number(removed);
  }
}
