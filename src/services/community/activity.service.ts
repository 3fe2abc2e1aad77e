import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE } from "../../auth/policy";
import { organizationsOf } from "../../auth/read-policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { Activity, ActivityKind, ActivityStatus } from "../../entities/community/activity";
import { ActivityShift } from "../../entities/community/activity-shift";
import { Skill } from "../../entities/community/person";
import { ShiftSignUp, SignUpStatus } from "../../entities/community/shift-sign-up";
import { EventType } from "../../entities/event";
import { Partnership, PartnershipStatus } from "../../entities/partnership";
import { LIVE_NEED_STATUSES, NeedCategory, ResourceNeed } from "../../entities/resource-need";
import { activityStatusEvent, recordEvents, signUpEvent } from "../../events/outbox";
import { ActivityStreamFilter, activityEventMatcher, ShiftStreamFilter, shiftPlacesEventMatcher, signUpEventMatcher } from "../../events/subscription-filters";
import type { Event } from "../../entities/event";
import { t } from "../../i18n/text";
import type { Loaders } from "../../loaders";
import { emptyPage, Page, PageArgs } from "../../db/keyset-page";
import { audit, snapshot } from "../audit";
import { DomainError, InputCheck, UserErrorCode } from "../errors";
import { actingOrganization, findArea, inTransaction, refuse, requireFields, text } from "../input-rules";
import { countTowardNeed } from "./sign-up-changes";
import { ACTIVITY_TRANSITIONS, PUBLIC_ACTIVITY_STATUSES } from "./activity-lifecycle";

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

/** Activities and their shifts: who reads them, who follows them live, and the organiser's moves (sign-ups: sign-up.service.ts, hours: service-hours.service.ts). */
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

  /** A page of the shift's sign-ups, in the order they came, to the organiser's members and keys; empty to everyone else. */
  async signUpsOf(viewer: Viewer, loaders: Pick<Loaders, "activity" | "signUpsOfShift">, shift: ActivityShift, page: PageArgs): Promise<Page<ShiftSignUp>> {
    const activity = await loaders.activity.load(shift.activityId);
    if (!activity || !organizationsOf(viewer).includes(activity.organizationId)) return emptyPage();
    return loaders.signUpsOfShift(page).load(shift.id);
  }

  /** Which activity events of `types` (published, completed or cancelled) reach the viewer through `filter`: those it may read. */
  eventMatcher(viewer: Viewer, types: EventType[], filter: ActivityStreamFilter): (event: Event) => boolean {
    return activityEventMatcher(types, filter, organizationsOf(viewer));
  }

  /** Which shift events (filled, waitlist formed, place freed) reach the viewer through `filter`: those of activities it may read. */
  shiftPlacesEventMatcher(viewer: Viewer, filter: ShiftStreamFilter): (event: Event) => boolean {
    return shiftPlacesEventMatcher(filter, organizationsOf(viewer));
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
      const was = activity.status;
      if (status === ActivityStatus.CANCELLED) await cancelComingSignUps(manager, actor, activity);
      activity.status = status;
      const saved = await manager.save(activity);
      // A DRAFT called off was never announced: its closing is not news either.
      if (status === ActivityStatus.PUBLISHED || was === ActivityStatus.PUBLISHED) await recordEvents(manager, [activityStatusEvent(saved)]);
      await audit(manager, actor, { action: "changeActivityStatus", entityType: "Activity", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

}

/** Whether the viewer reads the activity: past DRAFT, anyone; a DRAFT, the organiser's members and keys. */
export function readsActivity(viewer: Viewer, activity: Activity): boolean {
  return PUBLIC_ACTIVITY_STATUSES.includes(activity.status) || organizationsOf(viewer).includes(activity.organizationId);
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
