import { registerEnumType } from '@nestjs/graphql';
import { Role } from '../common/role';
import { ReviewAnswerResult, ReviewKind, ReviewOutcome, ReviewStatus } from '../reviews/review.enums';
import { CloudUsageType, NetworkSegment, RiskTier, SocialMediaPlatform, SubjectKind, SubjectStatus } from '../domain/subject.enums';
import { ComplianceStatus, EvidenceDecision, EvidenceState } from '../domain/compliance.enums';
import { CertificationType } from '../vendors/certification-type.enum';

/*
 * Enums are plain TypeScript beside the rules that use them; the GraphQL layer registers them here,
 * once, before any schema is built (imported by graphql-options.ts and generate-schema.ts).
 */
registerEnumType(Role, { name: 'Role' });
registerEnumType(SubjectKind, { name: 'SubjectKind' });
registerEnumType(SubjectStatus, { name: 'SubjectStatus' });
registerEnumType(NetworkSegment, { name: 'NetworkSegment' });
registerEnumType(CloudUsageType, { name: 'CloudUsageType' });
registerEnumType(SocialMediaPlatform, { name: 'SocialMediaPlatform' });
registerEnumType(RiskTier, { name: 'RiskTier' });
registerEnumType(ComplianceStatus, { name: 'ComplianceStatus' });
registerEnumType(EvidenceState, { name: 'EvidenceState' });
registerEnumType(EvidenceDecision, { name: 'EvidenceDecision' });
registerEnumType(CertificationType, { name: 'CertificationType' });
registerEnumType(ReviewKind, { name: 'ReviewKind' });
registerEnumType(ReviewStatus, { name: 'ReviewStatus' });
registerEnumType(ReviewAnswerResult, { name: 'ReviewAnswerResult' });
registerEnumType(ReviewOutcome, { name: 'ReviewOutcome' });
