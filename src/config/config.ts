import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

/** The sign-in limits (src/auth/sign-in-limits.ts says what each counts). */
export interface SignInLimits {
  addressAttemptsPerMinute: number;
  accountAddressFailures: number;
  addressFailures: number;
  accountFailures: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  addressAttemptsPerMinute: 60,
  accountAddressFailures: 5,
  addressFailures: 30,
  accountFailures: 100,
};

export type AppRole = 'api' | 'worker' | 'all';

export interface AppConfig {
  nodeEnv: string;
  port: number;
  host: string;
  /** Unset: the embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  runMigrations: boolean;
  seedDemo: boolean | undefined;
  tokenTtlHours: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** A repeated error (the database is down) is logged once, then once per this many seconds with a count. */
  logRepeatSeconds: number;
  bodyLimit: string;
  dbPoolSize: number;
  /** How long a query waits for a free pooled connection before the request is answered SERVICE_UNAVAILABLE. */
  dbPoolWaitMs: number;
  /** X-SQL-Statements on every response: on under NODE_ENV=test or with SQL_STATEMENT_HEADER=true. */
  exposeSqlStatementCount: boolean;
  /** The offline GraphQL workbench at GET /graphql: on unless NODE_ENV=production, where GRAPHQL_IDE=true turns it on. */
  graphqlIde: boolean;
  /** What this instance runs: the API, the job workers (reminders, e-mail, sweeps), or both. */
  appRole: AppRole;
  /** smtp:// or smtps:// (nodemailer URL); unset: e-mails are written to `outboxDir` as .eml files. */
  smtpUrl: string | undefined;
  mailFrom: string;
  outboxDir: string;
  /** What one GraphQL request may cost and spend (docs/api.md#limits). */
  graphqlLimits: GraphqlLimits;
  /**
   * Express's `trust proxy`: false (the socket's address is the client's), or the proxies whose
   * X-Forwarded-For is believed (addresses, subnets, loopback/linklocal/uniquelocal), or a hop count.
   */
  trustProxy: false | number | string[];
  signInLimits: SignInLimits;
  /** Ledger imports of more data rows than this run as background jobs (docs/ledgers.md#large-imports-as-jobs). */
  importJobRows: number;
  /** Finished import jobs (their answer; the file goes when the job ends) are deleted after this many days. */
  importJobRetentionDays: number;
  /** How many ledger uploads one instance parses at once, and how long the others wait for a turn. */
  importLimits: ImportLimits;
}

export interface ImportLimits {
  /** Uploads read (parsed) at the same time by this instance. */
  parseConcurrency: number;
  /** How long an upload waits for a turn before it is answered 503 SERVICE_UNAVAILABLE with Retry-After. */
  waitMs: number;
}

export interface GraphqlLimits {
  /** The estimated cost a document may have; over it the request is refused before anything runs. */
  maxCost: number;
  /** Objects (everything but a scalar or an enum) one query may resolve. */
  maxObjects: number;
  /** The size of one query's answer, counted as it is built. */
  maxResponseBytes: number;
  /** How long one query may run, from the request's start. */
  deadlineMs: number;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function parseBoolean(env: Env, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (['true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function parseInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

/** A size written as BODY_LIMIT is: `512kb`, `16mb`. */
const SIZE = /^(\d+)(kb|mb)$/i;

function parseSize(env: Env, name: string, fallback: string): number {
  const raw = env[name] || fallback;
  const match = SIZE.exec(raw);
  if (!match) throw new ConfigError(`${name} must look like 16mb or 512kb, got "${raw}"`);
  const bytes = Number(match[1]) * (match[2].toLowerCase() === 'mb' ? 1024 * 1024 : 1024);
  if (bytes < 1024 || bytes > 1024 * 1024 * 1024) throw new ConfigError(`${name} must be between 1kb and 1024mb, got "${raw}"`);
  return bytes;
}

function parseGraphqlLimits(env: Env): GraphqlLimits {
  return {
    maxCost: parseInteger(env, 'GRAPHQL_MAX_COST', 20_000, 100, 100_000_000),
    maxObjects: parseInteger(env, 'GRAPHQL_MAX_OBJECTS', 50_000, 1, 100_000_000),
    maxResponseBytes: parseSize(env, 'GRAPHQL_MAX_RESPONSE_BYTES', '16mb'),
    deadlineMs: parseInteger(env, 'GRAPHQL_DEADLINE_MS', 10_000, 1, 600_000),
  };
}

function parseDatabaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/database)');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgres:// or postgresql://, got "${url.protocol}//"`);
  }
  return raw;
}

function parseSmtpUrl(env: Env): string | undefined {
  const raw = env.SMTP_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL is not a valid URL (expected smtp://user:password@mail-host:587 or smtps://mail-host:465)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError(`SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//"`);
  }
  if (!url.hostname) throw new ConfigError('SMTP_URL names no host');
  return raw;
}

function parseMailFrom(env: Env): string {
  const raw = env.MAIL_FROM;
  if (raw === undefined || raw === '') return 'no-reply@localhost';
  // A bare address or a display name with the address in angle brackets.
  if (!/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(raw.trim())) {
    throw new ConfigError(`MAIL_FROM must be an e-mail address, optionally with a name ("台帳 <no-reply@example.lg.jp>"), got "${raw}"`);
  }
  return raw.trim();
}

function parseAppRole(env: Env): AppRole {
  const raw = (env.APP_ROLE ?? 'all').toLowerCase();
  if (raw !== 'api' && raw !== 'worker' && raw !== 'all')
    throw new ConfigError(`APP_ROLE must be api, worker or all, got "${env.APP_ROLE}"`);
  return raw;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function parseTrustProxy(env: Env): false | number | string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (raw === undefined || raw === '' || raw.toLowerCase() === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const valid =
      PROXY_NAMES.has(entry) ||
      (rest.length === 0 &&
        isIP(address) !== 0 &&
        (bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isIP(address) === 4 ? 32 : 128))));
    if (!valid) {
      throw new ConfigError(
        `TRUST_PROXY must name the proxies (addresses or subnets such as 10.0.0.5,10.1.0.0/16, or loopback, linklocal, uniquelocal) or a hop count, got "${entry}"`,
      );
    }
  }
  return entries;
}

