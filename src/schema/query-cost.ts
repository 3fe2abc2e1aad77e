import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveOperation } from "@apollo/server";
import {
  ASTNode, DirectiveNode, DocumentNode, ExecutionArgs, FieldNode, FragmentDefinitionNode, getArgumentValues, getNamedType,
  getNullableType, getOperationAST, getVariableValues, GraphQLCompositeType, GraphQLDirective, GraphQLError,
  GraphQLField, GraphQLIncludeDirective, GraphQLObjectType, GraphQLSchema, GraphQLSkipDirective, isAbstractType,
  isCompositeType, isListType, Kind, parse, SelectionNode, SelectionSetNode, validate, visit,
} from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { t, Text } from "../i18n/text";
import { DomainError } from "../services/errors";
import { DEFAULT_PAGE_SIZE } from "../db/keyset-page";

/*
 * What an operation costs, counted from its document before anything runs: variables resolved,
 * fragments followed, fields dropped by @skip/@include left out, repeated fields merged as
 * execution merges them.
 *
 *   field                                          costs
 *   scalar or enum                                 0; 1 for each name (alias) after its first in one selection
 *   object                                         1 + what it selects
 *   connection (a `…Connection` with first/last)   1 + n + n × what one item selects under `edges { node }` and
 *                                                  `nodes`; `pageInfo` and `totalCount` count once. n = first ??
 *                                                  last ?? 20, as asked even above 100 (the resolver refuses it)
 *   nodes(ids:), _entities(representations:)       as a connection whose n is the number of ids or representations
 *   any other list of objects                      1 + 10 × what it selects (statusHistory, deliveries)
 *   totalCount                                     20, as a page: a count may read every row
 *   each field of a mutation                       10 more
 *   __schema, __type, _service (reading the schema) 100, and no depth
 *   __typename                                     0, and no depth
 *
 * Depth is the longest chain of nested fields: `{ organizations { nodes { name } } }` has depth 3.
 * Where what runs depends on the runtime type (an interface or a union), the dearest type counts.
 *
 * Whatever the cost limit, one request reads the schema at most once (the answer of one
 * introspection is large, and aliases would multiply it), lists a type's members in introspection
 * only once along a path (`fields { type { fields } }` grows with every level), asks for totalCount in
 * at most 100 places (each place is one COUNT statement: a count inside a page counts for all the
 * page's items at once), holds at most one field that hashes a password (signUp, signIn), and selects
 * a scalar field under at most 10 names (aliases) in one selection set, introspection included.
 */

/** A list whose length the data decides is assumed to hold this many items. */
const ASSUMED_LIST_LENGTH = 10;
const MUTATION_COST = 10;
/** A count is priced as a default page (db/keyset-page.ts). */
const COUNT_COST = DEFAULT_PAGE_SIZE;
const MAX_COUNTS = 100;
const SCHEMA_READ_COST = 100;
/** Root fields that answer (a part of) the schema: introspection and federation's SDL. */
const SCHEMA_READS = new Set(["__schema", "__type", "_service"]);
/** Fields of `__Type` that list its members; listed inside one another, they multiply. */
const TYPE_MEMBER_LISTS = new Set(["fields", "inputFields", "enumValues", "interfaces", "possibleTypes"]);
/** Mutations that hash a password (scrypt: tens of milliseconds of CPU and 32 MiB each). */
const PASSWORD_MUTATIONS = new Set(["signUp", "signIn"]);
/** Arguments that fetch one item per element, like a page of that size. */
const KEYED_LIST_ARGUMENTS = ["ids", "representations"];
/** Clients alias a scalar a handful of times (sizes, formats); thousands of aliases repeat one value into megabytes. */
const MAX_NAMES_PER_SCALAR = 10;
/** Fragments spread inside repeated fields grow exponentially; past this, measuring stops and refuses. */
const MAX_SELECTIONS_MEASURED = 20_000;

export interface QueryMeasure {
  cost: number;
  depth: number;
}

export interface QueryLimits {
  maxCost: number;
  maxDepth: number;
}

/** Where a field sits, which changes how it is charged: at a mutation's root, in a connection's page, in an edge. */
type Role = { kind: "object" | "mutation" | "edge" } | { kind: "connection"; pageSize: number };

