import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Request } from 'playwright-core';
import { WORKBENCH_CSP, workbenchAssets } from '../src/workbench/workbench-assets';
import { createOrganization, PASSWORD, ROOT, startApp, TestApp, TestOrganization } from './support/harness';

// Debian's chromium package; .ci/run installs it when missing. On a developer's machine without it the
// browser test is skipped with a message; in CI (CI=true) a missing browser fails the run instead.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOT = join(ROOT, 'test-artifacts', 'workbench.png');
const SIGN_IN_SCREENSHOT = join(ROOT, 'test-artifacts', 'workbench-sign-in.png');
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

const browserInstalled = existsSync(CHROMIUM);
const inCi = process.env.CI === 'true';
if (!browserInstalled && !inCi) {
  console.warn(
    `workbench.e2e-spec: SKIPPING the browser test: no Chromium at ${CHROMIUM}. Install it with ` +
      '`apt-get install -y --no-install-recommends chromium` to run it (CI installs it and never skips).',
  );
}
const describeInBrowser = browserInstalled || inCi ? describe : describe.skip;

async function html(url: string): Promise<Response> {
  return fetch(url, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
}

describe('GraphQL workbench over HTTP', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('serves the page to a browser under its own strict policy', async () => {
    const response = await html(`${testApp.url}/graphql`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(WORKBENCH_CSP);
    // No upgrade-insecure-requests (the API's policy has it): over plain HTTP on an intranet host it
    // turns every asset request into an https one that fails, and the page stays blank.
    expect(WORKBENCH_CSP).not.toMatch(/unsafe-|https?:|\*|upgrade-insecure-requests/);
    const page = await response.text();
    expect(page).toContain('graphql-workbench/graphiql.min.js');
    // Nothing on the page points off the machine.
    expect(page).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('serves each asset from the app and nothing outside the list', async () => {
    for (const name of workbenchAssets().keys()) {
      const response = await fetch(`${testApp.url}/graphql-workbench/${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: 200 });
      expect(response.headers.get('content-type')).toMatch(name.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
      await response.arrayBuffer();
    }
    for (const name of ['graphiql.min.js.map', '..%2Fpackage.json', 'index.html']) {
      const response = await fetch(`${testApp.url}/graphql-workbench/${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: 404 });
    }
  });

  it('leaves GraphQL to Apollo: POST, and GET from a client that does not ask for HTML', async () => {
    const post = await testApp.gql('{ __typename }');
    expect(post).toMatchObject({ status: 200, data: { __typename: 'Query' } });

    const get = await fetch(`${testApp.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });

    // CSRF prevention still refuses a simple request, the page notwithstanding.
    const simple = await fetch(`${testApp.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ __typename }"}',
    });
    expect(simple.status).toBe(400);
  });
});

describe('GraphQL workbench with GRAPHQL_IDE=false', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startApp({ GRAPHQL_IDE: 'false' });
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('serves neither the page nor its assets', async () => {
    const page = await html(`${testApp.url}/graphql`);
    expect(page.headers.get('content-type')).not.toMatch(/text\/html/);
    expect(await page.text()).not.toContain('graphiql');
    expect((await fetch(`${testApp.url}/graphql-workbench/graphiql.min.js`)).status).toBe(404);
    expect(await testApp.gql('{ __typename }')).toMatchObject({ status: 200, data: { __typename: 'Query' } });
  });
});

describeInBrowser('GraphQL workbench in headless Chromium, offline', () => {
  let testApp: TestApp;
  let organization: TestOrganization;
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;
  const offMachine: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const graphqlPosts: Request[] = [];

  beforeAll(async () => {
    if (!browserInstalled)
      throw new Error(`CI=true but there is no Chromium at ${CHROMIUM}: .ci/run installs it with apt before the tests`);
    testApp = await startApp();
    organization = await createOrganization(testApp.dataSource);
    userDataDir = mkdtempSync(join(tmpdir(), 'workbench-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 860 },
      locale: 'ja-JP',
    });
    // Every request that is not to this machine is refused and remembered: the test fails on any.
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if ((url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)) return route.continue();
      offMachine.push(url.href);
      return route.abort('blockedbyclient');
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await testApp?.close();
  });

  it('loads, signs in as an organization admin, runs { me { email } } and shows the answer', async () => {
    const page = await context!.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text().slice(0, 300));
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/graphql') graphqlPosts.push(request);
    });

    const response = await page.goto(`${testApp.url}/graphql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(WORKBENCH_CSP);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-execute-button').waitFor();

    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: SIGN_IN_SCREENSHOT });

    await page.fill('#organizationCode', organization.code);
    await page.fill('#email', organization.adminEmail);
    await page.fill('#password', PASSWORD);
    await page.click('#sign-in-button');
    await page.locator('#signed-in-as', { hasText: organization.adminEmail }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#workbench-status').innerText()).toBe('');

    // insertText types no keystrokes, so the editor's bracket auto-closing leaves the query as written.
    await page.click('.graphiql-query-editor .CodeMirror');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{ me { email } }');
    await page.click('.graphiql-execute-button');
    await page.locator('.graphiql-response', { hasText: organization.adminEmail }).waitFor({ timeout: 15_000 });

    const result = JSON.parse(
      await page
        .locator('.graphiql-response .CodeMirror')
        .evaluate((editor) => (editor as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue()),
    );
    expect(result).toEqual({ data: { me: { email: organization.adminEmail } } });

    // GraphiQL read the schema (completion, documentation) through introspection, which the query limits let pass.
    const introspection = graphqlPosts.find((request) => request.postData()?.includes('__schema'));
    expect(introspection).toBeDefined();
    const schema = await (await introspection!.response())!.json();
    expect(schema.errors).toBeUndefined();
    expect(schema.data.__schema.queryType.name).toBe('Query');

    // The query went out as JSON (Apollo's CSRF prevention) with the bearer token from the sign-in.
    const query = graphqlPosts.find((request) => request.postData()?.includes('me { email }'));
    expect(query).toBeDefined();
    const headers = await query!.allHeaders();
    expect(headers['content-type']).toMatch(/^application\/json/);
    expect(headers.authorization).toMatch(/^Bearer \S+$/);

    await page.screenshot({ path: SCREENSHOT });

    expect(offMachine).toEqual([]);
    // A policy violation (a blocked script, style, font or eval) shows up as a console error.
    expect(consoleErrors).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
