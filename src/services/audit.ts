import { EntityManager } from "typeorm";
import type { Actor } from "../auth/viewer";
import { currentRequestScope } from "../db/request-scope";
import { AuditEntry } from "../entities/audit-entry";

/** Fields never copied into the audit log. */
const SECRET_FIELDS = new Set(["passwordHash", "secretHash", "secret", "previousSecret"]);

/** A plain JSON copy of an entity as it is now, without secrets. */
export function snapshot(entity: object | null): Record<string, unknown> | null {
  if (!entity) return null;
  const copy = JSON.parse(JSON.stringify(entity)) as Record<string, unknown>;
  for (const field of SECRET_FIELDS) delete copy[field];
  return copy;
}

export interface AuditedChange {
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: object | null;
}

/** Records a change in the audit log, in the transaction that makes it. */
export async function audit(manager: EntityManager, actor: Actor, change: AuditedChange): Promise<void> {
  const entry = manager.create(AuditEntry, {
    organizationId: actor.organizationId,
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: change.before,
    after: snapshot(change.after),
    requestId: currentRequestScope()?.requestId ?? null,
  });
  await manager.save(entry);
}

/** A time as JSON.stringify writes a Date (what snapshot keeps), in SQL. */
export const isoTimeSql = (time: string) => `to_char(${time} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * An INSERT of `change` into the audit log for one row of `source`, as a data-modifying CTE of the statement
 * that makes the change (auditParameters gives its 9 parameters, from $`first`). `afterSql`, a jsonb
 * expression over `source`, is merged into the snapshot: what only the statement knows, such as its times.
 */
export function auditInsertSql(first: number, source: string, afterSql = "'{}'::jsonb"): string {
  const $ = (i: number) => `$${first + i}`;
  return `INSERT INTO audit_entry (organization_id, actor_user_id, actor_api_key_id, action, entity_type, entity_id, before, after, request_id)
    SELECT ${$(0)}::uuid, ${$(1)}::uuid, ${$(2)}::uuid, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)}::jsonb, ${$(7)}::jsonb || ${afterSql}, ${$(8)} FROM ${source}`;
}

export function auditParameters(actor: Actor, change: AuditedChange): unknown[] {
  const json = (value: Record<string, unknown> | null) => (value === null ? null : JSON.stringify(value));
  return [
    actor.organizationId,
    actor.userId,
    actor.apiKeyId,
    change.action,
    change.entityType,
    change.entityId,
    json(change.before),
    json(snapshot(change.after)),
    currentRequestScope()?.requestId ?? null,
  ];
}
