import 'reflect-metadata';
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { benchDatabaseUrl, setupProblem } from './bench-database';
import { postgresBackends, postgresCpuBetween, processCpuMs } from './cpu-usage';
import { BENCH_PASSWORD, benchAdminEmail, benchOrganizationCode, envInteger, generate, scaleFromEnv } from './generate';
import { loginFloods } from './login-flood';
import { buildNestedReviews, NESTED_CODE, NESTED_QUERY, provisionNestedOrganization } from './nested-query';
import { PAGE_QUERY, PageAnswer, pageFromPostGraphile, POSTGRAPHILE_PAGE_QUERY, PostGraphileAnswer, SUMMARY_QUERY } from './page-query';

/**
 * `npm run bench`: generates the bench data when missing, starts the real service, the ceiling
 * (bench/ceiling-server.ts) and PostGraphile 5 (bench/postgraphile-server.ts) on free ports of
 * 127.0.0.1, signs in as the ADMIN of bench-01, checks that all three answer the same page, then
 * drives them in turn with autocannon and prints a table.
 */

const DIST = join(__dirname, '..');

interface RunSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  rounds: number;
  pageSize: number;
}

function settingsFromEnv(): RunSettings {
  return {
    durationSeconds: envInteger(process.env, 'BENCH_DURATION', 10, 1, 120),
    warmupSeconds: envInteger(process.env, 'BENCH_WARMUP', 3, 0, 60),
    connections: envInteger(process.env, 'BENCH_CONNECTIONS', 10, 1, 50),
    rounds: envInteger(process.env, 'BENCH_ROUNDS', 2, 1, 10),
    pageSize: envInteger(process.env, 'BENCH_PAGE_SIZE', 50, 1, 100),
  };
}

const log = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The two servers, each its own process.

interface Server {
  name: string;
  url: string;
  process: ChildProcess;
  output: () => string;
  /** From the spawn to the first 200 from /ready (polled every 10 ms): the cold start. */
  readyAfterMs: number;
}

async function start(name: string, script: string, env: NodeJS.ProcessEnv, nodeOptions: string[] = []): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeOptions, script], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const spawned = performance.now();
  const server: Server = { name, url: `http://127.0.0.1:${port}`, process: child, output: () => output, readyAfterMs: 0 };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before it was ready:\n${output}`);
    try {
      if ((await fetch(`${server.url}/ready`)).ok) {
        server.readyAfterMs = performance.now() - spawned;
        return server;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  child.kill('SIGKILL');
  throw new Error(`${name} was not ready within 60 s:\n${output}`);
}

async function stop(server: Server): Promise<void> {
  if (server.process.exitCode !== null || server.process.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.process.once('exit', () => resolve()));
  server.process.kill('SIGTERM');
  const timer = setTimeout(() => server.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------
// Requests.

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
}

async function signIn(service: Server, organizationCode: string): Promise<string> {
  const { json } = await post(service.url, {
    query: 'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    variables: { input: { organizationCode, email: benchAdminEmail(organizationCode), password: BENCH_PASSWORD } },
  });
  const token = (json as { data?: { login?: { accessToken?: string } } }).data?.login?.accessToken;
  if (!token) throw new Error(`sign-in to ${organizationCode} failed: ${JSON.stringify(json)}`);
  return token;
}

interface Measurement {
  target: string;
  round: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  /** CPU milliseconds per request of the server process and of the database's PostgreSQL backends (Linux, local server). */
  serverCpuMs?: number;
  databaseCpuMs?: number;
}

/** The PostgreSQL database whose backends' CPU is counted: only on a server of this machine. */
function localDatabaseName(url: string): string | undefined {
  const parsed = new URL(url);
  return ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname) ? decodeURIComponent(parsed.pathname.slice(1)) : undefined;
}

async function load(
  title: string,
  url: string,
  body: string,
  token: string,
  settings: RunSettings,
  seconds: number,
): Promise<autocannon.Result> {
  return autocannon({
    title,
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
    connections: settings.connections,
    duration: seconds,
  });
}

async function measure(
  target: string,
  round: number,
  server: Server,
  database: string | undefined,
  body: string,
  token: string,
  settings: RunSettings,
): Promise<Measurement> {
  const serverBefore = processCpuMs(server.process.pid);
  const backendsBefore = database ? postgresBackends(database) : undefined;
  const result = await load(target, server.url, body, token, settings, settings.durationSeconds);
  const serverAfter = processCpuMs(server.process.pid);
  const backendsAfter = database ? postgresBackends(database) : undefined;
  if (server.process.exitCode !== null || server.process.signalCode !== null) {
    throw new Error(
      `${server.name} stopped during the measurement (${server.process.exitCode ?? server.process.signalCode}):\n${server.output()}`,
    );
  }
  const perRequest = (spent: number | undefined): number | undefined =>
    spent === undefined || result.requests.total === 0 ? undefined : spent / result.requests.total;
  const measurement: Measurement = {
    target,
    round,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failures: result.non2xx + result.errors + result.timeouts,
    serverCpuMs: perRequest(serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore),
    databaseCpuMs: perRequest(postgresCpuBetween(backendsBefore, backendsAfter)),
  };
  log(
    `  round ${round} ${target.padEnd(22)} ${measurement.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${fmtMs(measurement.p50)}  p99 ${fmtMs(measurement.p99)}` +
      `  CPU/request: server ${fmtCpu(measurement.serverCpuMs)}, PostgreSQL ${fmtCpu(measurement.databaseCpuMs)}` +
      (measurement.failures ? `  FAILURES ${measurement.failures}` : ''),
  );
  return measurement;
}

const fmtMs = (ms: number): string => `${ms.toFixed(1).padStart(6)} ms`;
const fmtCpu = (ms: number | undefined): string => (ms === undefined ? 'n/a' : `${ms.toFixed(2)} ms`);
const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
const meanOf = (values: (number | undefined)[]): number | undefined =>
  values.every((v): v is number => v !== undefined) && values.length ? mean(values) : undefined;

// ---------------------------------------------------------------------------------------------
// The run.

async function describeMachine(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ server_version: version }] = (await client.query<{ server_version: string }>('SHOW server_version')).rows;
    const host = new URL(url).hostname;
    return (
      `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
      `Node ${process.version}, PostgreSQL ${version} on ${host}; load average at start ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`
    );
  } finally {
    await client.end();
  }
}

