import { In, ObjectLiteral } from "typeorm";
import { Pledge } from "../src/entities/pledge";
import { Project } from "../src/entities/project";
import { ResourceNeed } from "../src/entities/resource-need";
import { createLoaders } from "../src/loaders";
import { listLoader, loaderByKey } from "../src/loaders/loader-by-key";
import { ANONYMOUS } from "../src/auth/viewer";
import { findVisibleNeed, findVisiblePledge } from "../src/services/visible-targets";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ demoData: true });
});
afterAll(() => server.close());

// The loaders read with a statement of their own, not through TypeORM's find: they must hydrate exactly as it does.
describe("by-key loaders read entities as TypeORM's find does", () => {
  it("gives every entity with rows the same columns, values and types as findBy", async () => {
    const compared: string[] = [];
    for (const metadata of server.dataSource.entityMetadatas) {
      const [key] = metadata.primaryColumns;
      if (metadata.primaryColumns.length !== 1 || metadata.tableType !== "regular" || !["uuid", "varchar"].includes(String(key.type))) continue;
      const rows: { key: string }[] = await server.dataSource.query(`SELECT "${key.databaseName}"::text AS key FROM "${metadata.tableName}" ORDER BY 1 LIMIT 3`);
      if (rows.length === 0) continue;
      const keys = [...rows.map((row) => row.key), rows[0].key.replace(/.$/, (last) => (last === "0" ? "1" : "0"))];
      const found = await server.dataSource.getRepository<ObjectLiteral>(metadata.target).findBy({ [key.propertyName]: In(keys) });
      const loaded = await loaderByKey<ObjectLiteral, string>(server.dataSource, metadata.target, key.propertyName).loadMany(keys);
      expect(loaded).toStrictEqual(keys.map((k) => found.find((entity) => entity[key.propertyName] === k) ?? null));
      compared.push(metadata.tableName);
    }
    // The demo data fills most tables: the check covers organisations, projects, needs, pledges, people and more.
    expect(compared).toEqual(expect.arrayContaining(["organization", "project", "resource_need", "pledge", "person", "area"]));
    expect(compared.length).toBeGreaterThan(20);
  });

  it("lists rows grouped by a column in the order asked, as find does", async () => {
    const needs: { need_id: string }[] = await server.dataSource.query(`SELECT need_id FROM pledge GROUP BY need_id ORDER BY count(*) DESC, need_id LIMIT 3`);
    const needIds = needs.map((row) => row.need_id);
    const found = await server.dataSource.getRepository(Pledge).find({ where: { needId: In(needIds) }, order: { createdAt: "DESC", id: "ASC" } });
    const listed = await listLoader(server.dataSource, Pledge, "needId", { createdAt: "DESC", id: "ASC" }).loadMany(needIds);
    expect(listed).toStrictEqual(needIds.map((id) => found.filter((pledge) => pledge.needId === id)));
    expect((listed as Pledge[][]).flat().length).toBeGreaterThan(needIds.length);
  });

  it("loads needs with their projects, each as find reads it", async () => {
    const rows: { id: string }[] = await server.dataSource.query(`SELECT id FROM resource_need ORDER BY id LIMIT 3`);
    const ids = rows.map((row) => row.id);
    const loaded = await createLoaders(server.dataSource).need.loadMany(ids);
    const needs = await server.dataSource.getRepository(ResourceNeed).findBy({ id: In(ids) });
    const projects = await server.dataSource.getRepository(Project).findBy({ id: In(needs.map((need) => need.projectId)) });
    const expected = ids.map((id) => Object.assign(needs.find((need) => need.id === id)!, { project: projects.find((project) => project.id === needs.find((need) => need.id === id)!.projectId) }));
    expect(expected.every((need) => need.project instanceof Project)).toBe(true);
    expect(loaded).toStrictEqual(expected);
  });

  it("finds a mutation's visible pledge, need and project as find reads them", async () => {
    const [{ id: pledgeId }]: { id: string }[] = await server.dataSource.query(
      `SELECT pledge.id FROM pledge JOIN resource_need need ON need.id = pledge.need_id JOIN project ON project.id = need.project_id
        WHERE project.status <> 'DRAFT' ORDER BY pledge.id LIMIT 1`,
    );
    const pledge = await server.dataSource.getRepository(Pledge).findOneByOrFail({ id: pledgeId });
    const need = await server.dataSource.getRepository(ResourceNeed).findOneByOrFail({ id: pledge.needId });
    const project = await server.dataSource.getRepository(Project).findOneByOrFail({ id: need.projectId });
    need.project = project;
    const found = await findVisiblePledge(server.dataSource.manager, ANONYMOUS, pledgeId);
    expect(found).toStrictEqual({ pledge, need, project });
    expect(await findVisibleNeed(server.dataSource.manager, ANONYMOUS, need.id)).toStrictEqual({ need, project });
  });
});
