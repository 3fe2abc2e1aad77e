import { randomInt } from "node:crypto";
import type { EntityManager } from "typeorm";
import { EventType } from "../src/entities/event";
import { latestEventPosition, readEvents } from "../src/events/event-reader";
import { NewEvent, recordEvents } from "../src/events/outbox";
import { startTestServer, TestServer } from "./support/test-server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const WRITERS = 20;
const EVENTS_PER_WRITER = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// 10,000 events from 20 writers take ~5 s here, over a minute on a machine busy with other work.
const GENEROUS_TIMEOUT_MS = 240_000;

describe("event positions a reader can trust", () => {
  it("delivers 20 concurrent writers' 10,000 events exactly once, in position order, to a reader that reconnects at random", async () => {
    const { dataSource } = server;
    let writing = true;
    // Writers commit transactions of 1–5 events; some linger before committing, to reorder commits. Half
    // draw their positions as they write (not at commit), and work on after, so draws and commits interleave.
    const writers = Array.from({ length: WRITERS }, async (_, writer) => {
      for (let written = 0; written < EVENTS_PER_WRITER; ) {
        const count = Math.min(1 + randomInt(5), EVENTS_PER_WRITER - written);
        await dataSource.transaction(async (manager) => {
          if (randomInt(2) === 0) await manager.query("SET CONSTRAINTS event_placed_at_commit IMMEDIATE");
          // Work before the events, as a real mutation does, so transactions overlap.
          await manager.query("SELECT pg_sleep($1)", [randomInt(3) / 1000]);
          await recordEvents(
            manager,
            Array.from({ length: count }, (_, i) => ({
              type: EventType.NEED_UPDATED,
              entityType: "Test",
              entityId: "00000000-0000-4000-8000-000000000000",
              attributes: { writer, sequence: written + i },
            })),
          );
          await manager.query("SELECT pg_sleep($1)", [randomInt(3) / 1000]);
        });
        written += count;
      }
    });
    const done = Promise.all(writers).then(() => (writing = false));

    const seen: { position: bigint; writer: number; sequence: number }[] = [];
    let cursor = "0";
    let reconnects = 0;
    for (;;) {
      // Whether writing had stopped before this read: only then does an empty read mean the end.
      const finished = !writing;
      // A reconnecting reader keeps only its cursor; it reads on from there in small batches.
      const batch = await readEvents(dataSource, cursor, 1 + randomInt(200));
      for (const event of batch) {
        seen.push({ position: BigInt(event.position), writer: event.attributes.writer as number, sequence: event.attributes.sequence as number });
      }
      if (batch.length > 0) cursor = batch[batch.length - 1].position;
      if (finished && batch.length === 0) break;
      if (randomInt(10) === 0) reconnects += 1;
      else if (batch.length === 0) await sleep(2);
    }
    await done;

    expect(reconnects).toBeGreaterThan(0);
    // Any event written and not read, and whether the reader had passed its position (skipped) or stopped before it.
    const written: { position: string; writer: number; sequence: number }[] = await dataSource.query(
      `SELECT position::text, (attributes->>'writer')::int AS writer, (attributes->>'sequence')::int AS sequence FROM event WHERE entity_type = 'Test' ORDER BY position`,
    );
    const read = new Set(seen.map((event) => event.position.toString()));
    const lastRead = seen.at(-1)?.position ?? 0n;
    expect(written.filter((event) => !read.has(event.position)).map((event) => ({ ...event, skipped: BigInt(event.position) < lastRead }))).toEqual([]);
    expect(seen).toHaveLength(WRITERS * EVENTS_PER_WRITER);
    for (let i = 1; i < seen.length; i++) expect(seen[i].position > seen[i - 1].position).toBe(true);
    const perWriter = new Map<number, number[]>();
    for (const { writer, sequence } of seen) perWriter.set(writer, [...(perWriter.get(writer) ?? []), sequence]);
    for (const sequences of perWriter.values()) expect(sequences).toEqual(Array.from({ length: EVENTS_PER_WRITER }, (_, i) => i));
  }, GENEROUS_TIMEOUT_MS);

  it("holds an event back only while a transaction that drew an earlier position is open; others, writers of events not yet committing included, do not", async () => {
    const { dataSource } = server;
    const marked = (mark: string): NewEvent => ({ type: EventType.NEED_UPDATED, entityType: "Test", entityId: "00000000-0000-4000-8000-000000000000", attributes: { mark } });
    const marks = async (after: bigint) => (await readEvents(dataSource, after.toString(), 100)).map((event) => event.attributes.mark);
    /** Runs `work` in a transaction left open until the returned function is called. */
    const openTransaction = async (work: (manager: EntityManager) => Promise<unknown>) => {
      const runner = dataSource.createQueryRunner();
      await runner.startTransaction();
      await work(runner.manager);
      return async () => {
        await runner.commitTransaction();
        await runner.release();
      };
    };
    const start = await latestEventPosition(dataSource);

    // Open: one that writes elsewhere (it has a transaction id, as any write takes), one that only read, one that wrote an event.
    const endWriterOfOtherRows = await openTransaction((manager) => manager.query(`SELECT pg_current_xact_id()`));
    const endReader = await openTransaction((manager) => manager.query(`SELECT count(*) FROM event`));
    const endEventWriter = await openTransaction((manager) => recordEvents(manager, [marked("committed last")]));
    await dataSource.transaction((manager) => recordEvents(manager, [marked("first")]));
    expect(await marks(start)).toEqual(["first"]);
    await Promise.all([endWriterOfOtherRows(), endReader()]);
    // Its position is drawn as it commits: after the one committed meanwhile.
    await endEventWriter();
    expect(await marks(start)).toEqual(["first", "committed last"]);

    // A transaction that drew its position as it wrote stays open: the next one waits for it, then both are read in order.
    const next = await latestEventPosition(dataSource);
    const endEarlierWriter = await openTransaction(async (manager) => {
      await manager.query("SET CONSTRAINTS event_placed_at_commit IMMEDIATE");
      await recordEvents(manager, [marked("earlier")]);
    });
    await dataSource.transaction((manager) => recordEvents(manager, [marked("later")]));
    expect(await marks(next)).toEqual([]);
    await endEarlierWriter();
    expect(await marks(next)).toEqual(["earlier", "later"]);
  });
});