/** The bench page of PostGraphile: it has no sign-in, so bench-01's id is a variable of the query. */
function postGraphileBody(pageSize: number, organizationId: string): { query: string; variables: Record<string, unknown> } {
  return { query: POSTGRAPHILE_PAGE_QUERY, variables: { first: pageSize, organizationId } };
}

async function checkSamePage(
  service: Server,
  ceiling: Server,
  postGraphile: Server,
  token: string,
  pageSize: number,
  organizationId: string,
): Promise<void> {
  const body = { query: PAGE_QUERY, variables: { first: pageSize } };
  const fromService = await post(service.url, body, token);
  const fromCeiling = await post(ceiling.url, body, token);
  const fromPostGraphile = await post(postGraphile.url, postGraphileBody(pageSize, organizationId));
  const serviceAnswer = fromService.json as PageAnswer;
  const ceilingAnswer = fromCeiling.json as PageAnswer;
  if (serviceAnswer.errors || !serviceAnswer.data) throw new Error(`service page failed: ${JSON.stringify(serviceAnswer).slice(0, 1000)}`);
  if (ceilingAnswer.errors || !ceilingAnswer.data) throw new Error(`ceiling page failed: ${JSON.stringify(ceilingAnswer).slice(0, 1000)}`);
  const serviceNodes = serviceAnswer.data.subjects.nodes;
  const ceilingNodes = ceilingAnswer.data.subjects.nodes;
  const serviceIds = serviceNodes.map((n) => n.id);
  const ceilingIds = ceilingNodes.map((n) => n.id);
  if (serviceIds.length !== pageSize)
    throw new Error(`the service returned ${serviceIds.length} subjects, expected ${pageSize}: generate more data`);
  if (!isDeepStrictEqual(serviceIds, ceilingIds)) {
    throw new Error(
      `service and ceiling disagree on the page's subject ids:\n service ${serviceIds.join(',')}\n ceiling ${ceilingIds.join(',')}`,
    );
  }
  if (!isDeepStrictEqual(serviceAnswer.data, ceilingAnswer.data)) {
    const differing = serviceNodes.filter((node, i) => !isDeepStrictEqual(node, ceilingNodes[i]));
    throw new Error(
      `same ids, different answers (e.g. ${JSON.stringify(differing[0] ?? serviceAnswer.data.subjects.pageInfo)} vs ` +
        `${JSON.stringify(ceilingNodes.find((n) => n.id === differing[0]?.id) ?? ceilingAnswer.data.subjects.pageInfo)})`,
    );
  }
  const postGraphilePage = pageFromPostGraphile(fromPostGraphile.json as PostGraphileAnswer);
  if (!postGraphilePage) throw new Error(`PostGraphile page failed: ${JSON.stringify(fromPostGraphile.json).slice(0, 1000)}`);
  if (
    postGraphilePage.hasNextPage !== serviceAnswer.data.subjects.pageInfo.hasNextPage ||
    !isDeepStrictEqual(postGraphilePage.nodes, serviceNodes)
  ) {
    const differing = serviceNodes.findIndex((node, i) => !isDeepStrictEqual(node, postGraphilePage.nodes[i]));
    throw new Error(
      `service and PostGraphile disagree (e.g. ${JSON.stringify(serviceNodes[differing])} vs ${JSON.stringify(postGraphilePage.nodes[differing])})`,
    );
  }
  const statuses = new Map<string, number>();
  for (const node of serviceNodes) statuses.set(node.compliance.status, (statuses.get(node.compliance.status) ?? 0) + 1);
  const statements = fromService.headers.get('x-sql-statements');
  log(
    `same page from all three: ${serviceIds.length} subject ids, names, owners, vendors and compliance statuses identical ` +
      `(${[...statuses].map(([s, n]) => `${s} ${n}`).join(', ')}); response ${JSON.stringify(serviceAnswer).length} bytes` +
      (statements ? `; the service sent ${statements} SQL statements for it, the ceiling 1` : ''),
  );
}

