import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

function errorOf(env: Record<string, string>): unknown {
  try {
    loadConfig(env);
  } catch (error) {
    return error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('has defaults for everything', () => {
    // toMatchObject: a setting added later brings its own test rather than breaking this one.
    expect(loadConfig({})).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: resolve('./data'),
      runMigrations: true,
      seedDemo: undefined,
      tokenTtlHours: 8,
      logLevel: 'info',
      bodyLimit: '1mb',
      dbPoolSize: 10,
      dbPoolWaitMs: 10_000,
      logRepeatSeconds: 10,
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgresql://register:secret@db.example.jp:5432/register',
      DATA_DIR: '/var/lib/register',
      MIGRATIONS_RUN: 'false',
      SEED_DEMO: 'yes',
      TOKEN_TTL_HOURS: '12',
      LOG_LEVEL: 'WARN',
      BODY_LIMIT: '512kb',
      DB_POOL_SIZE: '25',
      LOG_REPEAT_SECONDS: '30',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgresql://register:secret@db.example.jp:5432/register',
      dataDir: '/var/lib/register',
      runMigrations: false,
      seedDemo: true,
      tokenTtlHours: 12,
      logLevel: 'warn',
      bodyLimit: '512kb',
      dbPoolSize: 25,
      logRepeatSeconds: 30,
    });
  });

  it.each(['true', 'TRUE', '1', 'yes'])('reads %s as true', (value) => {
    expect(loadConfig({ SEED_DEMO: value }).seedDemo).toBe(true);
  });

  it.each(['false', 'False', '0', 'no'])('reads %s as false', (value) => {
    expect(loadConfig({ MIGRATIONS_RUN: value }).runMigrations).toBe(false);
  });

  it('treats an empty value as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', MIGRATIONS_RUN: '', SEED_DEMO: '', DATA_DIR: '' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.runMigrations).toBe(true);
    expect(config.seedDemo).toBeUndefined();
    expect(config.dataDir).toBe(resolve('./data'));
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '-1'],
    ['PORT', '3000.5'],
    ['PORT', '65536'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_URL', 'mysql://root@localhost/register'],
    ['LOG_LEVEL', 'verbose'],
    ['MIGRATIONS_RUN', 'maybe'],
    ['SEED_DEMO', 'on'],
    ['TOKEN_TTL_HOURS', '0'],
    ['TOKEN_TTL_HOURS', '721'],
    ['DB_POOL_SIZE', 'ten'],
    ['BODY_LIMIT', '1gb'],
    ['GRAPHQL_MAX_COST', '99'],
    ['GRAPHQL_MAX_OBJECTS', '0'],
    ['GRAPHQL_MAX_RESPONSE_BYTES', '16'],
    ['GRAPHQL_MAX_RESPONSE_BYTES', '2048mb'],
    ['GRAPHQL_DEADLINE_MS', '1.5'],
    ['GRAPHQL_DEADLINE_MS', '0'],
    ['IMPORT_PARSE_CONCURRENCY', '0'],
    ['IMPORT_PARSE_CONCURRENCY', 'two'],
    ['IMPORT_WAIT_MS', '60001'],
  ])('stops on %s=%s with a ConfigError naming the variable', (name, value) => {
    const error = errorOf({ [name]: value });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
  });

  it('limits a GraphQL request by default, and reads GRAPHQL_MAX_COST, _MAX_OBJECTS, _MAX_RESPONSE_BYTES and _DEADLINE_MS', () => {
    expect(loadConfig({}).graphqlLimits).toEqual({
      maxCost: 20_000,
      maxObjects: 50_000,
      maxResponseBytes: 16 * 1024 * 1024,
      deadlineMs: 10_000,
    });
    expect(
      loadConfig({
        GRAPHQL_MAX_COST: '5000',
        GRAPHQL_MAX_OBJECTS: '2000',
        GRAPHQL_MAX_RESPONSE_BYTES: '512kb',
        GRAPHQL_DEADLINE_MS: '2500',
      }).graphqlLimits,
    ).toEqual({ maxCost: 5000, maxObjects: 2000, maxResponseBytes: 512 * 1024, deadlineMs: 2500 });
  });

  it('parses two uploads at once by default, the others waiting 5 s, and reads IMPORT_PARSE_CONCURRENCY and IMPORT_WAIT_MS', () => {
    expect(loadConfig({}).importLimits).toEqual({ parseConcurrency: 2, waitMs: 5000 });
    expect(loadConfig({ IMPORT_PARSE_CONCURRENCY: '1', IMPORT_WAIT_MS: '0' }).importLimits).toEqual({ parseConcurrency: 1, waitMs: 0 });
  });

  it('does not echo a bad DATABASE_URL, which may hold a password', () => {
    const error = errorOf({ DATABASE_URL: 'postgres//user:s3cret@host/db' });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain('s3cret');
  });
});

describe('configuration: notifications and job workers', () => {
  it('defaults: API and workers in one process, e-mail to DATA_DIR/outbox', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/register' })).toMatchObject({
      appRole: 'all',
      smtpUrl: undefined,
      mailFrom: 'no-reply@localhost',
      outboxDir: '/var/lib/register/outbox',
    });
  });

  it('reads APP_ROLE, SMTP_URL, MAIL_FROM and OUTBOX_DIR', () => {
    expect(
      loadConfig({
        APP_ROLE: 'worker',
        SMTP_URL: 'smtps://register:secret@mail.example.lg.jp:465',
        MAIL_FROM: '台帳 <no-reply@example.lg.jp>',
        OUTBOX_DIR: '/srv/outbox',
      }),
    ).toMatchObject({
      appRole: 'worker',
      smtpUrl: 'smtps://register:secret@mail.example.lg.jp:465',
      mailFrom: '台帳 <no-reply@example.lg.jp>',
      outboxDir: '/srv/outbox',
    });
    expect(loadConfig({ APP_ROLE: 'API' }).appRole).toBe('api');
  });

  it.each([
    ['APP_ROLE', 'scheduler'],
    ['SMTP_URL', 'mail.example.lg.jp'],
    ['SMTP_URL', 'http://mail.example.lg.jp'],
    ['MAIL_FROM', 'nobody'],
    ['MAIL_FROM', '台帳 <no-reply>'],
  ])('stops on %s=%s with a ConfigError naming the variable', (name, value) => {
    const error = errorOf({ [name]: value });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(name);
  });

  it('does not echo a bad SMTP_URL, which may hold a password', () => {
    const error = errorOf({ SMTP_URL: 'smtp//register:s3cret@mail' });
    expect((error as Error).message).not.toContain('s3cret');
  });
});
