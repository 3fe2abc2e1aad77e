import type { WebSocket, WebSocketServer } from "ws";

/**
 * Pings every WebSocket once an interval and ends those that did not answer the previous ping: a peer
 * that vanished without closing (a dropped mobile link) would otherwise keep its subscriptions open.
 */
export function keepAlive(server: WebSocketServer, intervalMs: number): NodeJS.Timeout {
  const answered = new WeakSet<WebSocket>();
  server.on("connection", (socket: WebSocket) => {
    answered.add(socket);
    socket.on("pong", () => answered.add(socket));
  });
  return setInterval(() => {
    for (const socket of server.clients) {
      if (!answered.has(socket)) {
        socket.terminate();
        continue;
      }
      answered.delete(socket);
      socket.ping();
    }
  }, intervalMs);
}
