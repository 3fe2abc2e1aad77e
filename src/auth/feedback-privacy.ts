import type { Feedback } from "../entities/community/feedback";
import { organizationsOf } from "./read-policy";
import type { Viewer } from "./viewer";

/*
 * Who reads a rating, and who reads its comment: the one home of the rule (README "Feedback";
 * tests/feedback-privacy.test.ts checks it field by reader, over HTTP and on a WebSocket).
 *
 *   RATER         the resident who rated, signed in to the account linked to their person
 *   RATED_MEMBER  a member of the rated organisation (its staff also enter offline ratings)
 *   RATED_KEY     an API key or webhook of the rated organisation
 *   OTHER         anyone else signed in, and every other organisation's key (supervisors included: they read the figures)
 *   ANONYMOUS     no credentials
 *
 * No reader but the rater learns who rated: ratings are anonymous to the organisation rated, so residents
 * rate it freely (a request's rating is tied to the request, whose requester the request's own rules show).
 */
export type FeedbackReader = "RATER" | "RATED_MEMBER" | "RATED_KEY" | "OTHER" | "ANONYMOUS";

/** Who reads a rating at all (stars, channel, what it rates, when); everyone else reads the dashboard's anonymised figures. */
export const READS_FEEDBACK: Record<FeedbackReader, boolean> = { RATER: true, RATED_MEMBER: true, RATED_KEY: true, OTHER: false, ANONYMOUS: false };

/** The comment is personal text, as a person's `about` is: the rater and the rated organisation's people, never software, never the public. */
export const READS_COMMENT: Record<FeedbackReader, boolean> = { RATER: true, RATED_MEMBER: true, RATED_KEY: false, OTHER: false, ANONYMOUS: false };

/** Which reader the viewer is for a rating, given the viewer's own person (if any). */
export function feedbackReaderOf(viewer: Viewer, feedback: Pick<Feedback, "raterPersonId" | "organizationId">, viewerPersonId: string | null): FeedbackReader {
  if (viewer.kind === "anonymous") return "ANONYMOUS";
  if (viewerPersonId !== null && viewerPersonId === feedback.raterPersonId) return "RATER";
  if (organizationsOf(viewer).includes(feedback.organizationId)) return viewer.kind === "user" ? "RATED_MEMBER" : "RATED_KEY";
  return "OTHER";
}
