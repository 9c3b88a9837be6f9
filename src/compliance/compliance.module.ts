import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { ComplianceLoader } from './compliance.loader';
import { ComplianceResolver } from './compliance.resolver';
import { ComplianceSummaryService } from './compliance-summary.service';
import { EvidenceResolver, EvidenceVersionPeopleResolver, RequirementStatusPeopleResolver } from './evidence.resolver';
import { EvidenceTargets } from './evidence-targets';
import { EvidenceService } from './evidence.service';
import { SubjectComplianceResolver } from './subject-compliance.resolver';

@Module({
  imports: [UsersModule],
  providers: [
    ComplianceLoader,
    EvidenceService,
    EvidenceTargets,
    EvidenceResolver,
    RequirementStatusPeopleResolver,
    EvidenceVersionPeopleResolver,
    ComplianceSummaryService,
    ComplianceResolver,
    SubjectComplianceResolver,
  ],
  exports: [ComplianceLoader, EvidenceService],
})
export class ComplianceModule {}
