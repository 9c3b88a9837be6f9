import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthService } from './auth/auth.service';
import { JsonLogger } from './common/json-logger';
import { ComplianceCoreModule } from './compliance/compliance-core.module';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DataModule } from './data.module';
import { HooksModule } from './hooks.module';
import { DatabaseModule } from './database/database.module';
import { ProvisioningService } from './provisioning/provisioning.service';
import { UserPasswordsService } from './auth/user-passwords.service';
import { SignInThrottle } from './auth/sign-in-throttle.service';

/**
 * What an operator's tool (the CLI, the benchmarks) works through: the data layer, compliance and
 * the services they call, without the API and without the job queue and its workers.
 */
@Module({})
export class OperatorModule {
  static forUrl(config: AppConfig, url: string): DynamicModule {
    return {
      module: OperatorModule,
      imports: [
        ConfigModule.forConfig(config),
        // Errors reach the tool as exceptions; only what is worse than a slow statement is logged.
        DatabaseModule.forUrl(url, { poolSize: 2 }, new JsonLogger('error')),
        DataModule,
        HooksModule,
        AuditModule,
        ComplianceCoreModule,
      ],
      providers: [AuthService, SignInThrottle, ProvisioningService, UserPasswordsService],
      exports: [ProvisioningService, UserPasswordsService],
    };
  }
}
