import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE, signedInUser } from "../../auth/policy";
import { organizationsOf } from "../../auth/read-policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { Activity, ActivityKind, ActivityStatus } from "../../entities/community/activity";
import { ActivityShift } from "../../entities/community/activity-shift";
import { Person, Skill } from "../../entities/community/person";
import { ShiftSignUp, SignUpStatus } from "../../entities/community/shift-sign-up";
import { EventType } from "../../entities/event";
import { Partnership, PartnershipStatus } from "../../entities/partnership";
import { LIVE_NEED_STATUSES, NeedCategory, ResourceNeed } from "../../entities/resource-need";
import { activityPublishedEvent, needEvent, recordEvents, signUpEvent } from "../../events/outbox";
import { ActivityStreamFilter, activityEventMatcher, signUpEventMatcher } from "../../events/subscription-filters";
import type { Event } from "../../entities/event";
import { t } from "../../i18n/text";
import type { Loaders } from "../../loaders";
import { audit, snapshot } from "../audit";
import { DomainError, InputCheck, UserErrorCode } from "../errors";
import { actingOrganization, findArea, inTransaction, refuse, requireFields, text } from "../input-rules";
import { moveFigures } from "../need-figures";
import { earnForHours } from "./points.service";
import { ACTIVITY_TRANSITIONS, HOURS_STATUSES, PUBLIC_ACTIVITY_STATUSES, SIGN_UP_STATUSES } from "./activity-lifecycle";

export interface ShiftFields {
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  requiredSkills?: Skill[] | null;
}

export interface ActivityFields {
  projectId?: string | null;
  /** A VOLUNTEERS need of the project, which confirmed sign-ups count toward. */
  needId?: string | null;
  kind: ActivityKind;
  title: string;
  description?: string | null;
  areaCode: string;
  place?: string | null;
  shifts: ShiftFields[];
}

const MAX_SHIFTS = 20;
const MAX_CAPACITY = 10_000;
// Volunteers may check in this long before their shift starts.
const CHECK_IN_EARLY_MS = 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Hours in hundredths, as numeric(6, 2) holds them. */
const hundredths = (hours: number) => Math.round(hours * 100);

/**
 * Activities, their shifts, and people's sign-ups and hours. Places are counted under the shift's row lock,
 * so concurrent sign-ups never confirm more people than the shift takes; the rest wait in line.
 */
export class ActivityService {
  constructor(private readonly dataSource: DataSource) {}

  /** A DRAFT shows only to the organiser's members and keys; null otherwise. */
  async findVisible(viewer: Viewer, loaders: Pick<Loaders, "activity">, id: string): Promise<Activity | null> {
    const activity = await loaders.activity.load(id);
    return activity && readsActivity(viewer, activity) ? activity : null;
  }

  async findVisibleShift(viewer: Viewer, loaders: Pick<Loaders, "activity" | "activityShift">, id: string): Promise<ActivityShift | null> {
    const shift = await loaders.activityShift.load(id);
    return shift && (await this.findVisible(viewer, loaders, shift.activityId)) ? shift : null;
  }

  /** A sign-up shows to the person who made it and to the organiser's members and keys. */
  async findVisibleSignUp(viewer: Viewer, loaders: Pick<Loaders, "activity" | "activityShift" | "shiftSignUp" | "person">, id: string): Promise<ShiftSignUp | null> {
    const signUp = await loaders.shiftSignUp.load(id);
    if (!signUp) return null;
    const shift = (await loaders.activityShift.load(signUp.shiftId))!;
    const activity = (await loaders.activity.load(shift.activityId))!;
    if (organizationsOf(viewer).includes(activity.organizationId)) return signUp;
    const person = await loaders.person.load(signUp.personId);
    return viewer.kind === "user" && person?.userId === viewer.user.id ? signUp : null;
  }

  /** The shift's sign-ups, in the order they came, to the organiser's members and keys; empty to everyone else. */
  async signUpsOf(viewer: Viewer, loaders: Pick<Loaders, "activity" | "signUpsOfShift">, shift: ActivityShift): Promise<ShiftSignUp[]> {
    const activity = await loaders.activity.load(shift.activityId);
    if (!activity || !organizationsOf(viewer).includes(activity.organizationId)) return [];
    return loaders.signUpsOfShift.load(shift.id);
  }

  /** Which activityPublished events reach the viewer through `filter`: those it may read. */
  eventMatcher(viewer: Viewer, filter: ActivityStreamFilter): (event: Event) => boolean {
    return activityEventMatcher(filter, organizationsOf(viewer));
  }

