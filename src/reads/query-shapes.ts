import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";

/*
 * The SQL TypeORM writes for a query builder depends only on its shape: alias, selections, conditions, order,
 * limits, and how many values each parameter spreads into. Writing it costs more than running a small read
 * (Q2: ~0.5 ms of CPU), so it is written once per shape, with its parameters already turned into positions,
 * and each request's values are put in those positions.
 */

const SHAPES_KEPT = 1_000;

/** Where a position's value comes from: a parameter, or one element of an array parameter spread into the text. */
interface ParameterSlot {
  name: string;
  index?: number;
}

interface WrittenQuery {
  text: string;
  slots: ParameterSlot[];
}

const written = new Map<string, WrittenQuery>();

/**
 * The query's SQL with positional parameters and their values, from the shapes seen before; undefined
 * when its shape cannot be told. `selectsKey` stands for the query's selections in the shape: a key
 * the caller keeps for them, cheaper than the text of a long selection.
 */
export function positionalQuery<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, selectsKey?: string): { text: string; values: unknown[] } | undefined {
  const parameters = query.getParameters();
  const shape = shapeOf(query, parameters, selectsKey);
  if (shape === undefined) return undefined;
  let known = written.get(shape);
  if (known === undefined) {
    if (written.size >= SHAPES_KEPT) written.clear();
    written.set(shape, (known = write(query, parameters)));
  }
  const values = known.slots.map(({ name, index }) => (index === undefined ? parameters[name] : (parameters[name] as unknown[])[index]));
  return { text: known.text, values };
}

/**
 * TypeORM's own positional SQL, asked with a slot in place of each value: where each value goes. An
 * array parameter is either spread into the text (`:...ids`, its elements' slots) or bound whole.
 */
function write<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, parameters: ObjectLiteral): WrittenQuery {
  const slots: ObjectLiteral = {};
  const wholeArrays = new Map<unknown, string>();
  for (const [name, value] of Object.entries(parameters)) {
    if (Array.isArray(value)) {
      const elements = value.map((_, index): ParameterSlot => ({ name, index }));
      wholeArrays.set(elements, name);
      slots[name] = elements;
    } else {
      slots[name] = { name } satisfies ParameterSlot;
    }
  }
  const [text, order] = query.connection.driver.escapeQueryWithParameters(query.getQuery(), slots);
  return { text, slots: order.map((slot): ParameterSlot => (wholeArrays.has(slot) ? { name: wholeArrays.get(slot)! } : (slot as ParameterSlot))) };
}

function shapeOf<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, parameters: ObjectLiteral, selectsKey: string | undefined): string | undefined {
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
  const arities: [string, number | string][] = [];
  for (const [name, value] of Object.entries(parameters)) {
    // A function's value is SQL written into the text at each request.
    if (typeof value === "function") return undefined;
    arities.push([name, Array.isArray(value) ? value.length : typeof value]);
  }
  return JSON.stringify([
    map.mainAlias.metadata.tableName, map.mainAlias.name, selectsKey ?? map.selects, map.selectDistinct, map.selectDistinctOn,
    map.wheres, map.orderBys, map.groupBys, map.limit, map.offset, map.take, map.skip, map.comment, arities,
  ]);
}
