import { EntityManager } from "typeorm";
import { ELEVATOR_PROJECT } from "./collaboration-demo";
import { demoPersonId } from "./people-demo";

/** The 青杠林社區居民議事會: a decided proposal (elevators) and an open vote (parking), with fixed ids so a re-seed restores them. */
const id = (n: number) => `c0950000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const PARTY_COMMITTEE = "c0900000-0000-4000-8000-000000000002";
const HEALTH_STATION = "c0900000-0000-4000-8000-000000000007";
const JINHUA_PROPERTY = "c0900000-0000-4000-8000-000000000017";
const COUNCIL = id(1);
const ELEVATORS = id(101);
const PARKING = id(102);
const SPRING = id(201);
const AUTUMN = id(202);

// Residents' representatives, then the health station's delegate; every seat for 2025–2027.
const SEATS: { member: string; person: string; organization: string | null }[] = [
  ...[2, 5, 6, 11, 12, 14, 28].map((n, index) => ({ member: id(11 + index), person: demoPersonId(n), organization: null })),
  { member: id(18), person: demoPersonId(3), organization: HEALTH_STATION },
];
const seat = (index: number) => SEATS[index].member;

/** Removes the demo council's rows, children first. */
export async function removeDemoCouncil(manager: EntityManager): Promise<void> {
  const proposals = [ELEVATORS, PARKING];
  for (const table of ["ballot", "vote", "proposal_amendment", "proposal_comment", "petition_signature", "meeting_agenda_item"]) {
    await manager.query(`DELETE FROM ${table} WHERE proposal_id = ANY($1::uuid[])`, [proposals]);
  }
  await manager.query(`DELETE FROM meeting_attendance WHERE meeting_id = ANY($1::uuid[])`, [[SPRING, AUTUMN]]);
  await manager.query(`DELETE FROM proposal WHERE council_id = $1`, [COUNCIL]);
  await manager.query(`DELETE FROM council_meeting WHERE council_id = $1`, [COUNCIL]);
  await manager.query(`DELETE FROM council_member WHERE council_id = $1`, [COUNCIL]);
  await manager.query(`DELETE FROM council WHERE id = $1`, [COUNCIL]);
}

/** Writes the demo council after the demo people: the seated hold the convener's consent, as seating requires. */
export async function insertDemoCouncil(manager: EntityManager): Promise<void> {
  await manager.query(
    `INSERT INTO council (id, area_code, convening_organization_id, name, quorum_percent, majority_rule, petition_signatures, seconding_days, debate_days, voting_hours)
     VALUES ($1, '510107021001', $2, '青杠林社區居民議事會', 50, 'SIMPLE', 20, 14, 14, 72)`,
    [COUNCIL, PARTY_COMMITTEE],
  );
  for (const { member, person, organization } of SEATS) {
    await manager.query(
      `INSERT INTO person_consent (person_id, organization_id, purpose, consented_at) VALUES ($1, $2, '居民議事會成員聯絡', now()) ON CONFLICT (person_id, organization_id) DO NOTHING`,
      [person, PARTY_COMMITTEE],
    );
    await manager.query(
      `INSERT INTO council_member (id, council_id, kind, organization_id, seat_person_id, term_starts_on, term_ends_on) VALUES ($1, $2, $3, $4, $5, '2025-01-01', '2027-12-31')`,
      [member, COUNCIL, organization ? "ORGANIZATION" : "RESIDENT", organization, person],
    );
  }
  await manager.query(
    `INSERT INTO council_meeting (id, council_id, title, scheduled_at, place, status, minutes) VALUES
       ($1, $3, '2026年第二次居民議事會', now() - interval '60 days', '青杠林社區黨群服務中心', 'ADJOURNED', '會議審議老舊小區加裝電梯議題，表決通過，由社區黨委牽頭、錦華物業配合實施。'),
       ($2, $3, '2026年第四次居民議事會', now() - interval '1 hour', '青杠林社區黨群服務中心', 'IN_SESSION', NULL)`,
    [SPRING, AUTUMN, COUNCIL],
  );
  // Elevators: proposed by 王建國, seconded by 陳秀英, amended in debate, passed 6–1–1 of 8 present in an open vote; its project runs.
  await manager.query(
    `INSERT INTO proposal (id, council_id, title, body, category, status, proposer_member_id, seconder_member_id, lead_organization_id, partner_organization_ids,
                           secret, voting_meeting_id, eligible_count, present_count, votes_for, votes_against, votes_abstain, submitted_at, decided_at, project_id, created_at)
     VALUES ($1, $2, '老舊小區加裝電梯', '為1棟、3棟、5棟加裝電梯；費用由政府補貼、居民按樓層分攤，低樓層少攤。', 'INFRASTRUCTURE', 'PASSED', $3, $4, $5, $6,
             false, $7, 8, 8, 6, 1, 1, now() - interval '88 days', now() - interval '60 days', $8, now() - interval '90 days')`,
    [ELEVATORS, COUNCIL, seat(0), seat(1), PARTY_COMMITTEE, [JINHUA_PROPERTY], SPRING, ELEVATOR_PROJECT],
  );
  await manager.query(`INSERT INTO meeting_agenda_item (meeting_id, proposal_id, position) VALUES ($1, $2, 0)`, [SPRING, ELEVATORS]);
  await manager.query(`INSERT INTO meeting_attendance (meeting_id, member_id) SELECT $1, unnest($2::uuid[])`, [SPRING, SEATS.map((row) => row.member)]);
  const elevatorVotes = ["FOR", "FOR", "FOR", "AGAINST", "FOR", "ABSTAIN", "FOR", "FOR"];
  for (const [index, choice] of elevatorVotes.entries()) await manager.query(`INSERT INTO vote (proposal_id, member_id, choice) VALUES ($1, $2, $3)`, [ELEVATORS, seat(index), choice]);
  await manager.query(`INSERT INTO proposal_amendment (proposal_id, member_id, body, status) VALUES ($1, $2, '為1棟、3棟、5棟加裝電梯；費用由政府補貼、居民按樓層分攤，低樓層少攤。', 'ACCEPTED')`, [ELEVATORS, seat(4)]);
  await manager.query(`INSERT INTO proposal_comment (proposal_id, person_id, body) VALUES ($1, $2, '一樓住戶擔心採光，施工方案要公示。')`, [ELEVATORS, demoPersonId(26)]);
  // Parking rules: an open vote running now at the sitting in session, six of eight present.
  await manager.query(
    `INSERT INTO proposal (id, council_id, title, body, category, status, proposer_member_id, seconder_member_id, stage_ends_at, secret, voting_meeting_id, eligible_count, present_count, submitted_at, created_at)
     VALUES ($1, $2, '小區停車管理規約', '小區內車位優先保障業主，外來車輛限時停放；消防通道嚴禁停車。', 'COMMUNITY_RULES', 'VOTING', $3, $4, now() + interval '70 hours', false, $5, 8, 6, now() - interval '19 days', now() - interval '20 days')`,
    [PARKING, COUNCIL, seat(2), seat(6), AUTUMN],
  );
  await manager.query(`INSERT INTO meeting_agenda_item (meeting_id, proposal_id, position) VALUES ($1, $2, 0)`, [AUTUMN, PARKING]);
  await manager.query(`INSERT INTO meeting_attendance (meeting_id, member_id) SELECT $1, unnest($2::uuid[])`, [AUTUMN, SEATS.slice(0, 6).map((row) => row.member)]);
  for (const [index, choice] of ["FOR", "FOR", "AGAINST"].entries()) await manager.query(`INSERT INTO vote (proposal_id, member_id, choice) VALUES ($1, $2, $3)`, [PARKING, seat(index), choice]);
}
