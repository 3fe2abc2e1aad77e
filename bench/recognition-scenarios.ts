import { SignJWT } from "jose";
import { DataSource, EntityManager } from "typeorm";
import { LEADERBOARD_SIZE, loadRecognitionData, RECOGNITION_TITLE } from "./recognition-data";
import { body, checked, globalId, PreparedScenario, ScenarioUnavailable } from "./scenarios";

// leaderboard, leaderboard-floor and ledger: recognition's reads and the points ledger's writes.

const LEADERBOARD_QUERY = `query ($metric: LeaderboardMetric!, $areaCode: String!, $from: DateTime!, $to: DateTime!, $first: Int) {
  leaderboard(metric: $metric, areaCode: $areaCode, from: $from, to: $to, first: $first) { rank name verifiedHours pointsEarned } }`;
const VERIFY_HOURS = `mutation ($input: VerifyHoursInput!) { verifyHours(input: $input) { signUp { id } userErrors { field message code } } }`;
const REDEEM_REWARD = `mutation ($input: RedeemRewardInput!) { redeemReward(input: $input) { redemption { entry { id } } userErrors { field message code } } }`;
/** The ledger scenario's activity has this title; its sign-ups are verified by the run and its entries stay (entries are never deleted). */
const LEDGER_TITLE = "積分壓測 ledger bench";

/** Loads the leaderboards' 100,000 verified sign-ups unless an earlier run did; returns what it says about them. */
export async function ensureRecognitionData(dataSource: DataSource): Promise<string> {
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM activity WHERE title LIKE $1`, [`${RECOGNITION_TITLE}%`]);
  const started = performance.now();
  if (count === 0) {
    await loadRecognitionData(dataSource, LEADERBOARD_SIZE, new Date());
  }
  // As autovacuum would have by now (an earlier ledger run left new rows): index-only scans need the visibility map.
  await dataSource.query("VACUUM ANALYZE activity, activity_shift, shift_sign_up, points_entry, points_account, person");
  return count === 0 ? `recognition data loaded in ${((performance.now() - started) / 1000).toFixed(1)} s` : "recognition data reused from an earlier run";
}

/** Leaderboards of the 10 districts and their 60 streets in turn, by hours and by points, over the 90 days before the newest shift. */
async function leaderboardBodies(dataSource: DataSource): Promise<string[]> {
  const areas: { code: string }[] = await dataSource.query(`SELECT code FROM area WHERE level IN ('DISTRICT', 'STREET') AND code LIKE '5101%' AND length(code) <= 9 ORDER BY code`);
  const [{ newest }] = await dataSource.query(`SELECT max(sh.starts_at) AS newest FROM activity_shift sh JOIN activity a ON a.id = sh.activity_id WHERE a.title LIKE $1`, [`${RECOGNITION_TITLE}%`]);
  const to = new Date(new Date(newest).getTime() + 1000);
  const from = new Date(to.getTime() - 90 * 86_400_000);
  return areas.flatMap(({ code }) => ["HOURS", "POINTS"].map((metric) => body(LEADERBOARD_QUERY, { metric, areaCode: code, from: from.toISOString(), to: to.toISOString(), first: 20 })));
}

export async function prepareLeaderboard(graphqlUrl: string, dataSource: DataSource): Promise<PreparedScenario> {
  const bodies = await leaderboardBodies(dataSource);
  const sample = await checked(graphqlUrl, bodies[0], "leaderboard");
  const entries = (sample.data?.leaderboard as unknown[] | undefined) ?? [];
  if (entries.length === 0) throw new ScenarioUnavailable("leaderboard: the first area's leaderboard is empty");
  const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM points_entry`);
  return { job: { url: graphqlUrl, bodies, kind: "query" }, sample, notes: [`leaderboard: ${bodies.length} area × metric leaderboards in turn over ${Number(count).toLocaleString("en")} ledger entries`] };
}

/** The floor must answer what Cogov answers for the same leaderboard. */
export async function prepareLeaderboardFloor(floorUrl: string, graphqlUrl: string, dataSource: DataSource): Promise<PreparedScenario> {
  const url = floorUrl.replace(/\/graphql$/, "/leaderboard");
  const bodies = await leaderboardBodies(dataSource);
  const sample = await checked(url, bodies[0], "leaderboard-floor");
  const cogov = await checked(graphqlUrl, bodies[0], "leaderboard");
  const same = JSON.stringify(sample.data) === JSON.stringify(cogov.data);
  return { job: { url, bodies, kind: "query" }, sample, notes: [`leaderboard-floor: its JSON ${same ? "equals" : "differs from"} Cogov's leaderboard for the first area`] };
}

