import pino from "pino";
import pretty from "pino-pretty";
import type { LogFormat } from "./config";

export type { Logger } from "pino";

export function createLogger(level: string, format: LogFormat = "json") {
  const options: pino.LoggerOptions = {
    level,
    base: { service: "cogov" },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers.authorization", "req.headers.cookie"], censor: "***" },
  };
  if (format === "json") return pino(options);
  // Written in this thread, as JSON lines are: a line logged just before an exit is not lost.
  return pino(options, pretty({ sync: true, colorize: Boolean(process.stdout.isTTY), translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,service" }));
}
