import { AuditEventEntity } from '../audit/audit-event.entity';
import { EvidenceVersionEntity } from '../compliance/evidence-version.entity';
import { SubjectFindingEntity } from '../compliance/subject-finding.entity';
import { RequirementEntity, RequirementSettingEntity } from '../requirements/requirement.entity';
import {
  CloudServiceEntity,
  ContractSubcontractorEntity,
  OutsourcingContractEntity,
  SocialMediaAccountEntity,
} from '../subjects/subject-details.entity';
import { SubjectEntity } from '../subjects/subject.entity';
import { ReviewCampaignEntity, ReviewEntity, ReviewPolicyEntity } from '../reviews/review.entity';
import { EmailOutboxEntity } from '../notifications/email-outbox.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { LedgerImportJobEntity } from '../ledgers/ledger-import-job.entity';
import { SessionEntity } from '../auth/session.entity';
import { ServerSecretEntity, SignInThrottleEntity } from '../auth/sign-in-throttle.entity';
import { DepartmentEntity } from '../organizations/department.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { UserEntity } from '../users/user.entity';
import { VendorCertificationEntity } from '../vendors/vendor-certification.entity';
import { VendorEntity } from '../vendors/vendor.entity';

export const ENTITIES = [
  OrganizationEntity,
  DepartmentEntity,
  UserEntity,
  SessionEntity,
  SignInThrottleEntity,
  ServerSecretEntity,
  VendorEntity,
  VendorCertificationEntity,
  AuditEventEntity,
  SubjectEntity,
  OutsourcingContractEntity,
  ContractSubcontractorEntity,
  CloudServiceEntity,
  SocialMediaAccountEntity,
  RequirementEntity,
  RequirementSettingEntity,
  EvidenceVersionEntity,
  SubjectFindingEntity,
  ReviewPolicyEntity,
  ReviewCampaignEntity,
  ReviewEntity,
  NotificationEntity,
  EmailOutboxEntity,
  LedgerImportJobEntity,
];