/**
 * Earning and redeeming at once: verifyHours of recorded sign-ups (each earns points from the organiser's pool) in
 * turn with redeemReward by people holding points (each pays a 1-point reward into the pool), as the organiser's
 * COORDINATOR and as the people, signed with the server's JWT secret. Every answered request writes one entry.
 */
export async function prepareLedger(graphqlUrl: string, dataSource: DataSource, jwtSecret: string, expectedRequests: number): Promise<PreparedScenario> {
  const organizers: { id: string }[] = await dataSource.query(
    `SELECT a.organization_id AS id FROM activity a WHERE a.title LIKE $1 GROUP BY a.organization_id ORDER BY count(*) DESC, a.organization_id LIMIT $2`,
    [`${RECOGNITION_TITLE}%`, LEDGER_ORGANIZERS],
  );
  if (organizers.length === 0) throw new ScenarioUnavailable("ledger: no recognition data to earn and redeem on");
  const earnsEach = Math.ceil(expectedRequests / 2 / organizers.length) + 1;
  const people: { id: string }[] = await dataSource.query(`SELECT id FROM person WHERE label LIKE '志願者-%' AND erased_at IS NULL ORDER BY id LIMIT 300`);
  const setups = [];
  for (const organizer of organizers) setups.push(await dataSource.transaction((manager) => ledgerOf(manager, organizer.id, earnsEach, people.map((person) => person.id))));
  // Redeemers: people holding points, each given an account to sign in with.
  const [redeemers]: [{ user_id: string }[], number] = await dataSource.query(
    `WITH holders AS (SELECT a.person_id FROM points_account a JOIN person p ON p.id = a.person_id WHERE a.kind = 'PERSON' AND a.balance >= 100 AND p.user_id IS NULL AND p.erased_at IS NULL ORDER BY a.balance DESC LIMIT 500),
          users AS (INSERT INTO app_user (email, display_name) SELECT 'ledger-redeemer-' || gen_random_uuid() || '@example.org', '兌換者' FROM holders RETURNING id),
          pairs AS (SELECT h.person_id, u.id AS user_id FROM (SELECT person_id, row_number() OVER () AS n FROM holders) h JOIN (SELECT id, row_number() OVER () AS n FROM users) u ON u.n = h.n)
     UPDATE person SET user_id = pairs.user_id FROM pairs WHERE person.id = pairs.person_id RETURNING pairs.user_id`,
  );
  if (redeemers.length === 0) throw new ScenarioUnavailable("ledger: nobody holds points to redeem");
  const secret = new TextEncoder().encode(jwtSecret);
  const token = async (userId: string) =>
    `Bearer ${await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject(userId).setIssuer("cogov").setAudience("cogov-api").setIssuedAt().setExpirationTime("2h").sign(secret)}`;
  const redeemerAuthorizations = await Promise.all(redeemers.map((redeemer) => token(redeemer.user_id)));
  const organizerAuthorizations = await Promise.all(setups.map((setup) => token(setup.coordinator)));
  const bodies: string[] = [];
  const authorizations: string[] = [];
  // Organisers take turns, each verify followed by a redemption from some organiser's catalogue.
  for (let i = 0; i < earnsEach - 1; i += 1) {
    for (const [o, setup] of setups.entries()) {
      const n = i * setups.length + o;
      bodies.push(body(VERIFY_HOURS, { input: { actingOrganizationId: globalId("Organization", organizers[o].id), signUpId: globalId("ShiftSignUp", setup.signUps[i]) } }));
      authorizations.push(organizerAuthorizations[o]);
      bodies.push(body(REDEEM_REWARD, { input: { rewardId: globalId("Reward", setups[n % setups.length].rewardId) } }));
      authorizations.push(redeemerAuthorizations[n % redeemerAuthorizations.length]);
    }
  }
  // The checks verify and redeem once each with the sign-ups kept back; the timed run does not repeat them.
  const last = setups[0].signUps[earnsEach - 1];
  const checks = [
    [body(VERIFY_HOURS, { input: { actingOrganizationId: globalId("Organization", organizers[0].id), signUpId: globalId("ShiftSignUp", last) } }), organizerAuthorizations[0]],
    [body(REDEEM_REWARD, { input: { rewardId: globalId("Reward", setups[0].rewardId) } }), redeemerAuthorizations[0]],
  ];
  let sample = {};
  for (const [text, authorization] of checks) {
    sample = await checked(graphqlUrl, text, "ledger", authorization);
    const payload = Object.values((sample as { data?: Record<string, unknown> }).data ?? {})[0] as { userErrors?: unknown[] } | undefined;
    if (payload?.userErrors?.length) throw new ScenarioUnavailable(`ledger: the check was refused: ${JSON.stringify(payload)}`);
  }
  return {
    job: { url: graphqlUrl, bodies, authorizations, kind: "mutation" },
    sample,
    notes: [
      `ledger: ${organizers.length} organisers in turn, ${bodies.length.toLocaleString("en")} requests prepared (verifyHours of distinct sign-ups and redemptions by ${redeemers.length} people); each answered request writes one entry, so requests/s is entries/s`,
    ],
  };
}

