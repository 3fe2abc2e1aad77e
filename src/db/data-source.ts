import { Client } from "pg";
import { DataSource } from "typeorm";
import type { Logger as Pino } from "pino";
import { Area } from "../entities/area";
import { Alert } from "../entities/alert";
import { ApiKey } from "../entities/api-key";
import { AuditEntry } from "../entities/audit-entry";
import { Delivery } from "../entities/delivery";
import { Event } from "../entities/event";
import { Membership } from "../entities/membership";
import { User } from "../entities/user";
import { Organization } from "../entities/organization";
import { OfferedCapacity } from "../entities/offered-capacity";
import { Partnership } from "../entities/partnership";
import { Pledge } from "../entities/pledge";
import { Project } from "../entities/project";
import { ResourceNeed } from "../entities/resource-need";
import { ResourceNeedStatusChange } from "../entities/resource-need-status-change";
import { WebhookAttempt } from "../entities/webhook-attempt";
import { WebhookDelivery } from "../entities/webhook-delivery";
import { WebhookEndpoint } from "../entities/webhook-endpoint";
import { Person } from "../entities/community/person";
import { PersonConsent } from "../entities/community/person-consent";
import { TeamMembership } from "../entities/community/team-membership";
import { Activity } from "../entities/community/activity";
import { ActivityShift } from "../entities/community/activity-shift";
import { ShiftSignUp } from "../entities/community/shift-sign-up";
import { PointsAccount } from "../entities/community/points-account";
import { PointsEntry } from "../entities/community/points-entry";
import { PointsRule } from "../entities/community/points-rule";
import { Reward } from "../entities/community/reward";
import { RewardRedemption } from "../entities/community/reward-redemption";
import { Service } from "../entities/community/service";
import { ServiceAtLocation } from "../entities/community/service-at-location";
import { ServiceLocation } from "../entities/community/service-location";
import { ServiceSchedule } from "../entities/community/service-schedule";
import { Collaboration1795740000000 } from "./migrations/1795740000000-Collaboration";
import { Alerts1795770000000 } from "./migrations/1795770000000-Alerts";
import { Events1795760000000 } from "./migrations/1795760000000-Events";
import { Identity1795750000000 } from "./migrations/1795750000000-Identity";
import { Registry1795700000000 } from "./migrations/1795700000000-Registry";
import { Webhooks1795780000000 } from "./migrations/1795780000000-Webhooks";
import { Dashboards1795790000000 } from "./migrations/1795790000000-Dashboards";
import { Idempotency1795800000000 } from "./migrations/1795800000000-Idempotency";
import { WebhookRotation1795810000000 } from "./migrations/1795810000000-WebhookRotation";
import { RateBuckets1795820000000 } from "./migrations/1795820000000-RateBuckets";
import { DeliveryPledger1795830000000 } from "./migrations/1795830000000-DeliveryPledger";
import { SealedWebhookSecrets1795840000000 } from "./migrations/1795840000000-SealedWebhookSecrets";
import { IdempotentResult1795850000000 } from "./migrations/1795850000000-IdempotentResult";
import { OrganizationVerification1795860000000 } from "./migrations/1795860000000-OrganizationVerification";
import { ParentRequests1795860000001 } from "./migrations/1795860000001-ParentRequests";
import { SettledEventPositions1795870000000 } from "./migrations/1795870000000-SettledEventPositions";
import { People1795880000000 } from "./migrations/1795880000000-People";
import { ScriptFoldedSearch1795883000000 } from "./migrations/1795883000000-ScriptFoldedSearch";
import { UrgencyLevel1795890000000 } from "./migrations/1795890000000-UrgencyLevel";
import { Activities1795895000000 } from "./migrations/1795895000000-Activities";
import { WebhooksScope1795896000000 } from "./migrations/1795896000000-WebhooksScope";
import { PointsLedger1795897000000 } from "./migrations/1795897000000-PointsLedger";
import { ServiceDirectory1795900000000 } from "./migrations/1795900000000-ServiceDirectory";
import { Councils1795940000000 } from "./migrations/1795940000000-Councils";
import { Recognition1795910000000 } from "./migrations/1795910000000-Recognition";
import { OfferedCapacities1795960000000 } from "./migrations/1795960000000-OfferedCapacities";
import { AmendmentVotes1795980000000 } from "./migrations/1795980000000-AmendmentVotes";
import { CouncilFigures1795980000001 } from "./migrations/1795980000001-CouncilFigures";
import { PointsMove1795990000000 } from "./migrations/1795990000000-PointsMove";
import { EventPlacedByKey1795999000000 } from "./migrations/1795999000000-EventPlacedByKey";
import { ChangedMeanwhileSignal1796000000000 } from "./migrations/1796000000000-ChangedMeanwhileSignal";
import { ScriptFoldKeptPlanned1796010000000 } from "./migrations/1796010000000-ScriptFoldKeptPlanned";
import { EventsAnnouncedByWriter1796020000000 } from "./migrations/1796020000000-EventsAnnouncedByWriter";
import { Council } from "../entities/community/council";
import { CouncilMember } from "../entities/community/council-member";
import { CouncilMeeting } from "../entities/community/council-meeting";
import { Proposal } from "../entities/community/proposal";
import { ProposalAmendment } from "../entities/community/proposal-amendment";
import { ProposalComment } from "../entities/community/proposal-comment";
import { Vote } from "../entities/community/vote";
import { ResidentRequests1795930000000 } from "./migrations/1795930000000-ResidentRequests";
import { ResidentRequest } from "../entities/community/resident-request";
import { ResidentRequestStep } from "../entities/community/resident-request-step";
import { RequestRoutingRule } from "../entities/community/request-routing-rule";
import { Mediation1795950000000 } from "./migrations/1795950000000-Mediation";
import { Feedback1795975000000 } from "./migrations/1795975000000-Feedback";
import { Feedback } from "../entities/community/feedback";
import { KeyHouseholds1795970000000 } from "./migrations/1795970000000-KeyHouseholds";
import { HouseholdVisit } from "../entities/community/household-visit";
import { KeyHousehold, KeyHouseholdMember } from "../entities/community/key-household";
import { RequestMediationReferral } from "../entities/community/request-mediation-referral";
import { MediationAssignment } from "../entities/mediation/mediation-assignment";
import { MediationCase } from "../entities/mediation/mediation-case";
import { MediationParty } from "../entities/mediation/mediation-party";
import { MediationPartyAct } from "../entities/mediation/mediation-party-act";
import { MediationSession } from "../entities/mediation/mediation-session";
import { Mediator } from "../entities/mediation/mediator";
import { MediatorRelation } from "../entities/mediation/mediator-relation";
import { StatementCountingLogger } from "./request-scope";

