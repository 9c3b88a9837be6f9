import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO31661Alpha2,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationArguments,
} from 'class-validator';
import { DateScalar, IsCalendarDate } from '../../common/date-scalar';
import { MaxChars, MultiLineText, SingleLineText } from '../../common/text-validation';
import { PageArgs } from '../../common/pagination';
import { ruleProblems, SubjectFacts } from '../subject-rules';
import { CloudUsageType, NetworkSegment, SocialMediaPlatform, SubjectKind, SubjectStatus } from '../../domain/subject.enums';
import { ComplianceStatus } from '../../domain/compliance.enums';
import {
  ARRAY_MAX_SIZE,
  EXPECTED_VERSION,
  IS_BOOLEAN,
  IS_KNOWN_VALUE,
  IS_NESTED,
  IS_TEXT,
  MAX_LENGTH,
} from '../../common/validation-messages';

/** The most subcontractors of a contract and data locations of a cloud service: the API and the ledger import both validate with these inputs. */
export const MAX_SUBCONTRACTORS = 50;
export const MAX_DATA_LOCATIONS = 50;

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };
const URL_MESSAGE = { message: 'URL は http:// または https:// で始まる形式で入力してください。' };
const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const upperCased = ({ value }: { value: unknown }): unknown =>
  Array.isArray(value) ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v)) : value;

const LEVEL_1_3 = '1〜3 の整数で指定してください。';
const LEVEL_1_2 = '1〜2 の整数で指定してください。';

function Name(): PropertyDecorator {
  return (target, key) => {
    Transform(trimmed)(target, key);
    IsString(IS_TEXT)(target, key);
    IsNotEmpty({ message: '名称を入力してください。' })(target, key);
    MaxChars(200, { message: '名称は200文字以内で入力してください。' })(target, key);
    SingleLineText()(target, key);
  };
}

function Level(max: 2 | 3): PropertyDecorator {
  return (target, key) => {
    IsInt({ message: max === 3 ? LEVEL_1_3 : LEVEL_1_2 })(target, key);
    Min(1, { message: max === 3 ? LEVEL_1_3 : LEVEL_1_2 })(target, key);
    Max(max, { message: max === 3 ? LEVEL_1_3 : LEVEL_1_2 })(target, key);
  };
}

function Url(): PropertyDecorator {
  return (target, key) => {
    Transform(trimmed)(target, key);
    IsUrl(URL_OPTIONS, URL_MESSAGE)(target, key);
    MaxChars(2000, MAX_LENGTH)(target, key);
    SingleLineText()(target, key);
  };
}

/** A free text of at most `max` characters: one line, or several (`multiLine`) for a purpose or a policy. */
function Text(max: number, lines: 'single-line' | 'multi-line'): PropertyDecorator {
  return (target, key) => {
    Transform(trimmed)(target, key);
    IsString(IS_TEXT)(target, key);
    MaxChars(max, { message: `${max}文字以内で入力してください。` })(target, key);
    (lines === 'multi-line' ? MultiLineText() : SingleLineText())(target, key);
  };
}

function DataLocations(): PropertyDecorator {
  return (target, key) => {
    Transform(upperCased)(target, key);
    ArrayMaxSize(MAX_DATA_LOCATIONS, ARRAY_MAX_SIZE)(target, key);
    SingleLineText({ each: true })(target, key);
    IsISO31661Alpha2({ each: true, message: 'データ保存場所は ISO 3166-1 の2文字の国コード（例: JP）で指定してください。' })(target, key);
  };
}

/**
 * A field that a rule between fields can refuse (subject-rules.ts), checked here with every other
 * field so that one answer names every bad field; the service checks an update against what it stores.
 */
function FollowsSubjectRules(): PropertyDecorator {
  const problemOf = (args?: ValidationArguments) =>
    args ? ruleProblems(args.object as SubjectFacts).find((problem) => problem.field === args.property) : undefined;
  return ValidateBy(
    { name: 'subjectRules', validator: { validate: (_value, args) => problemOf(args) === undefined } },
    { message: (args) => problemOf(args)?.message ?? '他の項目との組合せが正しくありません。' },
  );
}

