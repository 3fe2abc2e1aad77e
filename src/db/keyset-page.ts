import { ObjectLiteral, Repository, SelectQueryBuilder } from "typeorm";
import { t } from "../i18n/text";
import { DomainError } from "../services/errors";
import { UUID_KEY } from "./row-key";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export type SortDirection = "ASC" | "DESC";

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A list order: one non-null column, then the primary key `id` to break ties. */
export interface Sort {
  /** Public name, carried in cursors so a cursor is only used with its own order. */
  name: string;
  property: string;
  kind: "text" | "number" | "timestamp";
  direction: SortDirection;
}

export interface Page<T> {
  nodes: T[];
  /** The cursor of one of `nodes`; made only when a client asks for it. */
  cursorOf: (node: T) => string;
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  /** Counts the whole list, without paging; run only when a client asks. */
  totalCount: () => Promise<number>;
}

/** A list the viewer may not read: no items, and a count of none. */
export function emptyPage<T>(): Page<T> {
  return { nodes: [], cursorOf: () => "", hasNextPage: false, hasPreviousPage: false, totalCount: async () => 0 };
}

type CursorValue = string | number | Date;

export interface Window {
  limit: number;
  backward: boolean;
  after?: CursorValue[];
  before?: CursorValue[];
}

/** Checks paging arguments; a mistake is a coded error that names it. */
export function windowOf(args: PageArgs, sort: Sort, rowKey: RegExp): Window {
  const { first, last } = args;
  if (first != null && last != null) {
    throw new DomainError("BAD_USER_INPUT", t("page.firstAndLast"));
  }
  for (const [name, value] of [["first", first], ["last", last]] as const) {
    if (value != null && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new DomainError("BAD_USER_INPUT", t("page.sizeOutOfRange", { argument: name, max: MAX_PAGE_SIZE, value }));
    }
  }
  return {
    limit: first ?? last ?? DEFAULT_PAGE_SIZE,
    backward: last != null,
    after: args.after != null ? decodeCursor(args.after, sort, rowKey, "after") : undefined,
    before: args.before != null ? decodeCursor(args.before, sort, rowKey, "before") : undefined,
  };
}

/** The cursor of `row` in a list in `sort` order. */
export function cursorOf(sort: Sort, row: ObjectLiteral): string {
  const value = row[sort.property] as CursorValue;
  const key = value instanceof Date ? value.toISOString() : value;
  return Buffer.from(JSON.stringify([sort.name, key, row.id]), "utf8").toString("base64url");
}

/** Row keys: uuids, or bigserial numbers (the audit log); a forged cursor must not carry one kind to a table of the other. */
const SERIAL_KEY = /^\d{1,18}$/;

// The times our rows hold, well inside PostgreSQL's range; a forged cursor's time outside it is not ours.
const EARLIEST = Date.UTC(1, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

function decodeCursor(cursor: string, sort: Sort, rowKey: RegExp, argument: string): CursorValue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const notOurs = new DomainError("BAD_USER_INPUT", t("page.cursorNotOurs", { argument, cursor }));
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[0] !== "string") throw notOurs;
  const [name, key, id] = parsed as unknown[];
  if (name !== sort.name) {
    throw new DomainError("BAD_USER_INPUT", t("page.cursorOfOtherOrder", { argument, cursorOrder: String(name), order: sort.name }));
  }
  if (typeof id !== "string" || !rowKey.test(id)) throw notOurs;
  if (sort.kind === "number") {
    if (typeof key !== "number" || !Number.isSafeInteger(Math.trunc(key))) throw notOurs;
    return [key, id];
  }
  // PostgreSQL text cannot hold U+0000.
  if (typeof key !== "string" || key.includes("\u0000")) throw notOurs;
  if (sort.kind === "timestamp") {
    const date = new Date(key);
    if (!(date.getTime() >= EARLIEST && date.getTime() <= LATEST)) throw notOurs;
    return [date, id];
  }
  return [key, id];
}

export interface NestedOptions {
  /** An extra condition on the children, written with `$alias` for their table. */
  where?: { sql: string; parameters: Record<string, unknown> };
  /** A row each child points to, loaded in the same statement and set on `property`. */
  include?: { property: string; entity: new () => ObjectLiteral; foreignKey: string };
}

/** Reads the rows of a query in some other way than as whole entities. */
export type RowsReader<T extends ObjectLiteral> = (query: SelectQueryBuilder<T>, properties: string[]) => Promise<T[]>;

/**
 * Keyset paging for one list: `(sort column, id)` compared with the cursor's values, so pages
 * stay correct while rows are inserted and never use OFFSET.
 */
export class KeysetPager<T extends ObjectLiteral> {
  private readonly rowKey: RegExp;

  constructor(private readonly repository: Repository<T>) {
    this.rowKey = repository.metadata.primaryColumns[0]?.type === "uuid" ? UUID_KEY : SERIAL_KEY;
  }