export const entities = [Area, Organization, Project, Partnership, ResourceNeed, ResourceNeedStatusChange, Pledge, Delivery, User, Membership, ApiKey, AuditEntry, Event, Alert, WebhookEndpoint, WebhookDelivery, WebhookAttempt, Person, PersonConsent, TeamMembership, Activity, ActivityShift, ShiftSignUp, PointsAccount, PointsEntry, PointsRule, Reward, RewardRedemption, Service, ServiceLocation, ServiceAtLocation, ServiceSchedule, Council, CouncilMember, CouncilMeeting, Proposal, ProposalAmendment, ProposalComment, Vote, OfferedCapacity, ResidentRequest, ResidentRequestStep, RequestRoutingRule, Mediator, MediatorRelation, MediationCase, MediationParty, MediationPartyAct, MediationAssignment, MediationSession, Feedback, KeyHousehold, KeyHouseholdMember, HouseholdVisit, RequestMediationReferral];
export const migrations = [Registry1795700000000, Collaboration1795740000000, Identity1795750000000, Events1795760000000, Alerts1795770000000, Webhooks1795780000000, Dashboards1795790000000, Idempotency1795800000000, WebhookRotation1795810000000, RateBuckets1795820000000, DeliveryPledger1795830000000, SealedWebhookSecrets1795840000000, IdempotentResult1795850000000, OrganizationVerification1795860000000, ParentRequests1795860000001, SettledEventPositions1795870000000, People1795880000000, ScriptFoldedSearch1795883000000, UrgencyLevel1795890000000, Activities1795895000000, WebhooksScope1795896000000, PointsLedger1795897000000, ServiceDirectory1795900000000, Recognition1795910000000, ResidentRequests1795930000000, Councils1795940000000, Mediation1795950000000, OfferedCapacities1795960000000, KeyHouseholds1795970000000, Feedback1795975000000, AmendmentVotes1795980000000, CouncilFigures1795980000001, PointsMove1795990000000, EventPlacedByKey1795999000000, ChangedMeanwhileSignal1796000000000, ScriptFoldKeptPlanned1796010000000, EventsAnnouncedByWriter1796020000000];

/** Connections each instance's pool opens at most. */
export const POOL_SIZE = 20;

export function createDataSource(url: string, log: Pino, poolSize = POOL_SIZE): DataSource {
  return new DataSource({
    type: "postgres",
    url,
    entities,
    migrations,
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each",
    synchronize: false,
    uuidExtension: "pgcrypto",
    logger: new StatementCountingLogger(log),
    extra: { max: poolSize, application_name: "cogov", connectionTimeoutMillis: 10_000, Client: listenedClient(log) },
  });
}

/**
 * pg's client class with an error listener that is never removed. pg-pool listens only while a client
 * is idle, and TypeORM only until it releases a client after its first error, so a connection the
 * server terminates (57P01) at any other moment would emit an unhandled 'error' and end the process.
 * The client is discarded either way: pg-pool drops clients that are no longer queryable.
 */
function listenedClient(log: Pino): typeof Client {
  return class ListenedClient extends Client {
    constructor(...args: ConstructorParameters<typeof Client>) {
      super(...args);
      this.on("error", (error) => log.warn({ err: error }, "a pooled database connection failed; it is replaced"));
    }
  };
}
