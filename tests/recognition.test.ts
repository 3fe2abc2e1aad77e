import { parse } from "csv-parse/sync";
import { loadRecognitionData } from "../bench/recognition-data";
import { starsFor } from "../src/services/community/recognition.service";
import { toGlobalId } from "../src/schema/global-id";
import { inHours, mutationsAs, organizationIds } from "./support/collaboration";
import { residents } from "./support/residents";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
const TEAM = "qinggang-lin-party-volunteers";
const OTHER = "guixi-student-volunteers";
const COMMUNITY = "510107021001";
const admins: Record<string, Record<string, string>> = {};
const { as } = mutationsAs(() => server);
const key = (globalId: string) => Buffer.from(globalId, "base64url").toString().split(":")[1];

beforeAll(async () => {
  server = await startTestServer({ demoData: true, config: { pointsPerMinute: 100_000_000, anonymousPointsPerMinute: 100_000_000 } });
  org = await organizationIds(server, [TEAM, OTHER, "qinggang-lin-party-committee"]);
  for (const slug of [TEAM, OTHER]) admins[slug] = await server.asAdminOf(org[slug]);
  await as(await server.asAdminOf(org["qinggang-lin-party-committee"]), "fundPointsPool", "FundPointsPoolInput", { actingOrganizationId: org["qinggang-lin-party-committee"], organizationId: org[TEAM], points: 100_000 }, "entry { id }");
  await as(admins[TEAM], "setPointsRule", "SetPointsRuleInput", { actingOrganizationId: org[TEAM], kind: "HEALTH_TALK", pointsPerHour: 10 }, "rule { pointsPerHour }");
});
afterAll(() => server.close());

/** A person's id from their headers. */
async function personIdOf(person: Record<string, string>): Promise<string> {
  const { body } = await server.graphql<{ myData: { person: { id: string } } }>(`{ myData { person { id } } }`, {}, person);
  return body.data!.myData.person.id;
}

