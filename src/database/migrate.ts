import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations';
import { createDataSource } from './data-source';

// Any constant: instances starting together take turns instead of racing through the migrations.
const MIGRATION_LOCK = 724_001;

/** Applies pending migrations under an advisory lock; returns the names applied. */
export async function runPendingMigrations(url: string): Promise<string[]> {
  // The usual start, on a database that is up to date: one query, without building TypeORM's
  // metadata of every entity for a second data source (a third of a second of a cold start).
  if (await allApplied(url)) return [];
  const dataSource = await createDataSource({ url, poolSize: 2 }).initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.release();
    await dataSource.destroy();
  }
}

/** The name TypeORM records for a migration class (its `name` property, else the class name). */
function migrationName(migration: Function): string {
  const instance = new (migration as new () => { name?: string })();
  return instance.name ?? migration.name;
}

/** Whether the migrations table lists every migration of this build (false when it does not exist yet). */
async function allApplied(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, application_name: 'vendor-risk-register' });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('migrations') IS NOT NULL AS exists`);
    if (!rows[0].exists) return false;
    const applied = new Set((await client.query<{ name: string }>('SELECT name FROM migrations')).rows.map((row) => row.name));
    return MIGRATIONS.every((migration) => applied.has(migrationName(migration)));
  } finally {
    await client.end();
  }
}
