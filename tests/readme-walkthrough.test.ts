import { readFile } from "node:fs/promises";
import path from "node:path";
import { startTestServer, TestServer } from "./support/test-server";

/** README's volunteer walkthrough, run as written: each operation of its graphql blocks, in order, on the demo data. */
let server: TestServer;
let operations: string[];

beforeAll(async () => {
  server = await startTestServer({ demoData: true, demoHistory: true });
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

  const { myData } = await run<{ myData: { points: { balance: number; ledgerEntries: { nodes: { kind: string; points: number; from: string; to: string }[] } } } }>(9, resident);
  expect(myData.points).toEqual({ balance: 25, ledgerEntries: { nodes: [{ kind: "EARN", points: 25, from: "青杠林黨員志願服務隊", to: registerMyself.person.label }] } });
  const { organization: withRewards } = await run<{ organization: { rewards: { id: string; name: string; pointsPrice: number; stock: number }[] } }>(10, resident);
  const bag = withRewards.rewards.find((reward) => reward.name === "環保購物袋")!;
  const { redeemReward } = await run<{ redeemReward: { redemption: { reward: { stock: number }; entry: { points: number } } } }>(11, resident, { reward: bag.id });
  expect(redeemReward.redemption).toEqual({ reward: { name: "環保購物袋", stock: bag.stock - 1 }, entry: { points: bag.pointsPrice } });
  expect((await run<{ myData: { points: { balance: number } } }>(9, resident)).myData.points.balance).toBe(25 - bag.pointsPrice);
});

