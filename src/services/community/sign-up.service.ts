import { DataSource, EntityManager } from "typeorm";
import { signedInUser } from "../../auth/policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { Activity, ActivityStatus } from "../../entities/community/activity";
import { ActivityShift } from "../../entities/community/activity-shift";
import { Person } from "../../entities/community/person";
import { ShiftSignUp, SignUpStatus } from "../../entities/community/shift-sign-up";
import { NewEvent, recordEvents, ShiftPlacesChange, shiftPlacesEvent, signUpEvent } from "../../events/outbox";
import { t } from "../../i18n/text";
import { audit, snapshot } from "../audit";
import { UserErrorCode } from "../errors";
import { inTransaction, refuse } from "../input-rules";
import { SIGN_UP_STATUSES } from "./activity-lifecycle";
import { countTowardNeed, saveChange } from "./sign-up-changes";

// Volunteers may check in this long before their shift starts.
const CHECK_IN_EARLY_MS = 60 * 60 * 1000;

/**
 * People's sign-ups to shifts, from signing up to checking out. Places are counted under the shift's row lock,
 * so concurrent sign-ups never confirm more people than the shift takes; the rest wait in line.
 */
export class SignUpService {
  constructor(private readonly dataSource: DataSource) {}

  /** The signed-in person signs up: a place if the shift has one, else the end of its waitlist. */
  async signUp(viewer: Viewer, shiftId: string): Promise<ShiftSignUp> {
    const { user } = signedInUser(viewer);
    const actor = { organizationId: null, userId: user.id, apiKeyId: null };
    return inTransaction(
      this.dataSource,
      async (manager) => {
        const person = await registeredPerson(manager, user.id, "shiftId");
        // The shift's lock orders every sign-up and cancellation of it: places are counted under it.
        const shift = await lockShift(manager, shiftId);
        const activity = (await manager.findOneBy(Activity, { id: shift.activityId }))!;
        if (!SIGN_UP_STATUSES.includes(activity.status)) refuse("shiftId", UserErrorCode.INVALID_TRANSITION, t("activity.notTakingSignUps", { status: activity.status }));
        if (shift.startsAt.getTime() <= Date.now()) refuse("shiftId", UserErrorCode.OUT_OF_RANGE, t("activity.shiftStarted"));
        const missing = shift.requiredSkills.filter((skill) => !person.skills.includes(skill));
        if (missing.length) refuse("shiftId", UserErrorCode.INVALID, t("activity.missingSkills", { skills: missing.join(", ") }));
        const confirmed = await manager.countBy(ShiftSignUp, { shiftId: shift.id, status: SignUpStatus.CONFIRMED });
        const status = confirmed < shift.capacity ? SignUpStatus.CONFIRMED : SignUpStatus.WAITLISTED;
        const signUp = await manager.save(
          manager.create(ShiftSignUp, { shiftId: shift.id, personId: person.id, status, checkedInAt: null, checkedOutAt: null, hours: null, verifiedAt: null, verifiedByOrganizationId: null }),
        );
        await audit(manager, actor, { action: "signUpForShift", entityType: "ShiftSignUp", entityId: signUp.id, before: null, after: signUp });
        if (status === SignUpStatus.CONFIRMED) await countTowardNeed(manager, activity, 1, "volunteer signed up");
        const filled = status === SignUpStatus.CONFIRMED && confirmed + 1 === shift.capacity;
        const places = filled || status === SignUpStatus.WAITLISTED ? await placesOf(manager, shift, activity) : null;
        const change = filled ? ShiftPlacesChange.FILLED : places?.waitlistCount === 1 ? ShiftPlacesChange.WAITLIST_FORMED : null;
        await recordEvents(manager, [signUpEvent(signUp, activity), ...(change ? [shiftPlacesEvent(change, places!)] : [])]);
        return signUp;
      },
      { constraint: "shift_sign_up_once_per_shift", field: "shiftId", text: t("activity.alreadySignedUp") },
    );
  }

  /** The person cancels before the shift starts; a place freed goes to the first in line. */
  async cancelSignUp(viewer: Viewer, signUpId: string): Promise<ShiftSignUp> {
    const { user } = signedInUser(viewer);
    const actor = { organizationId: null, userId: user.id, apiKeyId: null };
    return inTransaction(this.dataSource, async (manager) => {
      const unlocked = await ownSignUp(manager, user.id, signUpId);
      const shift = await lockShift(manager, unlocked.shiftId);
      const signUp = (await manager.findOne(ShiftSignUp, { where: { id: signUpId }, lock: { mode: "pessimistic_write" } }))!;
      if (signUp.status === SignUpStatus.CANCELLED) refuse("signUpId", UserErrorCode.INVALID_TRANSITION, t("activity.alreadyCancelled"));
      if (shift.startsAt.getTime() <= Date.now()) refuse("signUpId", UserErrorCode.OUT_OF_RANGE, t("activity.shiftStarted"));
      const before = snapshot(signUp);
      const held = signUp.status === SignUpStatus.CONFIRMED;
      signUp.status = SignUpStatus.CANCELLED;
      const saved = await manager.save(signUp);
      await audit(manager, actor, { action: "cancelSignUp", entityType: "ShiftSignUp", entityId: saved.id, before, after: saved });
      const activity = (await manager.findOneBy(Activity, { id: shift.activityId }))!;
      const promoted = held ? await promoteFirstWaiting(manager, actor, shift) : null;
      // A freed place taken by the first in line leaves the need's figures as they were.
      if (held && !promoted) await countTowardNeed(manager, activity, -1, "volunteer cancelled");
      const events: NewEvent[] = [saved, ...(promoted ? [promoted] : [])].map((row) => signUpEvent(row, activity));
      if (held && !promoted) {
        // Only a full shift's freed place is news: before, nobody could take one.
        const places = await placesOf(manager, shift, activity);
        if (places.confirmedCount === shift.capacity - 1) events.push(shiftPlacesEvent(ShiftPlacesChange.PLACE_FREED, places));
      }
      await recordEvents(manager, events);
      return saved;
    });
  }

