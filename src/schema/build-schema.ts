import "reflect-metadata";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { GraphQLSchema, lexicographicSortSchema, parse } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import { buildSchema, createResolversMap } from "type-graphql";
import { AreaResolver } from "../resolvers/area.resolver";
import { ApiKeyResolver, AuditEntryResolver, IdentityResolver, MembershipResolver, UserResolver } from "../resolvers/identity.resolver";
import { NodeResolver } from "../resolvers/node.resolver";
import { AlertResolver } from "../resolvers/alert.resolver";
import { ActivitySubscriptionResolver, AlertSubscriptionResolver, EventSubscriptionResolver, PledgeChangeResolver, ProposalSubscriptionResolver } from "../resolvers/event-subscription.resolver";
import { OrganizationResolver } from "../resolvers/organization.resolver";
import { OrganizationCapacityResolver } from "../resolvers/capacity.resolver";
import { OrganizationVerificationResolver, VerificationResolver } from "../resolvers/verification.resolver";
import { PartnershipResolver } from "../resolvers/partnership.resolver";
import { DeliveryResolver, PledgeResolver } from "../resolvers/pledge.resolver";
import { ProjectResolver } from "../resolvers/project.resolver";
import { ResourceNeedResolver } from "../resolvers/resource-need.resolver";
import { ContributorResolver, DashboardResolver, OrganizationActivityResolver, OrganizationIndicatorsResolver } from "../resolvers/dashboard.resolver";
import { OrganizationWebhooksResolver, WebhookDeliveryResolver, WebhookEndpointResolver, WebhookFilterResolver } from "../resolvers/webhook.resolver";
import { OrganizationTeamResolver, PartyRegistrationResolver, PersonConsentResolver, PersonResolver, TeamMembershipResolver } from "../resolvers/community/person.resolver";
import { ActivityResolver, ActivityShiftResolver, ShiftSignUpResolver } from "../resolvers/community/activity.resolver";
import { RequestRoutingRuleResolver, ResidentRequestResolver, ResidentRequestStepResolver } from "../resolvers/community/resident-request.resolver";
import { FeedbackResolver, ResidentRequestFeedbackResolver } from "../resolvers/community/feedback.resolver";
import { DashboardRequestsResolver, ServiceSatisfactionResolver } from "../resolvers/community/feedback-statistics.resolver";
import { MyPointsResolver, OrganizationPointsResolver, PointsAccountResolver, PointsResolver, RewardRedemptionResolver, RewardResolver } from "../resolvers/community/points.resolver";
import { ServiceLocationResolver, ServiceResolver, ServiceScheduleResolver } from "../resolvers/community/service-directory.resolver";
import { CouncilMeetingResolver, CouncilMemberResolver, CouncilResolver, ProposalAmendmentResolver, ProposalCommentResolver, ProposalResolver, VoteResolver } from "../resolvers/community/council.resolver";
import { AmendmentVoteResolver } from "../resolvers/community/amendment-vote.resolver";
import { DashboardCouncilResolver, IndicatorsCouncilResolver } from "../resolvers/community/council-figures.resolver";
import { LeaderboardEntryResolver, PersonRecognitionResolver, RecognitionResolver } from "../resolvers/community/recognition.resolver";
import { HouseholdVisitResolver, KeyHouseholdResolver } from "../resolvers/community/key-household.resolver";
import { RequestMediationReferralResolver, RequestReferralResolver } from "../resolvers/community/request-referral.resolver";
import { MediationSubscriptionResolver } from "../resolvers/mediation/mediation-subscription.resolver";
import { MediationAssignmentResolver, MediationCaseResolver, MediationPartyResolver, MediationSessionResolver, MediatorResolver } from "../resolvers/mediation/mediation.resolver";
import { byReference } from "../auth/person-privacy";
import { withPlannedRelations } from "../reads/selection-reads";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import type { Context } from "./context";
import { keyOf } from "./global-id";
import { UserErrorResolver } from "./user-error";

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])`;

/** Entities other subgraphs may extend, each resolved in batches through the request's loaders. */
const referenceResolvers = {
  Organization: {
    __resolveReference: async ({ id }: { id: string }, { loaders }: Context) => loaders.organization.load(keyOf(id, "Organization")),
  },
  Area: {
    __resolveReference: async ({ id }: { id: string }, { loaders }: Context) => loaders.area.load(keyOf(id, "Area")),
  },
  Project: {
    __resolveReference: async ({ id }: { id: string }, { loaders, services, viewer }: Context) => services.projects.findVisible(viewer, loaders, keyOf(id, "Project")),
  },
  Alert: {
    __resolveReference: async ({ id }: { id: string }, { loaders, services, viewer }: Context) => services.alerts.findVisible(viewer, loaders, keyOf(id, "Alert")),
  },
  ResourceNeed: {
    __resolveReference: async ({ id }: { id: string }, { loaders, services, viewer }: Context) => services.needs.findVisible(viewer, loaders, keyOf(id, "ResourceNeed")),
  },
  Activity: {
    __resolveReference: async ({ id }: { id: string }, { loaders, services, viewer }: Context) => services.activities.findVisible(viewer, loaders, keyOf(id, "Activity")),
  },
  Council: {
    __resolveReference: async ({ id }: { id: string }, { loaders }: Context) => loaders.council.load(keyOf(id, "Council")),
  },
  Proposal: {
    __resolveReference: async ({ id }: { id: string }, { loaders, services, viewer }: Context) => services.proposals.findVisible(viewer, loaders, keyOf(id, "Proposal")),
  },
  /** Other subgraphs get a person's public fields only, whoever asks through them (auth/person-privacy.ts). */
  Person: {
    __resolveReference: async ({ id }: { id: string }, { loaders }: Context) => {
      const person = await loaders.person.load(keyOf(id, "Person"));
      return person && byReference(person);
    },
  },
};

/** The API as a Federation 2 subgraph: type-graphql builds the types, @apollo/subgraph adds `_service` and `_entities`. */
export async function buildFederatedSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      NodeResolver,
      OrganizationResolver,
      OrganizationCapacityResolver,
      OrganizationVerificationResolver,
      VerificationResolver,
      AreaResolver,
      ProjectResolver,
      PartnershipResolver,
      ResourceNeedResolver,
      PledgeResolver,
      DashboardResolver,
      OrganizationActivityResolver,
      ContributorResolver,
      OrganizationIndicatorsResolver,
      WebhookEndpointResolver,
      WebhookFilterResolver,
      WebhookDeliveryResolver,
      OrganizationWebhooksResolver,
      DeliveryResolver,
      IdentityResolver,
      UserResolver,
      MembershipResolver,
      ApiKeyResolver,
      AuditEntryResolver,
      UserErrorResolver,
      EventSubscriptionResolver,
      PledgeChangeResolver,
      AlertResolver,
      AlertSubscriptionResolver,
      PersonResolver,
      PersonConsentResolver,
      TeamMembershipResolver,
      PartyRegistrationResolver,
      OrganizationTeamResolver,
      ActivityResolver,
      ActivityShiftResolver,
      ShiftSignUpResolver,
      ActivitySubscriptionResolver,
      PointsResolver,
      PointsAccountResolver,
      RewardResolver,
      RewardRedemptionResolver,
      OrganizationPointsResolver,
      MyPointsResolver,
      ServiceResolver,
      ServiceLocationResolver,
      ServiceScheduleResolver,
      CouncilResolver,
      CouncilMemberResolver,
      CouncilMeetingResolver,
      ProposalResolver,
      VoteResolver,
      ProposalAmendmentResolver,
      AmendmentVoteResolver,
      DashboardCouncilResolver,
      IndicatorsCouncilResolver,
      MediationSubscriptionResolver,
      ProposalCommentResolver,
      ProposalSubscriptionResolver,
      RecognitionResolver,
      LeaderboardEntryResolver,
      PersonRecognitionResolver,
      ResidentRequestResolver,
      ResidentRequestStepResolver,
      FeedbackResolver,
      ResidentRequestFeedbackResolver,
      DashboardRequestsResolver,
      ServiceSatisfactionResolver,
      RequestRoutingRuleResolver,
      MediationCaseResolver,
      KeyHouseholdResolver,
      HouseholdVisitResolver,
      RequestReferralResolver,
      RequestMediationReferralResolver,
      MediationPartyResolver,
      MediationAssignmentResolver,
      MediationSessionResolver,
      MediatorResolver,
    ],
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    // type-graphql insists on a PubSub; every subscription here reads the event table instead.
    pubSub: {
      publish: () => {
        throw new Error("Subscriptions read the event stream; nothing is published in memory.");
      },
      subscribe: () => {
        throw new Error("Subscriptions read the event stream; nothing is published in memory.");
      },
    },
    validate: false,
    skipCheck: true,
  });
  describeRootTypes(schema);
  const resolvers = withPlannedRelations(createResolversMap(schema) as Record<string, Record<string, unknown>>);
  for (const [type, reference] of Object.entries(referenceResolvers)) {
    resolvers[type] = { ...resolvers[type], ...reference };
  }
  // Sorted, so the printed schema does not depend on the order modules happened to load in.
  const typeDefs = parse(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(lexicographicSortSchema(schema))}`);
  const subgraph = buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]);
  checkRepresentations(subgraph);
  return subgraph;
}

