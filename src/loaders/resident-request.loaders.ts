import { DataSource } from "typeorm";
import { Person } from "../entities/community/person";
import { RequestRoutingRule } from "../entities/community/request-routing-rule";
import { ResidentRequest } from "../entities/community/resident-request";
import { ResidentRequestStep } from "../entities/community/resident-request-step";
import { listLoader, loaderByKey } from "./loader-by-key";

/** Residents' requests, their histories and routing rules. */
export function residentRequestLoaders(dataSource: DataSource) {
  return {
    residentRequest: loaderByKey(dataSource, ResidentRequest, "id"),
    /** Each request's history, oldest step first. */
    stepsOfRequest: listLoader(dataSource, ResidentRequestStep, "requestId", { occurredAt: "ASC", id: "ASC" }),
    requestRoutingRule: loaderByKey(dataSource, RequestRoutingRule, "id"),
    /** The person registered to each account, to tell a requester from other readers. */
    personOfUser: loaderByKey(dataSource, Person, "userId"),
  };
}
