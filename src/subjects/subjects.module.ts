import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { VendorsModule } from '../vendors/vendors.module';
import {
  CloudServiceFieldsResolver,
  OutsourcingContractFieldsResolver,
  SocialMediaAccountFieldsResolver,
  SubjectReaders,
} from './subject-fields.resolver';
import { SubjectsResolver } from './subjects.resolver';
import { SubjectLoader } from './subject.loader';
import { SubjectsService } from './subjects.service';

@Module({
  imports: [ComplianceModule, UsersModule, OrganizationsModule, VendorsModule],
  providers: [
    SubjectsService,
    SubjectsResolver,
    SubjectReaders,
    OutsourcingContractFieldsResolver,
    CloudServiceFieldsResolver,
    SocialMediaAccountFieldsResolver,
    SubjectLoader,
  ],
  exports: [SubjectLoader],
})
export class SubjectsModule {}
