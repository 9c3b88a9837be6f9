import { INestApplication } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/bootstrap';
import { JsonLogger } from '../../src/common/json-logger';
import { AppConfig, loadConfig } from '../../src/config/config';
import { hashPassword } from '../../src/users/passwords';
import { Role } from '../../src/common/role';
import { provisionOrganization } from '../../src/provisioning/provision-organization';
import { UserEntity } from '../../src/users/user.entity';

export const PASSWORD = 'correct horse battery staple';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; fieldErrors?: { field: string; message: string }[]; [key: string]: unknown };
  }[];
}

export interface TestApp {
  app: INestApplication;
  /** The configuration the app runs with: DATA_DIR (and so the e-mail outbox) in a temporary directory of the run. */
  config: AppConfig;
  url: string;
  dataSource: DataSource;
  /** The app's logger (to flush counted repeats in a test). */
  logger: JsonLogger;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export function databaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the end-to-end tests through jest (global setup)');
  return url;
}

/**
 * A fresh, empty directory for an app's DATA_DIR, inside the run's temporary directory (removed by the
 * global teardown). Never the repository's ./data: a demo started with `npm start` may be using it.
 */
export function testDataDir(): string {
  return mkdtempSync(join(process.env.TEST_RUN_DIR ?? tmpdir(), 'data-'));
}

/**
 * Every test signs in from 127.0.0.1, all files at once on one database: the per-address limits would
 * hold the whole suite. Tests of the limits set them (and send X-Forwarded-For under TRUST_PROXY).
 */
export const ADDRESS_LIMITS_OFF = { SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE: '1000000', SIGN_IN_ADDRESS_FAILURES: '1000000' };

/**
 * The real application, listening on a free port against the test database (or `databaseAt`, the same
 * database reached another way), with a DATA_DIR of its own.
 */
export async function startApp(env: Record<string, string> = {}, databaseAt = databaseUrl()): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    DATA_DIR: testDataDir(),
    ...ADDRESS_LIMITS_OFF,
    ...env,
    DATABASE_URL: databaseAt,
  });
  const logger = new JsonLogger(config.logLevel, config.logRepeatSeconds);
  const app = await createApp(config, databaseAt, logger);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const gql = async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<T>;
    return { ...body, status: response.status };
  };
  return { app, config, url, dataSource: app.get(DataSource), logger, gql, close: () => app.close() };
}

export function uniqueCode(prefix = 'org'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export interface TestOrganization {
  id: string;
  code: string;
  adminId: string;
  adminEmail: string;
}

/** A fresh organization with an ADMIN whose password is PASSWORD. */
export async function createOrganization(dataSource: DataSource, name = 'テスト広域連合'): Promise<TestOrganization> {
  const code = uniqueCode();
  const adminEmail = `admin@${code}.example.jp`;
  const { organization, admin } = await provisionOrganization(
    dataSource,
    { code, name },
    { email: adminEmail, displayName: '管理者', password: PASSWORD, mustChangePassword: false },
  );
  return { id: organization.id, code, adminId: admin.id, adminEmail };
}

let passwordHash: Promise<string> | undefined;

/** A user with the given roles and PASSWORD, written straight to the database. */
export async function createUser(
  dataSource: DataSource,
  organization: TestOrganization,
  roles: Role[],
  overrides: Partial<UserEntity> = {},
): Promise<UserEntity> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = `${roles.join('-').toLowerCase()}-${randomBytes(4).toString('hex')}@${organization.code}.example.jp`;
  return dataSource.getRepository(UserEntity).save({
    organizationId: organization.id,
    email,
    displayName: 'テスト 利用者',
    passwordHash: await passwordHash,
    roles,
    departmentId: null,
    active: true,
    mustChangePassword: false,
    ...overrides,
  });
}

export async function login(testApp: TestApp, organizationCode: string, email: string, password = PASSWORD): Promise<string> {
  const result = await testApp.gql<{ login: { accessToken: string } }>(
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { organizationCode, email, password } },
  );
  if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return result.data.login.accessToken;
}

/** An organization with a signed-in user per role. */
export async function organizationWithRoles(
  testApp: TestApp,
): Promise<{ organization: TestOrganization; tokens: Record<Role, string>; userIds: Record<Role, string> }> {
  const organization = await createOrganization(testApp.dataSource);
  const tokens = {} as Record<Role, string>;
  const userIds = {} as Record<Role, string>;
  for (const role of Object.values(Role)) {
    const user =
      role === Role.ADMIN
        ? { id: organization.adminId, email: organization.adminEmail }
        : await createUser(testApp.dataSource, organization, [role]);
    userIds[role] = user.id;
    tokens[role] = await login(testApp, organization.code, user.email);
  }
  return { organization, tokens, userIds };
}

