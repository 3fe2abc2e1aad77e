import type { Viewer } from "../auth/viewer";
import type { Locale } from "../i18n/locale";
import type { RequestScope } from "../db/request-scope";
import type { Loaders } from "../loaders";
import type { Services } from "../services";
import type { Event } from "../entities/event";
import type { EventStream } from "../events/event-stream";

/** What every resolver gets for one request or WebSocket operation. */
export interface Context {
  viewer: Viewer;
  /** The caller's network address, for throttling sign-in attempts. */
  client: string;
  /** The language messages are shown in: from Accept-Language, or a WebSocket's `locale` connection parameter. */
  locale: Locale;
  /** An HTTP request's own record (its id, statements, idempotency key); none for a WebSocket's operations. */
  scope?: RequestScope;
  loaders: Loaders;
  services: Services;
  events: EventStream;
  /**
   * Loaders of this event, shared by every subscriber resolving it: a long-lived subscription sees
   * each object as it is after the event, read once for all.
   */
  useLoadersOf(event: Event): void;
}
