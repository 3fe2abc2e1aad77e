import DataLoader from "dataloader";
import { DataSource, In } from "typeorm";
import { PointsAccount, PointsAccountKind } from "../entities/community/points-account";
import { PointsEntry } from "../entities/community/points-entry";
import { PointsRule } from "../entities/community/points-rule";
import { Reward } from "../entities/community/reward";
import { cursorOf, Page, PageArgs, Sort, windowOf } from "../db/keyset-page";
import { UUID_KEY } from "../db/row-key";
import { listLoader, loaderByKey, perArguments } from "./loader-by-key";

const NEWEST_FIRST: Sort = { name: "CREATED_AT", property: "createdAt", kind: "timestamp", direction: "DESC" };

/** The points ledger: accounts by holder, recent entries of an account, rules and rewards of an organisation. */
export function pointsLoaders(dataSource: DataSource) {
  const accounts = dataSource.getRepository(PointsAccount);
  return {
    pointsAccount: loaderByKey(dataSource, PointsAccount, "id"),
    pointsEntry: loaderByKey(dataSource, PointsEntry, "id"),
    reward: loaderByKey(dataSource, Reward, "id"),
    /** A person's account; null before their first entry. */
    pointsAccountOfPerson: new DataLoader<string, PointsAccount | null>(async (personIds) => {
      const rows = await accounts.findBy({ kind: PointsAccountKind.PERSON, personId: In([...personIds]) });
      return personIds.map((id) => rows.find((row) => row.personId === id) ?? null);
    }),
    /** An organisation's pool; null before its first entry. */
    poolOfOrganization: new DataLoader<string, PointsAccount | null>(async (organizationIds) => {
      const rows = await accounts.findBy({ kind: PointsAccountKind.POOL, organizationId: In([...organizationIds]) });
      return organizationIds.map((id) => rows.find((row) => row.organizationId === id) ?? null);
    }),
    pointsRulesOfOrganization: listLoader(dataSource, PointsRule, "organizationId", { activityKind: "ASC" }),
    rewardsOfOrganization: listLoader(dataSource, Reward, "organizationId", { createdAt: "ASC", id: "ASC" }),
    /** The newest `first` entries to or from each account, newest first; one statement for the batch. */
    entriesOfAccount: perArguments(({ first }: { first: number }) =>
      new DataLoader<string, PointsEntry[]>(async (accountIds) => {
        const rows: { account_id: string; id: string }[] = await dataSource.query(
          `SELECT a.id AS account_id, e.id FROM unnest($1::uuid[]) AS a(id)
           CROSS JOIN LATERAL (
             SELECT id, created_at FROM (
               (SELECT id, created_at FROM points_entry WHERE from_account_id = a.id ORDER BY created_at DESC, id DESC LIMIT $2)
               UNION ALL (SELECT id, created_at FROM points_entry WHERE to_account_id = a.id ORDER BY created_at DESC, id DESC LIMIT $2)) AS both_sides
             ORDER BY created_at DESC, id DESC LIMIT $2) AS e`,
          [[...accountIds], first],
        );
        const entries = await dataSource.getRepository(PointsEntry).findBy({ id: In(rows.map((row) => row.id)) });
        const byId = new Map(entries.map((entry) => [entry.id, entry]));
        return accountIds.map((id) => rows.filter((row) => row.account_id === id).map((row) => byId.get(row.id)!));
      }),
    ),
    /**
     * A page of each account's entries, newest first, forward only (first, after): each side's index range read up to
     * the page's end, so a pool with many entries costs a page, not its history. One statement for the batch.
     */
    ledgerEntriesOfAccount: perArguments((args: PageArgs) =>
      new DataLoader<string, Page<PointsEntry>>(async (accountIds) => {
        const window = windowOf(args, NEWEST_FIRST, UUID_KEY);
        const [afterTime, afterId] = window.after ?? [null, null];
        const before = `($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))`;
        const rows: { account_id: string; id: string }[] = window.limit === 0 ? [] : await dataSource.query(
          `SELECT a.id AS account_id, e.id FROM unnest($1::uuid[]) AS a(id)
           CROSS JOIN LATERAL (
             SELECT id, created_at FROM (
               (SELECT id, created_at FROM points_entry WHERE from_account_id = a.id AND ${before} ORDER BY created_at DESC, id DESC LIMIT $2)
               UNION ALL (SELECT id, created_at FROM points_entry WHERE to_account_id = a.id AND ${before} ORDER BY created_at DESC, id DESC LIMIT $2)) AS both_sides
             ORDER BY created_at DESC, id DESC LIMIT $2) AS e
           ORDER BY e.created_at DESC, e.id DESC`,
          [[...accountIds], window.limit + 1, afterTime, afterId],
        );
        const entries = await dataSource.getRepository(PointsEntry).findBy({ id: In(rows.map((row) => row.id)) });
        const byId = new Map(entries.map((entry) => [entry.id, entry]));
        return accountIds.map((accountId) => {
          const all = rows.filter((row) => row.account_id === accountId).map((row) => byId.get(row.id)!);
          return {
            nodes: all.slice(0, window.limit),
            cursorOf: (entry: PointsEntry) => cursorOf(NEWEST_FIRST, entry),
            hasNextPage: all.length > window.limit,
            // Paging forward, whether entries come before `after` is not read (Relay allows false).
            hasPreviousPage: false,
            totalCount: async () => {
              const [{ count }]: { count: number }[] = await dataSource.query(`SELECT count(*)::int AS count FROM points_entry WHERE from_account_id = $1 OR to_account_id = $1`, [accountId]);
              return count;
            },
          };
        });
      }),
    ),
  };
}
