import { DataSource } from 'typeorm';
import { MULTI_LINE, textProblems } from '../../src/common/text-rules';

/**
 * What a refused sign-in or password change is meant to change: the audit record of the failed
 * attempt, the sign-in counters (sign_in_throttles) and the sessions a lock ends. Everything else of
 * an organization a refused call leaves alone.
 */
const SIGN_IN_BOOKKEEPING = {
  actions: ['LOGIN_FAILED', 'SIGN_IN_LOCKED', 'PASSWORD_CHANGE_FAILED'],
  tables: ['sign_in_throttles'],
  columns: { users: ['updated_at'], sessions: ['revoked_at'] } as Record<string, string[]>,
};

let tables: Promise<string[]> | undefined;

/** Every table of the public schema that holds an organization's rows (organization_id). */
function tenantTables(dataSource: DataSource): Promise<string[]> {
  tables ??= dataSource
    .query<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name = 'organization_id' ORDER BY table_name`,
    )
    .then((rows) => rows.map((row) => row.table_name));
  return tables;
}

/** The SELECT of each table's rows of an organization as JSON text, the sign-in bookkeeping left out. */
async function rowQueries(dataSource: DataSource): Promise<string[]> {
  const tables = (await tenantTables(dataSource)).filter((table) => !SIGN_IN_BOOKKEEPING.tables.includes(table));
  const parts = tables.map((table) => {
    const json = ['to_jsonb(t)', ...(SIGN_IN_BOOKKEEPING.columns[table] ?? []).map((column) => `'${column}'`)].join(' - ');
    const bookkeeping = table === 'audit_events' ? ` AND t.action <> ALL($2::text[])` : '';
    return `SELECT '${table}' AS table, (${json})::text AS row FROM ${table} t WHERE t.organization_id = $1${bookkeeping}`;
  });
  parts.push(`SELECT 'organizations', to_jsonb(t)::text FROM organizations t WHERE t.id = $1`);
  parts.push(
    `SELECT 'pgboss.job', jsonb_build_object('id', t.id, 'name', t.name, 'data', t.data)::text FROM pgboss.job t WHERE t.data->>'organizationId' = $1::text`,
  );
  return parts;
}

/** Each of an organization's rows as JSON, by table, with its queued jobs (pg-boss) and its own row. */
async function rowsOf(dataSource: DataSource, organizationId: string): Promise<{ table: string; row: string }[]> {
  const parts = await rowQueries(dataSource);
  return dataSource.query(`${parts.join(' UNION ALL ')} ORDER BY 1, 2`, [organizationId, SIGN_IN_BOOKKEEPING.actions]);
}

/**
 * What an organization holds, as one comparable text: for each tenant table (with its jobs and its
 * own row) the number of its rows and a digest of them, the sign-in bookkeeping left out. A refused
 * call must leave it exactly as it was; a changed line names the table that changed.
 */
export async function organizationState(dataSource: DataSource, organizationId: string): Promise<string> {
  const parts = await rowQueries(dataSource);
  const rows = await dataSource.query<{ line: string }[]>(
    `SELECT r.table || ' ' || count(*) || ' ' || md5(string_agg(r.row, E'\\n' ORDER BY r.row)) AS line
       FROM (${parts.join(' UNION ALL ')}) r GROUP BY r.table ORDER BY r.table`,
    [organizationId, SIGN_IN_BOOKKEEPING.actions],
  );
  return rows.map((row) => row.line).join('\n');
}

/** The lines of one state that the other lacks, for a readable failure. */
export function stateDifference(before: string, after: string): { gone: string[]; added: string[] } {
  const was = new Set(before.split('\n'));
  const is = new Set(after.split('\n'));
  return { gone: [...was].filter((line) => !is.has(line)), added: [...is].filter((line) => !was.has(line)) };
}

function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsIn);
  return [];
}

/**
 * Every stored text of an organization that breaks the rules any text keeps, multi-line or not: a
 * control character other than CR and LF, a bidirectional override, a lone surrogate, or nothing
 * visible in a text that is not empty. JSON columns (the audit trail's changes) are read into.
 */
export async function storedTextProblems(dataSource: DataSource, organizationId: string): Promise<{ table: string; text: string }[]> {
  const found: { table: string; text: string }[] = [];
  for (const { table, row } of await rowsOf(dataSource, organizationId)) {
    const values = stringsIn(JSON.parse(row)).flatMap((text) => {
      // A JSON column arrives as JSON text inside the row: read into it too.
      if (/^[[{]/.test(text)) {
        try {
          return [text, ...stringsIn(JSON.parse(text))];
        } catch {
          return [text];
        }
      }
      return [text];
    });
    for (const text of values) if (textProblems(text, MULTI_LINE).length > 0) found.push({ table, text });
  }
  return found;
}
