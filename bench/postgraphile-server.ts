import { createServer } from 'node:http';
import { Pool } from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { EFFECTIVE_STATUS } from '../src/domain/compliance-sql';

/**
 * PostGraphile 5 over the bench database, for comparison: the schema it derives by itself from the
 * tables (Amber preset, no plugins, no authentication and no tenant filter: the bench sends the
 * organization as a condition), plus one computed column, `Subject.effectiveStatus`, from the app's
 * own EFFECTIVE_STATUS expression, so that all three servers answer the status from one rule.
 *
 * On Node 20 it needs `Promise.withResolvers`: start it with `node --import
 * dist/bench/promise-with-resolvers.js dist/bench/postgraphile-server.js`.
 *
 * Env: DATABASE_URL, PORT, DB_POOL_SIZE (default 10, like the service). Answers GET /ready.
 */

/** `subjects_effective_status(subjects)`: PostGraphile shows it as the field `effectiveStatus` of `Subject`. */
export const STATUS_FUNCTION_SQL = `
  CREATE OR REPLACE FUNCTION subjects_effective_status(s subjects) RETURNS text LANGUAGE sql STABLE AS $fn$
    SELECT ${EFFECTIVE_STATUS.replace(/:today::date/g, 't.today')}
      FROM (SELECT (now() AT TIME ZONE o.time_zone)::date AS today FROM organizations o WHERE o.id = s.organization_id) t
      LEFT JOIN vendors v ON v.id = s.vendor_id AND v.organization_id = s.organization_id
  $fn$`;

async function main(): Promise<void> {
  const pool = new Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DB_POOL_SIZE ?? 10),
    application_name: 'bench-postgraphile',
  });
  await pool.query(STATUS_FUNCTION_SQL);
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    pgServices: [makePgService({ pool, schemas: ['public'] })],
    grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  });
  await pgl.getSchemaResult(); // built before /ready says so
  const handle = pgl.createServ(grafserv).createHandler();
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/ready') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ready"}');
      return;
    }
    handle(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : '?'}\n`);
  });
  const stop = (): void => {
    server.close();
    void Promise.resolve(pgl.release())
      .then(() => pool.end())
      .finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`postgraphile: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
