import { Field, Int, ObjectType } from '@nestjs/graphql';
import { RequirementModel } from '../requirements/requirement.model';
import { SubjectKind } from '../domain/subject.enums';
import { ComplianceStatus, EvidenceState } from '../domain/compliance.enums';
import { UserModel } from '../users/user.model';

@ObjectType('Finding')
export class FindingModel {
  @Field({
    description:
      'OWNER_MISSING, REQUIREMENT_NOT_RECORDED, REQUIREMENT_ABSENT, REQUIREMENT_REJECTED, REQUIREMENT_PENDING_REVIEW, REVIEW_OVERDUE, CERTIFICATION_EXPIRED, TOS_SERVICE_WITH_CONFIDENTIAL_DATA, CONTRACT_ENDED',
  })
  code: string;

  @Field(() => String, { nullable: true })
  requirementCode: string | null;

  @Field({ description: 'Japanese' })
  message: string;
}

@ObjectType('Compliance')
export class ComplianceModel {
  @Field(() => ComplianceStatus)
  status: ComplianceStatus;

  @Field(() => [FindingModel])
  findings: FindingModel[];
}

/** Fields shared by the current status and each version; recordedBy/decidedBy resolve from the ids. */
@ObjectType({ isAbstract: true })
export abstract class EvidenceFields {
  @Field(() => EvidenceState)
  state: EvidenceState;

  @Field(() => String, { nullable: true })
  reference: string | null;

  @Field(() => String, { nullable: true })
  documentUrl: string | null;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field(() => String, { nullable: true })
  justification: string | null;

  @Field(() => UserModel, { nullable: true })
  recordedBy?: UserModel | null;

  recordedById: string | null;

  @Field(() => Date, { nullable: true })
  recordedAt: Date | null;

  @Field(() => UserModel, { nullable: true })
  decidedBy?: UserModel | null;

  decidedById: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true })
  decisionComment: string | null;

  organizationId: string;
}

@ObjectType('EvidenceVersion')
export class EvidenceVersionModel extends EvidenceFields {
  @Field(() => Int)
  version: number;
}

@ObjectType('RequirementStatus')
export class RequirementStatusModel extends EvidenceFields {
  @Field(() => RequirementModel)
  requirement: RequirementModel;

  @Field({ description: "Derived from the subject's attributes" })
  applicable: boolean;

  @Field(() => [EvidenceVersionModel], { description: 'Every version, newest first' })
  history: EvidenceVersionModel[];
}

@ObjectType('KindSummary')
export class KindSummaryModel {
  @Field(() => SubjectKind)
  kind: SubjectKind;

  @Field(() => Int)
  total: number;

  @Field(() => Int)
  compliant: number;

  @Field(() => Int)
  pendingReview: number;

  @Field(() => Int)
  nonCompliant: number;
}

@ObjectType('FindingCount')
export class FindingCountModel {
  @Field()
  code: string;

  @Field(() => Int)
  count: number;
}

@ObjectType('ComplianceSummary')
export class ComplianceSummaryModel {
  @Field(() => Int)
  total: number;

  @Field(() => Int)
  compliant: number;

  @Field(() => Int)
  pendingReview: number;

  @Field(() => Int)
  nonCompliant: number;

  @Field(() => [KindSummaryModel])
  byKind: KindSummaryModel[];

  @Field(() => [FindingCountModel])
  byFinding: FindingCountModel[];

  @Field(() => Int)
  overdueReviews: number;

  @Field(() => Int)
  reviewsDueWithin30Days: number;

  @Field(() => Int)
  certificationsExpiringWithin90Days: number;
}