  /** Sign-up events of the viewer's organisations' activities. */
  signUpEventMatcher(viewer: Viewer, activityId: string | null): (event: Event) => boolean {
    return signUpEventMatcher(activityId, organizationsOf(viewer));
  }

  /** Only an organisation's members, keys and webhooks follow sign-ups: nobody else has any to follow. */
  requireSignUpReader(viewer: Viewer): void {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    if (organizationsOf(viewer).length === 0) throw new DomainError("FORBIDDEN", t("auth.notMember"));
  }

  async createActivity(viewer: Viewer, actingId: string, fields: ActivityFields): Promise<Activity> {
    const actor = actFor(viewer, actingId, REQUIRE.activities);
    return inTransaction(this.dataSource, async (manager) => {
      const organizer = await actingOrganization(manager, actingId);
      const check = new InputCheck();
      requireFields(check, fields, ["kind", "title", "areaCode", "shifts"], true);
      const title = text(check, "title", fields.title, 200, true);
      const description = text(check, "description", fields.description, 5000, false);
      const place = text(check, "place", fields.place, 300, false);
      const area = fields.areaCode ? await findArea(manager, check, "areaCode", fields.areaCode) : null;
      if (fields.projectId) await requireProjectPartner(manager, check, fields.projectId, organizer.id);
      if (fields.needId) await requireServedNeed(manager, check, fields.needId, fields.projectId ?? null);
      const shifts = shiftsOf(check, fields.shifts ?? []);
      check.throwIfAny();
      const activity = await manager.save(
        manager.create(Activity, {
          organizationId: organizer.id, projectId: fields.projectId ?? null, needId: fields.needId ?? null, kind: fields.kind, title: title!, description, areaCode: area!.code, place, status: ActivityStatus.DRAFT,
        }),
      );
      const saved = await manager.save(shifts.map((shift) => manager.create(ActivityShift, { ...shift, activityId: activity.id })));
      await audit(manager, actor, { action: "createActivity", entityType: "Activity", entityId: activity.id, before: null, after: { ...activity, shifts: saved } });
      return activity;
    });
  }

