import { Client, DatabaseError } from 'pg';
import { databaseUrl } from './support/harness';

/**
 * Tenancy in the database (docs/architecture.md): every reference between tenant tables (tables with
 * `organization_id`) is a composite foreign key that includes `organization_id`, so the database
 * itself refuses a row that points at another organization's row.
 *
 * The references are read from the catalog, not listed here: a new table or reference is checked as
 * soon as its migration exists, and one declared without `organization_id` fails the first test.
 * Every statement runs in one transaction that is rolled back: the rows made here never reach other tests.
 */

interface Reference {
  constraint: string;
  table: string;
  columns: string[];
  target: string;
  targetColumns: string[];
  onDelete: string;
  setNullColumns: string[] | null;
}

const ORGANIZATION_ID = 'organization_id';

/** Foreign keys from one tenant table to another, in the public schema. */
async function tenantReferences(client: Client): Promise<Reference[]> {
  const { rows } = await client.query<Reference>(`
    SELECT c.conname AS constraint, c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS target,
           ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                   JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i) AS columns,
           ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                   JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) AS "targetColumns",
           c.confdeltype::text AS "onDelete",
           CASE WHEN c.confdelsetcols IS NULL THEN NULL
                ELSE ARRAY(SELECT a.attname::text FROM unnest(c.confdelsetcols) k(n)
                             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) END AS "setNullColumns"
      FROM pg_constraint c
     WHERE c.contype = 'f'
       AND c.connamespace = 'public'::regnamespace
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attname = '${ORGANIZATION_ID}' AND NOT a.attisdropped)
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.confrelid AND a.attname = '${ORGANIZATION_ID}' AND NOT a.attisdropped)
     ORDER BY 2, 1`);
  return rows;
}

/** The tenant tables of the public schema, each after the tables it refers to. */
async function tenantTablesInOrder(client: Client, references: Reference[]): Promise<string[]> {
  const { rows } = await client.query<{ table: string }>(`
    SELECT c.relname AS table FROM pg_class c
     WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = '${ORGANIZATION_ID}' AND NOT a.attisdropped)
     ORDER BY 1`);
  const pending = rows.map((row) => row.table);
  const ordered: string[] = [];
  while (pending.length) {
    const next = pending.findIndex((table) =>
      references.every((r) => r.table !== table || r.target === table || ordered.includes(r.target) || !pending.includes(r.target)),
    );
    if (next < 0) throw new Error(`tenant tables refer to each other in a loop: ${pending.join(', ')}`);
    ordered.push(...pending.splice(next, 1));
  }
  return ordered;
}

/** A value for a required column that has no default, by its type (a new type fails here, naming the column). */
function filler(column: { name: string; type: string; kind: string; category: string; length: number | null }): string {
  if (column.category === 'A') return `'{}'`;
  if (column.kind === 'e') return `(enum_range(NULL::${column.type}))[1]`;
  // Precision out: varchar(64) → character varying, timestamp(3) with time zone → timestamp with time zone.
  const type = column.type.replace(/\(\d+(,\d+)?\)/, '');
  switch (type) {
    case 'uuid':
      return 'gen_random_uuid()';
    case 'text':
    case 'character varying':
    case 'character':
      return `left(md5(random()::text) || md5(random()::text), ${column.length ?? 64})`;
    case 'smallint':
    case 'integer':
    case 'bigint':
    case 'numeric':
      return '1';
    case 'boolean':
      return 'false';
    case 'date':
      return 'current_date';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return 'now()';
    case 'jsonb':
    case 'json':
      return `'{}'`;
    case 'bytea':
      return `decode(md5(random()::text), 'hex')`;
    default:
      throw new Error(`no test value for ${column.name} of type ${column.type}`);
  }
}

/**
 * One row in every tenant table for the organization, each reference pointing at the organization's
 * own row of its target (so every row is valid); returns the rows' ids (or primary key values) by table.
 */
async function oneRowEach(client: Client, organizationId: string, tables: string[], references: Reference[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const table of tables) {
    const values = new Map<string, string>([[ORGANIZATION_ID, `'${organizationId}'::uuid`]]);
    for (const reference of references.filter((r) => r.table === table && r.target !== table)) {
      reference.columns.forEach((column, index) => {
        const targetColumn = reference.targetColumns[index];
        if (column === ORGANIZATION_ID) return;
        if (targetColumn !== 'id') throw new Error(`${reference.constraint} refers to ${reference.target}.${targetColumn}, not id`);
        values.set(column, `'${ids.get(reference.target)}'::uuid`);
      });
    }
    const { rows: required } = await client.query<{ name: string; type: string; kind: string; category: string; length: number | null }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, t.typtype AS kind, t.typcategory AS category,
              CASE WHEN a.atttypmod > 4 AND t.typcategory = 'S' THEN a.atttypmod - 4 END AS length
         FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
        WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull AND NOT a.atthasdef AND a.attgenerated = ''`,
      [`public.${table}`],
    );
    for (const column of required) if (!values.has(column.name)) values.set(column.name, filler(column));
    const columns = [...values.keys()];
    const hasId = (
      await client.query(`SELECT 1 FROM pg_attribute WHERE attrelid = $1::regclass AND attname = 'id' AND NOT attisdropped`, [
        `public.${table}`,
      ])
    ).rowCount;
    const { rows } = await client.query<{ id: string | null }>(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${[...values.values()].join(', ')})
       RETURNING ${hasId ? 'id::text' : 'NULL'} AS id`,
    );
    ids.set(table, rows[0].id ?? '');
  }
  return ids;
}

