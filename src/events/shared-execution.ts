import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from "graphql";

type Results = Map<string, Promise<ExecutionResult> | ExecutionResult>;

/**
 * graphql-ws's `subscribe`, executing each event once for all subscribers that sent the same
 * operation as the same reader: the stream hands one event object to all of them, so the result
 * is kept with that object and goes when it goes. `readerOf` names whatever the result depends on
 * besides the operation (who reads, in which language).
 */
export function subscribeSharingResults(readerOf: (contextValue: unknown) => string) {
  const resultsByEvent = new WeakMap<object, Results>();
  return async (args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> => {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const operation = JSON.stringify([print(args.document), args.operationName ?? null, args.variableValues ?? null, readerOf(args.contextValue)]);
    const resultOf = (event: unknown) => {
      if (typeof event !== "object" || event === null) return execute({ ...args, rootValue: event });
      let results = resultsByEvent.get(event);
      if (!results) resultsByEvent.set(event, (results = new Map()));
      let result = results.get(operation);
      if (!result) results.set(operation, (result = execute({ ...args, rootValue: event })));
      return result;
    };
    const events = source[Symbol.asyncIterator]();
    const results: AsyncIterableIterator<ExecutionResult> = {
      async next() {
        const step = await events.next();
        return step.done ? { done: true, value: undefined } : { done: false, value: await resultOf(step.value) };
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
