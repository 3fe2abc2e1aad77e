import { EntityManager } from "typeorm";
import { Feedback, FeedbackChannel, FeedbackSubjectKind } from "../../entities/community/feedback";
import { DEMO_REQUESTS, demoRequestId } from "./resident-request-demo";
import { demoPersonId } from "./people-demo";
import { DEMO_ORGANIZATIONS } from "./registry-demo";
import { demoServiceId } from "./service-directory-demo";
import { demoActivityId } from "./volunteering-demo";

const organizationId = (slug: string) => DEMO_ORGANIZATIONS.find((organization) => organization.slug === slug)!.id;
const demoFeedbackId = (n: number) => `c09b0000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const DAY_MS = 86_400_000;

/** Ratings of resolved and closed requests, by their requesters (an anonymous one by a return call): stars, words, channel. */
const REQUEST_RATINGS: { n: number; request: number; stars: number; comment: string | null; channel: FeedbackChannel }[] = [
  { n: 1, request: 4, stars: 5, comment: "醫生每週二都上門，很準時。", channel: FeedbackChannel.ONLINE },
  { n: 2, request: 5, stars: 4, comment: "燈修好了，就是等了一週。", channel: FeedbackChannel.ONLINE },
  { n: 3, request: 11, stars: 5, comment: "飯菜熱乎，志願者很耐心。", channel: FeedbackChannel.ONLINE },
  { n: 4, request: 12, stars: 3, comment: "好了幾天，週末又有點吵。", channel: FeedbackChannel.ONLINE },
  { n: 5, request: 13, stars: 4, comment: null, channel: FeedbackChannel.MEETING },
  { n: 6, request: 15, stars: 5, comment: "新裝的充電樁很方便。", channel: FeedbackChannel.ONLINE },
  { n: 7, request: 20, stars: 4, comment: "電話回訪：延長開放很好，希望週日也延長。", channel: FeedbackChannel.PHONE },
];

/** The essay's other rated things: last week's 社區義診 session and the completed 樓道清理 activity. */
const OTHER_RATINGS: { n: number; kind: FeedbackSubjectKind; person: number; stars: number; comment: string | null; channel: FeedbackChannel; daysAgo: number }[] = [
  { n: 11, kind: FeedbackSubjectKind.SERVICE_SESSION, person: 5, stars: 5, comment: "量了血壓，醫生講得很清楚。", channel: FeedbackChannel.ONLINE, daysAgo: 0 },
  { n: 12, kind: FeedbackSubjectKind.SERVICE_SESSION, person: 11, stars: 4, comment: "人有點多，排了半小時。", channel: FeedbackChannel.ONLINE, daysAgo: 0 },
  { n: 13, kind: FeedbackSubjectKind.ACTIVITY, person: 2, stars: 5, comment: "樓道乾淨多了。", channel: FeedbackChannel.MEETING, daysAgo: 19 },
  { n: 14, kind: FeedbackSubjectKind.ACTIVITY, person: 14, stars: 4, comment: null, channel: FeedbackChannel.ONLINE, daysAgo: 18 },
];

/** The last Tuesday before `now` in Chengdu (社區義診 is held on Tuesday mornings). */
function lastTuesday(now: Date): string {
  const local = new Date(now.getTime() + 8 * 3_600_000 - DAY_MS);
  local.setUTCDate(local.getUTCDate() - ((local.getUTCDay() - 2 + 7) % 7));
  return local.toISOString().slice(0, 10);
}

/** Writes the demo ratings (fixed ids, so a reload writes the same rows); requests first, as ratings refer to them. */
export async function upsertDemoFeedback(manager: EntityManager, now = new Date()): Promise<void> {
  for (const { n, request, stars, comment, channel } of REQUEST_RATINGS) {
    const rated = DEMO_REQUESTS.find((row) => row.n === request)!;
    const handler = organizationId(rated.handler);
    await manager.upsert(Feedback, {
      id: demoFeedbackId(n), subjectKind: FeedbackSubjectKind.REQUEST, requestId: demoRequestId(request), serviceId: null, sessionDate: null, activityId: null,
      organizationId: handler, areaCode: rated.areaCode, category: rated.category, raterPersonId: rated.requester ? demoPersonId(rated.requester) : null, stars, comment, channel,
      enteredByOrganizationId: channel === FeedbackChannel.ONLINE ? null : handler, ratedAt: new Date(now.getTime() - (rated.hoursAgo / 48) * DAY_MS),
    }, ["id"]);
  }
  const clinic = organizationId("qinggang-lin-health-station");
  const team = organizationId("qinggang-lin-party-volunteers");
  for (const { n, kind, person, stars, comment, channel, daysAgo } of OTHER_RATINGS) {
    const session = kind === FeedbackSubjectKind.SERVICE_SESSION;
    const rated = session ? clinic : team;
    await manager.upsert(Feedback, {
      id: demoFeedbackId(n), subjectKind: kind, requestId: null, serviceId: session ? demoServiceId(1) : null, sessionDate: session ? lastTuesday(now) : null,
      activityId: session ? null : demoActivityId(1), organizationId: rated, areaCode: session ? "510107021001002" : "510107021001", category: null,
      raterPersonId: demoPersonId(person), stars, comment, channel, enteredByOrganizationId: channel === FeedbackChannel.ONLINE ? null : rated,
      ratedAt: new Date(now.getTime() - daysAgo * DAY_MS - 3_600_000),
    }, ["id"]);
  }
}
