import express, { Request, Response, Router } from "express";
import type { Pool } from "pg";
import type { DataSource } from "typeorm";
import type { PostgresDriver } from "typeorm/driver/postgres/PostgresDriver";
import type { Authenticator } from "../auth/authenticator";
import { BudgetCharge, budgetSpent } from "../auth/rate-limit";
import type { Viewer } from "../auth/viewer";
import { sendHttpError } from "../http-errors";
import { localeFromAcceptLanguage } from "../i18n/locale";
import { t } from "../i18n/text";
import type { Logger } from "../logger";
import type { Services } from "../services";
import { DomainError } from "../services/errors";
import { CsvExport, streamCsv } from "./csv-stream";
import { needExport } from "./need-export";
import { threeWExport } from "./three-w-export";
import { volunteerHoursExport } from "./volunteer-hours-export";

/** Points one export spends: the default price ceiling of one GraphQL request (COGOV_MAX_QUERY_COST), as it may read a whole table. */
export const EXPORT_COST = 5_000;

/** Exports streaming at once on one instance: each holds a pooled connection while its client reads, so slow clients must not take the pool (20). */
export const MAX_RUNNING_EXPORTS = 5;
const RETRY_WHEN_BUSY_SECONDS = 10;

export interface ExportDependencies {
  dataSource: DataSource;
  authenticator: Authenticator;
  services: Pick<Services, "needs" | "areas">;
  log: Logger;
  /** Spends points of the caller's budget, the one GraphQL requests spend too. */
  charge(viewer: Viewer, client: string, points: number): Promise<BudgetCharge>;
}

/** GET /needs.csv, GET /3w.csv and GET /volunteer-hours.csv, streamed; mount it at /exports. */
export function exportRoutes({ dataSource, authenticator, services, log, charge }: ExportDependencies): Router {
  const pool = (dataSource.driver as PostgresDriver).master as Pool;
  const router = express.Router();
  let running = 0;

  const serve =
    <Row>(prepare: (viewer: Viewer, query: Record<string, unknown>) => Promise<CsvExport<Row>>) =>
    async (request: Request, response: Response): Promise<void> => {
      const locale = localeFromAcceptLanguage(request.get("accept-language"));
      let csv: CsvExport<Row>;
      try {
        const viewer = await authenticator.authenticate(request.headers.authorization);
        csv = await prepare(viewer, request.query);
        if (running >= MAX_RUNNING_EXPORTS) {
          const seconds = RETRY_WHEN_BUSY_SECONDS;
          throw new DomainError("RATE_LIMITED", t("export.tooManyRunning", { limit: MAX_RUNNING_EXPORTS, seconds }), { retryAfterSeconds: seconds });
        }
        // Only a well-formed request that runs is charged, as on the GraphQL endpoint.
        const charged = await charge(viewer, request.ip ?? "unknown", EXPORT_COST);
        if (!charged.allowed) throw budgetSpent(charged, "export.budgetSpent");
      } catch (error) {
        sendHttpError(response, error, locale, log);
        return;
      }
      const started = Date.now();
      running += 1;
      try {
        const rows = await streamCsv(pool, csv, response);
        log.info({ reqId: request.id, export: csv.name, rows, ms: Date.now() - started }, "export streamed");
      } catch (error) {
        if (!response.headersSent) sendHttpError(response, error, locale, log);
        // A client may leave mid-file; a database failing mid-file leaves a cut-short response, which the client notices.
        else if ((error as NodeJS.ErrnoException).code === "ERR_STREAM_PREMATURE_CLOSE") log.info({ reqId: request.id, export: csv.name }, "export left by the client");
        else log.error({ reqId: request.id, export: csv.name, err: error }, "export failed mid-file");
      } finally {
        running -= 1;
      }
    };

  router.get("/needs.csv", serve((viewer, query) => needExport(services, viewer, query)));
  router.get("/3w.csv", serve((viewer, query) => threeWExport(services, viewer, query)));
  router.get("/volunteer-hours.csv", serve((viewer, query) => volunteerHoursExport(services, viewer, query)));
  return router;
}