/** A measure with the places it asks for `totalCount`, each one COUNT statement. */
interface Measure extends QueryMeasure {
  counts: number;
}

const OBJECT: Role = { kind: "object" };

export function measureQuery(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables?: Record<string, unknown> | null,
  operationName?: string | null,
): QueryMeasure {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return { cost: 0, depth: 0 };
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  // Variables that do not fit make execution refuse the whole operation: nothing will run.
  if (coerced.errors) return { cost: 0, depth: 0 };
  let known = measured.get(document);
  if (!known) measured.set(document, (known = { variables: measuredVariables(document), measures: new Map() }));
  const key = `${operationName ?? ""} ${JSON.stringify(known.variables.map((name) => shapeOf(coerced.coerced[name])))}`;
  const seen = known.measures.get(key);
  if (seen) return seen;
  const measurement = new QueryMeasurement(schema, fragmentsOf(document), coerced.coerced);
  const { cost, depth, counts } = measurement.selection(root, [operation.selectionSet], {
    kind: operation.operation === "mutation" ? "mutation" : "object",
  });
  if (counts > MAX_COUNTS) throw queryTooComplex(t("limits.tooManyCounts", { counts: points(counts), max: MAX_COUNTS }), { counts, maxCounts: MAX_COUNTS });
  const measure = { cost, depth };
  if (known.measures.size < MEASURES_KEPT_PER_DOCUMENT) known.measures.set(key, measure);
  return measure;
}

/**
 * Measures of documents seen before (Apollo keeps a request's parsed document for the next one with the same text),
 * by operation and the values of the variables a measure depends on: a document is walked once per such shape.
 */
const measured = new WeakMap<DocumentNode, { variables: string[]; measures: Map<string, QueryMeasure> }>();
const MEASURES_KEPT_PER_DOCUMENT = 100;

/** Variables whose values change a measure: in page sizes, keyed lists (by length) and @skip/@include. */
function measuredVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      Variable(variable) {
        names.add(variable.name.value);
      },
    });
  visit(document, {
    Argument(argument) {
      if (MEASURED_ARGUMENTS.has(argument.name.value)) collect(argument.value);
    },
    Directive(directive) {
      for (const argument of directive.arguments ?? []) collect(argument.value);
    },
  });
  return [...names].sort();
}

const MEASURED_ARGUMENTS = new Set(["first", "last", ...KEYED_LIST_ARGUMENTS]);

/** A keyed list costs by its length, whatever the keys. */
const shapeOf = (value: unknown) => (Array.isArray(value) ? { length: value.length } : value);

/** The measure of an operation within the limits; over a limit, a QUERY_TOO_COMPLEX error that says what to change. */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | null | undefined,
  limits: QueryLimits,
  operationName?: string | null,
): QueryMeasure {
  const measure = measureQuery(schema, document, variables, operationName);
  if (measure.depth > limits.maxDepth) {
    throw queryTooComplex(
      t("limits.tooDeep", { depth: measure.depth, maxDepth: limits.maxDepth }),
      { depth: measure.depth, maxDepth: limits.maxDepth },
    );
  }
  if (measure.cost > limits.maxCost) {
    throw queryTooComplex(
      t("limits.tooCostly", { cost: points(measure.cost), maxCost: points(limits.maxCost) }),
      { cost: measure.cost, maxCost: limits.maxCost },
    );
  }
  return measure;
}

/** `extensions.cost` of an operation within the limits: its cost, the limit, and what the charge reported. */
export function costExtension(measure: QueryMeasure, limits: QueryLimits, charged?: Record<string, number> | void): Record<string, number> {
  return { requested: measure.cost, limit: limits.maxCost, ...charged };
}

export interface QueryLimitsPluginOptions<TContext extends BaseContext> extends QueryLimits {
  /**
   * Called before an operation within the limits runs, with its measure: the place to charge a
   * points budget. Throw (a RATE_LIMITED error) to refuse the operation; numbers returned are
   * reported beside the cost in `extensions.cost` (e.g. `{ remaining }`).
   */
  onMeasured?: (
    requestContext: GraphQLRequestContextDidResolveOperation<TContext>,
    measure: QueryMeasure,
  ) => Promise<Record<string, number> | void> | Record<string, number> | void;
}

