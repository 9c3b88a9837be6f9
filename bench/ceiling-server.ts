import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { EFFECTIVE_STATUS } from '../src/domain/compliance-sql';
import { PageNode, subjectCursor } from './page-query';

/**
 * The ceiling: the bench's subjects page served by bare node:http + pg with ONE SQL statement per
 * request, the bearer-token lookup included (same session rules as AuthService.authenticate: known,
 * unexpired, unrevoked token of an active user who need not change their password). No framework, no
 * GraphQL parsing or validation, no entities: what is left is HTTP, one round trip and JSON.
 * The compliance status is the app's own EFFECTIVE_STATUS expression, so both answer from one rule.
 *
 * Env: DATABASE_URL, PORT, DB_POOL_SIZE (default 10, like the service). Prints "listening <port>".
 */

const PAGE_SQL = `
  WITH actor AS (
    SELECT u.organization_id, (now() AT TIME ZONE o.time_zone)::date AS today
      FROM sessions se
      JOIN users u ON u.id = se.user_id AND u.organization_id = se.organization_id
      JOIN organizations o ON o.id = u.organization_id
     WHERE se.token_hash = $1 AND se.revoked_at IS NULL AND se.expires_at > now() AND u.active AND NOT u.must_change_password
  )
  SELECT p.* FROM actor LEFT JOIN LATERAL (
    SELECT s.id, s.kind, s.name, ow.display_name AS owner_name, v.name AS vendor_name,
           ${EFFECTIVE_STATUS.replace(/:today::date/g, 'actor.today')} AS status
      FROM subjects s
      LEFT JOIN vendors v ON v.id = s.vendor_id AND v.organization_id = s.organization_id
      LEFT JOIN users ow ON ow.id = s.owner_id AND ow.organization_id = s.organization_id
     WHERE s.organization_id = actor.organization_id AND s.status = 'ACTIVE'
     ORDER BY s.name, s.id
     LIMIT $2
  ) p ON true`;

interface PageRow {
  id: string | null;
  kind: string;
  name: string;
  owner_name: string | null;
  vendor_name: string | null;
  status: string;
}

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_SIZE ?? 10),
  application_name: 'bench-ceiling',
});

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function page(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = JSON.parse(await readBody(req)) as { variables?: { first?: unknown } };
  const asked = body.variables?.first;
  const first = typeof asked === 'number' && Number.isInteger(asked) ? Math.min(Math.max(asked, 1), 100) : 20;
  const token = /^Bearer\s+([A-Za-z0-9_-]{20,200})$/i.exec(req.headers.authorization?.trim() ?? '')?.[1];
  if (!token) return send(res, 401, { errors: [{ message: 'unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] });
  const tokenHash = createHash('sha256').update(token, 'utf8').digest();
  // A named statement: parsed and planned once per connection.
  const { rows } = await pool.query<PageRow>({ name: 'subjects-page', text: PAGE_SQL, values: [tokenHash, first + 1] });
  if (rows.length === 0) return send(res, 401, { errors: [{ message: 'unauthenticated', extensions: { code: 'UNAUTHENTICATED' } }] });
  const found = rows.filter((row) => row.id !== null);
  const nodes: PageNode[] = found.slice(0, first).map((row) => ({
    id: row.id!,
    kind: row.kind,
    name: row.name,
    owner: row.owner_name === null ? null : { displayName: row.owner_name },
    compliance: { status: row.status },
    ...(row.kind === 'SOCIAL_MEDIA_ACCOUNT' ? {} : { vendor: { name: row.vendor_name! } }),
  }));
  const last = nodes[nodes.length - 1];
  send(res, 200, {
    data: {
      subjects: { nodes, pageInfo: { hasNextPage: found.length > first, endCursor: last ? subjectCursor(last.name, last.id) : null } },
    },
  });
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/ready') return send(res, 200, { status: 'ready' });
  if (req.method !== 'POST' || req.url !== '/graphql') return send(res, 404, { errors: [{ message: 'not found' }] });
  page(req, res).catch((error: unknown) => {
    process.stderr.write(`ceiling: ${(error as Error).stack ?? String(error)}\n`);
    if (!res.headersSent) send(res, 500, { errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : '?'}\n`);
});

const stop = (): void => {
  server.close();
  void pool.end().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
