import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../common/json-logger';
import { createDataSource, DataSourceSettings } from './data-source';
import { Database } from './database';

@Global()
@Module({})
export class DatabaseModule {
  static forUrl(url: string, pool: Pick<DataSourceSettings, 'poolSize' | 'poolWaitMs'>, logger: JsonLogger): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async (): Promise<DataSource> => createDataSource({ url, ...pool, logger }).initialize(),
        },
        Database,
      ],
      exports: [DataSource, Database],
    };
  }
}
