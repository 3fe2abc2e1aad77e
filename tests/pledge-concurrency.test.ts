import { Client } from "pg";
import { inHours, mutate, UserError } from "./support/collaboration";
import { residents } from "./support/residents";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

/** A small deterministic generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Needs of the project holding the need titled `needTitle` whose figures or status differ from what their rows
 * say: pledges, and confirmed sign-ups to shifts of activities serving the need (one person each, as pledged).
 */
function figuresDifferingFromRows(needTitle: string): Promise<unknown[]> {
  return server.dataSource.query(
    `WITH sums AS (
        SELECT n.id, n.quantity, n.status,
          coalesce(sum(CASE WHEN p.status = 'OFFERED' THEN p.quantity ELSE p.accepted_quantity END)
                   FILTER (WHERE p.status IN ('OFFERED', 'ACCEPTED', 'DELIVERED')), 0)
            + (SELECT count(*) FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id JOIN activity a ON a.id = sh.activity_id
               WHERE a.need_id = n.id AND s.status = 'CONFIRMED') AS pledged,
          coalesce(sum(p.accepted_quantity) FILTER (WHERE p.status IN ('ACCEPTED', 'DELIVERED')), 0) AS accepted,
          coalesce(sum(p.delivered_quantity), 0) AS delivered
        FROM resource_need n LEFT JOIN pledge p ON p.need_id = n.id
        WHERE n.project_id = (SELECT project_id FROM resource_need WHERE title = $1 LIMIT 1)
        GROUP BY n.id)
      SELECT s.id, s.pledged, n.pledged_quantity, s.accepted, n.accepted_quantity, s.delivered, n.delivered_quantity, n.remaining_quantity, n.status
      FROM sums s JOIN resource_need n ON n.id = s.id
      WHERE s.pledged <> n.pledged_quantity OR s.accepted <> n.accepted_quantity OR s.delivered <> n.delivered_quantity
         OR n.remaining_quantity <> n.quantity - s.accepted OR s.accepted > n.quantity
         OR n.status <> CASE WHEN s.delivered >= s.quantity THEN 'FULFILLED' WHEN s.accepted >= s.quantity THEN 'FULLY_PLEDGED'
                             WHEN s.accepted > 0 THEN 'PARTIALLY_PLEDGED' ELSE 'OPEN' END`,
    [needTitle],
  );
}

interface Known {
  id: string;
  organizationId: string;
}

/**
 * `request`'s answer, sent while another session holds row `id` of `table` FOR UPDATE; once a session waits on a
 * lock, the holder runs `change` ($1 the row's id) and commits.
 */
