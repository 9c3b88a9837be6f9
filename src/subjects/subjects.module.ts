import { Module } from '@nestjs/common';
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
import { SubjectListeners } from './subject-listeners';
import { SubjectReferences } from './subject-references';
import { SubjectsService } from './subjects.service';

@Module({
  imports: [UsersModule, OrganizationsModule, VendorsModule],
  providers: [
    SubjectsService,
    SubjectReferences,
    SubjectListeners,
    SubjectsResolver,
    SubjectReaders,
    OutsourcingContractFieldsResolver,
    CloudServiceFieldsResolver,
    SocialMediaAccountFieldsResolver,
    SubjectLoader,
  ],
  exports: [SubjectLoader, SubjectsService],
})
export class SubjectsModule {}
