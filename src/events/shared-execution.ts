import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { isDatabaseUnavailable } from "../db/outage";
import type { Event } from "../entities/event";
import { type Executor, operationCompiler, withGraphQLErrors } from "../schema/compiled-execution";
import { eventCursor } from "../schema/subscription.types";
import { retryThroughOutage } from "./outage-retry";
import type { SubscriptionReaders } from "./subscription-readers";

/** One event's results: for any reader of an operation in a language, and for each reader apart. */
interface Results {
  /** Settles to the result every reader gets, or to undefined where readers' results may differ. */
  anyReader: Map<string, Promise<ExecutionResult | undefined>>;
  byReader: Map<string, Promise<ExecutionResult>>;
}

/**
 * graphql-ws's `subscribe`, executing each event once for all subscribers that sent the same
 * operation and cannot be told apart: the stream hands one event object to all of them, so the result
 * is kept with that object and goes when it goes. The first subscriber's execution watches whether any
 * resolver asks who reads (`readers.watched`); if none did and nothing failed, every reader in that language
 * gets its result, else each reader (`readers.keyOf`) gets one executed for it. An operation run for a
 * second event is compiled by graphql-jit, as HTTP queries are. An event whose objects cannot be read for
 * an outage is executed again, never skipped; if that fails for too long the subscription ends with
 * SERVICE_UNAVAILABLE and the cursor to resume after.
 */
export function subscribeSharingResults(schema: GraphQLSchema, readers: SubscriptionReaders, retryForMs: number, executed: (by: Executor) => void) {
  const resultsByEvent = new WeakMap<object, Results>();
  const compiledQuery = operationCompiler(schema);
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const operation = operationKey(args);
    const execution = (event: Event, contextValue: unknown) => {
      const compiled = compiledQuery(args.document, args.operationName ?? null);
      executed(compiled ? "compiled" : "graphql-js");
      const run = compiled
        ? async () => withGraphQLErrors(await compiled.query(event, contextValue, args.variableValues ?? {}))
        : () => execute({ ...args, contextValue, rootValue: event });
      return deliverable(run, event, retryForMs);
    };
    const resultOf = async (event: Event): Promise<ExecutionResult> => {
      let results = resultsByEvent.get(event);
      if (!results) resultsByEvent.set(event, (results = { anyReader: new Map(), byReader: new Map() }));
      const audience = `${operation} ${readers.audienceOf(args.contextValue)}`;
      // Named again for each event: a live connection's reader may have changed since it subscribed.
      const reader = `${audience} ${readers.keyOf(args.contextValue)}`;
      let anyReader = results.anyReader.get(audience);
      if (!anyReader) {
        let told = false;
        const own = execution(event, readers.watched(args.contextValue, () => (told = true)));
        results.byReader.set(reader, own);
        anyReader = own.then((result) => (told || result.errors ? undefined : result), () => undefined);
        results.anyReader.set(audience, anyReader);
      }
      const shared = await anyReader;
      if (shared) return shared;
      let result = results.byReader.get(reader);
      if (!result) results.byReader.set(reader, (result = execution(event, args.contextValue)));
      return result;
    };
    const events = source[Symbol.asyncIterator]();
    const results: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        try {
          const step = await events.next();
          return step.done ? { done: true, value: undefined } : { done: false, value: await resultOf(step.value as Event) };
        } catch (error) {
          // for await does not close an iterator whose next() failed: unregister the subscriber here.
          await events.return?.();
          throw error;
        }
      },
      async return() {
        await events.return?.();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
        await events.return?.();
        throw error;
      },
      [Symbol.asyncIterator]: () => results,
    };
    return results;
  };
}

// Subscribers of one text share its document (query-cost.ts), so they share its key too: one string, not a copy each.
const documentKeys = new WeakMap<DocumentNode, string>();

/** What the result depends on in the request itself: the document, the operation named and the variables. */
function operationKey(args: ExecutionArgs): string {
  let documentKey = documentKeys.get(args.document);
  if (documentKey === undefined) documentKeys.set(args.document, (documentKey = JSON.stringify([print(args.document)])));
  const variables = args.variableValues && Object.keys(args.variableValues).length > 0 ? args.variableValues : null;
  return args.operationName == null && variables === null ? documentKey : JSON.stringify([documentKey, args.operationName ?? null, variables]);
}

/** The event's result (`run`), executed again while an outage keeps its objects from being read. */
function deliverable(run: () => Promise<ExecutionResult> | ExecutionResult, event: Event, retryForMs: number): Promise<ExecutionResult> {
  const resumeAfter = eventCursor((BigInt(event.position) - 1n).toString());
  return retryThroughOutage(
    async () => run(),
    { resumeAfter, retryForMs },
    (result) => !!result.errors?.some((error) => isDatabaseUnavailable(error)),
  );
}
