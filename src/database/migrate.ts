import { createDataSource } from './data-source';

// Any constant: instances starting together take turns instead of racing through the migrations.
const MIGRATION_LOCK = 724_001;

/** Applies pending migrations under an advisory lock; returns the names applied. */
export async function runPendingMigrations(url: string): Promise<string[]> {
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
