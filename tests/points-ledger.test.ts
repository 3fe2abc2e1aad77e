import { inHours, organizationIds, UserError } from "./support/collaboration";
import { residents } from "./support/residents";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
const TEAM = "qinggang-lin-party-volunteers";
const ISSUER = "qinggang-lin-party-committee";
const admins: Record<string, Record<string, string>> = {};

async function call<T>(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>, selection: string) {
  const { body } = await server.graphql<Record<string, T & { userErrors: UserError[] }>>(
    `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { field code message } } }`,
    { input },
    headers,
  );
  if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
  return body.data![name];
}

async function as<T>(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>, selection: string): Promise<T> {
  const payload = await call<T>(headers, name, inputType, input, selection);
  expect([name, payload.userErrors]).toEqual([name, []]);
  return payload;
}

async function problems(headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>): Promise<[string, string][]> {
  return (await call(headers, name, inputType, input, "__typename")).userErrors.map((error) => [error.field.join("."), error.code]);
}

const key = (globalId: string) => Buffer.from(globalId, "base64url").toString().split(":")[1];

/** Sign-ups of `people` to a started shift of a new PUBLISHED activity of the team, with `hours` recorded: ready to verify. */
async function recordedSignUps(people: Record<string, string>[], hours: (index: number) => number): Promise<string[]> {
  const { activity } = await as<{ activity: { id: string; shifts: { id: string }[] } }>(admins[TEAM], "createActivity", "CreateActivityInput", {
    actingOrganizationId: org[TEAM], kind: "VOLUNTEER_SERVICE", title: "社區巡邏", areaCode: "510107021001", shifts: [{ startsAt: inHours(1), endsAt: inHours(5), capacity: 1000 }],
  }, "activity { id shifts { id } }");
  await as(admins[TEAM], "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId: activity.id, status: "PUBLISHED" }, "activity { id }");
  const signUps = await Promise.all(people.map(async (person) => (await as<{ signUp: { id: string } }>(person, "signUpForShift", "SignUpForShiftInput", { shiftId: activity.shifts[0].id }, "signUp { id }")).signUp.id));
  await server.dataSource.query(`UPDATE activity_shift SET starts_at = now() - interval '5 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, [key(activity.shifts[0].id)]);
  for (const [index, signUpId] of signUps.entries()) {
    await as(admins[TEAM], "recordHours", "RecordHoursInput", { actingOrganizationId: org[TEAM], signUpId, hours: hours(index) }, "signUp { id }");
  }
  return signUps;
}

/** Every invariant of the ledger, straight from the rows; an empty list when all hold. */
async function ledgerFaults(): Promise<unknown[]> {
  return server.dataSource.query(`
    WITH sums AS (
      SELECT a.id, a.kind, a.balance,
        coalesce((SELECT sum(points) FROM points_entry WHERE to_account_id = a.id), 0) - coalesce((SELECT sum(points) FROM points_entry WHERE from_account_id = a.id), 0) AS summed
      FROM points_account a)
    SELECT 'cache differs from sum' AS fault, id::text, balance::text AS detail FROM sums WHERE balance <> summed
    UNION ALL SELECT 'negative balance', id::text, summed::text FROM sums WHERE kind <> 'ISSUER' AND summed < 0
    UNION ALL SELECT 'balances do not sum to zero', NULL, sum(summed)::text FROM sums HAVING sum(summed) <> 0
    UNION ALL SELECT 'debits differ from credits', NULL, NULL FROM points_entry
      HAVING (SELECT coalesce(sum(points), 0) FROM points_entry e JOIN points_account a ON a.id = e.from_account_id) <> (SELECT coalesce(sum(points), 0) FROM points_entry e JOIN points_account a ON a.id = e.to_account_id)
    UNION ALL SELECT 'reversal moves other points', r.id::text, NULL FROM points_entry r JOIN points_entry e ON e.id = r.reverses_entry_id
      WHERE r.points <> e.points OR r.from_account_id <> e.to_account_id OR r.to_account_id <> e.from_account_id OR e.kind = 'REVERSAL'
    UNION ALL SELECT 'earned twice or unverified', e.sign_up_id::text, NULL FROM points_entry e JOIN shift_sign_up s ON s.id = e.sign_up_id WHERE s.verified_at IS NULL
    UNION ALL SELECT 'stock differs from redemptions', w.id::text, w.stock::text FROM reward w
      WHERE w.stock < 0 OR w.stock + (SELECT count(*) FROM reward_redemption r WHERE r.reward_id = w.id AND NOT EXISTS (SELECT 1 FROM points_entry x WHERE x.reverses_entry_id = r.entry_id))
            <> (SELECT (after->>'stock')::int FROM audit_entry WHERE action = 'createReward' AND entity_id = w.id::text)`);
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { pointsPerMinute: 100_000_000 } });
  org = await organizationIds(server, [TEAM, ISSUER, "guixi-student-volunteers"]);
  for (const slug of [TEAM, ISSUER, "guixi-student-volunteers"]) admins[slug] = await server.asAdminOf(org[slug]);
});
afterAll(() => server.close());

describe("volunteer points", () => {
  it("funds a pool, earns points for verified hours, redeems a reward, reverses, and keeps the ledger under erasure", async () => {
    await as(admins[ISSUER], "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org[ISSUER], organizationId: org[TEAM], points: 1000, reason: "2026 年第四季度" }, "entry { id }");
    expect(await problems(admins[TEAM], "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org[TEAM], organizationId: org[TEAM], points: 10 })).toEqual([["input.actingOrganizationId", "NOT_PERMITTED"]]);
    expect(await problems(admins[ISSUER], "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org[ISSUER], organizationId: org[TEAM], points: 0 })).toEqual([["input.points", "OUT_OF_RANGE"]]);
    // Two admins setting one rule at once both succeed; then it is set once more, to what it earns here.
    const setRule = (pointsPerHour: number) => as(admins[TEAM], "setPointsRule", "SetPointsRuleInput", { actingOrganizationId: org[TEAM], kind: "VOLUNTEER_SERVICE", pointsPerHour }, "rule { activityKind pointsPerHour }");
    await Promise.all([7, 8, 9].map(setRule));
    expect(await setRule(10)).toMatchObject({ rule: { activityKind: "VOLUNTEER_SERVICE", pointsPerHour: 10 } });

    const [volunteer] = await residents(server, 1);
    const [signUpId] = await recordedSignUps([volunteer], () => 2.5);
    await as(admins[TEAM], "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[TEAM], signUpId }, "signUp { id }");
    const points = async () =>
      (await server.graphql<{ myData: { person: { label: string }; points: { balance: number; holder: string; entries: { kind: string; points: number; from: string; to: string }[] } } }>(
        `{ myData { person { label } points { balance holder entries { kind points from to } } } }`, {}, volunteer)).body.data!.myData;
    const earned = await points();
    expect(earned.points).toEqual({ balance: 25, holder: earned.person.label, entries: [{ kind: "EARN", points: 25, from: "青杠林黨員志願服務隊", to: earned.person.label }] });

    const { reward } = await as<{ reward: { id: string } }>(admins[TEAM], "createReward", "CreateRewardInput", { actingOrganizationId: org[TEAM], name: "環保購物袋", pointsPrice: 20, stock: 1 }, "reward { id }");
    const { reward: dear } = await as<{ reward: { id: string } }>(admins[TEAM], "createReward", "CreateRewardInput", { actingOrganizationId: org[TEAM], name: "體檢套餐", pointsPrice: 100, stock: 5 }, "reward { id }");
    expect(await problems(volunteer, "redeemReward", "RedeemRewardInput", { rewardId: dear.id })).toEqual([["input.rewardId", "EXCEEDS_REMAINING"]]);
    const { redemption } = await as<{ redemption: { entry: { id: string; points: number } } }>(volunteer, "redeemReward", "RedeemRewardInput", { rewardId: reward.id }, "redemption { entry { id points } }");
    expect((await points()).points.balance).toBe(5);
    const [other] = await residents(server, 1);
    expect(await problems(other, "redeemReward", "RedeemRewardInput", { rewardId: reward.id })).toEqual([["input.rewardId", "EXCEEDS_REMAINING"]]);

    const reverse = (entryId: string) => ({ actingOrganizationId: org[TEAM], entryId, reason: "兌換登記錯誤" });
    const { entry: reversal } = await as<{ entry: { id: string; reverses: { id: string } } }>(admins[TEAM], "reversePointsEntry", "ReversePointsEntryInput", reverse(redemption.entry.id), "entry { id reverses { id } }");
    expect(reversal.reverses.id).toBe(redemption.entry.id);
    expect(await problems(admins[TEAM], "reversePointsEntry", "ReversePointsEntryInput", reverse(redemption.entry.id))).toEqual([["input.entryId", "TAKEN"]]);
    expect(await problems(admins[TEAM], "reversePointsEntry", "ReversePointsEntryInput", reverse(reversal.id))).toEqual([["input.entryId", "INVALID_TRANSITION"]]);
    expect(await problems(admins["guixi-student-volunteers"], "reversePointsEntry", "ReversePointsEntryInput", { ...reverse(reversal.id), actingOrganizationId: org["guixi-student-volunteers"] })).toEqual([["input.entryId", "NOT_FOUND"]]);
    expect((await points()).points.balance).toBe(25);
    const [{ stock }] = await server.dataSource.query(`SELECT stock FROM reward WHERE id = $1`, [key(reward.id)]);
    expect(stock).toBe(1);

    // Entries are never changed or deleted, whoever tries.
    await expect(server.dataSource.query(`UPDATE points_entry SET points = 1`)).rejects.toThrow(/never changed/);
    await expect(server.dataSource.query(`DELETE FROM points_entry`)).rejects.toThrow(/never changed/);

    // Erasure keeps the ledger, under the pseudonymous label.
    await as(volunteer, "requestErasure", "RequestErasureInput", {}, "person { id }");
    const { body } = await server.graphql<{ node: { to: string; from: string } }>(`query ($id: ID!) { node(id: $id) { ... on PointsEntry { from to } } }`, { id: reversal.id }, admins[TEAM]);
    expect(body.data!.node).toEqual({ from: "青杠林黨員志願服務隊", to: earned.person.label });
    const [{ balance }] = await server.dataSource.query(`SELECT balance::int FROM points_account WHERE person_id = (SELECT id FROM person WHERE label = $1)`, [earned.person.label]);
    expect(balance).toBe(25);
    expect(await ledgerFaults()).toEqual([]);
  });

  it("refuses to verify hours the organiser's pool cannot pay for, and keeps the hours unverified", async () => {
    const students = "guixi-student-volunteers";
    // Two hours earn one point more than the pool holds (the demo's pool is nearly spent).
    const [pool] = await server.dataSource.query(`SELECT balance::int FROM points_account WHERE organization_id = $1 AND kind = 'POOL'`, [key(org[students])]);
    const pointsPerHour = Math.floor((pool?.balance ?? 0) / 2) + 1;
    expect(pointsPerHour).toBeLessThanOrEqual(50);
    await as(admins[students], "setPointsRule", "SetPointsRuleInput", { actingOrganizationId: org[students], kind: "ENVIRONMENT", pointsPerHour }, "rule { activityKind }");
    const { activity } = await as<{ activity: { id: string; shifts: { id: string }[] } }>(admins[students], "createActivity", "CreateActivityInput", {
      actingOrganizationId: org[students], kind: "ENVIRONMENT", title: "河道清潔", areaCode: "510107", shifts: [{ startsAt: inHours(1), endsAt: inHours(3), capacity: 5 }],
    }, "activity { id shifts { id } }");
    await as(admins[students], "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[students], activityId: activity.id, status: "PUBLISHED" }, "activity { id }");
    const [volunteer] = await residents(server, 1);
    const { signUp } = await as<{ signUp: { id: string } }>(volunteer, "signUpForShift", "SignUpForShiftInput", { shiftId: activity.shifts[0].id }, "signUp { id }");
    await server.dataSource.query(`UPDATE activity_shift SET starts_at = now() - interval '2 hours', ends_at = now() WHERE id = $1`, [key(activity.shifts[0].id)]);
    await as(admins[students], "recordHours", "RecordHoursInput", { actingOrganizationId: org[students], signUpId: signUp.id, hours: 2 }, "signUp { id }");
    expect(await problems(admins[students], "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[students], signUpId: signUp.id })).toEqual([["input.signUpId", "EXCEEDS_REMAINING"]]);
    const [{ verified_at }] = await server.dataSource.query(`SELECT verified_at FROM shift_sign_up WHERE id = $1`, [key(signUp.id)]);
    expect(verified_at).toBeNull();
    await as(admins[ISSUER], "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org[ISSUER], organizationId: org[students], points: 100 }, "entry { id }");
    await as(admins[students], "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[students], signUpId: signUp.id }, "signUp { id }");
    expect(await ledgerFaults()).toEqual([]);
  });
});

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the ledger under concurrency", () => {
  // About 17 s on a quiet machine; once over 60 s in CI on the embedded database. Its invariants are the test, not its time.
  it("holds every invariant after 1,000 random concurrent earns, redemptions, reversals and fundings from many connections", async () => {
    const OPERATIONS = 1000;
    const WORKERS = 30;
    const people = await residents(server, 60);
    await as(admins[ISSUER], "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org[ISSUER], organizationId: org[TEAM], points: 2000 }, "entry { id }");
    await as(admins[TEAM], "setPointsRule", "SetPointsRuleInput", { actingOrganizationId: org[TEAM], kind: "VOLUNTEER_SERVICE", pointsPerHour: 10 }, "rule { activityKind }");
    const next = random(20261205);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    // Earnings wait to be verified: 5 shifts' worth of recorded hours (1 to 4 hours, 10 points an hour).
    const unverified: string[] = [];
    for (let round = 0; round < 5; round += 1) unverified.push(...(await recordedSignUps(people, (index) => 1 + ((index + round) % 4))));
    const rewards: string[] = [];
    for (const [name, pointsPrice, stock] of [["雨傘", 15, 8], ["米", 30, 20], ["電影票", 45, 5], ["毛巾", 5, 40]] as const) {
      rewards.push((await as<{ reward: { id: string } }>(admins[TEAM], "createReward", "CreateRewardInput", { actingOrganizationId: org[TEAM], name, pointsPrice, stock }, "reward { id }")).reward.id);
    }
    const entries: string[] = [];
    const outcomes: Record<string, number> = {};
    const count = (name: string, errors: UserError[]) => {
      const outcome = `${name}:${errors[0]?.code ?? "ok"}`;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    };

    const operation = async (): Promise<void> => {
      const kind = pick(["earn", "earn", "redeem", "redeem", "redeem", "reverse", "fund"]);
      if (kind === "earn" && unverified.length) {
        const signUpId = unverified.splice(Math.floor(next() * unverified.length), 1)[0];
        const result = await call(admins[TEAM], "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[TEAM], signUpId }, "__typename");
        return count(kind, result.userErrors);
      }
      if (kind === "redeem") {
        const result = await call<{ redemption: { entry: { id: string } } | null }>(pick(people), "redeemReward", "RedeemRewardInput", { rewardId: pick(rewards) }, "redemption { entry { id } }");
        if (result.redemption) entries.push(result.redemption.entry.id);
        return count(kind, result.userErrors);
      }
      if (kind === "reverse" && entries.length) {
        const result = await call<{ entry: { id: string } | null }>(admins[TEAM], "reversePointsEntry", "ReversePointsEntryInput", { actingOrganizationId: org[TEAM], entryId: pick(entries), reason: "測試沖正" }, "entry { id }");
        if (result.entry) entries.push(result.entry.id);
        return count(kind, result.userErrors);
      }
      const result = await call<{ entry: { id: string } | null }>(admins[ISSUER], "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org[ISSUER], organizationId: org[TEAM], points: 1 + Math.floor(next() * 60) }, "entry { id }");
      if (result.entry) entries.push(result.entry.id);
      return count("fund", result.userErrors);
    };

    let started = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (started < OPERATIONS) {
          started += 1;
          await operation();
        }
      }),
    );
    expect(Object.values(outcomes).reduce((sum, n) => sum + n, 0)).toBe(OPERATIONS);
    // Every path ran, refusals included (short balances, empty stock, reversals of reversals and repeats).
    for (const outcome of ["earn:ok", "redeem:ok", "reverse:ok", "fund:ok", "redeem:EXCEEDS_REMAINING", "reverse:INVALID_TRANSITION"]) {
      expect([outcome, outcomes[outcome] ?? 0]).not.toEqual([outcome, 0]);
    }
    expect(await ledgerFaults()).toEqual([]);
    const [{ entriesMade }] = await server.dataSource.query(`SELECT count(*)::int AS "entriesMade" FROM points_entry`);
    expect(entriesMade).toBeGreaterThan(300);
  }, 180_000);
});

describe("an account's ledger, page by page", () => {
  it("lists every entry to or from a pool newest first through ledgerEntries, as the rows and the deprecated entries say", async () => {
    const donor = org["guixi-student-volunteers"];
    for (const points of [11, 12, 13, 14, 15]) {
      await as(admins[ISSUER], "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org[ISSUER], organizationId: donor, points, reason: "分頁測試" }, "entry { id }");
    }
    const query = `query ($id: ID!, $after: String) { node(id: $id) { ... on Organization { pointsPool {
      entries(first: 100) { id } ledgerEntries(first: 2, after: $after) { totalCount edges { cursor node { id points } } pageInfo { hasNextPage endCursor } } } } } }`;
    type Pool = { entries: { id: string }[]; ledgerEntries: { totalCount: number; edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const paged: string[] = [];
    let after: string | null = null;
    let deprecated: string[] = [];
    let total = 0;
    for (let pages = 0; pages < 100; pages++) {
      const answer: { body: { data?: { node: { pointsPool: Pool } } | null; errors?: unknown } } = await server.graphql<{ node: { pointsPool: Pool } }>(query, { id: donor, after }, admins["guixi-student-volunteers"]);
      expect(answer.body.errors).toBeUndefined();
      const pool: Pool = answer.body.data!.node.pointsPool;
      deprecated = pool.entries.map((entry) => entry.id);
      total = pool.ledgerEntries.totalCount;
      paged.push(...pool.ledgerEntries.edges.map((edge) => edge.node.id));
      expect(pool.ledgerEntries.edges.length).toBeLessThanOrEqual(2);
      if (!pool.ledgerEntries.pageInfo.hasNextPage) break;
      after = pool.ledgerEntries.pageInfo.endCursor;
    }
    const rows: { id: string }[] = await server.dataSource.query(
      `SELECT e.id FROM points_entry e JOIN points_account a ON a.id IN (e.from_account_id, e.to_account_id)
       WHERE a.kind = 'POOL' AND a.organization_id = $1 ORDER BY e.created_at DESC, e.id DESC`,
      [key(donor)],
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(paged.map(key)).toEqual(rows.map((row) => row.id));
    expect(total).toBe(rows.length);
    expect(deprecated.map(key)).toEqual(rows.slice(0, 100).map((row) => row.id));
    // A cursor of another list is refused with a coded error, not an empty page.
    const { body } = await server.graphql(query, { id: donor, after: Buffer.from(JSON.stringify(["NAME", "x", "y"])).toString("base64url") }, admins["guixi-student-volunteers"]);
    expect(body.errors?.map((error) => error.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });
});
