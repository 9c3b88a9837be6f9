import { request as httpRequest } from 'node:http';
import { startApp, TestApp } from './support/harness';
import { eventually } from './support/smtp-listener';

interface RequestLine {
  msg: string;
  context: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  operationName?: string;
  operationType?: string;
  rootFields?: string[];
  aborted?: boolean;
  level: string;
}

describe('request logs', () => {
  let testApp: TestApp;
  const lines: string[] = [];
  let stdout: jest.SpyInstance;

  beforeAll(async () => {
    // The app's JSON logger writes to stdout: keep every line, print none.
    stdout = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    testApp = await startApp({ LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await testApp.close();
    stdout.mockRestore();
  });

  /** The "request finished" (or "aborted") line of the request with this id, once there is one. */
  function requestLine(requestId: string, msg = 'request finished'): Promise<RequestLine> {
    return eventually(() => {
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as RequestLine;
        if (entry.msg === msg && entry.requestId === requestId) return entry;
      }
      return undefined;
    }, `the log line of request ${requestId}`);
  }

  function linesOf(requestId: string): RequestLine[] {
    return lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as RequestLine)
      .filter((entry) => entry.requestId === requestId && entry.context === 'HTTP');
  }

  function post(requestId: string, body: object): Promise<Response> {
    return fetch(`${testApp.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify(body),
    });
  }

  it('gives the path the client asked for: /graphql for GraphQL, without the query string', async () => {
    const graphql = await fetch(`${testApp.url}/graphql?from=test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'log-graphql-1' },
      body: JSON.stringify({ query: 'query Ping { __typename }', operationName: 'Ping' }),
    });
    expect(graphql.status).toBe(200);
    expect(await requestLine('log-graphql-1')).toMatchObject({
      context: 'HTTP',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Ping',
    });

    const health = await fetch(`${testApp.url}/health`, { headers: { 'x-request-id': 'log-health-1' } });
    expect(health.status).toBe(200);
    expect(await requestLine('log-health-1')).toMatchObject({ method: 'GET', path: '/health', status: 200 });

    const missing = await fetch(`${testApp.url}/no/such/page`, { headers: { 'x-request-id': 'log-missing-1' } });
    expect(missing.status).toBe(404);
    expect(await requestLine('log-missing-1')).toMatchObject({ method: 'GET', path: '/no/such/page', status: 404 });
  });

  it('names the GraphQL operation from the document when the client sends no operationName, and the root fields of an anonymous one', async () => {
    expect((await post('log-named-1', { query: 'query VendorsPage { __typename }' })).status).toBe(200);
    expect(await requestLine('log-named-1')).toMatchObject({
      path: '/graphql',
      operationName: 'VendorsPage',
      operationType: 'query',
      rootFields: ['__typename'],
    });

    expect((await post('log-anonymous-1', { query: 'mutation { logout }' })).status).toBe(200);
    const anonymous = await requestLine('log-anonymous-1');
    expect(anonymous).toMatchObject({ path: '/graphql', operationType: 'mutation', rootFields: ['logout'] });
    expect(anonymous.operationName).toBeUndefined();

    // Refused before Apollo resolves an operation (one operation per request): the name the client sent.
    const refused = await post('log-refused-1', {
      query: 'query A { __typename } query B { __typename }',
      operationName: 'B',
    });
    expect(refused.status).toBe(400);
    const refusedLine = await requestLine('log-refused-1');
    expect(refusedLine).toMatchObject({ path: '/graphql', status: 400, operationName: 'B' });
    expect(refusedLine.rootFields).toBeUndefined();
  });

  it('logs a request the client gave up on before its answer, once', async () => {
    // The client sends its headers, waits for the server to take the request (100 Continue), then
    // goes away without sending the body it announced.
    const url = new URL(testApp.url);
    await new Promise<void>((done, failed) => {
      const request = httpRequest({
        host: url.hostname,
        port: url.port,
        path: '/graphql?from=abort-test',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': '1000',
          expect: '100-continue',
          'x-request-id': 'log-aborted-1',
        },
      });
      request.on('continue', () => {
        request.write('{"query":"query Slow');
        request.destroy();
        done();
      });
      request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? done() : failed(error)));
      request.on('response', () => failed(new Error('the server answered a request whose body never came')));
    });
    expect(await requestLine('log-aborted-1', 'request aborted by the client')).toMatchObject({
      level: 'warn',
      context: 'HTTP',
      method: 'POST',
      path: '/graphql',
      aborted: true,
    });
    // And no "request finished" for it: one line per request.
    await new Promise((wake) => setTimeout(wake, 200));
    expect(linesOf('log-aborted-1').map((entry) => entry.msg)).toEqual(['request aborted by the client']);
  });
});
