import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import { entities } from "../db/data-source";
import { currentRequestScope, IdempotencyClaim } from "../db/request-scope";

/** How long a key is remembered: a retry within this time gets the first answer. */
export const IDEMPOTENCY_HOURS = 24;

/** The constraint a second request with the same key meets when it tries to record it. */
export const IDEMPOTENCY_KEY_TAKEN = "idempotency_key_pkey";

// A key with no answer yet is taken for one whose answer is being kept for this long; after it, the answer was lost.
const ANSWER_GRACE_SECONDS = 10;

const ENTITY_BY_NAME = new Map<string, EntityTarget<ObjectLiteral>>(entities.map((entity) => [entity.name, entity]));

/**
 * Records the request's new key in the mutation's transaction: the change and its key commit together,
 * and a concurrent request with the same key fails on the key before anything of it commits. The
 * object the mutation returns is named with it, so the answer can be made again if it is not kept.
 */
export async function recordIdempotencyKey(manager: EntityManager, result: unknown): Promise<void> {
  const claim = currentRequestScope()?.idempotency;
  if (!claim || claim.recorded) return;
  const named = result !== null && typeof result === "object" && ENTITY_BY_NAME.has(result.constructor.name) && typeof (result as { id?: unknown }).id === "string";
  await manager.query(`INSERT INTO idempotency_key (scope, key, fingerprint, result_type, result_id) VALUES ($1, $2, $3, $4, $5)`, [
    claim.scope,
    claim.key,
    claim.fingerprint,
    named ? result.constructor.name : null,
    named ? (result as { id: string }).id : null,
  ]);
  claim.recorded = true;
}

export interface SeenKey {
  fingerprint: string;
  /** The first answer, once kept. */
  response: Record<string, unknown> | null;
  /** Without a kept answer: loads the object the committed mutation returned, if it named one. */
  committedResult: (() => Promise<unknown>) | null;
  /** Without a kept answer: true while the answer may still be being kept. */
  recent: boolean;
}

/** Keys of the last 24 hours and the first answers given to them. */
export class IdempotencyService {
  constructor(private readonly dataSource: DataSource) {}

  async find(scope: string, key: string): Promise<SeenKey | undefined> {
    const [row] = await this.dataSource.query(
      `SELECT fingerprint, response, result_type, result_id, created_at > now() - make_interval(secs => $3) AS recent
       FROM idempotency_key WHERE scope = $1 AND key = $2`,
      [scope, key, ANSWER_GRACE_SECONDS],
    );
    if (!row) return undefined;
    const entity = row.result_type ? ENTITY_BY_NAME.get(row.result_type) : undefined;
    const committedResult = entity ? () => this.dataSource.getRepository(entity).findOneBy({ id: row.result_id }) : null;
    return { fingerprint: row.fingerprint, response: row.response, committedResult, recent: row.recent };
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
