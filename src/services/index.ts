import { DataSource } from "typeorm";
import type { SecretBox } from "../auth/secret-box";
import { Tokens } from "../auth/tokens";
import type { TokenBuckets } from "../auth/token-buckets";
import { AlertService } from "./alert.service";
import { IdentityService } from "./identity.service";
import { AreaService } from "./area.service";
import { DashboardService } from "./dashboard.service";
import { IdempotencyService } from "./idempotency";
import { OrganizationService } from "./organization.service";
import { PledgeService } from "./pledge.service";
import { CapacityService } from "./capacity.service";
import { ProjectService } from "./project.service";
import { ResourceNeedService } from "./resource-need.service";
import { IdentityThrottle } from "./identity-throttle";
import { VerificationService } from "./verification.service";
import { WebhookService } from "./webhook.service";
import { PersonService } from "./community/person.service";
import { TeamService } from "./community/team.service";
import { ActivityList } from "./community/activity-list";
import { ActivityService } from "./community/activity.service";
import { SignUpService } from "./community/sign-up.service";
import { ServiceHoursService } from "./community/service-hours.service";
import { PointsService } from "./community/points.service";
import { ServiceDirectoryService } from "./community/service-directory.service";
import { CouncilService } from "./community/council.service";
import { ProposalService } from "./community/proposal.service";
import { VoteService } from "./community/vote.service";
import { AmendmentVoteService } from "./community/amendment-vote.service";
import { CouncilFiguresService } from "./community/council-figures";
import { RecognitionService } from "./community/recognition.service";
import { ResidentRequestService } from "./community/requests/resident-request.service";
import { ResidentRequestReads } from "./community/requests/resident-request-reads";
import type { RequestTimeLimits } from "./community/requests/request-time-limits";
import { MediationService } from "./mediation/mediation.service";
import { MediationReads } from "./mediation/mediation-reads";
import { FeedbackService } from "./community/feedback/feedback.service";
import { FeedbackReads } from "./community/feedback/feedback-reads";
import { KeyHouseholdService } from "./community/households/key-household.service";
import { HouseholdReads } from "./community/households/household-reads";
import { RequestReferralService } from "./community/requests/request-referral";
import type { WebhookSettings } from "../config";

export function createServices(dataSource: DataSource, tokens: Tokens, webhooks: WebhookSettings, rateBuckets: TokenBuckets, secrets: SecretBox, requestLimits: RequestTimeLimits) {
  const areas = new AreaService(dataSource);
  const needs = new ResourceNeedService(dataSource, areas);
  const projects = new ProjectService(dataSource, areas);
  const requests = new ResidentRequestService(dataSource, requestLimits, needs);
  return {
    areas,
    organizations: new OrganizationService(dataSource, areas),
    projects,
    needs,
    capacities: new CapacityService(dataSource, needs),
    pledges: new PledgeService(dataSource),
    identity: new IdentityService(dataSource, tokens, new IdentityThrottle(rateBuckets)),
    alerts: new AlertService(dataSource),
    webhooks: new WebhookService(dataSource, webhooks, secrets),
    dashboards: new DashboardService(dataSource, areas),
    idempotency: new IdempotencyService(dataSource),
    verification: new VerificationService(dataSource),
    people: new PersonService(dataSource),
    teams: new TeamService(dataSource),
    activities: new ActivityService(dataSource),
    signUps: new SignUpService(dataSource),
    serviceHours: new ServiceHoursService(dataSource),
    activityList: new ActivityList(dataSource),
    points: new PointsService(dataSource),
    directory: new ServiceDirectoryService(dataSource, areas),
    councils: new CouncilService(dataSource),
    proposals: new ProposalService(dataSource, projects),
    votes: new VoteService(dataSource),
    amendmentVotes: new AmendmentVoteService(dataSource),
    councilFigures: new CouncilFiguresService(dataSource),
    recognition: new RecognitionService(dataSource, areas),
    requests,
    requestReads: new ResidentRequestReads(dataSource),
    mediation: new MediationService(dataSource),
    mediationReads: new MediationReads(dataSource),
    feedback: new FeedbackService(dataSource),
    feedbackReads: new FeedbackReads(dataSource),
    households: new KeyHouseholdService(dataSource, requests, requestLimits.timeZone),
    householdReads: new HouseholdReads(dataSource, requestLimits.timeZone),
    referrals: new RequestReferralService(dataSource),
  };
}

export type Services = ReturnType<typeof createServices>;