/** Runs the statements in a savepoint that is rolled back; the error they fail with, or undefined. */
async function attempt(client: Client, ...statements: [string, unknown[]][]): Promise<DatabaseError | undefined> {
  await client.query('SAVEPOINT attempt');
  try {
    for (const [statement, values] of statements) await client.query(statement, values);
    await client.query('ROLLBACK TO SAVEPOINT attempt');
    return undefined;
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT attempt');
    if (error instanceof DatabaseError) return error;
    throw error;
  }
}

describe('Tenancy in the database', () => {
  let client: Client;
  let references: Reference[];
  let tables: string[];
  let own: Map<string, string>;
  let other: Map<string, string>;
  let ownOrganization: string;
  let otherOrganization: string;

  beforeAll(async () => {
    client = new Client({ connectionString: databaseUrl() });
    await client.connect();
    await client.query('BEGIN');
    references = await tenantReferences(client);
    tables = await tenantTablesInOrder(client, references);
    const organizations = await client.query<{ id: string }>(
      `INSERT INTO organizations (code, name) VALUES ($1, 'テナントA'), ($2, 'テナントB') RETURNING id::text`,
      [`fk-a-${Date.now()}`, `fk-b-${Date.now()}`],
    );
    ownOrganization = organizations.rows[0].id;
    own = await oneRowEach(client, ownOrganization, tables, references);
    otherOrganization = organizations.rows[1].id;
    other = await oneRowEach(client, otherOrganization, tables, references);
  });

  afterAll(async () => {
    await client.query('ROLLBACK');
    await client.end();
  });

  it('finds the references to check (the catalog query reads what the migrations made)', () => {
    const names = references.map((r) => `${r.table}.${r.columns.filter((c) => c !== ORGANIZATION_ID).join()} → ${r.target}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'users.department_id → departments',
        'subjects.vendor_id → vendors',
        'reviews.subject_id → subjects',
        'notifications.evidence_version_id → evidence_versions',
        'email_outbox.notification_id → notifications',
      ]),
    );
    expect(references.length).toBeGreaterThanOrEqual(20);
    expect(tables).toEqual(expect.arrayContaining(['subjects', 'reviews', 'notifications', 'email_outbox']));
  });

  it('makes every reference between tenant tables a composite key with organization_id, from a NOT NULL organization_id', async () => {
    const wrong = references
      .filter((r) => {
        const index = r.columns.indexOf(ORGANIZATION_ID);
        return r.columns.length < 2 || index < 0 || r.targetColumns[index] !== ORGANIZATION_ID;
      })
      .map((r) => `${r.table} (${r.columns.join(', ')}) → ${r.target} (${r.targetColumns.join(', ')}): ${r.constraint}`);
    expect(wrong).toEqual([]);

    const { rows: nullable } = await client.query<{ table: string }>(
      `SELECT DISTINCT c.conrelid::regclass::text AS table FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attname = '${ORGANIZATION_ID}'
        WHERE c.conname = ANY($1) AND NOT a.attnotnull`,
      [references.map((r) => r.constraint)],
    );
    // A NULL organization_id would let its row's references go unchecked (MATCH SIMPLE).
    expect(nullable).toEqual([]);
  });

  it('clears only the reference column, never organization_id, when a reference is ON DELETE SET NULL/DEFAULT', () => {
    // A composite key with a plain SET NULL would null organization_id too: the column list form
    // `ON DELETE SET NULL (x_id)` (PostgreSQL 15+) must name the reference columns only.
    const wrong = references
      .filter((r) => r.onDelete === 'n' || r.onDelete === 'd')
      .filter((r) => r.setNullColumns === null || r.setNullColumns.includes(ORGANIZATION_ID))
      .map((r) => r.constraint);
    expect(wrong).toEqual([]);
  });

  it("refuses, for every reference, a row pointing at another organization's row, by UPDATE", async () => {
    const outcomes: string[] = [];
    for (const reference of references) {
      const column = reference.columns.find((c) => c !== ORGANIZATION_ID)!;
      const foreign = other.get(reference.target)!;
      const update: [string, unknown[]] = [
        `UPDATE "${reference.table}" SET "${column}" = $1 WHERE organization_id = $2`,
        [foreign, ownOrganization],
      ];
      let error = await attempt(client, update);
      // A unique key on the reference (a subject's one contract, a notice's one e-mail) answers before the
      // foreign key does, as the other organization's row holds that value: remove that row first.
      if (error?.code === '23505') {
        error = await attempt(client, [`DELETE FROM "${reference.table}" WHERE organization_id = $1`, [otherOrganization]], update);
      }
      outcomes.push(
        `${reference.table}.${column}: ${error?.code === '23503' && error.constraint === reference.constraint ? 'refused' : (error?.message ?? 'accepted')}`,
      );
    }
    expect(outcomes).toEqual(references.map((r) => `${r.table}.${r.columns.find((c) => c !== ORGANIZATION_ID)}: refused`));
  });

  it("refuses a review inserted by SQL for another organization's subject, and takes one for its own", async () => {
    const insert = `INSERT INTO reviews (organization_id, subject_id, kind, due_date) VALUES ($1, $2, 'AD_HOC', current_date)`;

    const refused = await attempt(client, [insert, [ownOrganization, other.get('subjects')]]);
    expect(refused?.code).toBe('23503');
    expect(refused?.message).toMatch(/violates foreign key constraint/);

    expect(await attempt(client, [insert, [ownOrganization, own.get('subjects')]])).toBeUndefined();
  });
});
