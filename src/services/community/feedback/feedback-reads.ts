import type { DataSource } from "typeorm";
import { feedbackReaderOf, FeedbackReader, READS_COMMENT, READS_FEEDBACK } from "../../../auth/feedback-privacy";
import { organizationsOf } from "../../../auth/read-policy";
import type { Viewer } from "../../../auth/viewer";
import { Feedback, FeedbackSubjectKind } from "../../../entities/community/feedback";
import type { Event } from "../../../entities/event";
import { KeysetPager, Page, PageArgs, Sort } from "../../../db/keyset-page";
import { feedbackEventMatcher } from "../../../events/subscription-filters";
import { t } from "../../../i18n/text";
import type { Loaders } from "../../../loaders";
import { DomainError } from "../../errors";

export interface FeedbackFilter {
  subjectKinds?: FeedbackSubjectKind[] | null;
  requestId?: string | null;
  serviceId?: string | null;
  activityId?: string | null;
}

type FeedbackLoaders = Pick<Loaders, "feedback" | "personOfUser">;

const NEWEST_FIRST: Sort = { name: "RATED_AT", property: "ratedAt", kind: "timestamp", direction: "DESC" };

/** Reading ratings by the rules of auth/feedback-privacy.ts: one by one, as lists and as events. */
export class FeedbackReads {
  private readonly pager: KeysetPager<Feedback>;

  constructor(private readonly dataSource: DataSource) {
    this.pager = new KeysetPager(dataSource.getRepository(Feedback));
  }

  async readerOf(viewer: Viewer, loaders: Pick<Loaders, "personOfUser">, feedback: Feedback): Promise<FeedbackReader> {
    const personId = viewer.kind === "user" ? ((await loaders.personOfUser.load(viewer.user.id))?.id ?? null) : null;
    return feedbackReaderOf(viewer, feedback, personId);
  }

  /** The rating, to those READS_FEEDBACK lets read it; null to everyone else. */
  async findVisible(viewer: Viewer, loaders: FeedbackLoaders, id: string): Promise<Feedback | null> {
    const feedback = await loaders.feedback.load(id);
    return feedback && READS_FEEDBACK[await this.readerOf(viewer, loaders, feedback)] ? feedback : null;
  }

  /** The rating of a request, to those who read ratings (a request has at most one). */
  async ofRequest(viewer: Viewer, loaders: Pick<Loaders, "feedbackOfRequest" | "personOfUser">, requestId: string): Promise<Feedback | null> {
    const feedback = await loaders.feedbackOfRequest.load(requestId);
    return feedback && READS_FEEDBACK[await this.readerOf(viewer, loaders, feedback)] ? feedback : null;
  }

  /** The comment, to the rater and the rated organisation's members. */
  async commentOf(viewer: Viewer, loaders: Pick<Loaders, "personOfUser">, feedback: Feedback): Promise<string | null> {
    return READS_COMMENT[await this.readerOf(viewer, loaders, feedback)] ? feedback.comment : null;
  }

  /** The ratings an organisation received, newest first: to its members and keys. */
  received(viewer: Viewer, organizationId: string, filter: FeedbackFilter, args: PageArgs): Promise<Page<Feedback>> {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    if (!organizationsOf(viewer).includes(organizationId)) throw new DomainError("FORBIDDEN", t("feedback.organizationNotYours"));
    const query = this.dataSource.getRepository(Feedback).createQueryBuilder("feedback").where(`"feedback"."organization_id" = :organizationId`, { organizationId });
    return this.pager.page(narrowed(query, filter), NEWEST_FIRST, args);
  }

  /** The viewer's own ratings, newest first. */
  async mine(viewer: Viewer, loaders: Pick<Loaders, "personOfUser">, args: PageArgs): Promise<Page<Feedback>> {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInRequired"));
    const personId = viewer.kind === "user" ? ((await loaders.personOfUser.load(viewer.user.id))?.id ?? null) : null;
    const query = this.dataSource.getRepository(Feedback).createQueryBuilder("feedback").where(`"feedback"."rater_person_id" = :personId`, { personId });
    return this.pager.page(personId === null ? query.andWhere("false") : query, NEWEST_FIRST, args);
  }

  /** Only members and keys of organisations hear of ratings; `organizationId`, when given, must be one of theirs. */
  eventMatcher(viewer: Viewer, organizationId: string | null): (event: Event) => boolean {
    return feedbackEventMatcher(organizationId, organizationsOf(viewer));
  }

  requireFeedbackFollower(viewer: Viewer, organizationId: string | null): void {
    if (viewer.kind === "anonymous") throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    if (organizationId !== null && !organizationsOf(viewer).includes(organizationId)) throw new DomainError("FORBIDDEN", t("feedback.organizationNotYours"));
  }
}

function narrowed<Q extends { andWhere: (where: string, parameters?: Record<string, unknown>) => Q }>(query: Q, filter: FeedbackFilter): Q {
  if (filter.subjectKinds?.length) query.andWhere(`"feedback"."subject_kind" IN (:...kinds)`, { kinds: filter.subjectKinds });
  if (filter.requestId != null) query.andWhere(`"feedback"."request_id" = :requestId`, { requestId: filter.requestId });
  if (filter.serviceId != null) query.andWhere(`"feedback"."service_id" = :serviceId`, { serviceId: filter.serviceId });
  if (filter.activityId != null) query.andWhere(`"feedback"."activity_id" = :activityId`, { activityId: filter.activityId });
  return query;
}
