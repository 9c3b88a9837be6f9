import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { UsersRepository } from '../users/users.repository';
import { OrganizationsRepository } from '../organizations/organizations.repository';
import { NewAdmin, NewOrganization, ProvisionedOrganization, ProvisioningService } from './provisioning.service';

/** Just what provisioning needs, wired by Nest around a DataSource that a process opened without the app. */
@Module({})
class StandaloneProvisioningModule {
  static forDataSource(dataSource: DataSource): DynamicModule {
    return {
      module: StandaloneProvisioningModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        Database,
        AuditRepository,
        AuditService,
        UsersRepository,
        OrganizationsRepository,
        ProvisioningService,
      ],
    };
  }
}

// Never closed: closing would end the DataSource, which belongs to the caller.
const contexts = new WeakMap<DataSource, Promise<INestApplicationContext>>();

/**
 * `ProvisioningService.provision` for a process that holds a DataSource and no app: the CLI's
 * create-organization, the benchmarks, the tests' factories. In a transaction of its own.
 */
export async function provisionOrganization(
  dataSource: DataSource,
  organization: NewOrganization,
  admin: NewAdmin,
): Promise<ProvisionedOrganization> {
  let context = contexts.get(dataSource);
  if (!context) {
    context = NestFactory.createApplicationContext(StandaloneProvisioningModule.forDataSource(dataSource), { logger: false });
    contexts.set(dataSource, context);
  }
  return (await context).get(ProvisioningService).provision(null, organization, admin);
}
