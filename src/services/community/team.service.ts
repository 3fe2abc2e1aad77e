import { DataSource, EntityManager } from "typeorm";
import { actFor, REQUIRE, signedInUser } from "../../auth/policy";
import { organizationsOf } from "../../auth/read-policy";
import type { Actor, Viewer } from "../../auth/viewer";
import { emptyPage, Page, PageArgs } from "../../db/keyset-page";
import { Person } from "../../entities/community/person";
import { TeamMembership, TeamRole } from "../../entities/community/team-membership";
import { t } from "../../i18n/text";
import type { Loaders } from "../../loaders";
import { audit, snapshot } from "../audit";
import { UserErrorCode } from "../errors";
import { inTransaction, refuse } from "../input-rules";
import { heldPerson } from "./person.service";

/** Volunteer teams: an organisation's ADMIN puts people who consented to it on its roster; a person may leave any time. */
export class TeamService {
  constructor(private readonly dataSource: DataSource) {}

  /** The organisation's roster, oldest first, to its own members, keys and webhooks; empty to everyone else. */
  roster(viewer: Viewer, loaders: Pick<Loaders, "teamMembersOfOrganization">, organizationId: string, args: PageArgs & { role?: TeamRole | null }): Promise<Page<TeamMembership>> {
    if (!organizationsOf(viewer).includes(organizationId)) return Promise.resolve(emptyPage());
    return loaders.teamMembersOfOrganization(args).load(organizationId);
  }

  async addTeamMember(viewer: Viewer, organizationId: string, personId: string, role: TeamRole): Promise<TeamMembership> {
    const actor = actFor(viewer, organizationId, REQUIRE.people);
    return inTransaction(
      this.dataSource,
      async (manager) => {
        // Only a person who let the organisation hold their data may be on its roster.
        await heldPerson(manager, organizationId, personId);
        const membership = await manager.save(manager.create(TeamMembership, { personId, organizationId, role }));
        await audit(manager, actor, { action: "addTeamMember", entityType: "TeamMembership", entityId: membership.id, before: null, after: membership });
        return membership;
      },
      { constraint: "team_membership_once_per_team", field: "personId", text: t("team.alreadyMember") },
    );
  }

  async changeTeamMemberRole(viewer: Viewer, organizationId: string, personId: string, role: TeamRole): Promise<TeamMembership> {
    const actor = actFor(viewer, organizationId, REQUIRE.people);
    return inTransaction(this.dataSource, async (manager) => {
      const membership = await lockMembership(manager, organizationId, personId, "personId");
      const before = snapshot(membership);
      membership.role = role;
      const saved = await manager.save(membership);
      await audit(manager, actor, { action: "changeTeamMemberRole", entityType: "TeamMembership", entityId: saved.id, before, after: saved });
      return saved;
    });
  }

  async removeTeamMember(viewer: Viewer, organizationId: string, personId: string): Promise<TeamMembership> {
    const actor = actFor(viewer, organizationId, REQUIRE.people);
    return inTransaction(this.dataSource, async (manager) => {
      const membership = await lockMembership(manager, organizationId, personId, "personId");
      return end(manager, actor, "removeTeamMember", membership);
    });
  }

  /** The signed-in person leaves a team; the organisation keeps their consent until they withdraw it. */
  async leaveTeam(viewer: Viewer, organizationId: string): Promise<TeamMembership> {
    const { user } = signedInUser(viewer);
    return inTransaction(this.dataSource, async (manager) => {
      const person = await manager.findOneBy(Person, { userId: user.id });
      if (!person) refuse("organizationId", UserErrorCode.NOT_FOUND, t("person.notRegistered"));
      const membership = await lockMembership(manager, organizationId, person.id, "organizationId");
      return end(manager, { organizationId: null, userId: user.id, apiKeyId: null }, "leaveTeam", membership);
    });
  }
}

async function lockMembership(manager: EntityManager, organizationId: string, personId: string, field: string): Promise<TeamMembership> {
  const membership = await manager.findOne(TeamMembership, { where: { organizationId, personId }, lock: { mode: "pessimistic_write" } });
  if (!membership) refuse(field, UserErrorCode.NOT_FOUND, t("team.notMember"));
  return membership;
}

async function end(manager: EntityManager, actor: Actor, action: string, membership: TeamMembership): Promise<TeamMembership> {
  await manager.delete(TeamMembership, { id: membership.id });
  await audit(manager, actor, { action, entityType: "TeamMembership", entityId: membership.id, before: snapshot(membership), after: null });
  return membership;
}
