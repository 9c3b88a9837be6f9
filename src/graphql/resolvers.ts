import { AuditResolver } from '../audit/audit.resolver';
import { AuthResolver } from '../auth/auth.resolver';
import { SignInLocksResolver } from '../auth/sign-in-locks.resolver';
import { OrganizationsResolver } from '../organizations/organizations.resolver';
import { AuditEventActorResolver } from '../users/audit-event-actor.resolver';
import { UsersResolver } from '../users/users.resolver';
import { VendorsResolver } from '../vendors/vendors.resolver';
import { ComplianceResolver } from '../compliance/compliance.resolver';
import { EvidenceResolver, EvidenceVersionPeopleResolver, RequirementStatusPeopleResolver } from '../compliance/evidence.resolver';
import { SubjectComplianceResolver } from '../compliance/subject-compliance.resolver';
import { RequirementsResolver } from '../requirements/requirements.resolver';
import {
  CloudServiceFieldsResolver,
  OutsourcingContractFieldsResolver,
  SocialMediaAccountFieldsResolver,
} from '../subjects/subject-fields.resolver';
import { SubjectsResolver } from '../subjects/subjects.resolver';
import { ReviewsResolver } from '../reviews/reviews.resolver';
import { SubjectReviewsResolver } from '../reviews/subject-reviews.resolver';
import { NotificationReviewResolver } from '../reviews/notification-review.resolver';
import { NotificationsResolver } from '../notifications/notifications.resolver';

/** Every resolver class: what graphql/schema.graphql is generated from (a test checks it matches the app). */
export const RESOLVERS = [
  AuthResolver,
  SignInLocksResolver,
  OrganizationsResolver,
  UsersResolver,
  VendorsResolver,
  AuditResolver,
  AuditEventActorResolver,
  ComplianceResolver,
  EvidenceResolver,
  RequirementStatusPeopleResolver,
  EvidenceVersionPeopleResolver,
  RequirementsResolver,
  SubjectsResolver,
  OutsourcingContractFieldsResolver,
  CloudServiceFieldsResolver,
  SocialMediaAccountFieldsResolver,
  SubjectComplianceResolver,
  ReviewsResolver,
  SubjectReviewsResolver,
  NotificationsResolver,
  NotificationReviewResolver,
];