  /**
   * One page of the rows `query` selects (alias `query.alias`), read as whole entities or by `read`,
   * which gets the query and the properties the page needs of each row (its sort's and `id`).
   */
  async page(query: SelectQueryBuilder<T>, sort: Sort, args: PageArgs, read?: RowsReader<T>): Promise<Page<T>> {
    const window = windowOf(args, sort, this.rowKey);
    const counter = query.clone();
    const alias = query.alias;
    this.applyWindow(query, alias, sort, window);
    query.limit(window.limit + 1);
    const rows = window.limit === 0 ? [] : await (read ? read(query, [sort.property, "id"]) : query.getMany());
    return this.toPage(rows, sort, window, args, () => counter.getCount());
  }

  /**
   * Pages of children for many parents in one statement: a LATERAL subquery picks each parent's
   * window of ids, the outer query loads those rows as entities.
   */
  async pagesByParent(
    parentProperty: string,
    parentIds: readonly string[],
    sort: Sort,
    args: PageArgs,
    countByParent: (parentId: string) => Promise<number>,
    options: NestedOptions = {},
  ): Promise<Page<T>[]> {
    const window = windowOf(args, sort, this.rowKey);
    const parentColumn = this.column(parentProperty);
    const keyType = this.repository.metadata.findColumnWithPropertyName(parentProperty)?.type === "uuid" ? "uuid" : "text";
    const byParent = new Map<string, T[]>(parentIds.map((id) => [id, []]));
    if (window.limit > 0 && parentIds.length > 0) {
      const inner = this.repository.createQueryBuilder("child").select(`"child"."id"`);
      inner.where(`"child"."${parentColumn}" = "parent"."id"`);
      if (options.where) inner.andWhere(options.where.sql.replaceAll("$alias", `"child"`), options.where.parameters);
      this.applyWindow(inner, "child", sort, window);
      inner.limit(window.limit + 1);
      const query = this.repository
        .createQueryBuilder("row")
        .where(
          `"row"."id" IN (SELECT "picked"."id" FROM unnest(CAST(:parentIds AS ${keyType}[])) AS "parent"("id") ` +
            `CROSS JOIN LATERAL (${inner.getQuery()}) AS "picked")`,
          { ...inner.getParameters(), parentIds },
        );
      if (options.include) {
        const { property, entity, foreignKey } = options.include;
        query.leftJoinAndMapOne(`row.${property}`, entity, "included", `"included"."id" = "row"."${this.column(foreignKey)}"`);
      }
      this.order(query, "row", sort, window.backward);
      for (const row of await query.getMany()) byParent.get(row[parentProperty] as string)?.push(row);
    }
    return parentIds.map((parentId) =>
      this.toPage(byParent.get(parentId) ?? [], sort, window, args, () => countByParent(parentId)),
    );
  }

  private applyWindow(query: SelectQueryBuilder<T>, alias: string, sort: Sort, window: Window): void {
    const columns = `("${alias}"."${this.column(sort.property)}", "${alias}"."id")`;
    const ascending = sort.direction === "ASC";
    if (window.after) {
      query.andWhere(`${columns} ${ascending ? ">" : "<"} (:afterKey, :afterId)`, {
        afterKey: window.after[0],
        afterId: window.after[1],
      });
    }
    if (window.before) {
      query.andWhere(`${columns} ${ascending ? "<" : ">"} (:beforeKey, :beforeId)`, {
        beforeKey: window.before[0],
        beforeId: window.before[1],
      });
    }
    this.order(query, alias, sort, window.backward);
  }

  /** Orders by the sort, reversed when reading backward from `before`. */
  private order(query: SelectQueryBuilder<T>, alias: string, sort: Sort, backward: boolean): void {
    const reversed = sort.direction === "ASC" ? "DESC" : "ASC";
    const direction = backward ? reversed : sort.direction;
    query
      .orderBy(`"${alias}"."${this.column(sort.property)}"`, direction)
      .addOrderBy(`"${alias}"."id"`, direction);
  }

  private toPage(rows: T[], sort: Sort, window: Window, args: PageArgs, totalCount: () => Promise<number>): Page<T> {
    const hasMore = rows.length > window.limit;
    const nodes = rows.slice(0, window.limit);
    if (window.backward) nodes.reverse();
    return {
      nodes,
      cursorOf: (row) => cursorOf(sort, row),
      hasNextPage: window.backward ? args.before != null : hasMore,
      hasPreviousPage: window.backward ? hasMore : args.after != null,
      totalCount,
    };
  }

  private column(property: string): string {
    const column = this.repository.metadata.findColumnWithPropertyName(property);
    if (!column) throw new Error(`${this.repository.metadata.name} has no column for ${property}`);
    return column.databaseName;
  }
}
