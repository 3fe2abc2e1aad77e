import { MediationStatus } from "../../entities/mediation/mediation-case";

/** Which step may follow which: the mediation case's state machine, the one place its moves are written. */
export const MEDIATION_TRANSITIONS: Record<MediationStatus, MediationStatus[]> = {
  // ACCEPTED once every party consented; DECLINED when one refuses or the committee declines.
  APPLIED: [MediationStatus.ACCEPTED, MediationStatus.DECLINED, MediationStatus.WITHDRAWN],
  // IN_MEDIATION with the first session.
  ACCEPTED: [MediationStatus.IN_MEDIATION, MediationStatus.WITHDRAWN],
  // AGREEMENT only once every party signed the terms.
  IN_MEDIATION: [MediationStatus.AGREEMENT, MediationStatus.NO_AGREEMENT, MediationStatus.WITHDRAWN],
  DECLINED: [],
  AGREEMENT: [],
  NO_AGREEMENT: [],
  WITHDRAWN: [],
};

/** Cases whose time limit runs: the overdue list is drawn from them. */
export const OPEN_MEDIATION_STATUSES = [MediationStatus.ACCEPTED, MediationStatus.IN_MEDIATION];

/** Cases that were mediated to an end: what indicators count as handled. */
export const CONCLUDED_MEDIATION_STATUSES = [MediationStatus.AGREEMENT, MediationStatus.NO_AGREEMENT];

const DAY_MS = 86_400_000;
/** Mediation concludes within 30 days of acceptance unless every party agrees to extend. */
export const MEDIATION_TIME_LIMIT_DAYS = 30;
/** The parties may ask a court to confirm an agreement within 30 days of its signing (司法確認). */
export const JUDICIAL_CONFIRMATION_DAYS = 30;
export const MAX_EXTENSION_DAYS = 90;

export const daysAfter = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY_MS);

/** The clock mediation reads its deadlines by: the instance's, so tests can fix it. */
export const mediationClock = { now: (): Date => new Date() };

/** Whether a case ran past its time limit without concluding. */
export function isOverdue(status: MediationStatus, dueAt: Date | null, now: Date): boolean {
  return OPEN_MEDIATION_STATUSES.includes(status) && dueAt !== null && dueAt.getTime() < now.getTime();
}
