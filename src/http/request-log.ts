import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../logger";

declare module "http" {
  interface IncomingMessage {
    /** The request's id: the caller's `x-request-id` when it is a plausible one, otherwise a new UUID. */
    id?: string;
  }
}

const QUIET_PATHS = new Set(["/healthz", "/readyz", "/metrics"]);
const GIVEN_ID = /^[\w.-]{1,100}$/;

/**
 * Gives the request its id (echoed in `x-request-id`) and logs one line when its response is
 * finished. Only the method, path, status and time are logged, never headers: no credential
 * reaches the log. pino-http did this before and cost ~12 % of a small request's CPU, most of it
 * serialising and redacting the request into a child logger built for every request whatever the
 * level (bench/results/2026-12-05-issue-12-quiet-machine.md).
 */
export function requestLog(log: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const given = req.headers["x-request-id"];
    const id = typeof given === "string" && GIVEN_ID.test(given) ? given : randomUUID();
    req.id = id;
    res.setHeader("x-request-id", id);
    if (log.isLevelEnabled("info") && !QUIET_PATHS.has(req.url ?? "")) {
      const started = performance.now();
      res.once("finish", () =>
        log.info(
          { reqId: id, method: req.method, url: req.url, status: res.statusCode, ms: Math.round((performance.now() - started) * 10) / 10 },
          "request completed",
        ),
      );
    }
  };
}
