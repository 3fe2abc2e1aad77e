import { DataSource, EntityManager, IsNull } from "typeorm";
import { actFor, REQUIRE, signedInUser } from "../../../auth/policy";
import type { Actor, Viewer } from "../../../auth/viewer";
import { Activity, ActivityStatus } from "../../../entities/community/activity";
import { Feedback, FeedbackChannel, FeedbackSubjectKind } from "../../../entities/community/feedback";
import { Person } from "../../../entities/community/person";
import { PersonConsent } from "../../../entities/community/person-consent";
import { RequestStatus, ResidentRequest } from "../../../entities/community/resident-request";
import { Service } from "../../../entities/community/service";
import { Organization } from "../../../entities/organization";
import { feedbackEvent, recordEvents } from "../../../events/outbox";
import { t } from "../../../i18n/text";
import { audit, snapshot } from "../../audit";
import { DomainError, InputCheck, UserErrorCode } from "../../errors";
import { inTransaction, refuse, text } from "../../input-rules";
import { isPublic } from "../service-visibility";

export interface FeedbackFields {
  /** Staff entering an offline rating: the rated organisation. Absent when the resident rates online. */
  actingOrganizationId?: string | null;
  /** Staff entering a rating of a session or an activity: the resident who gave it. */
  onBehalfOfPersonId?: string | null;
  requestId?: string | null;
  serviceId?: string | null;
  sessionDate?: string | null;
  activityId?: string | null;
  stars: number;
  comment?: string | null;
  channel: FeedbackChannel;
}

/** What a rating rates, once checked: the organisation rated, where, and who rates. */
interface Subject {
  kind: FeedbackSubjectKind;
  organizationId: string;
  areaCode: string;
  category: ResidentRequest["category"] | null;
  raterPersonId: string | null;
  key: Pick<Feedback, "requestId" | "serviceId" | "sessionDate" | "activityId">;
}

/** Ratings of resolved requests that a request's handler finished with. */
export const RATEABLE_REQUEST_STATUSES = [RequestStatus.RESOLVED, RequestStatus.CLOSED];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UNIQUE_RULES = ["feedback_request_once", "feedback_session_once", "feedback_activity_once"].map((constraint) => ({ constraint, field: "requestId", text: t("feedback.ratedMeanwhile") }));

/** A rating as the audit log keeps it: never the comment (erasure need not look there). */
function auditRecordOf(feedback: Feedback | null): Record<string, unknown> | null {
  const record = snapshot(feedback);
  if (record && feedback) record.comment = feedback.comment === null ? null : "***";
  return record;
}

/**
 * Residents' ratings: one per rater and rated thing; rating again changes it (stars, comment, channel and
 * rated time), so a resident who changes their mind is counted once, as they now see it; staff entering an offline
 * rating never overwrite one the resident gave online. Each rating writes
 * an audit entry and a FEEDBACK_RECEIVED event in its transaction.
 */
export class FeedbackService {
  constructor(private readonly dataSource: DataSource) {}

