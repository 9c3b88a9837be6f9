import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse } from 'graphql';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, connect, Server, Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { Role } from '../src/common/role';
import { createDataSource } from '../src/database/data-source';
import { freePort } from '../src/database/embedded-database';
import { MAX_COST, queryCost } from '../src/graphql/query-limits';
import {
  childEnv,
  codeOf,
  createOrganization,
  createUser,
  databaseUrl,
  graphqlAt,
  GraphQLResponse,
  NodeProcess,
  organizationWithRoles,
  PASSWORD,
  startApp,
  startServer,
  TestApp,
} from './support/harness';

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
/** Three English words in a row: a sentence left untranslated. */
const ENGLISH = /\b[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}\b/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`;
const CREATE_VENDOR = `mutation($input: CreateVendorInput!) { createVendor(input: $input) { id } }`;

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  body: GraphQLResponse;
}

/** POST /graphql with a body as given (a batch, an oversized document...) and optional headers. */
async function post(baseUrl: string, body: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const response = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  let parsed: GraphQLResponse;
  try {
    parsed = JSON.parse(text) as GraphQLResponse;
  } catch {
    parsed = { status: response.status };
  }
  return { status: response.status, headers: response.headers, text, body: { ...parsed, status: response.status } };
}

const operation = (query: string, variables?: Record<string, unknown>): string => JSON.stringify({ query, variables });
const cursor = (values: unknown[]): string => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');

/** What must never reach a client: stack frames, exception objects, SQL and driver internals. */
const LEAKS = [
  /stacktrace/i,
  /exception/i,
  /\bat .*:\d+:\d+/,
  /node_modules|\.js\b|\.ts\b/,
  /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b/,
  /duplicate key|violates|constraint|relation "|QueryFailedError|typeorm|ECONNREFUSED|Connection terminated/i,
];
const leaksIn = (text: string): string[] => LEAKS.filter((pattern) => pattern.test(text)).map(String);

/**
 * A TCP proxy in front of the test database. `cut()` drops every connection and refuses new ones,
 * as a database outage would; `restore()` lets connections through again.
 */
async function databaseProxy(target: URL): Promise<{ url: string; cut(): void; restore(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', drop).on('close', drop);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as { port: number }).port);
  return {
    url: url.toString(),
    cut: () => {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => {
      refusing = false;
    },
    close: async () => {
      refusing = true;
      for (const socket of sockets) socket.destroy();
      await new Promise((closed) => server.close(closed));
    },
  };
}

describe('errors from the real server with NODE_ENV unset', () => {
  let proxy: Awaited<ReturnType<typeof databaseProxy>>;
  let server: NodeProcess;
  let baseUrl: string;
  let dataSource: DataSource;

  beforeAll(async () => {
    proxy = await databaseProxy(new URL(databaseUrl()));
    const port = await freePort();
    // childEnv leaves NODE_ENV out: Apollo would add stack traces for any value but production and test.
    ({ server, baseUrl } = await startServer(
      childEnv({ DATABASE_URL: proxy.url, PORT: String(port), HOST: '127.0.0.1', MIGRATIONS_RUN: 'false', SEED_DEMO: 'false' }),
      port,
    ));
    dataSource = await createDataSource({ url: databaseUrl(), poolSize: 2 }).initialize();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await dataSource?.destroy();
    await proxy?.close();
  });

  async function signedIn(roles: Role[] = [Role.ADMIN]): Promise<string> {
    const organization = await createOrganization(dataSource);
    const user = await createUser(dataSource, organization, roles);
    const result = await graphqlAt(baseUrl)<{ login: { accessToken: string } }>(LOGIN, {
      input: { organizationCode: organization.code, email: user.email, password: PASSWORD },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.login.accessToken;
  }

  it('answers every kind of client error with its code and without a stack trace, an exception or SQL', async () => {
    const admin = await signedIn();
    const staff = await signedIn([Role.STAFF]);
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const duplicate = { input: { name: '重複株式会社', corporateNumber: '7000012050002' } };
    expect((await post(baseUrl, operation(CREATE_VENDOR, duplicate), auth(admin))).body.errors).toBeUndefined();

    const cases: [string, Promise<RawResponse>][] = [
      ['GRAPHQL_PARSE_FAILED', post(baseUrl, operation('{ vendors { totalCount }'), auth(admin))],
      ['GRAPHQL_VALIDATION_FAILED', post(baseUrl, operation('{ vendors { secretColumn } }'), auth(admin))],
      ['BAD_USER_INPUT', post(baseUrl, operation(CREATE_VENDOR, { input: { name: '', corporateNumber: '123' } }), auth(admin))],
      ['BAD_USER_INPUT', post(baseUrl, operation('query($n: Int) { vendors(first: $n) { totalCount } }', { n: 'many' }), auth(admin))],
      ['CONFLICT', post(baseUrl, operation(CREATE_VENDOR, duplicate), auth(admin))],
      ['UNAUTHENTICATED', post(baseUrl, operation('{ me { id } }'))],
      [
        'UNAUTHENTICATED',
        post(baseUrl, operation(LOGIN, { input: { organizationCode: 'nowhere', email: 'a@b.jp', password: 'wrong password' } })),
      ],
      ['FORBIDDEN', post(baseUrl, operation('{ auditEvents { totalCount } }'), auth(staff))],
      ['NOT_FOUND', post(baseUrl, operation('query($id: ID!) { vendor(id: $id) { id } }', { id: randomUUID() }), auth(admin))],
      ['BAD_REQUEST', post(baseUrl, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]))],
    ];
    for (const [code, pending] of cases) {
      const response = await pending;
      expect({ code, answered: codeOf(response.body), leaks: leaksIn(response.text) }).toEqual({ code, answered: code, leaks: [] });
    }
  });

  it('answers the database going away as SERVICE_UNAVAILABLE (HTTP 503, Retry-After) with no internals, logs it in full, and recovers', async () => {
    const admin = await signedIn();
    const me = () => post(baseUrl, operation('{ me { id } }'), { authorization: `Bearer ${admin}` });
    expect((await me()).body.errors).toBeUndefined();

    proxy.cut();
    try {
      const failed = await me();
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('5');
      expect(failed.body.errors).toEqual([
        expect.objectContaining({
          message: 'データベースに接続できないため、処理できませんでした。5秒ほど待ってからやり直してください。',
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        }),
      ]);
      expect(leaksIn(failed.text)).toEqual([]);
      const ready = await fetch(`${baseUrl}/ready`);
      expect(ready.status).toBe(503);
      expect(leaksIn(await ready.text())).toEqual([]);
      const requestId = failed.headers.get('x-request-id');
      // Logged in full: the error with its stack, under the request's id.
      const logged = server.stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { level?: string; requestId?: string; stack?: string });
      expect(logged).toContainEqual(expect.objectContaining({ level: 'error', requestId, stack: expect.stringMatching(/\n\s+at /) }));
    } finally {
      proxy.restore();
    }

    const deadline = Date.now() + 15_000;
    while ((await fetch(`${baseUrl}/ready`)).status !== 200 && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 200));
    expect((await me()).body).toMatchObject({ data: { me: { id: expect.any(String) } } });
  });

  it('shuts down gracefully on SIGTERM with exit code 0', async () => {
    const port = await freePort();
    const own = await startServer(
      childEnv({ DATABASE_URL: databaseUrl(), PORT: String(port), HOST: '127.0.0.1', MIGRATIONS_RUN: 'false', SEED_DEMO: 'false' }),
      port,
    );
    expect((await fetch(`${own.baseUrl}/health`)).status).toBe(200);
    expect(await own.server.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(own.server.stdout).toMatch(/SIGTERM received/);
    await expect(fetch(`${own.baseUrl}/health`)).rejects.toThrow();
  }, 120_000);
});

describe('limits', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const stillServing = async (): Promise<void> => {
    expect(await post(testApp.url, operation('{ __typename }'))).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
  };
  const messagesOf = (response: RawResponse): string[] => (response.body.errors ?? []).map((e) => e.message);
  /** A selection `depth` fields deep: f0 { f1 { … leaf } }. */
  const nested = (depth: number): string =>
    Array.from({ length: depth - 1 }, (_, i) => `f${i} {`).join(' ') + ' leaf' + ' }'.repeat(depth - 1);

  it('refuses a document deeper than 12 with a clear error and keeps serving', async () => {
    // The schema has no cycle that deep yet, so the document is also otherwise invalid; the depth error is among the answers.
    const tooDeep = await post(testApp.url, operation(`{ ${nested(13)} }`));
    expect(tooDeep.status).toBe(400);
    expect(messagesOf(tooDeep)).toContain('クエリの深さ 13 が上限 12 を超えています。');
    const deepest = await post(testApp.url, operation(`{ ${nested(12)} }`));
    expect(messagesOf(deepest).filter((m) => m.includes('深さ'))).toEqual([]);
    await stillServing();
  });

  it('refuses more than 30 aliases and answers 30', async () => {
    const aliases = (count: number): string => `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const tooMany = await post(testApp.url, operation(aliases(31)));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      expect.objectContaining({
        message: '別名（alias）の数 31 が上限 30 を超えています。',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    const enough = await post(testApp.url, operation(aliases(30)));
    expect(Object.keys(enough.body.data ?? {})).toHaveLength(30);
    await stillServing();
  });

  it('refuses a query whose cost is over the limit, counting page sizes given in variables', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const page = `auditEvents(first: $n) { edges { cursor node { id at action entityType entityId changes actor { id email displayName roles active mustChangePassword department { id name } } } } }`;
    const costly = `query($n: Int) { ${Array.from({ length: 12 }, (_, i) => `a${i}: ${page}`).join(' ')} }`;
    const schema = testApp.app.get(GraphQLSchemaHost).schema;
    expect(queryCost(schema, parse(costly), { n: 100 })).toBeGreaterThan(MAX_COST);
    expect(queryCost(schema, parse(costly), { n: 50 })).toBeLessThan(MAX_COST);

    const refused = await post(testApp.url, operation(costly, { n: 100 }), { authorization: `Bearer ${tokens[Role.ADMIN]}` });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^クエリのコスト \d+ が上限 20000 を超えています。/),
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    const answered = await post(testApp.url, operation(costly, { n: 50 }), { authorization: `Bearer ${tokens[Role.ADMIN]}` });
    expect(answered.body.errors).toBeUndefined();
    expect(answered.body.data!.a0.edges.length).toBeGreaterThan(0);
    await stillServing();
  });

  it('refuses a document with two operations, even when one is named', async () => {
    const two = await post(testApp.url, JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: 'A' }));
    expect(two.status).toBe(400);
    expect(two.body.errors).toEqual([
      expect.objectContaining({
        message: '1つのリクエストに含められる操作は1つだけです。',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }),
    ]);
    await stillServing();
  });

  it('refuses a batched JSON array without running any of it (no batched password guessing)', async () => {
    const organization = await createOrganization(testApp.dataSource);
    const guess = (password: string) => ({
      query: LOGIN,
      variables: { input: { organizationCode: organization.code, email: organization.adminEmail, password } },
    });
    const batch = await post(testApp.url, JSON.stringify([guess('first guess 123'), guess('second guess 123'), guess(PASSWORD)]));
    expect(batch.status).toBe(400);
    expect(batch.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/batching/i), extensions: { code: 'BAD_REQUEST' } }),
    ]);
    // Had any attempt run, sign-in would have audited it: LOGIN_FAILED, or LOGIN_SUCCEEDED for the right password.
    const [{ count }] = await testApp.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM audit_events WHERE organization_id = $1 AND action IN ('LOGIN_FAILED', 'LOGIN_SUCCEEDED')`,
      [organization.id],
    );
    expect(Number(count)).toBe(0);
    await stillServing();
  });

  it('answers a body over 1 MiB with 413 and serves the next request', async () => {
    const padding = 'x'.repeat(1024 * 1024);
    const tooLarge = await post(testApp.url, operation('{ __typename }', { padding }));
    expect(tooLarge.status).toBe(413);
    expect(leaksIn(tooLarge.text)).toEqual([]);
    await stillServing();
  });

  it('answers /health and /ready with 200', async () => {
    const health = await fetch(`${testApp.url}/health`);
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await fetch(`${testApp.url}/ready`);
    expect({ status: ready.status, body: await ready.json() }).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('echoes a sane X-Request-Id, generates one otherwise, and records it on the audit event', async () => {
    const echoed = await post(testApp.url, operation('{ __typename }'), { 'x-request-id': 'trace-0123.abc_X' });
    expect(echoed.headers.get('x-request-id')).toBe('trace-0123.abc_X');
    const generated = await post(testApp.url, operation('{ __typename }'));
    expect(generated.headers.get('x-request-id')).toMatch(UUID);
    const replaced = await post(testApp.url, operation('{ __typename }'), { 'x-request-id': 'not sane; <script>' });
    expect(replaced.headers.get('x-request-id')).toMatch(UUID);

    const { tokens } = await organizationWithRoles(testApp);
    const requestId = `req-${randomBytes(6).toString('hex')}`;
    const created = await post(testApp.url, operation(CREATE_VENDOR, { input: { name: '追跡株式会社' } }), {
      authorization: `Bearer ${tokens[Role.ADMIN]}`,
      'x-request-id': requestId,
    });
    const vendorId = created.body.data!.createVendor.id as string;
    const rows = await testApp.dataSource.query<{ request_id: string }[]>('SELECT request_id FROM audit_events WHERE entity_id = $1', [
      vendorId,
    ]);
    expect(rows).toEqual([{ request_id: requestId }]);
  });

  it('sends security headers and no X-Powered-By', async () => {
    for (const headers of [
      (await fetch(`${testApp.url}/health`)).headers,
      (await post(testApp.url, operation('{ __typename }'))).headers,
    ]) {
      expect({
        nosniff: headers.get('x-content-type-options'),
        frame: headers.get('x-frame-options'),
        referrer: headers.get('referrer-policy'),
        csp: headers.get('content-security-policy'),
        hsts: headers.get('strict-transport-security'),
        poweredBy: headers.get('x-powered-by'),
      }).toEqual({
        nosniff: 'nosniff',
        frame: 'SAMEORIGIN',
        referrer: 'no-referrer',
        csp: expect.stringContaining("default-src 'self'"),
        hsts: expect.stringContaining('max-age='),
        poweredBy: null,
      });
    }
  });
});

describe('validation errors', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const fieldsOf = (response: GraphQLResponse): string[] =>
    (response.errors?.[0]?.extensions?.fieldErrors ?? []).map((e) => e.field).sort();
  const vendorCount = async (token: string): Promise<number> =>
    (await testApp.gql('{ vendors { totalCount } }', {}, token)).data!.vendors.totalCount;

  it('lists every bad field of one input at once, and creates nothing', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const result = await testApp.gql(
      CREATE_VENDOR,
      { input: { name: '   ', corporateNumber: '7000012050003', websiteUrl: 'javascript:alert(1)' } },
      tokens[Role.ADMIN],
    );
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(result)).toEqual(['corporateNumber', 'name', 'websiteUrl']);
    for (const fieldError of result.errors![0].extensions!.fieldErrors!) expect(fieldError.message).toEqual(expect.any(String));
    expect(await vendorCount(tokens[Role.ADMIN])).toBe(0);
  });

  it('refuses an impossible date as BAD_USER_INPUT, written in the document or passed as a variable', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const literal = await testApp.gql(
      `mutation { createVendor(input: { name: "日付株式会社", certifications: [{ type: ISMS, validUntil: "2026-02-30" }] }) { id } }`,
      {},
      tokens[Role.ADMIN],
    );
    expect(codeOf(literal)).toBe('BAD_USER_INPUT');
    expect(literal.errors![0].message).toContain('2026-02-30');
    const variable = await testApp.gql(
      CREATE_VENDOR,
      { input: { name: '日付株式会社', certifications: [{ type: 'ISMS', validUntil: '2026-02-30' }] } },
      tokens[Role.ADMIN],
    );
    expect(codeOf(variable)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(variable)).toEqual(['certifications.0.validUntil']);
    expect(await vendorCount(tokens[Role.ADMIN])).toBe(0);
  });

  it('answers a variable of the wrong type with BAD_USER_INPUT naming it, not an internal error', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const result = await testApp.gql('query($n: Int) { vendors(first: $n) { totalCount } }', { n: 'many' }, tokens[Role.ADMIN]);
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(fieldsOf(result)).toEqual(['n']);
  });

  it('answers a forged cursor with BAD_USER_INPUT on every paged list, and still reads a real one', async () => {
    const { tokens } = await organizationWithRoles(testApp);
    for (const name of ['甲株式会社', '乙株式会社'])
      expect((await testApp.gql(CREATE_VENDOR, { input: { name } }, tokens[Role.ADMIN])).errors).toBeUndefined();
    const forgedEverywhere = [cursor(['x', 'not-a-uuid']), cursor([1, 2]), cursor(['only one']), cursor(['x\u0000', randomUUID()])];
    const forgedTimes = [cursor(['2026-13-01T00:00:00.000Z', randomUUID()]), cursor(['yesterday', randomUUID()])];
    const lists: [string, string[]][] = [
      ['vendors', forgedEverywhere],
      ['users', forgedEverywhere],
      ['auditEvents', [...forgedEverywhere, ...forgedTimes]],
    ];
    for (const [list, forged] of lists) {
      for (const after of forged) {
        const result = await testApp.gql(`query($after: String) { ${list}(after: $after) { totalCount } }`, { after }, tokens[Role.ADMIN]);
        expect({ list, after, code: codeOf(result), fields: fieldsOf(result) }).toEqual({
          list,
          after,
          code: 'BAD_USER_INPUT',
          fields: ['after'],
        });
      }
      const page = `query($after: String) { ${list}(first: 1, after: $after) { nodes { id } pageInfo { endCursor } } }`;
      const first = await testApp.gql(page, {}, tokens[Role.ADMIN]);
      const second = await testApp.gql(page, { after: first.data![list].pageInfo.endCursor }, tokens[Role.ADMIN]);
      expect(second.errors).toBeUndefined();
      expect(second.data![list].nodes).toHaveLength(1);
      expect(second.data![list].nodes[0].id).not.toBe(first.data![list].nodes[0].id);
    }
  });

  it("says GraphQL's own refusals in Japanese, keeping their code and the field's path", async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendorId = (await testApp.gql<{ createVendor: { id: string } }>(CREATE_VENDOR, { input: { name: '翻訳株式会社' } }, token)).data!
      .createVendor.id;
    const CREATE_CONTRACT = `mutation($input: CreateOutsourcingContractInput!) { createOutsourcingContract(input: $input) { id } }`;
    const contract = {
      name: '翻訳の確認',
      vendorId,
      startDate: '2026-04-01',
      confidentiality: 1,
      integrity: 1,
      availability: 1,
      networkSegment: 'LGWAN',
      handlesPersonalInformation: false,
      handlesMyNumber: false,
      subcontractingAllowed: false,
    };
    const withoutName: Record<string, unknown> = { ...contract };
    delete withoutName.name;
    const variableCases: [Record<string, unknown>, string, RegExp][] = [
      [withoutName, 'name', /^変数 \$input の値が正しくありません（input\.name）: 必須の項目 name（String!）が指定されていません。$/],
      [
        { ...contract, networkSegment: 'mynumber' },
        'networkSegment',
        /^変数 \$input の値が正しくありません（input\.networkSegment）: "mynumber" は NetworkSegment の値にありません。（候補: MY_NUMBER）$/,
      ],
      [
        { ...contract, confidentiality: 'high' },
        'confidentiality',
        /（input\.confidentiality）: 整数で指定してください（受け取った値: "high"）。$/,
      ],
      [{ ...contract, colour: 'red' }, 'colour', /（input\.colour）: 項目 colour は CreateOutsourcingContractInput にありません。$/],
      [{ ...contract, handlesMyNumber: 'no' }, 'handlesMyNumber', /true 又は false で指定してください/],
    ];
    for (const [input, field, message] of variableCases) {
      const result = await testApp.gql(CREATE_CONTRACT, { input }, token);
      expect({ field, code: codeOf(result), fields: fieldsOf(result) }).toEqual({ field, code: 'BAD_USER_INPUT', fields: [field] });
      expect(result.errors![0].message).toMatch(message);
      expect(result.errors![0].extensions!.fieldErrors![0].message).toMatch(JAPANESE);
    }
    // Several bad values in the variables: one answer that lists them all, as class-validator's does.
    const several = await testApp.gql(
      CREATE_CONTRACT,
      { input: { ...withoutName, networkSegment: 'mynumber', confidentiality: 'x' } },
      token,
    );
    expect(several.status).toBe(400);
    expect(several.errors).toHaveLength(1);
    expect({ code: codeOf(several), fields: fieldsOf(several) }).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['confidentiality', 'name', 'networkSegment'],
    });
    expect(several.errors![0].message).toMatch(/input\.name.*input\.networkSegment|input\.networkSegment.*input\.name/);
    const missingVariable = await testApp.gql(CREATE_CONTRACT, {}, token);
    expect(missingVariable.errors![0]).toMatchObject({
      message: '変数 $input（CreateOutsourcingContractInput!）が指定されていません。',
      extensions: { code: 'BAD_USER_INPUT', fieldErrors: [{ field: 'input' }] },
    });

    const documentCases: [string, string, RegExp][] = [
      ['{ vendors { secretColumn } }', 'GRAPHQL_VALIDATION_FAILED', /^VendorConnection にフィールド secretColumn はありません。/],
      [
        '{ vendors(frist: 1) { totalCount } }',
        'GRAPHQL_VALIDATION_FAILED',
        /^フィールド Query\.vendors に引数 frist はありません。（候補: first）$/,
      ],
      [
        'mutation { createVendor(input: { corporateNumber: "7000012050002" }) { id } }',
        'GRAPHQL_VALIDATION_FAILED',
        /^必須の項目 CreateVendorInput\.name（String!）が指定されていません。$/,
      ],
      ['{ vendors { totalCount }', 'GRAPHQL_PARSE_FAILED', /^構文エラー: /],
    ];
    for (const [query, code, message] of documentCases) {
      const result = await testApp.gql(query, {}, token);
      expect({ query, code: codeOf(result) }).toEqual({ query, code });
      expect(result.errors![0].message).toMatch(message);
    }
  });

  it("says class-validator's refusals in Japanese, with the limits they name", async () => {
    const { tokens } = await organizationWithRoles(testApp);
    const token = tokens[Role.ADMIN];
    const vendor = await testApp.gql(CREATE_VENDOR, { input: { name: '検証株式会社' } }, token);
    const id = vendor.data!.createVendor.id as string;
    const UPDATE_VENDOR = `mutation($id: ID!, $input: UpdateVendorInput!) { updateVendor(id: $id, input: $input) { id } }`;
    const stale = await testApp.gql(UPDATE_VENDOR, { id, input: { expectedVersion: 0 } }, token);
    expect(stale.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ field: 'expectedVersion', message: '取得した時点の version（1以上の整数）を指定してください。' }],
    });
    const long = await testApp.gql(UPDATE_VENDOR, { id, input: { expectedVersion: 1, address: 'あ'.repeat(501) } }, token);
    expect(long.errors![0].extensions!.fieldErrors).toEqual([{ field: 'address', message: '500文字以内で入力してください。' }]);
    const tooMany = await testApp.gql(
      UPDATE_VENDOR,
      { id, input: { expectedVersion: 1, certifications: Array.from({ length: 51 }, () => ({ type: 'ISMS' })) } },
      token,
    );
    expect(tooMany.errors![0].extensions!.fieldErrors).toEqual([{ field: 'certifications', message: '50件以内で指定してください。' }]);
    for (const result of [stale, long, tooMany]) expect(result.errors![0].message).not.toMatch(ENGLISH);
  });

  it('answers text holding a NUL character with BAD_USER_INPUT naming the field', async () => {
    const { organization, tokens } = await organizationWithRoles(testApp);
    const create = await testApp.gql(CREATE_VENDOR, { input: { name: '株式会社\u0000テスト' } }, tokens[Role.ADMIN]);
    expect({ code: codeOf(create), fields: fieldsOf(create) }).toEqual({ code: 'BAD_USER_INPUT', fields: ['name'] });
    const search = await testApp.gql(
      'query($filter: VendorFilter) { vendors(filter: $filter) { totalCount } }',
      { filter: { search: '\u0000' } },
      tokens[Role.STAFF],
    );
    expect({ code: codeOf(search), fields: fieldsOf(search) }).toEqual({ code: 'BAD_USER_INPUT', fields: ['filter.search'] });
    const signIn = await testApp.gql(LOGIN, {
      input: { organizationCode: `${organization.code}\u0000`, email: organization.adminEmail, password: PASSWORD },
    });
    expect({ code: codeOf(signIn), fields: fieldsOf(signIn) }).toEqual({ code: 'BAD_USER_INPUT', fields: ['organizationCode'] });
    expect(await vendorCount(tokens[Role.ADMIN])).toBe(0);
  });
});
