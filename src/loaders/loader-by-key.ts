import DataLoader from "dataloader";
import { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { entityFromRow, selectedColumns } from "../db/entity-row";
import { prepared, PreparedStatement, runPrepared } from "../db/prepared-statement";

type Order<T> = { [P in keyof T]?: "ASC" | "DESC" };

// One text per entity, key column and order, written from the entity's metadata when first asked.
const statements = new Map<string, PreparedStatement>();

/**
 * The rows whose `key` is one of `keys`, as entities: one named statement that each pooled connection plans once,
 * selecting the columns TypeORM's find would, hydrated as it would (entityFromRow), without building the query
 * through the query builder each time.
 */
async function entitiesByKey<T extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<T>, key: keyof T & string, keys: readonly string[], order?: Order<T>): Promise<T[]> {
  const metadata = dataSource.getMetadata(entity);
  const id = `${metadata.tableName} ${key} ${JSON.stringify(order ?? {})}`;
  let statement = statements.get(id);
  if (!statement) {
    const column = (property: string) => `"${metadata.findColumnWithPropertyPath(property)!.databaseName}"`;
    const columns = selectedColumns(dataSource, entity);
    const orderBy = Object.entries(order ?? {}).map(([property, direction]) => `${column(property)} ${direction}`);
    statement = prepared(`SELECT ${columns.join(", ")} FROM "${metadata.tableName}" WHERE ${column(key)} = ANY($1)${orderBy.length ? ` ORDER BY ${orderBy.join(", ")}` : ""}`);
    statements.set(id, statement);
  }
  const rows = await runPrepared(dataSource, statement, [keys]);
  return rows.map((row) => entityFromRow(dataSource, entity, row));
}

/** Loads every row whose `column` is one of the keys, grouped by key, in one statement per batch. */
export function listLoader<T extends ObjectLiteral, K extends keyof T & string>(dataSource: DataSource, entity: EntityTarget<T>, key: K, order: Order<T>): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await entitiesByKey(dataSource, entity, key, keys, order);
    const byKey = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) byKey.get(row[key] as string)?.push(row);
    return keys.map((k) => byKey.get(k)!);
  });
}

/** Loads rows by one unique column in a single statement per batch, `null` for keys with no row. */
export function loaderByKey<T extends ObjectLiteral, K extends keyof T & string>(dataSource: DataSource, entity: EntityTarget<T>, key: K): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (keys) => {
    const rows = await entitiesByKey(dataSource, entity, key, keys);
    const byKey = new Map(rows.map((row) => [row[key] as string, row]));
    return keys.map((k) => byKey.get(k) ?? null);
  });
}

/** Counts rows per value of `column` in one statement for the whole batch; `statuses` narrows to rows in them. */
export function countLoader(dataSource: DataSource, table: string, column: string, statuses?: readonly string[] | null): DataLoader<string, number> {
  return new DataLoader<string, number>(async (keys) => {
    const narrowed = statuses?.length ? ` AND status = ANY($2)` : "";
    const rows: { key: string; count: number }[] = await dataSource.query(
      `SELECT "${column}" AS key, count(*)::int AS count FROM "${table}" WHERE "${column}" = ANY($1)${narrowed} GROUP BY "${column}"`,
      statuses?.length ? [[...keys], statuses] : [[...keys]],
    );
    const counts = new Map(rows.map((row) => [row.key, row.count]));
    return keys.map((k) => counts.get(k) ?? 0);
  });
}

/** One loader per distinct set of arguments, so a nested list's pages batch across parents. */
export function perArguments<A, L>(create: (args: A) => L): (args: A) => L {
  const loaders = new Map<string, L>();
  return (args) => {
    const signature = JSON.stringify(args);
    let loader = loaders.get(signature);
    if (!loader) loaders.set(signature, (loader = create(args)));
    return loader;
  };
}