  async give(viewer: Viewer, fields: FeedbackFields): Promise<Feedback> {
    if (viewer.kind === "apiKey" || viewer.kind === "organization") throw new DomainError("FORBIDDEN", t("auth.keyNotForPersonalWork"));
    const actingId = fields.actingOrganizationId ?? null;
    const online = fields.channel === FeedbackChannel.ONLINE;
    if (online && actingId) refuse("channel", UserErrorCode.INVALID, t("feedback.onlineIsOwn"));
    if (!online && !actingId) refuse("actingOrganizationId", UserErrorCode.REQUIRED, t("feedback.offlineNeedsStaff", { channel: fields.channel }));
    const actor: Actor = actingId ? actFor(viewer, actingId, REQUIRE.feedbackEntry) : { organizationId: null, userId: signedInUser(viewer).user.id, apiKeyId: null };
    const check = new InputCheck();
    const subjects = [fields.requestId, fields.serviceId, fields.activityId].filter((id) => id != null).length;
    if (subjects !== 1) check.add("requestId", UserErrorCode.REQUIRED, t("feedback.oneSubject"));
    if (fields.serviceId != null && fields.sessionDate == null) check.add("sessionDate", UserErrorCode.REQUIRED, t("feedback.sessionDateRequired"));
    if (fields.sessionDate != null && (!DATE.test(fields.sessionDate) || Number.isNaN(Date.parse(`${fields.sessionDate}T00:00:00Z`)))) {
      check.add("sessionDate", UserErrorCode.INVALID, t("feedback.sessionDateFormat"));
    }
    if (!Number.isInteger(fields.stars) || fields.stars < 1 || fields.stars > 5) check.add("stars", UserErrorCode.OUT_OF_RANGE, t("feedback.starsRange", { stars: String(fields.stars) }));
    const comment = text(check, "comment", fields.comment, 1000, false);
    if (fields.onBehalfOfPersonId != null && online) check.add("onBehalfOfPersonId", UserErrorCode.INVALID, t("feedback.onBehalfOnlyOffline"));
    check.throwIfAny();
    return inTransaction(this.dataSource, async (manager) => {
      const raterOnline = online ? await ownPerson(manager, actor.userId!) : null;
      const subject = fields.requestId
        ? await requestSubject(manager, fields, actingId, raterOnline)
        : fields.serviceId
          ? await sessionSubject(manager, fields, actingId, raterOnline)
          : await activitySubject(manager, fields, actingId, raterOnline);
      const existing = await manager.findOne(Feedback, { where: uniqueKeyOf(subject), lock: { mode: "pessimistic_write" } });
      // Staff enter what a resident said; they do not overwrite what the resident rated themself.
      if (existing && existing.channel === FeedbackChannel.ONLINE && !online) refuse(subjectField(subject), UserErrorCode.TAKEN, t("feedback.ratedOnline"));
      const before = auditRecordOf(existing);
      const [{ now }]: { now: Date }[] = await manager.query(`SELECT now() AS now`);
      const feedback = existing ?? manager.create(Feedback, { subjectKind: subject.kind, ...subject.key, raterPersonId: subject.raterPersonId });
      Object.assign(feedback, {
        organizationId: subject.organizationId, areaCode: subject.areaCode, category: subject.category, stars: fields.stars, comment, channel: fields.channel,
        enteredByOrganizationId: actingId, ratedAt: now,
      });
      const saved = await manager.save(feedback);
      await audit(manager, actor, { action: "giveFeedback", entityType: "Feedback", entityId: saved.id, before, after: auditRecordOf(saved) });
      await recordEvents(manager, [feedbackEvent(saved, existing !== null)]);
      return saved;
    }, UNIQUE_RULES);
  }
}

function subjectField(subject: Subject): string {
  return subject.kind === FeedbackSubjectKind.REQUEST ? "requestId" : subject.kind === FeedbackSubjectKind.ACTIVITY ? "activityId" : "serviceId";
}

/** The where clause of the unique index the subject falls under. */
function uniqueKeyOf(subject: Subject): Record<string, unknown> {
  if (subject.kind === FeedbackSubjectKind.REQUEST) return { subjectKind: subject.kind, requestId: subject.key.requestId };
  if (subject.kind === FeedbackSubjectKind.ACTIVITY) return { subjectKind: subject.kind, activityId: subject.key.activityId, raterPersonId: subject.raterPersonId };
  return { subjectKind: subject.kind, serviceId: subject.key.serviceId, sessionDate: subject.key.sessionDate, raterPersonId: subject.raterPersonId };
}

async function ownPerson(manager: EntityManager, userId: string): Promise<string> {
  const person = await manager.findOneBy(Person, { userId });
  if (!person) refuse("channel", UserErrorCode.NOT_FOUND, t("person.notRegistered"));
  return person.id;
}

/** A request its requester rates online, or its handler's staff enter a rating of; RESOLVED or CLOSED. */
async function requestSubject(manager: EntityManager, fields: FeedbackFields, actingId: string | null, rater: string | null): Promise<Subject> {
  if (fields.onBehalfOfPersonId != null) refuse("onBehalfOfPersonId", UserErrorCode.INVALID, t("feedback.requestPersonImplied"));
  const request = await manager.findOneBy(ResidentRequest, { id: fields.requestId! });
  const reachable = request && (actingId ? request.handlingOrganizationId === actingId : request.requesterPersonId !== null && request.requesterPersonId === rater);
  if (!request || !reachable) refuse("requestId", UserErrorCode.NOT_FOUND, actingId ? t("request.notHandled") : t("feedback.requestNotYours"));
  if (!RATEABLE_REQUEST_STATUSES.includes(request.status)) refuse("requestId", UserErrorCode.INVALID_TRANSITION, t("feedback.requestNotResolved", { status: request.status }));
  return {
    kind: FeedbackSubjectKind.REQUEST, organizationId: request.handlingOrganizationId, areaCode: request.areaCode, category: request.category,
    raterPersonId: request.requesterPersonId, key: { requestId: request.id, serviceId: null, sessionDate: null, activityId: null },
  };
}