/**
 * Refuses HTTP operations over the limits before they run (HTTP 400, QUERY_TOO_COMPLEX) and
 * reports `extensions.cost: { requested, limit, ...what onMeasured returned }` on the others.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(options: QueryLimitsPluginOptions<TContext>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let report: Record<string, number> | undefined;
      return {
        async didResolveOperation(requestContext) {
          // Without an operation nothing runs; execution reports the missing operation.
          if (!requestContext.operation) return;
          let measure: QueryMeasure;
          try {
            measure = checkQueryLimits(requestContext.schema, requestContext.document, requestContext.request.variables, options, requestContext.request.operationName);
          } catch (error) {
            // Apollo answers 500 to errors from this hook unless they carry a status; this is the client's to fix.
            if (error instanceof GraphQLError) {
              throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } }, originalError: error.originalError });
            }
            throw error;
          }
          const extra = await options.onMeasured?.(requestContext, measure);
          report = costExtension(measure, options, extra);
        },
        async willSendResponse({ response }) {
          if (report && response.body.kind === "single") {
            response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: report };
          }
        },
      };
    },
  };
}

// Thousands of clients subscribe with the same few texts: each valid one is parsed and validated once, and
// its one document lets the measure above be reused too. Texts up to this long, this many per schema, the least
// recently used leaving first.
const KEPT_DOCUMENT_LENGTH = 8_192;
const KEPT_DOCUMENTS = 200;
const validatedDocuments = new WeakMap<GraphQLSchema, Map<string, DocumentNode>>();

/** The document of `query`, valid against `schema`, or why it is not; a parse error is thrown. */
function validatedDocument(schema: GraphQLSchema, query: string): DocumentNode | readonly GraphQLError[] {
  let kept = validatedDocuments.get(schema);
  if (!kept) validatedDocuments.set(schema, (kept = new Map()));
  const known = kept.get(query);
  if (known) {
    kept.delete(query);
    kept.set(query, known);
    return known;
  }
  const document = parse(query);
  const errors = validate(schema, document);
  if (errors.length > 0) return errors;
  if (query.length <= KEPT_DOCUMENT_LENGTH) {
    kept.set(query, document);
    if (kept.size > KEPT_DOCUMENTS) kept.delete(kept.keys().next().value!);
  }
  return document;
}

/**
 * For graphql-ws's `onSubscribe`: parses, validates and measures a WebSocket operation. graphql-ws
 * skips its own parsing and validation when `onSubscribe` returns arguments, so both happen here;
 * refusals come back as errors to return from the hook, since a hook that throws closes the socket.
 */
export function executionArgsWithinLimits(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  limits: QueryLimits,
): { args: ExecutionArgs; measure: QueryMeasure } | { errors: readonly GraphQLError[] } {
  try {
    const document = validatedDocument(schema, payload.query);
    if (!("kind" in document)) return { errors: document };
    const measure = checkQueryLimits(schema, document, payload.variables, limits, payload.operationName);
    return { args: { schema, document, variableValues: payload.variables, operationName: payload.operationName }, measure };
  } catch (error) {
    if (error instanceof GraphQLError) return { errors: [error] };
    throw error;
  }
}

