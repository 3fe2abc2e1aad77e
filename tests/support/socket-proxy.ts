import net from "node:net";

/**
 * A TCP proxy in front of a server, to play the network: it can cut every open connection at once
 * and refuse new ones for a while (each is closed as soon as it is accepted).
 */
export class SocketProxy {
  /** Connections accepted and passed on to the server. */
  passed = 0;
  /** Connections closed at once while refusing. */
  refused = 0;
  private readonly sockets = new Set<net.Socket>();
  private refusingUntil = 0;
  private readonly server: net.Server;

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => this.accept(client));
  }

  static async start(targetUrl: string): Promise<SocketProxy> {
    const url = new URL(targetUrl);
    const proxy = new SocketProxy({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** The target's URL with the proxy's port. */
  url(targetUrl: string): string {
    const url = new URL(targetUrl);
    url.port = String((this.server.address() as net.AddressInfo).port);
    return url.toString();
  }

  /** Destroys every open connection, both ways, and refuses new ones for `refuseForMs`. */
  cut(refuseForMs = 0): void {
    this.refusingUntil = Date.now() + refuseForMs;
    for (const socket of this.sockets) socket.destroy();
  }

  private accept(client: net.Socket): void {
    if (Date.now() < this.refusingUntil) {
      this.refused += 1;
      client.destroy();
      return;
    }
    this.passed += 1;
    const upstream = net.connect(this.target);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ]) {
      this.sockets.add(from);
      from.pipe(to);
      from.on("error", () => to.destroy());
      from.on("close", () => {
        this.sockets.delete(from);
        to.destroy();
      });
    }
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
