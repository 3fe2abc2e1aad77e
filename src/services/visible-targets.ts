import { EntityManager } from "typeorm";
import { organizationsOf, seesProject, visibleProjectSql } from "../auth/read-policy";
import { columnsAsJson, entityFromRow, selectedColumns } from "../db/entity-row";
import { preparedFromMetadata, runPrepared } from "../db/prepared-statement";
import type { Viewer } from "../auth/viewer";
import { Pledge } from "../entities/pledge";
import { Project } from "../entities/project";
import { ResourceNeed } from "../entities/resource-need";
import { t, Text } from "../i18n/text";
import { UserErrorCode } from "./errors";
import { locksBeforeChecks, refuse } from "./input-rules";
import { lockNeed } from "./need-figures";

/*
 * What a mutation acts on, found only when the caller may see it: a project (or its need or pledge)
 * hidden from the caller answers NOT_FOUND exactly as a missing one does, so refusals reveal nothing.
 */

/** The project, locked in `mode`, or not locked when no mode is given. */
export async function lockVisibleProject(
  manager: EntityManager,
  viewer: Viewer,
  projectId: string,
  mode?: "pessimistic_read" | "pessimistic_write",
): Promise<Project> {
  const project = await manager.findOne(Project, { where: { id: projectId }, ...(mode ? { lock: { mode } } : {}) });
  if (!project || !(await seesProject(manager, viewer, project.id))) refuse("projectId", UserErrorCode.NOT_FOUND, t("project.notFound"));
  return project;
}

// The need's columns and its project's, which the caller may see; the second locks the need (locksBeforeChecks).
// Written from the entities' columns: the tables' search text is no one's to read here.
const visibleNeedSql = (lock: string) =>
  preparedFromMetadata(
    (dataSource) => `SELECT ${selectedColumns(dataSource, ResourceNeed, "need").join(", ")}, ${columnsAsJson(dataSource, Project, "project")} AS project_row
      FROM resource_need need JOIN project ON project.id = need.project_id
      WHERE need.id = $1 AND ${visibleProjectSql("project", "$2::uuid[]")}${lock}`,
  );
const VISIBLE_NEED_SQL = visibleNeedSql("");
const LOCKED_VISIBLE_NEED_SQL = visibleNeedSql(" FOR UPDATE OF need");

/**
 * The need with its project, in one statement, unlocked: its figures are moved under the lock by a
 * statement that checks it is unchanged (need-figures). The need is locked when the transaction locks
 * before its checks (locksBeforeChecks).
 */
export async function findVisibleNeed(
  manager: EntityManager,
  viewer: Viewer,
  needId: string,
  field = "needId",
  notFound: Text = t("need.notFound"),
): Promise<{ need: ResourceNeed; project: Project }> {
  const statement = locksBeforeChecks(manager) ? LOCKED_VISIBLE_NEED_SQL : VISIBLE_NEED_SQL;
  const [row] = await runPrepared<Record<string, unknown> & { project_row: Record<string, unknown> }>(manager, statement(manager.connection), [needId, organizationsOf(viewer)]);
  if (!row) refuse(field, UserErrorCode.NOT_FOUND, notFound);
  const need = entityFromRow(manager.connection, ResourceNeed, row);
  const project = entityFromRow(manager.connection, Project, row.project_row);
  need.project = project;
  return { need, project };
}

const VISIBLE_PLEDGE_SQL = preparedFromMetadata(
  (dataSource) => `SELECT ${selectedColumns(dataSource, ResourceNeed, "need").join(", ")}, ${columnsAsJson(dataSource, Project, "project")} AS project_row,
      ${columnsAsJson(dataSource, Pledge, "pledge")} AS pledge_row
    FROM pledge JOIN resource_need need ON need.id = pledge.need_id JOIN project ON project.id = need.project_id
    WHERE pledge.id = $1 AND ${visibleProjectSql("project", "$2::uuid[]")}`,
);

/**
 * The pledge with its need and project, in one statement, unlocked; a pledge whose project the viewer may not
 * see answers as a missing one. When the transaction locks before its checks, the need is locked first and the
 * pledge read under that lock (every change of a pledge locks its need first).
 */
export async function findVisiblePledge(manager: EntityManager, viewer: Viewer, pledgeId: string): Promise<{ pledge: Pledge; need: ResourceNeed; project: Project }> {
  if (locksBeforeChecks(manager)) {
    const pledge = await manager.findOneBy(Pledge, { id: pledgeId });
    if (!pledge) refuse("pledgeId", UserErrorCode.NOT_FOUND, t("pledge.notFound"));
    const { need, project } = await findVisibleNeed(manager, viewer, pledge.needId, "pledgeId", t("pledge.notFound"));
    return { need, project, pledge: (await manager.findOneBy(Pledge, { id: pledgeId }))! };
  }
  const [row] = await runPrepared<Record<string, unknown> & { project_row: Record<string, unknown>; pledge_row: Record<string, unknown> }>(manager, VISIBLE_PLEDGE_SQL(manager.connection), [
    pledgeId,
    organizationsOf(viewer),
  ]);
  if (!row) refuse("pledgeId", UserErrorCode.NOT_FOUND, t("pledge.notFound"));
  const need = entityFromRow(manager.connection, ResourceNeed, row);
  const project = entityFromRow(manager.connection, Project, row.project_row);
  need.project = project;
  return { pledge: entityFromRow(manager.connection, Pledge, row.pledge_row), need, project };
}

/** The need, locked as need-figures locks it; `notFound` is what a missing one on `field` answers. */
export async function lockVisibleNeed(
  manager: EntityManager,
  viewer: Viewer,
  needId: string,
  field = "needId",
  notFound: Text = t("need.notFound"),
): Promise<ResourceNeed> {
  const need = await lockNeed(manager, needId, field);
  if (!(await seesProject(manager, viewer, need.projectId))) refuse(field, UserErrorCode.NOT_FOUND, notFound);
  return need;
}
