import { randomInt } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";
import { CouncilFigures, councilFiguresOfConveners, CouncilFiguresService } from "../src/services/community/council-figures";
import { mutationsAs } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

// Council figures from the rows: a brute-force recount in TypeScript against the SQL, and the SQL's plans on many rows.
let server: TestServer;
const { as } = mutationsAs(() => server);
const FROM = new Date("2026-03-01T00:00:00.000Z");
const TO = new Date("2026-09-01T00:00:00.000Z");
const FIGURES = "proposalsSubmitted proposalsPassed proposalsRejected meetingsHeld attendanceRate quorumMetShare medianDaysToDecision";

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

/** A street of its own under 武侯區, and an organisation of its own, so nothing else counts in them. */
async function freshStreetAndConvener(): Promise<{ street: string; convenerId: string; convenerKey: string }> {
  let street = `510107${randomInt(500, 1000)}`;
  while ((await server.dataSource.query(`SELECT 1 FROM area WHERE code = $1`, [street])).length > 0) street = `510107${randomInt(500, 1000)}`;
  await server.dataSource.query(`INSERT INTO area (code, name, level, parent_code) VALUES ($1, '測試街道', 'STREET', '510107')`, [street]);
  const email = `figures-${Date.now().toString(36)}-${randomInt(1e9)}@example.org`;
  await as({}, "signUp", "SignUpInput", { email, displayName: "黨委書記", password: "long enough password" }, "user { id }");
  const headers = { authorization: `Bearer ${await server.signIn(email, "long enough password")}` };
  const { organization } = await as<{ organization: { id: string } }>(headers, "createOrganization", "CreateOrganizationInput", {
    kind: "PARTY_COMMITTEE", name: `測試街道黨工委${street}`, slug: `figures-${street}`, areaCode: street,
  }, "organization { id }");
  return { street, convenerId: organization.id, convenerKey: Buffer.from(organization.id, "base64url").toString().split(":")[1] };
}

/** `councils` councils in grids of the street, with random seats, sittings, attendance and proposals around [FROM, TO). */
async function generate(run: EntityManager | DataSource, street: string, convenerKey: string, councils: number, proposalsEach: number, meetingsEach: number, convenerEvery = 1): Promise<void> {
  const q = (sql: string, parameters: unknown[] = []) => run.query(sql, parameters);
  await q(`INSERT INTO area (code, name, level, parent_code) SELECT $1 || lpad(i::text, 6, '0'), '網格' || i, 'GRID', $1 FROM generate_series(1, $2::int) i`, [street, councils]);
  await q(
    `INSERT INTO council (area_code, convening_organization_id, name, quorum_percent, majority_rule, petition_signatures, seconding_days, debate_days, voting_hours)
     SELECT $1 || lpad(i::text, 6, '0'), CASE WHEN i % $4::int = 0 THEN $2::uuid ELSE o.ids[1 + i % cardinality(o.ids)] END, '議事會' || i, 30 + (i * 7) % 50, 'SIMPLE', 10, 7, 7, 48
     FROM generate_series(1, $3::int) i, (SELECT array_agg(id ORDER BY id) AS ids FROM organization WHERE id <> $2::uuid) o`,
    [street, convenerKey, councils, convenerEvery],
  );
  await q(`INSERT INTO person (label, display_name) SELECT 'cf-' || $1 || '-' || i, '代表' || i FROM generate_series(1, 12) i`, [street]);
  await q(
    `INSERT INTO council_member (council_id, kind, seat_person_id, term_starts_on, term_ends_on)
     SELECT c.id, 'RESIDENT', p.id, DATE '2026-01-01' + (random() * 120)::int, DATE '2026-05-01' + (random() * 200)::int
     FROM council c JOIN person p ON p.label LIKE 'cf-' || $1 || '-%' AND random() < 0.7 WHERE c.area_code LIKE $1 || '%'`,
    [street],
  );
  await q(
    `INSERT INTO council_meeting (council_id, title, scheduled_at, status)
     SELECT c.id, '會議', $2::timestamptz - interval '40 days' + random() * ($3::timestamptz - $2::timestamptz + interval '80 days'), (ARRAY['SCHEDULED', 'IN_SESSION', 'ADJOURNED', 'ADJOURNED'])[1 + floor(random() * 4)::int]
     FROM council c, generate_series(1, $4::int) WHERE c.area_code LIKE $1 || '%'`,
    [street, FROM, TO, meetingsEach],
  );
  await q(
    `INSERT INTO meeting_attendance (meeting_id, member_id)
     SELECT m.id, s.id FROM council_meeting m JOIN council c ON c.id = m.council_id AND c.area_code LIKE $1 || '%' JOIN council_member s ON s.council_id = c.id
     WHERE m.status <> 'SCHEDULED' AND random() < 0.6`,
    [street],
  );
  await q(
    `INSERT INTO proposal (council_id, title, body, category, status, petitioner_person_id, submitted_at, decided_at, votes_for, votes_against, votes_abstain)
     SELECT c.id, '議題', '內容', 'OTHER', st.status, (SELECT id FROM person WHERE label = 'cf-' || $1 || '-1'), sub.at, dec.at,
            CASE WHEN dec.at IS NOT NULL THEN 3 END, CASE WHEN dec.at IS NOT NULL THEN 1 END, CASE WHEN dec.at IS NOT NULL THEN 0 END
     FROM council c, generate_series(1, $4::int) i,
     LATERAL (SELECT (ARRAY['DRAFT', 'SUBMITTED', 'IN_DEBATE', 'PASSED', 'REJECTED', 'PASSED', 'WITHDRAWN'])[1 + floor(random() * 7)::int] AS status, i AS k) st,
     LATERAL (SELECT CASE WHEN st.status <> 'DRAFT' THEN $2::timestamptz - interval '60 days' + random() * ($3::timestamptz - $2::timestamptz + interval '60 days') END AS at) sub,
     LATERAL (SELECT CASE WHEN st.status IN ('PASSED', 'REJECTED') THEN sub.at + random() * interval '50 days' END AS at) dec
     WHERE c.area_code LIKE $1 || '%'`,
    [street, FROM, TO, proposalsEach],
  );
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)] + sorted[Math.ceil(middle)]) / 2;
};

