import { MigrationInterface, QueryRunner } from "typeorm";
import { foldFunctionSql, simplifiedFolds } from "../script-fold";

/** The searched text of each table, as services/text-search.ts searches it. */
const SEARCHED = [
  { table: "organization", text: `name || ' ' || coalesce(description, '')` },
  { table: "project", text: `title || ' ' || coalesce(summary, '')` },
  { table: "resource_need", text: `title || ' ' || coalesce(description, '')` },
];

export class ScriptFoldedSearch1795883000000 implements MigrationInterface {
  name = "ScriptFoldedSearch1795883000000";

  async up(db: QueryRunner): Promise<void> {
    // Searches match across Simplified and Traditional Chinese: the searched text is kept folded to
    // Simplified in a column of its own (stored, so a search does not fold every row it reads), and
    // the bigram index moves onto it. The written text stays as it was.
    await db.query(foldFunctionSql(simplifiedFolds(), "sql"));
    for (const { table, text } of SEARCHED) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN search_text text GENERATED ALWAYS AS (cogov_fold_script(${text})) STORED`);
      await db.query(`DROP INDEX ${table}_search_idx`);
      await db.query(`CREATE INDEX ${table}_search_idx ON ${table} USING gin (cogov_bigrams(search_text))`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const { table, text } of SEARCHED) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN search_text`);
      await db.query(`CREATE INDEX ${table}_search_idx ON ${table} USING gin (cogov_bigrams(${text}))`);
    }
    await db.query(`DROP FUNCTION cogov_fold_script(text)`);
  }
}
