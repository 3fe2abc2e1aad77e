import { rightsKey, type Viewer } from "../auth/viewer";
import type { Context } from "../schema/context";

/** What a subscription's result may depend on besides its operation, told from the subscriber's context. */
export interface SubscriptionReaders {
  /** Who reads, with which rights, in which language: subscribers with the same key get the same result. */
  keyOf(contextValue: unknown): string;
  /** What every result depends on whoever reads it: the language its messages and labels are written in. */
  audienceOf(contextValue: unknown): string;
  /** The context as it is, except that `told` is called whenever a resolver asks who reads. */
  watched(contextValue: unknown, told: () => void): unknown;
}

/** Readers told apart by the viewer's rights and the locale; only `viewer` and `client` say who reads. */
export const CONTEXT_READERS: SubscriptionReaders = {
  keyOf: (contextValue) => `${rightsKey((contextValue as Context).viewer)} ${(contextValue as Context).locale}`,
  audienceOf: (contextValue) => (contextValue as Context).locale,
  watched: (contextValue, told) => {
    const context = contextValue as Context;
    let viewer: Viewer | undefined;
    // The context's other members (loaders, services, locale) are read through the prototype, as they are.
    return Object.create(context, {
      viewer: { get: () => (viewer ??= watchedViewer(context.viewer, told)) },
      client: { get: () => (told(), context.client) },
    }) as Context;
  },
};

/**
 * The viewer, calling `told` on any look inside it. Passing it on is not a look: a public object's checks
 * (canSeeProject for a project that is not a draft, say) take the viewer and never read it.
 */
function watchedViewer(viewer: Viewer, told: () => void): Viewer {
  return new Proxy(viewer, {
    get: (target, property) => (told(), Reflect.get(target, property)),
    has: (target, property) => (told(), Reflect.has(target, property)),
    ownKeys: (target) => (told(), Reflect.ownKeys(target)),
    getOwnPropertyDescriptor: (target, property) => (told(), Reflect.getOwnPropertyDescriptor(target, property)),
    getPrototypeOf: (target) => (told(), Reflect.getPrototypeOf(target)),
  });
}