  /** The person arrives: from an hour before the shift until its end. */
  async checkIn(viewer: Viewer, signUpId: string): Promise<ShiftSignUp> {
    return this.changeOwnSignUp(viewer, signUpId, "checkIn", (signUp, shift) => {
      if (signUp.checkedInAt) refuse("signUpId", UserErrorCode.INVALID_TRANSITION, t("activity.alreadyCheckedIn"));
      const now = Date.now();
      if (now < shift.startsAt.getTime() - CHECK_IN_EARLY_MS || now > shift.endsAt.getTime()) refuse("signUpId", UserErrorCode.OUT_OF_RANGE, t("activity.checkInOutsideShift"));
      signUp.checkedInAt = new Date(now);
    });
  }

  async checkOut(viewer: Viewer, signUpId: string): Promise<ShiftSignUp> {
    return this.changeOwnSignUp(viewer, signUpId, "checkOut", (signUp) => {
      if (!signUp.checkedInAt) refuse("signUpId", UserErrorCode.INVALID_TRANSITION, t("activity.notCheckedIn"));
      if (signUp.checkedOutAt) refuse("signUpId", UserErrorCode.INVALID_TRANSITION, t("activity.alreadyCheckedOut"));
      signUp.checkedOutAt = new Date();
    });
  }

  private async changeOwnSignUp(viewer: Viewer, signUpId: string, action: string, change: (signUp: ShiftSignUp, shift: ActivityShift) => void): Promise<ShiftSignUp> {
    const { user } = signedInUser(viewer);
    const actor = { organizationId: null, userId: user.id, apiKeyId: null };
    return inTransaction(this.dataSource, async (manager) => {
      await ownSignUp(manager, user.id, signUpId);
      const signUp = (await manager.findOne(ShiftSignUp, { where: { id: signUpId }, lock: { mode: "pessimistic_write" } }))!;
      if (signUp.status !== SignUpStatus.CONFIRMED) refuse("signUpId", UserErrorCode.INVALID_TRANSITION, t("activity.notConfirmed", { status: signUp.status }));
      const shift = (await manager.findOneBy(ActivityShift, { id: signUp.shiftId }))!;
      return saveChange(manager, actor, action, signUp, (row) => change(row, shift));
    });
  }
}

async function lockShift(manager: EntityManager, shiftId: string): Promise<ActivityShift> {
  const shift = await manager.findOne(ActivityShift, { where: { id: shiftId }, lock: { mode: "pessimistic_write" } });
  const activity = shift && (await manager.findOneBy(Activity, { id: shift.activityId }));
  if (!shift || !activity || activity.status === ActivityStatus.DRAFT) refuse("shiftId", UserErrorCode.NOT_FOUND, t("activity.shiftNotFound"));
  return shift;
}

async function registeredPerson(manager: EntityManager, userId: string, field: string): Promise<Person> {
  const person = await manager.findOneBy(Person, { userId });
  if (!person) refuse(field, UserErrorCode.NOT_FOUND, t("person.notRegistered"));
  return person;
}

/** The signed-in person's sign-up, unlocked; anyone else's answers as missing. */
async function ownSignUp(manager: EntityManager, userId: string, signUpId: string): Promise<ShiftSignUp> {
  const person = await registeredPerson(manager, userId, "signUpId");
  const signUp = await manager.findOneBy(ShiftSignUp, { id: signUpId, personId: person.id });
  if (!signUp) refuse("signUpId", UserErrorCode.NOT_FOUND, t("activity.signUpNotFound"));
  return signUp;
}

/** Under the shift's lock: the first waiting person takes the place that freed; that sign-up, or null when nobody waits. */
async function promoteFirstWaiting(manager: EntityManager, actor: Actor, shift: ActivityShift): Promise<ShiftSignUp | null> {
  const first = await manager.findOne(ShiftSignUp, { where: { shiftId: shift.id, status: SignUpStatus.WAITLISTED }, order: { createdAt: "ASC", id: "ASC" } });
  return first && saveChange(manager, actor, "promoteFromWaitlist", first, (row) => (row.status = SignUpStatus.CONFIRMED));
}

/** The shift's places as the change left them, counted under its lock. */
async function placesOf(manager: EntityManager, shift: ActivityShift, activity: Activity) {
  const [counts]: { confirmed: number; waiting: number }[] = await manager.query(
    `SELECT count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed, count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waiting FROM shift_sign_up WHERE shift_id = $1`,
    [shift.id],
  );
  return { shift, activity, confirmedCount: counts.confirmed, waitlistCount: counts.waiting };
}
