import { Client } from "pg";
import { EventType } from "../src/entities/event";
import { EventStream } from "../src/events/event-stream";
import { EVENT_CHANNEL, recordEvents } from "../src/events/outbox";
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
  it("moves a subscriber that falls behind to reading the table at its own pace: memory stays bounded, nothing is lost", async () => {
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
          if (fastSeen.length === 40) return;
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 100));
      // A steady trickle the fast reader keeps up with, while the slow one reads nothing.
      let mostBuffered = 0;
      for (let i = 0; i < 40; i++) {
        await write(1);
        await new Promise((resolve) => setTimeout(resolve, 5));
        mostBuffered = Math.max(mostBuffered, stream.buffered);
      }
      await reading;
      expect(fastSeen).toHaveLength(40);
      // At most a full buffer for each of the two subscribers, never the 40 events.
      expect(mostBuffered).toBeLessThanOrEqual(2 * 5 + 1);
      const slowSeen = [(await firstOfSlow).value!.position];
      while (slowSeen.length < 40) slowSeen.push((await slow.next()).value!.position);
      expect(slowSeen).toEqual(fastSeen);
      await slow.return(undefined);
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

  it("unregisters a subscriber the moment it is closed, while it waits for an event", async () => {
    const stream = new EventStream(server.dataSource, server.databaseUrl, createLogger("silent"));
    await stream.start();
    try {
      const events = stream.subscribe(undefined, () => true);
      const waiting = events.next();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stream.subscriberCount).toBe(1);
      const closing = events.return();
      expect(stream.subscriberCount).toBe(0);
      await expect(waiting).resolves.toEqual({ done: true, value: undefined });
      await closing;
    } finally {
      await stream.stop();
    }
  });
});

describe("waking readers", () => {
  let peer: Client;
  const notifiedBy: number[] = [];
  beforeAll(async () => {
    // As another instance listens.
    peer = new Client({ connectionString: server.databaseUrl });
    await peer.connect();
    peer.on("notification", ({ processId }) => notifiedBy.push(processId));
    await peer.query(`LISTEN ${EVENT_CHANNEL}`);
  });
  afterAll(() => peer.end());

  const listenerPids = async (): Promise<number[]> =>
    (await server.dataSource.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'cogov-events' AND datname = current_database()`)).map(
      (row: { pid: number }) => row.pid,
    );
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200));
  /** Until a notification has arrived (or 10 s have passed), then a moment for any that follow it. */
  const notified = async () => {
    for (let waited = 0; notifiedBy.length === 0 && waited < 10_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    await settle();
  };

  it("is left to the instance that wrote the events, after they commit: the writing transactions notify nobody", async () => {
    await settle();
    notifiedBy.length = 0;
    await Promise.all(Array.from({ length: 20 }, () => write(2)));
    await recordEvents(server.dataSource.manager, [{ type: EventType.NEED_UPDATED, entityType: "Test", entityId: "00000000-0000-4000-8000-000000000000" }]);
    await notified();
    expect(notifiedBy.length).toBeGreaterThan(0);
    // At most one per committed write (fewer when they come together), never one per event.
    expect(notifiedBy.length).toBeLessThanOrEqual(21);
    expect(await listenerPids()).toEqual(expect.arrayContaining([...new Set(notifiedBy)]));
  });

  it("is not asked of a transaction that rolls back", async () => {
    await settle();
    notifiedBy.length = 0;
    await expect(
      server.dataSource.transaction(async (manager) => {
        await recordEvents(manager, [{ type: EventType.NEED_UPDATED, entityType: "Test", entityId: "00000000-0000-4000-8000-000000000000" }]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await settle();
    expect(notifiedBy).toEqual([]);
    await write(1);
    await notified();
    expect(notifiedBy).toHaveLength(1);
    expect(await listenerPids()).toContain(notifiedBy[0]);
  });
});
