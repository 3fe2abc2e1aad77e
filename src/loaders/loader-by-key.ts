import DataLoader from "dataloader";
import { DataSource, EntityTarget, In, ObjectLiteral } from "typeorm";

/** Loads every row whose `column` is one of the keys, grouped by key, in one statement per batch. */
export function listLoader<T extends ObjectLiteral, K extends keyof T & string>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: K,
  order: { [P in keyof T]?: "ASC" | "DESC" },
): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (keys) => {
    const rows = await dataSource.getRepository(entity).find({ where: { [key]: In([...keys]) } as never, order: order as never });
    const byKey = new Map<string, T[]>(keys.map((k) => [k, []]));
    for (const row of rows) byKey.get(row[key] as string)?.push(row);
    return keys.map((k) => byKey.get(k)!);
  });
}

/** Loads rows by one unique column in a single statement per batch, `null` for keys with no row. */
export function loaderByKey<T extends ObjectLiteral, K extends keyof T & string>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  key: K,
): DataLoader<string, T | null> {
  return new DataLoader<string, T | null>(async (keys) => {
    const rows = await dataSource.getRepository(entity).findBy({ [key]: In([...keys]) } as never);
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
