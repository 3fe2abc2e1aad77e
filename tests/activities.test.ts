import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { ACTIVITY_TRANSITIONS } from "../src/services/community/activity-lifecycle";
import { inHours, organizationIds, mutationsAs } from "./support/collaboration";
import { residents as registeredResidents } from "./support/residents";
import { collect, subscriberCount } from "./support/subscriptions";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let org: Record<string, string>;
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter += 1)}`;

const TEAM = "qinggang-lin-party-volunteers";
let organizer: Record<string, string>;

const { as, problems } = mutationsAs(() => server);

const residents = (count: number, skills: string[] = []) => registeredResidents(server, count, skills);

interface Shift {
  id: string;
  confirmedCount: number;
  waitlistCount: number;
}

/** A PUBLISHED activity of the team with one shift tomorrow, and that shift. */
async function publishedShift(capacity: number, requiredSkills: string[] = []): Promise<{ activityId: string; shift: Shift }> {
  const { activity } = await as<{ activity: { id: string; status: string; shifts: Shift[] } }>(organizer, "createActivity", "CreateActivityInput", {
    actingOrganizationId: org[TEAM], kind: "VOLUNTEER_SERVICE", title: unique("黨員志願服務日"), areaCode: "510107021001", place: "青杠林社區黨群服務中心",
    shifts: [{ startsAt: inHours(24), endsAt: inHours(27), capacity, requiredSkills }],
  }, "activity { id status shifts { id confirmedCount waitlistCount } }");
  expect(activity.status).toBe("DRAFT");
  await as(organizer, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId: activity.id, status: "PUBLISHED" }, "activity { status }");
  return { activityId: activity.id, shift: activity.shifts[0] };
}

async function signUp(person: Record<string, string>, shiftId: string): Promise<{ id: string; status: string }> {
  return (await as<{ signUp: { id: string; status: string } }>(person, "signUpForShift", "SignUpForShiftInput", { shiftId }, "signUp { id status }")).signUp;
}

async function shiftNow(shiftId: string, headers: Record<string, string> = organizer) {
  const { body } = await server.graphql<{ node: Shift & { signUps: { totalCount: number; nodes: { status: string; person: { displayName: string } }[] } } }>(
    `query ($id: ID!) { node(id: $id) { ... on ActivityShift { id confirmedCount waitlistCount signUps(first: 100) { totalCount nodes { status person { displayName } } } } } }`,
    { id: shiftId },
    headers,
  );
  expect(body.errors).toBeUndefined();
  const { signUps, ...shift } = body.data!.node;
  expect(signUps.totalCount).toBe(signUps.nodes.length);
  return { ...shift, signUps: signUps.nodes };
}

/** Moves a shift so that it started `minutesAgo` and lasts `hours`: the clock of the story, set in the database. */
async function startShift(shiftId: string, minutesAgo: number, hours: number): Promise<void> {
  const [, moved] = await server.dataSource.query(
    `UPDATE activity_shift SET starts_at = now() - make_interval(mins => $2), ends_at = now() - make_interval(mins => $2) + make_interval(hours => $3) WHERE id = $1`,
    [Buffer.from(shiftId, "base64url").toString().split(":")[1], minutesAgo, hours],
  );
  expect(moved).toBe(1);
}

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  org = await organizationIds(server, [TEAM]);
  organizer = await server.asAdminOf(org[TEAM]);
});
afterAll(() => server.close());

describe("a volunteer team holds a service day", () => {
  it("publishes a shift, fills it, keeps a waitlist, and gives a freed place to the first in line", async () => {
    const [first, second, third, fourth] = await residents(4);
    const { shift } = await publishedShift(2);
    const made = [];
    for (const person of [first, second, third, fourth]) made.push(await signUp(person, shift.id));
    expect(made.map((row) => row.status)).toEqual(["CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED"]);
    const [{ id: firstId }, , , { id: fourthId }] = made;
    expect(await problems(first, "signUpForShift", "SignUpForShiftInput", { shiftId: shift.id })).toEqual([["input.shiftId", "TAKEN"]]);

    const { signUps } = await shiftNow(shift.id);
    expect(signUps.map((row) => row.status)).toEqual(["CONFIRMED", "CONFIRMED", "WAITLISTED", "WAITLISTED"]);
    // Only the person who signed up acts on their sign-up; to others it does not exist.
    expect(await problems(second, "cancelSignUp", "CancelSignUpInput", { signUpId: firstId })).toEqual([["input.signUpId", "NOT_FOUND"]]);
    expect((await as<{ signUp: { status: string } }>(first, "cancelSignUp", "CancelSignUpInput", { signUpId: firstId }, "signUp { status }")).signUp.status).toBe("CANCELLED");
    expect(await problems(first, "cancelSignUp", "CancelSignUpInput", { signUpId: firstId })).toEqual([["input.signUpId", "INVALID_TRANSITION"]]);

    const after = await shiftNow(shift.id);
    expect([after.confirmedCount, after.waitlistCount]).toEqual([2, 1]);
    expect(after.signUps.map((row) => row.status)).toEqual(["CANCELLED", "CONFIRMED", "CONFIRMED", "WAITLISTED"]);
    // A waitlisted person cancelling frees no place: nobody moves up.
    await as(fourth, "cancelSignUp", "CancelSignUpInput", { signUpId: fourthId }, "signUp { status }");
    expect(await shiftNow(shift.id)).toMatchObject({ confirmedCount: 2, waitlistCount: 0 });
    // Others see the counts, not who signed up.
    expect((await shiftNow(shift.id, {})).signUps).toEqual([]);
    expect((await shiftNow(shift.id, first)).signUps).toEqual([]);
  });

  it("checks in and out, and the organiser records, corrects and verifies the hours once", async () => {
    const [volunteer] = await residents(1);
    const { shift } = await publishedShift(3);
    const { id: signUpId } = await signUp(volunteer, shift.id);
    expect(await problems(volunteer, "checkIn", "CheckInInput", { signUpId })).toEqual([["input.signUpId", "OUT_OF_RANGE"]]);
    expect(await problems(organizer, "recordHours", "RecordHoursInput", { actingOrganizationId: org[TEAM], signUpId, hours: 1 })).toEqual([["input.signUpId", "OUT_OF_RANGE"]]);

    await startShift(shift.id, 10, 3);
    const [late] = await residents(1);
    expect(await problems(late, "signUpForShift", "SignUpForShiftInput", { shiftId: shift.id })).toEqual([["input.shiftId", "OUT_OF_RANGE"]]);
    expect(await problems(volunteer, "cancelSignUp", "CancelSignUpInput", { signUpId })).toEqual([["input.signUpId", "OUT_OF_RANGE"]]);
    expect(await problems(volunteer, "checkOut", "CheckOutInput", { signUpId })).toEqual([["input.signUpId", "INVALID_TRANSITION"]]);
    await as(volunteer, "checkIn", "CheckInInput", { signUpId }, "signUp { checkedInAt }");
    expect(await problems(volunteer, "checkIn", "CheckInInput", { signUpId })).toEqual([["input.signUpId", "INVALID_TRANSITION"]]);
    await as(volunteer, "checkOut", "CheckOutInput", { signUpId }, "signUp { checkedOutAt }");
    // Seconds between check-in and check-out: no hours to verify until the organiser records them.
    expect(await problems(organizer, "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[TEAM], signUpId })).toEqual([["input.signUpId", "REQUIRED"]]);

    const record = (hours: number) => problems(organizer, "recordHours", "RecordHoursInput", { actingOrganizationId: org[TEAM], signUpId, hours });
    expect(await record(3.5)).toEqual([["input.hours", "OUT_OF_RANGE"]]);
    expect(await record(0)).toEqual([["input.hours", "OUT_OF_RANGE"]]);
    expect(await record(2)).toEqual([]);
    expect(await record(2.504)).toEqual([]);
    // A volunteer cannot record their own hours.
    const refused = await server.graphql(`mutation { recordHours(input: { actingOrganizationId: "${org[TEAM]}", signUpId: "${signUpId}", hours: 3 }) { userErrors { code } } }`, {}, volunteer);
    expect(refused.body.errors![0].extensions!.code).toBe("FORBIDDEN");

    const { signUp: verified } = await as<{ signUp: { hours: number; verifiedAt: string; verifiedBy: { slug: string } } }>(organizer, "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[TEAM], signUpId }, "signUp { hours verifiedAt verifiedBy { slug } }");
    expect(verified).toEqual({ hours: 2.5, verifiedAt: expect.any(String), verifiedBy: { slug: TEAM } });
    expect(await problems(organizer, "verifyHours", "VerifyHoursInput", { actingOrganizationId: org[TEAM], signUpId })).toEqual([["input.signUpId", "INVALID_TRANSITION"]]);
    expect(await record(1)).toEqual([["input.signUpId", "INVALID_TRANSITION"]]);

    const actions = await server.dataSource.query(`SELECT action FROM audit_entry WHERE entity_id = $1 ORDER BY id`, [Buffer.from(signUpId, "base64url").toString().split(":")[1]]);
    expect(actions.map((row: { action: string }) => row.action)).toEqual(["signUpForShift", "checkIn", "checkOut", "recordHours", "recordHours", "verifyHours"]);
  });

  it("takes only people with the skills a shift requires, and only published activities", async () => {
    const [nurse] = await residents(1, ["MEDICAL"]);
    const [driver] = await residents(1, ["DRIVING"]);
    const { activityId, shift } = await publishedShift(5, ["MEDICAL"]);
    expect((await signUp(nurse, shift.id)).status).toBe("CONFIRMED");
    expect(await problems(driver, "signUpForShift", "SignUpForShiftInput", { shiftId: shift.id })).toEqual([["input.shiftId", "INVALID"]]);
    await as(organizer, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId, status: "CANCELLED" }, "activity { status }");
    const [other] = await residents(1, ["MEDICAL"]);
    expect(await problems(other, "signUpForShift", "SignUpForShiftInput", { shiftId: shift.id })).toEqual([["input.shiftId", "INVALID_TRANSITION"]]);
  });

  it("refuses bad activities field by field", async () => {
    const input = {
      actingOrganizationId: org[TEAM], kind: "HEALTH_TALK", title: " ", areaCode: "999", projectId: null,
      shifts: [{ startsAt: inHours(5), endsAt: inHours(4), capacity: 0 }],
    };
    expect(await problems(organizer, "createActivity", "CreateActivityInput", input)).toEqual([
      ["input.title", "BLANK"], ["input.areaCode", "NOT_FOUND"], ["input.shifts.0.endsAt", "OUT_OF_RANGE"], ["input.shifts.0.capacity", "OUT_OF_RANGE"],
    ]);
    expect(await problems(organizer, "createActivity", "CreateActivityInput", { ...input, title: "講座", areaCode: "510107", shifts: [] })).toEqual([["input.shifts", "REQUIRED"]]);
  });

  it("shows a DRAFT only to the organiser's members", async () => {
    const { activity } = await as<{ activity: { id: string } }>(organizer, "createActivity", "CreateActivityInput", {
      actingOrganizationId: org[TEAM], kind: "CULTURAL", title: "文藝匯演", areaCode: "510107021", shifts: [{ startsAt: inHours(48), endsAt: inHours(50), capacity: 30 }],
    }, "activity { id }");
    const read = async (headers: Record<string, string>) =>
      (await server.graphql<{ activity: { title: string } | null }>(`query ($id: ID!) { activity(id: $id) { title } }`, { id: activity.id }, headers)).body.data!.activity;
    expect(await read(organizer)).toEqual({ title: "文藝匯演" });
    expect(await read({})).toBeNull();
    const [resident] = await residents(1);
    expect(await read(resident)).toBeNull();
  });
});

describe("the list of activities", () => {
  it("lists them newest first, paged, DRAFTs only to the organiser, narrowed by status, kind, area and organiser", async () => {
    const create = async (kind: string, areaCode: string, title: string) =>
      (await as<{ activity: { id: string } }>(organizer, "createActivity", "CreateActivityInput", {
        actingOrganizationId: org[TEAM], kind, title, areaCode, shifts: [{ startsAt: inHours(72), endsAt: inHours(74), capacity: 10 }],
      }, "activity { id }")).activity.id;
    const prefix = unique("列表");
    const health = await create("HEALTH_TALK", "510107021001", `${prefix} 健康講座`);
    const cleanUp = await create("ENVIRONMENT", "510107021002", `${prefix} 清潔家園`);
    const draft = await create("CULTURAL", "510107021001", `${prefix} 排練`);
    for (const activityId of [health, cleanUp]) {
      await as(organizer, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId, status: "PUBLISHED" }, "activity { status }");
    }
    const titles = async (filter: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const { body } = await server.graphql<{ activities: { nodes: { id: string; title: string }[] } }>(
        `query ($filter: ActivityFilter) { activities(first: 100, filter: $filter) { nodes { id title } } }`, { filter: { organizationId: org[TEAM], ...filter } }, headers);
      expect(body.errors).toBeUndefined();
      return body.data!.activities.nodes.filter((node) => node.title.startsWith(prefix)).map((node) => node.title.slice(prefix.length + 1));
    };
    expect(await titles({})).toEqual(["清潔家園", "健康講座"]);
    expect(await titles({}, organizer)).toEqual(["排練", "清潔家園", "健康講座"]);
    expect(await titles({ statuses: ["DRAFT"] })).toEqual([]);
    expect(await titles({ kinds: ["HEALTH_TALK", "CULTURAL"] }, organizer)).toEqual(["排練", "健康講座"]);
    expect(await titles({ areaCode: "510107021002" })).toEqual(["清潔家園"]);

    // Two at a time, forward: the organiser's three newest, then the rest, with nothing repeated.
    const page = async (after: string | null) =>
      (await server.graphql<{ activities: { nodes: { id: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } }>(
        `query ($after: String, $filter: ActivityFilter) { activities(first: 2, after: $after, filter: $filter) { nodes { id } pageInfo { endCursor hasNextPage } } }`,
        { after, filter: { organizationId: org[TEAM] } }, organizer)).body.data!.activities;
    const first = await page(null);
    const second = await page(first.pageInfo.endCursor);
    expect([...first.nodes, ...second.nodes].map((node) => node.id).slice(0, 3)).toEqual([draft, cleanUp, health]);
    expect(first.pageInfo.hasNextPage).toBe(true);

    const unknownArea = await server.graphql(`{ activities(filter: { areaCode: "999999" }) { totalCount } }`);
    expect(unknownArea.body.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("the activity lifecycle", () => {
  const statuses = Object.keys(ACTIVITY_TRANSITIONS);
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));

  it.each(pairs)("%s → %s follows the transition table", async (from, to) => {
    const { activityId } = await publishedShift(1);
    await server.dataSource.query(`UPDATE activity SET status = $2 WHERE id = $1`, [Buffer.from(activityId, "base64url").toString().split(":")[1], from]);
    const errors = await problems(organizer, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId, status: to });
    expect(errors).toEqual(ACTIVITY_TRANSITIONS[from as keyof typeof ACTIVITY_TRANSITIONS].includes(to as never) ? [] : [["input.status", "INVALID_TRANSITION"]]);
  });
});

describe("places under concurrency", () => {
  it("confirms exactly capacity of 40 people signing up at once over HTTP, and keeps it when places free at once", async () => {
    const people = await residents(40);
    const { shift } = await publishedShift(5);
    const results = await Promise.all(people.map((person) => signUp(person, shift.id)));
    const confirmed = results.filter((result) => result.status === "CONFIRMED");
    expect([confirmed.length, results.length - confirmed.length]).toEqual([5, 35]);
    expect(await shiftNow(shift.id)).toMatchObject({ confirmedCount: 5, waitlistCount: 35 });

    const cancelling = people.filter((_person, index) => results[index].status === "CONFIRMED").slice(0, 3);
    const late = people.filter((_person, index) => results[index].status === "WAITLISTED").slice(0, 10);
    // Three places free while ten waiting people cancel and three new people sign up, all at once.
    const newcomers = await residents(3);
    await Promise.all([
      ...cancelling.map((person, index) => as(person, "cancelSignUp", "CancelSignUpInput", { signUpId: confirmed[index].id }, "signUp { status }")),
      ...late.map((person) => as(person, "cancelSignUp", "CancelSignUpInput", { signUpId: results[people.indexOf(person)].id }, "signUp { status }")),
      ...newcomers.map((person) => signUp(person, shift.id)),
    ]);
    const [counts] = await server.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'CONFIRMED')::int AS confirmed, count(*) FILTER (WHERE status = 'WAITLISTED')::int AS waiting FROM shift_sign_up WHERE shift_id = $1`,
      [Buffer.from(shift.id, "base64url").toString().split(":")[1]],
    );
    expect(counts).toEqual({ confirmed: 5, waiting: 35 - 10 - 3 + 3 });
  });
});

