import { readFile } from "node:fs/promises";
import path from "node:path";
import { startTestServer, TestServer } from "./support/test-server";

/** README's volunteer walkthrough, run as written: each operation of its graphql blocks, in order, on the demo data. */
let server: TestServer;
let operations: string[];

beforeAll(async () => {
  server = await startTestServer({ demoData: true });
  const readme = await readFile(path.join(__dirname, "..", "README.md"), "utf8");
  const start = readme.indexOf("### Walkthrough: from registering to redeeming");
  // Up to the next heading of the same or a higher level.
  const section = readme.slice(start, readme.slice(start + 4).search(/\n#{2,3} /) + start + 4);
  operations = [...section.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap(([, block]) =>
    block
      .split("\n")
      .map((line) => line.trim())
      .join("\n")
      .split(/\n(?=query|mutation)/)
      .map((operation) => operation.trim())
      .filter(Boolean),
  );
});
afterAll(() => server.close());

it("registers a volunteer, publishes an activity, signs up, checks in, verifies hours, shows the points and redeems, as README says", async () => {
  expect(operations).toHaveLength(12);
  const run = async <T>(index: number, headers: Record<string, string>, variables: Record<string, unknown> = {}): Promise<T> => {
    const { body } = await server.graphql<Record<string, unknown>>(operations[index], variables, headers);
    expect(body.errors).toBeUndefined();
    const data = body.data!;
    for (const payload of Object.values(data)) {
      if (payload && typeof payload === "object" && "userErrors" in payload) expect((payload as { userErrors: unknown[] }).userErrors).toEqual([]);
    }
    return data as T;
  };
  const signIn = async (email: string, password: string) => {
    const { body } = await server.graphql<{ signIn: { token: string } }>(`mutation ($input: SignInInput!) { signIn(input: $input) { token } }`, { input: { email, password } });
    return { authorization: `Bearer ${body.data!.signIn.token}` };
  };
  const email = `he-xiaoping-${Date.now().toString(36)}@example.org`;
  const { body: signedUp } = await server.graphql<{ signUp: { userErrors: unknown[] } }>(
    `mutation ($input: SignUpInput!) { signUp(input: $input) { userErrors { message } } }`, { input: { email, password: "long enough password", displayName: "何小萍" } },
  );
  expect(signedUp.data!.signUp.userErrors).toEqual([]);
  const resident = await signIn(email, "long enough password");
  const coordinator = await signIn("admin@qinggang-lin-party-volunteers.example.org", "cogov-demo-2026");

  const { registerMyself } = await run<{ registerMyself: { person: { label: string } } }>(0, resident);
  const { organization } = await run<{ organization: { id: string } }>(1, coordinator);
  const team = organization.id;
  // The shift starts in half an hour: check-in opens an hour before.
  const startsAt = new Date(Date.now() + 30 * 60_000);
  const { createActivity } = await run<{ createActivity: { activity: { id: string; shifts: { id: string }[] } } }>(2, coordinator, {
    team, startsAt: startsAt.toISOString(), endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
  });
  const { activity } = createActivity;
  expect(await run(3, coordinator, { team, activity: activity.id })).toEqual({ changeActivityStatus: { activity: { status: "PUBLISHED" }, userErrors: [] } });
  const { signUpForShift } = await run<{ signUpForShift: { signUp: { id: string; status: string } } }>(4, resident, { shift: activity.shifts[0].id });
  expect(signUpForShift.signUp.status).toBe("CONFIRMED");
  const signUp = signUpForShift.signUp.id;
  await run(5, resident, { signUp });
  await run(6, resident, { signUp });
  // The clock of the story: the shift has started by the time the coordinator records the hours.
  await server.dataSource.query(`UPDATE activity_shift SET starts_at = now() - interval '3 hours', ends_at = now() WHERE id = $1`, [Buffer.from(activity.shifts[0].id, "base64url").toString().split(":")[1]]);
  expect(await run(7, coordinator, { team, signUp })).toMatchObject({ recordHours: { signUp: { hours: 2.5 } } });
  expect(await run(8, coordinator, { team, signUp })).toMatchObject({ verifyHours: { signUp: { hours: 2.5, verifiedAt: expect.any(String) } } });

  const { myData } = await run<{ myData: { points: { balance: number; entries: { kind: string; points: number; from: string; to: string }[] } } }>(9, resident);
  expect(myData.points).toEqual({ balance: 25, entries: [{ kind: "EARN", points: 25, from: "青杠林黨員志願服務隊", to: registerMyself.person.label }] });
  const { organization: withRewards } = await run<{ organization: { rewards: { id: string; name: string; pointsPrice: number; stock: number }[] } }>(10, resident);
  const bag = withRewards.rewards.find((reward) => reward.name === "環保購物袋")!;
  const { redeemReward } = await run<{ redeemReward: { redemption: { reward: { stock: number }; entry: { points: number } } } }>(11, resident, { reward: bag.id });
  expect(redeemReward.redemption).toEqual({ reward: { name: "環保購物袋", stock: bag.stock - 1 }, entry: { points: bag.pointsPrice } });
  expect((await run<{ myData: { points: { balance: number } } }>(9, resident)).myData.points.balance).toBe(25 - bag.pointsPrice);
});