@InputType()
export class CreateOutsourcingContractInput {
  @Field() @Name() name: string;
  @Field(() => ID) @IsString(IS_TEXT) vendorId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) ownerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) departmentId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Text(100, 'single-line') contractNumber?: string | null;
  @Field(() => DateScalar) @IsCalendarDate() startDate: string;
  @Field(() => DateScalar, { nullable: true, description: 'Not before startDate' })
  @IsOptional()
  @IsCalendarDate()
  @FollowsSubjectRules()
  endDate?: string | null;
  @Field(() => Int) @Level(3) confidentiality: number;
  @Field(() => Int) @Level(2) integrity: number;
  @Field(() => Int) @Level(2) availability: number;
  @Field(() => NetworkSegment) @IsEnum(NetworkSegment, IS_KNOWN_VALUE) networkSegment: NetworkSegment;
  @Field({ description: 'Must be true when handlesMyNumber is true (My Number data is personal information)' })
  @IsBoolean(IS_BOOLEAN)
  @FollowsSubjectRules()
  handlesPersonalInformation: boolean;
  @Field() @IsBoolean(IS_BOOLEAN) handlesMyNumber: boolean;
  @Field() @IsBoolean(IS_BOOLEAN) subcontractingAllowed: boolean;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_SUBCONTRACTORS, ARRAY_MAX_SIZE)
  @IsString({ each: true, ...IS_TEXT })
  subcontractorIds?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Text(500, 'single-line') workLocation?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'A confirmation done before registration; the next review follows from it' })
  @IsOptional()
  @IsCalendarDate()
  lastReviewedOn?: string | null;
}

@InputType()
export class UpdateOutsourcingContractInput {
  @Field(() => Int) @IsInt(EXPECTED_VERSION) @Min(1, EXPECTED_VERSION) expectedVersion: number;
  @Field({ nullable: true }) @IsOptional() @Name() name?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) ownerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) departmentId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Text(100, 'single-line') contractNumber?: string | null;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() @IsCalendarDate() startDate?: string;
  @Field(() => DateScalar, { nullable: true, description: 'Not before startDate' })
  @IsOptional()
  @IsCalendarDate()
  @FollowsSubjectRules()
  endDate?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Level(3) confidentiality?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Level(2) integrity?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Level(2) availability?: number;
  @Field(() => NetworkSegment, { nullable: true }) @IsOptional() @IsEnum(NetworkSegment, IS_KNOWN_VALUE) networkSegment?: NetworkSegment;
  @Field({ nullable: true, description: 'Must be true when handlesMyNumber is true (My Number data is personal information)' })
  @IsOptional()
  @IsBoolean(IS_BOOLEAN)
  @FollowsSubjectRules()
  handlesPersonalInformation?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean(IS_BOOLEAN) handlesMyNumber?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean(IS_BOOLEAN) subcontractingAllowed?: boolean;
  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_SUBCONTRACTORS, ARRAY_MAX_SIZE)
  @IsString({ each: true, ...IS_TEXT })
  subcontractorIds?: string[] | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Text(500, 'single-line') workLocation?: string | null;
}

@InputType()
export class CreateCloudServiceInput {
  @Field() @Name() name: string;
  @Field(() => ID) @IsString(IS_TEXT) vendorId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) ownerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) departmentId?: string | null;
  @Field(() => CloudUsageType) @IsEnum(CloudUsageType, IS_KNOWN_VALUE) usageType: CloudUsageType;
  @Field() @Text(2000, 'multi-line') @IsNotEmpty({ message: '利用目的を入力してください。' }) purpose: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Url() serviceUrl?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @DataLocations() dataLocations?: string[] | null;
  @Field(() => NetworkSegment, { nullable: true, description: 'Default INTERNET' })
  @IsOptional()
  @IsEnum(NetworkSegment, IS_KNOWN_VALUE)
  networkSegment?: NetworkSegment;
  @Field({ description: 'Must be true when handlesMyNumber is true (My Number data is personal information)' })
  @IsBoolean(IS_BOOLEAN)
  @FollowsSubjectRules()
  handlesPersonalInformation: boolean;
  @Field(() => Boolean, { nullable: true, description: 'Default false' }) @IsOptional() @IsBoolean(IS_BOOLEAN) handlesMyNumber?: boolean;
  @Field(() => Int) @Level(3) confidentiality: number;
  @Field(() => Int) @Level(2) integrity: number;
  @Field(() => Int) @Level(2) availability: number;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() @IsCalendarDate() lastReviewedOn?: string | null;
}

