import type { Viewer } from "../auth/viewer";
import type { Event } from "../entities/event";
import type { EventStream } from "./event-stream";

/**
 * A subscription's events, matched for its viewer as it is when each event is read and again when it
 * is handed over: a WebSocket's viewer may narrow while it streams (a member removed, a role changed),
 * and the events matched for its former rights but still waiting must not reach it.
 */
export function liveViewerEvents(
  source: { readonly viewer: Viewer; readonly events: EventStream },
  after: bigint | undefined,
  matcherFor: (viewer: Viewer) => (event: Event) => boolean,
): AsyncIterableIterator<Event> {
  let matchedFor: Viewer | undefined;
  let matcher: (event: Event) => boolean = () => false;
  const matches = (event: Event) => {
    // A matcher is made once per viewer, not per event: viewers change seldom.
    if (source.viewer !== matchedFor) matcher = matcherFor((matchedFor = source.viewer));
    return matcher(event);
  };
  const events = source.events.subscribe(after, matches);
  const matching: AsyncIterableIterator<Event> = {
    async next() {
      for (;;) {
        const step = await events.next();
        if (step.done || matches(step.value)) return step;
      }
    },
    return: () => events.return(),
    throw: (error: unknown) => events.throw(error),
    [Symbol.asyncIterator]: () => matching,
  };
  return matching;
}
