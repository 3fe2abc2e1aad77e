import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { type DocumentNode, execute, type ExecutionResult, GraphQLError, type GraphQLSchema } from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import { inRequestScope, type RequestScope } from "../db/request-scope";

const SEEN_ONCE = Symbol("seen once");

/** What executed an operation. */
export type Executor = "compiled" | "graphql-js";

/**
 * Queries over HTTP run by graphql-jit. Each operation of a parsed document is compiled when it is
 * asked a second time (Apollo keeps one parsed document per query text) into a function that
 * resolves its selection without graphql-js's walk of every field: argument coercion, field lookup
 * and completion cost a sixth of Q1's CPU (bench/results/2026-12-05-issue-12-quiet-machine.md). Mutations (in
 * their request's scope), and any operation graphql-jit cannot compile, run on graphql-js. Given to Apollo Server as
 * a gateway, its hook for replacing the executor. Subscriptions' events are executed the same way
 * (events/shared-execution.ts).
 */
export function compiledExecution(schema: GraphQLSchema, executed: (by: Executor) => void): GatewayInterface {
  const compiledQuery = operationCompiler(schema);
  const executor: GatewayExecutor = async ({ document, operation, operationName, context, request }) => {
    // Run already by the known-query lane (http/known-queries.ts), which left its errors to Apollo to answer.
    const ranBefore = (context as { scope?: RequestScope }).scope?.handedOver?.result;
    if (ranBefore) {
      executed("compiled");
      return withGraphQLErrors(ranBefore);
    }
    const query = operation.operation === "query" ? compiledQuery(document, operationName) : null;
    if (query) {
      const result = await query.query(undefined, context, request.variables ?? {});
      // No data: the variables were refused before any resolver ran. graphql-js words that refusal
      // with the nodes Apollo tells a client's bad input by, so it is asked again.
      if (result.data !== undefined) {
        executed("compiled");
        return withGraphQLErrors(result);
      }
    }
    executed("graphql-js");
    const run = async () => execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
    // A mutation's services read its request id and idempotency key from its scope (db/request-scope.ts).
    const scope = (context as { scope?: RequestScope }).scope;
    return operation.operation === "mutation" && scope ? inRequestScope(scope, run) : run();
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => undefined;
    },
    load: async () => ({ executor }),
    stop: async () => undefined,
  };
}

/**
 * The compiled form of each operation of a parsed document, made when it is asked a second time: a query asked
 * once (a fuzzer's, a one-off script's) would cost more to compile than to run. Null until then, and for an
 * operation graphql-jit cannot compile.
 */
export function operationCompiler(schema: GraphQLSchema): (document: DocumentNode, operationName: string | null) => CompiledQuery | null {
  // Per document, per operation: SEEN_ONCE after its first run, then what compiling it gave.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | typeof SEEN_ONCE | null>>();
  return (document, operationName) => {
    let operations = compiled.get(document);
    if (!operations) compiled.set(document, (operations = new Map()));
    const name = operationName ?? "";
    const known = operations.get(name);
    if (known === undefined) {
      operations.set(name, SEEN_ONCE);
      return null;
    }
    if (known !== SEEN_ONCE) return known;
    const query = compileOrNull(schema, document, operationName);
    operations.set(name, query);
    return query;
  };
}

/** `document`'s operation compiled by graphql-jit, or null for an operation it cannot compile. */
export function compileOrNull(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): CompiledQuery | null {
  try {
    const result = compileQuery(schema, document, operationName ?? undefined);
    return isCompiledQuery(result) ? result : null;
  } catch {
    // Something graphql-jit does not support: graphql-js runs it.
    return null;
  }
}

/**
 * graphql-jit's errors are of a class of its own, with no `extensions` unless the error it wraps had
 * some; error formatting (schema/errors.ts) expects graphql-js's, as the WebSocket path gives them.
 */
export function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors) return result;
  const errors = result.errors.map((error) => {
    const made = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
    if (error.locations) Object.defineProperty(made, "locations", { value: error.locations, enumerable: true });
    return made;
  });
  return { ...result, errors };
}
