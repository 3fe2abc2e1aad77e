import type { IncomingMessage } from "node:http";

/** The caller's address, as express's `req.ip` tells it: behind a trusted proxy, the first X-Forwarded-For hop. */
export function clientAddress(request: IncomingMessage, trustProxy: boolean): string {
  const forwarded = request.headers["x-forwarded-for"];
  if (trustProxy && typeof forwarded === "string") return forwarded.split(",")[0].trim();
  return request.socket.remoteAddress ?? "unknown";
}
