import { ActivityStatus } from "../../entities/community/activity";

/** Which step may follow which: the activity state machine, the one place its moves are written. */
export const ACTIVITY_TRANSITIONS: Record<ActivityStatus, ActivityStatus[]> = {
  DRAFT: [ActivityStatus.PUBLISHED, ActivityStatus.CANCELLED],
  PUBLISHED: [ActivityStatus.COMPLETED, ActivityStatus.CANCELLED],
  COMPLETED: [],
  CANCELLED: [],
};

/** Activities whose shifts take sign-ups. */
export const SIGN_UP_STATUSES = [ActivityStatus.PUBLISHED];

/** Activities whose hours the organiser records and verifies: held, or being held. */
export const HOURS_STATUSES = [ActivityStatus.PUBLISHED, ActivityStatus.COMPLETED];

/** Activities anyone may read; a DRAFT is for the organiser's members and keys. */
export const PUBLIC_ACTIVITY_STATUSES = [ActivityStatus.PUBLISHED, ActivityStatus.COMPLETED, ActivityStatus.CANCELLED];