describe("following activities live", () => {
  it("tells the organiser of every sign-up as it changes, and anyone of activities published, over graphql-ws", async () => {
    const connect = (headers: Record<string, string>) => createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: headers });
    const [organizerSocket, anonymousSocket] = [connect(organizer), connect({})];
    try {
      const published = collect<{ activity: { title: string } | null }>(anonymousSocket, `subscription { activityPublished(filter: { areaCode: "510107021", kinds: [VOLUNTEER_SERVICE] }) { cursor activity { title } } }`, {}, "activityPublished");
      const signUps = collect<{ status: string; signUp: { id: string } }>(organizerSocket, `subscription { signUpChanged { cursor status signUp { id } } }`, {}, "signUpChanged");
      await subscriberCount(server.events, 2);
      const { shift } = await publishedShift(1);
      const [first, second] = await residents(2);
      const held = await signUp(first, shift.id);
      const waiting = await signUp(second, shift.id);
      await as(first, "cancelSignUp", "CancelSignUpInput", { signUpId: held.id }, "signUp { id }");
      const events = await signUps.waitFor(4);
      expect(events.map((event) => [event.signUp.id, event.status])).toEqual([[held.id, "CONFIRMED"], [waiting.id, "WAITLISTED"], [held.id, "CANCELLED"], [waiting.id, "CONFIRMED"]]);
      expect((await published.waitFor(1))[0].activity!.title).toMatch(/^黨員志願服務日/);

      // Sign-ups are the organiser's to follow: anonymous sockets are refused.
      const refused = collect(anonymousSocket, `subscription { signUpChanged { status } }`, {}, "signUpChanged");
      await refused.waitFor(1);
      expect(JSON.stringify(refused.errors)).toContain("UNAUTHENTICATED");
      for (const subscription of [published, signUps, refused]) subscription.stop();
    } finally {
      await Promise.all([organizerSocket.dispose(), anonymousSocket.dispose()]);
    }
  });

  it("tells anyone of a shift filling, its waitlist forming and a place freeing, and of an activity closing, over graphql-ws", async () => {
    const socket = createClient({ url: server.url.replace(/^http/, "ws"), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const { body: latest } = await server.graphql<{ latestEventCursor: string }>(`{ latestEventCursor }`);
      const after = latest.data!.latestEventCursor;
      const places = collect<{ change: string; capacity: number; confirmedCount: number; waitlistCount: number; shift: { id: string; confirmedCount: number } | null }>(
        socket, `subscription { shiftPlacesChanged(filter: { areaCode: "510107021" }) { cursor change capacity confirmedCount waitlistCount shift { id confirmedCount } } }`, {}, "shiftPlacesChanged",
      );
      const closed = collect<{ status: string; activity: { id: string; status: string } | null }>(
        socket, `subscription { activityClosed(filter: { kinds: [VOLUNTEER_SERVICE] }) { cursor status activity { id status } } }`, {}, "activityClosed",
      );
      await subscriberCount(server.events, 2);
      // A DRAFT called off was never announced, so its closing is not news.
      const { activity: draft } = await as<{ activity: { id: string } }>(organizer, "createActivity", "CreateActivityInput", {
        actingOrganizationId: org[TEAM], kind: "VOLUNTEER_SERVICE", title: unique("草稿"), areaCode: "510107021001", shifts: [{ startsAt: inHours(24), endsAt: inHours(25), capacity: 1 }],
      }, "activity { id }");
      await as(organizer, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId: draft.id, status: "CANCELLED" }, "activity { status }");

      const { activityId, shift } = await publishedShift(1);
      const [first, second] = await residents(2);
      const held = await signUp(first, shift.id);
      const waiting = await signUp(second, shift.id);
      // The first cancels: the place goes to the one waiting, so the shift stays full and no place is free.
      await as(first, "cancelSignUp", "CancelSignUpInput", { signUpId: held.id }, "signUp { id }");
      await as(second, "cancelSignUp", "CancelSignUpInput", { signUpId: waiting.id }, "signUp { id }");
      await as(organizer, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: org[TEAM], activityId, status: "CANCELLED" }, "activity { status }");

      const seen = (await places.waitFor(3)).filter((event) => event.shift?.id === shift.id);
      expect(seen.map(({ change, capacity, confirmedCount, waitlistCount }) => [change, capacity, confirmedCount, waitlistCount])).toEqual([
        ["FILLED", 1, 1, 0],
        ["WAITLIST_FORMED", 1, 1, 1],
        ["PLACE_FREED", 1, 0, 0],
      ]);
      const [closing] = await closed.waitFor(1);
      expect(closing).toMatchObject({ status: "CANCELLED", activity: { id: activityId, status: "CANCELLED" } });
      expect(closed.received.map((event) => event.activity?.id)).not.toContain(draft.id);

      // A subscriber that resumes from a cursor replays what it missed, in order, with no duplicate.
      const replayed = collect<{ change: string; confirmedCount: number; shift: { id: string; confirmedCount: number } | null }>(
        socket, `subscription ($after: String) { shiftPlacesChanged(after: $after, filter: { areaCode: "510107021" }) { change confirmedCount shift { id confirmedCount } } }`, { after }, "shiftPlacesChanged",
      );
      const again = (await replayed.waitFor(3)).filter((event) => event.shift?.id === shift.id);
      expect(again.map((event) => event.change)).toEqual(["FILLED", "WAITLIST_FORMED", "PLACE_FREED"]);
      // Each event keeps the counts it left; the shift is as it is now.
      expect(again.map((event) => [event.confirmedCount, event.shift!.confirmedCount])).toEqual([[1, 0], [1, 0], [0, 0]]);
      for (const subscription of [places, closed, replayed]) subscription.stop();
      expect([...places.errors, ...closed.errors, ...replayed.errors]).toEqual([]);
    } finally {
      await socket.dispose();
    }
  });
});