/** A session of a public service (or the acting provider's own) on a date one of its schedules held, not in the future. */
async function sessionSubject(manager: EntityManager, fields: FeedbackFields, actingId: string | null, rater: string | null): Promise<Subject> {
  const service = await manager.findOneBy(Service, { id: fields.serviceId! });
  if (!service || (!isPublic(service) && service.organizationId !== actingId)) refuse("serviceId", UserErrorCode.NOT_FOUND, t("service.notFound"));
  await requireRatedOrganization(manager, actingId, service.organizationId, "serviceId");
  const date = fields.sessionDate!;
  // The schedule's own time zone decides both the weekday and whether the date has come; the session's place gives the area.
  const [held]: { area_code: string; future: boolean }[] = await manager.query(
    `SELECT coalesce(l.area_code, o.area_code) AS area_code, $2::date > (now() AT TIME ZONE s.timezone)::date AS future
     FROM service_schedule s JOIN service sv ON sv.id = s.service_id JOIN organization o ON o.id = sv.organization_id LEFT JOIN service_location l ON l.id = s.location_id
     WHERE s.service_id = $1 AND (s.valid_from IS NULL OR s.valid_from <= $2::date) AND (s.valid_to IS NULL OR s.valid_to >= $2::date)
       AND CASE s.freq WHEN 'WEEKLY' THEN s.byday && ARRAY[(cogov_day_names($2::date))[1]]
                       WHEN 'MONTHLY' THEN s.byday && cogov_day_names($2::date) OR s.bymonthday && cogov_month_days($2::date)
                       ELSE s.session_date = $2::date END
     ORDER BY future, s.id LIMIT 1`,
    [service.id, date],
  );
  if (!held) refuse("sessionDate", UserErrorCode.NOT_FOUND, t("feedback.sessionNotHeld", { date }));
  if (held.future) refuse("sessionDate", UserErrorCode.OUT_OF_RANGE, t("feedback.sessionInFuture", { date }));
  return {
    kind: FeedbackSubjectKind.SERVICE_SESSION, organizationId: service.organizationId, areaCode: held.area_code, category: null,
    raterPersonId: rater ?? (await consentingPerson(manager, fields, actingId!)), key: { requestId: null, serviceId: service.id, sessionDate: date, activityId: null },
  };
}

/** An activity that has taken place: completed, or published with a shift already started. */
async function activitySubject(manager: EntityManager, fields: FeedbackFields, actingId: string | null, rater: string | null): Promise<Subject> {
  const activity = await manager.findOneBy(Activity, { id: fields.activityId! });
  if (!activity || (activity.status === ActivityStatus.DRAFT && activity.organizationId !== actingId)) refuse("activityId", UserErrorCode.NOT_FOUND, t("feedback.activityNotFound"));
  await requireRatedOrganization(manager, actingId, activity.organizationId, "activityId");
  const [{ started }]: { started: boolean }[] = await manager.query(`SELECT EXISTS (SELECT 1 FROM activity_shift WHERE activity_id = $1 AND starts_at <= now()) AS started`, [activity.id]);
  if (activity.status !== ActivityStatus.COMPLETED && !(activity.status === ActivityStatus.PUBLISHED && started)) {
    refuse("activityId", UserErrorCode.INVALID_TRANSITION, t("feedback.activityNotHeld", { status: activity.status }));
  }
  return {
    kind: FeedbackSubjectKind.ACTIVITY, organizationId: activity.organizationId, areaCode: activity.areaCode, category: null,
    raterPersonId: rater ?? (await consentingPerson(manager, fields, actingId!)), key: { requestId: null, serviceId: null, sessionDate: null, activityId: activity.id },
  };
}

/** Offline ratings are entered by the rated organisation itself. */
async function requireRatedOrganization(manager: EntityManager, actingId: string | null, ratedId: string, field: string): Promise<void> {
  if (actingId === null || actingId === ratedId) return;
  const rated = await manager.findOneBy(Organization, { id: ratedId });
  refuse(field, UserErrorCode.NOT_PERMITTED, t("feedback.notRatedOrganization", { name: rated?.name ?? ratedId }));
}

/** The resident staff enter a rating for: one who consented to the acting organisation holding their data. */
async function consentingPerson(manager: EntityManager, fields: FeedbackFields, actingId: string): Promise<string> {
  if (fields.onBehalfOfPersonId == null) refuse("onBehalfOfPersonId", UserErrorCode.REQUIRED, t("feedback.personRequired"));
  const consents = await manager.existsBy(PersonConsent, { personId: fields.onBehalfOfPersonId, organizationId: actingId, withdrawnAt: IsNull() });
  if (!consents) refuse("onBehalfOfPersonId", UserErrorCode.NOT_FOUND, t("request.personWithoutConsent"));
  return fields.onBehalfOfPersonId;
}
