import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";

/*
 * The SQL TypeORM writes for a query builder depends only on its shape: alias, selections, conditions, order,
 * limits, and how many values each parameter spreads into. Writing it costs more than running a small read
 * (Q2: ~0.5 ms of CPU), so it is written once per shape and bound to each request's values.
 */

const SHAPES_KEPT = 1_000;
const written = new Map<string, string>();

/** The query's SQL with named parameters, from the shapes seen before; undefined when its shape cannot be told. */
export function sqlOf<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): string | undefined {
  const shape = shapeOf(query);
  if (shape === undefined) return undefined;
  let sql = written.get(shape);
  if (sql === undefined) {
    if (written.size >= SHAPES_KEPT) written.clear();
    written.set(shape, (sql = query.getQuery()));
  }
  return sql;
}

function shapeOf<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): string | undefined {
  const map = query.expressionMap;
  // A builder of a transaction's manager runs on its connection: left to TypeORM.
  if ((query as unknown as { queryRunner?: unknown }).queryRunner) return undefined;
  // Joins, relation ids and conditions given as objects or brackets carry more than text: not cached.
  if (
    map.queryType !== "select" || map.subQuery || map.joinAttributes.length || map.relationIdAttributes.length ||
    map.havings.length || map.lockMode || map.withDeleted || map.useTransaction ||
    !map.mainAlias?.hasMetadata || map.aliases.length !== 1 || map.wheres.some((where) => typeof where.condition !== "string")
  ) {
    return undefined;
  }
  const parameters = Object.entries(query.getParameters()).map(([name, value]) => [name, Array.isArray(value) ? value.length : typeof value]);
  return JSON.stringify([
    map.mainAlias.metadata.tableName, map.mainAlias.name, map.selects, map.selectDistinct, map.selectDistinctOn,
    map.wheres, map.orderBys, map.groupBys, map.limit, map.offset, map.take, map.skip, map.comment, parameters,
  ]);
}
