import type DataLoader from "dataloader";
import {
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getNamedType,
  GraphQLFieldResolver,
  GraphQLObjectType,
  GraphQLResolveInfo,
  isObjectType,
  Kind,
  visit,
} from "graphql";
import { collectSubfields } from "graphql/execution/collectFields";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import type { DataSource, ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { cursorOf, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page, RowsReader } from "../db/keyset-page";
import { runRecurringRead } from "../db/prepared-statement";
import { countLoader } from "../loaders/loader-by-key";
import type { Context } from "../schema/context";
import { PageRelation, PLANNED_TYPES, PlannedRelation, PlannedType } from "./planned-types";
import { positionalQuery } from "./query-shapes";

/** What to read of one object type: its columns and, per selected relation, what to read of that. */
interface ObjectPlan {
  type: PlannedType;
  table: string;
  columns: ColumnMetadata[];
  relations: RelationPlan[];
  /** Of each column in order: its property, and whether it is a time (JSON gives a string). */
  properties: { name: string; time: boolean }[];
  /** Each relation's field node, in order: shared by the plan's rows. */
  relationFields: FieldNode[];
}

function objectPlan(type: PlannedType, table: string, columns: ColumnMetadata[], relations: RelationPlan[]): ObjectPlan {
  const properties = columns.map((column) => ({ name: column.propertyName, time: column.type === "timestamptz" }));
  return { type, table, columns, relations, properties, relationFields: relations.map((relation) => relation.field) };
}

interface RelationPlan {
  /** The relation's first field node: the key its resolver finds the value by. */
  field: FieldNode;
  relation: PlannedRelation;
  target: ObjectPlan;
  /** For pages: how many rows, and the statuses they are narrowed to. */
  limit: number;
  statuses: string[] | null;
}

const NOT_PLANNED = Symbol("not planned");
/** On a planned row: its plan's relation field nodes, and their values in the same order. */
const PLANNED_FIELDS = Symbol("planned fields");
const PLANNED_VALUES = Symbol("planned values");

interface PlannedRow {
  [PLANNED_FIELDS]?: FieldNode[];
  [PLANNED_VALUES]?: unknown[];
}

/** The planned value of the field `info` resolves on `parent`, or NOT_PLANNED. */
function plannedValue(parent: PlannedRow, info: GraphQLResolveInfo): unknown {
  const index = parent[PLANNED_FIELDS]?.indexOf(info.fieldNodes[0]) ?? -1;
  return index < 0 ? NOT_PLANNED : parent[PLANNED_VALUES]![index];
}

/**
 * Resolvers of planned relations that answer with the planned value when there is one, and as
 * their resolver otherwise; in the resolver map, so a planned value costs no resolver call.
 */
export function withPlannedRelations<R extends Record<string, Record<string, unknown>>>(resolvers: R): R {
  for (const [typeName, type] of Object.entries(PLANNED_TYPES)) {
    for (const field of Object.keys(type.relations)) {
      const resolve = resolvers[typeName]?.[field] as GraphQLFieldResolver<object, Context> | undefined;
      if (!resolve) throw new Error(`${typeName}.${field} is planned but has no resolver`);
      resolvers[typeName][field] = (parent: object, args: Record<string, unknown>, context: Context, info: GraphQLResolveInfo) => {
        const planned = plannedValue(parent, info);
        return planned === NOT_PLANNED ? resolve(parent, args, context, info) : planned;
      };
    }
  }
  return resolvers;
}

/**
 * Plans by the selection they were made for. Apollo keeps one parsed document per query text, so a
 * query asked again brings the same field nodes; a plan depends on them and on the variables used
 * below the field (arguments of relations, @include and @skip), never on the viewer or the field's
 * own arguments. Weakly held: a document Apollo lets go of takes its plans with it.
 */
interface SelectionPlans {
  fieldNodes: readonly FieldNode[];
  /** The variables used below the field: their values are part of each plan's key. */
  variables: string[];
  plans: Map<string, ObjectPlan | null>;
}

const PLANS = new WeakMap<FieldNode, SelectionPlans>();
/** A selection asked with ever new values of its variables (`first: $n`) starts over past this. */
const PLANS_PER_SELECTION = 32;

/** A plan's JSON selection for one alias and set of properties, with the values it binds (statuses). */
interface PlannedSelect {
  plan: ObjectPlan;
  json: string;
  parameters: Record<string, unknown>;
  /** Stands for `json` in the query's shape (query-shapes.ts): unique to this select. */
  key: string;
}

const SELECTS = new WeakMap<ObjectPlan, Map<string, PlannedSelect>>();
let selectsWritten = 0;

function sameNodes(a: readonly FieldNode[], b: readonly FieldNode[]): boolean {
  return a.length === b.length && a.every((node, index) => node === b[index]);
}

/** The names of the variables used anywhere below the fields, through the fragments they spread. */
function variablesBelow(fields: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): string[] {
  const names = new Set<string>();
  const spread = new Set<string>();
  const collect = (node: FieldNode | FragmentDefinitionNode) =>
    visit(node.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] }, {
      Variable: (variable) => void names.add(variable.name.value),
      FragmentSpread: (fragmentSpread) => {
        const name = fragmentSpread.name.value;
        if (spread.has(name) || !fragments[name]) return;
        spread.add(name);
        collect(fragments[name]);
      },
    });
  fields.forEach(collect);
  return [...names].sort();
}