async function whileRowHeld<T>(table: "pledge" | "project", id: string, change: string, request: () => Promise<T>): Promise<T> {
  const holder = new Client({ connectionString: server.databaseUrl });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
    const answer = request();
    for (let waiting = 0; waiting === 0; ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      [{ waiting }] = (await holder.query(`SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)).rows;
    }
    await holder.query(change, [id]);
    await holder.query("COMMIT");
    return await answer;
  } finally {
    await holder.end();
  }
}

const OPERATIONS = 200;
const WORKERS = 25;

describe("pledges under concurrency", () => {
  it("keeps every figure exactly what the pledge rows say after 200 concurrent operations", async () => {
    const organizations: { id: string; slug: string }[] = (
      await server.graphql<{ organizations: { nodes: { id: string; slug: string }[] } }>(`{ organizations(first: 100) { nodes { id slug } } }`)
    ).body.data!.organizations.nodes;
    const lead = organizations.find((o) => o.slug === "qinggang-lin-party-committee")!.id;
    const project = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: lead, title: "暴雨應急演練", category: "EMERGENCY", areaCode: "510107021" }, "project { id }");
    const projectId = project.project.id;
    await mutate(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: lead, projectId, status: "OPEN" }, "project { id }");
    const needs: string[] = [];
    for (const [title, quantity] of [["沙袋", 50], ["醫護人員", 12], ["安置床位", 30]] as const) {
      const posted = await mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: lead, projectId, category: "MATERIALS", title, quantity, unit: "份", urgency: "CRITICAL", neededBy: inHours(6) }, "need { id }");
      needs.push(posted.need.id);
    }

    const next = random(20261126);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const known: Known[] = [];
    // Deliveries go mostly to pledges once accepted, so that path succeeds often enough whatever the interleaving.
    const accepted: Known[] = [];
    const outcomes: Record<string, number> = {};
    let started = 0;
    const count = (name: string, errors: UserError[]) => {
      const key = `${name}:${errors[0]?.code ?? "ok"}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    };

    const operation = async (): Promise<void> => {
      const kind = known.length < 5 ? "pledge" : pick(["pledge", "pledge", "accept", "accept", "decline", "withdraw", "deliver", "deliver"]);
      const target = known.length ? pick(known) : undefined;
      const selection = "pledge { id }";
      if (kind === "pledge" || !target) {
        const organization = pick(organizations).id;
        const result = await mutate<{ pledge: { id: string } | null }>(server, "pledge", "PledgeInput", { actingOrganizationId: organization, needId: pick(needs), quantity: 1 + Math.floor(next() * 8) }, selection);
        if (result.pledge) known.push({ id: result.pledge.id, organizationId: organization });
        return count("pledge", result.userErrors);
      }
      if (kind === "accept") {
        const partial = next() < 0.3 ? { quantity: 1 } : {};
        const { userErrors } = await mutate(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: lead, pledgeId: target.id, ...partial }, selection);
        if (userErrors.length === 0) accepted.push(target);
        return count(kind, userErrors);
      }
      if (kind === "decline") {
        return count(kind, (await mutate(server, "declinePledge", "DeclinePledgeInput", { actingOrganizationId: lead, pledgeId: target.id, reason: "演練" }, selection)).userErrors);
      }
      if (kind === "withdraw") {
        return count(kind, (await mutate(server, "withdrawPledge", "WithdrawPledgeInput", { actingOrganizationId: target.organizationId, pledgeId: target.id }, selection)).userErrors);
      }
      // Each accepted pledge is taken once from the list: a first delivery often completes it.
      const delivered = accepted.length && next() < 0.8 ? accepted.splice(Math.floor(next() * accepted.length), 1)[0] : target;
      return count(kind, (await mutate(server, "recordDelivery", "RecordDeliveryInput", { actingOrganizationId: delivered.organizationId, pledgeId: delivered.id, quantity: 1 + Math.floor(next() * 3) }, selection)).userErrors);
    };

    // Each worker is its own stream of requests, so up to WORKERS transactions overlap.
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (started < OPERATIONS) {
          started += 1;
          await operation();
        }
      }),
    );
    const total = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
    expect(total).toBe(OPERATIONS);
    // The mix really exercised every path, including refusals.
    for (const kind of ["pledge:ok", "accept:ok", "decline:ok", "withdraw:ok", "deliver:ok"]) expect(outcomes[kind]).toBeGreaterThan(0);

    const differences = await figuresDifferingFromRows("沙袋");
    expect(differences).toEqual([]);

    const deliveries = await server.dataSource.query(`
      SELECT p.id FROM pledge p LEFT JOIN delivery d ON d.pledge_id = p.id
      GROUP BY p.id HAVING p.delivered_quantity <> coalesce(sum(d.quantity), 0)
         OR p.delivered_quantity > coalesce(p.accepted_quantity, 0)
         OR (p.status = 'DELIVERED') <> (p.accepted_quantity IS NOT NULL AND p.delivered_quantity = p.accepted_quantity)`);
    expect(deliveries).toEqual([]);
  });

  it("answers racing changes as if they came one after another: the last units go once, an offer is accepted once", async () => {
    const organizations: { id: string; slug: string }[] = (
      await server.graphql<{ organizations: { nodes: { id: string; slug: string }[] } }>(`{ organizations(first: 100) { nodes { id slug } } }`)
    ).body.data!.organizations.nodes;
    const lead = organizations.find((o) => o.slug === "qinggang-lin-party-committee")!.id;
    const project = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: lead, title: "最後的床位", category: "EMERGENCY", areaCode: "510107021" }, "project { id }");
    await mutate(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: lead, projectId: project.project.id, status: "OPEN" }, "project { id }");
    const posted = await mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: lead, projectId: project.project.id, category: "SHELTER", title: "床位", quantity: 10, unit: "張", urgency: "CRITICAL", neededBy: inHours(6) }, "need { id }");
    const pledgers = organizations.filter((o) => o.id !== lead).slice(0, 5);
    const offers = await Promise.all(
      pledgers.map((o) => mutate<{ pledge: { id: string } }>(server, "pledge", "PledgeInput", { actingOrganizationId: o.id, needId: posted.need.id, quantity: 4 }, "pledge { id }")),
    );
    expect(offers.flatMap((offer) => offer.userErrors)).toEqual([]);
    const accept = (pledgeId: string) => mutate(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: lead, pledgeId }, "pledge { id }");
    // Five offers of 4 for 10 units, all accepted at once: two fit, three are told what remains.
    const answers = await Promise.all(offers.map((offer) => accept(offer.pledge.id)));
    expect(answers.filter((answer) => answer.userErrors.length === 0)).toHaveLength(2);
    expect(answers.flatMap((answer) => answer.userErrors).map((error) => [error.code, error.message])).toEqual(
      Array(3).fill(["EXCEEDS_REMAINING", "Only 2 張 remain to be accepted for this need."]),
    );
    // One refused offer accepted five times at once, in part: once, then "already accepted".
    const refused = offers[answers.findIndex((answer) => answer.userErrors.length > 0)].pledge.id;
    const again = await Promise.all(Array.from({ length: 5 }, () => mutate(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: lead, pledgeId: refused, quantity: 1 }, "pledge { id }")));
    expect(again.filter((answer) => answer.userErrors.length === 0)).toHaveLength(1);
    expect(again.flatMap((answer) => answer.userErrors).map((error) => error.code)).toEqual(Array(4).fill("INVALID_TRANSITION"));
    const [need] = await server.dataSource.query(`SELECT pledged_quantity, accepted_quantity, remaining_quantity, status FROM resource_need WHERE id = $1`, [
      Buffer.from(posted.need.id, "base64url").toString().split(":")[1],
    ]);
    // Accepted 4 + 4 + 1; still offered 4 + 4.
    expect(need).toEqual({ pledged_quantity: "17.00", accepted_quantity: "9.00", remaining_quantity: "1.00", status: "PARTIALLY_PLEDGED" });
  });

  it("undoes an acceptance whose pledge was withdrawn between its checks and its write, the need's figures included", async () => {
    const organizations: { id: string; slug: string }[] = (
      await server.graphql<{ organizations: { nodes: { id: string; slug: string }[] } }>(`{ organizations(first: 100) { nodes { id slug } } }`)
    ).body.data!.organizations.nodes;
    const lead = organizations.find((o) => o.slug === "qinggang-lin-party-committee")!.id;
    const pledger = organizations.find((o) => o.id !== lead)!.id;
    const project = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: lead, title: "撤回中的承諾", category: "EMERGENCY", areaCode: "510107021" }, "project { id }");
    await mutate(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: lead, projectId: project.project.id, status: "OPEN" }, "project { id }");
    const posted = await mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: lead, projectId: project.project.id, category: "FOOD", title: "米", quantity: 10, unit: "袋", urgency: "HIGH", neededBy: inHours(6) }, "need { id }");
    const offer = await mutate<{ pledge: { id: string } }>(server, "pledge", "PledgeInput", { actingOrganizationId: pledger, needId: posted.need.id, quantity: 4 }, "pledge { id }");
    const needId = Buffer.from(posted.need.id, "base64url").toString().split(":")[1];
    const pledgeId = Buffer.from(offer.pledge.id, "base64url").toString().split(":")[1];
    const figures = `SELECT pledged_quantity, accepted_quantity, remaining_quantity, status, updated_at FROM resource_need WHERE id = $1`;
    const [before] = await server.dataSource.query(figures, [needId]);
    // Another session holds the pledge's row, as a change of it would, while the acceptance runs its checks; the
    // acceptance moves the need's figures in its statement and waits on the pledge's row, which is withdrawn meanwhile.
    const accepted = await whileRowHeld("pledge", pledgeId, "UPDATE pledge SET status = 'WITHDRAWN' WHERE id = $1", () =>
      mutate<{ pledge: { id: string } | null }>(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: lead, pledgeId: offer.pledge.id }, "pledge { id }"),
    );
    expect(accepted.pledge).toBeNull();
    expect(accepted.userErrors.map((error) => error.code)).toEqual(["INVALID_TRANSITION"]);
    // Nothing of the acceptance stayed: not the need's figures, nor an audit entry or an event.
    expect(await server.dataSource.query(figures, [needId])).toEqual([before]);
    expect(await server.dataSource.query(`SELECT id FROM audit_entry WHERE action = 'acceptPledge' AND entity_id = $1`, [pledgeId])).toEqual([]);
    expect(await server.dataSource.query(`SELECT position FROM event WHERE entity_id = ANY($1::uuid[]) AND attributes->>'status' IN ('ACCEPTED', 'PARTIALLY_PLEDGED')`, [[needId, pledgeId]])).toEqual([]);
  });

  it("refuses a need whose project was closed between the post's checks and its write", async () => {
    const organizations: { id: string; slug: string }[] = (
      await server.graphql<{ organizations: { nodes: { id: string; slug: string }[] } }>(`{ organizations(first: 100) { nodes { id slug } } }`)
    ).body.data!.organizations.nodes;
    const lead = organizations.find((o) => o.slug === "qinggang-lin-party-committee")!.id;
    const project = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: lead, title: "關閉中的專案", category: "EMERGENCY", areaCode: "510107021" }, "project { id }");
    await mutate(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: lead, projectId: project.project.id, status: "OPEN" }, "project { id }");
    const projectId = Buffer.from(project.project.id, "base64url").toString().split(":")[1];
    // Another session closes the project: it holds the row as a closure does while the post runs its checks, and
    // closes it once the post, having read the project OPEN, waits on the row to write its need.
    const posted = await whileRowHeld("project", projectId, "UPDATE project SET status = 'COMPLETED' WHERE id = $1", () =>
      mutate<{ need: { id: string } | null }>(server, "postNeed", "PostNeedInput", { actingOrganizationId: lead, projectId: project.project.id, category: "FOOD", title: "飲用水", quantity: 10, unit: "箱", urgency: "HIGH", neededBy: inHours(6) }, "need { id }"),
    );
    expect(posted.need).toBeNull();
    expect(posted.userErrors.map((error) => [error.code, error.message])).toEqual([["INVALID_TRANSITION", "The project is COMPLETED; it takes no new needs."]]);
    expect(await server.dataSource.query(`SELECT id FROM resource_need WHERE project_id = $1`, [projectId])).toEqual([]);
  });

  it("counts confirmed sign-ups of an activity serving a VOLUNTEERS need as pledged, exactly as the rows say, under concurrent sign-ups, cancellations and pledges", async () => {
    const organizations: { id: string; slug: string }[] = (
      await server.graphql<{ organizations: { nodes: { id: string; slug: string }[] } }>(`{ organizations(first: 100) { nodes { id slug } } }`)
    ).body.data!.organizations.nodes;
    const lead = organizations.find((o) => o.slug === "qinggang-lin-party-committee")!.id;
    const { project } = await mutate<{ project: { id: string } }>(server, "createProject", "CreateProjectInput", { actingOrganizationId: lead, title: "暴雨搶險", category: "EMERGENCY", areaCode: "510107021" }, "project { id }");
    await mutate(server, "changeProjectStatus", "ChangeProjectStatusInput", { actingOrganizationId: lead, projectId: project.id, status: "OPEN" }, "project { id }");
    const { need } = await mutate<{ need: { id: string } }>(server, "postNeed", "PostNeedInput", {
      actingOrganizationId: lead, projectId: project.id, category: "VOLUNTEERS", title: "搶險志願者（演練）", quantity: 30, unit: "人", urgency: "CRITICAL", neededBy: inHours(6),
    }, "need { id }");
    const { activity } = await mutate<{ activity: { id: string; shifts: { id: string }[] } }>(server, "createActivity", "CreateActivityInput", {
      actingOrganizationId: lead, projectId: project.id, needId: need.id, kind: "VOLUNTEER_SERVICE", title: "沙袋搬運", areaCode: "510107021",
      shifts: [{ startsAt: inHours(2), endsAt: inHours(4), capacity: 6 }, { startsAt: inHours(3), endsAt: inHours(5), capacity: 6 }],
    }, "activity { id shifts { id } }");
    await mutate(server, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: lead, activityId: activity.id, status: "PUBLISHED" }, "activity { id }");
    // The demo's activities have sign-ups of their own: this one's are counted by its key.
    const activityKey = Buffer.from(activity.id, "base64url").toString().split(":")[1];

    const people = await residents(server, 30);
    const next = random(20261205);
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const signUps: { id: string; person: Record<string, string> }[] = [];
    const pledges: string[] = [];
    const outcomes: Record<string, number> = {};
    let started = 0;
    const gql = async (headers: Record<string, string>, name: string, inputType: string, input: Record<string, unknown>, selection: string) => {
      const { body } = await server.graphql<Record<string, { userErrors: UserError[] } & Record<string, { id: string } | null>>>(
        `mutation ($input: ${inputType}!) { ${name}(input: $input) { ${selection} userErrors { code } } }`,
        { input },
        headers,
      );
      if (body.errors) throw new Error(`${name} failed: ${JSON.stringify(body.errors)}`);
      const payload = body.data![name];
      const key = `${name}:${payload.userErrors[0]?.code ?? "ok"}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      return payload;
    };
    const operation = async (): Promise<void> => {
      const kind = pick(["signUp", "signUp", "signUp", "cancel", "pledge", "accept"]);
      if (kind === "signUp" || (kind === "cancel" && signUps.length === 0)) {
        const person = pick(people);
        const made = await gql(person, "signUpForShift", "SignUpForShiftInput", { shiftId: pick(activity.shifts).id }, "signUp { id }");
        if (made.signUp) signUps.push({ id: made.signUp.id, person });
      } else if (kind === "cancel") {
        const { id, person } = signUps.splice(Math.floor(next() * signUps.length), 1)[0];
        await gql(person, "cancelSignUp", "CancelSignUpInput", { signUpId: id }, "signUp { id }");
      } else if (kind === "pledge" || pledges.length === 0) {
        const made = await mutate<{ pledge: { id: string } | null }>(server, "pledge", "PledgeInput", { actingOrganizationId: pick(organizations).id, needId: need.id, quantity: 1 + Math.floor(next() * 2) }, "pledge { id }");
        if (made.pledge) pledges.push(made.pledge.id);
      } else {
        await mutate(server, "acceptPledge", "AcceptPledgeInput", { actingOrganizationId: lead, pledgeId: pick(pledges) }, "pledge { id }");
      }
    };
    await Promise.all(
      Array.from({ length: 20 }, async () => {
        while (started < 150) {
          started += 1;
          await operation();
        }
      }),
    );
    for (const kind of ["signUpForShift:ok", "cancelSignUp:ok"]) expect(outcomes[kind]).toBeGreaterThan(0);
    expect(await figuresDifferingFromRows("搶險志願者（演練）")).toEqual([]);
    const overfull = await server.dataSource.query(
      `SELECT sh.id FROM activity_shift sh JOIN shift_sign_up s ON s.shift_id = sh.id AND s.status = 'CONFIRMED' GROUP BY sh.id HAVING count(*) > max(sh.capacity)`,
    );
    expect(overfull).toEqual([]);
    const [{ confirmed }] = await server.dataSource.query(
      `SELECT count(*)::int AS confirmed FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id WHERE s.status = 'CONFIRMED' AND sh.activity_id = $1`,
      [activityKey],
    );
    expect(confirmed).toBe(12);

    // Calling the activity off takes its people out of the need's figures, as withdrawn offers leave them.
    await mutate(server, "changeActivityStatus", "ChangeActivityStatusInput", { actingOrganizationId: lead, activityId: activity.id, status: "CANCELLED" }, "activity { id }");
    expect(await figuresDifferingFromRows("搶險志願者（演練）")).toEqual([]);
    const [{ live }] = await server.dataSource.query(
      `SELECT count(*)::int AS live FROM shift_sign_up s JOIN activity_shift sh ON sh.id = s.shift_id WHERE s.status <> 'CANCELLED' AND sh.activity_id = $1`,
      [activityKey],
    );
    expect(live).toBe(0);
  });
});
