import type { IncomingMessage, ServerResponse } from "node:http";
import { type DocumentNode, getOperationAST, type GraphQLSchema, parse, validate } from "graphql";
import type { CompiledQuery } from "graphql-jit";
import type { BudgetCharge } from "../auth/rate-limit";
import { compileOrNull } from "../schema/compiled-execution";
import type { Context } from "../schema/context";
import { checkQueryLimits, costExtension, type QueryLimits, type QueryMeasure } from "../schema/query-cost";

export interface KnownQueryOptions {
  schema: GraphQLSchema;
  limits: QueryLimits;
  /** Spends an operation's cost from its caller's budget: the same charge Apollo's limits plugin makes. */
  charge: (context: Context, measure: QueryMeasure) => Promise<BudgetCharge>;
  /** What `extensions.cost` reports besides the cost and the limit, for a spent charge. */
  costReport: (context: Context, charge: BudgetCharge & { allowed: true }) => Record<string, number>;
  /** Records an operation answered here as Apollo's plugins record theirs (metrics, the log line). */
  answered: (context: Context, operationName: string | null, started: bigint) => void;
}

// Apollo Server's answer to each Accept header that is common enough to keep (chooseContentTypeForSingleResultResponse);
// any other Accept goes to Apollo, which negotiates it.
const CONTENT_TYPE_BY_ACCEPT = new Map<string | undefined, string>([
  [undefined, "application/json; charset=utf-8"],
  ["*/*", "application/json; charset=utf-8"],
  ["application/json", "application/json; charset=utf-8"],
  ["application/graphql-response+json", "application/graphql-response+json; charset=utf-8"],
  ["application/graphql-response+json, application/json", "application/graphql-response+json; charset=utf-8"],
  ["application/graphql-response+json,application/json;q=0.9", "application/graphql-response+json; charset=utf-8"],
]);

/**
 * Queries seen before, answered without Apollo Server's request pipeline: its plugin hooks, the query's hash and
 * the content negotiation were a third of Q2's CPU (bench/results/2026-12-06-issue-12-known-queries.md). The lane
 * does what those plugins do for such a query (limits, the budget's charge, `extensions.cost`, metrics and the
 * log line) and answers only a result without errors. Anything else (a mutation, a first sighting, an unusual
 * body or Accept header, a refusal, an error) is handed to Apollo, with the charge and any result on the
 * request's scope, so that the error answers have one source.
 */
export class KnownQueries {
  // Texts asked once; texts asked again, with their valid document and compiled operations (null: invalid).
  private readonly seenOnce = new Set<string>();
  private readonly known = new Map<string, KnownText | null>();

  constructor(private readonly options: KnownQueryOptions) {}

  /** Answers the request and returns true, or returns false for Apollo to answer it (with `context`). */
  async answer(req: IncomingMessage & { body?: unknown }, res: ServerResponse, context: () => Promise<Context>): Promise<boolean> {
    const started = process.hrtime.bigint();
    const contentType = CONTENT_TYPE_BY_ACCEPT.get(req.headers.accept);
    const body = req.body as { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown } | undefined;
    if (contentType === undefined || req.method !== "POST" || typeof body !== "object" || body === null || Array.isArray(body)) return false;
    const { query, variables, operationName, extensions } = body;
    if (typeof query !== "string" || extensions !== undefined || !isVariables(variables) || !(operationName == null || typeof operationName === "string")) return false;
    const compiled = this.compiled(query, operationName ?? null);
    if (!compiled) return false;
    const { schema, limits } = this.options;
    let contextValue: Context;
    let measure: QueryMeasure;
    try {
      contextValue = await context();
      measure = checkQueryLimits(schema, compiled.document, variables, limits, operationName);
    } catch {
      return false;
    }
    const { scope } = contextValue;
    if (!scope) return false;
    const charge = await this.options.charge(contextValue, measure);
    if (!charge.allowed) {
      scope.handedOver = { charge };
      return false;
    }
    const result = await compiled.query.query(undefined, contextValue, variables ?? {});
    if (result.errors || result.data === undefined) {
      // Without data the variables were refused before anything ran: Apollo's executor words that refusal itself.
      scope.handedOver = result.data === undefined ? { charge } : { charge, result };
      return false;
    }
    const cost = costExtension(measure, limits, this.options.costReport(contextValue, charge));
    res.statusCode = 200;
    res.setHeader("content-type", contentType);
    res.end(JSON.stringify({ data: result.data, extensions: { cost } }));
    this.options.answered(contextValue, compiled.operationName, started);
    return true;
  }

  /**
   * The query operation of `text` named `operationName`, compiled, from the text's second asking: a text asked once
   * (a fuzzer's, a one-off script's) is only noted, and Apollo alone parses it. Null for anything else.
   */
  private compiled(text: string, operationName: string | null): { document: DocumentNode; query: CompiledQuery; operationName: string | null } | null {
    let known = this.known.get(text);
    if (known === undefined) {
      if (text.length > KEPT_TEXT_LENGTH) return null;
      if (!this.seenOnce.has(text)) {
        if (this.seenOnce.size >= TEXTS_NOTED) this.seenOnce.clear();
        this.seenOnce.add(text);
        return null;
      }
      this.seenOnce.delete(text);
      known = this.documentOf(text);
      // The least recently used leaves first (the map's first key).
      if (this.known.size >= TEXTS_KEPT) this.known.delete(this.known.keys().next().value!);
    } else {
      this.known.delete(text);
    }
    this.known.set(text, known);
    if (!known) return null;
    const name = operationName ?? "";
    let operation = known.operations.get(name);
    if (operation === undefined) {
      const definition = getOperationAST(known.document, operationName);
      operation = definition?.operation === "query" ? { query: compileOrNull(this.options.schema, known.document, operationName), name: definition.name?.value ?? null } : null;
      known.operations.set(name, operation);
    }
    return operation?.query ? { document: known.document, query: operation.query, operationName: operation.name } : null;
  }

  /** The text's document if it is valid, else null (Apollo answers with the syntax or validation errors). */
  private documentOf(text: string): KnownText | null {
    try {
      const document = parse(text);
      return validate(this.options.schema, document).length === 0 ? { document, operations: new Map() } : null;
    } catch {
      return null;
    }
  }
}

interface KnownText {
  document: DocumentNode;
  /** By operation name ("" for none): the query compiled, or null for an operation that is not a query. */
  operations: Map<string, { query: CompiledQuery | null; name: string | null } | null>;
}

/**
 * Texts noted as asked once before they are forgotten, and texts kept with their documents and compiled operations:
 * at most this many, each at most KEPT_TEXT_LENGTH long (what a client's query takes; a longer one goes to Apollo).
 */
const TEXTS_NOTED = 1_000;
const TEXTS_KEPT = 200;
const KEPT_TEXT_LENGTH = 16_384;

function isVariables(value: unknown): value is Record<string, unknown> | null | undefined {
  return value == null || (typeof value === "object" && !Array.isArray(value));
}
