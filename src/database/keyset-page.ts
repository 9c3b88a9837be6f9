import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CursorValue, decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor, Page } from '../common/pagination';

/** One column of a keyset order: its SQL expression, what its cursor value holds and how a row gives it. */
export interface KeysetColumn<R> {
  sql: string;
  kind: CursorValue;
  of: (row: R) => string;
}

const CASTS: Record<CursorValue, string> = { text: 'text', uuid: 'uuid', timestamp: 'timestamptz', date: 'date' };

/**
 * The one keyset pagination of every connection: orders a filtered query on (key, id), reads one
 * row more than asked to know whether a next page exists, and counts the filtered rows only when
 * a client selects totalCount.
 */
export async function keysetPage<R extends ObjectLiteral>(
  query: SelectQueryBuilder<R>,
  order: { columns: readonly KeysetColumn<R>[]; direction: 'ASC' | 'DESC' },
  first: number = DEFAULT_PAGE_SIZE,
  after?: string,
): Promise<Page<R>> {
  // Cloned before the keyset condition: it must not narrow the count.
  const counting = query.clone();
  if (after) {
    const values = decodeCursor(
      after,
      order.columns.map((column) => column.kind),
    );
    const names = order.columns.map((_, i) => `keyset_${i}`);
    const comparison = order.direction === 'ASC' ? '>' : '<';
    query.andWhere(
      `(${order.columns.map((column) => column.sql).join(', ')}) ${comparison} (${order.columns.map((column, i) => `:${names[i]}::${CASTS[column.kind]}`).join(', ')})`,
      Object.fromEntries(names.map((name, i) => [name, values[i]])),
    );
  }
  order.columns.forEach((column, i) =>
    i === 0 ? query.orderBy(column.sql, order.direction) : query.addOrderBy(column.sql, order.direction),
  );
  const rows = await query.limit(first + 1).getMany();
  return {
    nodes: rows.slice(0, first),
    totalCount: () => countRows(counting),
    hasNextPage: rows.length > first,
    cursorOf: (row) => encodeCursor(order.columns.map((column) => column.of(row))),
  };
}

/** A page whose nodes are turned into something else (in one batch), keeping its cursors. */
export async function mapPage<R, N>(page: Page<R>, map: (rows: R[]) => Promise<N[]>, rowOf: (node: N) => R): Promise<Page<N>> {
  const nodes = await map(page.nodes);
  return { ...page, nodes, cursorOf: (node) => page.cursorOf(rowOf(node)) };
}

/** The rows a filtered query matches, without its order and paging: a plain count(*), no DISTINCT. */
export async function countRows(query: SelectQueryBuilder<ObjectLiteral>): Promise<number> {
  const row = await query
    .clone()
    .orderBy()
    .offset(undefined)
    .limit(undefined)
    .select('count(*)::int', 'count')
    .getRawOne<{ count: number }>();
  return row?.count ?? 0;
}

/**
 * The same keyset pagination for a statement the repository writes itself: the condition after the
 * cursor (none on the first page), the order and the limit, each value through `parameter` (which
 * answers its placeholder), and the page from the rows read.
 */
export function keysetClauses<R>(
  order: { columns: readonly KeysetColumn<R>[]; direction: 'ASC' | 'DESC' },
  first: number,
  after: string | undefined,
  parameter: (value: unknown) => string,
): { condition: string | null; orderBy: string; limit: string; page: (rows: R[], totalCount: () => Promise<number>) => Page<R> } {
  let condition: string | null = null;
  if (after) {
    const values = decodeCursor(
      after,
      order.columns.map((column) => column.kind),
    );
    const comparison = order.direction === 'ASC' ? '>' : '<';
    condition = `(${order.columns.map((column) => column.sql).join(', ')}) ${comparison} (${order.columns.map((column, i) => `${parameter(values[i])}::${CASTS[column.kind]}`).join(', ')})`;
  }
  return {
    condition,
    orderBy: order.columns.map((column) => `${column.sql} ${order.direction}`).join(', '),
    limit: parameter(first + 1),
    page: (rows, totalCount) => ({
      nodes: rows.slice(0, first),
      totalCount,
      hasNextPage: rows.length > first,
      cursorOf: (row) => encodeCursor(order.columns.map((column) => column.of(row))),
    }),
  };
}