async function organizationIdOf(url: string, code: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM organizations WHERE code = $1', [code]);
    if (!rows[0]) throw new Error(`no organization ${code} in the bench database`);
    return rows[0].id;
  } finally {
    await client.end();
  }
}

async function checkSummary(service: Server, token: string): Promise<void> {
  const { json } = await post(service.url, { query: SUMMARY_QUERY }, token);
  const answer = json as { data?: { complianceSummary?: { total: number; nonCompliant: number } }; errors?: unknown };
  if (answer.errors || !answer.data?.complianceSummary)
    throw new Error(`complianceSummary failed: ${JSON.stringify(answer).slice(0, 1000)}`);
  const { total, nonCompliant } = answer.data.complianceSummary;
  log(`complianceSummary of bench-01: ${total} active subjects, ${nonCompliant} non-compliant`);
}

/**
 * complianceSummary one request at a time (autocannon gives no p95): `warmUp` requests unmeasured,
 * then `count` measured, each answer checked. Prints p50, p95 and the slowest.
 */
async function summaryLatency(service: Server, token: string, count = 200, warmUp = 20): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < warmUp + count; i++) {
    const started = performance.now();
    const { status, json } = await post(service.url, { query: SUMMARY_QUERY }, token);
    const elapsed = performance.now() - started;
    if (status !== 200 || (json as { errors?: unknown }).errors)
      throw new Error(`complianceSummary failed: ${status} ${JSON.stringify(json).slice(0, 1000)}`);
    if (i >= warmUp) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)];
  const result = { p50: at(0.5), p95: at(0.95) };
  log(
    `complianceSummary, ${count} requests one at a time (after ${warmUp}): p50 ${fmtMs(result.p50)}, p95 ${fmtMs(result.p95)}, ` +
      `slowest ${fmtMs(times[times.length - 1])} (target: p95 under 50 ms)`,
  );
  return result;
}

/** The resident memory of a process in MiB, from /proc (Linux); undefined elsewhere. */
function rssMiB(pid: number | undefined): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.replace(/\D+/g, '')) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

const fmtMiB = (mib: number | undefined): string => (mib === undefined ? 'n/a' : `${mib.toFixed(0)} MiB`);

/** Sends the nested query of issue 9 one request at a time: each must be refused before it runs; prints the time to refuse. */
async function checkNestedRefused(service: Server, token: string): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const { status, headers, json } = await post(service.url, { query: NESTED_QUERY }, token);
    times.push(performance.now() - started);
    const message = (json as { errors?: { message: string }[] }).errors?.[0]?.message ?? '';
    if (status !== 400 || !message.startsWith('クエリのコスト'))
      throw new Error(`the nested query was not refused: ${status} ${JSON.stringify(json)}`);
    if (i === 0)
      log(`nested query (${NESTED_CODE}): refused, "${message.slice(0, 40)}…", ${headers.get('x-sql-statements')} SQL statements`);
  }
  times.sort((a, b) => a - b);
  log(`  time to refuse, 20 requests one at a time: median ${fmtMs(times[10])}, slowest ${fmtMs(times[19])}`);
}

