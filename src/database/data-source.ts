import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { JsonLogger } from '../common/json-logger';
import { ENTITIES } from './entities';
import { SqlLogger } from './sql-logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const DATE_OID = 1082;
// A `date` is a calendar day: keep it as the YYYY-MM-DD text PostgreSQL sends, never a JS Date
// shifted by the process time zone.
types.setTypeParser(DATE_OID, (value: string) => value);

export const DEFAULT_POOL_WAIT_MS = 10_000;

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  /**
   * How long a query waits for a free connection of the pool before it fails (answered
   * SERVICE_UNAVAILABLE with Retry-After): a saturated pool sheds requests instead of queueing them
   * without end. Default 10 s.
   */
  poolWaitMs?: number;
  logger?: JsonLogger;
}

export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logger: new SqlLogger(settings.logger),
    maxQueryExecutionTime: 1000,
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: settings.poolWaitMs ?? DEFAULT_POOL_WAIT_MS,
      application_name: 'vendor-risk-register',
      statement_timeout: 30_000,
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
