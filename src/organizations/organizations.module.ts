import { Module } from '@nestjs/common';
import { DepartmentLoader } from './department.loader';
import { OrganizationsResolver } from './organizations.resolver';
import { OrganizationsService } from './organizations.service';

/** The organization, its departments and provisioning. OrganizationsRepository is in the DataModule: jobs and other features read it. */
@Module({
  providers: [OrganizationsService, OrganizationsResolver, DepartmentLoader],
  exports: [OrganizationsService, DepartmentLoader],
})
export class OrganizationsModule {}
