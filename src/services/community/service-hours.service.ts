import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE } from "../../auth/policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { Activity } from "../../entities/community/activity";
import { ActivityShift } from "../../entities/community/activity-shift";
import { ShiftSignUp, SignUpStatus } from "../../entities/community/shift-sign-up";
import { t } from "../../i18n/text";
import { UserErrorCode } from "../errors";
import { inTransaction, refuse } from "../input-rules";
import { HOURS_STATUSES } from "./activity-lifecycle";
import { earnForHours } from "./points.service";
import { saveChange } from "./sign-up-changes";

const HOUR_MS = 60 * 60 * 1000;

/** Hours in hundredths, as numeric(6, 2) holds them. */
const hundredths = (hours: number) => Math.round(hours * 100);

/** The hours people served, as the organiser records and verifies them; verified hours earn points in the same transaction. */
export class ServiceHoursService {
  constructor(private readonly dataSource: DataSource) {}

  /** The organiser records, or corrects, the hours a confirmed person served; verified hours no longer change. */
  async recordHours(viewer: Viewer, actingId: string, signUpId: string, hours: number): Promise<ShiftSignUp> {
    return this.changeHours(viewer, actingId, signUpId, "recordHours", (signUp, shift) => {
      if (!Number.isFinite(hours) || hundredths(hours) <= 0 || hundredths(hours) > shiftHundredths(shift)) {
        refuse("hours", UserErrorCode.OUT_OF_RANGE, t("activity.hoursOutsideShift", { hours, limit: shiftHundredths(shift) / 100 }));
      }
      signUp.hours = hundredths(hours) / 100;
    });
  }

  /** The organiser verifies the hours: as recorded, or else as the check-in and check-out within the shift give them. */
  async verifyHours(viewer: Viewer, actingId: string, signUpId: string): Promise<ShiftSignUp> {
    return this.changeHours(viewer, actingId, signUpId, "verifyHours", (signUp, shift, organizerId) => {
      if (signUp.hours === null) {
        const served = servedHundredths(signUp, shift);
        if (served <= 0) refuse("signUpId", UserErrorCode.REQUIRED, t("activity.noHoursToVerify"));
        signUp.hours = served / 100;
      }
      signUp.verifiedAt = new Date();
      signUp.verifiedByOrganizationId = organizerId;
    }, earnForHours);
  }

  private async changeHours(
    viewer: Viewer,
    actingId: string,
    signUpId: string,
    action: string,
    change: (signUp: ShiftSignUp, shift: ActivityShift, organizerId: string) => void,
    /** What follows the change in its transaction (verified hours earn points). */
    then?: (manager: EntityManager, actor: Actor, activity: Activity, signUp: ShiftSignUp) => Promise<void>,
  ): Promise<ShiftSignUp> {
    const actor = actFor(viewer, actingId, REQUIRE.activities);
    return inTransaction(this.dataSource, async (manager) => {
      const signUp = await manager.findOne(ShiftSignUp, { where: { id: signUpId }, lock: { mode: "pessimistic_write" } });
      const shift = signUp && (await manager.findOneBy(ActivityShift, { id: signUp.shiftId }));
      const activity = shift && (await manager.findOneBy(Activity, { id: shift.activityId }));
      // Another organisation's sign-ups answer as missing ones.
      if (!signUp || !shift || activity?.organizationId !== actingId) refuse("signUpId", UserErrorCode.NOT_FOUND, t("activity.signUpNotFound"));
      if (!HOURS_STATUSES.includes(activity.status)) refuse("signUpId", UserErrorCode.INVALID_TRANSITION, t("activity.noHoursInStatus", { status: activity.status }));
      if (signUp.status !== SignUpStatus.CONFIRMED) refuse("signUpId", UserErrorCode.INVALID_TRANSITION, t("activity.notConfirmed", { status: signUp.status }));
      if (signUp.verifiedAt) refuse("signUpId", UserErrorCode.INVALID_TRANSITION, t("activity.alreadyVerified"));
      if (shift.startsAt.getTime() > Date.now()) refuse("signUpId", UserErrorCode.OUT_OF_RANGE, t("activity.shiftNotStarted"));
      const saved = await saveChange(manager, actor, action, signUp, (row) => change(row, shift, actingId));
      if (then) await then(manager, actor, activity, saved);
      return saved;
    });
  }
}

function shiftHundredths(shift: ActivityShift): number {
  return Math.floor((shift.endsAt.getTime() - shift.startsAt.getTime()) / HOUR_MS * 100);
}

/** Hours between check-in and check-out, both held to the shift. */
function servedHundredths(signUp: ShiftSignUp, shift: ActivityShift): number {
  if (!signUp.checkedInAt || !signUp.checkedOutAt) return 0;
  const from = Math.max(signUp.checkedInAt.getTime(), shift.startsAt.getTime());
  const to = Math.min(signUp.checkedOutAt.getTime(), shift.endsAt.getTime());
  return Math.max(0, Math.floor((to - from) / HOUR_MS * 100));
}
