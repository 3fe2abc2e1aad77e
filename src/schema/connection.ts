import { ArgsType, ClassType, Directive, Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Page, PageArgs } from "../db/keyset-page";

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Which end of an ordering comes first.",
  valuesConfig: {
    ASC: { description: "Least, earliest or A to Z first; for urgency, the least urgent (LOW) first." },
    DESC: { description: "Most, latest or Z to A first; for urgency, the most urgent (CRITICAL) first." },
  },
});

@ObjectType("PageInfo", { simpleResolvers: true, description: "Where a page sits in its list (Relay cursor connections)." })
@Directive("@shareable")
export class PageInfo {
  @Field(() => Boolean, { description: "Whether items follow this page (asking with `after: endCursor` would return some)." })
  hasNextPage: boolean;

  @Field(() => Boolean, { description: "Whether items precede this page (asking with `before: startCursor` would return some)." })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of the page's first item; null when the page is empty." })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: "The cursor of the page's last item; null when the page is empty." })
  endCursor: string | null;
}

@ArgsType()
export class ConnectionArgs implements PageArgs {
  @Field(() => Int, { nullable: true, description: "Return the first n items after `after` (0 to 100; 20 when neither first nor last is given)." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "A cursor from this list's edges." })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: "Return the last n items before `before` (0 to 100)." })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "A cursor from this list's edges." })
  before?: string | null;
}

export function pageInfoOf<T>(page: Page<T>): PageInfo {
  const first = page.nodes.at(0);
  const last = page.nodes.at(-1);
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: first === undefined ? null : page.cursorOf(first),
    endCursor: last === undefined ? null : page.cursorOf(last),
  };
}

/** The paging arguments as a plain object, so equal arguments share one loader. */
export function pageArgs({ first, after, last, before }: ConnectionArgs): PageArgs {
  return { first, after, last, before };
}

export interface ConnectionOf<T> {
  edges(): { cursor: string; node: T }[];
  nodes: T[];
  pageInfo(): PageInfo;
  totalCount(): Promise<number>;
}

/** A Relay connection type for `node`, named `<name>Connection` with edges `<name>Edge`. */
export function Connection<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${name} in a page, with its cursor.` })
  class Edge {
    @Field(() => String, { description: "An opaque position in the list; pass it as `after` or `before` to page from this item." })
    cursor: string;

    @Field(() => node, { description: "The item." })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class PagedConnection implements ConnectionOf<T> {
    private page: Page<T>;

    @Field(() => [Edge], { description: "The items with their cursors." })
    edges(): Edge[] {
      return this.page.nodes.map((item) => ({ cursor: this.page.cursorOf(item), node: item }));
    }

    @Field(() => [node], { description: "The items of `edges`, without cursors." })
    get nodes(): T[] {
      return this.page.nodes;
    }

    @Field(() => PageInfo, { description: "Where this page sits in the list, and the cursors to fetch the next or previous one." })
    pageInfo(): PageInfo {
      return pageInfoOf(this.page);
    }

    @Field(() => Int, { description: "How many items the whole list holds; counted only when asked for." })
    totalCount(): Promise<number> {
      return this.page.totalCount();
    }

    static of(page: Page<T>): PagedConnection {
      const connection = new PagedConnection();
      connection.page = page;
      return connection;
    }
  }
  return PagedConnection;
}
