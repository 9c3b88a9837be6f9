import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { WorkbenchController } from './workbench.controller';

@Module({})
export class WorkbenchModule {
  /** With GRAPHQL_IDE off there is no page and no asset route: GET /graphql is Apollo's alone. */
  static forConfig(config: AppConfig): DynamicModule {
    return { module: WorkbenchModule, controllers: config.graphqlIde ? [WorkbenchController] : [] };
  }
}
