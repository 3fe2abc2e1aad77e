import { DataSource } from "typeorm";
import { Feedback } from "../entities/community/feedback";
import { loaderByKey } from "./loader-by-key";

/** Residents' ratings, by id and by the request rated (a request has at most one). */
export function feedbackLoaders(dataSource: DataSource) {
  return {
    feedback: loaderByKey(dataSource, Feedback, "id"),
    feedbackOfRequest: loaderByKey(dataSource, Feedback, "requestId"),
  };
}
