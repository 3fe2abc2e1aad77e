import { EntityManager } from "typeorm";
import type { Actor } from "../auth/viewer";
import { requestScope } from "../db/request-scope";
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
    requestId: requestScope.getStore()?.requestId ?? null,
  });
  await manager.save(entry);
}
