import { DataSource } from "typeorm";
import { ResidentRequest } from "../../../entities/community/resident-request";
import { RequestStepKind } from "../../../entities/community/resident-request-step";
import { recordEvents, requestEvent } from "../../../events/outbox";
import { audit } from "../../audit";
import { AWAITING_ACCEPTANCE, BEING_HANDLED } from "./request-lifecycle";
import { ESCALATION_LEVELS, escalationTarget } from "./request-routing";
import { auditRecordOf, step, transactionTime } from "./resident-request.service";
import { ESCALATE_AGAIN_AFTER_HOURS } from "./request-time-limits";

const BATCH = 100;
const SWEEP = { organizationId: null, userId: null, apiKeyId: null };

/**
 * Flags requests past a time limit and escalates them: first to the street's Party or government
 * organisation, then, still overdue ESCALATE_AGAIN_AFTER_HOURS later, to the district's. Every instance runs
 * it; rows are taken FOR UPDATE SKIP LOCKED and the conditions re-read under the lock, so two sweeps never
 * escalate one request twice, and a handler's step in flight is waited for by neither.
 */
export async function sweepOverdueRequests(dataSource: DataSource, at?: Date): Promise<number> {
  let escalated = 0;
  for (;;) {
    const batch = await dataSource.transaction(async (manager) => {
      const now = at ?? (await transactionTime(manager));
      const due = await manager
        .createQueryBuilder(ResidentRequest, "request")
        .where(
          `(("request"."status" IN (:...awaiting) AND "request"."accept_by" <= :now) OR ("request"."status" IN (:...handled) AND "request"."resolve_by" <= :now))`,
          { awaiting: AWAITING_ACCEPTANCE, handled: BEING_HANDLED, now },
        )
        .andWhere(`("request"."escalation_level" = 0 OR ("request"."escalation_level" = 1 AND "request"."escalated_at" <= :again))`, {
          again: new Date(now.getTime() - ESCALATE_AGAIN_AFTER_HOURS * 3_600_000),
        })
        .orderBy(`"request"."id"`)
        .limit(BATCH)
        .setLock("pessimistic_write")
        .setOnLocked("skip_locked")
        .getMany();
      for (const request of due) {
        const before = auditRecordOf(request);
        const deadline = AWAITING_ACCEPTANCE.includes(request.status) ? request.acceptBy! : request.resolveBy!;
        // No street organisation over the area: straight to the district's.
        let level = request.escalationLevel + 1;
        let target = await escalationTarget(manager, request.areaCode, ESCALATION_LEVELS[level - 1]);
        if (!target && level === 1) target = await escalationTarget(manager, request.areaCode, ESCALATION_LEVELS[(level = 2) - 1]);
        Object.assign(request, {
          overdueSince: request.overdueSince ?? deadline, escalationLevel: level, escalatedAt: now,
          escalatedToOrganizationId: target ?? request.escalatedToOrganizationId,
        });
        const saved = await manager.save(request);
        await step(manager, saved, RequestStepKind.ESCALATED, saved.status, null, AWAITING_ACCEPTANCE.includes(saved.status) ? "not accepted in time" : "not resolved in time", now);
        await audit(manager, SWEEP, { action: "escalateResidentRequest", entityType: "ResidentRequest", entityId: saved.id, before, after: auditRecordOf(saved) });
      }
      await recordEvents(manager, due.map((request) => requestEvent(request, RequestStepKind.ESCALATED)));
      return due.length;
    });
    escalated += batch;
    if (batch < BATCH) return escalated;
  }
}
