import { Role } from '../src/common/role';
import { DatabaseProxy } from './support/database-proxy';
import { createOrganization, createUser, databaseUrl, login, startApp, TestApp, TestOrganization } from './support/harness';

interface LogEntry {
  level: string;
  msg: string;
  context?: string;
  requestId?: string;
  error?: string;
  stack?: string;
  repeated?: number;
}

const LOGIN = 'mutation SignIn($input: LoginInput!) { login(input: $input) { accessToken } }';
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;

/**
 * A database outage, whichever kind of database: the app reaches the test database through a relay
 * the test cuts and restores (test/support/database-proxy.ts).
 */
describe('a database outage', () => {
  let proxy: DatabaseProxy;
  let testApp: TestApp;
  let organization: TestOrganization;
  let token: string;
  const lines: string[] = [];
  let stdout: jest.SpyInstance;

  beforeAll(async () => {
    proxy = new DatabaseProxy(new URL(databaseUrl()));
    const url = await proxy.start();
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    // A long interval: the test flushes the counts itself, so they do not depend on how fast it runs.
    testApp = await startApp({ LOG_LEVEL: 'info', LOG_REPEAT_SECONDS: '3600' }, url);
    organization = await createOrganization(testApp.dataSource);
    const staff = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    token = await login(testApp, organization.code, staff.email);
  });
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await testApp?.close();
    await proxy.stop();
    stdout.mockRestore();
  });

  function entries(): LogEntry[] {
    return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogEntry);
  }

  async function signIn(password = 'not the password at all') {
    const response = await fetch(`${testApp.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: LOGIN,
        variables: { input: { organizationCode: organization.code, email: 'x@example.jp', password } },
      }),
    });
    const body = (await response.json()) as { errors?: { message: string; extensions: { code: string } }[] };
    return { status: response.status, retryAfter: response.headers.get('retry-after'), errors: body.errors };
  }

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After to GraphQL and REST, logs it once per interval with a count, and serves again after it', async () => {
    // Before: the database answers (a wrong password is UNAUTHENTICATED, not an outage).
    expect(await signIn()).toMatchObject({ status: 200, retryAfter: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const before = entries().length;

    await proxy.cut();

    const graphql = await signIn();
    expect(graphql.status).toBe(503);
    expect(graphql.retryAfter).toBe('5');
    expect(graphql.errors).toHaveLength(1);
    expect(graphql.errors![0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(graphql.errors![0].message).toMatch(JAPANESE);

    // A signed-in call fails in the guard, before any resolver: the same answer.
    const me = await testApp.gql('{ me { id } }', {}, token);
    expect(me.status).toBe(503);
    expect(me.errors?.map((error) => error.extensions?.code)).toEqual(['SERVICE_UNAVAILABLE']);

    // REST: the ledger endpoints answer in their own shape, with the same code.
    const rest = await fetch(`${testApp.url}/api/ledgers/vendors/template.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(rest.status).toBe(503);
    expect(rest.headers.get('retry-after')).toBe('5');
    const restBody = (await rest.json()) as { error: { code: string; message: string } };
    expect(restBody.error.code).toBe('SERVICE_UNAVAILABLE');
    expect(restBody.error.message).toMatch(JAPANESE);

    const ready = await fetch(`${testApp.url}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect((await fetch(`${testApp.url}/health`)).status).toBe(200);

    // Many more requests during the outage: the log says so once, then counts them.
    const more = 25;
    for (let i = 0; i < more; i++) expect((await signIn()).status).toBe(503);
    const failed = 3 + more; // the GraphQL calls and the REST call above, then these

    const outage = () =>
      entries()
        .slice(before)
        .filter((entry) => entry.msg.startsWith('database unavailable'));
    expect(outage()).toHaveLength(1);
    expect(outage()[0]).toMatchObject({ level: 'error', error: expect.any(String), stack: expect.any(String) });
    expect(outage()[0].repeated).toBeUndefined();
    // No line per request from Nest either, and nothing answered as an internal error.
    const perRequest = entries()
      .slice(before)
      .filter((entry) => entry.context === 'ExceptionsHandler' || (entry.context === 'GraphQL' && entry.level === 'error'));
    expect(perRequest).toEqual([]);

    testApp.logger.flushRepeated();
    expect(outage()).toHaveLength(2);
    expect(outage()[1]).toMatchObject({ repeated: failed - 1, repeatedWithinSeconds: 3600 });
    expect(outage()[1].stack).toBeUndefined();
    expect(outage()[1].requestId).toBeUndefined();
    // Whatever else noticed the outage (the pools, the job queue) wrote at most one line per kind of error and a count.
    const errorLines = entries()
      .slice(before)
      .filter((entry) => entry.level === 'error' || entry.level === 'warn');
    const kinds = new Set(errorLines.map((entry) => `${entry.context}:${entry.msg}:${entry.error ?? ''}`));
    expect(errorLines.length).toBeLessThanOrEqual(kinds.size * 2);

    await proxy.restore();
    // The pools reconnect by themselves: poll (bounded) until the database answers again.
    let after = await signIn();
    for (let attempt = 0; attempt < 100 && after.status !== 200; attempt++) {
      expect(after.errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      await new Promise((wake) => setTimeout(wake, 100));
      after = await signIn();
    }
    expect(after).toMatchObject({ status: 200, retryAfter: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const meAgain = await testApp.gql<{ me: { id: string } }>('{ me { id } }', {}, token);
    expect(meAgain.errors).toBeUndefined();
    expect(meAgain.data!.me.id).toEqual(expect.any(String));
    expect((await fetch(`${testApp.url}/ready`)).status).toBe(200);
  });
});

/**
 * A pool with no free connection: a request waits DB_POOL_WAIT_MS for one, then is answered like an
 * outage (503, Retry-After), instead of queueing without end behind whatever holds the connections.
 */
describe('a saturated connection pool', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp({ DB_POOL_SIZE: '1', DB_POOL_WAIT_MS: '300' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('answers SERVICE_UNAVAILABLE with Retry-After while every connection is taken, and serves again once one is free', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const staff = await createUser(testApp.dataSource, organization, [Role.STAFF]);
    const token = await login(testApp, organization.code, staff.email);
    const me = (): Promise<Response> =>
      fetch(`${testApp.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ me { email } }' }),
      });

    // The pool's only connection, held as a long transaction would hold it.
    const holder = testApp.dataSource.createQueryRunner();
    await holder.connect();
    await holder.query('SELECT 1');
    try {
      const refused = await me();
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
      expect(body.errors.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(body.errors[0].message).toMatch(/^データベースに接続できないため/);
    } finally {
      await holder.release();
    }
    const served = await me();
    expect(served.status).toBe(200);
    expect(await served.json()).toEqual({ data: { me: { email: staff.email } } });
  });
});