/** Organisers the ledger scenario spreads over: pools and catalogues of their own, as in a district. */
const LEDGER_ORGANIZERS = 20;

/**
 * One organiser's part: a COORDINATOR account, 10 points an hour, a funded pool, an activity whose shifts have
 * ended with `earns` sign-ups of 2 recorded hours (not yet verified), and a 1-point reward with stock for all.
 */
async function ledgerOf(manager: EntityManager, organizationId: string, earns: number, people: string[]) {
  const [user] = await manager.query(`INSERT INTO app_user (email, display_name) VALUES ('ledger-bench-' || gen_random_uuid() || '@example.org', '積分壓測') RETURNING id`);
  await manager.query(`INSERT INTO membership (user_id, organization_id, role) VALUES ($1, $2, 'COORDINATOR')`, [user.id, organizationId]);
  await manager.query(
    `INSERT INTO points_rule (organization_id, activity_kind, points_per_hour) VALUES ($1, 'VOLUNTEER_SERVICE', 10)
     ON CONFLICT (organization_id, activity_kind) DO UPDATE SET points_per_hour = 10`,
    [organizationId],
  );
  const [[pool], [issuer]] = await Promise.all(["POOL", "ISSUER"].map((kind) => manager.query(`SELECT id FROM points_account WHERE organization_id = $1 AND kind = $2`, [organizationId, kind])));
  const funding = earns * 20;
  await manager.query(`INSERT INTO points_entry (kind, from_account_id, to_account_id, points, organization_id, reason) VALUES ('FUND', $1, $2, $3, $4, $5)`, [issuer.id, pool.id, funding, organizationId, LEDGER_TITLE]);
  await manager.query(`UPDATE points_account SET balance = balance + CASE WHEN id = $2 THEN $3::bigint ELSE -$3::bigint END WHERE id IN ($1, $2)`, [issuer.id, pool.id, funding]);
  const [activity] = await manager.query(
    `INSERT INTO activity (organization_id, kind, title, area_code, status) SELECT $1, 'VOLUNTEER_SERVICE', $2, area_code, 'PUBLISHED' FROM organization WHERE id = $1 RETURNING id`,
    [organizationId, LEDGER_TITLE],
  );
  const signUps: { id: string }[] = await manager.query(
    `WITH shifts AS (
       INSERT INTO activity_shift (activity_id, starts_at, ends_at, capacity)
       SELECT $1, now() - interval '5 hours', now() - interval '1 hour', 1000 FROM generate_series(1, $2) RETURNING id)
     INSERT INTO shift_sign_up (shift_id, person_id, status, hours)
     SELECT shifts.id, p.id, 'CONFIRMED', 2 FROM shifts, unnest($3::uuid[]) AS p(id) RETURNING id`,
    [activity.id, Math.ceil(earns / people.length), people],
  );
  const [reward] = await manager.query(`INSERT INTO reward (organization_id, name, points_price, stock) VALUES ($1, $2, 1, 10000000) RETURNING id`, [organizationId, `${LEDGER_TITLE} 環保袋`]);
  return { coordinator: user.id as string, signUps: signUps.map((row) => row.id), rewardId: reward.id as string };
}

/** The ledger's invariants after the run, from the rows: a note either way. */
export async function ledgerCheck(dataSource: DataSource): Promise<string> {
  const [row] = await dataSource.query(`
    WITH sums AS (SELECT a.id, a.kind, a.balance,
        coalesce((SELECT sum(points) FROM points_entry WHERE to_account_id = a.id), 0) - coalesce((SELECT sum(points) FROM points_entry WHERE from_account_id = a.id), 0) AS summed
      FROM points_account a)
    SELECT count(*) FILTER (WHERE balance <> summed)::int AS "cacheDiffers", count(*) FILTER (WHERE kind <> 'ISSUER' AND summed < 0)::int AS negative,
           sum(summed)::bigint AS total, (SELECT count(*)::int FROM points_entry) AS entries FROM sums`);
  const holds = row.cacheDiffers === 0 && row.negative === 0 && Number(row.total) === 0;
  return `ledger: after the run ${Number(row.entries).toLocaleString("en")} entries; ${holds ? "all balances equal their sums, none negative, the sum of all is 0" : `INVARIANTS BROKEN: ${JSON.stringify(row)}`}`;
}
