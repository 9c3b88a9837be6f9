import { Type } from '@nestjs/common';
import { ArgsType, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { isCalendarDate, isInstantInRange } from './calendar';
import { hasLoneSurrogate } from './text-rules';
import { badField } from './errors';
import { MaxChars, SingleLineText } from './text-validation';
import { IS_TEXT, MAX_LENGTH } from './validation-messages';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size: 1..100, default 20' })
  @IsOptional()
  @IsInt({ message: '整数で指定してください。' })
  @Min(1, { message: '1以上で指定してください。' })
  @Max(MAX_PAGE_SIZE, { message: `${MAX_PAGE_SIZE}以下で指定してください。` })
  first?: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(1000, MAX_LENGTH)
  @SingleLineText({ requireVisible: false })
  after?: string;
}

/** Cursors are opaque to clients: base64url of the sort key values. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** What a cursor position holds, checked before it reaches SQL: a forged cursor is bad input, never a database error. */
export type CursorValue = 'text' | 'uuid' | 'timestamp' | 'date';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isCursorValue(value: unknown, kind: CursorValue): value is string {
  if (typeof value !== 'string') return false;
  switch (kind) {
    case 'text':
      return !value.includes('\u0000') && !hasLoneSurrogate(value);
    case 'uuid':
      return UUID.test(value);
    case 'timestamp': {
      // Cursors hold Date#toISOString() of a time the service stamped: exactly that form, within the
      // service's years (a year 0 or +275760 is valid ISO text that PostgreSQL refuses).
      const time = Date.parse(value);
      return !Number.isNaN(time) && isInstantInRange(time) && new Date(time).toISOString() === value;
    }
    case 'date':
      // Any real day YYYY-MM-DD (years 100 to 9999, all of which PostgreSQL holds), so that a cursor
      // of a review stored before the range was enforced still reads.
      return isCalendarDate(value);
  }
}

export function decodeCursor(cursor: string, kinds: readonly CursorValue[]): string[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === kinds.length && values.every((value, i) => isCursorValue(value, kinds[i]))) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw badField('after', 'カーソルを読み取れません。前のページの endCursor を指定してください。');
}

export interface Page<T> {
  nodes: T[];
  /** Run only when the client asks for totalCount (GraphQL's default resolver calls it). */
  totalCount: () => Promise<number>;
  hasNextPage: boolean;
  cursorOf: (node: T) => string;
}

export interface ConnectionShape<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number | Promise<number>;
}

/** The connection of a page of rows, each turned into its API node. */
export function toConnection<R, N>(page: Page<R>, toNode: (row: R) => N): ConnectionShape<N> {
  const edges = page.nodes.map((row) => ({ cursor: page.cursorOf(row), node: toNode(row) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    // A getter: the count query runs only when a client selects totalCount.
    get totalCount() {
      return page.totalCount();
    },
  };
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/** The Relay edge type for a node type and a base class for its connection: `@ObjectType('XConnection') class XConnection extends Connection(X, 'X') {}`. */
export function Connection<T>(nodeType: Type<T> | (abstract new () => T), name: string): abstract new () => ConnectionShape<T> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => [nodeType])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int)
    totalCount: number | Promise<number>;
  }
  return ConnectionType;
}
