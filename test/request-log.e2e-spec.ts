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

  /** The "request finished" line of the request with this id, once the response has finished. */
  function requestLine(requestId: string): Promise<RequestLine> {
    return eventually(() => {
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as RequestLine;
        if (entry.msg === 'request finished' && entry.requestId === requestId) return entry;
      }
      return undefined;
    }, `the log line of request ${requestId}`);
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
});
