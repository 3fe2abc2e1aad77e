import { createHash } from "node:crypto";
import type { DataSource, EntityManager } from "typeorm";

/**
 * A statement of fixed text that each pooled connection parses and plans once, as a named statement of
 * PostgreSQL's extended protocol: planning a write's CTEs cost as much as running them (bench results of
 * 2026-12-05). Only for texts fixed when the module loads: a name stays prepared for its connection's life.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export function prepared(text: string): PreparedStatement {
  return { name: `cogov_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`, text };
}

/** Runs `statement` through TypeORM's query runner, so it is counted, logged and its errors mapped as any other. */
export function runPrepared<Row = Record<string, unknown>>(db: DataSource | EntityManager, statement: PreparedStatement, parameters: unknown[]): Promise<Row[]> {
  // TypeORM hands the query to pg as it is, and pg takes a query config (name and text) there. A fresh
  // object each time: pg writes the values into the config it is given.
  return db.query({ name: statement.name, text: statement.text } as unknown as string, parameters);
}
