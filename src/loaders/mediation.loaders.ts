import { DataSource } from "typeorm";
import { Person } from "../entities/community/person";
import { MediationAssignment } from "../entities/mediation/mediation-assignment";
import { MediationCase } from "../entities/mediation/mediation-case";
import { MediationParty } from "../entities/mediation/mediation-party";
import { MediationPartyAct } from "../entities/mediation/mediation-party-act";
import { MediationSession } from "../entities/mediation/mediation-session";
import { Mediator } from "../entities/mediation/mediator";
import { listLoader, loaderByKey } from "./loader-by-key";

/** Mediation cases, who is involved in them, what the parties agreed to, and sessions. */
export function mediationLoaders(dataSource: DataSource) {
  return {
    mediationCase: loaderByKey(dataSource, MediationCase, "id"),
    partiesOfCase: listLoader(dataSource, MediationParty, "caseId", { createdAt: "ASC", id: "ASC" }),
    /** Every assignment of each case, replaced ones included, oldest first. */
    assignmentsOfCase: listLoader(dataSource, MediationAssignment, "caseId", { createdAt: "ASC", id: "ASC" }),
    sessionsOfCase: listLoader(dataSource, MediationSession, "caseId", { heldAt: "ASC", id: "ASC" }),
    actsOfCase: listLoader(dataSource, MediationPartyAct, "caseId", { createdAt: "ASC", id: "ASC" }),
    mediatorsOfCommittee: listLoader(dataSource, Mediator, "organizationId", { createdAt: "ASC", id: "ASC" }),
    /** The Person an account manages, if it registered one. */
    personOfUser: loaderByKey(dataSource, Person, "userId"),
  };
}
