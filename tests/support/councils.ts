import { toGlobalId } from "../../src/schema/global-id";
import { mutationsAs } from "./collaboration";
import { residents } from "./residents";
import type { TestServer } from "./test-server";

export const CONVENER = "qinggang-lin-party-committee";
export const COMMUNITY = "510107021001";

export interface Seated {
  headers: Record<string, string>;
  personId: string;
  memberId: string;
}

/** The user id a resident's token names. */
export function userIdOf(headers: Record<string, string>): string {
  const payload = headers.authorization.split(".")[1];
  return (JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as { sub: string }).sub;
}

/** Grids made in this test file's database (each file has its own). */
let areasMade = 0;

/**
 * Scenario builder: a grid of its own under the convener's community (one council per area), a council there, and
 * `count` residents who consented to the convener and hold seats in term.
 */
export function councilScenario(server: () => TestServer, convener: () => { id: string; headers: Record<string, string> }) {
  const { as } = mutationsAs(server);

  // Counted, not drawn at random: a test file that makes hundreds of grids drew the same code now and then.
  async function freshArea(): Promise<string> {
    const code = `${COMMUNITY}${1_000_000 + (areasMade += 1)}`;
    await server().dataSource.query(`INSERT INTO area (code, name, level, parent_code) VALUES ($1, '測試網格', 'GRID', $2)`, [code, COMMUNITY]);
    return code;
  }

  async function council(settings: Record<string, unknown> = {}): Promise<{ id: string; areaCode: string }> {
    const areaCode = await freshArea();
    const { council } = await as<{ council: { id: string } }>(convener().headers, "createCouncil", "CreateCouncilInput", {
      actingOrganizationId: convener().id, name: "測試居民議事會", areaCode, quorumPercent: 50, majorityRule: "SIMPLE", petitionSignatures: 3, secondingDays: 7, debateDays: 7, votingHours: 48, ...settings,
    }, "council { id }");
    return { id: council.id, areaCode };
  }

  /** `count` new residents living in `areaCode`, who consented to the convener holding their data. */
  async function consentingResidents(count: number, areaCode: string | null): Promise<{ headers: Record<string, string>; personId: string }[]> {
    const made = await residents(server(), count);
    const [rows]: [{ id: string; user_id: string }[], number] = await server().dataSource.query(
      `UPDATE person SET home_area_code = $2, real_name = '王' || display_name, phone = '13800138000' WHERE user_id = ANY($1::uuid[]) RETURNING id, user_id`,
      [made.map(userIdOf), areaCode],
    );
    await server().dataSource.query(
      `INSERT INTO person_consent (person_id, organization_id, purpose, consented_at) SELECT unnest($1::uuid[]), $2, '居民議事會', now()`,
      [rows.map((row) => row.id), Buffer.from(convener().id, "base64url").toString().split(":")[1]],
    );
    const byUser = new Map(rows.map((row) => [row.user_id, row.id]));
    return made.map((headers) => ({ headers, personId: toGlobalId("Person", byUser.get(userIdOf(headers))!) }));
  }

  async function seat(councilId: string, personId: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { member } = await as<{ member: { id: string } }>(convener().headers, "addCouncilMember", "AddCouncilMemberInput", {
      actingOrganizationId: convener().id, councilId, personId, termStartsOn: "2026-01-01", termEndsOn: "2030-12-31", ...extra,
    }, "member { id }");
    return member.id;
  }

  async function seated(councilId: string, areaCode: string, count: number): Promise<Seated[]> {
    const people = await consentingResidents(count, areaCode);
    const members: Seated[] = [];
    for (const person of people) members.push({ ...person, memberId: await seat(councilId, person.personId) });
    return members;
  }

  return { freshArea, council, consentingResidents, seat, seated };
}
