import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { SignJWT } from "jose";
import { loadConfig } from "../src/config";
import { MemberRole } from "../src/entities/membership";
import { createLogger } from "../src/logger";
import { toGlobalId } from "../src/schema/global-id";
import { startServer } from "../src/server";
import { VoteService } from "../src/services/community/vote.service";
import type { User } from "../src/entities/user";
import { openBenchDatabase } from "./bench-database";
import { UNLIMITED } from "./servers-under-test";

/*
 * A council vote under load: `members` seated members, all present, vote on `proposals` open votes (every other one
 * secret) through the real HTTP endpoint, `concurrency` requests in flight; each member casts, then changes, each vote.
 * Then each vote is closed (a secret one moving its choices to ballots) and every tally is checked against a recount.
 *   node dist/bench/council-vote.js --members 200 --proposals 10 --concurrency 50
 */
const { values } = parseArgs({ options: { members: { type: "string", default: "200" }, proposals: { type: "string", default: "10" }, concurrency: { type: "string", default: "50" } } });
const MEMBERS = Number(values.members);
const PROPOSALS = Number(values.proposals);
const CONCURRENCY = Number(values.concurrency);
const CHOICES = ["FOR", "AGAINST", "ABSTAIN"] as const;

async function main(): Promise<void> {
  const log = createLogger("silent");
  const database = await openBenchDatabase(log, CONCURRENCY + 10);
  const db = database.dataSource;
  const tag = randomBytes(4).toString("hex");
  const config = { ...loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...UNLIMITED }), jwtSecret: randomBytes(32).toString("hex") };
  const server = await startServer(config, db, log);
  try {
    // The setup is written as the services would leave it: an area, its Party committee, seats, a sitting in session, open votes.
    const area = `BENCH${tag}`;
    await db.query(`INSERT INTO area (code, name, level) VALUES ($1, '壓測社區', 'COMMUNITY')`, [area]);
    const [{ id: organizationId }] = await db.query(`INSERT INTO organization (kind, name, slug, area_code, verification_status) VALUES ('PARTY_COMMITTEE', '壓測黨委', $1, $2, 'VERIFIED') RETURNING id`, [`bench-${tag}`, area]);
    const [{ id: councilId }] = await db.query(
      `INSERT INTO council (area_code, convening_organization_id, name, quorum_percent, majority_rule, petition_signatures, seconding_days, debate_days, voting_hours)
       VALUES ($1, $2, '壓測議事會', 50, 'SIMPLE', 10, 7, 7, 24) RETURNING id`,
      [area, organizationId],
    );
    const users: { id: string }[] = await db.query(`INSERT INTO app_user (email, display_name) SELECT $1 || n || '@example.org', '代表' || n FROM generate_series(1, $2) n RETURNING id`, [`bench-${tag}-`, MEMBERS]);
    const persons: { id: string; user_id: string }[] = await db.query(
      `INSERT INTO person (label, display_name, user_id) SELECT '志願者-' || upper(substr(md5(id::text), 1, 8)), display_name, id FROM app_user WHERE id = ANY($1::uuid[]) RETURNING id, user_id`,
      [users.map((user) => user.id)],
    );
    const seats: { id: string; seat_person_id: string }[] = await db.query(
      `INSERT INTO council_member (council_id, kind, seat_person_id, term_starts_on, term_ends_on) SELECT $1, 'RESIDENT', unnest($2::uuid[]), current_date - 1, current_date + 365 RETURNING id, seat_person_id`,
      [councilId, persons.map((person) => person.id)],
    );
    const [{ id: meetingId }] = await db.query(`INSERT INTO council_meeting (council_id, title, scheduled_at, status) VALUES ($1, '壓測會議', now(), 'IN_SESSION') RETURNING id`, [councilId]);
    await db.query(`INSERT INTO meeting_attendance (meeting_id, member_id) SELECT $1, unnest($2::uuid[])`, [meetingId, seats.map((seat) => seat.id)]);
    const proposals: { id: string; secret: boolean }[] = await db.query(
      `INSERT INTO proposal (council_id, title, body, category, status, proposer_member_id, stage_ends_at, secret, voting_meeting_id, eligible_count, present_count)
       SELECT $1, '第' || n || '號議題', '壓測', 'OTHER', 'VOTING', $2, now() + interval '1 day', n % 2 = 0, $3, $4, $4 FROM generate_series(1, $5) n RETURNING id, secret`,
      [councilId, seats[0].id, meetingId, MEMBERS, PROPOSALS],
    );
    await db.query(`INSERT INTO meeting_agenda_item (meeting_id, proposal_id, position) SELECT $1, id, row_number() OVER () FROM proposal WHERE council_id = $2`, [meetingId, councilId]);

    const secret = new TextEncoder().encode(config.jwtSecret);
    const userOf = new Map(persons.map((person) => [person.id, person.user_id]));
    const voters = await Promise.all(
      seats.map(async (seat) => ({
        seat: seat.id,
        token: await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(userOf.get(seat.seat_person_id)!).setIssuer("cogov").setAudience("cogov-api").setIssuedAt().setExpirationTime("1h").sign(secret),
      })),
    );
    const expected = new Map<string, string>();
    const jobs: { token: string; proposalId: string; choices: string[] }[] = [];
    for (const [m, voter] of voters.entries()) {
      for (const [p, proposal] of proposals.entries()) {
        const choices = [CHOICES[(m + p) % 3], CHOICES[(m * 7 + p * 3) % 3]];
        expected.set(`${voter.seat}|${proposal.id}`, choices[1]);
        jobs.push({ token: voter.token, proposalId: toGlobalId("Proposal", proposal.id), choices });
      }
    }
    jobs.sort(() => Math.random() - 0.5);
    const latencies: number[] = [];
    const mutation = `mutation ($input: CastVoteInput!) { castVote(input: $input) { userErrors { code } } }`;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let job = jobs.pop(); job; job = jobs.pop()) {
          for (const choice of job.choices) {
            const sent = performance.now();
            const response = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${job.token}` }, body: JSON.stringify({ query: mutation, variables: { input: { proposalId: job.proposalId, choice } } }) });
            const body = (await response.json()) as { errors?: unknown; data?: { castVote: { userErrors: unknown[] } } };
            if (body.errors || body.data!.castVote.userErrors.length) failures += 1;
            latencies.push(performance.now() - sent);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    // Close every vote as the convener would, timing it, and compare each tally with a recount of what members last chose.
    const votes = new VoteService(db);
    const viewer = { kind: "user" as const, user: { id: users[0].id } as User, memberships: new Map([[organizationId as string, MemberRole.ADMIN]]), verified: new Set([organizationId as string]) };
    const closeMs: number[] = [];
    let mismatches = 0;
    for (const proposal of proposals) {
      const want = { FOR: 0, AGAINST: 0, ABSTAIN: 0 };
      for (const seat of seats) want[expected.get(`${seat.id}|${proposal.id}`) as keyof typeof want] += 1;
      const sent = performance.now();
      const closed = await votes.close(viewer, organizationId, proposal.id);
      closeMs.push(performance.now() - sent);
      if (closed.votesFor !== want.FOR || closed.votesAgainst !== want.AGAINST || closed.votesAbstain !== want.ABSTAIN) mismatches += 1;
    }
    const [{ rows, pairs }] = await db.query(`SELECT count(*)::int AS rows, count(DISTINCT (proposal_id, member_id))::int AS pairs FROM vote WHERE proposal_id = ANY($1::uuid[])`, [proposals.map((proposal) => proposal.id)]);
    latencies.sort((a, b) => a - b);
    const at = (share: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] * 10) / 10;
    const result = {
      scenario: "council-vote",
      at: new Date().toISOString(),
      database: `${database.location} (PostgreSQL ${database.serverVersion})`,
      members: MEMBERS, proposals: PROPOSALS, secretProposals: proposals.filter((proposal) => proposal.secret).length, concurrency: CONCURRENCY,
      requests: latencies.length, failures, seconds: Math.round(seconds * 100) / 100, votesPerSecond: Math.round(latencies.length / seconds),
      latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) },
      closeMs: { mean: Math.round(closeMs.reduce((sum, ms) => sum + ms, 0) / closeMs.length), max: Math.round(Math.max(...closeMs)) },
      voteRows: rows, distinctVoters: pairs, tallyMismatches: mismatches,
      // The machine is often shared: its load says how far the figures are the server's own.
      loadAverage: os.loadavg().map((load) => Math.round(load * 10) / 10), cpus: os.cpus().length,
    };
    const directory = path.resolve(__dirname, "../../bench/results");
    await mkdir(directory, { recursive: true });
    const file = path.join(directory, `${result.at.replace(/[:.]/g, "-").slice(0, 19)}Z-council-vote.json`);
    await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result, null, 2));
    console.log(`written to ${file}`);
  } finally {
    await server.stop();
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