/** The subjects page of bench-01 under load while other connections send the nested query to bench-nested. */
async function pageDuringNestedFlood(
  service: Server,
  pageBody: string,
  token: string,
  nestedToken: string,
  settings: RunSettings,
  alone: Measurement[],
): Promise<number> {
  const rssBefore = rssMiB(service.process.pid);
  const nestedBody = JSON.stringify({ query: NESTED_QUERY });
  const [page, nested] = await Promise.all([
    load('page during nested flood', service.url, pageBody, token, settings, settings.durationSeconds),
    load('nested flood', service.url, nestedBody, nestedToken, settings, settings.durationSeconds),
  ]);
  const rssAfter = rssMiB(service.process.pid);
  const refused = (nested.statusCodeStats as Record<string, { count: number }> | undefined)?.['400']?.count ?? 0;
  const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;
  log();
  log(
    `nested query flood (${settings.connections} connections) beside the subjects page (${settings.connections} connections), ${settings.durationSeconds} s:`,
  );
  log(
    `  nested query: ${nested.requests.total} sent, ${refused} refused (HTTP 400), ${(nested.requests.total / nested.duration).toFixed(1)} req/s, ` +
      `time to refuse p50 ${fmtMs(nested.latency.p50)} p99 ${fmtMs(nested.latency.p99)}`,
  );
  log(
    `  subjects page meanwhile: ${(page.requests.total / page.duration).toFixed(1)} req/s, p50 ${fmtMs(page.latency.p50)} p99 ${fmtMs(page.latency.p99)} ` +
      `(alone above: p50 ${fmtMs(mean(alone.map((m) => m.p50)))} p99 ${fmtMs(mean(alone.map((m) => m.p99)))})`,
  );
  log(`  service RSS before ${fmtMiB(rssBefore)}, after ${fmtMiB(rssAfter)}`);
  if (service.process.exitCode !== null || service.process.signalCode !== null)
    throw new Error(`the service stopped:\n${service.output()}`);
  const failures = nested.requests.total - refused + page.non2xx + page.errors + page.timeouts + nested.errors + nested.timeouts;
  if (failures > 0) log(`  ${failures} requests were not answered as expected`);
  return failures;
}

function table(measurements: Measurement[]): void {
  const targets = [...new Set(measurements.map((m) => m.target))];
  log();
  log(
    '| target | rounds | requests/s (mean) | per round | p50 ms | p99 ms | server CPU ms/request | PostgreSQL CPU ms/request | failed requests |',
  );
  log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const target of targets) {
    const rows = measurements.filter((m) => m.target === target);
    log(
      `| ${target} | ${rows.length} | ${mean(rows.map((r) => r.requestsPerSecond)).toFixed(1)} | ${rows.map((r) => r.requestsPerSecond.toFixed(1)).join(' / ')} | ` +
        `${mean(rows.map((r) => r.p50)).toFixed(1)} | ${mean(rows.map((r) => r.p99)).toFixed(1)} | ` +
        `${fmtCpu(meanOf(rows.map((r) => r.serverCpuMs)))} | ${fmtCpu(meanOf(rows.map((r) => r.databaseCpuMs)))} | ${rows.reduce((sum, r) => sum + r.failures, 0)} |`,
    );
  }
}