/** SQL being written: how many table aliases it has used, and how to bind a value. */
interface SqlText {
  aliases: number;
  bind: (value: unknown) => string;
}

// json_build_object takes at most 100 arguments.
const MAX_JSON_PAIRS = 50;
const PAGE_ARGUMENTS = new Set(["first", "after", "last", "before", "statuses"]);

/**
 * Reads planned from the selection: a root field's rows and the relations the operation selects
 * below them, only the columns it asks for, in the root's one statement whatever the depth, handed
 * to the executor as partial entities. Resolvers of planned relations find their value on the row by
 * their field node; anything not planned (a field whose resolver reads more than the row's keys,
 * paging with cursors, too many columns) goes through the loaders as before. Built per request.
 */
export class SelectionReads {
  private readonly counters = new Map<string, DataLoader<string, number>>();

  constructor(private readonly dataSource: DataSource) {}

  /**
   * Reads a connection's rows as the selection asks: only its columns (and `properties`, which the
   * page needs), with every planned relation, in the list's own statement. Undefined when the
   * selection is not plannable: the list reads whole entities.
   */
  rowsOfConnection<T extends ObjectLiteral>(info: GraphQLResolveInfo, typeName: string): RowsReader<T> | undefined {
    return this.reader(
      this.knownPlan(info, `${typeName} connection`, () => {
        const connection = getNamedType(info.returnType);
        return isObjectType(connection) ? this.planObject(info, typeName, this.nodeFields(info, connection, info.fieldNodes)) : null;
      }),
    );
  }

  /** As rowsOfConnection, for a field that returns the rows themselves (a list, an object, or an interface). */
  rowsOf<T extends ObjectLiteral>(info: GraphQLResolveInfo, typeName: string): RowsReader<T> | undefined {
    return this.reader(this.knownPlan(info, typeName, () => this.planObject(info, typeName, info.fieldNodes)));
  }

  /** The plan made before for this selection with the same values of the variables below it, or a new one. */
  private knownPlan(info: GraphQLResolveInfo, kind: string, plan: () => ObjectPlan | null): ObjectPlan | null {
    let known = PLANS.get(info.fieldNodes[0]);
    if (!known || !sameNodes(known.fieldNodes, info.fieldNodes)) {
      known = { fieldNodes: info.fieldNodes, variables: variablesBelow(info.fieldNodes, info.fragments), plans: new Map() };
      PLANS.set(info.fieldNodes[0], known);
    }
    const values = known.variables.map((name) => (Object.hasOwn(info.variableValues, name) ? [info.variableValues[name]] : []));
    const key = `${kind} ${JSON.stringify(values)}`;
    let made = known.plans.get(key);
    if (made === undefined) {
      if (known.plans.size >= PLANS_PER_SELECTION) known.plans.clear();
      known.plans.set(key, (made = plan()));
    }
    return made;
  }

  private reader<T extends ObjectLiteral>(plan: ObjectPlan | null): RowsReader<T> | undefined {
    if (!plan) return undefined;
    return async (query, properties) => {
      const select = this.plannedSelect(plan, query.alias, properties);
      const raw: { planned: Record<string, unknown> }[] = await this.rawRows(query.select(select.json, "planned").setParameters(select.parameters), select.key);
      return raw.map((row) => this.rowOf(select.plan, row.planned) as T);
    };
  }

