import { MigrationInterface, QueryRunner } from "typeorm";
import { foldFunctionSql, simplifiedFolds } from "../script-fold";

/**
 * cogov_fold_script in plpgsql, with the same results: a connection plans it once, where the SQL function
 * was planned, and its 34 KB table parsed, for every statement that called it (db/script-fold.ts).
 * Generated columns and indexes refer to the function, not its body, so nothing is computed again.
 */
export class ScriptFoldKeptPlanned1796010000000 implements MigrationInterface {
  name = "ScriptFoldKeptPlanned1796010000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(foldFunctionSql(simplifiedFolds(), "plpgsql"));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(foldFunctionSql(simplifiedFolds(), "sql"));
  }
}
