import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";

/** An entity from a plain row of its table (columns by their database names), converted as TypeORM reads them. */
export function entityFromRow<Entity extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<Entity>, row: Record<string, unknown>): Entity {
  const metadata = dataSource.getMetadata(target);
  const entity = metadata.create() as Entity;
  for (const column of metadata.columns) column.setEntityValue(entity, dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
  return entity;
}

/** The columns TypeORM's find reads of an entity's table, quoted, each prefixed with `alias.` if one is given. */
export function selectedColumns(dataSource: DataSource, target: EntityTarget<ObjectLiteral>, alias?: string): string[] {
  return dataSource.getMetadata(target).columns.filter((column) => column.isSelect).map((column) => `${alias ? `${alias}.` : ""}"${column.databaseName}"`);
}

/**
 * An entity's selected columns as one jsonb object keyed by their database names (what entityFromRow takes), for
 * reading a joined row beside another without the table's other columns. `alias` is the joined table's.
 */
export function columnsAsJson(dataSource: DataSource, target: EntityTarget<ObjectLiteral>, alias: string): string {
  const pairs = dataSource.getMetadata(target).columns.filter((column) => column.isSelect).map((column) => `'${column.databaseName}', ${alias}."${column.databaseName}"`);
  return `jsonb_build_object(${pairs.join(", ")})`;
}