  /** The selection's JSON for rows aliased `alias`, with `properties` besides the plan's columns; written once per plan. */
  private plannedSelect(plan: ObjectPlan, alias: string, properties: string[]): PlannedSelect {
    let selects = SELECTS.get(plan);
    if (!selects) SELECTS.set(plan, (selects = new Map()));
    const key = `${alias} ${properties.join(" ")}`;
    let select = selects.get(key);
    if (select) return select;
    const metadata = this.dataSource.getMetadata(plan.type.entity);
    const columns = [...plan.columns, ...properties.map((property) => metadata.findColumnWithPropertyName(property)!)];
    const planned = objectPlan(plan.type, plan.table, [...new Set(columns)], plan.relations);
    let parameter = 0;
    const parameters: Record<string, unknown> = {};
    const bind = (value: unknown) => {
      const name = `planned${parameter++}`;
      parameters[name] = value;
      return `:${name}`;
    };
    const json = this.objectJson(planned, `"${alias}"`, { aliases: 0, bind });
    select = { plan: planned, json, parameters, key: `planned select ${++selectsWritten}` };
    selects.set(key, select);
    return select;
  }

  /** The query's rows, its SQL written by TypeORM once per shape (query-shapes.ts), run on the pool, named once it recurs. */
  private async rawRows<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, selectsKey: string): Promise<{ planned: Record<string, unknown> }[]> {
    const positional = positionalQuery(query, selectsKey);
    if (positional === undefined) return query.getRawMany();
    return runRecurringRead(this.dataSource, positional.text, positional.values);
  }

  /** The field nodes of a connection's items, from `nodes { … }` and `edges { node { … } }` alike. */
  private nodeFields(info: GraphQLResolveInfo, connection: GraphQLObjectType, fields: readonly FieldNode[]): FieldNode[] {
    const nodes: FieldNode[] = [];
    for (const [, subfields] of collectSubfields(info.schema, info.fragments, info.variableValues, connection, fields)) {
      const name = subfields[0].name.value;
      if (name === "nodes") nodes.push(...subfields);
      if (name === "edges") {
        const edge = getNamedType(connection.getFields().edges.type);
        if (!isObjectType(edge)) continue;
        for (const [, edgeFields] of collectSubfields(info.schema, info.fragments, info.variableValues, edge, subfields)) {
          if (edgeFields[0].name.value === "node") nodes.push(...edgeFields);
        }
      }
    }
    return nodes;
  }

  /** What to read below `fields` of type `typeName`; null when something selected is not plannable. */
  private planObject(info: GraphQLResolveInfo, typeName: string, fields: readonly FieldNode[]): ObjectPlan | null {
    const type = PLANNED_TYPES[typeName];
    const graphqlType = info.schema.getType(typeName);
    if (!type || !isObjectType(graphqlType)) return null;
    const metadata = this.dataSource.getMetadata(type.entity);
    const columns = new Map(type.keyProperties.map((property) => [property, metadata.findColumnWithPropertyName(property)!]));
    const relations: RelationPlan[] = [];
    const definitions = graphqlType.getFields();
    for (const [, subfields] of collectSubfields(info.schema, info.fragments, info.variableValues, graphqlType, fields)) {
      const name = subfields[0].name.value;
      if (name === "__typename") continue;
      const definition = definitions[name];
      const column = definition && !definition.resolve ? metadata.findColumnWithPropertyName(name) : undefined;
      if (column) {
        columns.set(name, column);
        continue;
      }
      if (!type.keyedFields.has(name)) return null;
      const relation = type.relations[name];
      const planned = relation && this.planRelation(info, relation, subfields, definition.args.length ? getArgumentValues(definition, subfields[0], info.variableValues) : {});
      if (planned) relations.push(planned);
    }
    if (columns.size + relations.length > MAX_JSON_PAIRS) return null;
    return objectPlan(type, metadata.tableName, [...columns.values()], relations);
  }

  private planRelation(info: GraphQLResolveInfo, relation: PlannedRelation, fields: readonly FieldNode[], args: Record<string, unknown>): RelationPlan | null {
    if (relation.kind === "one") {
      const target = this.planObject(info, relation.target, fields);
      return target && { field: fields[0], relation, target, limit: 1, statuses: null };
    }
    // Forward pages from the start only; cursors and backward paging go through the loaders.
    if (Object.keys(args).some((name) => !PAGE_ARGUMENTS.has(name)) || args.after != null || args.last != null || args.before != null) return null;
    const limit = (args.first as number | null | undefined) ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) return null;
    const connection = getNamedType(info.schema.getType(`${relation.target}Connection`) ?? undefined);
    if (!isObjectType(connection)) return null;
    const target = this.planObject(info, relation.target, this.nodeFields(info, connection, fields));
    const statuses = (args.statuses as string[] | null | undefined)?.length ? (args.statuses as string[]) : null;
    return target && { field: fields[0], relation, target, limit, statuses };
  }

  /** `'0', <relation 0>, '1', <relation 1>, …` of the row aliased `alias`. */
  private relationsJson(plan: ObjectPlan, alias: string, sql: SqlText): string {
    return plan.relations.map((relation, index) => `'${index}', ${this.relationJson(plan, relation, alias, sql)}`).join(", ");
  }

  private relationJson(parent: ObjectPlan, { relation, target, limit, statuses }: RelationPlan, alias: string, sql: SqlText): string {
    const child = `"r${sql.aliases++}"`;
    const row = this.objectJson(target, child, sql);
    if (relation.kind === "one") {
      const foreignKey = this.dataSource.getMetadata(parent.type.entity).findColumnWithPropertyName(relation.foreignKey)!.databaseName;
      return `(SELECT ${row} FROM "${target.table}" ${child} WHERE ${child}."id" = ${alias}."${foreignKey}")`;
    }
    const metadata = this.dataSource.getMetadata(target.type.entity);
    const parentKey = metadata.findColumnWithPropertyName(relation.parentKey)!.databaseName;
    const sortColumn = metadata.findColumnWithPropertyName(relation.sort.property)!.databaseName;
    const direction = relation.sort.direction;
    const narrowed = statuses ? ` AND ${child}."status" = ANY(${sql.bind(statuses)})` : "";
    // One row more than the page, to tell whether there is a next page.
    return (
      `(SELECT coalesce(json_agg("picked"."row" ORDER BY "picked"."sort" ${direction}, "picked"."id" ${direction}), '[]') FROM ` +
      `(SELECT ${row} AS "row", ${child}."${sortColumn}" AS "sort", ${child}."id" FROM "${target.table}" ${child} ` +
      `WHERE ${child}."${parentKey}" = ${alias}."id"${narrowed} ORDER BY ${child}."${sortColumn}" ${direction}, ${child}."id" ${direction} LIMIT ${limit + 1}) "picked")`
    );
  }

  private objectJson(plan: ObjectPlan, alias: string, sql: SqlText): string {
    const columns = plan.columns.map((column) => `'${column.propertyName}', ${alias}."${column.databaseName}"`);
    const relations = plan.relations.length ? [this.relationsJson(plan, alias, sql)] : [];
    return `json_build_object(${[...columns, ...relations].join(", ")})`;
  }

  /** Keeps each planned relation's value on the row for its resolver, as the executor expects it. */
  private attach(plan: ObjectPlan, row: ObjectLiteral & PlannedRow, planned: Record<string, unknown>): void {
    row[PLANNED_FIELDS] = plan.relationFields;
    row[PLANNED_VALUES] = plan.relations.map((relation, index) => this.decoded(relation, row, planned[index]));
  }

  private decoded(plan: RelationPlan, parent: object, json: unknown): unknown {
    if (plan.relation.kind === "one") return json == null ? null : this.rowOf(plan.target, json as Record<string, unknown>);
    const rows = (json as Record<string, unknown>[]).map((item) => this.rowOf(plan.target, item));
    return plan.relation.connection(this.pageOf(plan, plan.relation, (parent as ObjectLiteral).id as string, rows));
  }

  private pageOf(plan: RelationPlan, relation: PageRelation, parentId: string, rows: ObjectLiteral[]): Page<ObjectLiteral> {
    const metadata = this.dataSource.getMetadata(plan.target.type.entity);
    const parentKey = metadata.findColumnWithPropertyName(relation.parentKey)!.databaseName;
    const signature = `${plan.target.table} ${parentKey} ${plan.statuses?.join(",") ?? ""}`;
    let counter = this.counters.get(signature);
    if (!counter) this.counters.set(signature, (counter = countLoader(this.dataSource, plan.target.table, parentKey, plan.statuses)));
    const counts = counter;
    return {
      nodes: rows.slice(0, plan.limit),
      cursorOf: (row) => cursorOf(relation.sort, row),
      hasNextPage: rows.length > plan.limit,
      hasPreviousPage: false,
      totalCount: () => counts.load(parentId),
    };
  }

  /**
   * An entity holding only the selected columns, as TypeORM's partial selects give (times as Dates,
   * numerics as numbers); of the entity's class, so type-graphql hands it to resolvers as it is.
   */
  private rowOf(plan: ObjectPlan, json: Record<string, unknown>): ObjectLiteral {
    const row = Object.create(plan.type.entity.prototype) as ObjectLiteral;
    for (const { name, time } of plan.properties) {
      const value = json[name];
      row[name] = time && value != null ? new Date(value as string) : value;
    }
    if (plan.relations.length) this.attach(plan, row, json);
    return row;
  }
}
