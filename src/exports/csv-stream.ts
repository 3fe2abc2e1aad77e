import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { Response } from "express";
import type { Pool } from "pg";
import QueryStream from "pg-query-stream";

/** Rows fetched from the cursor per round trip: few enough to keep memory small, enough to keep round trips rare. */
const BATCH_SIZE = 500;

/** Cells a spreadsheet would run as a formula (OWASP "CSV injection"); such text gets a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | null;

/** One column of an export: its header, its HXL hashtag, and its value in a database row. */
export interface CsvColumn<Row> {
  header: string;
  hxl: string;
  value: (row: Row) => CsvValue;
}

/** An export ready to stream: checked parameters turned into SQL, and how each row becomes a CSV record. */
export interface CsvExport<Row> {
  /** The file offered to the browser is `<name>-<today, UTC>.csv`. */
  name: string;
  columns: CsvColumn<Row>[];
  /** Adds the HXL hashtag row under the header row. */
  hxl: boolean;
  sql: string;
  parameters: unknown[];
}

/**
 * Streams the rows of `csv.sql` through a server-side cursor as UTF-8 CSV with a BOM (so spreadsheet
 * programs read Chinese correctly). The pipeline waits whenever the client reads slowly, so memory
 * stays at about two batches of rows whatever the size of the file. Returns how many rows were sent;
 * rejects when the client leaves or the query fails, and the connection is then closed, not reused
 * mid-query.
 */
export async function streamCsv<Row>(pool: Pool, csv: CsvExport<Row>, response: Response): Promise<number> {
  const connection = await pool.connect();
  let failure: Error | undefined;
  let rowsSent = 0;
  try {
    const rows = connection.query(new QueryStream(csv.sql, csv.parameters, { batchSize: BATCH_SIZE }));
    const cursor: AsyncIterator<Row> = rows[Symbol.asyncIterator]();
    // The first batch is read before the status goes out, so a failing query still gets an error response.
    const first = await cursor.next();
    response.status(200).set({
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${csv.name}-${new Date().toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    });
    async function* records() {
      try {
        if (csv.hxl) yield csv.columns.map((column) => column.hxl);
        for (let next = first; !next.done; next = await cursor.next()) {
          yield csv.columns.map((column) => column.value(next.value));
          rowsSent += 1;
        }
      } finally {
        rows.destroy();
      }
    }
    const stringifier = stringify({
      bom: true,
      header: true,
      columns: csv.columns.map((column) => column.header),
      record_delimiter: "windows",
      cast: { string: (value) => (FORMULA_START.test(value) ? `'${value}` : value) },
    });
    await pipeline(records(), stringifier, response);
    return rowsSent;
  } catch (error) {
    failure = error as Error;
    throw error;
  } finally {
    connection.release(failure);
  }
}
