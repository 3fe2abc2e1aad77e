import { RequestStatus } from "../../../entities/community/resident-request";

/** Who takes a step: the handling organisation (its COORDINATOR), or the resident who filed the request. */
export type RequestStepTaker = "HANDLER" | "REQUESTER";

export interface RequestMove {
  by: readonly RequestStepTaker[];
  /** The step needs a reason, kept in the history. */
  reason?: true;
}

const HANDLER = ["HANDLER"] as const;

/**
 * Which step may follow which, and who takes it: the request state machine, the one place its moves are
 * written. ASSIGNED → ASSIGNED is a reassignment; TRANSFERRED → TRANSFERRED passes it on again.
 */
export const REQUEST_TRANSITIONS: Record<RequestStatus, Partial<Record<RequestStatus, RequestMove>>> = {
  SUBMITTED: { ACCEPTED: { by: HANDLER }, REJECTED: { by: HANDLER, reason: true }, TRANSFERRED: { by: HANDLER, reason: true } },
  TRANSFERRED: { ACCEPTED: { by: HANDLER }, REJECTED: { by: HANDLER, reason: true }, TRANSFERRED: { by: HANDLER, reason: true } },
  ACCEPTED: { ASSIGNED: { by: HANDLER }, IN_PROGRESS: { by: HANDLER }, REJECTED: { by: HANDLER, reason: true }, TRANSFERRED: { by: HANDLER, reason: true } },
  ASSIGNED: { ASSIGNED: { by: HANDLER }, IN_PROGRESS: { by: HANDLER }, TRANSFERRED: { by: HANDLER, reason: true } },
  IN_PROGRESS: { ASSIGNED: { by: HANDLER }, RESOLVED: { by: HANDLER }, TRANSFERRED: { by: HANDLER, reason: true } },
  RESOLVED: { CLOSED: { by: ["HANDLER", "REQUESTER"] }, REOPENED: { by: ["REQUESTER"], reason: true } },
  REOPENED: { ASSIGNED: { by: HANDLER }, IN_PROGRESS: { by: HANDLER }, RESOLVED: { by: HANDLER }, TRANSFERRED: { by: HANDLER, reason: true } },
  CLOSED: {},
  REJECTED: {},
};

/** Requests waiting for their handler to accept them: the 24-hour limit runs. */
export const AWAITING_ACCEPTANCE = [RequestStatus.SUBMITTED, RequestStatus.TRANSFERRED];

/** Requests taken on and not yet resolved: the category's limit to resolve runs. */
export const BEING_HANDLED = [RequestStatus.ACCEPTED, RequestStatus.ASSIGNED, RequestStatus.IN_PROGRESS, RequestStatus.REOPENED];

/** Requests the sweep watches: a time limit can still pass. */
export const OPEN_REQUEST_STATUSES = [...AWAITING_ACCEPTANCE, ...BEING_HANDLED];

/** Requests at an end: nothing more happens to them. */
export const FINISHED = [RequestStatus.CLOSED, RequestStatus.REJECTED];

/** The steps changeResidentRequestStatus takes; assigning, transferring and reopening have mutations of their own (they take more). */
export const PLAIN_STEPS = [RequestStatus.ACCEPTED, RequestStatus.IN_PROGRESS, RequestStatus.RESOLVED, RequestStatus.CLOSED, RequestStatus.REJECTED];

/** Whether a time limit passed while the request is still open. */
export function isOverdue(request: { overdueSince: Date | null; status: RequestStatus }): boolean {
  return request.overdueSince !== null && OPEN_REQUEST_STATUSES.includes(request.status);
}
