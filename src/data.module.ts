import { Global, Module } from '@nestjs/common';
import { AuditRepository } from './audit/audit.repository';
import { SessionsRepository } from './auth/sessions.repository';
import { SignInThrottlesRepository } from './auth/sign-in-throttles.repository';
import { ComplianceSummaryRepository } from './compliance/compliance-summary.repository';
import { EvidenceRepository } from './compliance/evidence.repository';
import { FindingsRepository } from './compliance/findings.repository';
import { OrganizationsRepository } from './organizations/organizations.repository';
import { RequirementsRepository } from './requirements/requirements.repository';
import { ReviewsRepository } from './reviews/reviews.repository';
import { NotificationsRepository } from './notifications/notifications.repository';
import { JobsRepository } from './jobs/jobs.repository';
import { SubjectsRepository } from './subjects/subjects.repository';
import { UsersRepository } from './users/users.repository';
import { VendorsRepository } from './vendors/vendors.repository';

/**
 * The data layer: one repository per aggregate, each holding every query of it and filtering on the
 * context's organization. Global, so that a feature reads another's data through its repository
 * without a knot of module imports.
 */
const REPOSITORIES = [
  AuditRepository,
  SubjectsRepository,
  VendorsRepository,
  RequirementsRepository,
  EvidenceRepository,
  FindingsRepository,
  ComplianceSummaryRepository,
  UsersRepository,
  SessionsRepository,
  SignInThrottlesRepository,
  OrganizationsRepository,
  ReviewsRepository,
  NotificationsRepository,
  JobsRepository,
];

@Global()
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class DataModule {}