async function main(): Promise<void> {
  const url = await benchDatabaseUrl();
  const scale = scaleFromEnv();
  const settings = settingsFromEnv();
  await generate(url, scale, log);
  await provisionNestedOrganization(url);
  log(`machine: ${await describeMachine(url)}`);
  log(
    `load: autocannon, ${settings.connections} connections, ${settings.durationSeconds} s per measurement, ${settings.rounds} round(s), ` +
      `warm-up ${settings.warmupSeconds} s; page size ${settings.pageSize}`,
  );

  const servers: Server[] = [];
  const cleanUp = async (): Promise<void> => {
    await Promise.all(servers.map((server) => stop(server)));
  };
  const onSignal = (): void => {
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const poolSize = process.env.DB_POOL_SIZE ?? '10';
    const service = await start('service', join(DIST, 'src', 'main.js'), {
      ...process.env,
      DATABASE_URL: url,
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      MIGRATIONS_RUN: 'false',
      SEED_DEMO: 'false',
      // The process measured serves requests only, as an API instance of a deployment that runs its
      // jobs (reminders, e-mails of the bench data's notices) in a worker instance.
      APP_ROLE: 'api',
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: poolSize,
      // One response header with the request's statement count (counted in any case for the request log).
      SQL_STATEMENT_HEADER: 'true',
      // The login floods come "from" many addresses: X-Forwarded-For, trusted from loopback only.
      TRUST_PROXY: 'loopback',
    });
    servers.push(service);
    const ceiling = await start('ceiling', join(DIST, 'bench', 'ceiling-server.js'), {
      ...process.env,
      DATABASE_URL: url,
      DB_POOL_SIZE: poolSize,
    });
    servers.push(ceiling);
    // PostGraphile 5 calls Promise.withResolvers, which Node 20 lacks: the polyfill is loaded first.
    const postGraphile = await start(
      'postgraphile',
      join(DIST, 'bench', 'postgraphile-server.js'),
      { ...process.env, DATABASE_URL: url, DB_POOL_SIZE: poolSize, GRAPHILE_ENV: 'production' },
      ['--import', pathToFileURL(join(DIST, 'bench', 'promise-with-resolvers.js')).href],
    );
    servers.push(postGraphile);
    const organizationId = await organizationIdOf(url, benchOrganizationCode(1));

    log(
      `cold start, spawn to the first 200 from /ready (migrated database): ${servers.map((s) => `${s.name} ${s.readyAfterMs.toFixed(0)} ms`).join(', ')}` +
        ` (target for the service: under 1,500 ms)`,
    );
    const token = await signIn(service, benchOrganizationCode(1));
    await checkSamePage(service, ceiling, postGraphile, token, settings.pageSize, organizationId);
    await checkSummary(service, token);
    await summaryLatency(service, token);
    const nestedToken = await signIn(service, NESTED_CODE);
    await buildNestedReviews((body) => post(service.url, body, nestedToken), log);
    await checkNestedRefused(service, nestedToken);

    const pageBody = JSON.stringify({ query: PAGE_QUERY, variables: { first: settings.pageSize } });
    const summaryBody = JSON.stringify({ query: SUMMARY_QUERY });
    const postGraphilePageBody = JSON.stringify(postGraphileBody(settings.pageSize, organizationId));
    if (settings.warmupSeconds > 0) {
      log(`warming up (${settings.warmupSeconds} s each)`);
      await load('warm-up', service.url, pageBody, token, settings, settings.warmupSeconds);
      await load('warm-up', service.url, summaryBody, token, settings, settings.warmupSeconds);
      await load('warm-up', ceiling.url, pageBody, token, settings, settings.warmupSeconds);
      await load('warm-up', postGraphile.url, postGraphilePageBody, token, settings, settings.warmupSeconds);
    }

    const database = localDatabaseName(url);
    const measurements: Measurement[] = [];
    for (let round = 1; round <= settings.rounds; round++) {
      measurements.push(await measure('service: subjects page', round, service, database, pageBody, token, settings));
      measurements.push(await measure('ceiling: subjects page', round, ceiling, database, pageBody, token, settings));
      measurements.push(await measure('postgraphile: subjects page', round, postGraphile, database, postGraphilePageBody, token, settings));
      measurements.push(await measure('service: summary', round, service, database, summaryBody, token, settings));
    }
    const nestedFailures = await pageDuringNestedFlood(
      service,
      pageBody,
      token,
      nestedToken,
      settings,
      measurements.filter((m) => m.target === 'service: subjects page'),
    );
    const pageAlone = measurements.filter((m) => m.target === 'service: subjects page');
    const floodFailures = await loginFloods(
      { url: service.url, rssMiB: () => rssMiB(service.process.pid) },
      url,
      { body: pageBody, token, aloneP50: mean(pageAlone.map((m) => m.p50)), aloneP99: mean(pageAlone.map((m) => m.p99)) },
      settings,
      log,
    );
    // Still the same answers after the load (no error responses hidden behind status 200).
    await checkSamePage(service, ceiling, postGraphile, token, settings.pageSize, organizationId);

    table(measurements);
    const rate = (target: string): number => mean(measurements.filter((m) => m.target === target).map((m) => m.requestsPerSecond));
    log();
    for (const server of ['service', 'postgraphile']) {
      const ratios = Array.from({ length: settings.rounds }, (_, i) => {
        const pick = (target: string): number => measurements.find((m) => m.target === target && m.round === i + 1)!.requestsPerSecond;
        return pick(`${server}: subjects page`) / pick('ceiling: subjects page');
      });
      log(
        `${server}/ceiling, subjects page: ${(rate(`${server}: subjects page`) / rate('ceiling: subjects page')).toFixed(3)} ` +
          `(per round ${ratios.map((r) => r.toFixed(3)).join(' / ')})`,
      );
    }
    log(
      `load average at end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const failures = measurements.reduce((sum, m) => sum + m.failures, 0) + nestedFailures + floodFailures;
    if (failures > 0) {
      log(`${failures} requests failed: the figures above are not valid`);
      process.exitCode = 1;
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  const problem = setupProblem(error);
  process.stderr.write(`${problem ?? (error as Error).stack ?? String(error)}\n`);
  process.exit(problem ? 2 : 1);
});
