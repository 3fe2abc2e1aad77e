import { ApiKeyScope } from "../entities/api-key";
import { MemberRole, ROLE_RANK } from "../entities/membership";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import { Actor, Viewer } from "./viewer";

/** What acting for an organisation takes: a role at least this strong, or a key with this scope. */
export interface Requirement {
  role: MemberRole;
  /** Keys may do it with this scope; without one, only people may. */
  scope?: ApiKeyScope;
}

/** The one place that decides whether a viewer may act for an organisation. */
export function actFor(viewer: Viewer, organizationId: string, requirement: Requirement): Actor {
  switch (viewer.kind) {
    case "anonymous":
      throw new DomainError("UNAUTHENTICATED", t("auth.signInOrSendKey"));
    case "organization":
      throw new DomainError("FORBIDDEN", t("auth.keyNotForThisMemberWork"));
    case "apiKey": {
      const { key } = viewer;
      if (key.organizationId !== organizationId) throw new DomainError("FORBIDDEN", t("auth.keyForOtherOrganization"));
      if (!requirement.scope) throw new DomainError("FORBIDDEN", t("auth.keyNotForThisMemberWork"));
      if (!key.scopes.includes(requirement.scope)) throw new DomainError("FORBIDDEN", t("auth.keyLacksScope", { scope: requirement.scope }));
      return { organizationId, userId: null, apiKeyId: key.id };
    }
    case "user": {
      const role = viewer.memberships.get(organizationId);
      if (!role) throw new DomainError("FORBIDDEN", t("auth.notMember"));
      if (ROLE_RANK[role] < ROLE_RANK[requirement.role]) {
        throw new DomainError("FORBIDDEN", t("auth.roleTooWeak", { required: requirement.role, role }));
      }
      return { organizationId, userId: viewer.user.id, apiKeyId: null };
    }
  }
}

/** Whether the viewer may act for the organisation as `requirement` says: actFor's rule, as a yes or no. */
export function mayActFor(viewer: Viewer, organizationId: string, requirement: Requirement): boolean {
  if (viewer.kind === "apiKey") return viewer.key.organizationId === organizationId && requirement.scope !== undefined && viewer.key.scopes.includes(requirement.scope);
  if (viewer.kind !== "user") return false;
  const role = viewer.memberships.get(organizationId);
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[requirement.role];
}

/** Whether the viewer is a person with an ADMIN (or OWNER) role in the organisation. */
export function canAdminister(viewer: Viewer, organizationId: string): boolean {
  if (viewer.kind !== "user") return false;
  const role = viewer.memberships.get(organizationId);
  return role !== undefined && ROLE_RANK[role] >= ROLE_RANK[MemberRole.ADMIN];
}

/** A signed-in person, for what only people do (register organisations, read their own account). */
export function signedInUser(viewer: Viewer): Extract<Viewer, { kind: "user" }> {
  if (viewer.kind === "user") return viewer;
  if (viewer.kind === "apiKey") throw new DomainError("FORBIDDEN", t("auth.keyNotForPersonalWork"));
  throw new DomainError("UNAUTHENTICATED", t("auth.signInRequired"));
}

/** Requirements by kind of work, named once so services and the permission table agree. */
export const REQUIRE = {
  memberWork: { role: MemberRole.MEMBER, scope: ApiKeyScope.WRITE_PLEDGES },
  pledgeAnswers: { role: MemberRole.COORDINATOR, scope: ApiKeyScope.WRITE_PLEDGES },
  /** Declaring what the organisation can offer (declareCapacities): a COORDINATOR, or a key that may pledge. */
  capacities: { role: MemberRole.COORDINATOR, scope: ApiKeyScope.WRITE_PLEDGES },
  needs: { role: MemberRole.COORDINATOR, scope: ApiKeyScope.WRITE_NEEDS },
  projects: { role: MemberRole.COORDINATOR },
  administration: { role: MemberRole.ADMIN },
  /** Webhook endpoints and their deliveries: an ADMIN, or a key with the webhooks scope. */
  webhooks: { role: MemberRole.ADMIN, scope: ApiKeyScope.WEBHOOKS },
  /** verifyOrganization and revokeVerification: people only, as the vouching organisation's ADMIN. */
  vouching: { role: MemberRole.ADMIN },
  /** Registering people, recording their consent and running team rosters: people only (keys never), as an ADMIN. */
  people: { role: MemberRole.ADMIN },
  /** Organising activities and recording and verifying hours: people only, as a COORDINATOR. */
  activities: { role: MemberRole.COORDINATOR },
  /** The points ledger: rules, rewards, funding pools and reversing entries; people only, as an ADMIN. */
  points: { role: MemberRole.ADMIN },
  /** The services an organisation offers, their places and hours: people only, as the offering organisation's ADMIN. */
  serviceDirectory: { role: MemberRole.ADMIN },
  /** Setting up a council and seating its members: people only, as the convening Party organisation's ADMIN. */
  councils: { role: MemberRole.ADMIN },
  /** Running a council's sittings (meetings, attendance, debate, votes, minutes): people only, as the convener's COORDINATOR. */
  councilSittings: { role: MemberRole.COORDINATOR },
  /** Entering a resident's request on their behalf (a grid worker, service-centre staff): people only, any member of an intake organisation. */
  requestIntake: { role: MemberRole.MEMBER },
  /** Accepting, assigning, transferring, rejecting and resolving requests, and linking them to work: people only, as the handler's COORDINATOR. */
  requestHandling: { role: MemberRole.COORDINATOR },
  /** The routing table: people only, as a COORDINATOR of a community's or street's Party or government organisation (requests/request-routing.ts). */
  requestRouting: { role: MemberRole.COORDINATOR },
  /** Entering a resident's rating given offline (questionnaire, meeting, phone): people only, any member of the rated organisation. */
  feedbackEntry: { role: MemberRole.MEMBER },
  /**
   * People's mediation: the committee's roster, filing, declining and assigning cases, as its ADMIN; people only.
   * A case's sessions, terms, extensions and conclusion are also open to its assigned mediators, and each party
   * answers for itself (services/mediation/mediation-access.ts).
   */
  mediation: { role: MemberRole.ADMIN },
  /** The register of key households (codes, areas, groups, needs, who lives there): people only, as the holding organisation's ADMIN. */
  households: { role: MemberRole.ADMIN },
  /** Planning and recording visits to key households: people only, any member of the holding organisation (the grid workers who visit). */
  householdVisits: { role: MemberRole.MEMBER },
} satisfies Record<string, Requirement>;

/** Who looks after a need (changes or cancels it, answers its offers): the organisation that posted it, or the project's lead. */
export function stewardsNeed(organizationId: string, need: { postedByOrganizationId: string }, project: { leadOrganizationId: string }): boolean {
  return organizationId === need.postedByOrganizationId || organizationId === project.leadOrganizationId;
}
