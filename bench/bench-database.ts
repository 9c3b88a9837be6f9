import { Client } from 'pg';

/** Where `npm run bench` goes when DATABASE_URL is unset: a database `bench` on the local PostgreSQL server. */
export const LOCAL_SERVER = 'postgres://postgres@127.0.0.1:5432';
export const LOCAL_DATABASE = 'bench';

export class BenchSetupError extends Error {}

/** DATABASE_URL, required: the generator writes a lot and must never guess where. */
export function requiredDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL;
  if (!url) {
    throw new BenchSetupError(
      'DATABASE_URL is required: a PostgreSQL server to fill with bench data, e.g.\n' +
        `  createdb -h 127.0.0.1 -U postgres ${LOCAL_DATABASE}\n` +
        `  DATABASE_URL=${LOCAL_SERVER}/${LOCAL_DATABASE} npm run bench:generate`,
    );
  }
  return url;
}

/**
 * DATABASE_URL when set; otherwise the database `bench` on 127.0.0.1:5432, created when missing.
 * The bench needs a real PostgreSQL server: the embedded one the app falls back to is not one to measure.
 */
export async function benchDatabaseUrl(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const admin = new Client({ connectionString: `${LOCAL_SERVER}/postgres`, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new BenchSetupError(
      `DATABASE_URL is unset and no PostgreSQL server answers at ${LOCAL_SERVER} (${(error as Error).message}).\n` +
        'The bench needs a real PostgreSQL server: start one, or set DATABASE_URL=postgres://user:password@host:5432/database.',
    );
  }
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [LOCAL_DATABASE]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE "${LOCAL_DATABASE}"`);
      process.stdout.write(`created database ${LOCAL_DATABASE} on 127.0.0.1:5432\n`);
    }
  } finally {
    await admin.end();
  }
  return `${LOCAL_SERVER}/${LOCAL_DATABASE}`;
}

/** A message for what stops the bench before it measures anything (no server, no database); undefined for anything else. */
export function setupProblem(error: unknown): string | undefined {
  if (error instanceof BenchSetupError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '3D000')
    return `${(error as Error).message}: create it first (createdb -h HOST -U USER NAME), or unset DATABASE_URL to use ${LOCAL_SERVER}/${LOCAL_DATABASE}`;
  if (code === 'ECONNREFUSED')
    return `no PostgreSQL server answers at DATABASE_URL (${(error as Error).message}); the bench needs a real one`;
  return undefined;
}
