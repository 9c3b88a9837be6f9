import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AuditEventsModule } from './audit/audit-events.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { JsonLogger } from './common/json-logger';
import { LoggingModule } from './common/logging.module';
import { ComplianceCoreModule } from './compliance/compliance-core.module';
import { ComplianceModule } from './compliance/compliance.module';
import { RequirementsModule } from './requirements/requirements.module';
import { SeedModule } from './seed/seed.module';
import { SubjectsModule } from './subjects/subjects.module';
import { ReviewsCoreModule } from './reviews/reviews-core.module';
import { ReviewsModule } from './reviews/reviews.module';
import { JobsModule } from './jobs/jobs.module';
import { NotificationsCoreModule } from './notifications/notifications-core.module';
import { NotificationsModule } from './notifications/notifications.module';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DataModule } from './data.module';
import { HooksModule } from './hooks.module';
import { DatabaseModule } from './database/database.module';
import { DatabaseOutageFilter } from './database/database-outage.filter';
import { graphqlOptions } from './graphql/graphql-options';
import { ListSizesService } from './graphql/list-sizes.service';
import { QueryLimitsModule } from './graphql/query-limits.module';
import { HealthController } from './health/health.controller';
import { LedgersModule } from './ledgers/ledgers.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { UsersModule } from './users/users.module';
import { VendorsModule } from './vendors/vendors.module';
import { WorkbenchModule } from './workbench/workbench.module';

/** The feature modules whose resolvers make up the GraphQL schema. */
export const FEATURE_MODULES = [
  AuthModule,
  OrganizationsModule,
  UsersModule,
  VendorsModule,
  AuditEventsModule,
  ComplianceModule,
  RequirementsModule,
  SubjectsModule,
  ReviewsModule,
  NotificationsModule,
  LedgersModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, logger: JsonLogger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forConfig(config),
        LoggingModule.forLogger(logger),
        DatabaseModule.forUrl(databaseUrl, { poolSize: config.dbPoolSize, poolWaitMs: config.dbPoolWaitMs }, logger),
        DataModule,
        HooksModule,
        AuditModule,
        ComplianceCoreModule,
        JobsModule,
        ReviewsCoreModule,
        NotificationsCoreModule,
        SeedModule,
        // A worker-only instance (APP_ROLE=worker) runs the job queue and answers /health and /ready, no API.
        ...(config.appRole === 'worker'
          ? []
          : [
              GraphQLModule.forRootAsync<ApolloDriverConfig>({
                driver: ApolloDriver,
                imports: [QueryLimitsModule],
                inject: [ListSizesService],
                useFactory: (listSizes: ListSizesService) => graphqlOptions(logger, config.graphqlLimits, listSizes),
              }),
              WorkbenchModule.forConfig(config),
              ...FEATURE_MODULES,
            ]),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: DatabaseOutageFilter },
      ],
    };
  }
}