class QueryMeasurement {
  private selectionsMeasured = 0;
  private schemaReads = 0;
  private passwordOperations = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  /** The measure of what `selectionSets` select on `type`: for an interface or union, of its dearest member. */
  selection(type: GraphQLCompositeType, selectionSets: readonly SelectionSetNode[], role: Role = OBJECT): Measure {
    const candidates = isAbstractType(type) ? this.schema.getPossibleTypes(type) : [type];
    let dearest: Measure = { cost: 0, depth: 0, counts: 0 };
    for (const objectType of candidates) {
      let depth = 0;
      let counts = 0;
      const fields = this.collectFields(objectType, selectionSets);
      // Each further name of a scalar puts its value in the answer once more, as an object would.
      let cost = this.repeatedScalars(objectType, fields);
      for (const [key, nodes] of fields) {
        const name = nodes[0].name.value;
        if (SCHEMA_READS.has(name) && objectType === this.schema.getQueryType()) {
          cost += this.schemaRead(key, nodes);
          continue;
        }
        const definition = objectType.getFields()[name];
        // __typename is not among the type's fields: it costs nothing and adds no depth.
        if (!definition) continue;
        if (objectType === this.schema.getMutationType() && PASSWORD_MUTATIONS.has(name) && ++this.passwordOperations > 1) {
          throw queryTooComplex(t("limits.onePasswordOperation"), { passwordOperations: this.passwordOperations, maxPasswordOperations: 1 });
        }
        const field = this.field(definition, nodes, role);
        cost += field.cost + (role.kind === "mutation" ? MUTATION_COST : 0);
        depth = Math.max(depth, field.depth);
        counts += field.counts;
      }
      dearest = { cost: Math.max(dearest.cost, cost), depth: Math.max(dearest.depth, depth), counts: Math.max(dearest.counts, counts) };
    }
    return dearest;
  }

  /** One read of the schema, allowed once per request; introspection may not list members within members. */
  private schemaRead(key: string, nodes: readonly FieldNode[]): number {
    if (++this.schemaReads > 1) throw queryTooComplex(t("limits.oneSchemaRead", { field: key }), { schemaReads: this.schemaReads, maxSchemaReads: 1 });
    const type = this.schema.getType(nodes[0].name.value === "__type" ? "__Type" : "__Schema");
    if (type instanceof GraphQLObjectType) this.introspection(type, selectionSetsOf(nodes), false);
    return SCHEMA_READ_COST;
  }

  private introspection(type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[], membersListed: boolean): void {
    const fields = this.collectFields(type, selectionSets);
    this.repeatedScalars(type, fields);
    for (const nodes of fields.values()) {
      const definition = type.getFields()[nodes[0].name.value];
      const fieldType = definition && getNamedType(definition.type);
      if (!(fieldType instanceof GraphQLObjectType)) continue;
      const lists = type.name === "__Type" && TYPE_MEMBER_LISTS.has(definition.name);
      if (lists && membersListed) throw queryTooComplex(t("limits.introspectionNested", { field: definition.name }), {});
      this.introspection(fieldType, selectionSetsOf(nodes), membersListed || lists);
    }
  }

  /** How many names scalar fields are selected under beyond their first; past MAX_NAMES_PER_SCALAR for one field, a refusal. */
  private repeatedScalars(type: GraphQLObjectType, fields: Map<string, FieldNode[]>): number {
    const names = new Map<string, number>();
    for (const nodes of fields.values()) {
      const name = nodes[0].name.value;
      const definition = type.getFields()[name];
      const scalar = definition ? !isCompositeType(getNamedType(definition.type)) : name === "__typename";
      if (scalar) names.set(name, (names.get(name) ?? 0) + 1);
    }
    let repeated = 0;
    for (const [field, count] of names) {
      if (count > MAX_NAMES_PER_SCALAR) {
        throw queryTooComplex(
          t("limits.tooManyNames", { field: `${type.name}.${field}`, names: points(count), max: MAX_NAMES_PER_SCALAR }),
          { names: count, maxNames: MAX_NAMES_PER_SCALAR },
        );
      }
      repeated += count - 1;
    }
    return repeated;
  }