/** `people` serve a shift of a new activity of the team that ran from 5 to 1 hours ago; `hours(i)` recorded and verified over the API. */
async function servedShift(people: Record<string, string>[], hours: (index: number) => number, title = "長者健康講座"): Promise<{ activityId: string; shift: { id: string; startsAt: string; endsAt: string }; signUps: string[] }> {
  const { activity } = await as<{ activity: { id: string; shifts: { id: string }[] } }>(admins[TEAM], "createActivity", "CreateActivityInput", {
    actingOrganizationId: org[TEAM], kind: "HEALTH_TALK", title, areaCode: COMMUNITY, shifts: [{ startsAt: inHours(1), endsAt: inHours(5), capacity: 100 }],
  }, "activity { id shifts { id } }");
  await as(admins[TEAM], "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId: activity.id, status: "PUBLISHED" }, "activity { id }");
  const signUps = [];
  for (const person of people) signUps.push((await as<{ signUp: { id: string } }>(person, "signUpForShift", "SignUpForShiftInput", { shiftId: activity.shifts[0].id }, "signUp { id }")).signUp.id);
  const [[shift]] = await server.dataSource.query(
    `UPDATE activity_shift SET starts_at = date_trunc('second', now()) - interval '5 hours', ends_at = date_trunc('second', now()) - interval '1 hour' WHERE id = $1 RETURNING starts_at, ends_at`,
    [key(activity.shifts[0].id)],
  );
  for (const [index, signUpId] of signUps.entries()) {
    await as(admins[TEAM], "recordHours", "RecordHoursInput", { actingOrganizationId: org[TEAM], signUpId, hours: hours(index) }, "signUp { id }");
    await as(admins[TEAM], "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[TEAM], signUpId }, "signUp { id }");
  }
  return { activityId: activity.id, shift: { id: activity.shifts[0].id, startsAt: shift.starts_at.toISOString(), endsAt: shift.ends_at.toISOString() }, signUps };
}

/** Adds verified hours to a person straight in the database, on a shift long enough to hold them (boundaries of the star table). */
async function verifiedHoursInSql(personId: string, hours: number): Promise<void> {
  await server.dataSource.query(
    `WITH a AS (INSERT INTO activity (organization_id, kind, title, area_code, status) VALUES ($1, 'OTHER', '累計時數', $2, 'COMPLETED') RETURNING id),
          sh AS (INSERT INTO activity_shift (activity_id, starts_at, ends_at, capacity) SELECT id, now() - interval '2000 hours', now() - interval '1 hour', 1 FROM a RETURNING id)
     INSERT INTO shift_sign_up (shift_id, person_id, status, hours, verified_at, verified_by_organization_id) SELECT id, $3, 'CONFIRMED', $4, now(), $1 FROM sh`,
    [key(org[TEAM]), COMMUNITY, key(personId), hours],
  );
}

async function errorCodeOf(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string | undefined> {
  const { body } = await server.graphql(query, variables, headers);
  expect(body.data?.[Object.keys(body.data ?? {})[0]] ?? null).toBeNull();
  return body.errors?.[0].extensions?.code as string | undefined;
}

describe("stars", () => {
  it("rates cumulative verified hours as 志願服務記錄與證明出具辦法 does, 0 below 100 hours", () => {
    const table = [[0, 0], [99.9, 0], [99.99, 0], [100, 1], [299.99, 1], [300, 2], [599.99, 2], [600, 3], [999.99, 3], [1000, 4], [1499.99, 4], [1500, 5], [20000, 5]];
    expect(table.map(([hours]) => [hours, starsFor(hours)])).toEqual(table);
  });

  it("shows a person their verified hours and stars, crossing a boundary at exactly 100 hours", async () => {
    const [volunteer] = await residents(server, 1);
    const personId = await personIdOf(volunteer);
    const mine = async () => (await server.graphql<{ myData: { person: { verifiedHours: number; stars: number } } }>(`{ myData { person { verifiedHours stars } } }`, {}, volunteer)).body.data!.myData.person;
    expect(await mine()).toEqual({ verifiedHours: 0, stars: 0 });
    await verifiedHoursInSql(personId, 99.9);
    expect(await mine()).toEqual({ verifiedHours: 99.9, stars: 0 });
    await verifiedHoursInSql(personId, 0.1);
    expect(await mine()).toEqual({ verifiedHours: 100, stars: 1 });
    await verifiedHoursInSql(personId, 199.99);
    expect(await mine()).toEqual({ verifiedHours: 299.99, stars: 1 });
    // Hours recorded but not verified do not count.
    await server.dataSource.query(`UPDATE shift_sign_up SET verified_at = NULL, verified_by_organization_id = NULL WHERE person_id = $1 AND hours = 199.99`, [key(personId)]);
    expect(await mine()).toEqual({ verifiedHours: 100, stars: 1 });
  });
});

describe("volunteerRecord", () => {
  let volunteer: Record<string, string>;
  let personId: string;
  let served: Awaited<ReturnType<typeof servedShift>>[];

  beforeAll(async () => {
    [volunteer] = await residents(server, 1);
    personId = await personIdOf(volunteer);
    await as(volunteer, "grantConsent", "GrantConsentInput", { organizationId: org[TEAM], purpose: "志願服務記錄" }, "consent { purpose }");
    served = [await servedShift([volunteer], () => 2.5, "長者健康講座"), await servedShift([volunteer], () => 3.25, "社區義診")];
  });

  const RECORD = `query ($personId: ID!, $first: Int, $after: String) { volunteerRecord(personId: $personId, first: $first, after: $after) {
    person { id } verifiedHours stars
    participations { totalCount pageInfo { hasNextPage endCursor }
      nodes { id hours verifiedAt verifiedBy { slug } shift { startsAt endsAt activity { title kind organizer { slug } } } } } } }`;

  interface ServiceRecord {
    person: { id: string };
    verifiedHours: number;
    stars: number;
    participations: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string }; nodes: { id: string; hours: number; verifiedAt: string; verifiedBy: { slug: string }; shift: { startsAt: string; endsAt: string; activity: { title: string; kind: string; organizer: { slug: string } } } }[] };
  }

  it("prints each verified participation with its activity, organiser, dates, hours and verifier, and the totals, to the person", async () => {
    const { body } = await server.graphql<{ volunteerRecord: ServiceRecord }>(RECORD, { personId }, volunteer);
    expect(body.errors).toBeUndefined();
    const entry = (index: number, title: string, hours: number) => ({
      id: served[index].signUps[0], hours, verifiedAt: expect.any(String), verifiedBy: { slug: TEAM },
      shift: { startsAt: served[index].shift.startsAt, endsAt: served[index].shift.endsAt, activity: { title, kind: "HEALTH_TALK", organizer: { slug: TEAM } } },
    });
    expect(body.data!.volunteerRecord).toEqual({
      person: { id: personId }, verifiedHours: 5.75, stars: 0,
      participations: { totalCount: 2, pageInfo: { hasNextPage: false, endCursor: expect.any(String) }, nodes: [entry(0, "長者健康講座", 2.5), entry(1, "社區義診", 3.25)] },
    });
  });

  it("pages with cursors, the totals on every page", async () => {
    const first = (await server.graphql<{ volunteerRecord: ServiceRecord }>(RECORD, { personId, first: 1 }, volunteer)).body.data!.volunteerRecord;
    expect([first.participations.nodes.map((node) => node.id), first.participations.pageInfo.hasNextPage, first.verifiedHours]).toEqual([[served[0].signUps[0]], true, 5.75]);
    const second = (await server.graphql<{ volunteerRecord: ServiceRecord }>(RECORD, { personId, first: 1, after: first.participations.pageInfo.endCursor }, volunteer)).body.data!.volunteerRecord;
    expect([second.participations.nodes.map((node) => node.id), second.participations.pageInfo.hasNextPage]).toEqual([[served[1].signUps[0]], false]);
  });

  it("is read by admins of organisations holding the person's consent, refused to everyone else with a coded error", async () => {
    const ok = await server.graphql<{ volunteerRecord: ServiceRecord }>(RECORD, { personId }, admins[TEAM]);
    expect([ok.body.errors, ok.body.data!.volunteerRecord.participations.totalCount]).toEqual([undefined, 2]);
    const [stranger] = await residents(server, 1);
    const codes = {
      "admin of another organisation": await errorCodeOf(RECORD, { personId }, admins[OTHER]),
      "another resident": await errorCodeOf(RECORD, { personId }, stranger),
      anonymous: await errorCodeOf(RECORD, { personId }),
      "an unknown person": await errorCodeOf(RECORD, { personId: toGlobalId("Person", "00000000-0000-4000-8000-000000000000") }, admins[TEAM]),
      "an id of another type": await errorCodeOf(RECORD, { personId: org[TEAM] }, admins[TEAM]),
    };
    expect(codes).toEqual({
      "admin of another organisation": "FORBIDDEN",
      "another resident": "FORBIDDEN",
      anonymous: "UNAUTHENTICATED",
      "an unknown person": "NOT_FOUND",
      "an id of another type": "BAD_USER_INPUT",
    });
  });
});

describe("leaderboards", () => {
  const LEADERBOARD = `query ($metric: LeaderboardMetric!, $areaCode: String!, $from: DateTime!, $to: DateTime!, $first: Int) {
    leaderboard(metric: $metric, areaCode: $areaCode, from: $from, to: $to, first: $first) { rank name verifiedHours pointsEarned person { id } } }`;
  const until = new Date();
  const from = new Date(until.getTime() - 180 * 86_400_000).toISOString();
  const to = until.toISOString();

  interface Entry {
    rank: number;
    name: string | null;
    verifiedHours: number;
    pointsEarned: number;
    person: { id: string } | null;
  }

  beforeAll(async () => {
    await loadRecognitionData(server.dataSource, { people: 300, activities: 120, shiftsPerActivity: 3, signUpsPerShift: 6 }, until, { benchAreas: false });
  });

  /** The leaderboard recomputed from the rows, person by person, in JavaScript. */
  async function bruteForce(metric: "HOURS" | "POINTS", areaCode: string, first: number): Promise<Entry[]> {
    const signUps: { person_id: string; hours: string; label: string; display_name: string | null; public_recognition: boolean; sign_up_id: string }[] = await server.dataSource.query(
      `SELECT s.id AS sign_up_id, s.person_id, s.hours::text, p.label, p.display_name, p.public_recognition
       FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id JOIN activity a ON a.id = sh.activity_id JOIN person p ON p.id = s.person_id
       WHERE s.verified_at IS NOT NULL AND starts_with(a.area_code, $1) AND sh.starts_at >= $2 AND sh.starts_at < $3`,
      [areaCode, from, to],
    );
    const entries: { id: string; kind: string; points: number; sign_up_id: string | null; reverses_entry_id: string | null }[] = await server.dataSource.query(`SELECT id, kind, points, sign_up_id, reverses_entry_id FROM points_entry`);
    const reversed = new Map(entries.filter((entry) => entry.reverses_entry_id).map((entry) => [entry.reverses_entry_id!, entry.points]));
    const earnedFor = new Map(entries.filter((entry) => entry.kind === "EARN").map((entry) => [entry.sign_up_id!, entry.points - (reversed.get(entry.id) ?? 0)]));
    const totals = new Map<string, { hundredths: number; points: number; label: string; name: string | null }>();
    for (const row of signUps) {
      const total = totals.get(row.person_id) ?? { hundredths: 0, points: 0, label: row.label, name: row.public_recognition ? row.display_name : null };
      total.hundredths += Math.round(Number(row.hours) * 100);
      total.points += earnedFor.get(row.sign_up_id) ?? 0;
      totals.set(row.person_id, total);
    }
    const value = (total: { hundredths: number; points: number }) => (metric === "HOURS" ? total.hundredths : total.points);
    const ranked = [...totals.entries()].filter(([, total]) => value(total) > 0).sort(([, a], [, b]) => value(b) - value(a) || (a.label < b.label ? -1 : 1));
    return ranked.slice(0, first).map(([id, total]) => ({
      rank: 1 + ranked.filter(([, other]) => value(other) > value(total)).length,
      name: total.name,
      verifiedHours: total.hundredths / 100,
      pointsEarned: total.points,
      person: total.name === null ? null : { id: toGlobalId("Person", id) },
    }));
  }

  it.each([
    ["HOURS", "510107", 50],
    ["POINTS", "510107", 50],
    ["HOURS", COMMUNITY, 20],
    ["POINTS", COMMUNITY, 20],
  ] as const)("ranks by %s in %s as a recomputation from the rows does", async (metric, areaCode, first) => {
    const { body } = await server.graphql<{ leaderboard: Entry[] }>(LEADERBOARD, { metric, areaCode, from, to, first });
    expect(body.errors).toBeUndefined();
    expect(body.data!.leaderboard.length).toBeGreaterThan(0);
    expect(body.data!.leaderboard).toEqual(await bruteForce(metric, areaCode, first));
  });

  it("shows a name only for those who agreed to public recognition, and an erased person anonymously with the same sums", async () => {
    const [star] = await residents(server, 1);
    await as(star, "updateMyProfile", "UpdateMyProfileInput", { displayName: "社區之星", publicRecognition: true }, "person { id }");
    const personId = await personIdOf(star);
    const { body: before } = await server.graphql<{ person: { label: string } }>(`query ($id: ID!) { person(id: $id) { label } }`, { id: personId });
    await servedShift([star], () => 4, "長者探訪");
    await verifiedHoursInSql(personId, 900);
    const top = async () => (await server.graphql<{ leaderboard: Entry[] }>(LEADERBOARD, { metric: "HOURS", areaCode: COMMUNITY, from, to, first: 1 })).body.data!.leaderboard[0];
    expect(await top()).toEqual({ rank: 1, name: "社區之星", verifiedHours: 904, pointsEarned: 40, person: { id: personId } });
    // Everyone reads the hours and stars of a person who agreed; not of one who did not.
    const { body: seen } = await server.graphql<{ person: { verifiedHours: number; stars: number } }>(`query ($id: ID!) { person(id: $id) { verifiedHours stars } }`, { id: personId });
    expect(seen.data!.person).toEqual({ verifiedHours: 904, stars: 3 });

    await as(star, "requestErasure", "RequestErasureInput", {}, "person { id }");
    // Anonymous: not even the label, which anyone knowing the person's id can read, ties the sums to them.
    expect(before.data!.person.label).toMatch(/^志願者-/);
    const erasedEntry = await top();
    expect(erasedEntry).toEqual({ rank: 1, name: null, verifiedHours: 904, pointsEarned: 40, person: null });
    expect(JSON.stringify(erasedEntry)).not.toContain(before.data!.person.label);
    const { body: after } = await server.graphql<{ person: { verifiedHours: number | null; stars: number | null } }>(`query ($id: ID!) { person(id: $id) { verifiedHours stars } }`, { id: personId }, admins[TEAM]);
    expect(after.data!.person).toEqual({ verifiedHours: null, stars: null });
  });

  it("answers bad periods, areas and sizes with coded errors", async () => {
    const ask = (variables: Record<string, unknown>) => server.graphql(LEADERBOARD, { metric: "HOURS", areaCode: COMMUNITY, from, to, ...variables });
    const cases = {
      "from after to": await ask({ from: to, to: from }),
      "from equal to to": await ask({ from: to }),
      "over 366 days": await ask({ from: new Date(until.getTime() - 400 * 86_400_000).toISOString() }),
      "unknown area": await ask({ areaCode: "999999" }),
      "first 0": await ask({ first: 0 }),
      "first 51": await ask({ first: 51 }),
      "not a time": await ask({ from: "上個月" }),
      "unknown metric": await ask({ metric: "STARS" }),
    };
    const codes = Object.fromEntries(Object.entries(cases).map(([name, { status, body }]) => [name, [status < 500, body.errors?.[0].extensions?.code]]));
    expect(codes).toEqual({
      "from after to": [true, "BAD_USER_INPUT"],
      "from equal to to": [true, "BAD_USER_INPUT"],
      "over 366 days": [true, "BAD_USER_INPUT"],
      "unknown area": [true, "BAD_USER_INPUT"],
      "first 0": [true, "BAD_USER_INPUT"],
      "first 51": [true, "BAD_USER_INPUT"],
      "not a time": [true, "BAD_USER_INPUT"],
      "unknown metric": [true, "BAD_USER_INPUT"],
    });
  });
});

describe("volunteer-hours.csv", () => {
  const baseUrl = () => server.url.replace(/\/graphql$/, "");
  const download = async (query: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl()}/exports/volunteer-hours.csv${query}`, { headers });
    return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
  };
  const rows = (body: Buffer): Record<string, string>[] => parse(body, { bom: true, columns: true });

  it("lists the organiser's verified hours with names and phones masked per reader, and no name after erasure", async () => {
    const [held, notHeld] = await residents(server, 2);
    await as(held, "updateMyProfile", "UpdateMyProfileInput", { realName: "陳志明", phone: "13800138000" }, "person { id }");
    await as(notHeld, "updateMyProfile", "UpdateMyProfileInput", { displayName: "小林", realName: "林小華", phone: "13900139000" }, "person { id }");
    await as(held, "grantConsent", "GrantConsentInput", { organizationId: org[TEAM], purpose: "志願服務記錄" }, "consent { purpose }");
    const { signUps, activityId } = await servedShift([held, notHeld], (index) => [2, 1.5][index], "垃圾分類宣傳");
    const since = new Date(Date.now() - 6 * 3_600_000).toISOString();
    const query = `?organizationId=${encodeURIComponent(org[TEAM])}&from=${encodeURIComponent(since)}`;

    const asAdmin = await download(query, admins[TEAM]);
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(asAdmin.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const mine = (body: Buffer) => Object.fromEntries(rows(body).filter((row) => signUps.includes(row.sign_up_id)).map((row) => [row.sign_up_id, row]));
    const seen = (body: Buffer, pick: (row: Record<string, string>) => unknown) => Object.fromEntries(Object.entries(mine(body)).map(([id, row]) => [id, pick(row)]));
    const common = { hours: "2.00", points_earned: "20", activity_id: activityId, activity_title: "垃圾分類宣傳", verified_by_organization_name: "青杠林黨員志願服務隊" };
    expect(seen(asAdmin.body, ({ real_name, phone, hours, points_earned, activity_id, activity_title, verified_by_organization_name }) => ({ real_name, phone, hours, points_earned, activity_id, activity_title, verified_by_organization_name }))).toEqual({
      [signUps[0]]: { real_name: "陳志明", phone: "13800138000", ...common },
      // Not holding the person's consent, the organiser reads what any signed-in reader does.
      [signUps[1]]: { real_name: "", phone: "139****9000", ...common, hours: "1.50", points_earned: "15" },
    });

    // A read key of the team is a holder, not an admin: the phone masked, no real name.
    const secret = (await as<{ secret: string }>(admins[TEAM], "createApiKey", "CreateApiKeyInput", { actingOrganizationId: org[TEAM], name: "時數匯出", scopes: ["READ"] }, "secret")).secret;
    const asKey = await download(`${query}&hxl=1`, { authorization: `Bearer ${secret}` });
    expect(asKey.status).toBe(200);
    const withTags = rows(asKey.body);
    expect(withTags[0].sign_up_id).toBe("#activity +signup +id");
    expect(seen(asKey.body, (row) => [row.real_name, row.phone])).toEqual({ [signUps[0]]: ["", "138****8000"], [signUps[1]]: ["", "139****9000"] });

    // After erasure, neither name nor phone is anywhere in the file; the hours stay, under the label.
    await as(held, "requestErasure", "RequestErasureInput", {}, "person { id }");
    await as(notHeld, "requestErasure", "RequestErasureInput", {}, "person { id }");
    const erased = await download(query, admins[TEAM]);
    const text = erased.body.toString("utf8");
    for (const value of ["陳志明", "林小華", "小林", "13800138000", "138****8000", "139****9000"]) expect(text).not.toContain(value);
    expect(seen(erased.body, (row) => [row.person_name === row.person_label, row.person_label.startsWith("志願者-"), row.real_name, row.phone, row.hours])).toEqual({
      [signUps[0]]: [true, true, "", "", "2.00"],
      [signUps[1]]: [true, true, "", "", "1.50"],
    });
  });

  it("is for the organisation's own members and keys; bad parameters are coded errors", async () => {
    const query = `?organizationId=${encodeURIComponent(org[TEAM])}`;
    const codeOf = async (path: string, headers: Record<string, string> = {}) => {
      const response = await download(path, headers);
      return [response.status, JSON.parse(response.body.toString("utf8")).error.code];
    };
    expect({
      anonymous: await codeOf(query),
      "another organisation": await codeOf(query, admins[OTHER]),
      "no organisation": await codeOf("", admins[TEAM]),
      "not an id": await codeOf("?organizationId=abc", admins[TEAM]),
      "from after to": await codeOf(`${query}&from=2026-12-01&to=2026-11-01`, admins[TEAM]),
      "unknown parameter": await codeOf(`${query}&person=1`, admins[TEAM]),
      "unknown area": await codeOf(`${query}&areaCode=999`, admins[TEAM]),
    }).toEqual({
      anonymous: [401, "UNAUTHENTICATED"],
      "another organisation": [403, "FORBIDDEN"],
      "no organisation": [400, "BAD_USER_INPUT"],
      "not an id": [400, "BAD_USER_INPUT"],
      "from after to": [400, "BAD_USER_INPUT"],
      "unknown parameter": [400, "BAD_USER_INPUT"],
      "unknown area": [400, "BAD_USER_INPUT"],
    });
  });
});
