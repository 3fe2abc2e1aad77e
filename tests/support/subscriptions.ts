import type { Client } from "graphql-ws";
import type { EventStream } from "../../src/events/event-stream";

/** A subscription whose events are collected, with a way to wait for the n-th. */
export function collect<T>(client: Client, query: string, variables: Record<string, unknown>, field: string) {
  const received: T[] = [];
  const errors: unknown[] = [];
  let notify: (() => void) | undefined;
  const stop = client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) received.push(value.data[field]);
        notify?.();
      },
      error: (error) => {
        errors.push(error);
        notify?.();
      },
      complete: () => undefined,
    },
  );
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 10_000;
    while (received.length < count && errors.length === 0 && Date.now() < deadline) await new Promise<void>((resolve) => ((notify = resolve), setTimeout(resolve, 100)));
    return received;
  };
  return { received, errors, waitFor, stop };
}

/** Until the stream holds exactly `count` subscriptions: one not yet registered misses what is posted meanwhile. */
export async function subscriberCount(events: EventStream, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (events.subscriberCount !== count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}
