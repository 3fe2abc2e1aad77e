import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A statement that changes several rows, each guarded by what the checks read, calls changed_meanwhile()
 * when one guard held and another did not: the error undoes the whole statement, which may then be its own
 * transaction (services/input-rules.ts's inOneStatement), and the application runs its checks again.
 */
export class ChangedMeanwhileSignal1796000000000 implements MigrationInterface {
  name = "ChangedMeanwhileSignal1796000000000";

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION changed_meanwhile() RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        RAISE EXCEPTION 'what the checks read changed before the write' USING ERRCODE = 'ZCM01';
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION changed_meanwhile()`);
  }
}
