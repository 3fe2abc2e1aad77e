import type { Viewer } from "../auth/viewer";
import type { Loaders } from "../loaders";
import type { Services } from "../services";

/** What every resolver gets for one request or WebSocket operation. */
export interface Context {
  viewer: Viewer;
  /** The caller's network address, for throttling sign-in attempts. */
  client: string;
  loaders: Loaders;
  services: Services;
}