  private field(definition: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], role: Role): Measure {
    const type = getNamedType(definition.type);
    // A count in a connection may read every row it counts.
    if (role.kind === "connection" && definition.name === "totalCount") return { cost: COUNT_COST, depth: 1, counts: 1 };
    if (!isCompositeType(type)) return { cost: 0, depth: 1, counts: 0 };
    const selectionSets = selectionSetsOf(nodes);
    const nested = (measure: Measure, cost: number): Measure => ({ cost, depth: 1 + measure.depth, counts: measure.counts });

    // A connection's items were paid for by its page size; what they select is paid per item.
    if (role.kind === "connection" && (definition.name === "nodes" || definition.name === "edges")) {
      const item = this.selection(type, selectionSets, definition.name === "edges" ? { kind: "edge" } : OBJECT);
      return nested(item, role.pageSize * item.cost);
    }
    if (role.kind === "edge" && definition.name === "node") {
      const item = this.selection(type, selectionSets);
      return nested(item, item.cost);
    }
    const args = this.argumentValues(definition, nodes[0]);
    if (isConnection(definition)) {
      const pageSize = pageSizeOf(args);
      const page = this.selection(type, selectionSets, { kind: "connection", pageSize });
      return nested(page, 1 + pageSize + page.cost);
    }
    const selected = this.selection(type, selectionSets);
    if (!isListType(getNullableType(definition.type))) return nested(selected, 1 + selected.cost);
    const keys = KEYED_LIST_ARGUMENTS.map((name) => args[name]).find(Array.isArray);
    if (keys) return nested(selected, 1 + keys.length + keys.length * selected.cost);
    return nested(selected, 1 + ASSUMED_LIST_LENGTH * selected.cost);
  }

  /** The fields execution would run on `type`, by response name, as graphql-js collects them. */
  private collectFields(
    type: GraphQLObjectType,
    selectionSets: readonly SelectionSetNode[],
    fields = new Map<string, FieldNode[]>(),
    spread = new Set<string>(),
  ): Map<string, FieldNode[]> {
    for (const selection of selectionSets.flatMap((set) => set.selections)) {
      if (++this.selectionsMeasured > MAX_SELECTIONS_MEASURED) {
        throw queryTooComplex(
          t("limits.tooManySelections", { max: points(MAX_SELECTIONS_MEASURED) }),
          { maxSelections: MAX_SELECTIONS_MEASURED },
        );
      }
      if (!this.included(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const group = fields.get(key);
        if (group) group.push(selection);
        else fields.set(key, [selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (this.applies(selection.typeCondition?.name.value, type)) this.collectFields(type, [selection.selectionSet], fields, spread);
      } else if (!spread.has(selection.name.value)) {
        spread.add(selection.name.value);
        const fragment = this.fragments.get(selection.name.value);
        if (fragment && this.applies(fragment.typeCondition.name.value, type)) this.collectFields(type, [fragment.selectionSet], fields, spread);
      }
    }
    return fields;
  }

  private included(selection: SelectionNode): boolean {
    const condition = (directive: GraphQLDirective) => {
      const applied = selection.directives?.find((node) => node.name.value === directive.name);
      return applied && this.argumentValues(directive, applied).if;
    };
    return condition(GraphQLSkipDirective) !== true && condition(GraphQLIncludeDirective) !== false;
  }

  private applies(typeCondition: string | undefined, type: GraphQLObjectType): boolean {
    if (typeCondition === undefined) return true;
    const condition = this.schema.getType(typeCondition);
    return condition === type || (isAbstractType(condition) && this.schema.isSubType(condition, type));
  }

  private argumentValues(definition: GraphQLField<unknown, unknown> | GraphQLDirective, node: FieldNode | DirectiveNode): Record<string, unknown> {
    try {
      return getArgumentValues(definition, node, this.variables);
    } catch {
      // A value execution refuses (null for a non-null argument): that field will not run.
      return {};
    }
  }
}

function isConnection(definition: GraphQLField<unknown, unknown>): boolean {
  return getNamedType(definition.type).name.endsWith("Connection") && definition.args.some((arg) => arg.name === "first" || arg.name === "last");
}

function pageSizeOf(args: Record<string, unknown>): number {
  const asked = args.first ?? args.last;
  return typeof asked === "number" ? Math.max(0, asked) : DEFAULT_PAGE_SIZE;
}

function selectionSetsOf(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);
  return new Map(fragments.map((fragment) => [fragment.name.value, fragment]));
}

/** The refusal as a GraphQL error, which carries the domain error so its text can be shown in the caller's language. */
function queryTooComplex(text: Text, details: Record<string, number>): GraphQLError {
  const error = new DomainError("QUERY_TOO_COMPLEX", text, details);
  return new GraphQLError(error.message, { extensions: { code: error.code, ...details }, originalError: error });
}

function points(value: number): string {
  return value.toLocaleString("en-US");
}