function parseSignInLimits(env: Env): SignInLimits {
  return {
    addressAttemptsPerMinute: parseInteger(
      env,
      'SIGN_IN_ADDRESS_ATTEMPTS_PER_MINUTE',
      DEFAULT_SIGN_IN_LIMITS.addressAttemptsPerMinute,
      1,
      1_000_000,
    ),
    accountAddressFailures: parseInteger(
      env,
      'SIGN_IN_ACCOUNT_ADDRESS_FAILURES',
      DEFAULT_SIGN_IN_LIMITS.accountAddressFailures,
      1,
      1_000_000,
    ),
    addressFailures: parseInteger(env, 'SIGN_IN_ADDRESS_FAILURES', DEFAULT_SIGN_IN_LIMITS.addressFailures, 1, 1_000_000),
    accountFailures: parseInteger(env, 'SIGN_IN_ACCOUNT_FAILURES', DEFAULT_SIGN_IN_LIMITS.accountFailures, 1, 1_000_000),
  };
}

function parseImportLimits(env: Env): ImportLimits {
  return {
    parseConcurrency: parseInteger(env, 'IMPORT_PARSE_CONCURRENCY', 2, 1, 64),
    waitMs: parseInteger(env, 'IMPORT_WAIT_MS', 5000, 0, 60_000),
  };
}

/** Reads and validates the environment once; a bad value stops the app with a message naming the variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error, got "${env.LOG_LEVEL}"`);
  }
  const bodyLimit = env.BODY_LIMIT ?? '1mb';
  if (!SIZE.test(bodyLimit)) throw new ConfigError(`BODY_LIMIT must look like 1mb or 512kb, got "${bodyLimit}"`);
  const dataDir = resolve(env.DATA_DIR || './data');
  return {
    nodeEnv: env.NODE_ENV ?? 'development',
    port: parseInteger(env, 'PORT', 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: parseDatabaseUrl(env),
    dataDir,
    runMigrations: parseBoolean(env, 'MIGRATIONS_RUN') ?? true,
    seedDemo: parseBoolean(env, 'SEED_DEMO'),
    tokenTtlHours: parseInteger(env, 'TOKEN_TTL_HOURS', 8, 1, 24 * 30),
    logLevel: logLevel as AppConfig['logLevel'],
    logRepeatSeconds: parseInteger(env, 'LOG_REPEAT_SECONDS', 10, 1, 3600),
    bodyLimit,
    dbPoolSize: parseInteger(env, 'DB_POOL_SIZE', 10, 1, 200),
    dbPoolWaitMs: parseInteger(env, 'DB_POOL_WAIT_MS', 10_000, 100, 600_000),
    exposeSqlStatementCount: parseBoolean(env, 'SQL_STATEMENT_HEADER') ?? env.NODE_ENV === 'test',
    graphqlIde: parseBoolean(env, 'GRAPHQL_IDE') ?? env.NODE_ENV !== 'production',
    appRole: parseAppRole(env),
    smtpUrl: parseSmtpUrl(env),
    mailFrom: parseMailFrom(env),
    outboxDir: env.OUTBOX_DIR ? resolve(env.OUTBOX_DIR) : join(dataDir, 'outbox'),
    graphqlLimits: parseGraphqlLimits(env),
    trustProxy: parseTrustProxy(env),
    signInLimits: parseSignInLimits(env),
    importJobRows: parseInteger(env, 'IMPORT_JOB_ROWS', 2000, 1, 50_000),
    importJobRetentionDays: parseInteger(env, 'IMPORT_JOB_RETENTION_DAYS', 7, 1, 365),
    importLimits: parseImportLimits(env),
  };
}
