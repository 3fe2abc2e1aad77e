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

/** A statement whose text is written from the entities' metadata at its first use, once in a process. */
export function preparedFromMetadata(write: (dataSource: DataSource) => string): (dataSource: DataSource) => PreparedStatement {
  let statement: PreparedStatement | undefined;
  return (dataSource) => (statement ??= prepared(write(dataSource)));
}

/** Runs `statement` through TypeORM's query runner, so it is counted, logged and its errors mapped as any other. */
export function runPrepared<Row = Record<string, unknown>>(db: DataSource | EntityManager, statement: PreparedStatement, parameters: unknown[]): Promise<Row[]> {
  // TypeORM hands the query to pg as it is, and pg takes a query config (name and text) there. A fresh
  // object each time: pg writes the values into the config it is given.
  return db.query({ name: statement.name, text: statement.text } as unknown as string, parameters);
}

/*
 * Reads whose text is written per shape of a request (reads/selection-reads.ts) are named once they recur, so
 * each connection parses one once, and PostgreSQL's plan cache may keep a generic plan for it: planning was most
 * of a small read's cost (Q2's statement: 0.75 ms planned each time, 0.09 ms prepared). A name stays prepared for
 * its connection's life, about 100 KB a text in each connection that runs it, so at most NAMED_READS texts are
 * named in a process; past that, texts run unnamed as before. Reads by a pattern (LIKE: an area's code as a prefix)
 * or by containment (@>) stay unnamed: a generic plan cannot use the pattern's index, and one chosen on a few
 * values could walk a whole index for another.
 */
const NAMED_AFTER_SIGHTINGS = 3;
const NAMED_READS = 32;
const TEXTS_COUNTED = 1_000;
const namedReads = new Map<string, PreparedStatement>();
const sightings = new Map<string, number>();

/** Runs a read's text, named once it has recurred (above). */
export function runRecurringRead<Row = Record<string, unknown>>(db: DataSource, text: string, parameters: unknown[]): Promise<Row[]> {
  const statement = namedReads.get(text) ?? nameIfRecurring(text);
  return statement ? runPrepared<Row>(db, statement, parameters) : db.query(text, parameters);
}

function nameIfRecurring(text: string): PreparedStatement | undefined {
  if (namedReads.size >= NAMED_READS || /LIKE|@>/.test(text)) return undefined;
  const seen = (sightings.get(text) ?? 0) + 1;
  if (seen < NAMED_AFTER_SIGHTINGS) {
    if (sightings.size >= TEXTS_COUNTED) sightings.clear();
    sightings.set(text, seen);
    return undefined;
  }
  sightings.delete(text);
  const statement = prepared(text);
  namedReads.set(text, statement);
  return statement;
}