/** The figures recounted row by row from the councils `where` selects. */
async function recount(where: string, parameter: string): Promise<CouncilFigures> {
  const q = (sql: string) => server.dataSource.query(sql, [parameter]);
  const councils: { id: string; quorum_percent: number }[] = await q(`SELECT id, quorum_percent FROM council WHERE ${where}`);
  const ids = new Set(councils.map((council) => council.id));
  const quorum = new Map(councils.map((council) => [council.id, council.quorum_percent]));
  const proposals: { council_id: string; status: string; submitted_at: Date | null; decided_at: Date | null }[] = await q(`SELECT council_id, status, submitted_at, decided_at FROM proposal WHERE council_id IN (SELECT id FROM council WHERE ${where})`);
  const meetings: { id: string; council_id: string; day: string; scheduled_at: Date; status: string }[] = await q(`SELECT id, council_id, scheduled_at::date::text AS day, scheduled_at, status FROM council_meeting WHERE council_id IN (SELECT id FROM council WHERE ${where})`);
  const members: { council_id: string; starts: string; ends: string }[] = await q(`SELECT council_id, term_starts_on::text AS starts, term_ends_on::text AS ends FROM council_member WHERE council_id IN (SELECT id FROM council WHERE ${where})`);
  const attendance: { meeting_id: string }[] = await q(`SELECT meeting_id FROM meeting_attendance WHERE meeting_id IN (SELECT m.id FROM council_meeting m JOIN council c ON c.id = m.council_id WHERE ${where.replaceAll("area_code", "c.area_code").replaceAll("convening_organization_id", "c.convening_organization_id")})`);
  const within = (at: Date | null) => at !== null && at >= FROM && at < TO;
  const decided = proposals.filter((proposal) => ids.has(proposal.council_id) && within(proposal.decided_at));
  const held = meetings.filter((meeting) => within(meeting.scheduled_at) && meeting.status !== "SCHEDULED");
  const sittings = held.map((meeting) => {
    const present = attendance.filter((row) => row.meeting_id === meeting.id).length;
    const eligible = members.filter((member) => member.council_id === meeting.council_id && member.starts <= meeting.day && meeting.day <= member.ends).length;
    return { present, eligible, quorate: present > 0 && present * 100 >= quorum.get(meeting.council_id)! * eligible };
  });
  const eligible = sittings.reduce((sum, sitting) => sum + sitting.eligible, 0);
  return {
    proposalsSubmitted: proposals.filter((proposal) => within(proposal.submitted_at)).length,
    proposalsPassed: decided.filter((proposal) => proposal.status === "PASSED").length,
    proposalsRejected: decided.filter((proposal) => proposal.status === "REJECTED").length,
    meetingsHeld: sittings.length,
    attendanceRate: sittings.length && eligible ? sittings.reduce((sum, sitting) => sum + sitting.present, 0) / eligible : null,
    quorumMetShare: sittings.length ? sittings.filter((sitting) => sitting.quorate).length / sittings.length : null,
    medianDaysToDecision: median(decided.map((proposal) => (proposal.decided_at!.getTime() - proposal.submitted_at!.getTime()) / 86_400_000)),
  };
}

