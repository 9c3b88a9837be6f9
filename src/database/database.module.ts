import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../common/json-logger';
import { createDataSource } from './data-source';
import { Database } from './database';

@Global()
@Module({})
export class DatabaseModule {
  static forUrl(url: string, poolSize: number, logger: JsonLogger): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async (): Promise<DataSource> => createDataSource({ url, poolSize, logger }).initialize(),
        },
        Database,
      ],
      exports: [DataSource, Database],
    };
  }
}