@InputType()
export class UpdateCloudServiceInput {
  @Field(() => Int) @IsInt(EXPECTED_VERSION) @Min(1, EXPECTED_VERSION) expectedVersion: number;
  @Field({ nullable: true }) @IsOptional() @Name() name?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) ownerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) departmentId?: string | null;
  @Field(() => CloudUsageType, { nullable: true }) @IsOptional() @IsEnum(CloudUsageType, IS_KNOWN_VALUE) usageType?: CloudUsageType;
  @Field({ nullable: true })
  @IsOptional()
  @Text(2000, 'multi-line')
  @IsNotEmpty({ message: '利用目的を入力してください。' })
  purpose?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @Url() serviceUrl?: string | null;
  @Field(() => [String], { nullable: true }) @IsOptional() @DataLocations() dataLocations?: string[] | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Level(3) confidentiality?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Level(2) integrity?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Level(2) availability?: number;
  @Field(() => NetworkSegment, { nullable: true }) @IsOptional() @IsEnum(NetworkSegment, IS_KNOWN_VALUE) networkSegment?: NetworkSegment;
  @Field({ nullable: true, description: 'Must be true when handlesMyNumber is true (My Number data is personal information)' })
  @IsOptional()
  @IsBoolean(IS_BOOLEAN)
  @FollowsSubjectRules()
  handlesPersonalInformation?: boolean;
  @Field({ nullable: true }) @IsOptional() @IsBoolean(IS_BOOLEAN) handlesMyNumber?: boolean;
}

@InputType()
export class CreateSocialMediaAccountInput {
  @Field() @Name() name: string;
  @Field(() => SocialMediaPlatform) @IsEnum(SocialMediaPlatform, IS_KNOWN_VALUE) platform: SocialMediaPlatform;
  @Field() @Text(200, 'single-line') @IsNotEmpty({ message: 'アカウント名を入力してください。' }) accountName: string;
  @Field() @Url() url: string;
  @Field() @Text(2000, 'multi-line') @IsNotEmpty({ message: '利用目的を入力してください。' }) purpose: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) ownerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) departmentId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Text(10000, 'multi-line') postingPolicy?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Url() operatingProcedureUrl?: string | null;
  @Field(() => Int, { nullable: true, description: 'Default 1; 2 when the account carries e.g. disaster information' })
  @IsOptional()
  @Level(2)
  availability?: number;
  @Field(() => DateScalar, { nullable: true }) @IsOptional() @IsCalendarDate() lastReviewedOn?: string | null;
}

@InputType()
export class UpdateSocialMediaAccountInput {
  @Field(() => Int) @IsInt(EXPECTED_VERSION) @Min(1, EXPECTED_VERSION) expectedVersion: number;
  @Field({ nullable: true }) @IsOptional() @Name() name?: string;
  @Field(() => SocialMediaPlatform, { nullable: true })
  @IsOptional()
  @IsEnum(SocialMediaPlatform, IS_KNOWN_VALUE)
  platform?: SocialMediaPlatform;
  @Field({ nullable: true })
  @IsOptional()
  @Text(200, 'single-line')
  @IsNotEmpty({ message: 'アカウント名を入力してください。' })
  accountName?: string;
  @Field({ nullable: true }) @IsOptional() @Url() url?: string;
  @Field({ nullable: true })
  @IsOptional()
  @Text(2000, 'multi-line')
  @IsNotEmpty({ message: '利用目的を入力してください。' })
  purpose?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) ownerId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) departmentId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Text(10000, 'multi-line') postingPolicy?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @Url() operatingProcedureUrl?: string | null;
  @Field(() => Int, { nullable: true }) @IsOptional() @Level(2) availability?: number;
}

@InputType()
export class SubjectFilter {
  @Field(() => SubjectKind, { nullable: true }) @IsOptional() @IsEnum(SubjectKind, IS_KNOWN_VALUE) kind?: SubjectKind;
  @Field(() => SubjectStatus, { nullable: true, description: 'Default ACTIVE' })
  @IsOptional()
  @IsEnum(SubjectStatus, IS_KNOWN_VALUE)
  status?: SubjectStatus;
  @Field(() => ComplianceStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ComplianceStatus, IS_KNOWN_VALUE)
  complianceStatus?: ComplianceStatus;
  @Field({ nullable: true }) @IsOptional() @IsString(IS_TEXT) @MaxChars(64, MAX_LENGTH) @SingleLineText() findingCode?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) ownerId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) departmentId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString(IS_TEXT) vendorId?: string;
  @Field({ nullable: true, description: 'Case-insensitive match on name (and vendor name, account name)' })
  @IsOptional()
  @IsString(IS_TEXT)
  @MaxChars(200, MAX_LENGTH)
  @SingleLineText({ requireVisible: false })
  search?: string;
}

@ArgsType()
export class SubjectsArgs extends PageArgs {
  @Field(() => SubjectFilter, { nullable: true })
  @IsOptional()
  @ValidateNested(IS_NESTED)
  @Type(() => SubjectFilter)
  filter?: SubjectFilter;
}

@ArgsType()
export class ArchiveSubjectArgs {
  @Field(() => ID) @IsString(IS_TEXT) id: string;
  /** Emptiness is the service's to refuse, in its own words. */
  @Field() @IsString(IS_TEXT) @MaxChars(1000, MAX_LENGTH) @MultiLineText() reason: string;
}
