import { createSourceEventStream, execute, print, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { isDatabaseUnavailable } from "../db/outage";
import type { Event } from "../entities/event";
import { type Executor, operationCompiler, withGraphQLErrors } from "../schema/compiled-execution";
import { eventCursor } from "../schema/subscription.types";
import { retryThroughOutage } from "./outage-retry";

type Results = Map<string, Promise<ExecutionResult>>;

/**
 * graphql-ws's `subscribe`, executing each event once for all subscribers that sent the same
 * operation as the same reader: the stream hands one event object to all of them, so the result
 * is kept with that object and goes when it goes. `readerOf` names whatever the result depends on
 * besides the operation (who reads, with which rights, in which language), asked for each event. An operation run for a
 * second event is compiled by graphql-jit, as HTTP queries are. An event whose objects cannot be read for
 * an outage is executed again, never skipped; if that fails for too long the subscription ends with
 * SERVICE_UNAVAILABLE and the cursor to resume after.
 */
export function subscribeSharingResults(schema: GraphQLSchema, readerOf: (contextValue: unknown) => string, retryForMs: number, executed: (by: Executor) => void) {
  const resultsByEvent = new WeakMap<object, Results>();
  const compiledQuery = operationCompiler(schema);
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const operation = operationKey(args);
    const resultOf = (event: Event) => {
      let results = resultsByEvent.get(event);
      if (!results) resultsByEvent.set(event, (results = new Map()));
      // Named again for each event: a live connection's reader may have changed since it subscribed.
      const key = `${operation} ${readerOf(args.contextValue)}`;
      let result = results.get(key);
      if (!result) {
        const compiled = compiledQuery(args.document, args.operationName ?? null);
        executed(compiled ? "compiled" : "graphql-js");
        const run = compiled
          ? async () => withGraphQLErrors(await compiled.query(event, args.contextValue, args.variableValues ?? {}))
          : () => execute({ ...args, rootValue: event });
        results.set(key, (result = deliverable(run, event, retryForMs)));
      }
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