export function codeOf(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

/** A GraphQL client for a server this process did not start (a spawned `node dist/src/main.js`). */
export function graphqlAt(baseUrl: string): TestApp['gql'] {
  return async <T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> => {
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as GraphQLResponse<T>;
    return { ...body, status: response.status };
  };
}

/** An empty database of its own on the test server, for a test that must see a database nobody else writes to. */
export async function scratchDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `scratch_${randomBytes(5).toString('hex')}`;
  const maintenance = new URL(databaseUrl());
  maintenance.pathname = '/postgres';
  const run = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: maintenance.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

// The compiled server and CLI, run as an operator runs them (`npm run -s build` first).
export const ROOT = resolve(__dirname, '..', '..');
export const MAIN_JS = join(ROOT, 'dist', 'src', 'main.js');
export const CLI_JS = join(ROOT, 'dist', 'src', 'cli.js');

/** The variables that steer the app (src/config/config.ts and the CLI): a child gets none of them from jest or the shell. */
export const APP_VARIABLES = [
  'NODE_ENV',
  'DATABASE_URL',
  'DATA_DIR',
  'PORT',
  'HOST',
  'SEED_DEMO',
  'MIGRATIONS_RUN',
  'ADMIN_PASSWORD',
  'LOG_LEVEL',
  'LOG_REPEAT_SECONDS',
  'APP_ROLE',
  'BODY_LIMIT',
  'DB_POOL_SIZE',
  'DB_POOL_WAIT_MS',
  'GRAPHQL_IDE',
  'GRAPHQL_MAX_COST',
  'GRAPHQL_MAX_OBJECTS',
  'GRAPHQL_MAX_RESPONSE_BYTES',
  'GRAPHQL_DEADLINE_MS',
  'MAIL_FROM',
  'OUTBOX_DIR',
  'SMTP_URL',
  'SQL_STATEMENT_HEADER',
  'TOKEN_TTL_HOURS',
  'TRUST_PROXY',
  'SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE',
  'SIGN_IN_ADDRESS_FAILURES',
  'SIGN_IN_ACCOUNT_ADDRESS_FAILURES',
  'SIGN_IN_ACCOUNT_FAILURES',
  'IMPORT_JOB_ROWS',
  'IMPORT_JOB_RETENTION_DAYS',
  'IMPORT_PARSE_CONCURRENCY',
  'IMPORT_WAIT_MS',
];

/** The environment of a spawned app or CLI: only the app variables the test sets, and a DATA_DIR of its own unless given. */
export function childEnv(variables: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of APP_VARIABLES) delete env[name];
  for (const [name, value] of Object.entries({ ...ADDRESS_LIMITS_OFF, ...variables })) {
    if (value !== undefined) env[name] = value;
  }
  env.DATA_DIR ??= testDataDir();
  return env;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `node <script>` child whose output is kept for assertions. */
export class NodeProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  private exit: Exit | undefined;

  constructor(script: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    // 'close' comes after the output streams end: nothing written before the exit is missed.
    this.exited = new Promise((resolveExit) =>
      this.child.once('close', (code, signal) => {
        this.exit = { code, signal };
        resolveExit(this.exit);
      }),
    );
  }

  get output(): string {
    return this.stdout + this.stderr;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** The first match of `pattern` in the output; fails when the process ends first or time runs out. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.output);
      if (match) return match;
      if (!this.running) throw new Error(`process ended (${JSON.stringify(this.exit)}) before printing ${pattern}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((wake) => setTimeout(wake, 50));
    }
  }

  /** Sends `signal` and waits for the exit; a process that outlives `timeoutMs` is killed and the wait fails. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<Exit> {
    if (this.running) this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        reject(new Error(`process still running ${timeoutMs} ms after ${signal}:\n${this.output}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs `node <script> <args>` to its end. */
export async function runNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const child = new NodeProcess(script, args, env);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child.child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${child.output}`));
    }, timeoutMs);
  });
  try {
    const exit = await Promise.race([child.exited, timeout]);
    return { ...exit, stdout: child.stdout, stderr: child.stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** The server PostgreSQL itself records as running on a data directory (its postmaster.pid), if any. */
export function postmasterOf(dataDir: string): { pid: number; port: number } | undefined {
  const file = join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/** The URL of the embedded server running on `dataDir`, as the CLI finds it: its credentials file and the port in postmaster.pid. */
export function embeddedUrl(dataDir: string): string {
  const info = JSON.parse(readFileSync(join(dataDir, 'embedded-postgres.json'), 'utf8')) as {
    user: string;
    password: string;
    database: string;
  };
  const postmaster = postmasterOf(dataDir);
  if (!postmaster) throw new Error(`no PostgreSQL server runs on ${dataDir}`);
  return `postgres://${info.user}:${encodeURIComponent(info.password)}@127.0.0.1:${postmaster.port}/${info.database}`;
}

/** Whether something accepts connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('error', () => answer(false));
  });
}

/** Whether a process with this id exists (kill -0). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stops the embedded PostgreSQL a failed test left running on `dataDir` (the one recorded in its postmaster.pid). */
export async function stopLeftoverPostmaster(dataDir: string): Promise<void> {
  const postmaster = postmasterOf(dataDir);
  if (!postmaster || !isAlive(postmaster.pid)) return;
  process.kill(postmaster.pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(postmaster.pid); i++) await new Promise((wake) => setTimeout(wake, 100));
}

/** Starts the compiled server and waits until /health answers; returns it with its base URL. */
export async function startServer(
  env: NodeJS.ProcessEnv,
  port: number,
  timeoutMs = 90_000,
): Promise<{ server: NodeProcess; baseUrl: string }> {
  const server = new NodeProcess(MAIN_JS, [], env);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const healthy = await fetch(`${baseUrl}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return { server, baseUrl };
    if (!server.running || Date.now() > deadline) {
      await server.stop('SIGKILL');
      throw new Error(`the server did not become healthy on port ${port}:\n${server.output}`);
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

// Register factories: vendors, departments and the three kinds of subject, created through the API
// as a client creates them. Each returns the created object and fails the test on any error.

/** A calendar date `days` away from today in Asia/Tokyo (the organizations' default calendar), YYYY-MM-DD. */
export function tokyoDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
  const [year, month, day] = today.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

async function created<T extends Record<string, any>>(
  testApp: TestApp,
  mutation: string,
  field: string,
  input: Record<string, unknown>,
  token: string,
): Promise<T> {
  const result = await testApp.gql<Record<string, T>>(mutation, { input }, token);
  if (result.errors || !result.data?.[field]) throw new Error(`${field} failed: ${JSON.stringify(result.errors)}`);
  return result.data[field];
}

export async function createDepartment(
  testApp: TestApp,
  token: string,
  name = `部署${randomBytes(3).toString('hex')}`,
): Promise<{ id: string; name: string }> {
  return created(
    testApp,
    'mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id name } }',
    'createDepartment',
    { name },
    token,
  );
}

export async function createVendor(
  testApp: TestApp,
  token: string,
  input: Record<string, unknown> = {},
): Promise<{ id: string; name: string; version: number }> {
  return created(
    testApp,
    'mutation($input: CreateVendorInput!) { createVendor(input: $input) { id name version } }',
    'createVendor',
    { name: '株式会社テスト委託先', ...input },
    token,
  );
}

export interface CreatedSubject {
  id: string;
  name: string;
  version: number;
  riskTier: string;
  compliance: { status: string; findings: { code: string; requirementCode: string | null }[] };
}

const CREATED_SUBJECT = 'id name version riskTier compliance { status findings { code requirementCode } }';

/** A contract of `vendorId` (LOW tier unless `input` says otherwise). */
export async function createContract(
  testApp: TestApp,
  token: string,
  vendorId: string,
  input: Record<string, unknown> = {},
): Promise<CreatedSubject> {
  return created(
    testApp,
    `mutation($input: CreateOutsourcingContractInput!) { createOutsourcingContract(input: $input) { ${CREATED_SUBJECT} } }`,
    'createOutsourcingContract',
    {
      name: '業務委託',
      vendorId,
      startDate: '2026-04-01',
      confidentiality: 1,
      integrity: 1,
      availability: 1,
      networkSegment: 'LGWAN',
      handlesPersonalInformation: false,
      handlesMyNumber: false,
      subcontractingAllowed: false,
      ...input,
    },
    token,
  );
}

/** A cloud service of `vendorId` (a LOW-tier CONTRACT service unless `input` says otherwise). */
export async function createCloudService(
  testApp: TestApp,
  token: string,
  vendorId: string,
  input: Record<string, unknown> = {},
): Promise<CreatedSubject> {
  return created(
    testApp,
    `mutation($input: CreateCloudServiceInput!) { createCloudService(input: $input) { ${CREATED_SUBJECT} } }`,
    'createCloudService',
    {
      name: 'クラウドサービス',
      vendorId,
      usageType: 'CONTRACT',
      purpose: '業務利用',
      handlesPersonalInformation: false,
      confidentiality: 1,
      integrity: 1,
      availability: 1,
      ...input,
    },
    token,
  );
}

/** A social media account with a unique account name on X unless `input` says otherwise. */
export async function createSocialMediaAccount(
  testApp: TestApp,
  token: string,
  input: Record<string, unknown> = {},
): Promise<CreatedSubject> {
  const handle = `koho_${randomBytes(4).toString('hex')}`;
  return created(
    testApp,
    `mutation($input: CreateSocialMediaAccountInput!) { createSocialMediaAccount(input: $input) { ${CREATED_SUBJECT} } }`,
    'createSocialMediaAccount',
    { name: '広報アカウント', platform: 'X', accountName: `@${handle}`, url: `https://x.com/${handle}`, purpose: '広報', ...input },
    token,
  );
}
