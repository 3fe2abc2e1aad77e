import DataLoader from "dataloader";
import { DataSource, EntityTarget, In, ObjectLiteral } from "typeorm";

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

/** Counts rows per value of `column` in one statement for the whole batch. */
export function countLoader(dataSource: DataSource, table: string, column: string): DataLoader<string, number> {
  return new DataLoader<string, number>(async (keys) => {
    const rows: { key: string; count: number }[] = await dataSource.query(
      `SELECT "${column}" AS key, count(*)::int AS count FROM "${table}" WHERE "${column}" = ANY($1) GROUP BY "${column}"`,
      [[...keys]],
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
