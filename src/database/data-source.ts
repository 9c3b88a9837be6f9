import { types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const DATE_OID = 1082;
// A `date` is a calendar day: keep it as the YYYY-MM-DD text PostgreSQL sends, never a JS Date
// shifted by the process time zone.
types.setTypeParser(DATE_OID, (value: string) => value);

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  logging?: boolean;
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
    // Failures reach our own logs through the error mapper; TypeORM would print them to the console.
    logging: settings.logging ? ['query', 'error'] : false,
    extra: {
      max: settings.poolSize ?? 10,
      application_name: 'vendor-risk-register',
      statement_timeout: 30_000,
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}
