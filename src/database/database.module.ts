import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { Database } from './database';

@Global()
@Module({})
export class DatabaseModule {
  static forUrl(url: string, poolSize: number): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          useFactory: async (): Promise<DataSource> => createDataSource({ url, poolSize }).initialize(),
        },
        Database,
      ],
      exports: [DataSource, Database],
    };
  }
}
