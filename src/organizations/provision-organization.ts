import { DynamicModule, INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { Database } from '../database/database';
import { UsersRepository } from '../users/users.repository';
import { OrganizationsRepository } from './organizations.repository';
import { NewAdmin, NewOrganization, OrganizationsService, ProvisionedOrganization } from './organizations.service';

/** Just what provisioning needs, wired by Nest around a DataSource that a process opened without the app. */
@Module({})
class ProvisioningModule {
  static forDataSource(dataSource: DataSource): DynamicModule {
    return {
      module: ProvisioningModule,
      providers: [
        { provide: DataSource, useValue: dataSource },
        Database,
        AuditRepository,
        AuditService,
        UsersRepository,
        OrganizationsRepository,
        OrganizationsService,
      ],
    };
  }
}

// Never closed: closing would end the DataSource, which belongs to the caller.
const contexts = new WeakMap<DataSource, Promise<INestApplicationContext>>();

/**
 * `OrganizationsService.provision` for a process that holds a DataSource and no app: the CLI's
 * create-organization, the benchmarks, the tests' factories. In a transaction of its own.
 */
export async function provisionOrganization(
  dataSource: DataSource,
  organization: NewOrganization,
  admin: NewAdmin,
): Promise<ProvisionedOrganization> {
  let context = contexts.get(dataSource);
  if (!context) {
    context = NestFactory.createApplicationContext(ProvisioningModule.forDataSource(dataSource), { logger: false });
    contexts.set(dataSource, context);
  }
  return (await context).get(OrganizationsService).provision(null, organization, admin);
}
