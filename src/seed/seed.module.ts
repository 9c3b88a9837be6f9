import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ComplianceModule } from '../compliance/compliance.module';
import { ProvisioningModule } from '../provisioning/provisioning.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { SubjectsModule } from '../subjects/subjects.module';
import { UsersModule } from '../users/users.module';
import { VendorsModule } from '../vendors/vendors.module';
import { DemoSeed } from './demo-seed';

/**
 * The demo organization, written through the feature services. Imported in every role (a worker-only
 * instance on a fresh embedded database seeds too), so it brings the services it writes through.
 */
@Module({
  imports: [AuthModule, OrganizationsModule, ProvisioningModule, UsersModule, VendorsModule, SubjectsModule, ComplianceModule],
  providers: [DemoSeed],
  exports: [DemoSeed],
})
export class SeedModule {}
