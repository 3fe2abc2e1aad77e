import pino from "pino";

export type { Logger } from "pino";

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: "cogov" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "***" },
  });
}
