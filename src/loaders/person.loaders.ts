import DataLoader from "dataloader";
import { DataSource } from "typeorm";
import { KeysetPager, Page, PageArgs } from "../db/keyset-page";
import { Person } from "../entities/community/person";
import { PersonConsent } from "../entities/community/person-consent";
import { TeamMembership, TeamRole } from "../entities/community/team-membership";
import { OLDEST_FIRST } from "./collaboration.loaders";
import { countLoader, listLoader, loaderByKey, perArguments } from "./loader-by-key";

export interface RosterArgs extends PageArgs {
  role?: TeamRole | null;
}

/** People, the organisations holding their consent, their consents and their teams. */
export function personLoaders(dataSource: DataSource) {
  const memberships = new KeysetPager(dataSource.getRepository(TeamMembership));
  return {
    person: loaderByKey(dataSource, Person, "id"),
    /** The organisations holding each person's consent now: who reads what follows from them (auth/person-privacy.ts). */
    holdersOfPerson: new DataLoader<string, string[]>(async (personIds) => {
      const rows: { person_id: string; organization_id: string }[] = await dataSource.query(
        `SELECT person_id, organization_id FROM person_consent WHERE person_id = ANY($1::uuid[]) AND withdrawn_at IS NULL`,
        [[...personIds]],
      );
      return personIds.map((id) => rows.filter((row) => row.person_id === id).map((row) => row.organization_id));
    }),
    /** Each person's cumulative verified hours (0 before any), from the partial index of verified sign-ups. */
    verifiedHoursOfPerson: new DataLoader<string, number>(async (personIds) => {
      const rows: { person_id: string; hours: number }[] = await dataSource.query(
        `SELECT person_id, sum(hours)::float8 AS hours FROM shift_sign_up WHERE person_id = ANY($1::uuid[]) AND verified_at IS NOT NULL GROUP BY person_id`,
        [[...personIds]],
      );
      return personIds.map((id) => rows.find((row) => row.person_id === id)?.hours ?? 0);
    }),
    consentsOfPerson: listLoader(dataSource, PersonConsent, "personId", { createdAt: "ASC", id: "ASC" }),
    teamsOfPerson: listLoader(dataSource, TeamMembership, "personId", { createdAt: "ASC", id: "ASC" }),
    /** A team's roster, oldest member first. */
    teamMembersOfOrganization: perArguments(({ role, ...page }: RosterArgs) => {
      const where = role ? { sql: `$alias."role" = :rosterRole`, parameters: { rosterRole: role } } : undefined;
      const counts = role
        ? new DataLoader<string, number>(async (ids) => {
            const rows: { key: string; count: number }[] = await dataSource.query(
              `SELECT organization_id AS key, count(*)::int AS count FROM team_membership WHERE organization_id = ANY($1::uuid[]) AND role = $2 GROUP BY organization_id`,
              [[...ids], role],
            );
            return ids.map((id) => rows.find((row) => row.key === id)?.count ?? 0);
          })
        : countLoader(dataSource, "team_membership", "organization_id");
      return new DataLoader<string, Page<TeamMembership>>((organizationIds) =>
        memberships.pagesByParent("organizationId", organizationIds, OLDEST_FIRST, page, (id) => counts.load(id), { where }),
      );
    }),
  };
}