  /** Moves the activity along ACTIVITY_TRANSITIONS; only the organiser does. */
  async changeStatus(viewer: Viewer, actingId: string, activityId: string, status: ActivityStatus): Promise<Activity> {
    const actor = actFor(viewer, actingId, REQUIRE.activities);
    return inTransaction(this.dataSource, async (manager) => {
      const activity = await lockOrganizedActivity(manager, actingId, activityId);
      const allowed = ACTIVITY_TRANSITIONS[activity.status];
      if (!allowed.includes(status)) {
        refuse("status", UserErrorCode.INVALID_TRANSITION, t("activity.transitionNotAllowed", { status: activity.status, requested: status, allowed: allowed.length ? allowed : "—" }));
      }
      const before = snapshot(activity);
      if (status === ActivityStatus.CANCELLED) await cancelComingSignUps(manager, actor, activity);
      activity.status = status;
      const saved = await manager.save(activity);
      if (status === ActivityStatus.PUBLISHED) await recordEvents(manager, [activityPublishedEvent(saved)]);
      await audit(manager, actor, { action: "changeActivityStatus", entityType: "Activity", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

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
        await recordEvents(manager, [signUpEvent(signUp, activity)]);
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
      await recordEvents(manager, [saved, ...(promoted ? [promoted] : [])].map((row) => signUpEvent(row, activity)));
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

/** Whether the viewer reads the activity: past DRAFT, anyone; a DRAFT, the organiser's members and keys. */
export function readsActivity(viewer: Viewer, activity: Activity): boolean {
  return PUBLIC_ACTIVITY_STATUSES.includes(activity.status) || organizationsOf(viewer).includes(activity.organizationId);
}

async function saveChange(manager: EntityManager, actor: Actor, action: string, signUp: ShiftSignUp, change: (signUp: ShiftSignUp) => void): Promise<ShiftSignUp> {
  const before = snapshot(signUp);
  change(signUp);
  const saved = await manager.save(signUp);
  await audit(manager, actor, { action, entityType: "ShiftSignUp", entityId: saved.id, before, after: saved });
  return saved;
}

function shiftsOf(check: InputCheck, shifts: ShiftFields[]): (ShiftFields & { requiredSkills: Skill[] })[] {
  if (shifts.length === 0) check.add("shifts", UserErrorCode.REQUIRED, t("activity.needsShift"));
  if (shifts.length > MAX_SHIFTS) check.add("shifts", UserErrorCode.OUT_OF_RANGE, t("activity.tooManyShifts", { max: MAX_SHIFTS }));
  return shifts.map((shift, index) => {
    if (!(shift.endsAt > shift.startsAt)) check.add(`shifts.${index}.endsAt`, UserErrorCode.OUT_OF_RANGE, t("activity.shiftEndsBeforeStart"));
    if (!Number.isInteger(shift.capacity) || shift.capacity < 1 || shift.capacity > MAX_CAPACITY) {
      check.add(`shifts.${index}.capacity`, UserErrorCode.OUT_OF_RANGE, t("activity.capacityOutOfRange", { max: MAX_CAPACITY }));
    }
    return { startsAt: shift.startsAt, endsAt: shift.endsAt, capacity: shift.capacity, requiredSkills: [...new Set(shift.requiredSkills ?? [])] };
  });
}

/** Within a project, only an organisation taking part in it organises. */
async function requireProjectPartner(manager: EntityManager, check: InputCheck, projectId: string, organizationId: string): Promise<void> {
  const partnership = await manager.findOneBy(Partnership, { projectId, organizationId, status: PartnershipStatus.ACTIVE });
  if (!partnership) check.add("projectId", UserErrorCode.NOT_PERMITTED, t("activity.notInProject"));
}

async function lockOrganizedActivity(manager: EntityManager, organizationId: string, activityId: string): Promise<Activity> {
  const activity = await manager.findOne(Activity, { where: { id: activityId }, lock: { mode: "pessimistic_write" } });
  if (!activity || activity.organizationId !== organizationId) refuse("activityId", UserErrorCode.NOT_FOUND, t("activity.notFound"));
  return activity;
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

/**
 * Moves the served need's pledged quantity by `people`, as a pledge's offer moves it, and announces the new
 * figures; the need's row lock is taken after the shift's, and pledges take no shift lock, so no cycle forms.
 */
async function countTowardNeed(manager: EntityManager, activity: Activity, people: number, reason: string): Promise<void> {
  if (!activity.needId || people === 0) return;
  const need = (await manager.findOneBy(ResourceNeed, { id: activity.needId }))!;
  const moved = await moveFigures(manager, { need }, { pledged: people * 100, accepted: 0, delivered: 0 }, reason);
  await recordEvents(manager, [needEvent(EventType.NEED_UPDATED, moved)]);
}

/**
 * Calling an activity off cancels the sign-ups of its shifts still to come (those served keep their hours), under
 * the shifts' locks, so no sign-up slips in between; their places leave the served need's figures.
 */
async function cancelComingSignUps(manager: EntityManager, actor: Actor, activity: Activity): Promise<void> {
  await manager.query(`SELECT id FROM activity_shift WHERE activity_id = $1 ORDER BY id FOR UPDATE`, [activity.id]);
  const [cancelled]: [{ id: string; shift_id: string; status: SignUpStatus }[], number] = await manager.query(
    `WITH was AS (
       SELECT s.id, s.status FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id
       WHERE sh.activity_id = $1 AND sh.starts_at > now() AND s.status <> 'CANCELLED' FOR UPDATE OF s)
     UPDATE shift_sign_up s SET status = 'CANCELLED', updated_at = now() FROM was WHERE s.id = was.id
     RETURNING s.id, s.shift_id, was.status`,
    [activity.id],
  );
  for (const row of cancelled) {
    await audit(manager, actor, { action: "cancelActivitySignUp", entityType: "ShiftSignUp", entityId: row.id, before: { status: row.status }, after: { status: SignUpStatus.CANCELLED } });
  }
  await recordEvents(manager, cancelled.map((row) => signUpEvent(Object.assign(new ShiftSignUp(), { id: row.id, shiftId: row.shift_id, status: SignUpStatus.CANCELLED }), activity)));
  await countTowardNeed(manager, activity, -cancelled.filter((row) => row.status === SignUpStatus.CONFIRMED).length, "activity cancelled");
}

/** A need an activity serves: a live VOLUNTEERS need of the activity's project. */
async function requireServedNeed(manager: EntityManager, check: InputCheck, needId: string, projectId: string | null): Promise<void> {
  const need = await manager.findOneBy(ResourceNeed, { id: needId });
  if (!need || need.projectId !== projectId) check.add("needId", UserErrorCode.NOT_FOUND, t("activity.needNotInProject"));
  else if (need.category !== NeedCategory.VOLUNTEERS) check.add("needId", UserErrorCode.INVALID, t("activity.needNotVolunteers", { category: need.category }));
  else if (!LIVE_NEED_STATUSES.includes(need.status)) check.add("needId", UserErrorCode.INVALID_TRANSITION, t("activity.needClosed", { status: need.status }));
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
