import { fromGlobalId } from "../src/schema/global-id";
import { inHours, organizationIds } from "./support/collaboration";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
let committee: string;
let project: string;
let bearer: Record<string, string>;
beforeAll(async () => {
  // debug puts the request's SQL statement count into `extensions.sqlStatements`.
  server = await startTestServer({ demoData: true, config: { debug: true } });
  committee = (await organizationIds(server, ["qinggang-lin-party-committee"]))["qinggang-lin-party-committee"];
  const { body } = await server.graphql<{ projects: { nodes: { id: string }[] } }>(`{ projects(filter: { search: "暴雨" }) { nodes { id } } }`);
  project = body.data!.projects.nodes[0].id;
  // A key, as the write benchmarks send them; used once, so its first use (which notes it) is behind it.
  const key = await server.graphql<{ createApiKey: { secret: string } }>(
    `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret userErrors { code } } }`,
    { input: { actingOrganizationId: committee, name: "寫入計數", scopes: ["WRITE_NEEDS", "WRITE_PLEDGES"] } },
    await server.asAdminOf(committee),
  );
  bearer = { authorization: `Bearer ${key.body.data!.createApiKey.secret}` };
  await server.graphql(`{ latestEventCursor }`, {}, bearer);
});
afterAll(() => server.close());

async function send<T>(mutation: string, input: Record<string, unknown>, selection: string): Promise<{ payload: T; statements: number }> {
  const { body } = await server.graphql<Record<string, T & { userErrors: unknown[] }>>(
    `mutation ($input: ${mutation[0].toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $input) { ${selection} userErrors { field code } } }`,
    { input },
    bearer,
  );
  expect(body.errors).toBeUndefined();
  expect(body.data![mutation].userErrors).toEqual([]);
  return { payload: body.data![mutation], statements: body.extensions?.sqlStatements as number };
}

const uuidOf = (id: string) => fromGlobalId(id)!.key;

describe("write mutations run a fixed, small number of statements, the locked part in one", () => {
  it("posts a need, pledges and accepts, each writing its audit entry and events in its one locked statement", async () => {
    const posted = await send<{ need: { id: string } }>(
      "postNeed",
      { actingOrganizationId: committee, projectId: project, category: "MATERIALS", title: "計數沙袋", quantity: 10, unit: "袋", urgency: "HIGH", neededBy: inHours(30) },
      "need { id }",
    );
    // key with its organisation's verification, project with its visibility and the acting organisation with its partnership, the statement that writes the need
    // (its own transaction: no BEGIN or COMMIT)
    expect(posted.statements).toBe(3);
    const needId = uuidOf(posted.payload.need.id);

    const pledged = await send<{ pledge: { id: string; createdAt: string } }>("pledge", { actingOrganizationId: committee, needId: posted.payload.need.id, quantity: 4 }, "pledge { id createdAt }");
    // key with its organisation's verification, need with its project, the locked statement (its own transaction: no BEGIN or COMMIT)
    expect(pledged.statements).toBe(3);
    const pledgeId = uuidOf(pledged.payload.pledge.id);

    const accepted = await send<{ pledge: { status: string } }>("acceptPledge", { actingOrganizationId: committee, pledgeId: pledged.payload.pledge.id, quantity: 3 }, "pledge { status }");
    // key with its organisation's verification, pledge with its need and project, the locked statement (its own transaction)
    expect(accepted.statements).toBe(3);

    const audits: { action: string; entity_id: string; after: Record<string, unknown>; before: Record<string, unknown> | null }[] = await server.dataSource.query(
      `SELECT action, entity_id, before, after FROM audit_entry WHERE entity_id = ANY($1) ORDER BY id`,
      [[needId, pledgeId]],
    );
    expect(audits.map((entry) => [entry.action, entry.entity_id])).toEqual([["postNeed", needId], ["pledge", pledgeId], ["acceptPledge", pledgeId]]);
    const [row] = await server.dataSource.query(`SELECT created_at, updated_at FROM pledge WHERE id = $1`, [pledgeId]);
    expect(audits[1].after).toMatchObject({ id: pledgeId, needId, quantity: 4, status: "OFFERED", createdAt: pledged.payload.pledge.createdAt });
    expect(audits[2].before).toEqual(audits[1].after);
    expect(audits[2].after).toMatchObject({ status: "ACCEPTED", acceptedQuantity: 3, updatedAt: row.updated_at.toISOString() });

    const events: { type: string; entity_id: string; attributes: Record<string, unknown> }[] = await server.dataSource.query(
      `SELECT type, entity_id, attributes FROM event WHERE entity_id = ANY($1) ORDER BY position`,
      [[needId, pledgeId]],
    );
    expect(events.map((event) => [event.type, event.entity_id])).toEqual([
      ["NEED_POSTED", needId], ["PLEDGE_CHANGED", pledgeId], ["NEED_UPDATED", needId], ["PLEDGE_CHANGED", pledgeId], ["NEED_UPDATED", needId],
    ]);
    expect(events[0].attributes).toMatchObject({ status: "OPEN", quantity: 10, remainingQuantity: 10, projectStatus: expect.any(String) });
    expect(events[2].attributes).toMatchObject({ status: "OPEN", pledgedQuantity: 4, acceptedQuantity: 0, remainingQuantity: 10, urgency: "HIGH", category: "MATERIALS" });
    expect(events[3].attributes).toMatchObject({ status: "ACCEPTED", quantity: 4, acceptedQuantity: 3, actingOrganizationId: uuidOf(committee) });
    expect(events[4].attributes).toMatchObject({ status: "PARTIALLY_PLEDGED", pledgedQuantity: 3, acceptedQuantity: 3, remainingQuantity: 7 });
  });
});
