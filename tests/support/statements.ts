import type { DataSource } from "typeorm";
import { currentRequestScope } from "../../src/db/request-scope";

export interface LoggedStatement {
  text: string;
  parameters: unknown[];
  /** Whether an HTTP request's scope was current: it ran for a request, not for a subscription or a sweep. */
  inRequest: boolean;
}

/** Runs `work` and returns the statements the data source ran meanwhile, as its logger saw them. */
export async function statementsDuring(dataSource: DataSource, work: () => Promise<unknown>): Promise<LoggedStatement[]> {
  const statements: LoggedStatement[] = [];
  const logQuery = dataSource.logger.logQuery.bind(dataSource.logger);
  const spy = jest.spyOn(dataSource.logger, "logQuery").mockImplementation((query, parameters, runner) => {
    // A named statement (prepared-statement.ts) comes as its name and text.
    const text = typeof query === "string" ? query : (query as { text: string }).text;
    statements.push({ text, parameters: (parameters ?? []) as unknown[], inRequest: currentRequestScope() !== undefined });
    logQuery(query, parameters, runner);
  });
  try {
    await work();
    return statements;
  } finally {
    spy.mockRestore();
  }
}
