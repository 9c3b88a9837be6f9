import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateScalar } from '../common/date-scalar';
import { Lazy } from '../common/lazy';
import { SubjectModel } from '../subjects/subject.model';
import { SubjectKind } from '../domain/subject.enums';
import { UserModel } from '../users/user.model';
import { ReviewAnswerResult, ReviewKind, ReviewOutcome, ReviewStatus } from './review.enums';

export { ReviewAnswerResult, ReviewKind, ReviewOutcome, ReviewStatus };

// The review types of the contract. The registers expose `Subject.reviews` and `nextReview`; the
// review calendar that creates reviews comes with the reviews feature (issue 4).

@ObjectType('ReviewAnswer')
export class ReviewAnswerModel {
  @Field()
  requirementCode: string;

  @Field(() => ReviewAnswerResult)
  result: ReviewAnswerResult;

  @Field(() => String, { nullable: true })
  note: string | null;
}

@ObjectType('ReviewCampaign')
export class ReviewCampaignModel {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => SubjectKind, { nullable: true })
  subjectKind: SubjectKind | null;

  @Field(() => DateScalar)
  dueDate: string;

  @Field(() => Int)
  total: number;

  @Field(() => Int)
  completed: number;

  @Field(() => Int)
  overdue: number;
}

@ObjectType('Review')
export class ReviewModel {
  @Field(() => ID)
  id: string;

  @Field(() => SubjectModel)
  subject?: Lazy<SubjectModel>;

  @Field(() => ReviewKind)
  kind: ReviewKind;

  @Field(() => DateScalar)
  dueDate: string;

  @Field(() => ReviewStatus)
  status: ReviewStatus;

  @Field({ description: 'OPEN and dueDate before today' })
  overdue: boolean;

  @Field(() => UserModel, { nullable: true })
  assignee?: UserModel | null;

  @Field(() => UserModel, { nullable: true })
  completedBy?: UserModel | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => Boolean, { nullable: true })
  ownerConfirmed: boolean | null;

  @Field(() => ReviewOutcome, { nullable: true })
  outcome: ReviewOutcome | null;

  @Field(() => [ReviewAnswerModel])
  answers: ReviewAnswerModel[];

  @Field(() => String, { nullable: true })
  comment: string | null;

  @Field(() => ReviewCampaignModel, { nullable: true })
  campaign?: ReviewCampaignModel | null;

  organizationId: string;
  subjectId: string;
  assigneeId: string | null;
  completedById: string | null;
  campaignId: string | null;
}

@ObjectType('ReviewPolicy')
export class ReviewPolicyModel {
  @Field(() => Int, { description: 'Default 6' })
  highIntervalMonths: number;

  @Field(() => Int, { description: 'Default 12' })
  mediumIntervalMonths: number;

  @Field(() => Int, { description: 'Default 24' })
  lowIntervalMonths: number;

  @Field(() => Int, { description: 'Default 30: first review due this many days after registration' })
  initialReviewDays: number;

  @Field(() => Int, { description: "Default 60: a RENEWAL review opens this many days before a contract's endDate, due on the endDate" })
  renewalLeadDays: number;

  @Field(() => [Int], { description: 'Default [14, 3]' })
  reminderDaysBefore: number[];

  @Field(() => Int, { description: 'Default 7: overdue this long notifies the security officers' })
  escalateAfterDays: number;
}