/** The operations of README's graphql blocks from `heading` up to the next heading of its level or higher. */
async function operationsOf(heading: string): Promise<string[]> {
  const readme = await readFile(path.join(__dirname, "..", "README.md"), "utf8");
  const start = readme.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = /^#+/.exec(heading)![0].length;
  const rest = readme.slice(start + heading.length);
  const end = rest.search(new RegExp(`\\n#{1,${level}} `));
  return [...rest.slice(0, end < 0 ? undefined : end).matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap(([, block]) =>
    block.split(/\n(?=query|mutation)/).map((operation) => operation.trim()).filter(Boolean),
  );
}

it("runs the three personas' walkthrough as README writes it: project, partners, needs, pledges and their answers, deliveries, an alert, a dashboard", async () => {
  const steps = await operationsOf("## Walkthroughs: three people, one rainstorm");
  expect(steps).toHaveLength(16);
  const step = async <T>(index: number, headers: Record<string, string>, variables: Record<string, unknown>): Promise<T> => {
    const { body } = await server.graphql<Record<string, unknown>>(steps[index], variables, headers);
    expect(body.errors).toBeUndefined();
    for (const payload of Object.values(body.data!)) {
      if (payload && typeof payload === "object" && "userErrors" in payload) expect((payload as { userErrors: unknown[] }).userErrors).toEqual([]);
    }
    return body.data as T;
  };
  const as = async (email: string) => ({ authorization: `Bearer ${await server.signIn(email)}` });
  const coordinator = await as("coordinator@qinggang-lin-party-committee.example.org");
  const ngoAdmin = await as("admin@nuanyang-social-work.example.org");
  const companyAdmin = await as("admin@shujin-construction.example.org");
  const { body: ids } = await server.graphql<Record<string, { id: string }>>(
    `{ committee: organization(slug: "qinggang-lin-party-committee") { id } ngo: organization(slug: "nuanyang-social-work") { id } company: organization(slug: "shujin-construction") { id } }`,
  );
  const [committee, ngo, company] = [ids.data!.committee.id, ids.data!.ngo.id, ids.data!.company.id];

  const { createProject } = await step<{ createProject: { project: { id: string; status: string } } }>(0, coordinator, { committee });
  expect(createProject.project.status).toBe("DRAFT");
  const project = createProject.project.id;
  expect(await step(1, coordinator, { committee, project, ngo })).toMatchObject({ invitePartner: { partnership: { status: "INVITED", role: "PARTNER" } } });
  expect(await step(2, ngoAdmin, { ngo, project })).toMatchObject({ respondToInvitation: { partnership: { status: "ACTIVE" } } });
  expect(await step(3, coordinator, { committee, project })).toMatchObject({ changeProjectStatus: { project: { status: "OPEN" } } });
  const needs = await step<{ sandbags: { need: { id: string } }; pumps: { need: { id: string } } }>(4, coordinator, { committee, project, neededBy: new Date(Date.now() + 6 * 3_600_000).toISOString() });
  const [sandbags, pumps] = [needs.sandbags.need.id, needs.pumps.need.id];

  const promised = new Date(Date.now() + 4 * 3_600_000).toISOString();
  const { pledge: offered } = await step<{ pledge: { pledge: { id: string; need: { pledgedQuantity: number; remainingQuantity: number } } } }>(5, ngoAdmin, { ngo, sandbags, promised });
  expect(offered.pledge.need).toEqual({ pledgedQuantity: 200, remainingQuantity: 500 });
  const { pledge: companyOffer } = await step<{ pledge: { pledge: { id: string } } }>(6, companyAdmin, { company, sandbags });
  expect(await step(7, coordinator, { committee, ngoPledge: offered.pledge.id })).toMatchObject({
    acceptPledge: { pledge: { status: "ACCEPTED", acceptedQuantity: 200, need: { acceptedQuantity: 200, remainingQuantity: 300, status: "PARTIALLY_PLEDGED" } } },
  });
  expect(await step(8, coordinator, { committee, companyPledge: companyOffer.pledge.id })).toMatchObject({ declinePledge: { pledge: { status: "DECLINED", responseReason: "只剩 300 袋，請改捐抽水泵" } } });
  const { pledge: pumpOffer } = await step<{ pledge: { pledge: { id: string } } }>(9, companyAdmin, { company, pumps });
  expect(await step(10, companyAdmin, { company, companyPumps: pumpOffer.pledge.id })).toMatchObject({ withdrawPledge: { pledge: { status: "WITHDRAWN", need: { pledgedQuantity: 0 } } } });
  expect(await step(11, ngoAdmin, { ngo, ngoPledge: offered.pledge.id })).toMatchObject({
    recordDelivery: { pledge: { status: "DELIVERED", deliveredQuantity: 200, need: { deliveredQuantity: 200, status: "PARTIALLY_PLEDGED" } } },
  });

  const { issueAlert } = await step<{ issueAlert: { alert: { id: string; severity: string } } }>(12, coordinator, { committee, sandbags });
  expect(issueAlert.alert.severity).toBe("SEVERE");
  const { updateAlert } = await step<{ updateAlert: { alert: { id: string; severity: string } } }>(13, coordinator, { committee, alert: issueAlert.alert.id });
  expect(updateAlert.alert.severity).toBe("EXTREME");
  await step(14, coordinator, { committee, updated: updateAlert.alert.id });
  const { body: current } = await server.graphql<{ alerts: { nodes: { id: string }[] } }>(`{ alerts(filter: { areaCode: "510107021001", current: true }) { nodes { id } } }`);
  expect(current.data!.alerts.nodes.map((alert) => alert.id)).not.toContain(updateAlert.alert.id);

  const to = new Date();
  const { dashboard, organizationIndicatorsByKind } = await step<{ dashboard: { needs: { total: number }; timeSeries: { pledgesMade: number }[] }; organizationIndicatorsByKind: { pledgesMade: number }[] }>(
    15, {}, { from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString() },
  );
  expect(dashboard.needs.total).toBeGreaterThan(0);
  expect(dashboard.timeSeries.filter((day) => day.pledgesMade > 0).length).toBeGreaterThan(3);
  expect(organizationIndicatorsByKind.length).toBeGreaterThan(0);
});
