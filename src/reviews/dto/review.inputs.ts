import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DateScalar, IsCalendarDate } from '../../common/date-scalar';
import { PageArgs } from '../../common/pagination';
import { SubjectKind } from '../../domain/subject.enums';
import { ReviewAnswerResult, ReviewStatus } from '../review.model';
import { MaxChars, MultiLineText, SingleLineText } from '../../common/text-validation';
import { ARRAY_MAX_SIZE, IS_BOOLEAN, IS_KNOWN_VALUE, IS_LIST, IS_NESTED, IS_TEXT, MAX_LENGTH } from '../../common/validation-messages';

/** The most reminders a review policy sends before a due date. */
export const MAX_REMINDERS = 5;

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class ReviewFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) subjectId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) assigneeId?: string;
  @Field({ nullable: true, description: "No active assignee: the security officers' queue" })
  @IsOptional()
  @IsBoolean(IS_BOOLEAN)
  unassigned?: boolean;
  @Field({ nullable: true, description: 'Assigned to the caller' }) @IsOptional() @IsBoolean(IS_BOOLEAN) mine?: boolean;
  @Field(() => ReviewStatus, { nullable: true }) @IsOptional() @IsEnum(ReviewStatus, IS_KNOWN_VALUE) status?: ReviewStatus;
  @Field({ nullable: true }) @IsOptional() @IsBoolean(IS_BOOLEAN) overdue?: boolean;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() @IsCalendarDate() dueBefore?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) campaignId?: string;
}

@ArgsType()
export class ReviewsArgs extends PageArgs {
  @Field(() => ReviewFilter, { nullable: true })
  @IsOptional()
  @ValidateNested(IS_NESTED)
  @Type(() => ReviewFilter)
  filter?: ReviewFilter;
}

@InputType()
export class ReviewAnswerInput {
  @Field() @IsString(IS_TEXT) @MaxChars(64, MAX_LENGTH) @SingleLineText() requirementCode: string;
  @Field(() => ReviewAnswerResult) @IsEnum(ReviewAnswerResult, IS_KNOWN_VALUE) result: ReviewAnswerResult;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(10000, MAX_LENGTH)
  @MultiLineText()
  note?: string | null;
}

@InputType()
export class CompleteReviewInput {
  @Field(() => ID) @IsString(IS_TEXT) reviewId: string;
  @Field({ description: 'The owner confirms they are still responsible' }) @IsBoolean(IS_BOOLEAN) ownerConfirmed: boolean;
  @Field(() => [ReviewAnswerInput], { description: 'One per applicable requirement' })
  @IsArray(IS_LIST)
  @ArrayMaxSize(200, ARRAY_MAX_SIZE)
  @ValidateNested({ each: true, ...IS_NESTED })
  @Type(() => ReviewAnswerInput)
  answers: ReviewAnswerInput[];
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(10000, MAX_LENGTH)
  @MultiLineText()
  comment?: string | null;
}

@InputType()
export class CreateReviewInput {
  @Field(() => ID) @IsString(IS_TEXT) subjectId: string;
  @Field(() => DateScalar) @IsCalendarDate() dueDate: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) assigneeId?: string | null;
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(10000, MAX_LENGTH)
  @MultiLineText()
  comment?: string | null;
}

@InputType()
export class StartReviewCampaignInput {
  @Field()
  @Transform(trimmed)
  @IsString(IS_TEXT)
  @IsNotEmpty({ message: 'キャンペーン名を入力してください。' })
  @MaxChars(200, MAX_LENGTH)
  @SingleLineText()
  name: string;
  @Field(() => SubjectKind, { nullable: true }) @IsOptional() @IsEnum(SubjectKind, IS_KNOWN_VALUE) subjectKind?: SubjectKind | null;
  @Field(() => DateScalar) @IsCalendarDate() dueDate: string;
}

const MONTHS = { message: '1〜60 の整数で指定してください。' };
const DAYS = { message: '0〜365 の整数で指定してください。' };

@InputType()
export class UpdateReviewPolicyInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt(MONTHS) @Min(1, MONTHS) @Max(60, MONTHS) highIntervalMonths?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt(MONTHS) @Min(1, MONTHS) @Max(60, MONTHS) mediumIntervalMonths?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt(MONTHS) @Min(1, MONTHS) @Max(60, MONTHS) lowIntervalMonths?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt(DAYS) @Min(0, DAYS) @Max(365, DAYS) initialReviewDays?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt(DAYS) @Min(0, DAYS) @Max(365, DAYS) renewalLeadDays?: number;
  @Field(() => [Int], { nullable: true })
  @IsOptional()
  @IsArray(IS_LIST)
  @ArrayMaxSize(MAX_REMINDERS, { message: `リマインダーは${MAX_REMINDERS}つまでです。` })
  @IsInt({ each: true, ...DAYS })
  @Min(0, { each: true, ...DAYS })
  @Max(365, { each: true, ...DAYS })
  reminderDaysBefore?: number[];
  @Field(() => Int, { nullable: true }) @IsOptional() @IsInt(DAYS) @Min(0, DAYS) @Max(365, DAYS) escalateAfterDays?: number;
}

/** Emptiness of a reason is the service's to refuse, in its own words. */
@ArgsType()
export class RescheduleReviewArgs {
  @Field(() => ID) @IsString(IS_TEXT) id: string;
  @Field(() => DateScalar) @IsCalendarDate() dueDate: string;
  @Field() @IsString(IS_TEXT) @MaxChars(1000, MAX_LENGTH) @MultiLineText() reason: string;
}

@ArgsType()
export class CancelReviewArgs {
  @Field(() => ID) @IsString(IS_TEXT) id: string;
  @Field() @IsString(IS_TEXT) @MaxChars(1000, MAX_LENGTH) @MultiLineText() reason: string;
}