function expectClose(actual: CouncilFigures, expected: CouncilFigures): void {
  for (const [name, value] of Object.entries(expected)) {
    const got = actual[name as keyof CouncilFigures];
    if (value === null || Number.isInteger(value)) expect([name, got]).toEqual([name, value]);
    else expect([name, Math.round((got as number) * 1e6)]).toEqual([name, Math.round(value * 1e6)]);
  }
}

describe("council figures", () => {
  it("equal a row-by-row recount, for an area's dashboard and for the convener's indicators", async () => {
    const { street, convenerId, convenerKey } = await freshStreetAndConvener();
    await generate(server.dataSource, street, convenerKey, 6, 40, 8);
    const { body } = await server.graphql<{ dashboard: { council: CouncilFigures }; organizationIndicators: { council: CouncilFigures }; quiet: { council: CouncilFigures } }>(
      `query ($area: String!, $org: ID!, $from: DateTime!, $to: DateTime!) {
        dashboard(areaCode: $area, from: $from, to: $to) { council { ${FIGURES} } }
        organizationIndicators(organizationId: $org, from: $from, to: $to) { council { ${FIGURES} } }
        quiet: dashboard(areaCode: $area, from: "2020-01-01T00:00:00Z", to: "2020-02-01T00:00:00Z") { council { ${FIGURES} } }
      }`,
      { area: street, org: convenerId, from: FROM.toISOString(), to: TO.toISOString() },
    );
    expect(body.errors).toBeUndefined();
    const expected = await recount(`area_code LIKE $1 || '%'`, street);
    expect(expected.proposalsSubmitted).toBeGreaterThan(0);
    expect(expected.meetingsHeld).toBeGreaterThan(0);
    expectClose(body.data!.dashboard.council, expected);
    expectClose(body.data!.organizationIndicators.council, await recount(`convening_organization_id = $1::uuid`, convenerKey));
    expect(body.data!.quiet.council).toEqual({ proposalsSubmitted: 0, proposalsPassed: 0, proposalsRejected: 0, meetingsHeld: 0, attendanceRate: null, quorumMetShare: null, medianDaysToDecision: null });
  });

  it("reads councils' proposals and sittings through index ranges on many rows", async () => {
    const { street, convenerKey } = await freshStreetAndConvener();
    const statements: [string, unknown[]][] = [];
    const capture = { query: async (sql: string, parameters: unknown[]) => (statements.push([sql, parameters]), []) } as unknown as DataSource;
    // One council's grid, and a convener of 6 of the 300 councils.
    await new CouncilFiguresService(capture).ofArea({ areaCode: `${street}000007`, from: FROM, to: TO });
    await councilFiguresOfConveners(capture, [convenerKey], FROM, TO);
    const runner = server.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      // 300 councils, 60,000 proposals, 30,000 sittings: rolled back at the end, so the shared database stays small.
      await generate(runner.manager, street, convenerKey, 300, 200, 100, 50);
      for (const table of ["council", "council_member", "council_meeting", "meeting_attendance", "proposal"]) await runner.query(`ANALYZE ${table}`);
      const wholeReads: string[] = [];
      for (const [sql, parameters] of statements) {
        const [{ "QUERY PLAN": [plan] }] = await runner.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters);
        const scans = (node: { "Node Type": string; "Relation Name"?: string; Plans?: unknown[] }): { "Node Type": string; "Relation Name"?: string }[] => [node, ...((node.Plans ?? []) as never[]).flatMap(scans)];
        for (const node of scans(plan.Plan)) {
          if (node["Node Type"] === "Seq Scan" && ["proposal", "council_meeting", "meeting_attendance", "council_member"].includes(node["Relation Name"]!)) wholeReads.push(`${node["Relation Name"]} in ${sql.slice(0, 160)}`);
        }
      }
      expect(statements).toHaveLength(2);
      expect(wholeReads).toEqual([]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }, 120_000);
});