/** The root types have no class of ours to carry a description, so they get theirs here. */
function describeRootTypes(schema: GraphQLSchema): void {
  schema.getQueryType()!.description = "Reads. What each field shows depends on who asks: a person signed in with a token, an organisation's API key, or nobody.";
  schema.getMutationType()!.description = "Writes. Each answers with a payload whose userErrors list the input mistakes that stopped it; nothing is written then.";
  schema.getSubscriptionType()!.description = "Events over graphql-ws, in the order they happened; an event's cursor, passed as `after`, resumes right after it.";
}

const ENTITY_TYPES = Object.keys(referenceResolvers);

/**
 * `_entities` answers a representation that names no entity, or no id as a string, with a coded error
 * at its index, as it answers a wrong id; @apollo/subgraph would fail on it or pass it on unchecked.
 */
function checkRepresentations(schema: GraphQLSchema): void {
  const field = schema.getQueryType()!.getFields()._entities;
  const resolve = field.resolve!;
  field.resolve = (source, args: { representations: unknown[] }, context, info) => {
    const refusals = args.representations.map((representation, index) => refusalOf(representation, index));
    const valid = args.representations.filter((_representation, index) => !refusals[index]);
    const resolved = resolve(source, { ...args, representations: valid }, context, info) as unknown[];
    let next = 0;
    return refusals.map((refusal) => refusal ?? resolved[next++]);
  };
}

function refusalOf(representation: unknown, index: number): DomainError | undefined {
  const { __typename: typename, id } = (typeof representation === "object" && representation !== null ? representation : {}) as Record<string, unknown>;
  if (typeof typename !== "string" || !ENTITY_TYPES.includes(typename)) {
    return new DomainError("BAD_USER_INPUT", t("entities.notAnEntity", { index, typename: typeof typename === "string" ? JSON.stringify(typename) : "no __typename", entities: ENTITY_TYPES.join(", ") }));
  }
  if (typeof id !== "string") return new DomainError("BAD_USER_INPUT", t("entities.idMissing", { index }));
  return undefined;
}
