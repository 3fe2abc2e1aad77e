import { EventType } from "../src/entities/event";
import { EventStream, SubscriberTooSlow } from "../src/events/event-stream";
import { recordEvents } from "../src/events/outbox";
import { createLogger } from "../src/logger";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const write = (count: number) =>
  server.dataSource.transaction((manager) =>
    recordEvents(
      manager,
      Array.from({ length: count }, () => ({ type: EventType.NEED_UPDATED, entityType: "Test", entityId: "00000000-0000-4000-8000-000000000000" })),
    ),
  );

describe("the event stream of one instance", () => {
  it("cuts off a subscriber that lets more than its buffer wait, and keeps serving the others", async () => {
    const stream = new EventStream(server.dataSource, server.databaseUrl, createLogger("silent"), 5);
    await stream.start();
    try {
      const slow = stream.subscribe(undefined, () => true);
      const fast = stream.subscribe(undefined, () => true);
      const firstOfSlow = slow.next();
      const fastSeen: string[] = [];
      const reading = (async () => {
        for await (const event of fast) {
          fastSeen.push(event.position);
          if (fastSeen.length === 20) return;
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // One at a time, as a steady trickle the fast reader keeps up with.
      for (let i = 0; i < 20; i++) {
        await write(1);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await reading;
      expect(fastSeen).toHaveLength(20);
      expect((await firstOfSlow).done).toBe(false);
      await expect(slow.next()).rejects.toBeInstanceOf(SubscriberTooSlow);
    } finally {
      await stream.stop();
    }
  });

  it("catches up from the table after its listening connection is killed", async () => {
    const stream = new EventStream(server.dataSource, server.databaseUrl, createLogger("silent"));
    await stream.start();
    try {
      const events = stream.subscribe(undefined, () => true);
      const seen: string[] = [];
      const reading = (async () => {
        for await (const event of events) {
          seen.push(event.position);
          if (seen.length === 6) return;
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await write(3);
      await server.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'cogov-events' AND datname = current_database()`);
      await write(3);
      await reading;
      expect(seen).toHaveLength(6);
      expect(new Set(seen).size).toBe(6);
    } finally {
      await stream.stop();
    }
  });
});
