import { join, resolve } from 'node:path';

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

/** Reads and validates the environment once; a bad value stops the app with a message naming the variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error, got "${env.LOG_LEVEL}"`);
  }
  const bodyLimit = env.BODY_LIMIT ?? '1mb';
  if (!/^\d+(kb|mb)$/i.test(bodyLimit)) throw new ConfigError(`BODY_LIMIT must look like 1mb or 512kb, got "${bodyLimit}"`);
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
    exposeSqlStatementCount: parseBoolean(env, 'SQL_STATEMENT_HEADER') ?? env.NODE_ENV === 'test',
    graphqlIde: parseBoolean(env, 'GRAPHQL_IDE') ?? env.NODE_ENV !== 'production',
    appRole: parseAppRole(env),
    smtpUrl: parseSmtpUrl(env),
    mailFrom: parseMailFrom(env),
    outboxDir: env.OUTBOX_DIR ? resolve(env.OUTBOX_DIR) : join(dataDir, 'outbox'),
  };
}
