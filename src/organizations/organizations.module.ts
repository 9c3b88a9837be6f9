import { Module } from '@nestjs/common';
import { DepartmentLoader } from './department.loader';
import { OrganizationsResolver } from './organizations.resolver';
import { OrganizationsService } from './organizations.service';

@Module({
  providers: [OrganizationsService, OrganizationsResolver, DepartmentLoader],
  exports: [OrganizationsService, DepartmentLoader],
})
export class OrganizationsModule {}
